"""Validate regua's profiles and risk score on the UCI "Default of Credit Card Clients" data.

Plain script, not a test: ``python benchmarks/uci_profiles.py [path/to/the.csv]`` (default:
``../shared/data/uci_credit_card_clients.csv`` next to the repository).

Data: Yeh, I-C. and Lien, C-H. (2009), Expert Systems with Applications 36(2):2473-2480; UCI
Machine Learning Repository, dataset 350 (CC BY 4.0). 30,000 card clients, repayment status for
April-September 2005 (``PAY_6`` .. ``PAY_0``) and whether they defaulted in October 2005.

The conversion is ``regua.uci``'s: each client becomes six monthly invoices due on the 15th,
April to September 2005. Status
``k >= 1`` ("payment delayed k months") means the bill was paid k months after its due date
(``due + k months``, i.e. roughly k x 30 days); any other status (-2, -1, 0) means paid on the
due date. A payment dated after ``as_of`` is simply not known: that invoice is still open.

``as_of`` is 2005-09-30, the last day of the observed period: it is after every status was
recorded (September's included) and before October, the month whose default we predict, so no
fact from the outcome month leaks in. With due dates on the 15th, an invoice is open at as_of
exactly when its delay reaches past September (September's with k >= 1, August's with k >= 2,
July's with k >= 3 ...), i.e. when the client is still behind on it at the end of the data.

Reported: clients and default rate per profile, and the ROC AUC of ``score`` for predicting
default, next to the baseline "number of late months" (AUC by the rank-sum formula, average
ranks for ties; no sklearn). Required: good < one_off < occasional < recurring by default rate,
and AUC(score) >= AUC(baseline). Also timed: the same 180,000 invoices, in reverse client order,
through ``classify_portfolio``, which must give the same profiles.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from regua.models import Profile
from regua.scoring import ProfilePolicy, classify, classify_portfolio, score_result
from regua.uci import AS_OF, STATUS_COLUMNS, client_invoices

__all__ = ["AS_OF", "DEFAULT_PATH", "STATUS_COLUMNS", "client_invoices", "read_clients", "roc_auc"]

DEFAULT_PATH = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "uci_credit_card_clients.csv"
)


def read_clients(path: Path) -> Iterator[tuple[str, list[int], int]]:
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            statuses = [int(row[column]) for column in STATUS_COLUMNS]
            yield row["ID"], statuses, int(row["DEFAULT_PAYMENT_NEXT_MONTH"])


def roc_auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Mann-Whitney AUC: (sum of positive ranks - n1(n1+1)/2) / (n1 n0), ties get mean ranks."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum = sum(r for r, label in zip(ranks, labels, strict=True) if label)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    policy = ProfilePolicy()
    counts = dict.fromkeys(Profile, 0)
    defaults = dict.fromkeys(Profile, 0)
    scores: list[float] = []
    baseline: list[float] = []
    labels: list[int] = []
    started = time.perf_counter()
    for client_id, statuses, defaulted in read_clients(args.csv):
        result = classify(client_invoices(client_id, statuses), as_of=AS_OF, policy=policy)
        counts[result.profile] += 1
        defaults[result.profile] += defaulted
        scores.append(float(score_result(result, policy=policy).score))
        baseline.append(sum(1 for s in statuses if s >= 1))
        labels.append(defaulted)
    elapsed = time.perf_counter() - started

    print(f"{len(labels)} clients, {sum(labels)} defaults, as_of {AS_OF}, {elapsed:.1f} s")
    print(f"{'profile':<12}{'clients':>9}{'share':>9}{'defaults':>10}{'rate':>9}")
    rates = []
    for profile in Profile:
        n, d = counts[profile], defaults[profile]
        rate = d / n if n else float("nan")
        rates.append(rate)
        print(f"{profile.value:<12}{n:>9}{n / len(labels):>9.1%}{d:>10}{rate:>9.1%}")
    auc_score, auc_base = roc_auc(scores, labels), roc_auc(baseline, labels)
    print(f"ROC AUC score {auc_score:.4f}  vs  count of late months {auc_base:.4f}")
    ordered = all(a < b for a, b in itertools.pairwise(rates))
    print(f"profiles strictly ordered by default rate: {ordered}")
    print(f"score AUC >= baseline: {auc_score >= auc_base}")

    clients = list(read_clients(args.csv))
    started = time.perf_counter()
    invoices = [i for cid, statuses, _ in reversed(clients) for i in client_invoices(cid, statuses)]
    built = time.perf_counter() - started
    started = time.perf_counter()
    table = classify_portfolio(iter(invoices), as_of=AS_OF, policy=policy)
    elapsed = time.perf_counter() - started
    same = dict.fromkeys(Profile, 0)
    for row in table:
        same[row.profile] += 1
    agrees = same == counts
    print(
        f"classify_portfolio: {len(invoices)} invoices (built in {built:.1f} s) classified in "
        f"{elapsed:.1f} s ({len(invoices) / elapsed:,.0f} invoices/s), same profiles: {agrees}"
    )
    return 0 if ordered and auc_score >= auc_base and agrees else 1


if __name__ == "__main__":
    sys.exit(main())

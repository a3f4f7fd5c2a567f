"""What regua's default credit policy would have decided for the UCI credit-card clients.

Plain script, not a test: ``python benchmarks/uci_credit_policy.py [path/to/the.csv]`` (default:
``../shared/data/uci_credit_card_clients.csv`` next to the repository). The figures it prints
are the ones in ``docs/preventing-delinquency.md``; ``tests/test_uci_credit_policy.py``
recomputes them when the file is there.

Data and conversion as in ``uci_profiles.py`` (whose ``client_invoices`` this reuses): each client
becomes six monthly invoices due on the 15th, April to September 2005; status ``k >= 1`` is paid
``k`` months after its due date, anything else on the due date; ``as_of`` is 2005-09-30, the
end of the observed period, before October, the month whose default (``DEFAULT_PAYMENT_NEXT_
MONTH``) we look at. The default policy (:func:`regua.scoring.default_credit_policy`) runs as
shipped, nothing tuned for this data.

Reported: how many clients each rule took and their default rate in October; the share of
clients restricted (any rule but ``good``); the default rate of the restricted and of the
unrestricted clients, and how many times higher the first is; and the share of October's
defaulted exposure that the restrictions covered, the exposure of a client being their last bill
(``BILL_AMT1``, September's statement; a negative statement, a credit balance, counts as 0).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from uci_profiles import AS_OF, DEFAULT_PATH, STATUS_COLUMNS, client_invoices

from regua.scoring import decide_credit, default_credit_policy

RULES = ("good", "one_off", "occasional", "recurring", "overdue")


@dataclass(frozen=True)
class RuleRow:
    """Clients a rule decided for, and how many of them defaulted in October."""

    rule: str
    clients: int
    defaults: int


@dataclass(frozen=True)
class Summary:
    """The figures of the docs' table."""

    rows: tuple[RuleRow, ...]
    clients: int
    restricted: int
    restricted_defaults: int
    unrestricted_defaults: int
    defaulted_exposure: int
    covered_exposure: int

    @property
    def restricted_rate(self) -> Decimal:
        return _ratio(self.restricted_defaults, self.restricted)

    @property
    def unrestricted_rate(self) -> Decimal:
        return _ratio(self.unrestricted_defaults, self.clients - self.restricted)


def _ratio(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole)


def _percent(value: Decimal) -> str:
    return f"{(100 * value).quantize(Decimal('0.1'), ROUND_HALF_UP)} %"


def _rate(part: int, whole: int) -> str:
    """``part / whole`` as a percentage; "-" for a rate over nobody."""
    return _percent(_ratio(part, whole)) if whole else "-"


def read_clients(path: Path) -> Iterator[tuple[str, list[int], int, int]]:
    """(client id, statuses April..September, defaulted in October, last bill)."""
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            statuses = [int(row[column]) for column in STATUS_COLUMNS]
            # A few cells are written in exponent form ("1e+05"); all are whole dollars.
            bill = int(Decimal(row["BILL_AMT1"]))
            yield row["ID"], statuses, int(row["DEFAULT_PAYMENT_NEXT_MONTH"]), bill


def summarize(path: Path) -> Summary:
    """Decide for every client at ``AS_OF`` and count."""
    policy = default_credit_policy()
    clients = dict.fromkeys(RULES, 0)
    defaults = dict.fromkeys(RULES, 0)
    restricted = restricted_defaults = unrestricted_defaults = 0
    defaulted_exposure = covered_exposure = 0
    for client_id, statuses, defaulted, bill in read_clients(path):
        customer = {"id": client_id, "name": f"client {client_id}", "kind": "consumer"}
        decision = decide_credit(
            policy, customer, client_invoices(client_id, statuses), as_of=AS_OF
        )
        clients[decision.rule] += 1
        defaults[decision.rule] += defaulted
        exposure = max(0, bill)
        if defaulted:
            defaulted_exposure += exposure
        if decision.restricted:
            restricted += 1
            restricted_defaults += defaulted
            covered_exposure += exposure if defaulted else 0
        else:
            unrestricted_defaults += defaulted
    return Summary(
        rows=tuple(RuleRow(rule, clients[rule], defaults[rule]) for rule in RULES),
        clients=sum(clients.values()),
        restricted=restricted,
        restricted_defaults=restricted_defaults,
        unrestricted_defaults=unrestricted_defaults,
        defaulted_exposure=defaulted_exposure,
        covered_exposure=covered_exposure,
    )


def table(summary: Summary) -> str:
    """The Markdown tables of the docs page, exactly."""
    lines = [
        "| rule | clients | share | defaults | default rate |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in summary.rows:
        lines.append(
            f"| {row.rule} | {row.clients:,} | {_percent(_ratio(row.clients, summary.clients))} "
            f"| {row.defaults:,} | {_rate(row.defaults, row.clients)} |"
        )
    unrestricted = summary.clients - summary.restricted
    times = (summary.restricted_rate / summary.unrestricted_rate).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    points = (100 * (summary.restricted_rate - summary.unrestricted_rate)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    covered = _ratio(summary.covered_exposure, summary.defaulted_exposure)
    lines += [
        "",
        "| | clients | share | default rate |",
        "|---|---:|---:|---:|",
        f"| restricted | {summary.restricted:,} "
        f"| {_percent(_ratio(summary.restricted, summary.clients))} "
        f"| {_percent(summary.restricted_rate)} |",
        f"| unrestricted | {unrestricted:,} | {_percent(_ratio(unrestricted, summary.clients))} "
        f"| {_percent(summary.unrestricted_rate)} |",
        "",
        f"Restricted clients defaulted {times} times as often as the others ({points} points",
        f"more); the restrictions covered {_percent(covered)} of October's defaulted exposure",
        f"({summary.covered_exposure:,} of {summary.defaulted_exposure:,} NT$ of last bills).",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = summarize(args.csv)
    elapsed = time.perf_counter() - started
    print(f"{summary.clients} clients decided at {AS_OF} in {elapsed:.1f} s")
    print(table(summary))
    # The claim the docs make: restriction tells the riskier clients apart, clearly.
    clearly = summary.restricted_rate >= 2 * summary.unrestricted_rate
    print(f"restricted default rate at least twice the unrestricted one: {clearly}")
    return 0 if clearly else 1


if __name__ == "__main__":
    sys.exit(main())

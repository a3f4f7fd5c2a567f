"""Risk score: values recomputed by hand from the documented formula."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

from regua.models import Invoice, Profile
from regua.samples import SAMPLE_AS_OF, sample_invoices
from regua.scoring import ProfilePolicy, classify, score, score_portfolio, score_result

AS_OF = date(2026, 3, 31)


def paid(n: int, due: date, delay: int | None) -> Invoice:
    payments = [] if delay is None else [{"date": due + timedelta(days=delay), "amount": "10.00"}]
    return Invoice(id=f"i{n}", customer_id="c1", amount="10.00", due_date=due, payments=payments)


def test_no_lateness_scores_zero() -> None:
    risk = score([paid(1, date(2026, 3, 10), 0)], as_of=AS_OF)
    assert (risk.score, risk.profile) == (Decimal("0.0"), Profile.GOOD)
    assert set(risk.contributions().values()) == {Decimal("0.0")}


def test_one_late_invoice_one_half_life_ago() -> None:
    # Due 90 days before as_of (weight 1/2), paid 30 days late: points 15/2 + 5/2 = 10.
    risk = score([paid(1, AS_OF - timedelta(days=90), 30)], as_of=AS_OF)
    assert risk.score == Decimal("9.5")  # 100 * (1 - e^-0.1) = 9.516
    # 95 tenths shared 7.5 : 2.5 -> 71.25 and 23.75 tenths; the spare tenth goes to the
    # largest remainder (.75).
    assert (risk.from_late_invoices, risk.from_days_late, risk.from_current_overdue) == (
        Decimal("7.1"),
        Decimal("2.4"),
        Decimal("0.0"),
    )


def test_current_overdue_is_not_decayed() -> None:
    # Open 60 days: late invoice weight 2^(-60/90); current overdue 10 * 60/30 = 20 points.
    risk = score([paid(1, AS_OF - timedelta(days=60), None)], as_of=AS_OF)
    w = 0.5 ** (60 / 90)
    points = 15 * w + 5 * w * 2 + 20
    assert risk.score == Decimal(str(round(100 * (1 - math.exp(-points / 100)), 1)))
    assert sum(risk.contributions().values()) == risk.score


def test_delay_is_capped() -> None:
    due = AS_OF - timedelta(days=200)
    at_cap = score([paid(1, due, 180)], as_of=AS_OF)
    beyond = score([paid(1, due, 195)], as_of=AS_OF)
    shorter = score([paid(1, due, 150)], as_of=AS_OF)
    assert at_cap.score > shorter.score
    assert at_cap.score == beyond.score > 0


def test_recent_lateness_weighs_more_than_old() -> None:
    recent = score([paid(1, AS_OF - timedelta(days=30), 20)], as_of=AS_OF)
    old = score([paid(1, AS_OF - timedelta(days=300), 20)], as_of=AS_OF)
    assert recent.score > old.score > 0
    longer_half_life = ProfilePolicy(half_life_days=365)
    assert score([paid(1, AS_OF - timedelta(days=300), 20)], as_of=AS_OF,
                 policy=longer_half_life).score > old.score  # fmt: skip


def test_score_is_bounded_by_100() -> None:
    invoices = [paid(n, AS_OF - timedelta(days=n), None) for n in range(6, 300)]
    risk = score(invoices, as_of=AS_OF)
    assert risk.score == Decimal("100.0")
    assert sum(risk.contributions().values()) == risk.score


def test_reasons_name_every_factor() -> None:
    risk = score([paid(1, AS_OF - timedelta(days=90), 30)], as_of=AS_OF)
    assert [r.split(":")[0] for r in risk.reasons] == [
        "late_invoices",
        "days_late",
        "current_overdue",
    ]
    assert "1 late invoice, recency-weighted 0.50 → 7.1 of the score" in risk.reasons[0]


def test_score_result_matches_score() -> None:
    invoices = [i for i in sample_invoices() if i.customer_id == "c04"]
    result = classify(invoices, as_of=SAMPLE_AS_OF)
    assert score_result(result) == score(invoices, as_of=SAMPLE_AS_OF)


def test_sample_portfolio_scores() -> None:
    scores = {
        r.customer_id: r.score for r in score_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)
    }
    assert scores["c01"] == scores["c10"] == Decimal("0.0")
    # c04 (recurring, 7 late) > c03 (occasional) > c02 (one slip in November).
    assert scores["c04"] > scores["c03"] > scores["c02"] > 0
    # c12: only a 2020 debt, decayed to nothing, but 180+ days overdue now: 60 points.
    assert scores["c12"] == Decimal(str(round(100 * (1 - math.exp(-0.6)), 1)))

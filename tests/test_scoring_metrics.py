"""Portfolio metrics on the sample portfolio and small hand-made cases (sums done by hand)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from regua.errors import InvalidInputError
from regua.models import Invoice
from regua.samples import SAMPLE_AS_OF, sample_invoices
from regua.scoring import (
    DEFAULT_AGING_BUCKETS,
    AgingBucket,
    aging,
    cash_by_day,
    delinquency_rate,
    recovery_rate,
)

AS_OF = date(2026, 3, 31)


def inv(n: int, due: date, amount: str, *payments: tuple[date, str], **extra: object) -> Invoice:
    return Invoice(id=f"i{n}", customer_id="c1", amount=amount, due_date=due,
                   payments=[{"date": d, "amount": a} for d, a in payments], **extra)  # fmt: skip


def test_sample_aging_by_hand() -> None:
    table = aging(sample_invoices(), as_of=SAMPLE_AS_OF)
    got = {r.bucket: (r.invoices, r.balance) for r in table}
    assert got == {
        # c10 due today (8300.00) and c01 due on the 19th (189.90)
        "a vencer": (2, Decimal("8489.90")),
        "1-5": (0, Decimal(0)),
        # March invoices (6 days): c03 249, c04 4870, c05 1320, c06 159.90, c07 420 (disputed),
        # c08 89.90, c09 310 - 110 paid = 200
        "6-30": (7, Decimal("7308.80")),
        # February (34 days): c04, c05, c06
        "31-60": (3, Decimal("6349.90")),
        "61-90": (1, Decimal("1320.00")),  # c05 January
        "91-180": (0, Decimal(0)),
        "180+": (1, Decimal("640.00")),  # the 2020 debt
    }
    assert table.total == Decimal("24108.60")
    assert sum(r.invoices for r in table) == 14
    assert table[0].share == Decimal("0.3522")  # 8489.90 / 24108.60 = 0.352152...


def test_bucket_edges() -> None:
    due = date(2026, 3, 1)
    edges = [(0, "a vencer"), (1, "1-5"), (5, "1-5"), (6, "6-30"), (30, "6-30"),
             (31, "31-60"), (180, "91-180"), (181, "180+"), (-3, "a vencer")]  # fmt: skip
    for days, label in edges:
        table = aging([inv(1, due, "1.00")], as_of=due + timedelta(days=days))
        assert [r.bucket for r in table if r.invoices] == [label], days


def test_overpaid_and_paid_after_as_of() -> None:
    due = date(2026, 3, 1)
    invoices = [
        inv(1, due, "10.00", (due, "12.00")),  # overpaid: a credit, not aged
        inv(2, due, "10.00", (AS_OF + timedelta(days=1), "10.00")),  # paid after as_of: open
        inv(3, due, "10.00", (due, "4.00")),  # partial: 6.00 open
    ]
    table = aging(invoices, as_of=AS_OF)
    assert (table.total, sum(r.invoices for r in table)) == (Decimal("16.00"), 2)


def test_custom_buckets_and_validation() -> None:
    table = aging(sample_invoices(), as_of=SAMPLE_AS_OF,
                  buckets=[("current", None, 0), ("1-30", 1, 30), ("31+", 31, None)])  # fmt: skip
    assert [(r.bucket, r.balance) for r in table] == [
        ("current", Decimal("8489.90")),
        ("1-30", Decimal("7308.80")),
        ("31+", Decimal("8309.90")),
    ]
    bad = [
        [],
        [("a", 0, 10), ("b", 11, None)],
        [("a", None, 10), ("b", 11, 20)],
        [("a", None, 10), ("b", 12, None)],
        [("a", None, 10), ("a", 11, None)],
        [("a", None, 10), ("b", 11, 5), ("c", 6, None)],
    ]
    for buckets in bad:
        with pytest.raises(InvalidInputError, match="buckets"):
            aging([], as_of=AS_OF, buckets=buckets)
    assert DEFAULT_AGING_BUCKETS[1] == AgingBucket("1-5", 1, 5)


def test_mixed_currencies_rejected() -> None:
    invoices = [inv(1, AS_OF, "1.00"), inv(2, AS_OF, "1.00", currency="USD")]
    for function in (delinquency_rate, recovery_rate, cash_by_day):
        with pytest.raises(InvalidInputError, match="currencies"):
            function(invoices, start=AS_OF, end=AS_OF, as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="currencies"):
        aging(invoices, as_of=AS_OF)


def test_delinquency_rate_by_hand() -> None:
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    invoices = [
        inv(1, date(2026, 3, 5), "100.00"),  # open: 100 overdue
        inv(2, date(2026, 3, 5), "100.00", (date(2026, 3, 5), "100.00")),
        inv(3, date(2026, 3, 10), "50.00", (date(2026, 3, 10), "20.00")),  # 30 overdue
        inv(4, date(2026, 3, 10), "50.00", (date(2026, 3, 10), "80.00")),  # overpaid: 0
        inv(5, date(2026, 3, 31), "200.00"),  # due on as_of: not overdue yet
        inv(6, date(2026, 2, 28), "999.00"),  # outside the period
        inv(7, date(2026, 3, 20), "100.00", (date(2026, 4, 2), "100.00")),  # paid after as_of
    ]
    rate = delinquency_rate(invoices, start=start, end=end, as_of=end)
    assert (rate.invoices_due, rate.amount_due) == (6, Decimal("600.00"))
    assert (rate.invoices_overdue, rate.amount_overdue) == (3, Decimal("230.00"))
    assert rate.rate == Decimal("0.3833")  # 230 / 600
    later = delinquency_rate(invoices, start=start, end=end, as_of=date(2026, 4, 5))
    assert later.amount_overdue == Decimal("330.00")  # inv 5 now overdue, inv 7 paid
    assert delinquency_rate([], start=start, end=end, as_of=end).rate is None


def test_recovery_rate_by_hand() -> None:
    invoices = [
        # fell overdue 2026-02-11 owing 100; 60 back by as_of, 40 more after it
        inv(1, date(2026, 2, 10), "100.00", (date(2026, 2, 20), "60.00"),
            (date(2026, 4, 5), "40.00")),
        # owed 50 after a partial on the due date; overpaid later: capped at 50
        inv(2, date(2026, 2, 15), "80.00", (date(2026, 2, 15), "30.00"),
            (date(2026, 3, 1), "70.00")),
        inv(3, date(2026, 2, 20), "10.00", (date(2026, 2, 20), "10.00")),  # never overdue
        inv(4, date(2026, 2, 28), "25.00"),  # first overdue day 2026-03-01: outside February
        inv(5, date(2026, 1, 31), "30.00"),  # first overdue day 2026-02-01: inside, nothing back
    ]  # fmt: skip
    rate = recovery_rate(invoices, start=date(2026, 2, 1), end=date(2026, 2, 28), as_of=AS_OF)
    assert (rate.invoices, rate.amount_overdue, rate.amount_recovered) == (
        3,
        Decimal("180.00"),
        Decimal("110.00"),
    )
    assert rate.rate == Decimal("0.6111")


def test_period_validation() -> None:
    with pytest.raises(InvalidInputError, match="end"):
        delinquency_rate([], start=AS_OF, end=AS_OF - timedelta(days=1), as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="as_of"):
        recovery_rate([], start=AS_OF, end=AS_OF, as_of=AS_OF - timedelta(days=1))
    with pytest.raises(InvalidInputError, match="start"):
        cash_by_day([], start="2026-03-01", end=AS_OF, as_of=AS_OF)  # type: ignore[arg-type]


def test_cash_by_day_by_hand() -> None:
    invoices = [
        inv(1, date(2026, 3, 2), "100.00", (date(2026, 3, 1), "40.00"),
            (date(2026, 3, 3), "60.00")),
        inv(2, date(2026, 3, 3), "50.00", (date(2026, 3, 3), "50.00")),
        inv(3, date(2026, 2, 1), "70.00", (date(2026, 3, 2), "70.00")),  # late, paid in period
        inv(4, date(2026, 3, 3), "10.00", (date(2026, 3, 9), "10.00")),  # paid after as_of
    ]  # fmt: skip
    days = cash_by_day(invoices, start=date(2026, 3, 1), end=date(2026, 3, 4),
                       as_of=date(2026, 3, 4))  # fmt: skip
    assert [(r.day.day, r.expected, r.received, r.difference) for r in days] == [
        (1, Decimal(0), Decimal("40.00"), Decimal("40.00")),
        (2, Decimal("100.00"), Decimal("70.00"), Decimal("-30.00")),
        (3, Decimal("60.00"), Decimal("110.00"), Decimal("50.00")),
        (4, Decimal(0), Decimal(0), Decimal(0)),
    ]
    assert days.to_records()[1] == {
        "day": date(2026, 3, 2), "expected": Decimal("100.00"), "received": Decimal("70.00"),
        "difference": Decimal("-30.00"),
    }  # fmt: skip


def test_sample_rates() -> None:
    feb = delinquency_rate(sample_invoices(), start=date(2026, 2, 1), end=date(2026, 2, 28),
                           as_of=SAMPLE_AS_OF)  # fmt: skip
    # 12 February invoices (20338.60); open: c04 4870 + c05 1320 + c06 159.90.
    assert (feb.invoices_due, feb.amount_due, feb.amount_overdue) == (
        12,
        Decimal("20338.60"),
        Decimal("6349.90"),
    )


def test_aging_to_pandas() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = aging(sample_invoices(), as_of=SAMPLE_AS_OF).to_pandas()
    assert frame["balance"].sum() == Decimal("24108.60")

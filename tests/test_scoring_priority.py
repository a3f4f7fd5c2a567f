"""Collection priority: ranking, reasons, tie-breaks and input checks."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from regua.errors import InvalidInputError
from regua.models import Customer, Invoice, Profile
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices
from regua.scoring import prioritize, score

AS_OF = date(2026, 3, 31)


def customer(cid: str) -> Customer:
    return Customer(id=cid, name=f"Customer {cid}", kind="consumer")


def open_invoice(cid: str, n: int, due: date, amount: str = "100.00", **extra: object) -> Invoice:
    return Invoice(id=f"{cid}-{n}", customer_id=cid, amount=amount, due_date=due, **extra)


def test_sample_ranking() -> None:
    rows = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
    assert [r.customer_id for r in rows] == ["c04", "c05", "c12", "c06", "c03", "c09", "c08"]
    assert [r.rank for r in rows] == list(range(1, 8))
    top = rows[0]
    # c04 owes February and March (2 x 4870.00); priority = amount x score / 100.
    assert (top.amount_at_risk, top.overdue_invoices, top.days_overdue) == (
        Decimal("9740.00"),
        2,
        34,
    )
    c04 = [i for i in sample_invoices() if i.customer_id == "c04"]
    assert top.score == score(c04, as_of=SAMPLE_AS_OF).score
    assert top.priority == (Decimal("9740.00") * top.score / 100).quantize(Decimal("0.01"))
    assert top.reasons[0] == "BRL 9740.00 past due on 2 invoices"
    assert top.reasons[2].startswith("profile recurring: ")
    assert top.name == "Distribuidora Delta Ltda"


def test_partial_payment_counts_only_the_balance_and_disputes_are_left_out() -> None:
    rows = {r.customer_id: r for r in prioritize(sample_customers(), sample_invoices(),
                                                 as_of=SAMPLE_AS_OF)}  # fmt: skip
    assert rows["c09"].amount_at_risk == Decimal("200.00")  # 310.00 - 110.00
    assert "c07" not in rows  # its only open invoice is disputed
    assert "c10" not in rows  # due on as_of: not past due yet


def test_ties_go_to_worse_profile_then_older_then_larger_then_id() -> None:
    # Identical histories: equal priority, decided by customer id.
    invoices = [open_invoice(cid, 1, date(2026, 3, 1)) for cid in ("b", "a")]
    rows = prioritize([customer("b"), customer("a")], invoices, as_of=AS_OF)
    assert [r.customer_id for r in rows] == ["a", "b"]
    assert rows[0].priority == rows[1].priority


def test_equal_priority_goes_to_the_worse_profile() -> None:
    # One cent at risk each: priority rounds to 0.00 for both while the score is below 50.
    slip = [open_invoice("a", 1, date(2026, 3, 20), "0.01")]
    habit = [
        open_invoice("b", m, date(2025, m, 1), "0.01",
                     payments=[{"date": date(2025, m, 11), "amount": "0.01"}])
        for m in (6, 7, 8)
    ] + [open_invoice("b", 9, date(2026, 3, 20), "0.01")]  # fmt: skip
    rows = prioritize([customer("a"), customer("b")], slip + habit, as_of=AS_OF)
    assert [(r.customer_id, r.profile, r.priority) for r in rows] == [
        ("b", Profile.RECURRING, Decimal("0.00")),
        ("a", Profile.ONE_OFF, Decimal("0.00")),
    ]


def test_order_of_input_does_not_matter() -> None:
    invoices, customers = sample_invoices(), sample_customers()
    expected = prioritize(customers, invoices, as_of=SAMPLE_AS_OF)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(invoices)
        rng.shuffle(customers)
        assert prioritize(customers, invoices, as_of=SAMPLE_AS_OF) == expected


def test_limit() -> None:
    rows = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF, limit=2)
    assert [r.customer_id for r in rows] == ["c04", "c05"]
    with pytest.raises(InvalidInputError, match="limit"):
        prioritize([], [], as_of=AS_OF, limit=-1)


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="not among the customers"):
        prioritize([customer("a")], [open_invoice("z", 1, date(2026, 3, 1))], as_of=AS_OF)
    mixed = [open_invoice("a", 1, date(2026, 3, 1)),
             open_invoice("a", 2, date(2026, 3, 1), currency="USD")]  # fmt: skip
    with pytest.raises(InvalidInputError, match="currencies"):
        prioritize([customer("a")], mixed, as_of=AS_OF)


def test_rows_to_records() -> None:
    records = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF).to_records()
    assert records[0]["profile"] == Profile.RECURRING.value
    assert list(records[0]) == [
        "rank", "customer_id", "name", "profile", "score", "currency", "amount_at_risk",
        "overdue_invoices", "days_overdue", "priority", "reasons",
    ]  # fmt: skip

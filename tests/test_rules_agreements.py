"""plan() after an agreement breaks: what it owes (owed_on_break) is dunned once, on one carrier.

Hand-computed amounts: the originals are 60.00 + 40.00 = 100.00, renegotiated into three
installments of 35.69 (at 4 % a month); the third installment falls due 2026-04-10.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from regua import Agreement, ContactRecord, Invoice
from regua.rules import SkipCode, StepState, explain, plan

STEPS = [{"id": "d1", "offset": 1, "channels": ["email"]}]
SCHEDULE = {"name": "t", "steps": STEPS}
CUSTOMER = {"id": "c1", "name": "C", "kind": "consumer", "contacts": {"email": "c@example.com"}}
AFTER_BREAK = date(2026, 3, 2)  # installment 1 (due 02-10) unpaid past 10 days: broken 02-21


def originals(*amounts: str) -> list[Invoice]:
    return [
        Invoice(id=f"i{k}", customer_id="c1", amount=amount, due_date=date(2025, 12, 5))
        for k, amount in enumerate(amounts, 1)
    ]


def agreement(paid: tuple[int, ...] = (), **extra: Any) -> Agreement:
    return Agreement.model_validate(
        {
            "id": "a1",
            "customer_id": "c1",
            "invoice_ids": ["i1", "i2"],
            "signed_on": date(2026, 1, 10),
            "original_debt": "100.00",
            "rate": "0.04",
            "tolerance_days": 10,
            "installments": [
                {
                    "number": n,
                    "due_date": date(2026, n + 1, 10),
                    "amount": "35.69",
                    "payments": (
                        [{"date": date(2026, n + 1, 10), "amount": "35.69"}] if n in paid else []
                    ),
                }
                for n in (1, 2, 3)
            ],
            **extra,
        }
    )


def test_a_broken_agreement_is_dunned_once_for_what_it_owes() -> None:
    # Before the fix: one action for 135.69, the original 100.00 plus installment 1's 35.69.
    broken = agreement()
    assert broken.broken_on() == date(2026, 2, 21)
    invoices = [*originals("60.00", "40.00"), *broken.to_invoices()]
    result = plan(SCHEDULE, [CUSTOMER], invoices, as_of=AFTER_BREAK, agreements=[broken])
    (action,) = result.actions
    assert (action.invoice_ids, action.amount_due) == (("i1", "i2"), Decimal("100.00"))
    (skip,) = result.skipped
    assert (skip.code, skip.invoice_ids) == (SkipCode.AGREEMENT, ("a1-1",))
    assert skip.reason == (
        "agreement 'a1' broken on 2026-02-21: what is owed (100.00) is dunned on 'i1', 'i2'"
    )


def test_what_was_paid_under_the_agreement_is_not_dunned_again() -> None:
    # Installment 1 paid on time, installment 2 (due 03-10) unpaid: broken on 03-21.
    # Owed 100.00 - 35.69 = 64.31, carried 60:40 by the originals: 38.586 -> 38.59 and
    # 25.724 -> 25.72 (sum 64.31).
    broken = agreement(paid=(1,))
    day = date(2026, 3, 23)
    assert broken.owed_on_break(day) == Decimal("64.31")
    invoices = [*originals("60.00", "40.00"), *broken.to_invoices()]
    explained = explain(SCHEDULE, CUSTOMER, invoices, as_of=day, agreements=[broken])
    (action,) = explained.plan.actions
    assert (action.invoice_ids, action.amount_due) == (("i1", "i2"), Decimal("64.31"))
    rows = {row.invoice_id: row for row in explained.rows}
    assert (rows["a1-2"].state, rows["a1-2"].code) == (StepState.SKIPPED, SkipCode.AGREEMENT)
    assert rows["a1-2"].reason.startswith("agreement 'a1' broken on 2026-03-21: what is owed")
    assert rows["a1-1"].state is StepState.CLOSED  # paid
    assert rows["a1-3"].state is StepState.NOT_YET


def test_without_the_discount_restored_the_discount_stays_forgiven() -> None:
    broken = agreement(discount="10.00", restore_discount_on_break=False)
    invoices = [*originals("60.00", "40.00"), *broken.to_invoices()]
    result = plan(SCHEDULE, [CUSTOMER], invoices, as_of=AFTER_BREAK, agreements=[broken])
    assert [a.amount_due for a in result.actions] == [Decimal("90.00")]


def test_with_the_originals_closed_the_due_installments_carry_the_debt() -> None:
    # The host closed i1 and i2 at signing: installments 1 and 2 are due by 03-12 (35.69
    # each), installment 3 is not; 100.00 splits evenly over the two due ones.
    broken = agreement()
    day = date(2026, 3, 12)
    invoices = broken.to_invoices()
    result = plan(SCHEDULE, [CUSTOMER], invoices, as_of=day, agreements=[broken])
    (action,) = result.actions
    assert (action.invoice_ids, action.amount_due) == (("a1-1", "a1-2"), Decimal("100.00"))
    assert result.skipped == ()


def test_a_cancelled_agreement_also_duns_its_debt_once() -> None:
    cancelled = agreement(paid=(1,), cancelled_on=date(2026, 2, 20))
    invoices = [*originals("60.00", "40.00"), *cancelled.to_invoices()]
    result = plan(SCHEDULE, [CUSTOMER], invoices, as_of=date(2026, 3, 12), agreements=[cancelled])
    (action,) = result.actions
    assert (action.invoice_ids, action.amount_due) == (("i1", "i2"), Decimal("64.31"))
    (skip,) = result.skipped
    assert skip.invoice_ids == ("a1-2",)
    assert skip.reason.startswith("agreement 'a1' cancelled on 2026-02-20")


def test_the_whole_debt_is_shared_even_when_one_original_has_nothing_new_due() -> None:
    # i1's step is recorded, so planning drops it as it reads it; its 60.00 share must still
    # be set aside, or i2 would be dunned for all 100.00.
    broken = agreement()
    invoices = [*originals("60.00", "40.00"), *broken.to_invoices()]
    done = ContactRecord(
        action_id="act_x",
        customer_id="c1",
        step_id="d1",
        invoice_ids=["i1"],
        at=datetime(2026, 3, 1, 12, tzinfo=UTC),
        outcome="delivered",
    )
    result = plan(
        SCHEDULE, [CUSTOMER], invoices, as_of=AFTER_BREAK, agreements=[broken], history=[done]
    )
    (action,) = result.actions
    assert (action.invoice_ids, action.amount_due) == (("i2",), Decimal("40.00"))


@pytest.mark.parametrize("as_of", [date(2026, 2, 20), date(2026, 2, 21)])
def test_an_active_agreement_still_covers_its_originals(as_of: date) -> None:
    active = agreement()
    invoices = [*originals("60.00", "40.00"), *active.to_invoices()]
    result = plan(SCHEDULE, [CUSTOMER], invoices, as_of=as_of, agreements=[active])
    if as_of < active.broken_on():  # type: ignore[operator]
        (action,) = result.actions
        assert (action.invoice_ids, action.amount_due) == (("a1-1",), Decimal("35.69"))
    else:
        assert [a.amount_due for a in result.actions] == [Decimal("100.00")]

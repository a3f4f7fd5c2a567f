"""Cash and early-payment discounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from regua.calendar import BusinessCalendar
from regua.charges import (
    DebtBreakdown,
    DiscountScope,
    apply_discount,
    discount_amount,
    early_payment_discount,
    update,
)
from regua.errors import InvalidInputError

D = Decimal
DEBT = DebtBreakdown(principal="1000.00", correction="10.00", fine="20.20", interest="10.44")


def test_scopes() -> None:
    assert discount_amount(DEBT, 100, DiscountScope.CHARGES) == D("30.64")
    assert discount_amount(DEBT, 10, "principal") == D("101.00")  # 10 % of 1010.00
    assert discount_amount(DEBT, 10, "total") == D("104.06")  # 10 % of 1040.64 = 104.064
    assert discount_amount(DEBT, 0, "total") == 0


def test_offer_example_cash_900() -> None:
    debt = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")
    assert debt.total == D("1050.00")
    cash = apply_discount(apply_discount(debt, 100, "charges"), 10, "principal")
    assert cash.discount == D("150.00")
    assert cash.total == D("900.00")
    assert debt.discount == 0  # the input is not mutated


def test_discount_rounds_down_never_beyond_the_percent() -> None:
    debt = DebtBreakdown(principal="0.99")
    assert discount_amount(debt, 50, "total") == D("0.49")  # 0.495 → 0.49, not 0.50


def test_accumulated_discount_is_capped_at_the_gross() -> None:
    debt = apply_discount(apply_discount(DEBT, 100, "total"), 100, "total")
    assert debt.discount == DEBT.gross
    assert debt.total == 0


def test_early_payment_discount() -> None:
    due = date(2026, 3, 10)
    assert early_payment_discount("500.00", due_date=due, paid_on=due, percent=5) == D("25.00")
    assert early_payment_discount(
        "500.00", due_date=due, paid_on=date(2026, 3, 11), percent=5
    ) == D("0.00")
    # per calendar day: 9 days × 0.1 % of 500
    assert early_payment_discount(
        "500.00", due_date=due, paid_on=date(2026, 3, 1), percent="0.1", per_day=True
    ) == D("4.50")
    # per business day: Sun 03-01 → Tue 03-10 has 7 business days
    cal = BusinessCalendar()
    assert early_payment_discount(
        "500.00",
        due_date=due,
        paid_on=date(2026, 3, 1),
        percent="0.1",
        per_day=True,
        calendar=cal,
    ) == D("3.50")
    # never more than the whole amount
    assert early_payment_discount(
        "500.00", due_date=due, paid_on=date(2025, 3, 1), percent=1, per_day=True
    ) == D("500.00")


def test_early_payment_discount_on_the_business_day_after_a_weekend_due_date() -> None:
    # Before: due on Saturday 2026-03-07 and paid on Monday, the discount was lost, where
    # update() charges nothing late for that payment (Lei 7.089/83) and a cobv keeps it.
    saturday = date(2026, 3, 7)
    for calendar in (None, BusinessCalendar.brazil()):
        on_time = early_payment_discount(
            "100.00", due_date=saturday, paid_on=date(2026, 3, 9), percent=5, calendar=calendar
        )
        late = early_payment_discount(
            "100.00", due_date=saturday, paid_on=date(2026, 3, 10), percent=5, calendar=calendar
        )
        assert (on_time, late) == (D("5.00"), D("0.00"))
    # Carnival: due Saturday 02-14, Monday and Tuesday closed, Ash Wednesday open.
    carnival = [
        early_payment_discount("100.00", due_date=date(2026, 2, 14), paid_on=paid, percent=5)
        for paid in (date(2026, 2, 18), date(2026, 2, 19))
    ]
    assert carnival == [D("5.00"), D("0.00")]
    assert update("100.00", date(2026, 2, 14), as_of=date(2026, 2, 18)).total == D("100.00")
    # Per day of anticipation: none is earned after the due date itself.
    assert early_payment_discount(
        "100.00", due_date=saturday, paid_on=date(2026, 3, 9), percent=1, per_day=True
    ) == D("0.00")


@pytest.mark.parametrize("percent", ["-1", "100.01", 0.1])
def test_bad_percent(percent: object) -> None:
    with pytest.raises(InvalidInputError, match="percent"):
        discount_amount(DEBT, percent, "total")  # type: ignore[arg-type]


def test_bad_scope_and_amount() -> None:
    with pytest.raises(ValueError, match="scope"):
        discount_amount(DEBT, 1, "interest")
    with pytest.raises(InvalidInputError, match="amount"):
        early_payment_discount("-1", due_date=date(2026, 1, 1), paid_on=date(2026, 1, 1), percent=1)

"""Discounts: for paying in cash (on the charges, the principal or the total) or paying early.

Every ``percent`` here is a percentage, from 0 to 100 (``10`` = 10 %), as every ``*_percent``
in regua; a parameter named ``rate`` would be a fraction.

Rounding: a discount is ``base × percent / 100`` rounded **down** to the minor unit, so a
discount never exceeds the percent the creditor allowed (the policy floor in
:mod:`regua.offers` relies on this).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum
from typing import Any

from regua._inputs import as_model
from regua._validation import as_date
from regua.calendar import BusinessCalendar, CalendarSpec, as_calendar
from regua.charges.late import DebtBreakdown
from regua.errors import InvalidInputError
from regua.limits import quote
from regua.money import (
    DEFAULT_CURRENCY,
    add,
    check_places,
    in_money_context,
    minor_unit,
    to_decimal,
)

__all__ = ["DiscountScope", "apply_discount", "discount_amount", "early_payment_discount"]


class DiscountScope(StrEnum):
    """What a discount percentage applies to.

    ``charges`` = fine + interest; ``principal`` = principal + monetary correction (the principal
    in today's money); ``total`` = everything owed.
    """

    CHARGES = "charges"
    PRINCIPAL = "principal"
    TOTAL = "total"


def _percent(value: Decimal | int | str, field: str = "percent") -> Decimal:
    number = to_decimal(value, field)
    if not 0 <= number <= 100:
        raise InvalidInputError(field, f"must be between 0 and 100, got {number}")
    return number


@in_money_context
def discount_amount(
    breakdown: DebtBreakdown | Mapping[str, Any],
    percent: Decimal | int | str,
    scope: DiscountScope | str = DiscountScope.CHARGES,
) -> Decimal:
    """``percent`` % of the ``scope`` part of ``breakdown`` (a model or its mapping), rounded down
    to cents.

    >>> from regua.charges.late import DebtBreakdown
    >>> debt = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")
    >>> discount_amount(debt, 100, "charges"), discount_amount(debt, "10", "principal")
    (Decimal('50.00'), Decimal('100.00'))
    """
    breakdown = as_model(breakdown, DebtBreakdown, "breakdown")
    pct = _percent(percent)
    try:
        part = DiscountScope(scope)
    except ValueError:
        choices = ", ".join(s.value for s in DiscountScope)
        raise InvalidInputError("scope", f"{quote(scope)} is not one of {choices}") from None
    if part is DiscountScope.CHARGES:
        base = breakdown.charges
    elif part is DiscountScope.PRINCIPAL:
        base = breakdown.updated_principal
    else:
        base = breakdown.gross
    return (base * pct / 100).quantize(minor_unit(breakdown.currency), rounding=ROUND_DOWN)


def apply_discount(
    breakdown: DebtBreakdown | Mapping[str, Any],
    percent: Decimal | int | str,
    scope: DiscountScope | str = DiscountScope.CHARGES,
) -> DebtBreakdown:
    """A copy of ``breakdown`` with :func:`discount_amount` added to its discount.

    Discounts accumulate (waive the charges, then 10 % of the principal) and the sum is capped
    at the gross debt, so the total never goes negative.

    >>> from regua.charges.late import DebtBreakdown
    >>> debt = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")
    >>> apply_discount(apply_discount(debt, 100, "charges"), 10, "principal").total
    Decimal('900.00')
    """
    breakdown = as_model(breakdown, DebtBreakdown, "breakdown")
    extra = discount_amount(breakdown, percent, scope)
    total_discount = min(breakdown.gross, add([breakdown.discount, extra]))
    return breakdown.model_copy(update={"discount": total_discount})


@in_money_context
def early_payment_discount(
    amount: Decimal | int | str,
    *,
    due_date: date,
    paid_on: date,
    percent: Decimal | int | str,
    per_day: bool = False,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Decimal:
    """Discount for paying ``amount`` on ``paid_on``, on or before ``due_date``.

    With ``per_day=False`` (desconto de pontualidade) it is ``percent`` % when paid on time:
    by the due date or, when that is not a business day, by the next one (Lei 7.089/83, as
    :func:`~regua.charges.late.update` reads it), of ``calendar``, or of Brazil's national
    banking calendar without one. With ``per_day=True`` it is ``percent`` % per day of
    anticipation before the due date: calendar days, or business days of ``calendar`` when one
    is given (``business_days_between(paid_on, due)``), capped at the whole amount. Paid late:
    0. Rounded down to cents.

    >>> early_payment_discount("500.00", due_date=date(2026, 3, 10), paid_on=date(2026, 3, 1),
    ...                        percent="0.1", per_day=True)
    Decimal('4.50')
    """
    value = check_places(to_decimal(amount, "amount"), currency, "amount")
    if value < 0:
        raise InvalidInputError("amount", f"must not be negative, got {value}")
    due = as_date(due_date, "due_date")
    day = as_date(paid_on, "paid_on")
    pct = _percent(percent)
    business = as_calendar(calendar)
    if day > (business or BusinessCalendar.brazil()).next_business_day(due):
        return Decimal(0).quantize(minor_unit(currency))
    if per_day:
        days = business.business_days_between(day, due) if business else (due - day).days
        pct = min(Decimal(100), pct * max(0, days))
    return (value * pct / 100).quantize(minor_unit(currency), rounding=ROUND_DOWN)

"""The updated debt of an overdue amount: fine, late interest and monetary correction.

Rules (BRAZIL_RULES §1, §2, §4):

* **Fine cap.** For ``consumer`` and ``condominium`` debtors (CDC art. 52 §1, CC 1.336 §1) a
  ``fine_percent`` above 2 raises :class:`~regua.errors.LegalLimitError`; only ``business``
  contracts may agree a larger one.
* **Mora from the due date** (CC 397). The fine is charged once, on the first day late.
* **Lei 7.089/83 grace.** A due date on a weekend or holiday may be paid on the next business day
  at no charge. Paid later, interest counts from the *original* due date (STJ, 2022).
* **Order.** Correction first; fine and interest are computed on the corrected amount
  (Res. CMN 5.171/2024 art. 7).

Interest periods: a rate per ``month`` is divided by 30 calendar days or 21 business days, a rate
per ``year`` by 360 calendar days (commercial year, consistent with the 30-day month) or 252
business days, a rate per ``day`` applies per day counted. Simple interest is
``base × r × d/n``; compound is ``base × ((1+r)^(d/n) − 1)``.

Rounding: correction, fine and interest are each computed at full precision and rounded once,
half-up, to the currency's minor unit; the total is their exact sum, so the parts always add up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import Field, computed_field, model_validator

from regua.charges.correction import IndexSeries
from regua.errors import InvalidInputError, LegalLimitError
from regua.models._base import Frozen, as_date
from regua.models.enums import CustomerKind
from regua.money import (
    DEFAULT_CURRENCY,
    Amount,
    CurrencyCode,
    Rate,
    check_places,
    minor_unit,
    to_decimal,
)

if TYPE_CHECKING:
    from regua.calendar import BusinessCalendar

__all__ = [
    "CONSUMER_FINE_CAP_PERCENT",
    "DayCount",
    "DebtBreakdown",
    "InterestMethod",
    "InterestPeriod",
    "LateTerms",
    "update",
]

CONSUMER_FINE_CAP_PERCENT = Decimal("2")
"""CDC art. 52 §1 and CC 1.336 §1: a late fine above 2 % is unlawful for consumers and condos."""

_CONTEXT = Context(prec=34)


class InterestPeriod(StrEnum):
    """The period an interest rate refers to: ``1`` % a month, a day or a year."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class InterestMethod(StrEnum):
    """Simple (juros simples, the legal default: Usura art. 4) or compound interest."""

    SIMPLE = "simple"
    COMPOUND = "compound"


class DayCount(StrEnum):
    """Whether days late are calendar days or business days of the given calendar."""

    CALENDAR = "calendar"
    BUSINESS = "business"


_DAYS_PER_PERIOD = {
    (DayCount.CALENDAR, InterestPeriod.DAY): 1,
    (DayCount.CALENDAR, InterestPeriod.MONTH): 30,
    (DayCount.CALENDAR, InterestPeriod.YEAR): 360,
    (DayCount.BUSINESS, InterestPeriod.DAY): 1,
    (DayCount.BUSINESS, InterestPeriod.MONTH): 21,
    (DayCount.BUSINESS, InterestPeriod.YEAR): 252,
}


class LateTerms(Frozen):
    """What a contract charges when an amount is paid late.

    Defaults are the Brazilian market default for consumers: 2 % fine, 1 % a month simple
    interest pro rata die on a 30-day month, grace to the next business day, no correction.

    >>> LateTerms(fine_percent="2", interest_percent="1").interest_period
    <InterestPeriod.MONTH: 'month'>
    """

    fine_percent: Rate = CONSUMER_FINE_CAP_PERCENT
    interest_percent: Rate = Decimal("1")
    interest_period: InterestPeriod = InterestPeriod.MONTH
    interest_method: InterestMethod = InterestMethod.SIMPLE
    day_count: DayCount = DayCount.CALENDAR
    grace_to_next_business_day: bool = True
    correction_index: IndexSeries | None = None

    @model_validator(mode="after")
    def _sane(self) -> LateTerms:
        if self.fine_percent > 100:
            raise ValueError("fine_percent: must not exceed 100 (CC 412)")
        return self


class DebtBreakdown(Frozen):
    """An amount updated to a date: ``total = principal + correction + fine + interest − discount``.

    ``days_late`` counts the days interest ran (calendar or business days per the terms); it is 0
    when not late or within the Lei 7.089/83 grace.
    """

    currency: CurrencyCode = DEFAULT_CURRENCY
    principal: Amount
    correction: Amount = Decimal(0)
    fine: Amount = Decimal(0)
    interest: Amount = Decimal(0)
    discount: Amount = Decimal(0)
    days_late: int = Field(default=0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        # Missing parts are zero (then quantized by validation). ``total`` is derived: a dumped
        # breakdown validates back only when its total still agrees with the parts.
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for part in ("correction", "fine", "interest", "discount"):
            data.setdefault(part, Decimal(0))
        if "total" in data:
            stated = to_decimal(data.pop("total"), "total")
            parts = ("principal", "correction", "fine", "interest")
            computed = sum((to_decimal(data.get(p, 0), p) for p in parts), Decimal(0))
            if stated != computed - to_decimal(data["discount"], "discount"):
                raise InvalidInputError("total", "does not match the parts")
        return data

    @model_validator(mode="after")
    def _consistent(self) -> DebtBreakdown:
        if self.discount > self.gross:
            raise ValueError("discount: must not exceed the gross debt")
        return self

    @classmethod
    def combine(cls, breakdowns: Iterable[DebtBreakdown]) -> DebtBreakdown:
        """The sum of several breakdowns in one currency (e.g. every open invoice of a customer,
        to negotiate them together); ``days_late`` is the largest.

        >>> a = DebtBreakdown(principal="600.00", fine="12.00", interest="20.00", days_late=100)
        >>> b = DebtBreakdown(principal="400.00", fine="8.00", interest="10.00", days_late=70)
        >>> DebtBreakdown.combine([a, b]).total
        Decimal('1050.00')
        """
        items = list(breakdowns)
        if not items:
            raise InvalidInputError("breakdowns", "at least one breakdown is required")
        currencies = {b.currency for b in items}
        if len(currencies) != 1:
            raise InvalidInputError("breakdowns", f"mixed currencies {sorted(currencies)}")
        parts = ("principal", "correction", "fine", "interest", "discount")
        sums = {p: sum((getattr(b, p) for b in items), Decimal(0)) for p in parts}
        return cls(currency=items[0].currency, days_late=max(b.days_late for b in items), **sums)

    @property
    def charges(self) -> Decimal:
        """Fine plus interest: what a "waive the charges" discount forgives."""
        return self.fine + self.interest

    @property
    def updated_principal(self) -> Decimal:
        """Principal plus monetary correction: the principal in today's money."""
        return self.principal + self.correction

    @property
    def gross(self) -> Decimal:
        """Everything owed before any discount."""
        return self.principal + self.correction + self.fine + self.interest

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> Decimal:
        """What the debtor pays: the gross debt minus the discount."""
        return self.gross - self.discount


_DEFAULT_TERMS = LateTerms()


def update(
    amount: Decimal | int | str,
    due_date: date,
    *,
    as_of: date,
    terms: LateTerms | None = None,
    customer_kind: CustomerKind | str = CustomerKind.CONSUMER,
    calendar: BusinessCalendar | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> DebtBreakdown:
    """The debt of ``amount`` due on ``due_date`` if paid on ``as_of``.

    ``calendar`` decides business days (grace and business-day counts); without one, Brazil's
    national banking calendar :meth:`~regua.calendar.BusinessCalendar.brazil` is used. Rounding:
    each component half-up to cents (see the module docstring).

    >>> d = update("1000.00", date(2026, 1, 2), as_of=date(2026, 4, 2))
    >>> d.days_late, d.fine, d.interest, d.total
    (90, Decimal('20.00'), Decimal('30.00'), Decimal('1050.00'))
    """
    principal = check_places(to_decimal(amount, "amount"), currency, "amount")
    if principal < 0:
        raise InvalidInputError("amount", f"must not be negative, got {principal}")
    due = as_date(due_date, "due_date")
    day = as_date(as_of, "as_of")
    late = terms if terms is not None else _DEFAULT_TERMS
    try:
        kind = CustomerKind(customer_kind)
    except ValueError:
        choices = ", ".join(k.value for k in CustomerKind)
        raise InvalidInputError(
            "customer_kind", f"{customer_kind!r} is not one of {choices}"
        ) from None
    if kind is not CustomerKind.BUSINESS and late.fine_percent > CONSUMER_FINE_CAP_PERCENT:
        raise LegalLimitError(
            "fine_percent",
            f"{late.fine_percent}% exceeds the {CONSUMER_FINE_CAP_PERCENT}% cap for a {kind} "
            "debtor (CDC art. 52 §1, CC 1.336 §1); only business contracts may agree more",
        )
    unit = minor_unit(currency)
    zero = Decimal(0).quantize(unit)
    # Every part below is computed, quantized and non-negative: no need to re-validate.
    unchanged = DebtBreakdown.model_construct(
        currency=currency,
        principal=principal,
        correction=zero,
        fine=zero,
        interest=zero,
        discount=zero,
        days_late=0,
    )
    if day <= due:
        return unchanged
    needs_calendar = late.grace_to_next_business_day or late.day_count is DayCount.BUSINESS
    if calendar is None and needs_calendar:
        from regua.calendar import BusinessCalendar

        calendar = BusinessCalendar.brazil()
    if late.grace_to_next_business_day:
        assert calendar is not None
        if day <= calendar.next_business_day(due):
            return unchanged
    if late.day_count is DayCount.BUSINESS:
        assert calendar is not None
        days = calendar.business_days_between(due, day)
    else:
        days = (day - due).days
    with localcontext(_CONTEXT):
        factor = Decimal(1)
        if late.correction_index is not None:
            # Deflation may lower the factor but never the nominal debt (STJ, REsp 1.265.580).
            factor = max(Decimal(1), late.correction_index.factor(due, day))
        correction = (principal * (factor - 1)).quantize(unit, rounding=ROUND_HALF_UP)
        base = principal + correction
        fine = (base * late.fine_percent / 100).quantize(unit, rounding=ROUND_HALF_UP)
        rate = late.interest_percent / 100
        periods = Decimal(days) / _DAYS_PER_PERIOD[(late.day_count, late.interest_period)]
        if late.interest_method is InterestMethod.SIMPLE:
            exact = base * rate * periods
        else:
            exact = base * ((1 + rate) ** periods - 1)
        interest = exact.quantize(unit, rounding=ROUND_HALF_UP)
    return unchanged.model_copy(
        update={"correction": correction, "fine": fine, "interest": interest, "days_late": days}
    )

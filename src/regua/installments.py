"""Installment plans (Price, SAC, equal split) and the effective rate of a payment stream.

Rounding, for every plan: each installment's interest is ``balance × rate`` rounded half-up to
the currency's minor unit; its amortization is the installment minus that interest. The amounts
are rounded as described per function, and the **last installment absorbs the residue**: its
amortization is exactly the balance left, so the amortizations always sum to the financed
principal to the cent and the last amount may differ from the others by a few cents.

Due dates are monthly and keep the day of the month of ``first_due``, clamped at month end
(Jan 31 → Feb 28 → Mar 31: each date is computed from ``first_due``, never from the previous
clamped one). With a ``calendar``, a date that falls on a non-business day is rolled to the next
business day; the amounts do not change (Lei 7.089/83: paying on the next business day costs
nothing extra).

All arithmetic runs in a private 34-digit decimal context, so the results do not depend on the
host's :mod:`decimal` settings.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationInfo, field_validator

from regua.errors import InvalidInputError
from regua.models._base import Frozen, as_date, in_parent_currency, trusted
from regua.models.agreement import Installment
from regua.money import DEFAULT_CURRENCY, CurrencyCode, check_places, minor_unit, to_decimal

if TYPE_CHECKING:
    from regua.calendar import BusinessCalendar

__all__ = [
    "InstallmentPlan",
    "PlanMethod",
    "effective_rate",
    "equal",
    "monthly_due_dates",
    "price",
    "sac",
]

_CONTEXT = Context(prec=34)
_INSTALLMENTS: TypeAdapter[tuple[Installment, ...]] = TypeAdapter(tuple[Installment, ...])
_RATE_PLACES = Decimal("1E-12")


class PlanMethod(StrEnum):
    """How the installments of a plan were computed."""

    PRICE = "price"
    SAC = "sac"
    EQUAL = "equal"


class InstallmentPlan(Frozen):
    """A computed plan: an optional down payment (installment number 0) and ``n`` installments.

    ``principal`` is what the plan pays off; ``financed = principal − down_payment`` is what the
    numbered installments amortize at monthly ``rate``.
    """

    method: PlanMethod
    currency: CurrencyCode = DEFAULT_CURRENCY
    principal: Decimal
    down_payment: Decimal
    rate: Decimal
    installments: tuple[Installment, ...]

    @field_validator("installments", mode="before")
    @classmethod
    def _installments_in_currency(cls, value: Any, info: ValidationInfo) -> Any:
        return in_parent_currency(_INSTALLMENTS, value, info)

    @property
    def financed(self) -> Decimal:
        """The principal minus the down payment: what the numbered installments amortize."""
        return self.principal - self.down_payment

    @property
    def n(self) -> int:
        """Number of installments, not counting the down payment."""
        return sum(1 for i in self.installments if i.number > 0)

    @property
    def total(self) -> Decimal:
        """Everything paid: the down payment plus every installment."""
        return sum((i.amount for i in self.installments), Decimal(0))

    @property
    def total_interest(self) -> Decimal:
        """Sum of the interest of every installment."""
        return sum((i.interest for i in self.installments), Decimal(0))

    @property
    def total_amortization(self) -> Decimal:
        """Sum of the amortizations, equal to ``principal`` to the cent."""
        return sum((i.amortization for i in self.installments), Decimal(0))

    def payments(self) -> list[Decimal]:
        """The amounts in order (down payment first, if any), e.g. for :func:`effective_rate`."""
        return [i.amount for i in self.installments]


def monthly_due_dates(
    first_due: date, n: int, *, calendar: BusinessCalendar | None = None
) -> list[date]:
    """``n`` monthly dates from ``first_due``, keeping its day and clamping at month end.

    >>> [d.isoformat() for d in monthly_due_dates(date(2026, 1, 31), 3)]
    ['2026-01-31', '2026-02-28', '2026-03-31']
    """
    first = as_date(first_due, "first_due")
    _check_n(n)
    dates = [_add_months(first, k) for k in range(n)]
    if calendar is not None:
        dates = [calendar.next_business_day(d) for d in dates]
    return dates


def price(
    principal: Decimal | int | str,
    rate: Decimal | int | str,
    n: int,
    *,
    first_due: date,
    down_payment: Decimal | int | str = 0,
    down_payment_due: date | None = None,
    first_at_signing: bool = False,
    calendar: BusinessCalendar | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> InstallmentPlan:
    """Price table (French amortization): ``n`` equal installments, the first one month after t=0.

    ``PMT = PV·i / (1 − (1+i)^−n)`` on ``PV = principal − down_payment``, rounded half-up to
    cents; interest is rounded half-up each period and the last installment absorbs the residue.
    Should the rounded-up PMT pay the balance off before the last installment (tiny PMT over a
    long plan), PMT is rounded down instead, so the last installment is the larger one.
    With ``rate`` 0, ``PMT = PV/n`` (still half-up). The down payment (if any) is installment 0,
    due on ``down_payment_due`` (default: one month before ``first_due``, i.e. at t=0).

    ``first_at_signing=True`` makes the plan antecipated: the first installment, due on
    ``first_due``, is paid at t=0 and carries no interest, so ``PMT = PV·i/(1 − (1+i)^−n)/(1+i)``
    (not combinable with a down payment, which is what it already is).

    >>> plan = price("10000.00", "0.02", 12, first_due=date(2026, 2, 10))
    >>> plan.installments[0].amount, plan.installments[-1].amount, plan.total_interest
    (Decimal('945.60'), Decimal('945.55'), Decimal('1347.15'))
    >>> price("10000.00", "0.02", 12, first_due=date(2026, 2, 10),
    ...       first_at_signing=True).installments[0].amount
    Decimal('927.05')
    """
    pv, i, entry, entry_due, dates = _prepare(
        principal, rate, n, first_due, down_payment, down_payment_due, calendar, currency
    )
    if first_at_signing and entry:
        raise InvalidInputError("first_at_signing", "not combinable with a down_payment")
    financed = pv - entry
    unit = minor_unit(currency)
    with localcontext(_CONTEXT):
        exact = financed / n if i == 0 else financed * i / (1 - (1 + i) ** -n)
        if first_at_signing:
            exact /= 1 + i
        pmt = exact.quantize(unit, rounding=ROUND_HALF_UP)
    method, free = PlanMethod.PRICE, first_at_signing
    try:
        return _plan(method, currency, pv, entry, entry_due, i, dates, [pmt] * n, unit, free=free)
    except InvalidInputError:
        if pmt == exact.quantize(unit, rounding=ROUND_DOWN):
            raise
    # A PMT rounded up overpaid so much (small PMT, long plan, high rate: the half-cent grows
    # like an annuity) that the balance would run out before the last installment.
    down = exact.quantize(unit, rounding=ROUND_DOWN)
    return _plan(method, currency, pv, entry, entry_due, i, dates, [down] * n, unit, free=free)


def sac(
    principal: Decimal | int | str,
    rate: Decimal | int | str,
    n: int,
    *,
    first_due: date,
    down_payment: Decimal | int | str = 0,
    down_payment_due: date | None = None,
    calendar: BusinessCalendar | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> InstallmentPlan:
    """SAC (constant amortization): each installment amortizes ``PV/n`` plus the period's interest.

    ``PV/n`` is rounded *down* to cents (so the balance never goes negative) and the last
    installment amortizes what is left; interest is rounded half-up each period.

    >>> plan = sac("12000.00", "0.01", 12, first_due=date(2026, 2, 10))
    >>> plan.installments[0].amount, plan.installments[-1].amount, plan.total_interest
    (Decimal('1120.00'), Decimal('1010.00'), Decimal('780.00'))
    """
    pv, i, entry, entry_due, dates = _prepare(
        principal, rate, n, first_due, down_payment, down_payment_due, calendar, currency
    )
    unit = minor_unit(currency)
    step = ((pv - entry) / n).quantize(unit, rounding=ROUND_DOWN)
    return _plan(
        PlanMethod.SAC, currency, pv, entry, entry_due, i, dates, [step] * n, unit, by_amort=True
    )


def equal(
    total: Decimal | int | str,
    n: int,
    *,
    first_due: date,
    down_payment: Decimal | int | str = 0,
    down_payment_due: date | None = None,
    calendar: BusinessCalendar | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> InstallmentPlan:
    """Split ``total − down_payment`` into ``n`` interest-free installments.

    Each is the share rounded *down* to cents; the last one takes the residue (fewer than ``n``
    cents), so ``100.00`` in 3 is ``33.33, 33.33, 33.34``.

    >>> [i.amount for i in equal("100.00", 3, first_due=date(2026, 2, 10)).installments]
    [Decimal('33.33'), Decimal('33.33'), Decimal('33.34')]
    """
    pv, i, entry, entry_due, dates = _prepare(
        total, 0, n, first_due, down_payment, down_payment_due, calendar, currency
    )
    unit = minor_unit(currency)
    amounts = _equal_amounts(pv - entry, n, unit)
    return _plan(PlanMethod.EQUAL, currency, pv, entry, entry_due, i, dates, amounts, unit)


def effective_rate(
    principal: Decimal | int | str,
    payments: Sequence[Decimal | int | str],
    *,
    start: int = 1,
) -> Decimal:
    """The monthly rate ``i`` with ``Σ payments[k] / (1+i)^(start+k) = principal``.

    Payments are one month apart, the first at month ``start`` (1: postecipated, as the BCB
    Calculadora do Cidadão; 0: the first is paid at signing). Solved by Newton's method
    safeguarded by bisection to 1e-15, rounded half-even to 12 decimal places (so within 1e-9 of
    the exact root). The rate is
    negative when the payments sum to less than the principal (a discount).

    >>> round(effective_rate("750.00", ["86.00"] * 10) * 100, 4)
    Decimal('2.5690')
    >>> round(effective_rate("750.00", ["86.00"] * 10, start=0) * 100, 4)
    Decimal('3.1806')
    """
    pv = to_decimal(principal, "principal")
    if pv <= 0:
        raise InvalidInputError("principal", f"must be greater than zero, got {pv}")
    flows = [to_decimal(p, f"payments[{k}]") for k, p in enumerate(payments)]
    if not flows:
        raise InvalidInputError("payments", "at least one payment is required")
    for k, p in enumerate(flows):
        if p < 0:
            raise InvalidInputError(f"payments[{k}]", f"must not be negative, got {p}")
    if isinstance(start, bool) or not isinstance(start, int) or start < 0:
        raise InvalidInputError("start", f"must be a whole number >= 0, got {start!r}")
    if (start == 0 and len(flows) == 1) or all(p == 0 for p in flows[int(start == 0) :]):
        raise InvalidInputError("payments", "no payment after t=0: the rate is undefined")
    if start == 0 and flows[0] >= pv:
        raise InvalidInputError("payments", "the payment at t=0 already covers the principal")
    with localcontext(_CONTEXT):

        def npv_and_slope(i: Decimal) -> tuple[Decimal, Decimal]:
            # Σ p·v^t and its derivative in i, with v = 1/(1+i), by a running power of v.
            v = 1 / (1 + i)
            power = v**start
            total = slope = Decimal(0)
            for k, p in enumerate(flows):
                total += p * power
                slope -= (start + k) * p * power * v
                power *= v
            return total - pv, slope

        low, high = Decimal("-0.999999"), Decimal(1)
        while npv_and_slope(high)[0] > 0:
            high *= 2
        # Newton's method, safeguarded by bisection: the value falls as the rate rises, so the
        # root stays inside [low, high] and every step at least halves a bad bracket.
        guess = (low + high) / 2 if high > 1 else Decimal("0.01")
        tolerance = Decimal("1E-15")
        while high - low > tolerance:
            value, slope = npv_and_slope(guess)
            if value == 0:
                low = high = guess
                break
            if value > 0:
                low = guess
            else:
                high = guess
            step = guess - value / slope if slope else low - 1
            if abs(step - guess) < tolerance:
                low = high = step
                break
            guess = step if low < step < high else (low + high) / 2
        rate = ((low + high) / 2).quantize(_RATE_PLACES, rounding=ROUND_HALF_EVEN)
        return rate.copy_abs() if rate == 0 else rate  # never a negative zero


def _add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped at month end (``relativedelta`` is 10x slower)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if day.day <= 28:  # every month has the day: no need to look up its length
        return date(year, month, day.day)
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidInputError("n", f"must be a whole number >= 1, got {n!r}")


def _prepare(
    principal: Decimal | int | str,
    rate: Decimal | int | str,
    n: int,
    first_due: date,
    down_payment: Decimal | int | str,
    down_payment_due: date | None,
    calendar: BusinessCalendar | None,
    currency: str,
) -> tuple[Decimal, Decimal, Decimal, date | None, list[date]]:
    pv = check_places(to_decimal(principal, "principal"), currency, "principal")
    if pv <= 0:
        raise InvalidInputError("principal", f"must be greater than zero, got {pv}")
    i = to_decimal(rate, "rate")
    if i < 0:
        raise InvalidInputError("rate", f"must not be negative, got {i}")
    if type(down_payment) is int and down_payment == 0:  # the default, without check_places
        entry = _ZERO.quantize(minor_unit(currency))
    else:
        entry = check_places(to_decimal(down_payment, "down_payment"), currency, "down_payment")
    if entry < 0:
        raise InvalidInputError("down_payment", f"must not be negative, got {entry}")
    if entry >= pv:
        raise InvalidInputError("down_payment", "must be smaller than the principal")
    dates = monthly_due_dates(first_due, n, calendar=calendar)
    entry_due: date | None = None
    if entry > 0:
        if down_payment_due is None:
            entry_due = _add_months(first_due, -1)
            if calendar is not None:
                entry_due = calendar.next_business_day(entry_due)
        else:
            entry_due = as_date(down_payment_due, "down_payment_due")
        if entry_due > dates[0]:
            raise InvalidInputError("down_payment_due", "must not be after the first due date")
    elif down_payment_due is not None:
        raise InvalidInputError("down_payment_due", "given without a down_payment")
    return pv, i, entry, entry_due, dates


def _equal_amounts(total: Decimal, n: int, unit: Decimal) -> list[Decimal]:
    share = (total / n).quantize(unit, rounding=ROUND_DOWN)
    return [share] * n


def _plan(
    method: PlanMethod,
    currency: str,
    principal: Decimal,
    entry: Decimal,
    entry_due: date | None,
    rate: Decimal,
    dates: list[date],
    values: list[Decimal],
    unit: Decimal,
    *,
    by_amort: bool = False,
    free: bool = False,
) -> InstallmentPlan:
    """Build the rows from per-period amounts (or amortizations when ``by_amort``); with
    ``free`` the first installment is paid at t=0 and owes no interest."""
    balance = principal - entry
    rows: list[Installment] = []
    if entry_due is not None:
        rows.append(
            trusted(
                Installment,
                {
                    "number": 0,
                    "due_date": entry_due,
                    "amount": entry,
                    "interest": _NO_INTEREST,
                    "amortization": entry,
                    "balance_after": balance,
                    "payments": (),
                },
                _ENTRY_FIELDS,
            )
        )
    last = len(dates)
    multiply, quantize = _CONTEXT.multiply, Decimal.quantize
    for k, (due, value) in enumerate(zip(dates, values, strict=True), start=1):
        accrued = _ZERO if free and k == 1 else multiply(balance, rate)
        interest = quantize(accrued, unit, ROUND_HALF_UP, _CONTEXT)
        amortization = balance if k == last else value if by_amort else value - interest
        amount = interest + amortization
        # Compared with a Decimal zero: comparing with the int 0 converts it every time.
        if amortization < _ZERO or amortization > balance or amount <= _ZERO:
            raise InvalidInputError(
                "n", f"the principal is too small to pay in {last} installments of at least 0.01"
            )
        balance -= amortization
        rows.append(
            trusted(
                Installment,
                {
                    "number": k,
                    "due_date": due,
                    "amount": amount,
                    "interest": interest,
                    "amortization": amortization,
                    "balance_after": balance,
                    "payments": (),
                },
                _ROW_FIELDS,
            )
        )
    return trusted(
        InstallmentPlan,
        {
            "method": method,
            "currency": currency,
            "principal": principal,
            "down_payment": entry,
            "rate": rate,
            "installments": tuple(rows),
        },
        _PLAN_FIELDS,
    )


# Rows and plans are built with ``trusted`` (no validation, which took most of the time):
# every value already has its field's type and constraints: amounts are Decimals quantized to
# the plan's currency and checked non-negative in ``_plan``, numbers are ints from 0, dates
# come from :func:`monthly_due_dates` or ``as_date``, and ``currency`` passed
# :func:`~regua.money.minor_units` in ``_prepare``, so it is already an upper-case known code.
# ``tests/test_installments.py`` checks that validating a plan's dump gives an equal plan.
_ZERO = Decimal(0)
_NO_INTEREST = Installment.model_fields["interest"].default
# The fields each kind of row was built with (what ``model_fields_set`` reports), one set shared
# by all the rows of that kind: the models are frozen, and pydantic copies the set before
# changing it (``model_copy``).
_ENTRY_FIELDS = {"number", "due_date", "amount", "amortization", "balance_after"}
_ROW_FIELDS = _ENTRY_FIELDS | {"interest"}
_PLAN_FIELDS = set(InstallmentPlan.model_fields)

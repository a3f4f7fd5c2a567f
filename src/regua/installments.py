"""Installment plans (Price, SAC, equal split) and the effective rate of a payment stream.

Rates. ``rate`` is a monthly **fraction** (``Decimal("0.0199")`` = 1.99 % a month), never a
percentage: a rate above ``max_monthly_rate`` (default :data:`~regua.money.MAX_MONTHLY_RATE`,
0.5 = 50 % a month) is refused as implausible, with a hint (``"1.99"`` → did you mean 0.0199?).

Rounding, for every plan: each installment's interest is ``balance × rate`` rounded half-up to
the currency's minor unit; its amortization is the installment minus that interest. The amounts
are rounded as described per function, and the **last installment absorbs the residue**: its
amortization is exactly the balance left, so the amortizations always sum to the financed
principal to the cent. The last amount differs from the regular one by at most ``n`` minor units
(one cent per installment for BRL); a Price plan whose equal rounded installment would leave a
larger residue (a long plan at a high rate, where the half-cent of rounding compounds) is
re-amortized instead: see :func:`price`.

Due dates are monthly and keep the day of the month of ``first_due``, clamped at month end
(Jan 31 → Feb 28 → Mar 31: each date is computed from ``first_due``, never from the previous
clamped one). With a ``calendar``, a date that falls on a non-business day is rolled to the next
business day; the amounts do not change (Lei 7.089/83: paying on the next business day costs
nothing extra).

All arithmetic runs in regua's decimal context (:func:`~regua.money.money_context`), so the
results do not depend on the host's :mod:`decimal` settings.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, Overflow
from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter, ValidationInfo, field_validator

from regua._fast import trusted
from regua._html import table
from regua._validation import Frozen, as_date, in_parent_currency, in_range
from regua.calendar import BusinessCalendar, CalendarSpec, as_calendar
from regua.errors import InvalidInputError
from regua.limits import LAST_DATE, MAX_INSTALLMENTS, quote
from regua.models.agreement import Installment
from regua.money import (
    DEFAULT_CURRENCY,
    MAX_AMOUNT,
    MAX_MONTHLY_RATE,
    CurrencyCode,
    _max_monthly_rate,
    add,
    check_places,
    check_rate,
    check_rate_bounds,
    in_money_context,
    minor_unit,
    money_context,
    to_decimal,
)

__all__ = [
    "InstallmentPlan",
    "PlanMethod",
    "effective_rate",
    "equal",
    "monthly_due_dates",
    "price",
    "sac",
]

_INSTALLMENTS: TypeAdapter[tuple[Installment, ...]] = TypeAdapter(tuple[Installment, ...])
_RATE_PLACES = Decimal("1E-12")


class PlanMethod(StrEnum):
    """How the installments of a plan were computed."""

    PRICE = "price"
    SAC = "sac"
    EQUAL = "equal"
    SINGLE = "single"
    """One payment of the principal plus simple interest pro rata die (a due-date extension)."""


class InstallmentPlan(Frozen):
    """A computed plan: an optional down payment (installment number 0) and ``n`` installments.

    ``principal`` is what the plan pays off; ``financed = principal − down_payment`` is what the
    numbered installments amortize at monthly ``rate`` (a fraction: ``0.02`` = 2 % a month).
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
        with money_context():
            return self.principal - self.down_payment

    @property
    def n(self) -> int:
        """Number of installments, not counting the down payment."""
        return sum(1 for i in self.installments if i.number > 0)

    @property
    def total(self) -> Decimal:
        """Everything paid: the down payment plus every installment."""
        return add(i.amount for i in self.installments)

    @property
    def total_interest(self) -> Decimal:
        """Sum of the interest of every installment."""
        return add(i.interest for i in self.installments)

    @property
    def total_amortization(self) -> Decimal:
        """Sum of the amortizations, equal to ``principal`` to the cent."""
        return add(i.amortization for i in self.installments)

    def payments(self) -> list[Decimal]:
        """The amounts in order (down payment first, if any), e.g. for :func:`effective_rate`."""
        return [i.amount for i in self.installments]

    def _repr_html_(self) -> str:
        return table(
            f"{self.method.value} plan: {self.n} installments of {self.currency} "
            f"{self.financed} at {self.rate} a month",
            ("number", "due date", "amount", "interest", "amortization", "balance after"),
            ((i.number, i.due_date, i.amount, i.interest, i.amortization, i.balance_after)
             for i in self.installments),
            [("principal", self.principal), ("down payment", self.down_payment),
             ("total", self.total), ("total interest", self.total_interest)],
        )  # fmt: skip


def monthly_due_dates(
    first_due: date,
    n: int,
    *,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None = None,
) -> list[date]:
    """``n`` monthly dates from ``first_due``, keeping its day and clamping at month end.

    >>> [d.isoformat() for d in monthly_due_dates(date(2026, 1, 31), 3)]
    ['2026-01-31', '2026-02-28', '2026-03-31']
    """
    first = as_date(first_due, "first_due")
    _check_n(n)
    dates = [_add_months(first, k) for k in range(n)]
    business = as_calendar(calendar)
    if business is not None:
        dates = [business.next_business_day(d) for d in dates]
    if dates[-1] > LAST_DATE:
        raise InvalidInputError(
            "n", f"the last installment would be due {dates[-1]}, after {LAST_DATE} (the limit)"
        )
    return dates


@in_money_context
def price(
    principal: Decimal | int | str,
    rate: Decimal | int | str,
    n: int,
    *,
    first_due: date,
    down_payment: Decimal | int | str = 0,
    down_payment_due: date | None = None,
    first_at_signing: bool = False,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None = None,
    currency: str = DEFAULT_CURRENCY,
    max_monthly_rate: Decimal | int | str = MAX_MONTHLY_RATE,
) -> InstallmentPlan:
    """Price table (French amortization): ``n`` equal installments, the first one month after t=0.

    ``rate`` is the monthly interest as a fraction (``"0.02"`` = 2 % a month); a rate above
    ``max_monthly_rate`` (default 0.5) is refused as a probable unit mistake.

    ``PMT = PV·i / (1 − (1+i)^−n)`` on ``PV = principal − down_payment``, rounded half-up to
    cents (as ``numpy_financial.pmt``); interest is rounded half-up each period and the last
    installment absorbs the residue. With ``rate`` 0, ``PMT = PV/n`` (still half-up). The down
    payment (if any) is installment 0, due on ``down_payment_due`` (default: one month before
    ``first_due``, i.e. at t=0).

    Bound on the residue: the last installment is within ``n`` minor units of the others
    (``0.12`` for 12 BRL installments). When the rounded PMT would leave more (a long plan at a
    high rate: each half-cent of rounding grows like an annuity, so ``5095.65`` at 4.86 % in
    194 would end on 990.13 after 193 × 247.67), or would pay the balance off early, the plan is
    **re-amortized**: installment ``k`` is the PMT of the balance left over the installments
    left, rounded half-up: the installments then differ from each other by a minor unit or two
    (``tests/properties/test_calculator_properties.py`` holds every installment within ``n``
    minor units of numpy-financial's PMT at any rate up to 50 % a month and ``n`` up to 360).

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
        principal,
        rate,
        n,
        first_due,
        down_payment,
        down_payment_due,
        calendar,
        currency,
        max_monthly_rate,
    )
    if first_at_signing and entry:
        raise InvalidInputError("first_at_signing", "not combinable with a down_payment")
    unit = minor_unit(currency)
    free = first_at_signing
    exact = _pmt(pv - entry, i, n, free)
    pmt = exact.quantize(unit, rounding=ROUND_HALF_UP)
    try:
        plan = _plan(
            PlanMethod.PRICE,
            currency,
            pv,
            entry,
            entry_due,
            i,
            dates,
            [pmt] * n,
            unit,
            free=free,
        )
    except InvalidInputError:
        plan = None  # the rounded PMT pays the balance off before the last installment
    if plan is None or abs(plan.installments[-1].amount - exact) > n * unit:
        plan = _plan(
            PlanMethod.PRICE, currency, pv, entry, entry_due, i, dates, None, unit, free=free
        )
    return plan


def _pmt(balance: Decimal, rate: Decimal, m: int, at_signing: bool) -> Decimal:
    """The exact installment that pays ``balance`` off in ``m`` monthly installments (the first
    one a month away, or now when ``at_signing``); in regua's context."""
    if rate == 0:
        return balance / m
    annuity = 1 - (1 + rate) ** -m
    if annuity == 0:  # a rate so small that 1 + rate rounds to 1: no interest to 50 digits
        return balance / m
    exact = balance * rate / annuity
    return exact / (1 + rate) if at_signing else exact


@in_money_context
def sac(
    principal: Decimal | int | str,
    rate: Decimal | int | str,
    n: int,
    *,
    first_due: date,
    down_payment: Decimal | int | str = 0,
    down_payment_due: date | None = None,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None = None,
    currency: str = DEFAULT_CURRENCY,
    max_monthly_rate: Decimal | int | str = MAX_MONTHLY_RATE,
) -> InstallmentPlan:
    """SAC (constant amortization): each installment amortizes ``PV/n`` plus the period's interest.

    ``rate`` is the monthly interest as a fraction (``"0.01"`` = 1 % a month); a rate above
    ``max_monthly_rate`` (default 0.5) is refused as a probable unit mistake.
    ``PV/n`` is rounded *down* to cents (so the balance never goes negative) and the last
    installment amortizes what is left (fewer than ``n`` minor units more than the others);
    interest is rounded half-up each period.

    >>> plan = sac("12000.00", "0.01", 12, first_due=date(2026, 2, 10))
    >>> plan.installments[0].amount, plan.installments[-1].amount, plan.total_interest
    (Decimal('1120.00'), Decimal('1010.00'), Decimal('780.00'))
    """
    pv, i, entry, entry_due, dates = _prepare(
        principal,
        rate,
        n,
        first_due,
        down_payment,
        down_payment_due,
        calendar,
        currency,
        max_monthly_rate,
    )
    unit = minor_unit(currency)
    step = ((pv - entry) / n).quantize(unit, rounding=ROUND_DOWN)
    return _plan(
        PlanMethod.SAC,
        currency,
        pv,
        entry,
        entry_due,
        i,
        dates,
        [step] * n,
        unit,
        by_amort=True,
    )


@in_money_context
def equal(
    total: Decimal | int | str,
    n: int,
    *,
    first_due: date,
    down_payment: Decimal | int | str = 0,
    down_payment_due: date | None = None,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None = None,
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
    share = ((pv - entry) / n).quantize(unit, rounding=ROUND_DOWN)
    return _plan(PlanMethod.EQUAL, currency, pv, entry, entry_due, i, dates, [share] * n, unit)


@in_money_context
def effective_rate(
    principal: Decimal | int | str,
    payments: Sequence[Decimal | int | str],
    *,
    start: int = 1,
    max_monthly_rate: Decimal | int | str | None = MAX_MONTHLY_RATE,
) -> Decimal:
    """The monthly rate ``i`` (a fraction) with ``Σ payments[k] / (1+i)^(start+k) = principal``.

    Payments are one month apart, the first at month ``start`` (1: postecipated, as the BCB
    Calculadora do Cidadão; 0: the first is paid at signing). Solved by Newton's method
    safeguarded by bisection to 1e-15, rounded half-even to 12 decimal places (so within 1e-9 of
    the exact root). The rate is negative when the payments sum to less than the principal (a
    discount). A rate above ``max_monthly_rate`` (default 0.5 = 50 % a month; ``None``: no
    bound) is refused: payments that cost that much are almost always in the wrong unit
    (cents for reais). Amounts must be below :data:`~regua.money.MAX_AMOUNT`.

    >>> round(effective_rate("750.00", ["86.00"] * 10) * 100, 4)
    Decimal('2.5690')
    >>> round(effective_rate("750.00", ["86.00"] * 10, start=0) * 100, 4)
    Decimal('3.1806')
    """
    bound = None if max_monthly_rate is None else _max_monthly_rate(max_monthly_rate)
    pv = to_decimal(principal, "principal")
    if pv <= 0:
        raise InvalidInputError("principal", f"must be greater than zero, got {pv}")
    if pv >= MAX_AMOUNT:
        raise InvalidInputError("principal", f"must be below {MAX_AMOUNT}")
    if isinstance(payments, str | bytes) or not isinstance(payments, Sequence):
        raise InvalidInputError("payments", "expected a list of amounts")
    if len(payments) > MAX_INSTALLMENTS + 1:
        raise InvalidInputError(
            "payments", f"{len(payments)} payments; the limit is {MAX_INSTALLMENTS + 1}"
        )
    flows = [to_decimal(p, f"payments[{k}]") for k, p in enumerate(payments)]
    if not flows:
        raise InvalidInputError("payments", "at least one payment is required")
    for k, p in enumerate(flows):
        if p < 0:
            raise InvalidInputError(f"payments[{k}]", f"must not be negative, got {p}")
        if p >= MAX_AMOUNT:
            raise InvalidInputError(f"payments[{k}]", f"must be below {MAX_AMOUNT}")
    if isinstance(start, bool) or not isinstance(start, int) or start < 0:
        raise InvalidInputError("start", f"must be a whole number >= 0, got {quote(start)}")
    if (start == 0 and len(flows) == 1) or all(p == 0 for p in flows[int(start == 0) :]):
        raise InvalidInputError("payments", "no payment after t=0: the rate is undefined")
    if start == 0 and flows[0] >= pv:
        raise InvalidInputError("payments", "the payment at t=0 already covers the principal")

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
        try:
            step = guess - value / slope if slope else low - 1
        except Overflow:  # a slope so flat (tiny payments) that Newton leaves every bound
            step = low - 1
        if abs(step - guess) < tolerance:
            low = high = step
            break
        guess = step if low < step < high else (low + high) / 2
    rate = ((low + high) / 2).quantize(_RATE_PLACES, rounding=ROUND_HALF_EVEN)
    if bound is not None and rate > bound:
        shown, limit = rate.scaleb(2).normalize(), bound.scaleb(2).normalize()
        raise InvalidInputError(
            "payments",
            f"they cost {shown:f}% a month, above the plausible {limit:f}% "
            "(max_monthly_rate): are they in the currency's unit (not cents)?",
        )
    return rate.copy_abs() if rate == 0 else rate  # never a negative zero


def _add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped at month end (``relativedelta`` is 10x slower)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if day.day <= 28:  # every month has the day: no need to look up its length
        return date(year, month, day.day)
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_INSTALLMENTS:
        raise InvalidInputError(
            "n", f"must be a whole number from 1 to {MAX_INSTALLMENTS}, got {quote(n)}"
        )


def _prepare(
    principal: Decimal | int | str,
    rate: Decimal | int | str,
    n: int,
    first_due: date,
    down_payment: Decimal | int | str,
    down_payment_due: date | None,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None,
    currency: str,
    max_monthly_rate: Decimal | int | str = MAX_MONTHLY_RATE,
) -> tuple[Decimal, Decimal, Decimal, date | None, list[date]]:
    pv = check_places(to_decimal(principal, "principal"), currency, "principal")
    if pv <= 0:
        raise InvalidInputError("principal", f"must be greater than zero, got {pv}")
    i = check_rate_bounds(check_rate(rate, "rate", max_monthly_rate=max_monthly_rate))
    if type(down_payment) is int and down_payment == 0:  # the default, without check_places
        entry = _ZERO.quantize(minor_unit(currency))
    else:
        entry = check_places(to_decimal(down_payment, "down_payment"), currency, "down_payment")
    if entry < 0:
        raise InvalidInputError("down_payment", f"must not be negative, got {entry}")
    if entry >= pv:
        raise InvalidInputError("down_payment", "must be smaller than the principal")
    calendar = as_calendar(calendar)
    dates = monthly_due_dates(first_due, n, calendar=calendar)
    entry_due: date | None = None
    if entry > 0:
        if down_payment_due is None:
            entry_due = in_range(_add_months(first_due, -1), "first_due")
            if calendar is not None:
                entry_due = calendar.next_business_day(entry_due)
        else:
            entry_due = as_date(down_payment_due, "down_payment_due")
        if entry_due > dates[0]:
            raise InvalidInputError("down_payment_due", "must not be after the first due date")
    elif down_payment_due is not None:
        raise InvalidInputError("down_payment_due", "given without a down_payment")
    return pv, i, entry, entry_due, dates


def _plan(
    method: PlanMethod,
    currency: str,
    principal: Decimal,
    entry: Decimal,
    entry_due: date | None,
    rate: Decimal,
    dates: list[date],
    values: list[Decimal] | None,
    unit: Decimal,
    *,
    by_amort: bool = False,
    free: bool = False,
) -> InstallmentPlan:
    """Build the rows from per-period amounts (or amortizations when ``by_amort``); with
    ``values`` None, each amount is the Price PMT of the balance left over the periods left
    (re-amortization). With ``free`` the first installment is paid at t=0 and owes no interest.
    Runs in regua's context (the callers enter it)."""
    balance = principal - entry
    zero = _ZERO.quantize(unit)
    rows: list[Installment] = []
    if entry_due is not None:
        rows.append(
            trusted(
                Installment,
                {
                    "number": 0,
                    "due_date": entry_due,
                    "amount": entry,
                    "interest": zero,
                    "amortization": entry,
                    "balance_after": balance,
                    "payments": (),
                },
                _ROW_FIELDS,
            )
        )
    last = len(dates)
    for k, due in enumerate(dates, start=1):
        at_signing = free and k == 1
        interest = zero if at_signing else (balance * rate).quantize(unit, ROUND_HALF_UP)
        if values is None:
            value = _pmt(balance, rate, last - k + 1, at_signing).quantize(unit, ROUND_HALF_UP)
        else:
            value = values[k - 1]
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
# The fields every row was built with (what ``model_fields_set`` reports), one set shared by
# all the rows: the models are frozen, and pydantic copies the set before changing it
# (``model_copy``).
_ROW_FIELDS = {"number", "due_date", "amount", "interest", "amortization", "balance_after"}
_PLAN_FIELDS = set(InstallmentPlan.model_fields)

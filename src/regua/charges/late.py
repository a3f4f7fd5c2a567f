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
* **Interest above 1 % a month for an individual consumer** is lawful but unsettled: before
  Lei 14.905/2024 non-bank creditors charged at most 1 % a.m. (old CC 406 + CTN 161 §1), and how
  the Usura cap (Dec. 22.626/33 art. 1: twice the taxa legal) meets the new taxa legal for people
  is not settled. The debt is computed as agreed and :attr:`DebtBreakdown.warnings` carries a
  :class:`ChargeWarning` (code ``individual_interest_above_1pct_month``); it is never an error.
  It needs ``update(..., individual=True)`` (see :func:`is_individual`) with a ``consumer``
  kind: unknown (``None``), companies, ``business`` and ``condominium`` debtors (CC 1.336 §1:
  the rate the condominium's convention sets) are not warned.

* **Units.** ``fine_percent`` and ``interest_percent`` are percentages. A fine below
  :data:`FRACTION_HINT_PERCENT` (0.1 %), or interest of at most that a month (monthly
  equivalent), is computed as given and carries a :class:`ChargeWarning`
  (``fine_percent_looks_like_a_fraction``, ``interest_percent_looks_like_a_fraction``): 0.02
  written for 2 % charges a hundredth of the fine, with no other sign.

Interest periods: the year basis (:class:`YearBasis`) names how many days a year has: ``360``
calendar days (the commercial year, the default with calendar days), ``365`` calendar days (the
civil year, as ERPNext and most accounting systems count an annual rate) or ``252`` business days
(the default with business days). A rate per ``year`` is divided by those days, a rate per
``month`` by a twelfth of them (30, 30 5/12 or 21 days), a rate per ``day`` applies per day
counted. Simple interest is
``base × r × d/n``; compound is ``base × ((1+r)^(d/n) − 1)``. The same conventions give a rate's
monthly equivalent (a month is 30 calendar or 21 business days): ``r × n_month/n`` simple,
``(1+r)^(n_month/n) − 1`` compound, compared with 1 % exactly (rational arithmetic, no rounding).

Rounding: correction, fine and interest are each computed at full precision and rounded once,
half-up, to the currency's minor unit; the total is their exact sum, so the parts always add up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import (
    ROUND_CEILING,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    Overflow,
)
from enum import StrEnum
from fractions import Fraction
from typing import Any

from pydantic import Field, StrictBool, computed_field, model_validator

from regua._config_model import ConfigModel
from regua._inputs import as_member, as_model, as_optional
from regua._validation import Frozen, as_date
from regua.calendar import BusinessCalendar, CalendarSpec, as_calendar
from regua.charges.correction import IndexSeries
from regua.documents import normalize_document
from regua.errors import InvalidInputError, LegalLimitError
from regua.jurisdiction.brazil import (
    BRAZIL,
    CONSUMER_FINE_CAP_PERCENT,
    INDIVIDUAL_INTEREST_WARNING_PERCENT,
)
from regua.limits import quote
from regua.models.customer import Customer
from regua.models.enums import CustomerKind
from regua.money import (
    DEFAULT_CURRENCY,
    MAX_MONTHLY_RATE,
    MONEY_PRECISION,
    Amount,
    CurrencyCode,
    Rate,
    add,
    check_places,
    check_rate,
    in_money_context,
    minor_unit,
    money_context,
    to_decimal,
)

__all__ = [
    "CONSUMER_FINE_CAP_PERCENT",
    "FRACTION_HINT_PERCENT",
    "INDIVIDUAL_INTEREST_WARNING_PERCENT",
    "ChargeWarning",
    "ChargeWarningCode",
    "DayCount",
    "DebtBreakdown",
    "InterestMethod",
    "InterestPeriod",
    "LateTerms",
    "YearBasis",
    "is_individual",
    "update",
]

_SHOWN = Context(prec=6, rounding=ROUND_CEILING)


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


class YearBasis(StrEnum):
    """How many days an interest year has: the divisor of a rate per year (a twelfth of it
    divides a rate per month).

    ``COMMERCIAL_360`` and ``CALENDAR_365`` count calendar days; ``BUSINESS_252`` counts business
    days (the Brazilian market's convention for rates over business days).
    """

    COMMERCIAL_360 = "360"
    CALENDAR_365 = "365"
    BUSINESS_252 = "252"


_DEFAULT_BASIS = {
    DayCount.CALENDAR: YearBasis.COMMERCIAL_360,
    DayCount.BUSINESS: YearBasis.BUSINESS_252,
}
_BASIS_DAY_COUNT = {
    YearBasis.COMMERCIAL_360: DayCount.CALENDAR,
    YearBasis.CALENDAR_365: DayCount.CALENDAR,
    YearBasis.BUSINESS_252: DayCount.BUSINESS,
}


def _days_per_period(basis: YearBasis, period: InterestPeriod) -> Fraction:
    """The days (calendar or business, per the basis) one ``period`` of a rate spans."""
    if period is InterestPeriod.DAY:
        return Fraction(1)
    year = Fraction(int(basis.value))
    return year if period is InterestPeriod.YEAR else year / 12


class ChargeWarningCode(StrEnum):
    """Stable codes of :class:`ChargeWarning`: match on these, not on the message."""

    INDIVIDUAL_INTEREST_ABOVE_1PCT_MONTH = "individual_interest_above_1pct_month"
    FINE_PERCENT_LOOKS_LIKE_A_FRACTION = "fine_percent_looks_like_a_fraction"
    INTEREST_PERCENT_LOOKS_LIKE_A_FRACTION = "interest_percent_looks_like_a_fraction"


#: Below this, a fine or a monthly-equivalent interest rate (a percentage) reads as a fraction
#: written where a percentage belongs (0.02 for 2 %): no contract found charges that little, and
#: the mistake charges a hundredth of what was agreed without any other sign.
FRACTION_HINT_PERCENT = Decimal("0.1")


class ChargeWarning(Frozen):
    """A non-fatal caution about how a debt was computed: lawful, but check before charging.

    ``law`` names the rules at stake (empty for a caution about the terms' units: a fine or an
    interest rate so small it was probably written as a fraction); ``message`` explains it for
    a person.
    """

    code: ChargeWarningCode
    law: str
    message: str


class LateTerms(ConfigModel):
    """What a contract charges when an amount is paid late.

    Defaults are the Brazilian market default for consumers: 2 % fine, 1 % a month simple
    interest pro rata die on a 30-day month, grace to the next business day, no correction.

    ``year_basis`` names the days of an interest year (:class:`YearBasis`); left out, it is
    ``"360"`` for calendar days and ``"252"`` for business days. It must agree with
    ``day_count``: ``"252"`` counts business days, ``"360"`` and ``"365"`` calendar days.

    ``fine_percent`` and ``interest_percent`` are **percentages** (``2`` = 2 %), as every
    ``*_percent`` in regua; a parameter named ``rate`` is a fraction. An interest rate whose
    monthly equivalent (a rate per day × 30, or 21 in business days; per year ÷ 12) is above
    ``max_monthly_rate`` (a fraction, default 0.5 = 50 % a month) is refused as a probable unit
    mistake; raise ``max_monthly_rate`` to charge more on purpose.

    >>> LateTerms(fine_percent="2", interest_percent="1").interest_period
    <InterestPeriod.MONTH: 'month'>
    >>> LateTerms(interest_percent="10", interest_period="year", year_basis="365").basis
    <YearBasis.CALENDAR_365: '365'>
    """

    fine_percent: Rate = CONSUMER_FINE_CAP_PERCENT
    interest_percent: Rate = Decimal("1")
    interest_period: InterestPeriod = InterestPeriod.MONTH
    interest_method: InterestMethod = InterestMethod.SIMPLE
    day_count: DayCount = DayCount.CALENDAR
    year_basis: YearBasis | None = None
    grace_to_next_business_day: StrictBool = True
    correction_index: IndexSeries | None = None
    max_monthly_rate: Rate = MAX_MONTHLY_RATE

    @model_validator(mode="after")
    def _sane(self) -> LateTerms:
        if self.fine_percent > 100:
            raise ValueError("fine_percent: must not exceed 100 (CC 412)")
        if self.year_basis is not None and _BASIS_DAY_COUNT[self.year_basis] is not self.day_count:
            counted = _BASIS_DAY_COUNT[self.year_basis]
            raise ValueError(
                f"year_basis: a {self.year_basis}-day year counts {counted} days, but day_count "
                f"is '{self.day_count}'; set day_count to '{counted}'"
            )
        ratio = _days_per_period(self.basis, InterestPeriod.MONTH) / _days_per_period(
            self.basis, self.interest_period
        )
        with money_context():
            periods_a_month = Decimal(ratio.numerator) / ratio.denominator
        check_rate(
            self.interest_percent,
            "interest_percent",
            max_monthly_rate=self.max_monthly_rate,
            percent=True,
            per=self.interest_period,
            periods_a_month=periods_a_month,
        )
        return self

    @property
    def basis(self) -> YearBasis:
        """The year basis in force: ``year_basis``, or the default for ``day_count``."""
        return self.year_basis or _DEFAULT_BASIS[self.day_count]


class DebtBreakdown(Frozen):
    """An amount updated to a date:
    ``total = principal + correction + fine + interest + fees − discount``.

    ``days_late`` counts the days interest ran (calendar or business days per the terms); it is 0
    when not late or within the Lei 7.089/83 grace. ``warnings`` lists legal cautions about the
    terms (see :class:`ChargeWarning`); it is left out of dumps when empty. ``fees`` are the
    collection fees already charged (the ``fee`` of the actions carried out, see
    :class:`~regua.rules.schedule.Fee`): added as they are, never a base of the fine or the
    interest; left out of dumps when zero.
    """

    currency: CurrencyCode = DEFAULT_CURRENCY
    principal: Amount
    correction: Amount = Decimal(0)
    fine: Amount = Decimal(0)
    interest: Amount = Decimal(0)
    discount: Amount = Decimal(0)
    days_late: int = Field(default=0, ge=0)
    warnings: tuple[ChargeWarning, ...] = Field(default=(), exclude_if=lambda w: not w)
    fees: Amount = Field(default=Decimal(0), exclude_if=lambda fees: not fees)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        # Missing parts are zero (then quantized by validation). ``total`` is derived: a dumped
        # breakdown validates back only when its total still agrees with the parts.
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for part in ("correction", "fine", "interest", "discount", "fees"):
            data.setdefault(part, Decimal(0))
        if "total" in data:
            stated = to_decimal(data.pop("total"), "total")
            parts = ("principal", "correction", "fine", "interest", "fees")
            computed = add(to_decimal(data.get(p, 0), p) for p in parts)
            if stated != add([computed, to_decimal(data["discount"], "discount").copy_negate()]):
                raise InvalidInputError("total", "does not match the parts")
        return data

    @model_validator(mode="after")
    def _consistent(self) -> DebtBreakdown:
        if self.discount > self.gross:
            raise ValueError("discount: must not exceed the gross debt")
        return self

    def _repr_html_(self) -> str:
        from regua._html import table

        parts = [("principal", self.principal), ("correction", self.correction),
                 ("fine", self.fine), ("interest", self.interest),
                 ("discount (subtracted)", self.discount), ("total", self.total)]  # fmt: skip
        return table(
            f"Debt in {self.currency}, {self.days_late} days late",
            ("part", "amount"),
            parts,
            [("warning", w.message) for w in self.warnings],
        )

    @classmethod
    def combine(cls, breakdowns: Iterable[DebtBreakdown]) -> DebtBreakdown:
        """The sum of several breakdowns in one currency (e.g. every open invoice of a customer,
        to negotiate them together); ``days_late`` is the largest; ``warnings`` are all of theirs,
        each once, in order.

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
        parts = ("principal", "correction", "fine", "interest", "discount", "fees")
        sums = {p: add(getattr(b, p) for b in items) for p in parts}
        warnings = tuple(dict.fromkeys(w for b in items for w in b.warnings))
        return cls(
            currency=items[0].currency,
            days_late=max(b.days_late for b in items),
            warnings=warnings,
            **sums,
        )

    @property
    def charges(self) -> Decimal:
        """Fine plus interest: what a "waive the charges" discount forgives."""
        return add([self.fine, self.interest])

    @property
    def updated_principal(self) -> Decimal:
        """Principal plus monetary correction: the principal in today's money."""
        return add([self.principal, self.correction])

    @property
    def gross(self) -> Decimal:
        """Everything owed before any discount."""
        return add([self.principal, self.correction, self.fine, self.interest, self.fees])

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> Decimal:
        """What the debtor pays: the gross debt minus the discount."""
        return add([self.gross, self.discount.copy_negate()])


_DEFAULT_TERMS = LateTerms()


def is_individual(debtor: Customer | Mapping[str, Any] | str | None) -> bool | None:
    """Whether a debtor is a person (CPF: ``True``) or a company (CNPJ: ``False``), from a
    :class:`~regua.models.Customer` or a document; ``None`` when there is no document.

    >>> is_individual("529.982.247-25"), is_individual("11.222.333/0001-81"), is_individual(None)
    (True, False, None)
    """
    if debtor is not None and not isinstance(debtor, str):
        debtor = as_model(debtor, Customer, "debtor").document
    document = debtor
    if document is None:
        return None
    return len(normalize_document(document)) == 11


def _monthly_rate_exceeds(terms: LateTerms, limit_percent: Decimal) -> bool:
    """Whether the terms' monthly-equivalent interest rate is above ``limit_percent``, exactly."""
    rate = Fraction(terms.interest_percent) / 100
    limit = Fraction(limit_percent) / 100
    exponent = _days_per_period(terms.basis, InterestPeriod.MONTH) / _days_per_period(
        terms.basis, terms.interest_period
    )
    linear = rate * exponent
    if terms.interest_method is InterestMethod.SIMPLE:
        return linear > limit
    # Bernoulli: (1+r)^e is at least 1 + e·r when e ≥ 1 and at most that when e ≤ 1; these
    # settle most cases (and huge rates) without raising big fractions to a power.
    if exponent >= 1 and linear > limit:
        return True
    if exponent <= 1 and linear <= limit:
        return False
    # (1+r)^(a/b) > 1+l  ⟺  (1+r)^a > (1+l)^b, with a/b the reduced exponent.
    return (1 + rate) ** exponent.numerator > (1 + limit) ** exponent.denominator


def _monthly_text(terms: LateTerms) -> str:
    """The terms' interest rate, and its monthly equivalent when it is not a monthly rate."""
    n_month = _days_per_period(terms.basis, InterestPeriod.MONTH)
    ratio = n_month / _days_per_period(terms.basis, terms.interest_period)
    exponent = Decimal(ratio.numerator) / ratio.denominator
    rate = terms.interest_percent / 100
    if terms.interest_method is InterestMethod.SIMPLE:
        monthly = rate * exponent
    else:
        monthly = (1 + rate) ** exponent - 1
    # Six significant digits, rounded up so that a rate just above the limit never reads as it.
    shown = _SHOWN.plus(monthly.scaleb(2, _SHOWN)).normalize(_SHOWN)
    rate_text = f"interest of {terms.interest_percent}% a {terms.interest_period}"
    if terms.interest_period is InterestPeriod.MONTH:
        return rate_text + " is"
    days = "business days" if terms.day_count is DayCount.BUSINESS else "days"
    month = f"{n_month}" if n_month.denominator == 1 else f"{terms.basis}/12"
    return rate_text + f" ({terms.interest_method}, {month} {days} a month) is {shown:f}% a month,"


def _individual_interest_caution(rate_text: str) -> ChargeWarning:
    """The caution for interest above 1 % a month for an individual consumer, ``rate_text``
    saying the rate and its monthly equivalent (``update``'s terms, ``cobv_amount``'s juros)."""
    return ChargeWarning(
        code=ChargeWarningCode.INDIVIDUAL_INTEREST_ABOVE_1PCT_MONTH,
        law="CC 406 (Lei 14.905/2024); Dec. 22.626/33 (Usura) art. 1",
        message=(
            f"{rate_text} above the {INDIVIDUAL_INTEREST_WARNING_PERCENT}% a month"
            " that non-bank creditors charged individuals before Lei 14.905/2024; how the Usura"
            " cap meets the new taxa legal for an individual consumer is unsettled: confirm"
            " before charging"
        ),
    )


def _fraction_warnings(terms: LateTerms) -> tuple[ChargeWarning, ...]:
    """Cautions for a fine or an interest rate below :data:`FRACTION_HINT_PERCENT` (but not
    zero): probably a fraction where a percentage belongs."""
    found = []
    fine = terms.fine_percent
    if 0 < fine < FRACTION_HINT_PERCENT:
        found.append(
            ChargeWarning(
                code=ChargeWarningCode.FINE_PERCENT_LOOKS_LIKE_A_FRACTION,
                law="",
                message=(
                    f"a fine of {fine}% is below {FRACTION_HINT_PERCENT}%: fine_percent is a"
                    f" percentage (2 = 2 %); if {fine} was meant as a fraction, pass"
                    f" {(fine * 100).normalize():f}"
                ),
            )
        )
    rate = terms.interest_percent
    if rate > 0 and not _monthly_rate_exceeds(terms, FRACTION_HINT_PERCENT):
        found.append(
            ChargeWarning(
                code=ChargeWarningCode.INTEREST_PERCENT_LOOKS_LIKE_A_FRACTION,
                law="",
                message=(
                    f"{_monthly_text(terms)} at most {FRACTION_HINT_PERCENT}% a month:"
                    " interest_percent is a percentage (1 = 1 %); if"
                    f" {rate} was meant as a fraction, pass {(rate * 100).normalize():f}"
                ),
            )
        )
    return tuple(found)


@in_money_context
def update(
    amount: Decimal | int | str,
    due_date: date,
    *,
    as_of: date,
    terms: LateTerms | Mapping[str, Any] | None = None,
    customer_kind: CustomerKind | str = CustomerKind.CONSUMER,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None = None,
    currency: str = DEFAULT_CURRENCY,
    individual: bool | None = None,
    fees: Decimal | int | str = 0,
) -> DebtBreakdown:
    """The debt of ``amount`` due on ``due_date`` if paid on ``as_of``.

    ``fees``: collection fees already charged on it (the sum of the ``fee`` of the actions the
    host carried out), added to the total as they are: the fine and the interest run on the
    amount alone, so fees never count toward the fine cap and never compound.

    ``calendar`` decides business days (grace and business-day counts); without one, Brazil's
    national banking calendar :meth:`~regua.calendar.BusinessCalendar.brazil` is used. Rounding:
    each component half-up to cents (see the module docstring).

    ``individual`` says whether the debtor is a person (``True``, CPF) or a company (``False``,
    CNPJ); :func:`is_individual` derives it from a customer. ``None`` means unknown and gives no
    warning. For an individual ``consumer`` whose terms charge more than 1 % a month (monthly
    equivalent), the result carries a :class:`ChargeWarning` whether or not interest has run yet.

    >>> d = update("1000.00", date(2026, 1, 2), as_of=date(2026, 4, 2))
    >>> d.days_late, d.fine, d.interest, d.total
    (90, Decimal('20.00'), Decimal('30.00'), Decimal('1050.00'))
    """
    principal = check_places(to_decimal(amount, "amount"), currency, "amount")
    if principal < 0:
        raise InvalidInputError("amount", f"must not be negative, got {principal}")
    charged = check_places(to_decimal(fees, "fees"), currency, "fees")
    if charged < 0:
        raise InvalidInputError("fees", f"must not be negative, got {charged}")
    due = as_date(due_date, "due_date")
    day = as_date(as_of, "as_of")
    late = as_optional(terms, LateTerms, "terms") or _DEFAULT_TERMS
    kind = as_member(customer_kind, CustomerKind, "customer_kind")
    if BRAZIL.fine_capped(kind) and late.fine_percent > BRAZIL.fine_cap_percent:
        raise LegalLimitError(
            "fine_percent",
            f"{late.fine_percent}% exceeds the {BRAZIL.fine_cap_percent}% cap for a {kind} "
            f"debtor ({BRAZIL.fine_cap_law}); only business contracts may agree more",
        )
    if individual is not None and not isinstance(individual, bool):
        raise InvalidInputError(
            "individual", f"must be True, False or None, got {quote(individual)}"
        )
    warnings = _fraction_warnings(late)
    if (
        individual
        and kind is CustomerKind.CONSUMER
        and _monthly_rate_exceeds(late, INDIVIDUAL_INTEREST_WARNING_PERCENT)
    ):
        warnings += (_individual_interest_caution(_monthly_text(late)),)
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
        warnings=warnings,
        fees=charged,
    )
    if day <= due:
        return unchanged
    needs_calendar = late.grace_to_next_business_day or late.day_count is DayCount.BUSINESS
    calendar = as_calendar(calendar)
    if calendar is None and needs_calendar:
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
    factor = Decimal(1)
    if late.correction_index is not None:
        # Deflation may lower the factor but never the nominal debt (STJ, REsp 1.265.580).
        factor = max(Decimal(1), late.correction_index.factor(due, day))
    correction = (principal * (factor - 1)).quantize(unit, rounding=ROUND_HALF_UP)
    base = principal + correction
    fine = (base * late.fine_percent / 100).quantize(unit, rounding=ROUND_HALF_UP)
    rate = late.interest_percent / 100
    span = _days_per_period(late.basis, late.interest_period)
    periods = Decimal(days * span.denominator) / span.numerator
    try:
        if late.interest_method is InterestMethod.SIMPLE:
            exact = base * rate * periods
        else:
            exact = base * ((1 + rate) ** periods - 1)
        interest = exact.quantize(unit, rounding=ROUND_HALF_UP)
    except (InvalidOperation, Overflow):
        raise InvalidInputError(
            "interest_percent",
            f"{late.interest_percent}% a {late.interest_period} over {days} days gives "
            f"interest beyond {MONEY_PRECISION} digits",
        ) from None
    return unchanged.model_copy(
        update={"correction": correction, "fine": fine, "interest": interest, "days_late": days}
    )

"""Pix "cobrança com vencimento" (cobv): the amount due on a payment date, per the BCB API spec.

The models validate straight from the spec's JSON (``{"modalidade": 2, "valorPerc": "3.00"}``)
and dump back to it with ``model_dump(by_alias=True)``. Source: ``bacen/pix-api`` openapi.yaml
(release 2.9.0), schemas ``CobVValor`` and ``CobVPayloadValor``; BRAZIL_RULES §3.

Dates. A due date on a non-business day of ``calendar`` moves to the next business day, and
the validity, the discount dates and the charges follow it:

* paid on or before the *adjusted* due date: not late, discounts apply;
* paid later: fine, and interest counted **from the original due date** (Lei 7.089/83 grace is
  lost, STJ 2022 — the Pix manual's retroactivity is unverified, BRAZIL_RULES §8);
* the last payable day is ``next_business_day(adjusted_due + validadeAposVencimento days)``
  (reproduces the spec's examples A–G; the error catalogue's other reading is not followed).

Choices where the spec is silent or ambiguous (BRAZIL_RULES §3, §8), all tested:

* Interest (``juros``) and a percentage fine are computed on ``original − abatimento``
  (Manual Eq. 11); so is a percentage discount.
* Interest per month/year in calendar days divides by 30/360; in business days by 21/252; a
  rate "ao dia" applies per day (issue #205, #607).
* Each fixed discount date (modalities 1–2) is rolled to the next business day like the due
  date; the discount of the **earliest** date still on or after the payment date applies.
* Per-day discounts (3–6) count days from the payment date to the adjusted due date.
* Neither a rebate (rounded) nor a discount takes the amount below one minor unit (a Pix must
  be positive): 50 % off 0.01 is a rebate of 0.00.
* Rounding: each component at full precision, then one half-up rounding to cents
  (the default discussed in #607); ``final`` is the exact sum of the rounded components.

Law (BRAZIL_RULES §1), as in :func:`~regua.charges.update`: for a ``consumer`` or
``condominium`` debtor (the default kind is ``consumer``) a fine above 2 % of what is owed
(the original less its ``abatimento``, the base of a percentage fine too), as a percentage or
as a fixed value, raises :class:`~regua.errors.LegalLimitError`
(CDC art. 52 §1, CC 1.336 §1); only ``business`` debtors may agree more. Interest (``juros``)
whose monthly equivalent is above ``max_monthly_rate`` (a fraction, default 0.5 = 50 % a month;
a rate per day counts 30 or 21 days a month, per year a twelfth) is refused as a probable unit
mistake: ``valorPerc`` is a percentage (``"1.00"`` = 1 %).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from regua._inputs import as_member, as_optional
from regua._result import Result
from regua._validation import Day, Frozen, as_date
from regua.calendar import BusinessCalendar, CalendarSpec, as_calendar
from regua.charges.late import (
    FRACTION_HINT_PERCENT,
    ChargeWarning,
    ChargeWarningCode,
    _individual_interest_caution,
)
from regua.errors import InvalidInputError, LegalLimitError
from regua.jurisdiction.brazil import BRAZIL, INDIVIDUAL_INTEREST_WARNING_PERCENT
from regua.limits import MAX_DAYS, quote
from regua.models.enums import CustomerKind
from regua.money import MAX_MONTHLY_RATE, add, check_rate, in_money_context, to_decimal

__all__ = [
    "CobVAbatimento",
    "CobVDesconto",
    "CobVDescontoDataFixa",
    "CobVJuros",
    "CobVMulta",
    "CobVResult",
    "cobv_amount",
    "cobv_last_payable_day",
]

_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)


def _spec_decimal(value: Any) -> Decimal:
    """``\\d{1,10}\\.\\d{2}``: non-negative, at most two decimals (str, int or exact Decimal)."""
    number = to_decimal(value, "valorPerc")
    if number < 0:
        raise InvalidInputError("valorPerc", f"must not be negative, got {number}")
    if number != number.quantize(_CENT):
        raise InvalidInputError("valorPerc", f"{number} has more than 2 decimal places")
    if number >= Decimal("1E10"):
        raise InvalidInputError("valorPerc", f"{number} has more than 10 integer digits")
    return number.quantize(_CENT)


SpecDecimal = Annotated[Decimal, BeforeValidator(_spec_decimal)]


class _SpecModel(Frozen):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class CobVMulta(_SpecModel):
    """Late fine: ``modalidade`` 1 = fixed value (R$), 2 = percentage of the amount
    (``valorPerc`` ``"2.00"`` = 2 %). At most 2 % for a consumer: see :func:`cobv_amount`."""

    modalidade: Literal[1, 2]
    valor_perc: SpecDecimal = Field(alias="valorPerc")


class CobVJuros(_SpecModel):
    """Late interest. ``modalidade``: 1 R$/day, 2 %/day, 3 %/month, 4 %/year in calendar days;
    5–8 the same in business days. ``valorPerc`` is an amount (1, 5) or a percentage
    (``"1.00"`` = 1 %), never a fraction; see :func:`cobv_amount` for the plausibility bound."""

    modalidade: Literal[1, 2, 3, 4, 5, 6, 7, 8]
    valor_perc: SpecDecimal = Field(alias="valorPerc")


class CobVAbatimento(_SpecModel):
    """Rebate of the original amount: ``modalidade`` 1 = fixed value, 2 = percentage."""

    modalidade: Literal[1, 2]
    valor_perc: SpecDecimal = Field(alias="valorPerc")


class CobVDescontoDataFixa(_SpecModel):
    """A discount valid for payments up to ``data`` (inclusive)."""

    data: Day
    valor_perc: SpecDecimal = Field(alias="valorPerc")


class CobVDesconto(_SpecModel):
    """Discount. ``modalidade`` 1/2: fixed value/percentage until up to three dates
    (``descontoDataFixa``); 3/4: value per calendar/business day of anticipation; 5/6:
    percentage per calendar/business day of anticipation (``valorPerc``)."""

    modalidade: Literal[1, 2, 3, 4, 5, 6]
    valor_perc: SpecDecimal | None = Field(default=None, alias="valorPerc")
    desconto_data_fixa: tuple[CobVDescontoDataFixa, ...] | None = Field(
        default=None, alias="descontoDataFixa"
    )

    @model_validator(mode="after")
    def _shape(self) -> CobVDesconto:
        if self.modalidade in (1, 2):
            if self.valor_perc is not None:
                raise ValueError("valorPerc: not allowed with modalidade 1 or 2 (use the dates)")
            if not self.desconto_data_fixa:
                raise ValueError("descontoDataFixa: modalidade 1 or 2 needs 1 to 3 dates")
            if len(self.desconto_data_fixa) > 3:
                raise ValueError("descontoDataFixa: at most 3 dates")
            dates = [d.data for d in self.desconto_data_fixa]
            if len(set(dates)) != len(dates):
                raise ValueError("descontoDataFixa: dates must be distinct")
        else:
            if self.valor_perc is None:
                raise ValueError(f"valorPerc: required with modalidade {self.modalidade}")
            if self.desconto_data_fixa is not None:
                raise ValueError(f"descontoDataFixa: not allowed with modalidade {self.modalidade}")
        return self


@dataclass(frozen=True, slots=True, kw_only=True)
class CobVResult(Result):
    """``CobVPayloadValor``: the components in R$; ``final = original + multa + juros −
    abatimento − desconto``. ``days_late`` (not in the spec) counts calendar days from the
    original due date, 0 when paid by the adjusted due date. ``to_dict()`` gives the spec's
    field names with the amounts as decimal strings (``"105.00"``)."""

    original: Decimal
    multa: Decimal
    juros: Decimal
    abatimento: Decimal
    desconto: Decimal
    final: Decimal
    days_late: int = 0
    #: Cautions about the terms, as :func:`~regua.charges.update` gives them; left out of
    #: :meth:`to_dict` when empty, so the spec's fields stay as they were.
    warnings: Annotated[tuple[ChargeWarning, ...], Field(exclude_if=lambda w: not w)] = ()


def _calendar(value: BusinessCalendar | CalendarSpec | Mapping[str, Any]) -> BusinessCalendar:
    """The calendar a cobv needs (the spec always counts business days): never None."""
    calendar = as_calendar(value)
    if calendar is None:
        raise InvalidInputError(
            "calendar", "got None; a cobv needs the calendar of the place of payment"
        )
    return calendar


def cobv_last_payable_day(
    due_date: date,
    *,
    validity_days: int = 30,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any],
) -> date:
    """Last day a cobv can be paid: ``next_business_day(next_business_day(due) + N)``.

    >>> from regua.calendar import BusinessCalendar
    >>> cal = BusinessCalendar(holidays=[date(2020, 12, 25), date(2021, 1, 1)])
    >>> cobv_last_payable_day(date(2020, 12, 25), validity_days=4, calendar=cal)
    datetime.date(2021, 1, 4)
    """
    due = as_date(due_date, "due_date")
    calendar = _calendar(calendar)
    if (
        isinstance(validity_days, bool)
        or not isinstance(validity_days, int)
        or not 0 <= validity_days <= MAX_DAYS
    ):
        raise InvalidInputError(
            "validadeAposVencimento",
            f"must be a whole number from 0 to {MAX_DAYS}, got {quote(validity_days)}",
        )
    adjusted = calendar.next_business_day(due)
    return calendar.next_business_day(adjusted + timedelta(days=validity_days))


@in_money_context
def cobv_amount(
    original: Decimal | int | str,
    *,
    due_date: date,
    paid_on: date,
    multa: CobVMulta | Mapping[str, Any] | None = None,
    juros: CobVJuros | Mapping[str, Any] | None = None,
    desconto: CobVDesconto | Mapping[str, Any] | None = None,
    abatimento: CobVAbatimento | Mapping[str, Any] | None = None,
    validity_days: int = 30,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any],
    customer_kind: CustomerKind | str = CustomerKind.CONSUMER,
    max_monthly_rate: Decimal | int | str = MAX_MONTHLY_RATE,
    individual: bool | None = None,
) -> CobVResult:
    """What a cobv of ``original`` due on ``due_date`` costs when paid on ``paid_on``.

    ``validity_days`` is the spec's ``calendario.validadeAposVencimento``. Raises
    :class:`~regua.errors.InvalidInputError` for the spec's rejections (``CobVOperacaoInvalida``)
    and for a payment after the last payable day. Rounding: see the module docstring.
    ``customer_kind`` is the debtor's :class:`~regua.models.CustomerKind`: a ``consumer``
    (the default) or ``condominium`` fine above 2 % raises
    :class:`~regua.errors.LegalLimitError`; ``max_monthly_rate`` bounds ``juros`` (see the
    module docstring). ``warnings`` are those of :func:`~regua.charges.update`: a percentage
    fine below 0.1 % or percentage interest of at most 0.1 % a month (probably a fraction
    where a percentage belongs), and, when ``individual`` is True for a ``consumer``, interest
    above 1 % a month (monthly equivalent).

    >>> from regua.calendar import BusinessCalendar
    >>> cal = BusinessCalendar(holidays=[date(2020, 12, 25), date(2021, 1, 1)])
    >>> r = cobv_amount("100.00", due_date=date(2021, 3, 1), paid_on=date(2021, 3, 3),
    ...                 multa={"modalidade": 2, "valorPerc": "2.00"},
    ...                 juros={"modalidade": 2, "valorPerc": "1.00"}, calendar=cal)
    >>> r.multa, r.juros, r.final
    (Decimal('2.00'), Decimal('2.00'), Decimal('104.00'))

    The BCB's own example charges a 3 % fine: lawful only between businesses.

    >>> cobv_amount("100.00", due_date=date(2021, 3, 1), paid_on=date(2021, 3, 3),
    ...             multa={"modalidade": 2, "valorPerc": "3.00"}, calendar=cal).final
    Traceback (most recent call last):
    ...
    regua.errors.LegalLimitError: multa.valorPerc: 3.00% exceeds the 2% cap for a consumer ...
    >>> cobv_amount("100.00", due_date=date(2021, 3, 1), paid_on=date(2021, 3, 3),
    ...             multa={"modalidade": 2, "valorPerc": "3.00"},
    ...             juros={"modalidade": 2, "valorPerc": "1.00"}, calendar=cal,
    ...             customer_kind="business").final
    Decimal('105.00')
    """
    value = _spec_decimal(original)
    if value == 0:
        raise InvalidInputError("original", "must be greater than zero")
    due = as_date(due_date, "due_date")
    day = as_date(paid_on, "paid_on")
    fine = as_optional(multa, CobVMulta, "multa")
    rate = as_optional(juros, CobVJuros, "juros")
    if rate is not None:
        _check_interest(rate, max_monthly_rate)
    if individual is not None and not isinstance(individual, bool):
        raise InvalidInputError(
            "individual", f"must be True, False or None, got {quote(individual)}"
        )
    warnings = _warnings(
        fine, rate, as_member(customer_kind, CustomerKind, "customer_kind"), individual
    )
    off = as_optional(desconto, CobVDesconto, "desconto")
    rebate_terms = as_optional(abatimento, CobVAbatimento, "abatimento")
    calendar = _calendar(calendar)
    last = cobv_last_payable_day(due, validity_days=validity_days, calendar=calendar)
    adjusted = calendar.next_business_day(due)

    rebate = Decimal(0)
    if rebate_terms is not None:
        pv = rebate_terms.valor_perc
        if (rebate_terms.modalidade == 1 and pv >= value) or (
            rebate_terms.modalidade == 2 and pv >= _HUNDRED
        ):
            raise InvalidInputError("abatimento.valorPerc", "must be less than the original/100%")
        rebate = pv if rebate_terms.modalidade == 1 else value * pv / _HUNDRED
    if off is not None:
        _check_discount(off, value, due)
    if day > last:
        raise InvalidInputError("paid_on", f"after the last payable day {last.isoformat()}")

    rebate = min(rebate.quantize(_CENT, rounding=ROUND_HALF_UP), value - _CENT)
    base = value - rebate
    if fine is not None:
        # The cap is on what is owed, the base of a percentage fine too: a fixed fine of 2.00
        # is 4 % of 100.00 rebated to 50.00.
        _check_fine_cap(fine, base, customer_kind)
    fine_amount = interest = discount = Decimal(0)
    days_late = 0
    if day > adjusted:
        days_late = (day - due).days
        if fine is not None:
            fine_amount = (
                fine.valor_perc if fine.modalidade == 1 else base * fine.valor_perc / _HUNDRED
            )
        if rate is not None:
            interest = _interest(rate, base, due, day, calendar)
    elif off is not None:
        discount = _discount(off, base, day, adjusted, calendar)
    fine_amount = fine_amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    interest = interest.quantize(_CENT, rounding=ROUND_HALF_UP)
    discount = min(discount.quantize(_CENT, rounding=ROUND_HALF_UP), base - _CENT)
    discount = max(discount, Decimal(0)).quantize(_CENT)
    return CobVResult(
        original=value,
        multa=fine_amount,
        juros=interest,
        abatimento=rebate,
        desconto=discount,
        final=add([value, fine_amount, interest, rebate.copy_negate(), discount.copy_negate()]),
        days_late=days_late,
        warnings=warnings,
    )


def _check_fine_cap(fine: CobVMulta, owed: Decimal, customer_kind: CustomerKind | str) -> None:
    """Refuse a fine above the consumer cap: a percentage above it, or a fixed fine above that
    share of ``owed`` (the original less its abatimento, what a percentage fine is taken of)."""
    kind = as_member(customer_kind, CustomerKind, "customer_kind")
    if not BRAZIL.fine_capped(kind):
        return
    law = f"({BRAZIL.fine_cap_law}); only business contracts may agree more"
    percent = BRAZIL.fine_cap_percent
    if fine.modalidade == 2 and fine.valor_perc > percent:
        raise LegalLimitError(
            "multa.valorPerc",
            f"{fine.valor_perc}% exceeds the {percent}% cap for a {kind} debtor {law}",
        )
    cap = owed * percent / _HUNDRED
    if fine.modalidade == 1 and fine.valor_perc > cap:
        raise LegalLimitError(
            "multa.valorPerc",
            f"a fixed fine of {fine.valor_perc} is more than {percent}% of "
            f"{owed}, the cap for a {kind} debtor {law}",
        )


def _per(rate: CobVJuros) -> tuple[str, Decimal] | None:
    """The period of a percentage ``juros`` rate and how many of it make a month (30 calendar
    or 21 business days); None for an amount per day, which is no rate."""
    kind = (rate.modalidade - 1) % 4  # 0 value/day, 1 %/day, 2 %/month, 3 %/year
    if kind == 0:
        return None
    month = 21 if rate.modalidade >= 5 else 30
    per, days = ("day", 1) if kind == 1 else ("month", month) if kind == 2 else ("year", 12 * month)
    return per, Decimal(month) / days


def _check_interest(rate: CobVJuros, max_monthly_rate: Decimal | int | str) -> None:
    period = _per(rate)
    if period is None:
        return  # an amount per day, not a rate
    per, periods_a_month = period
    check_rate(
        rate.valor_perc,
        "juros.valorPerc",
        max_monthly_rate=max_monthly_rate,
        percent=True,
        per=per,
        periods_a_month=periods_a_month,
    )


def _warnings(
    fine: CobVMulta | None, rate: CobVJuros | None, kind: CustomerKind, individual: bool | None
) -> tuple[ChargeWarning, ...]:
    """What :func:`~regua.charges.update` warns of, for the spec's terms: a percentage that
    reads as a fraction, interest above 1 % a month for an individual consumer."""
    found = []
    if fine is not None and fine.modalidade == 2 and 0 < fine.valor_perc < FRACTION_HINT_PERCENT:
        found.append(
            ChargeWarning(
                code=ChargeWarningCode.FINE_PERCENT_LOOKS_LIKE_A_FRACTION,
                law="",
                message=(
                    f"multa.valorPerc {fine.valor_perc} is a fine of {fine.valor_perc}%, below"
                    f' {FRACTION_HINT_PERCENT}%: valorPerc is a percentage ("2.00" = 2 %); if'
                    f" it was meant as a fraction, pass {fine.valor_perc * 100:.2f}"
                ),
            )
        )
    period = None if rate is None else _per(rate)
    if rate is None or period is None:
        return tuple(found)
    per, periods_a_month = period
    # periods_a_month is 30, 21, 1 or 1/12 (rounded down at the 50th digit) and valorPerc has
    # two places, so no monthly rate lands between a bound below and its exact value.
    monthly = rate.valor_perc * periods_a_month
    shown = f"juros.valorPerc {rate.valor_perc}% a {per}" + (
        "" if per == "month" else f" is {monthly.normalize():f}% a month,"
    )
    if 0 < monthly <= FRACTION_HINT_PERCENT:
        found.append(
            ChargeWarning(
                code=ChargeWarningCode.INTEREST_PERCENT_LOOKS_LIKE_A_FRACTION,
                law="",
                message=(
                    f"{shown} at most {FRACTION_HINT_PERCENT}% a month: valorPerc is a"
                    f' percentage ("1.00" = 1 %); if it was meant as a fraction, pass'
                    f" {rate.valor_perc * 100:.2f}"
                ),
            )
        )
    if (
        individual
        and kind is CustomerKind.CONSUMER
        and monthly > INDIVIDUAL_INTEREST_WARNING_PERCENT
    ):
        found.append(_individual_interest_caution(shown))
    return tuple(found)


def _check_discount(off: CobVDesconto, original: Decimal, due: date) -> None:
    values = [off.valor_perc] if off.valor_perc is not None else []
    for fixed in off.desconto_data_fixa or ():
        values.append(fixed.valor_perc)
        if fixed.data > due:
            raise InvalidInputError(
                "desconto.descontoDataFixa.data", f"{fixed.data} is after the due date {due}"
            )
    is_value = off.modalidade in (1, 3, 4)
    for pv in values:
        if (is_value and pv >= original) or (not is_value and pv >= _HUNDRED):
            raise InvalidInputError(
                "desconto.valorPerc", "must be less than the original amount / 100%"
            )


def _interest(
    rate: CobVJuros, base: Decimal, due: date, day: date, calendar: BusinessCalendar
) -> Decimal:
    business = rate.modalidade >= 5
    days = calendar.business_days_between(due, day) if business else (day - due).days
    kind = (rate.modalidade - 1) % 4  # 0 value/day, 1 %/day, 2 %/month, 3 %/year
    if kind == 0:
        return rate.valor_perc * days
    per_period = (1, 21, 252)[kind - 1] if business else (1, 30, 360)[kind - 1]
    return base * rate.valor_perc / _HUNDRED * days / per_period


def _discount(
    off: CobVDesconto, base: Decimal, day: date, adjusted: date, calendar: BusinessCalendar
) -> Decimal:
    if off.modalidade in (1, 2):
        valid = sorted(
            (calendar.next_business_day(f.data), f.valor_perc)
            for f in off.desconto_data_fixa or ()
            if day <= calendar.next_business_day(f.data)
        )
        if not valid:
            return Decimal(0)
        amount = valid[0][1]
        return amount if off.modalidade == 1 else base * amount / _HUNDRED
    assert off.valor_perc is not None
    business = off.modalidade in (4, 6)
    days = calendar.business_days_between(day, adjusted) if business else (adjusted - day).days
    per_day = off.valor_perc if off.modalidade in (3, 4) else base * off.valor_perc / _HUNDRED
    return per_day * max(days, 0)

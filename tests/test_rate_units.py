"""Rates in the wrong unit are refused, never computed (issue 15 item 12).

regua's convention: ``rate`` is a fraction per month (``0.0199`` = 1.99 %), ``*_percent`` a
percentage (``1.99`` = 1.99 %). A rate whose monthly equivalent is above ``max_monthly_rate``
(default 0.5 = 50 % a month) raises with a hint, in every function and model that takes one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from regua import Agreement, Invoice
from regua.calendar import BusinessCalendar
from regua.charges import DebtBreakdown, LateTerms, cobv_amount, update
from regua.errors import InvalidInputError
from regua.installments import effective_rate, price, sac
from regua.money import MAX_MONTHLY_RATE, check_rate
from regua.offers import OfferPolicy, menu

D = Decimal
FIRST = date(2026, 2, 10)
CAL = BusinessCalendar(holidays=[])
DEBT = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")


def _error_text(call: Callable[[], Any]) -> str:
    with pytest.raises((InvalidInputError, ValidationError)) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: price("300.00", "1.99", 6, first_due=FIRST), "rate"),
        (lambda: sac("300.00", "1.99", 6, first_due=FIRST), "rate"),
        (lambda: OfferPolicy(rate="1.99"), "rate"),
        (lambda: OfferPolicy(profiles={"recurring": {"rate": "2.5"}}), "profiles.recurring.rate"),
        (lambda: check_rate("0.75"), "rate"),
    ],
)
def test_a_percentage_passed_as_a_rate_is_refused_with_a_hint(
    call: Callable[[], Any], field: str
) -> None:
    # issue 15 item 12: price("300.00", "1.99", 6) charged 199 % a month
    text = _error_text(call)
    assert f"{field}: " in text
    assert "above the plausible 50%" in text
    assert "did you mean 0.0" in text
    assert "max_monthly_rate" in text


def test_the_hint_divides_by_a_hundred() -> None:
    assert "did you mean 0.0199?" in _error_text(lambda: price("300", "1.99", 6, first_due=FIRST))
    # 199 is not a percentage of a plausible rate either: no hint, still refused
    for call in (
        lambda: price("300", "199", 6, first_due=FIRST),
        lambda: OfferPolicy(rate=199),  # issue 15 item 12
    ):
        text = _error_text(call)
        assert "rate: 199 is 19900% a month" in text
        assert "did you mean" not in text


@pytest.mark.parametrize(
    ("terms", "shown"),
    [
        ({"interest_percent": "60"}, "60% a month"),
        ({"interest_percent": "2", "interest_period": "day"}, "2% a day (60% a month)"),
        (
            {"interest_percent": "2.5", "interest_period": "day", "day_count": "business"},
            "2.5% a day (52.5% a month)",
        ),
        ({"interest_percent": "700", "interest_period": "year"}, "700% a year (58.3333"),
    ],
)
def test_late_interest_above_fifty_percent_a_month_is_refused(
    terms: dict[str, str], shown: str
) -> None:
    text = _error_text(lambda: LateTerms(**terms))  # type: ignore[arg-type]
    assert "interest_percent: " in text
    assert shown in text
    assert "a *_percent is a percentage" in text


def test_cobv_interest_above_fifty_percent_a_month_is_refused() -> None:
    def cobv(juros: dict[str, object], **kwargs: Any) -> Any:
        return cobv_amount(
            "100.00",
            due_date=date(2021, 3, 1),
            paid_on=date(2021, 3, 3),
            juros=juros,
            calendar=CAL,
            **kwargs,
        )

    text = _error_text(lambda: cobv({"modalidade": 2, "valorPerc": "2.00"}))  # 2 % a day
    assert text.startswith("juros.valorPerc: 2% a day (60% a month)")
    assert _error_text(lambda: cobv({"modalidade": 7, "valorPerc": "51.00"}))  # % a month, bd
    # 1 % a day is 30 % a month: plausible; an amount per day (modalidade 1) is no rate
    assert cobv({"modalidade": 2, "valorPerc": "1.00"}).juros == D("2.00")
    assert cobv({"modalidade": 1, "valorPerc": "40.00"}).juros == D("80.00")
    raised = cobv({"modalidade": 2, "valorPerc": "2.00"}, max_monthly_rate="0.6")
    assert raised.juros == D("4.00")


def test_the_bound_is_inclusive_and_configurable_everywhere() -> None:
    assert D("0.5") == MAX_MONTHLY_RATE
    assert price("300.00", "0.5", 2, first_due=FIRST).rate == D("0.5")
    assert price("300.00", "0.6", 2, first_due=FIRST, max_monthly_rate="0.6").rate == D("0.6")
    assert sac("300.00", "0.6", 2, first_due=FIRST, max_monthly_rate=1).rate == D("0.6")
    assert LateTerms(interest_percent="60", max_monthly_rate="0.6").interest_percent == 60
    policy = OfferPolicy(rate="0.6", max_monthly_rate="0.6", installment_counts=[2])
    offer = menu(DEBT, policy=policy, as_of=FIRST)[-1]
    assert offer.rate == D("0.6")
    assert offer.max_monthly_rate == D("0.6")
    invoice = Invoice(id="i1", customer_id="c1", amount="1000.00", due_date=date(2026, 1, 2))
    agreement = Agreement.from_offer(offer, [invoice], start=FIRST)
    assert (agreement.rate, agreement.max_monthly_rate) == (D("0.6"), D("0.6"))
    # validated back from its dump (as a host reloads it), the bound travels with it
    assert Agreement.model_validate(agreement.model_dump()) == agreement
    dumped = agreement.model_dump()
    del dumped["max_monthly_rate"]
    assert "rate: 0.6 is 60% a month" in _error_text(lambda: Agreement.model_validate(dumped))
    with pytest.raises(InvalidInputError, match="max_monthly_rate"):
        price("300.00", "0.01", 2, first_due=FIRST, max_monthly_rate="-1")


def test_effective_rate_refuses_payments_that_cost_implausibly_much() -> None:
    # 10 × 8600 for 750.00: cents passed for reais
    text = _error_text(lambda: effective_rate("750.00", ["8600"] * 10))
    assert text.startswith("payments: they cost")
    assert "(not cents)" in text
    assert effective_rate("750.00", ["8600"] * 10, max_monthly_rate=None) > 11
    assert round(effective_rate("750.00", ["86.00"] * 10) * 100, 4) == D("2.5690")


def test_negative_and_unit_free_rates_keep_their_errors() -> None:
    with pytest.raises(InvalidInputError, match="rate: must not be negative"):
        price("100", "-0.01", 3, first_due=FIRST)
    assert update("1000.00", date(2026, 1, 2), as_of=date(2026, 4, 2)).total == D("1050.00")


def test_max_monthly_rate_itself_is_bounded_and_a_negative_zero_rate_is_zero() -> None:
    # Raised past 100 (10,000 % a month) a rate would no longer compute in 50 digits
    # (1E+999 a month made price raise decimal.InvalidOperation).
    for bound in ("100.01", Decimal("1E+999999"), "-0.1"):
        with pytest.raises(InvalidInputError) as caught:
            price("100", "0.01", 3, first_due=FIRST, max_monthly_rate=bound)
        text = str(caught.value)
        assert text.startswith("max_monthly_rate: must be a fraction from 0 to 100")
    assert _error_text(lambda: LateTerms(max_monthly_rate=101)).count("max_monthly_rate") >= 1
    assert str(price("100.00", "-0", 3, first_due=FIRST).rate) == "0"
    # tiny payments no longer overflow Newton's step
    assert effective_rate("100", [D("1E-999999")] * 3) == D("-0.999999")

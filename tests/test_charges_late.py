"""Late fine, interest and correction against BRAZIL_RULES §1, §2 and §4."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from regua.calendar import BusinessCalendar
from regua.charges import (
    DayCount,
    DebtBreakdown,
    IndexSeries,
    InterestMethod,
    InterestPeriod,
    LateTerms,
    update,
)
from regua.errors import InvalidInputError, LegalLimitError

D = Decimal
PLAIN = BusinessCalendar()  # weekends only
FRIDAY = date(2026, 1, 2)


def test_ninety_days_two_percent_fine_one_percent_a_month() -> None:
    debt = update("1000.00", FRIDAY, as_of=date(2026, 4, 2), calendar=PLAIN)
    assert (debt.days_late, debt.fine, debt.interest) == (90, D("20.00"), D("30.00"))
    assert debt.total == D("1050.00")
    assert debt.correction == 0
    assert debt.discount == 0


def test_compound_alternative() -> None:
    terms = LateTerms(interest_method="compound")
    debt = update("1000.00", FRIDAY, as_of=date(2026, 4, 2), terms=terms, calendar=PLAIN)
    assert debt.interest == D("30.30")  # 1000 × (1.01³ − 1) = 30.301
    assert terms.interest_method is InterestMethod.COMPOUND


def test_ipca_factor_and_correction() -> None:
    ipca = IndexSeries(monthly_percent={"2026-01": "0.16", "2026-02": "0.33", "2026-03": "0.56"})
    assert ipca.factor(date(2025, 12, 31), date(2026, 3, 31)) == D("1.010532749568")
    # 10 of 31 days of March at 0.56 % → 1.0056^(10/31)
    partial = ipca.factor(date(2026, 3, 21), date(2026, 3, 31))
    assert round(partial, 10) == D("1.0018030359")
    terms = LateTerms(fine_percent=0, interest_percent=0, correction_index=ipca)
    debt = update(
        "1000.00", date(2025, 12, 31), as_of=date(2026, 3, 31), terms=terms, calendar=PLAIN
    )
    assert debt.correction == D("10.53")
    assert debt.total == D("1010.53")


def test_fine_and_interest_are_on_the_corrected_amount() -> None:
    ipca = IndexSeries(monthly_percent={date(2026, 1, 1): "1.00"})
    terms = LateTerms(correction_index=ipca)
    debt = update(
        "1000.00", date(2025, 12, 31), as_of=date(2026, 1, 31), terms=terms, calendar=PLAIN
    )
    assert debt.correction == D("10.00")
    assert debt.fine == D("20.20")  # 2 % of 1010.00
    assert debt.interest == D("10.44")  # 1010.00 × 1 % × 31/30 = 10.4367
    assert debt.total == D("1040.64")


def test_missing_index_month_is_a_clear_error() -> None:
    ipca = IndexSeries(monthly_percent={"2026-01": "0.16"})
    terms = LateTerms(correction_index=ipca)
    with pytest.raises(InvalidInputError, match="2026-02"):
        update("100.00", date(2026, 1, 10), as_of=date(2026, 2, 10), terms=terms, calendar=PLAIN)


def test_deflation_never_lowers_the_nominal_debt() -> None:
    ipca = IndexSeries(monthly_percent={"2026-01": "-0.50"})
    assert ipca.factor(date(2025, 12, 31), date(2026, 1, 31)) == D("0.995")
    terms = LateTerms(fine_percent=0, interest_percent=0, correction_index=ipca)
    debt = update(
        "100.00", date(2025, 12, 31), as_of=date(2026, 1, 31), terms=terms, calendar=PLAIN
    )
    assert debt.correction == 0
    assert debt.total == D("100.00")


@pytest.mark.parametrize("kind", ["consumer", "condominium"])
def test_consumer_fine_above_two_percent_is_unlawful(kind: str) -> None:
    terms = LateTerms(fine_percent="10")
    with pytest.raises(LegalLimitError, match=r"fine_percent: 10% exceeds the 2%"):
        update("1000.00", FRIDAY, as_of=date(2026, 2, 2), terms=terms, customer_kind=kind)
    # the cap binds whether or not the debt is late yet
    with pytest.raises(LegalLimitError):
        update("1000.00", FRIDAY, as_of=FRIDAY, terms=terms, customer_kind=kind)


def test_business_may_agree_a_larger_fine() -> None:
    terms = LateTerms(fine_percent="10", interest_percent=0)
    debt = update("1000.00", FRIDAY, as_of=date(2026, 2, 2), terms=terms, customer_kind="business")
    assert debt.fine == D("100.00")
    debt = update("1000.00", FRIDAY, as_of=date(2026, 2, 2), terms=LateTerms(fine_percent="2.00"))
    assert debt.fine == D("20.00")  # exactly 2 % is lawful


def test_lei_7089_grace_to_next_business_day() -> None:
    saturday = date(2026, 3, 7)
    monday, tuesday = date(2026, 3, 9), date(2026, 3, 10)
    on_monday = update("1000.00", saturday, as_of=monday, calendar=PLAIN)
    assert on_monday == DebtBreakdown(principal=D("1000.00"))
    on_tuesday = update("1000.00", saturday, as_of=tuesday, calendar=PLAIN)
    # paid after the grace day: interest counts from the original Saturday
    assert on_tuesday.days_late == 3
    assert (on_tuesday.fine, on_tuesday.interest) == (D("20.00"), D("1.00"))
    no_grace = LateTerms(grace_to_next_business_day=False)
    debt = update("1000.00", saturday, as_of=monday, terms=no_grace, calendar=PLAIN)
    assert debt.days_late == 2
    assert debt.fine == D("20.00")


def test_grace_uses_holidays_and_default_brazil_calendar() -> None:
    # 2026-04-21 (Tiradentes, Tuesday) → paying Wednesday 22 is on time
    assert update("100.00", date(2026, 4, 21), as_of=date(2026, 4, 22)).total == D("100.00")
    assert update("100.00", date(2026, 4, 21), as_of=date(2026, 4, 23)).days_late == 2


def test_not_late_owes_the_amount() -> None:
    for day in (date(2025, 12, 1), FRIDAY):
        debt = update("1000.00", FRIDAY, as_of=day)
        assert debt.total == D("1000.00")
        assert debt.days_late == 0


def test_business_day_count_and_periods() -> None:
    terms = LateTerms(fine_percent=0, interest_percent="2.10", day_count="business")
    # Fri 2026-01-02 → Fri 01-09: 5 business days; 1000 × 2.1 % × 5/21 = 5.00
    debt = update("1000.00", FRIDAY, as_of=date(2026, 1, 9), terms=terms, calendar=PLAIN)
    assert (debt.days_late, debt.interest) == (5, D("5.00"))
    assert terms.day_count is DayCount.BUSINESS
    daily = LateTerms(fine_percent=0, interest_percent="0.033", interest_period="day")
    debt = update("1000.00", FRIDAY, as_of=date(2026, 1, 12), terms=daily, calendar=PLAIN)
    assert debt.interest == D("3.30")
    yearly = LateTerms(fine_percent=0, interest_percent="12", interest_period="year")
    debt = update("1000.00", FRIDAY, as_of=date(2026, 2, 1), terms=yearly, calendar=PLAIN)
    assert debt.interest == D("10.00")  # 30/360 of 12 %
    assert yearly.interest_period is InterestPeriod.YEAR


def test_rounding_is_half_up_once() -> None:
    # 333.33 × 1 % × 1/30 = 0.111111 → 0.11 ; fine 6.6666 → 6.67
    debt = update("333.33", FRIDAY, as_of=date(2026, 1, 3), calendar=PLAIN)
    assert (debt.fine, debt.interest) == (D("6.67"), D("0.11"))
    assert debt.total == D("340.11")


def test_breakdown_round_trips_through_its_dump() -> None:
    debt = update("1000.00", FRIDAY, as_of=date(2026, 4, 2), calendar=PLAIN)
    dumped = debt.model_dump(mode="json")
    assert dumped["total"] == "1050.00"
    assert DebtBreakdown.model_validate(dumped) == debt
    with pytest.raises(ValidationError, match="total"):
        DebtBreakdown.model_validate({**dumped, "total": "1.00"})


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: update("-1.00", FRIDAY, as_of=FRIDAY), "amount"),
        (lambda: update(0.1, FRIDAY, as_of=FRIDAY), "amount"),
        (lambda: update("1.001", FRIDAY, as_of=FRIDAY), "amount"),
        (lambda: update("1.00", FRIDAY, as_of=datetime(2026, 1, 5, 10)), "as_of"),
        (lambda: update("1.00", "2026-01-02", as_of=FRIDAY), "due_date"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_names_the_field(call: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        call()  # type: ignore[operator]
    assert err.value.field == field


def test_bad_terms_are_validation_errors() -> None:
    with pytest.raises(ValidationError, match="interest_percent"):
        LateTerms(interest_percent="-1")
    with pytest.raises(ValidationError, match="fine_percent"):
        LateTerms(fine_percent=0.1)
    with pytest.raises(ValidationError, match="fine_percent"):
        LateTerms(fine_percent=150)
    with pytest.raises(ValidationError, match="interest_period"):
        LateTerms(interest_period="week")
    with pytest.raises(InvalidInputError, match="customer"):
        update("1.00", FRIDAY, as_of=FRIDAY, customer_kind="alien")
    with pytest.raises(ValidationError, match="monthly_percent"):
        IndexSeries(monthly_percent={"2026-13": "1"})
    with pytest.raises(ValidationError, match="first day"):
        IndexSeries(monthly_percent={date(2026, 1, 5): "1"})
    with pytest.raises(ValidationError, match="above -100"):
        IndexSeries(monthly_percent={"2026-01": "-100"})


def test_combine_breakdowns() -> None:
    a = update("600.00", FRIDAY, as_of=date(2026, 4, 2), calendar=PLAIN)
    b = update("400.00", date(2026, 2, 2), as_of=date(2026, 4, 2), calendar=PLAIN)
    both = DebtBreakdown.combine([a, b])
    assert both.principal == D("1000.00")
    assert both.fine == a.fine + b.fine
    assert both.total == a.total + b.total
    assert both.days_late == 90
    with pytest.raises(InvalidInputError, match="at least one"):
        DebtBreakdown.combine([])
    with pytest.raises(InvalidInputError, match="mixed currencies"):
        DebtBreakdown.combine([a, DebtBreakdown(currency="USD", principal="1.00")])

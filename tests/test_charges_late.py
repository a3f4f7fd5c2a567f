"""Late fine, interest and correction against BRAZIL_RULES §1, §2 and §4."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from regua.calendar import BusinessCalendar
from regua.charges import (
    ChargeWarning,
    ChargeWarningCode,
    DayCount,
    DebtBreakdown,
    DiscountScope,
    IndexSeries,
    InterestMethod,
    InterestPeriod,
    LateTerms,
    apply_discount,
    is_individual,
    update,
)
from regua.errors import InvalidInputError, LegalLimitError
from regua.models import Customer

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


# --- interest above 1 % a month for an individual consumer (BRAZIL_RULES §2: a warning) -------

CPF, CNPJ = "529.982.247-25", "11.222.333/0001-81"
WARNED = ChargeWarningCode.INDIVIDUAL_INTEREST_ABOVE_1PCT_MONTH


def _codes(terms: LateTerms, kind: str = "consumer", individual: bool | None = True) -> list[str]:
    debt = update(
        "1000.00",
        FRIDAY,
        as_of=date(2026, 4, 2),
        terms=terms,
        customer_kind=kind,
        individual=individual,
        calendar=PLAIN,
    )
    return [w.code.value for w in debt.warnings]


@pytest.mark.parametrize(
    ("percent", "period", "method", "day_count", "warned"),
    [
        # a monthly rate is its own monthly equivalent
        ("1.00", "month", "simple", "calendar", False),
        ("1.01", "month", "simple", "calendar", True),
        ("1.01", "month", "compound", "business", True),
        # simple a year: × 30/360; 12 % is exactly 1 % a month (not above), 12.01 % is 1.000833 %
        ("12", "year", "simple", "calendar", False),
        ("12.01", "year", "simple", "calendar", True),
        ("12.68", "year", "simple", "calendar", True),  # 1.056667 %
        # compound a year: 1.01^12 = 1.126825030131969720661201 exactly
        ("12.68", "year", "compound", "calendar", False),  # 0.999813 % a month
        ("12.69", "year", "compound", "calendar", True),  # 1.000560 %
        ("12.6825030131969720661201", "year", "compound", "calendar", False),  # exactly 1 %
        ("12.6825030131969720661200", "year", "compound", "calendar", False),
        ("12.68250301319697206612010001", "year", "compound", "calendar", True),
        ("12.6825030131969720661201", "year", "compound", "business", False),  # 252/21 = 12
        ("12.68250301319697206612010001", "year", "compound", "business", True),
        # simple a day: × 30 calendar or 21 business days
        ("0.0333", "day", "simple", "calendar", False),  # 0.999 %
        ("0.0334", "day", "simple", "calendar", True),  # 1.002 %
        ("0.0476", "day", "simple", "business", False),  # 0.9996 %
        ("0.0477", "day", "simple", "business", True),  # 1.0017 %
        # compound a day: 1.000331^30 − 1 = 0.99778 %, 1.000332^30 − 1 = 1.00081 %
        ("0.0331", "day", "compound", "calendar", False),
        ("0.0332", "day", "compound", "calendar", True),
        ("0.0332", "day", "simple", "calendar", False),  # 0.996 %: compounding decides
        ("0", "day", "compound", "calendar", False),
        ("250", "year", "compound", "calendar", True),  # huge rates are settled without powers
        ("50", "day", "compound", "calendar", True),  # 1.5^30 − 1 = 191,750 × 100 % a month
    ],
)
def test_individual_consumer_warned_above_one_percent_a_month(
    percent: str, period: str, method: str, day_count: str, warned: bool
) -> None:
    terms = LateTerms(
        interest_percent=percent,
        interest_period=period,
        interest_method=method,
        day_count=day_count,
        max_monthly_rate=100,  # the huge rates are deliberate here
    )
    assert _codes(terms) == ([WARNED.value] if warned else [])


def test_absurd_compound_rates_are_a_clear_error_not_a_decimal_trap() -> None:
    # 333 % a day is 99.9 (fraction) a month: within the highest max_monthly_rate (100)
    terms = LateTerms(
        interest_percent="333",
        interest_period="day",
        interest_method="compound",
        max_monthly_rate=100,
    )
    with pytest.raises(InvalidInputError, match="interest_percent: 333% a day over 90 days"):
        update("1000.00", FRIDAY, as_of=date(2026, 4, 2), terms=terms, calendar=PLAIN)
    # not late yet: nothing to compute, and the warning still reads well (4.33^30 − 1 a month,
    # 1.2434745…E+21 %, shown with six digits rounded up)
    debt = update("1000.00", FRIDAY, as_of=FRIDAY, terms=terms, individual=True)
    assert "is 1243480000000000000000% a month" in debt.warnings[0].message


def test_only_an_individual_consumer_is_warned() -> None:
    high = LateTerms(interest_percent="2")
    assert _codes(high, "consumer", True) == [WARNED.value]
    assert _codes(high, "consumer", False) == []  # a company buying as final consumer
    assert _codes(high, "consumer", None) == []  # unknown: no warning
    assert _codes(high, "business", True) == []
    assert _codes(high, "condominium", True) == []  # CC 1.336 §1: the convention's rate
    assert _codes(high) == _codes(high, individual=True)
    # the default call (no ``individual``) is unchanged: no warning
    assert update("1000.00", FRIDAY, as_of=date(2026, 4, 2), terms=high).warnings == ()


def test_the_warning_never_changes_the_amounts() -> None:
    high = LateTerms(interest_percent="2.5")
    warned = update("1000.00", FRIDAY, as_of=date(2026, 4, 2), terms=high, individual=True)
    plain = update("1000.00", FRIDAY, as_of=date(2026, 4, 2), terms=high)
    assert (warned.fine, warned.interest, warned.total) == (D("20.00"), D("75.00"), D("1095.00"))
    assert warned.model_copy(update={"warnings": ()}) == plain
    (warning,) = warned.warnings
    assert isinstance(warning, ChargeWarning)
    assert warning.law == "CC 406 (Lei 14.905/2024); Dec. 22.626/33 (Usura) art. 1"
    assert warning.message.startswith("interest of 2.5% a month is above the 1% a month")
    assert "unsettled" in warning.message
    daily = LateTerms(interest_percent="0.0334", interest_period="day")
    (warning,) = update("1.00", FRIDAY, as_of=FRIDAY, terms=daily, individual=True).warnings
    assert warning.message.startswith(
        "interest of 0.0334% a day (simple, 30 days a month) is 1.002% a month, above"
    )


def test_the_warning_is_about_the_terms_not_yet_late() -> None:
    high = LateTerms(interest_percent="1.5")
    on_time = update("1000.00", FRIDAY, as_of=FRIDAY, terms=high, individual=True)
    assert on_time.total == D("1000.00")
    assert [w.code for w in on_time.warnings] == [WARNED]
    saturday = date(2026, 3, 7)
    in_grace = update(
        "1000.00", saturday, as_of=date(2026, 3, 9), terms=high, individual=True, calendar=PLAIN
    )
    assert (in_grace.days_late, len(in_grace.warnings)) == (0, 1)


def test_the_fine_cap_is_still_an_error_for_individuals() -> None:
    terms = LateTerms(fine_percent="3", interest_percent="2")
    with pytest.raises(LegalLimitError, match="fine_percent"):
        update("1000.00", FRIDAY, as_of=date(2026, 4, 2), terms=terms, individual=True)


def test_is_individual_from_the_customers_document() -> None:
    person = Customer(id="c1", name="Ana", kind="consumer", document=CPF)
    company = Customer(id="c2", name="Padaria", kind="consumer", document=CNPJ)
    supplier = Customer(id="c3", name="Atacado", kind="business", document=CNPJ)
    anonymous = Customer(id="c4", name="Bia", kind="consumer")
    assert [is_individual(c) for c in (person, company, supplier, anonymous)] == [
        True,
        False,
        False,
        None,
    ]
    assert (is_individual(CPF), is_individual("11222333000181"), is_individual(None)) == (
        True,
        False,
        None,
    )
    high = LateTerms(interest_percent="1.2")
    for customer, warned in ((person, True), (company, False), (anonymous, False)):
        debt = update(
            "1000.00",
            FRIDAY,
            as_of=date(2026, 4, 2),
            terms=high,
            customer_kind=customer.kind,
            individual=is_individual(customer),
            calendar=PLAIN,
        )
        assert bool(debt.warnings) is warned
    with pytest.raises(InvalidInputError) as err:
        is_individual("123.456.789-00")
    assert err.value.field == "document"
    with pytest.raises(InvalidInputError) as err:
        update("1.00", FRIDAY, as_of=FRIDAY, individual="yes")  # type: ignore[arg-type]
    assert err.value.field == "individual"


def test_dumps_show_warnings_only_when_there_are_some() -> None:
    plain = update("1000.00", FRIDAY, as_of=date(2026, 4, 2), calendar=PLAIN, individual=True)
    assert plain.warnings == ()
    assert list(plain.model_dump(mode="json")) == [
        "currency",
        "principal",
        "correction",
        "fine",
        "interest",
        "discount",
        "days_late",
        "total",
    ]
    high = LateTerms(interest_percent="1.5")
    warned = update(
        "1000.00", FRIDAY, as_of=date(2026, 4, 2), terms=high, calendar=PLAIN, individual=True
    )
    dumped = warned.model_dump(mode="json")
    assert dumped["warnings"][0]["code"] == "individual_interest_above_1pct_month"
    assert DebtBreakdown.model_validate(dumped) == warned
    assert DebtBreakdown.model_validate_json(warned.model_dump_json()) == warned


def test_combine_and_discount_keep_the_warnings_once() -> None:
    high = LateTerms(interest_percent="1.5")
    a = update("600.00", FRIDAY, as_of=date(2026, 4, 2), terms=high, individual=True)
    b = update("400.00", date(2026, 2, 2), as_of=date(2026, 4, 2), terms=high, individual=True)
    c = update("100.00", FRIDAY, as_of=date(2026, 4, 2), terms=high)
    both = DebtBreakdown.combine([c, a, b])
    assert both.warnings == a.warnings
    assert both.total == a.total + b.total + c.total
    assert apply_discount(both, 100, DiscountScope.CHARGES).warnings == a.warnings
    assert DebtBreakdown.combine([c]).warnings == ()


def test_a_fine_and_a_rate_written_as_fractions_are_charged_as_given_and_warned() -> None:
    # 0.02 meant 2 %: R$ 1,000.00 ninety days late is charged R$ 0.20 of fine (0.02 % of it) and
    # R$ 0.30 of interest (0.01 % a month for three months), a hundredth of what was meant, and
    # nothing said so before.
    debt = update(
        "1000.00",
        date(2026, 1, 2),
        as_of=date(2026, 4, 2),
        terms={"fine_percent": "0.02", "interest_percent": "0.01"},
    )
    assert (debt.fine, debt.interest, debt.total) == (
        Decimal("0.20"),
        Decimal("0.30"),
        Decimal("1000.50"),
    )
    assert [w.code for w in debt.warnings] == [
        ChargeWarningCode.FINE_PERCENT_LOOKS_LIKE_A_FRACTION,
        ChargeWarningCode.INTEREST_PERCENT_LOOKS_LIKE_A_FRACTION,
    ]
    assert debt.warnings[0].message == (
        "a fine of 0.02% is below 0.1%: fine_percent is a percentage (2 = 2 %); if 0.02 was"
        " meant as a fraction, pass 2"
    )
    assert debt.warnings[0].law == ""


@pytest.mark.parametrize(
    ("terms", "warned"),
    [
        ({"fine_percent": "2", "interest_percent": "1"}, False),
        ({"fine_percent": "0.1", "interest_percent": "0.11"}, False),  # at the bound: not below
        ({"fine_percent": "0", "interest_percent": "0"}, False),  # no charge at all is a choice
        # 0.033 % a day is 0.99 % a month (30 days): the usual daily rate.
        ({"interest_percent": "0.033", "interest_period": "day"}, False),
        # 0.00033 % a day is 0.0099 % a month: 0.033 % written as a fraction.
        ({"interest_percent": "0.00033", "interest_period": "day"}, True),
        ({"interest_percent": "0.1"}, True),  # 0.1 % a month: at most the bound
        ({"interest_percent": "1.2", "interest_period": "year"}, True),  # 0.1 % a month
        ({"interest_percent": "1.21", "interest_period": "year"}, False),
    ],
)
def test_the_interest_fraction_warning_reads_the_monthly_equivalent(
    terms: dict[str, str], warned: bool
) -> None:
    debt = update("1000.00", date(2026, 1, 2), as_of=date(2026, 4, 2), terms=terms)
    codes = [w.code for w in debt.warnings]
    assert (ChargeWarningCode.INTEREST_PERCENT_LOOKS_LIKE_A_FRACTION in codes) is warned
    assert ChargeWarningCode.FINE_PERCENT_LOOKS_LIKE_A_FRACTION not in codes

"""Interest day counts: 360-day, 365-day and 252-business-day years, named by ``YearBasis``.

Every expected value is computed by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from regua.calendar import BusinessCalendar
from regua.charges import DayCount, LateTerms, YearBasis, update

PLAIN = BusinessCalendar()  # weekends only
JAN_1 = date(2026, 1, 1)


def _terms(**kwargs: object) -> LateTerms:
    return LateTerms.model_validate(
        {"fine_percent": 0, "grace_to_next_business_day": False, **kwargs}
    )


def test_erpnext_ten_percent_a_year_on_a_365_day_year() -> None:
    # ERPNext: 100 at 10 % a year for 15 days: 100 × 0.10 × 15/365 = 0.41095… → 0.41.
    terms = _terms(interest_percent="10", interest_period="year", year_basis="365")
    debt = update("100.00", JAN_1, as_of=date(2026, 1, 16), terms=terms)
    assert (debt.days_late, debt.interest, debt.total) == (15, Decimal("0.41"), Decimal("100.41"))


def test_the_same_rate_on_a_360_day_year_is_the_default_and_differs() -> None:
    # 100 × 0.10 × 15/360 = 0.41666… → 0.42.
    terms = _terms(interest_percent="10", interest_period="year")
    assert terms.year_basis is None
    assert terms.basis is YearBasis.COMMERCIAL_360
    explicit = _terms(interest_percent="10", interest_period="year", year_basis="360")
    for t in (terms, explicit):
        assert update("100.00", JAN_1, as_of=date(2026, 1, 16), terms=t).interest == Decimal("0.42")


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("360", "30.00"),  # 1000 × 0.12 × 90/360 = 30
        ("365", "29.59"),  # 1000 × 0.12 × 90/365 = 29.5890… → 29.59
    ],
)
def test_a_year_rate_over_90_calendar_days(basis: str, expected: str) -> None:
    terms = _terms(interest_percent="12", interest_period="year", year_basis=basis)
    debt = update("1000.00", JAN_1, as_of=date(2026, 4, 1), terms=terms)
    assert debt.days_late == 90
    assert debt.interest == Decimal(expected)


def test_a_month_rate_on_a_365_day_year_is_a_twelfth_of_it() -> None:
    # A month of 365/12 days: 1000 × 0.01 × 60 × 12/365 = 7200/365 = 19.7260… → 19.73
    # (20.00 on the 30-day month).
    terms = _terms(interest_percent="1", year_basis="365")
    assert update("1000.00", JAN_1, as_of=date(2026, 3, 2), terms=terms).interest == Decimal(
        "19.73"
    )
    commercial = _terms(interest_percent="1")
    assert update("1000.00", JAN_1, as_of=date(2026, 3, 2), terms=commercial).interest == Decimal(
        "20.00"
    )


def test_a_day_rate_does_not_depend_on_the_year() -> None:
    # 0.1 % a day × 10 days × 1000 = 10.00 whatever the year.
    for basis in ("360", "365"):
        terms = _terms(interest_percent="0.1", interest_period="day", year_basis=basis)
        debt = update("1000.00", JAN_1, as_of=date(2026, 1, 11), terms=terms)
        assert debt.interest == Decimal("10.00")


def test_252_business_days() -> None:
    # Mon 2026-03-02 to Mon 2026-03-16 on a weekends-only calendar: 10 business days.
    # 1000 × 0.12 × 10/252 = 4.7619… → 4.76.
    terms = _terms(
        interest_percent="12", interest_period="year", day_count="business", year_basis="252"
    )
    debt = update("1000.00", date(2026, 3, 2), as_of=date(2026, 3, 16), terms=terms, calendar=PLAIN)
    assert (debt.days_late, debt.interest) == (10, Decimal("4.76"))
    default = _terms(interest_percent="12", interest_period="year", day_count="business")
    assert default.basis is YearBasis.BUSINESS_252


def test_compound_on_a_365_day_year() -> None:
    # 1000 × (1.10^(30/365) − 1): ln 1.1 = 0.0953102, × 30/365 = 0.0078337, e^x − 1 = 0.0078645
    # → 7.86.
    terms = _terms(
        interest_percent="10", interest_period="year", interest_method="compound", year_basis="365"
    )
    assert update("1000.00", JAN_1, as_of=date(2026, 1, 31), terms=terms).interest == Decimal(
        "7.86"
    )


@pytest.mark.parametrize(
    ("basis", "day_count"),
    [("252", "calendar"), ("360", "business"), ("365", "business")],
)
def test_a_basis_that_counts_other_days_is_refused(basis: str, day_count: str) -> None:
    with pytest.raises(ValidationError, match="year_basis"):
        LateTerms(year_basis=basis, day_count=day_count)  # type: ignore[arg-type]


def test_an_unknown_basis_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as err:
        LateTerms(year_basis="366")  # type: ignore[arg-type]
    assert err.value.errors()[0]["loc"] == ("year_basis",)


def test_the_plausibility_bound_uses_the_basis() -> None:
    # 600 % a year is 50 % a month on a 360- or 365-day year (a twelfth): at the bound.
    LateTerms(interest_percent="600", interest_period="year", year_basis="365")
    # 1.65 % a day is 1.65 × 365/12 = 50.1875 % a month: above it; 49.5 % on the 30-day month.
    LateTerms(interest_percent="1.65", interest_period="day")
    with pytest.raises(ValidationError, match="interest_percent"):
        LateTerms(interest_percent="1.65", interest_period="day", year_basis="365")


def test_an_individual_is_warned_by_the_monthly_equivalent_on_the_basis() -> None:
    # 12.1 % a year simple: 1.00833 % a month on any 12-month year: warned.
    # 0.0329 % a day: 0.987 % a month on 30 days, 1.00071 % on 365/12 days: warned only then.
    yearly = LateTerms(interest_percent="12.1", interest_period="year", year_basis="365")
    daily = LateTerms(interest_percent="0.0329", interest_period="day")
    daily_365 = LateTerms(interest_percent="0.0329", interest_period="day", year_basis="365")

    def warned(terms: LateTerms) -> bool:
        return bool(update("1.00", JAN_1, as_of=JAN_1, terms=terms, individual=True).warnings)

    assert (warned(yearly), warned(daily), warned(daily_365)) == (True, False, True)
    message = update("1.00", JAN_1, as_of=JAN_1, terms=daily_365, individual=True).warnings[0]
    assert "365/12 days a month" in message.message


def test_terms_round_trip_with_the_basis() -> None:
    terms = LateTerms(interest_percent="10", interest_period="year", year_basis="365")
    assert LateTerms.model_validate_json(terms.model_dump_json()) == terms
    assert terms.model_dump(mode="json")["year_basis"] == "365"
    assert DayCount.CALENDAR.value == "calendar"

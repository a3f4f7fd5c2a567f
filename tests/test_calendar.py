"""BusinessCalendar against hand-checked Brazilian banking calendars (ANBIMA 2024–2027).

Holiday lists below were typed by hand from the public ANBIMA/FEBRABAN calendars: national
holidays, Carnival Monday and Tuesday, Good Friday, Corpus Christi; Easter 2024-03-31,
2025-04-20, 2026-04-05, 2027-03-28.
"""

from __future__ import annotations

import copy
import pickle
from datetime import date, datetime
from typing import Any

import pytest
from holidays.countries.brazil import Brazil
from pydantic import ValidationError

from regua.calendar import BusinessCalendar, CalendarSpec
from regua.errors import InvalidInputError

D = date

ANBIMA = {
    2024: [
        D(2024, 1, 1), D(2024, 2, 12), D(2024, 2, 13), D(2024, 3, 29), D(2024, 4, 21),
        D(2024, 5, 1), D(2024, 5, 30), D(2024, 9, 7), D(2024, 10, 12), D(2024, 11, 2),
        D(2024, 11, 15), D(2024, 11, 20), D(2024, 12, 25),
    ],
    2025: [
        D(2025, 1, 1), D(2025, 3, 3), D(2025, 3, 4), D(2025, 4, 18), D(2025, 4, 21),
        D(2025, 5, 1), D(2025, 6, 19), D(2025, 9, 7), D(2025, 10, 12), D(2025, 11, 2),
        D(2025, 11, 15), D(2025, 11, 20), D(2025, 12, 25),
    ],
    2026: [
        D(2026, 1, 1), D(2026, 2, 16), D(2026, 2, 17), D(2026, 4, 3), D(2026, 4, 21),
        D(2026, 5, 1), D(2026, 6, 4), D(2026, 9, 7), D(2026, 10, 12), D(2026, 11, 2),
        D(2026, 11, 15), D(2026, 11, 20), D(2026, 12, 25),
    ],
    2027: [
        D(2027, 1, 1), D(2027, 2, 8), D(2027, 2, 9), D(2027, 3, 26), D(2027, 4, 21),
        D(2027, 5, 1), D(2027, 5, 27), D(2027, 9, 7), D(2027, 10, 12), D(2027, 11, 2),
        D(2027, 11, 15), D(2027, 11, 20), D(2027, 12, 25),
    ],
}  # fmt: skip

BR = BusinessCalendar.brazil()
ANBIMA_ONLY = BusinessCalendar.brazil(dec_31_closed=False)


@pytest.mark.parametrize("year", sorted(ANBIMA))
def test_holidays_match_the_hand_checked_anbima_list_plus_dec_31(year: int) -> None:
    assert list(ANBIMA_ONLY.holidays_in(year)) == ANBIMA[year]
    assert list(BR.holidays_in(year)) == [*ANBIMA[year], D(year, 12, 31)]


@pytest.mark.parametrize("year", sorted(ANBIMA))
def test_business_days_per_year_follow_from_weekdays_minus_weekday_holidays(year: int) -> None:
    weekdays = sum(
        1 for n in range(D(year, 1, 1).toordinal(), D(year, 12, 31).toordinal() + 1)
        if D.fromordinal(n).weekday() < 5
    )  # fmt: skip
    closed = sum(1 for d in ANBIMA[year] if d.weekday() < 5)
    last_day = D(year - 1, 12, 31)
    assert ANBIMA_ONLY.business_days_between(last_day, D(year, 12, 31)) == weekdays - closed


def test_brazil_rules_section_4_examples() -> None:
    assert BR.add_business_days(D(2026, 2, 13), 5) == D(2026, 2, 24)
    assert BR.business_days_between(D(2026, 2, 13), D(2026, 2, 18)) == 1
    assert BR.next_business_day(D(2026, 2, 14)) == D(2026, 2, 18)


def test_248_business_days_in_2026_is_the_bizdays_count_with_dec_31_open() -> None:
    # bizdays excludes Jan 2 and includes Dec 31: 249 business days in 2026 minus Jan 2.
    assert ANBIMA_ONLY.business_days_between(D(2026, 1, 2), D(2026, 12, 31)) == 248
    assert ANBIMA_ONLY.business_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 249
    # Banks do not open to the public on Dec 31, so the default calendar has one day less.
    assert BR.business_days_between(D(2026, 1, 2), D(2026, 12, 31)) == 247
    assert not BR.is_business_day(D(2026, 12, 31))
    assert BR.next_business_day(D(2026, 12, 31)) == D(2027, 1, 4)


def test_business_days_in_a_whole_year() -> None:
    # 2026: 261 weekdays - 12 weekday holidays (Nov 15 is a Sunday) = 249, Dec 31 closed: 248.
    assert BR.business_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 248
    # 2027: 261 weekdays - 10 weekday holidays (May 1, Nov 20, Dec 25 are Saturdays) = 251.
    assert ANBIMA_ONLY.business_days_between(D(2026, 12, 31), D(2027, 12, 31)) == 251


def test_nov_20_is_national_from_2024_only() -> None:
    assert BR.is_business_day(D(2023, 11, 20))
    assert BR.holiday_name(D(2023, 11, 20)) is None
    assert not BR.is_business_day(D(2024, 11, 20))
    assert "Consciência Negra" in (BR.holiday_name(D(2024, 11, 20)) or "")


def test_named_holidays() -> None:
    assert BR.holiday_name(D(2026, 4, 3)) == "Sexta-feira Santa"
    assert BR.holiday_name(D(2026, 4, 21)) == "Tiradentes"
    assert BR.holiday_name(D(2026, 6, 4)) == "Corpus Christi"
    assert BR.holiday_name(D(2026, 2, 17)) == "Carnaval"
    assert BR.holiday_name(D(2026, 12, 31)) == "Último dia do ano (sem expediente bancário)"
    assert BR.holiday_name(D(2026, 3, 10)) is None


def test_ash_wednesday_is_a_business_day() -> None:
    assert BR.is_business_day(D(2026, 2, 18))
    assert not BR.is_holiday(D(2026, 2, 18))


def test_holiday_on_a_weekend_is_a_holiday_and_not_a_business_day() -> None:
    assert BR.is_holiday(D(2026, 11, 15))  # Sunday
    assert not BR.is_business_day(D(2026, 11, 15))
    assert not BR.is_holiday(D(2026, 11, 14))  # plain Saturday
    assert not BR.is_business_day(D(2026, 11, 14))


@pytest.mark.parametrize("year", sorted(ANBIMA))
def test_bank_closures_agree_with_the_holidays_package_optional_category(year: int) -> None:
    optional = Brazil(years=year, categories=("optional",), language="pt_BR")
    expected = {d for d, name in optional.items() if name in ("Carnaval", "Corpus Christi")}
    mine = {d for d, name in ANBIMA_ONLY.holidays_in(year).items() if "Carnaval" in name}
    mine |= {d for d, name in ANBIMA_ONLY.holidays_in(year).items() if name == "Corpus Christi"}
    assert mine == expected
    assert len(expected) == 3


def test_state_holidays() -> None:
    sp = BusinessCalendar.brazil("SP")
    assert not sp.is_business_day(D(2026, 7, 9))
    assert BR.is_business_day(D(2026, 7, 9))
    assert sp.name == "BR-SP"
    rj = BusinessCalendar.brazil("rj")
    assert rj.name == "BR-RJ"
    assert rj.holiday_name(D(2026, 4, 23)) == "São Jorge"
    assert BR.is_business_day(D(2026, 4, 23))


def test_municipal_holidays_from_the_host() -> None:
    # São Paulo city's anniversary, 25 January (a Monday in 2027).
    city = BusinessCalendar.brazil("SP", [D(2027, 1, 25)])
    assert not city.is_business_day(D(2027, 1, 25))
    assert city.holiday_name(D(2027, 1, 25)) == "Feriado"
    assert city.next_business_day(D(2027, 1, 23)) == D(2027, 1, 26)
    named = BusinessCalendar.brazil("SP", {D(2027, 1, 25): "Aniversário de São Paulo"})
    assert named.holiday_name(D(2027, 1, 25)) == "Aniversário de São Paulo"


def test_extra_holiday_on_an_existing_holiday_joins_names() -> None:
    cal = BusinessCalendar.brazil(extra_holidays={D(2026, 4, 21): "Aniversário de Brasília"})
    assert cal.holiday_name(D(2026, 4, 21)) == "Tiradentes; Aniversário de Brasília"


def test_dec_24_flag() -> None:
    assert BR.is_business_day(D(2026, 12, 24))
    closed = BusinessCalendar.brazil(dec_24_closed=True)
    assert not closed.is_business_day(D(2026, 12, 24))
    assert closed.add_business_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert BR.add_business_days(D(2026, 12, 23), 1) == D(2026, 12, 24)


def test_brazil_is_cached_per_arguments() -> None:
    assert BusinessCalendar.brazil() is BR
    assert BusinessCalendar.brazil("sp") is BusinessCalendar.brazil("SP")
    a = BusinessCalendar.brazil("SP", [D(2027, 1, 25), D(2027, 11, 20)])
    assert BusinessCalendar.brazil("SP", (D(2027, 11, 20), D(2027, 1, 25))) is a
    assert BusinessCalendar.brazil(dec_31_closed=False) is ANBIMA_ONLY
    assert ANBIMA_ONLY is not BR


def test_add_business_days_follows_bizdays_offset() -> None:
    saturday = D(2026, 2, 14)
    assert BR.add_business_days(saturday, 0) == saturday  # n == 0 never moves
    assert BR.add_business_days(saturday, 1) == D(2026, 2, 18)  # first business day after
    assert BR.add_business_days(saturday, -1) == D(2026, 2, 13)
    assert BR.add_business_days(D(2026, 2, 18), -1) == D(2026, 2, 13)
    assert BR.add_business_days(D(2026, 4, 2), 1) == D(2026, 4, 6)  # over Good Friday
    assert BR.add_business_days(D(2026, 4, 22), -2) == D(2026, 4, 17)  # back over Tiradentes


def test_previous_business_day() -> None:
    assert BR.previous_business_day(D(2026, 2, 17)) == D(2026, 2, 13)
    assert BR.previous_business_day(D(2026, 2, 18)) == D(2026, 2, 18)
    assert BR.previous_business_day(D(2027, 1, 1)) == D(2026, 12, 30)


def test_business_days_between_sign_and_endpoints() -> None:
    assert BR.business_days_between(D(2026, 2, 13), D(2026, 2, 13)) == 0
    assert BR.business_days_between(D(2026, 2, 18), D(2026, 2, 13)) == -1
    assert BR.business_days_between(D(2026, 2, 14), D(2026, 2, 15)) == 0
    assert BR.business_days_between(D(2026, 2, 12), D(2026, 2, 13)) == 1


def test_results_across_decades_and_far_dates() -> None:
    cal = BusinessCalendar.brazil("MG")
    assert cal.next_business_day(D(2029, 12, 29)) == D(2030, 1, 2)  # Sat, Sun 30, 31 closed, 1st
    assert cal.add_business_days(D(2030, 1, 2), -1) == D(2029, 12, 28)
    assert cal.business_days_between(D(1995, 1, 2), D(2095, 1, 3)) > 24_000
    assert cal.add_business_days(D(2026, 1, 5), 25_000) > D(2125, 1, 1)


def test_dates_past_the_covered_years_raise_instead_of_overflowing() -> None:
    # Calendars cover 1880..2259 (regua.limits); 2259-12-30 is a Friday, the 31st a Saturday.
    cal = BusinessCalendar()
    assert cal.add_business_days(D(2259, 12, 29), 1) == D(2259, 12, 30)
    with pytest.raises(InvalidInputError, match=r"^n: "):
        cal.add_business_days(D(2259, 12, 30), 1)
    with pytest.raises(InvalidInputError, match=r"^d: "):
        cal.next_business_day(D(2259, 12, 31))
    early = BusinessCalendar()  # 1880-01-01 is a Thursday
    assert early.previous_business_day(D(1880, 1, 1)) == D(1880, 1, 1)
    with pytest.raises(InvalidInputError, match=r"^n: "):
        early.add_business_days(D(1880, 1, 1), -1)
    for query in (
        lambda: cal.is_business_day(D(9999, 12, 30)),
        lambda: cal.next_business_day(D(1, 1, 1)),
        lambda: cal.is_holiday(D(9999, 1, 1)),
        lambda: cal.holiday_name(D(1879, 12, 25)),
    ):
        with pytest.raises(InvalidInputError, match=r"^d: .* outside the years 1880 to 2259"):
            query()
    with pytest.raises(InvalidInputError, match=r"^b: "):
        cal.business_days_between(D(2026, 1, 1), D(9999, 1, 1))
    with pytest.raises(InvalidInputError, match=r"^a: "):
        cal.business_days_between(D(1, 1, 1), D(2026, 1, 1))
    with pytest.raises(InvalidInputError, match=r"^year: "):
        cal.holidays_in(9999)


def test_a_far_query_does_not_grow_the_shared_calendar() -> None:
    # Issue 15 item 9: one business-day question in year 9999 built every year from the
    # current one up to it into the shared Brazilian calendar (100 MB, 30 s). Now such a date
    # is refused, and a far date inside the covered years starts a fresh, small index instead
    # of joining every year in between.
    cal = BusinessCalendar.brazil("AC")
    cal.is_business_day(D(2026, 3, 2))
    with pytest.raises(InvalidInputError, match=r"^d: "):
        cal.is_business_day(D(9999, 6, 1))
    assert cal._index is not None
    assert cal._index.last_year < 2100
    assert not cal.is_business_day(D(2199, 6, 1))  # a Saturday
    index = cal._index
    assert index is not None
    assert index.last_year - index.first_year < 60
    assert cal.holiday_name(D(2026, 2, 17)) == "Carnaval"


def test_custom_calendar() -> None:
    # Friday–Saturday weekend, one named holiday.
    cal = BusinessCalendar({D(2026, 3, 1): "Feriado da empresa"}, weekend=(4, 5), name="gulf")
    assert cal.name == "gulf"
    assert repr(cal) == "BusinessCalendar(name='gulf')"
    assert not cal.is_business_day(D(2026, 2, 27))  # Friday
    assert cal.is_business_day(D(2026, 2, 22))  # Sunday
    assert not cal.is_business_day(D(2026, 3, 1))  # the holiday, a Sunday
    assert cal.holiday_name(D(2026, 3, 1)) == "Feriado da empresa"
    assert cal.next_business_day(D(2026, 2, 27)) == D(2026, 3, 2)
    assert BusinessCalendar(weekend=()).is_business_day(D(2026, 2, 28))
    assert BusinessCalendar().holidays_in(2026) == {}


def test_calendars_pickle_as_their_recipe() -> None:
    assert pickle.loads(pickle.dumps(BR)) is BR
    city = BusinessCalendar.brazil("SP", {D(2027, 1, 25): "Aniversário de São Paulo"})
    assert pickle.loads(pickle.dumps(city)) is city
    assert copy.deepcopy(city) is city
    office = BusinessCalendar({D(2026, 3, 6): "Company day"}, weekend=(4, 5), name="office")
    office.is_business_day(D(2026, 3, 6))
    clone = pickle.loads(pickle.dumps(office))
    assert clone.name == "office"
    assert clone.holiday_name(D(2026, 3, 6)) == "Company day"
    assert clone.is_business_day(D(2026, 3, 8))
    assert not clone.is_business_day(D(2026, 3, 13))  # a Friday
    assert len(pickle.dumps(BR)) < 500  # the recipe, not the index


def test_inputs_are_not_mutated() -> None:
    extras = [D(2027, 1, 25)]
    BusinessCalendar.brazil("SP", extras)
    assert extras == [D(2027, 1, 25)]


# Deliberately ill-typed calls: the type checker must not see them.
UNTYPED_BR: Any = BR
UNTYPED_CAL: Any = BusinessCalendar


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: UNTYPED_BR.is_business_day(datetime(2026, 2, 13, 12)), "d"),
        (lambda: UNTYPED_BR.is_business_day("2026-02-13"), "d"),
        (lambda: UNTYPED_BR.is_holiday(None), "d"),
        (lambda: UNTYPED_BR.holiday_name(20260213), "d"),
        (lambda: UNTYPED_BR.next_business_day(datetime(2026, 2, 13)), "d"),
        (lambda: UNTYPED_BR.previous_business_day("x"), "d"),
        (lambda: UNTYPED_BR.add_business_days(datetime(2026, 2, 13), 1), "d"),
        (lambda: UNTYPED_BR.add_business_days(D(2026, 2, 13), 1.0), "n"),
        (lambda: UNTYPED_BR.add_business_days(D(2026, 2, 13), True), "n"),
        (lambda: UNTYPED_BR.business_days_between(datetime(2026, 2, 13), D(2026, 2, 13)), "a"),
        (lambda: UNTYPED_BR.business_days_between(D(2026, 2, 13), "2026-02-20"), "b"),
        (lambda: UNTYPED_BR.holidays_in(2026.0), "year"),
        (lambda: UNTYPED_BR.holidays_in(10_000), "year"),
        (lambda: UNTYPED_CAL.brazil("XX"), "state"),
        (lambda: UNTYPED_CAL.brazil("São Paulo Capital"), "state"),
        (lambda: UNTYPED_CAL.brazil(35), "state"),
        (lambda: UNTYPED_CAL.brazil(extra_holidays=["2026-01-25"]), "extra_holidays"),
        (lambda: UNTYPED_CAL.brazil(extra_holidays=[datetime(2026, 1, 25)]), "extra_holidays"),
        (lambda: UNTYPED_CAL.brazil(extra_holidays=D(2026, 1, 25)), "extra_holidays"),
        (lambda: UNTYPED_CAL.brazil(extra_holidays={D(2026, 1, 25): ""}), "extra_holidays"),
        (lambda: UNTYPED_CAL.brazil(dec_31_closed=1), "dec_31_closed"),
        (lambda: UNTYPED_CAL.brazil(dec_24_closed="yes"), "dec_24_closed"),
        (lambda: UNTYPED_CAL(["2026-01-01"]), "holidays"),
        (lambda: UNTYPED_CAL(5), "holidays"),
        (lambda: UNTYPED_CAL(weekend=(7,)), "weekend"),
        (lambda: UNTYPED_CAL(weekend=(True,)), "weekend"),
        (lambda: UNTYPED_CAL(weekend=range(7)), "weekend"),
        (lambda: UNTYPED_CAL(weekend=5), "weekend"),
        (lambda: UNTYPED_CAL(name=""), "name"),
    ],
)
def test_bad_input_names_the_field(call: object, field: str) -> None:
    assert callable(call)
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")


def test_calendar_spec_builds_the_cached_brazil_calendar() -> None:
    spec = CalendarSpec.model_validate(
        {
            "country": "BR",
            "state": "SP",
            "extra_holidays": ["2027-01-25"],
            "dec_31_closed": True,
            "dec_24_closed": False,
        }
    )
    cal = spec.build()
    assert cal is BusinessCalendar.brazil("SP", [D(2027, 1, 25)])
    assert cal is CalendarSpec(state="sp", extra_holidays=(D(2027, 1, 25),)).build()
    assert CalendarSpec().build() is BR
    assert not CalendarSpec(dec_24_closed=True).build().is_business_day(D(2026, 12, 24))


def test_calendar_spec_round_trips_through_json_and_exports_a_schema() -> None:
    spec = CalendarSpec(state="RJ", extra_holidays=(D(2026, 1, 20),), dec_31_closed=False)
    dumped = spec.model_dump(mode="json")
    assert dumped == {
        "country": "BR",
        "state": "RJ",
        "extra_holidays": ["2026-01-20"],
        "dec_31_closed": False,
        "dec_24_closed": False,
    }
    assert CalendarSpec.model_validate(dumped) == spec
    schema = CalendarSpec.model_json_schema()
    assert set(schema["properties"]) == set(dumped)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"state": "XX"}, "state"),
        ({"country": "US"}, "country"),
        ({"extra_holidays": ["2026-13-01"]}, "extra_holidays"),
        ({"extra_holidays": [datetime(2026, 1, 25)]}, "extra_holidays"),
        ({"dec_31_closed": "maybe"}, "dec_31_closed"),
        ({"municipality": "São Paulo"}, "municipality"),
    ],
)
def test_calendar_spec_rejects_bad_config(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        CalendarSpec.model_validate(data)
    assert info.value.errors()[0]["loc"][0] == field

"""A second jurisdiction is added without touching the engine (issue 12 item 5).

A toy Portugal, defined here only, is registered through the public API; a schedule names it in
``calendar.country`` and both engines plan with its banking calendar, contact hours, notice
days and prescription term. The expected actions are worked out by hand from the toy's rules:

- Portuguese bank holidays (toy): 1 Jan, 25 Apr, 1 May, 10 Jun (Dia de Portugal), 15 Aug,
  5 Oct, 1 Nov, 1, 8 and 25 Dec; 1 Jul in Madeira (region "30"). In 2026, Corpus Christi
  (a Brazilian bank holiday) is Thursday 4 June and 10 June is a Wednesday.
- Contact: weekdays 09:00-21:00 only (no Saturday, Sunday or holiday).
- Notice before a listing: at least 5 days (Brazil: 10). Prescription: 3 years (Brazil: 5).
"""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from pydantic import ValidationError

import regua
from regua.calendar import BusinessCalendar, CalendarSpec
from regua.errors import InvalidInputError
from regua.jurisdiction import (
    JURISDICTIONS,
    ContactHours,
    Jurisdiction,
    jurisdiction,
    register,
    unregister,
)
from regua.jurisdiction.brazil import BRAZIL
from regua.models import Customer, Invoice
from regua.rules import Schedule, SkipCode
from regua.schemas import json_schema
from test_columnar_equivalence import assert_same

LISBON = ZoneInfo("Europe/Lisbon")


def _portuguese_bank_holidays(
    year: int, state: str | None, *, dec_31_closed: bool, dec_24_closed: bool
) -> Iterable[tuple[date, str]]:
    fixed = [
        (1, 1, "Ano Novo"),
        (4, 25, "Dia da Liberdade"),
        (5, 1, "Dia do Trabalhador"),
        (6, 10, "Dia de Portugal"),
        (8, 15, "Assunção de Nossa Senhora"),
        (10, 5, "Implantação da República"),
        (11, 1, "Todos os Santos"),
        (12, 1, "Restauração da Independência"),
        (12, 8, "Imaculada Conceição"),
        (12, 25, "Natal"),
    ]
    days = [(date(year, month, day), name) for month, day, name in fixed]
    if state == "30":
        days.append((date(year, 7, 1), "Dia da Região Autónoma da Madeira"))
    if dec_24_closed:
        days.append((date(year, 12, 24), "Véspera de Natal"))
    if dec_31_closed:
        days.append((date(year, 12, 31), "Último dia do ano"))
    return days


PORTUGAL = Jurisdiction(
    code="PT",
    name="Portugal",
    fine_cap_percent=Decimal("5"),
    fine_cap_law="toy fine cap",
    notice_days=5,
    notice_law="toy notice law",
    prescription_years=3,
    prescription_law="toy prescription law",
    prescription_contact_law="toy: a prescribed debt is not demanded",
    contact_hours=ContactHours(
        weekdays=(time(9), time(21)),
        saturday=None,
        sunday=None,
        holidays=None,
        law="toy contact law",
    ),
    bank_holidays=_portuguese_bank_holidays,
    states=frozenset({"20", "30"}),
    state_name="Portuguese autonomous region code",
    default_time_zone="Europe/Lisbon",
    consumer_fees_law="toy consumer fees law",
)


@pytest.fixture(autouse=True)
def portugal() -> Iterator[Jurisdiction]:
    register(PORTUGAL)
    yield PORTUGAL
    unregister("PT")


CUSTOMER = Customer.model_validate(
    {
        "id": "c1",
        "name": "Ana Sousa",
        "kind": "consumer",
        "contacts": {"email": "ana@example.pt"},
        "timezone": "Europe/Lisbon",
    }
)


def _schedule(country: str, *steps: dict[str, Any], **keys: Any) -> Schedule:
    return Schedule.model_validate(
        {"name": "t", "calendar": {"country": country}, "steps": list(steps), **keys}
    )


def _invoice(due: str) -> Invoice:
    return Invoice.model_validate(
        {
            "id": "i1",
            "customer_id": "c1",
            "amount": "100.00",
            "due_date": due,
            "issue_date": "2022-01-01",
        }
    )


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), LISBON)


# --- the schedule takes its defaults and bounds from its jurisdiction -------------------------


def test_a_schedule_of_the_country_takes_its_defaults() -> None:
    schedule = _schedule("PT", {"id": "d1", "offset": 1, "channels": ["email"]})
    assert schedule.jurisdiction is PORTUGAL
    window = schedule.contact_window
    assert (window.weekdays, window.saturday, window.sunday, window.holidays) == (
        (time(9), time(21)),
        None,
        None,
        None,
    )
    assert schedule.guardrails.notice_days == 5
    assert schedule.guardrails.prescription_years == 3
    # What a schedule sets is kept; what it leaves out is the country's.
    own = _schedule(
        "PT",
        {"id": "d1", "offset": 1, "channels": ["email"]},
        contact_window={"weekdays": ["10:00", "18:00"]},
        guardrails={"notice_days": 12},
    )
    assert own.contact_window.weekdays == (time(10), time(18))
    assert own.contact_window.saturday is None
    assert (own.guardrails.notice_days, own.guardrails.prescription_years) == (12, 3)
    # A Brazilian schedule keeps Brazil's, as before.
    brazilian = _schedule("BR", {"id": "d1", "offset": 1, "channels": ["email"]})
    assert brazilian.jurisdiction is BRAZIL
    assert brazilian.contact_window.saturday == (time(8), time(14))
    assert (brazilian.guardrails.notice_days, brazilian.guardrails.prescription_years) == (10, 5)


def test_a_model_given_to_the_schedule_gets_the_country_for_the_keys_it_did_not_set() -> None:
    window = regua.rules.ContactWindow(weekdays=(time(10), time(18)))
    schedule = _schedule(
        "PT", {"id": "d1", "offset": 1, "channels": ["email"]}, contact_window=window
    )
    assert schedule.contact_window.weekdays == (time(10), time(18))
    assert schedule.contact_window.saturday is None  # Portugal's, not the model's Brazilian 08-14


def test_the_schedule_round_trips_through_its_dump() -> None:
    schedule = _schedule("PT", {"id": "d1", "offset": 1, "channels": ["email"]})
    assert Schedule.model_validate(schedule.model_dump(mode="json")) == schedule
    assert Schedule.model_validate_json(schedule.model_dump_json()) == schedule


@pytest.mark.parametrize(
    ("country", "keys", "valid"),
    [
        # Portugal's hours reach 21:00 on weekdays; Brazil's stop at 20:00.
        ("PT", {"contact_window": {"weekdays": ["09:00", "21:00"]}}, True),
        ("BR", {"contact_window": {"weekdays": ["09:00", "21:00"], "saturday": None}}, False),
        # Brazil allows Saturday mornings; Portugal no Saturday at all.
        ("PT", {"contact_window": {"saturday": ["09:00", "12:00"]}}, False),
        # At least the country's notice days: 5 in Portugal, 10 in Brazil.
        ("PT", {"guardrails": {"notice_days": 5}}, True),
        ("PT", {"guardrails": {"notice_days": 4}}, False),
        ("BR", {"guardrails": {"notice_days": 5}}, False),
        # At most the country's prescription term: 3 years in Portugal, 5 in Brazil.
        ("PT", {"guardrails": {"prescription_years": 3}}, True),
        ("PT", {"guardrails": {"prescription_years": 4}}, False),
        ("BR", {"guardrails": {"prescription_years": 4}}, True),
    ],
)
def test_the_guardrails_are_bounded_by_the_country(
    country: str, keys: dict[str, Any], valid: bool
) -> None:
    step = {"id": "d1", "offset": 1, "channels": ["email"]}
    if valid:
        _schedule(country, step, **keys)
    else:
        with pytest.raises(ValidationError, match=r"contact_window\.|guardrails\."):
            _schedule(country, step, **keys)


def test_a_refusal_names_the_field_and_the_countrys_law() -> None:
    step = {"id": "d1", "offset": 1, "channels": ["email"]}
    with pytest.raises(ValidationError, match=r"guardrails\.notice_days: 4 .*toy notice law"):
        _schedule("PT", step, guardrails={"notice_days": 4})
    with pytest.raises(ValidationError, match=r"guardrails\.prescription_years: 4 .*Portugal"):
        _schedule("PT", step, guardrails={"prescription_years": 4})
    with pytest.raises(ValidationError, match=r"contact_window\.saturday: .*toy contact law"):
        _schedule("PT", step, contact_window={"saturday": ["09:00", "12:00"]})


def test_the_json_schema_holds_each_registered_countrys_bounds() -> None:
    schema = json_schema("schedule")
    step = {"id": "d1", "offset": 1, "channels": ["email"]}

    def accepts(country: str, guardrails: dict[str, Any]) -> bool:
        document = {
            "name": "t",
            "calendar": {"country": country},
            "guardrails": guardrails,
            "steps": [step],
        }
        return jsonschema.Draft202012Validator(schema).is_valid(document)

    assert accepts("PT", {"notice_days": 5})
    assert not accepts("PT", {"notice_days": 4})
    assert not accepts("BR", {"notice_days": 5})
    assert not accepts("PT", {"prescription_years": 4})
    assert accepts("BR", {"prescription_years": 4})
    no_country = {"name": "t", "guardrails": {"notice_days": 5}, "steps": [step]}
    assert not jsonschema.Draft202012Validator(schema).is_valid(no_country)  # Brazil's


# --- the calendar is the country's ----------------------------------------------------------


def test_the_calendar_is_the_countrys() -> None:
    spec = CalendarSpec.model_validate({"country": "PT", "state": "30"})
    calendar = spec.build()
    assert calendar is BusinessCalendar.of_country("PT", "30")
    assert calendar.name == "PT-30"
    assert calendar.holiday_name(date(2026, 6, 10)) == "Dia de Portugal"
    assert calendar.holiday_name(date(2026, 7, 1)) == "Dia da Região Autónoma da Madeira"
    assert calendar.is_business_day(date(2026, 6, 4))  # Corpus Christi closes Brazil only
    # Tuesday 9 June + 1 business day skips the 10th.
    assert calendar.add_business_days(date(2026, 6, 9), 1) == date(2026, 6, 11)
    assert BusinessCalendar.brazil().add_business_days(date(2026, 6, 9), 1) == date(2026, 6, 10)
    assert pickle.loads(pickle.dumps(calendar)) is calendar


def test_a_state_must_be_the_countrys() -> None:
    with pytest.raises(ValidationError, match="'SP' is not a Portuguese autonomous region code"):
        CalendarSpec.model_validate({"country": "PT", "state": "SP"})
    with pytest.raises(InvalidInputError, match="state: '30' is not a Brazilian state"):
        BusinessCalendar.brazil("30")


# --- both engines plan with it, unchanged ---------------------------------------------------


def _plan(schedule: Schedule, due: str, as_of: date) -> regua.Plan:
    return assert_same(schedule, [CUSTOMER], [_invoice(due)], as_of=as_of)


@pytest.mark.parametrize(
    ("country", "as_of", "expected"),
    [
        # "1bd" after Tuesday 9 June: Portugal closes the 10th, Brazil does not.
        ("PT", date(2026, 6, 10), []),
        ("PT", date(2026, 6, 11), [(_at(date(2026, 6, 11), 9), _at(date(2026, 6, 11), 21))]),
        ("BR", date(2026, 6, 10), [(_at(date(2026, 6, 10), 8), _at(date(2026, 6, 10), 20))]),
    ],
)
def test_business_day_offsets_follow_the_countrys_calendar(
    country: str, as_of: date, expected: list[tuple[datetime, datetime]]
) -> None:
    schedule = _schedule(country, {"id": "lembrete", "offset": "1bd", "channels": ["email"]})
    plan = _plan(schedule, "2026-06-09", as_of)
    assert [(a.window_start, a.window_end) for a in plan.actions] == expected
    assert plan.skipped == ()


@pytest.mark.parametrize(
    ("country", "due", "offset", "as_of", "window"),
    [
        # Step on Saturday 13 June: Portugal has no Saturday contact, so Monday 15, 09-21.
        ("PT", "2026-06-11", 2, date(2026, 6, 13), (date(2026, 6, 15), 9, 21)),
        ("BR", "2026-06-11", 2, date(2026, 6, 13), (date(2026, 6, 13), 8, 14)),
        # Step on the Dia de Portugal (Wednesday 10 June): no contact on a holiday.
        ("PT", "2026-06-09", 1, date(2026, 6, 10), (date(2026, 6, 11), 9, 21)),
        ("BR", "2026-06-09", 1, date(2026, 6, 10), (date(2026, 6, 10), 8, 20)),
    ],
)
def test_contact_follows_the_countrys_hours_and_holidays(
    country: str, due: str, offset: int, as_of: date, window: tuple[date, int, int]
) -> None:
    step = {"id": "aviso", "offset": offset, "non_business_day": "keep", "channels": ["email"]}
    plan = _plan(_schedule(country, step), due, as_of)
    day, start, end = window
    assert [(a.window_start, a.window_end) for a in plan.actions] == [
        (_at(day, start), _at(day, end))
    ]


def test_a_debt_prescribes_on_the_countrys_term() -> None:
    step = {"id": "velho", "offset": 30, "channels": ["email"]}
    # Due 10 Jan 2023: the term runs from the 11th, so 3 years end on 11 Jan 2026.
    plan = _plan(_schedule("PT", step), "2023-01-10", date(2026, 6, 11))
    assert plan.actions == ()
    (skip,) = plan.skipped
    assert skip.code is SkipCode.PRESCRIBED
    assert skip.reason == (
        "debt prescribed on 2026-01-11 (3 years after the due date): no contact, judicial or"
        " extrajudicial (toy: a prescribed debt is not demanded)"
    )
    # Brazil's five years have not run.
    assert len(_plan(_schedule("BR", step), "2023-01-10", date(2026, 6, 11)).actions) == 1


def test_explain_and_simulate_read_the_country_too() -> None:
    schedule = _schedule("PT", {"id": "lembrete", "offset": "1bd", "channels": ["email"]})
    explained = regua.explain(schedule, CUSTOMER, [_invoice("2026-06-09")], as_of=date(2026, 6, 10))
    assert [(r.step_date, r.state.value) for r in explained.rows] == [
        (date(2026, 6, 11), "not_yet")
    ]
    simulated = regua.simulate(
        schedule,
        [CUSTOMER],
        [_invoice("2026-06-09")],
        start=date(2026, 6, 9),
        end=date(2026, 6, 12),
    )
    assert [e.executed_on for e in simulated.timeline] == [date(2026, 6, 11)]


# --- registration -------------------------------------------------------------------------


def test_registration_is_public_and_checked() -> None:
    assert JURISDICTIONS["PT"] is PORTUGAL is jurisdiction("PT")
    assert register(PORTUGAL) is PORTUGAL  # the same value again: nothing changes
    with pytest.raises(InvalidInputError, match="PT is already registered"):
        register(_replaced(PORTUGAL, name="Portugal again"))
    with pytest.raises(InvalidInputError, match=r"jurisdiction\.code: 'pt' is not an ISO"):
        register(_replaced(PORTUGAL, code="pt"))
    with pytest.raises(InvalidInputError, match="expected a Jurisdiction"):
        register("PT")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="BR is the default jurisdiction"):
        unregister("BR")
    with pytest.raises(TypeError):
        JURISDICTIONS["ES"] = PORTUGAL  # type: ignore[index]


def test_a_country_nobody_registered_is_refused_naming_the_field() -> None:
    step = {"id": "d1", "offset": 1, "channels": ["email"]}
    with pytest.raises(ValidationError, match=r"calendar\.country[\s\S]*'ES' is not a registered"):
        _schedule("ES", step)
    unregister("PT")
    try:
        with pytest.raises(ValidationError, match="registered: BR"):
            _schedule("PT", step)
        with pytest.raises(InvalidInputError, match="country: 'PT' is not a registered"):
            BusinessCalendar.of_country("PT")
    finally:
        register(PORTUGAL)


def _replaced(where: Jurisdiction, **changes: Any) -> Jurisdiction:
    return dataclasses.replace(where, **changes)


def _returns_text_days(
    year: int, state: str | None, *, dec_31_closed: bool, dec_24_closed: bool
) -> Iterable[tuple[date, str]]:
    return [(f"{year}-06-10", "Dia de Portugal")]  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"notice_days": -1}, "notice_days", "a whole number of days, 0 or more, not -1"),
        ({"notice_days": 1.5}, "notice_days", "a whole number of days, 0 or more, not 1.5"),
        ({"notice_days": True}, "notice_days", "a whole number of days, 0 or more, not True"),
        ({"prescription_years": 0}, "prescription_years", "a whole number of years, 1 or more"),
        ({"fine_cap_percent": 2.0}, "fine_cap_percent", "a Decimal from 0 to 100, not 2.0"),
        ({"fine_cap_percent": Decimal("-1")}, "fine_cap_percent", "from 0 to 100, not -1"),
        ({"fine_cap_percent": Decimal("NaN")}, "fine_cap_percent", "from 0 to 100, not NaN"),
        ({"default_time_zone": "Europe/Lisboa"}, "default_time_zone", "not an IANA time zone"),
        ({"state_time_zones": {"30": "Atlantic/Madeiro"}}, "state_time_zones['30']",
         "not an IANA time zone"),
        ({"bank_holidays": None}, "bank_holidays", "a HolidayRule (a function), not None"),
        ({"name": ""}, "name", "must not be empty"),
        ({"notice_law": None}, "notice_law", "must not be empty"),
        ({"contact_hours": ContactHours(weekdays=(time(21), time(9)), saturday=None,
                                        sunday=None, holidays=None, law="x")},
         "contact_hours.weekdays", "21:00:00 is not before 09:00:00"),
        ({"contact_hours": ContactHours(weekdays=(time(9),), saturday=None,  # type: ignore[arg-type]
                                        sunday=None, holidays=None, law="x")},
         "contact_hours.weekdays", "a (start, end) pair of datetime.time or None"),
    ],
)  # fmt: skip
def test_registration_refuses_a_jurisdiction_that_cannot_work(
    changes: dict[str, Any], field: str, message: str
) -> None:
    # These registered silently, and failed later as a wrong number or a raw error in a plan.
    unregister("PT")
    try:
        with pytest.raises(InvalidInputError, match=re.escape(message)) as err:
            register(_replaced(PORTUGAL, **changes))
        assert err.value.field == f"jurisdiction.{field}"
        assert "PT" not in JURISDICTIONS
    finally:
        register(PORTUGAL)


def test_a_holiday_rule_giving_what_is_not_a_day_is_named() -> None:
    # It failed inside the engine with "'str' object has no attribute 'toordinal'".
    unregister("PT")
    register(_replaced(PORTUGAL, bank_holidays=_returns_text_days))
    try:
        with pytest.raises(
            InvalidInputError, match=r"\(day, name\) pairs, got \('20\d\d-06-10'"
        ) as err:
            BusinessCalendar.of_country("PT").is_business_day(date(2026, 6, 10))
        assert err.value.field == "jurisdiction.bank_holidays"
    finally:
        unregister("PT")
        register(PORTUGAL)

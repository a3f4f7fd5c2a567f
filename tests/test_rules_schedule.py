"""Schedule validation: what a régua may say, and the errors that name the step and the field."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

import pytest
from pydantic import ValidationError

from regua.rules import CatchUp, NonBusinessDay, Schedule
from regua.rules.compiled import CompiledSchedule
from regua.rules.schedule import parse_offset

ISSUE_EXAMPLE: dict[str, Any] = {
    "name": "padrao",
    "calendar": {"country": "BR"},
    "contact_window": {
        "weekdays": ["08:00", "20:00"],
        "saturday": ["08:00", "14:00"],
        "sunday": None,
        "holidays": None,
    },
    "limits": {"per_customer_per_day": 1, "per_customer_per_week": 3},
    "catch_up": "latest",
    "steps": [
        {"id": "lembrete", "offset": -3, "channels": ["email"]},
        {"id": "vencimento", "offset": 0, "channels": ["whatsapp", "sms", "email"]},
        {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
        {
            "id": "d5",
            "offset": 5,
            "channels": ["email"],
            "when": {"profile": ["occasional", "recurring"]},
        },
        {"id": "ligacao", "offset": 10, "action": "call_task", "channels": ["phone"]},
        {
            "id": "aviso_negativacao",
            "offset": 30,
            "action": "bureau_notice",
            "channels": ["letter", "email"],
            "when": {"min_amount": "50.00"},
        },
        {
            "id": "negativacao",
            "offset": 45,
            "action": "bureau_listing",
            "after": {"step": "aviso_negativacao", "min_days": 10},
        },
        {
            "id": "protesto",
            "offset": 60,
            "action": "protest",
            "when": {"customer_kind": ["business"]},
        },
    ],
}


def with_steps(*steps: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": "t", "steps": list(steps), **extra}


def error_text(config: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        Schedule.model_validate(config)
    return str(caught.value)


def test_issue_example_validates_with_documented_defaults() -> None:
    schedule = Schedule.model_validate(ISSUE_EXAMPLE)
    assert [s.id for s in schedule.steps][-1] == "protesto"
    assert schedule.catch_up is CatchUp.LATEST
    assert schedule.non_business_day is NonBusinessDay.NEXT
    assert schedule.contact_window.weekdays == (time(8), time(20))
    assert schedule.contact_window.sunday is None
    assert schedule.guardrails.notice_days == 10
    assert schedule.guardrails.prescription_years == 5
    assert schedule.step("d1").offset == "1bd"
    assert schedule.step("d1").business_days
    assert schedule.step("d1").offset_days == 1
    # Defaults equal what the issue spells out explicitly.
    minimal = Schedule.model_validate({"name": "padrao", "steps": ISSUE_EXAMPLE["steps"]})
    assert minimal == schedule


def test_round_trips_through_json_and_exports_a_schema() -> None:
    schedule = Schedule.model_validate(ISSUE_EXAMPLE)
    again = Schedule.model_validate_json(schedule.model_dump_json())
    assert again == schedule
    schema = Schedule.model_json_schema()
    assert set(schema["required"]) == {"name", "steps"}
    json.dumps(schema)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-3, (-3, False)),
        (0, (0, False)),
        ("1bd", (1, True)),
        ("-2BD", (-2, True)),
        ("7", (7, False)),
    ],
)
def test_offsets(value: int | str, expected: tuple[int, bool]) -> None:
    assert parse_offset(value) == expected


@pytest.mark.parametrize("value", ["3 days", "bd", "1.5", True, "1b"])
def test_bad_offsets_are_rejected(value: Any) -> None:
    text = error_text(with_steps({"id": "x", "offset": value, "channels": ["email"]}))
    assert "steps[0] ('x').offset: " in text


def test_duplicate_step_id_names_both_positions() -> None:
    text = error_text(
        with_steps(
            {"id": "a", "offset": 1, "channels": ["email"]},
            {"id": "a", "offset": 2, "channels": ["sms"]},
        )
    )
    assert "steps[1] ('a').id: duplicate step id (also steps[0])" in text


def test_after_naming_unknown_or_later_step() -> None:
    unknown = error_text(
        with_steps({"id": "a", "offset": 1, "channels": ["email"], "after": {"step": "zz"}})
    )
    assert "steps[0] ('a').after.step: 'zz' is not a step of this schedule" in unknown
    later = error_text(
        with_steps(
            {"id": "a", "offset": 1, "channels": ["email"], "after": {"step": "b"}},
            {"id": "b", "offset": 2, "channels": ["email"]},
        )
    )
    assert "steps[0] ('a').after.step: 'b' is a later step" in later


def test_offsets_out_of_order() -> None:
    text = error_text(
        with_steps(
            {"id": "a", "offset": 10, "channels": ["email"]},
            {"id": "b", "offset": "5bd", "channels": ["email"], "after": {"step": "a"}},
        )
    )
    assert "steps[1] ('b').offset: 5bd comes before the previous step's 10 ('a')" in text


@pytest.mark.parametrize(
    ("step", "fragment"),
    [
        (
            {"id": "a", "offset": 1, "channels": ["telegram"]},
            "steps[0] ('a').channels.0: Input should be 'email'",
        ),
        (
            {"id": "a", "offset": 1, "action": "shout", "channels": ["email"]},
            "steps[0] ('a').action: Input should be 'message'",
        ),
        ({"id": "a", "offset": 1}, "a message step needs at least one channel"),
        ({"id": "a", "offset": 1, "channels": ["sms", "sms"]}, "lists a channel more than once"),
        (
            {"id": "a", "offset": 1, "channels": ["sms"], "colour": "red"},
            "steps[0] ('a').colour: Extra inputs are not permitted",
        ),
        (
            {
                "id": "a",
                "offset": 1,
                "channels": ["sms"],
                "when": {"min_amount": "9", "max_amount": "1"},
            },
            "min_amount: 9 is above max_amount 1",
        ),
        (
            {"id": "a", "offset": 1, "channels": ["sms"], "when": {"profile": []}},
            "profile: an empty list never matches",
        ),
        (
            {"id": "a", "offset": 1, "channels": ["sms"], "when": {"state": ["XX"]}},
            "'XX' is not a Brazilian state",
        ),
    ],
)
def test_step_field_errors(step: dict[str, Any], fragment: str) -> None:
    assert fragment in error_text(with_steps(step))


def test_empty_or_unlawful_windows() -> None:
    step = {"id": "a", "offset": 1, "channels": ["sms"]}
    empty = error_text(with_steps(step, contact_window={"weekdays": ["20:00", "08:00"]}))
    assert "weekdays: the window 20:00:00–08:00:00 is empty" in empty
    closed = error_text(
        with_steps(step, contact_window={"weekdays": None, "saturday": None, "sunday": None})
    )
    assert "never contact anyone" in closed
    sunday = error_text(with_steps(step, contact_window={"sunday": ["09:00", "12:00"]}))
    assert "contact_window.sunday: outside the legal default (no contact" in sunday
    late = error_text(with_steps(step, contact_window={"weekdays": ["07:00", "21:00"]}))
    assert "contact_window.weekdays: outside the legal default (08:00–20:00" in late
    # Loosening needs the explicit key; tightening never does.
    loose = Schedule.model_validate(
        with_steps(
            step,
            contact_window={"sunday": ["09:00", "12:00"]},
            guardrails={"contact_window": False},
        )
    )
    assert loose.contact_window.sunday == (time(9), time(12))
    tight = Schedule.model_validate(
        with_steps(step, contact_window={"weekdays": ["09:00", "18:00"]})
    )
    assert tight.contact_window.weekdays == (time(9), time(18))


def test_listing_needs_a_notice_step_unless_loosened() -> None:
    listing = {"id": "neg", "offset": 45, "action": "bureau_listing"}
    text = error_text(with_steps({"id": "a", "offset": 1, "channels": ["sms"]}, listing))
    assert "steps[1] ('neg').action: a bureau_listing needs an earlier bureau_notice" in text
    loose = Schedule.model_validate(
        with_steps(listing, guardrails={"notice_before_listing": False})
    )
    assert loose.steps[0].action.value == "bureau_listing"


@pytest.mark.parametrize(
    ("guardrails", "fragment"),
    [
        ({"notice_days": 5}, "guardrails.notice_days"),
        ({"prescription_years": 10}, "guardrails.prescription_years"),
        ({"disputes": "whatever"}, "guardrails.disputes"),
    ],
)
def test_guardrails_cannot_be_loosened_by_a_number(
    guardrails: dict[str, Any], fragment: str
) -> None:
    text = error_text(
        with_steps({"id": "a", "offset": 1, "channels": ["sms"]}, guardrails=guardrails)
    )
    assert fragment in text


def test_non_business_day_shift_default_next_and_per_step_override() -> None:
    # 2026-04-21 (Tiradentes) is a Tuesday holiday; 2026-04-18/19 a weekend.
    schedule = Schedule.model_validate(
        with_steps(
            {"id": "d0", "offset": 0, "channels": ["sms"]},
            {"id": "b1", "offset": "1bd", "channels": ["sms"]},
            {"id": "d1", "offset": 1, "channels": ["sms"], "non_business_day": "previous"},
            {"id": "d2", "offset": 2, "channels": ["sms"], "non_business_day": "keep"},
            {"id": "d3", "offset": 3, "channels": ["sms"]},
        )
    )
    compiled = CompiledSchedule(schedule)
    due = date(2026, 4, 18)  # Saturday: paying Monday 20th is still on time
    got = [date.fromordinal(o) for o in compiled.step_dates(due.toordinal())]
    assert got == [
        date(2026, 4, 20),  # d0: Saturday → Monday
        date(2026, 4, 22),  # b1: 1 business day after Monday 20th, skipping Tiradentes
        date(2026, 4, 22),  # d1: Sunday; never on/before the effective due date → Wed (21 holiday)
        date(2026, 4, 21),  # d2: keep → the 20th is the effective due date, so the 21st
        date(2026, 4, 22),  # d3: Tuesday 21st is Tiradentes → Wednesday
    ]
    before = [date.fromordinal(o) for o in compiled.step_dates(date(2026, 4, 23).toordinal())]
    assert before[:2] == [date(2026, 4, 23), date(2026, 4, 24)]


def test_negative_business_offset_counts_back_from_the_due_date() -> None:
    schedule = Schedule.model_validate(
        with_steps({"id": "pre", "offset": "-2bd", "channels": ["sms"]})
    )
    compiled = CompiledSchedule(schedule)
    # Due Wednesday 2026-04-22: two business days before skips Tiradentes (Tue 21) → Fri 17.
    assert compiled.step_dates(date(2026, 4, 22).toordinal()) == (date(2026, 4, 17).toordinal(),)


def test_templates_must_exist_and_be_valid() -> None:
    text = error_text(
        with_steps({"id": "a", "offset": 1, "channels": ["sms"], "template": "no_such_template"})
    )
    assert "steps[0] ('a').template: unknown template 'no_such_template'" in text
    builtin = Schedule.model_validate(
        with_steps(
            {"id": "a", "offset": -3, "channels": ["sms"], "template": "reminder_before_due"}
        )
    )
    assert builtin.steps[0].template == "reminder_before_due"
    mine = {"gentil": {"body": "Olá, $first_name. Sua fatura vence em $due_date."}}
    own = Schedule.model_validate(
        with_steps(
            {"id": "a", "offset": -3, "channels": ["sms"], "template": "gentil"}, templates=mine
        )
    )
    assert own.templates["gentil"].id == "gentil"
    broken = error_text(
        with_steps(
            {"id": "a", "offset": -3, "channels": ["sms"], "template": "gentil"},
            templates={"gentil": {"body": "Olá {{ user }}"}},
        )
    )
    assert "templates.gentil" in broken

"""A misspelled key in a configuration (a schedule at every level, a calendar, a template, a
simulation event, an offer policy) fails naming the key and the known key it is closest to."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

import regua
from regua.offers import OfferPolicy
from regua.rules.events import PauseSet
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices
from regua.templates import Template

STEP = {"id": "d1", "offset": 1, "action": "message", "channels": ["email"]}


def messages(error: ValidationError) -> list[tuple[str, str]]:
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in error.errors()]


def schedule_errors(**changes: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        regua.Schedule.model_validate({"name": "s", "steps": [STEP], **changes})
    return messages(caught.value)


def test_a_misspelled_schedule_key_suggests_the_key() -> None:
    with pytest.raises(ValidationError) as caught:
        regua.Schedule.model_validate({"name": "s", "step": [STEP]})
    assert messages(caught.value) == [
        ("steps", "Field required"),
        ("step", "Extra inputs are not permitted; did you mean 'steps'?"),
    ]


def test_plan_given_the_mapping_says_the_same() -> None:
    with pytest.raises(
        ValidationError,
        match=r"step\n  Extra inputs are not permitted; did you"
        r" mean 'steps'\? \[type=extra_forbidden",
    ):
        regua.plan(
            {"name": "s", "step": [STEP]},
            sample_customers(),
            sample_invoices(),
            as_of=SAMPLE_AS_OF,
        )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"guardrail": {}}, [("guardrail", "did you mean 'guardrails'?")]),
        (
            {"guardrails": {"contact_windows": False}},
            [("guardrails.contact_windows", "did you mean 'contact_window'?")],
        ),
        ({"promises": {"grace_day": 2}}, [("promises.grace_day", "did you mean 'grace_days'?")]),
        (
            {"limits": {"per_customer_per_dya": 2}},
            [("limits.per_customer_per_dya", "did you mean 'per_customer_per_day'?")],
        ),
        (
            {"contact_window": {"weekday": ["09:00", "18:00"]}},
            [("contact_window.weekday", "did you mean 'weekdays'?")],
        ),
        ({"calendar": {"contry": "BR"}}, [("calendar.contry", "did you mean 'country'?")]),
        ({"catchup": "all"}, [("catchup", "did you mean 'catch_up'?")]),
    ],
)
def test_every_level_of_the_schedule_suggests_its_own_keys(
    changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    assert schedule_errors(**changes) == [
        (where, f"Extra inputs are not permitted; {hint}") for where, hint in expected
    ]


@pytest.mark.parametrize(
    ("step", "reason"),
    [
        ({"wen": {}}, "steps[0] ('d1').wen: Extra inputs are not permitted; did you mean 'when'?"),
        (
            {"when": {"day_overdue": {"min": 1}}},
            "steps[0] ('d1').when.day_overdue: Extra inputs are not permitted; did you mean"
            " 'days_overdue'?",
        ),
        (
            {"repeat": {"every": 7, "maxi": 2}},
            "steps[0] ('d1').repeat.maxi: Extra inputs are not permitted; did you mean 'max'?",
        ),
        (
            {"channel": ["email"]},
            "steps[0] ('d1').channel: Extra inputs are not permitted; did you mean 'channels'?",
        ),
    ],
)
def test_a_step_and_its_parts_suggest_their_keys(step: dict[str, Any], reason: str) -> None:
    assert schedule_errors(steps=[{**STEP, **step}]) == [("steps", f"Value error, {reason}")]


def test_a_key_close_to_nothing_gets_no_guess() -> None:
    assert schedule_errors(colour="blue") == [("colour", "Extra inputs are not permitted")]


def test_the_other_errors_keep_their_messages() -> None:
    assert schedule_errors(guardrail={}, catch_up="sometimes") == [
        ("catch_up", "Input should be 'latest', 'all', 'none' or 'one_per_run'"),
        ("guardrail", "Extra inputs are not permitted; did you mean 'guardrails'?"),
    ]


def test_other_configurations_suggest_their_keys() -> None:
    cases: list[tuple[Any, dict[str, Any], tuple[str, str]]] = [
        (
            Template,
            {"id": "t", "channel": "email", "body": "x", "subjct": "y"},
            ("subjct", "did you mean 'subject'?"),
        ),
        (
            PauseSet,
            {"on": "2026-03-01", "customer_id": "c1", "invoice": "i1", "blocked": True},
            ("invoice", "did you mean 'invoice_id'?"),
        ),
        (
            OfferPolicy,
            {"max_instalments": 6},
            ("max_instalments", "did you mean 'max_installments'?"),
        ),
    ]
    for model, data, (where, hint) in cases:
        with pytest.raises(ValidationError) as caught:
            model.model_validate(data)
        assert (where, f"Extra inputs are not permitted; {hint}") in messages(caught.value)

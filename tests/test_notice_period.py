"""One source of truth for the notice period and the default template (issue 15, item 3).

A schedule with ``guardrails.notice_days: 15`` waits 15 days between the bureau notice and the
listing; the notice message must say 15 days and give the deadline 15 days after its window
start, in every built-in language. The planned action carries the period, so rendering needs
no second setting that could disagree.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regua import InvalidInputError
from regua.models import Action, Customer
from regua.rules import Schedule, plan
from regua.samples import sample_creditor
from regua.templates import (
    DEFAULT_NOTICE_DAYS,
    build_context,
    default_template_id,
    format_days,
    format_long_date,
    render,
    render_action,
    template_for,
)

DUE = date(2026, 3, 5)
AS_OF = date(2026, 4, 6)  # Monday, D+32: the notice step (offset 30) is due


def _notice(notice_days: int | None, locale: str) -> tuple[Action, Customer]:
    guardrails = {} if notice_days is None else {"guardrails": {"notice_days": notice_days}}
    schedule = Schedule.model_validate(
        {
            "name": "t",
            "steps": [
                {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["email"]},
                {"id": "neg", "offset": 50, "action": "bureau_listing"},
            ],
            **guardrails,
        }
    )
    customer = Customer.model_validate(
        {
            "id": "c1",
            "name": "Ana Souza",
            "kind": "consumer",
            "locale": locale,
            "contacts": {"email": "ana@example.com"},
        }
    )
    invoice = {"id": "i1", "customer_id": "c1", "amount": "100.00", "due_date": DUE}
    (action,) = plan(schedule, [customer], [invoice], as_of=AS_OF).actions
    return action, customer


@pytest.mark.parametrize(
    ("locale", "text"), [("pt_BR", "15 dias"), ("en", "15 days"), ("es", "15 días")]
)
def test_the_bureau_notice_quotes_the_schedules_notice_days(locale: str, text: str) -> None:
    action, customer = _notice(15, locale)
    assert action.notice_days == 15
    message = render_action(action, customer=customer, creditor=sample_creditor())
    assert text in message.body
    assert "10" not in message.body.replace("100", "")
    local_start = action.window_start.astimezone(ZoneInfo(customer.timezone)).date()
    deadline = format_long_date(local_start + timedelta(days=15), locale)
    assert deadline in message.body
    assert deadline in (message.subject or "")


def test_the_default_schedule_quotes_the_default_period() -> None:
    action, customer = _notice(None, "pt_BR")
    assert action.notice_days == DEFAULT_NOTICE_DAYS == 10
    message = render_action(action, customer=customer, creditor=sample_creditor())
    assert format_days(10, "pt_BR") in message.body


def test_the_guardrail_default_is_the_render_default() -> None:
    schedule = Schedule.model_validate(
        {"name": "t", "steps": [{"id": "a", "offset": 1, "channels": ["sms"]}]}
    )
    assert schedule.guardrails.notice_days == DEFAULT_NOTICE_DAYS


def test_an_explicit_notice_days_that_contradicts_the_action_is_refused() -> None:
    action, customer = _notice(15, "pt_BR")
    creditor = sample_creditor()
    with pytest.raises(InvalidInputError, match=r"notice_days: 10 contradicts .* 15 days"):
        render_action(action, customer=customer, creditor=creditor, notice_days=10)
    with pytest.raises(InvalidInputError, match="notice_days"):
        build_context(action, locale="pt_BR", notice_days=10)
    # Saying the same thing is allowed.
    same = render_action(action, customer=customer, creditor=creditor, notice_days=15)
    assert "15 dias" in same.body


def test_a_hand_built_action_still_takes_notice_days() -> None:
    action, customer = _notice(15, "pt_BR")
    hand_built = Action.model_validate(action.model_dump() | {"notice_days": None})
    assert (
        "10 dias" in render_action(hand_built, customer=customer, creditor=sample_creditor()).body
    )
    twenty = render_action(
        hand_built, customer=customer, creditor=sample_creditor(), notice_days=20
    )
    assert "20 dias" in twenty.body


def test_a_plain_mapping_takes_notice_days() -> None:
    assert render("$notice_days_text", {}, channel="sms", notice_days=12).body == "12 dias"
    assert render("$notice_days_text", {}, channel="sms").body == "10 dias"


def test_action_notice_days_round_trips_and_is_bounded() -> None:
    action, _ = _notice(15, "pt_BR")
    data: dict[str, Any] = action.model_dump(mode="json")
    assert data["notice_days"] == 15
    assert Action.model_validate(data) == action
    with pytest.raises(ValueError, match="notice_days"):
        Action.model_validate(data | {"notice_days": -1})


@pytest.mark.parametrize(
    ("named", "kind", "days", "expected"),
    [
        (None, "message", -3, "reminder_before_due"),
        (None, "message", 0, "due_today"),
        (None, "message", 20, "overdue_late"),
        (None, "bureau_notice", 31, "bureau_notice"),
        ("mine", "bureau_notice", 31, "mine"),
    ],
)
def test_one_function_chooses_the_template(
    named: str | None, kind: str, days: int, expected: str
) -> None:
    assert template_for(named, kind, days) == expected
    if named is None:
        assert template_for(named, kind, days) == default_template_id(kind, days)

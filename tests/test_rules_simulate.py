"""simulate(): a day-by-day timeline that matches a host running plan() every day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from regua import ContactRecord, InvalidInputError, Outcome
from regua.rules import Schedule, plan, simulate

STEPS: list[dict[str, Any]] = [
    {"id": "lembrete", "offset": -3, "channels": ["email"]},
    {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
    {"id": "d10", "offset": 10, "channels": ["sms"]},
    {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["letter", "email"]},
    {"id": "negativacao", "offset": 45, "action": "bureau_listing"},
]
SCHEDULE = Schedule.model_validate({"name": "t", "steps": STEPS})
CUSTOMERS: list[dict[str, Any]] = [
    {
        "id": f"c{k}",
        "name": "Cliente",
        "kind": "consumer",
        "contacts": {"email": "x@example.com", "sms": "+5511999990000"},
    }
    for k in range(3)
]
DUE = date(2026, 3, 5)
INVOICES: list[dict[str, Any]] = [
    {"id": f"i{k}", "customer_id": f"c{k}", "amount": "100.00", "due_date": DUE} for k in range(3)
]


def test_timeline_and_counts() -> None:
    result = simulate(SCHEDULE, CUSTOMERS, INVOICES, start=date(2026, 3, 1), end=date(2026, 4, 30))
    steps = [(e.executed_on, e.action.customer_id, e.action.step_id) for e in result.timeline]
    expected_days = {
        "lembrete": date(2026, 3, 2),
        "d1": date(2026, 3, 6),
        "d10": date(2026, 3, 16),  # D+10 is Sunday
        "aviso": date(2026, 4, 6),  # D+30 is Saturday; Good Friday before it
        "negativacao": date(2026, 4, 20),  # D+45 is Sunday
    }
    assert steps == [(day, f"c{k}", step) for step, day in expected_days.items() for k in range(3)]
    assert result.per_day == {
        date(2026, 3, 2): {"email": 3},
        date(2026, 3, 6): {"sms": 3},
        date(2026, 3, 16): {"sms": 3},
        date(2026, 4, 6): {"email": 3},
        date(2026, 4, 20): {"bureau_listing": 3},
    }
    assert [a.customer_id for a in result.actions_on(date(2026, 3, 6))] == ["c0", "c1", "c2"]


def test_what_if_paid_on_d_plus_12() -> None:
    paid = {"i1": [{"date": DUE + timedelta(days=12), "amount": "100.00"}]}
    result = simulate(
        SCHEDULE, CUSTOMERS, INVOICES, start=date(2026, 3, 1), end=date(2026, 4, 30), payments=paid
    )
    c1 = [e.action.step_id for e in result.timeline if e.action.customer_id == "c1"]
    assert c1 == ["lembrete", "d1", "d10"]
    c0 = [e.action.step_id for e in result.timeline if e.action.customer_id == "c0"]
    assert c0 == ["lembrete", "d1", "d10", "aviso", "negativacao"]
    # The caller's invoices are untouched.
    assert "payments" not in INVOICES[1]


def test_undelivered_notices_never_lead_to_a_listing() -> None:
    result = simulate(
        SCHEDULE,
        CUSTOMERS[:1],
        INVOICES[:1],
        start=date(2026, 3, 1),
        end=date(2026, 5, 31),
        outcome=Outcome.SENT,
    )
    assert "negativacao" not in {e.action.step_id for e in result.timeline}


def test_matches_a_host_loop_over_plan() -> None:
    start, end = date(2026, 2, 27), date(2026, 4, 25)
    result = simulate(SCHEDULE, CUSTOMERS, INVOICES, start=start, end=end)
    history: list[ContactRecord] = []
    looped = []
    day = start
    while day <= end:
        for action in plan(SCHEDULE, CUSTOMERS, INVOICES, as_of=day, history=history).actions:
            looped.append(action)
            history.append(
                ContactRecord(
                    action_id=action.id,
                    customer_id=action.customer_id,
                    step_id=action.step_id,
                    invoice_ids=action.invoice_ids,
                    channel=action.channel,
                    at=action.window_start,
                    outcome=Outcome.DELIVERED,
                )
            )
        day += timedelta(days=1)
    assert [e.action for e in result.timeline] == looped


def test_bad_ranges_and_payments() -> None:
    with pytest.raises(InvalidInputError, match="end"):
        simulate(SCHEDULE, CUSTOMERS, INVOICES, start=date(2026, 3, 2), end=date(2026, 3, 1))
    with pytest.raises(InvalidInputError, match="unknown invoice ids"):
        simulate(
            SCHEDULE,
            CUSTOMERS,
            INVOICES,
            start=date(2026, 3, 1),
            end=date(2026, 3, 2),
            payments={"nope": [{"date": date(2026, 3, 1), "amount": "1.00"}]},
        )

"""Catch-up ``one_per_run`` (issue 11 item 4): at most one new step per invoice per planning day,
one level per run (Tryton, OCA, Odoo), as tables of run dates → expected actions by hand.

The issue's case: a debt due 2025-03-16 (a Sunday; a year old on 2026-03-16) planned at D−6
months (2025-09-16), D−2 months (2026-01-16) and today (2026-03-16), each run's action recorded
as delivered. Every level is long due at the first run, so ``latest`` jumps to level 3 at once,
while ``one_per_run`` gives levels 1, 2 and 3, in that order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from regua import ContactRecord, Customer, Invoice, plan
from regua.rules import Schedule, SkipCode

TODAY = date(2026, 3, 16)
RUNS = [date(2025, 9, 16), date(2026, 1, 16), TODAY]
NO_CAPS = {"per_customer_per_day": None, "per_customer_per_week": None}

LEVELS: list[dict[str, Any]] = [
    {"id": "nivel1", "offset": 10, "channels": ["email"]},
    {"id": "nivel2", "offset": 20, "channels": ["email"]},
    {"id": "nivel3", "offset": 30, "action": "formal_notice", "channels": ["letter"]},
]

CUSTOMER = Customer.model_validate(
    {
        "id": "c1",
        "name": "Tryton Party",
        "kind": "business",
        "contacts": {"email": "party@example.com", "letter": "Rua 1"},
    }
)
DEBT = Invoice.model_validate(
    {"id": "i1", "customer_id": "c1", "amount": "100.00", "due_date": "2025-03-16"}
)


def _schedule(catch_up: str, steps: list[dict[str, Any]] = LEVELS) -> Schedule:
    return Schedule.model_validate(
        {"name": "tryton", "catch_up": catch_up, "limits": NO_CAPS, "steps": steps}
    )


def _runs(catch_up: str, runs: list[date]) -> list[tuple[date, list[str]]]:
    history: list[ContactRecord] = []
    table = []
    for day in runs:
        result = plan(_schedule(catch_up), [CUSTOMER], [DEBT], as_of=day, history=history)
        table.append((day, [a.step_id for a in result.actions]))
        history += [a.record("delivered") for a in result.actions]
    return table


def test_runs_at_d_minus_6_months_d_minus_2_months_and_today_give_levels_1_2_3() -> None:
    assert _runs("one_per_run", RUNS) == [
        (date(2025, 9, 16), ["nivel1"]),
        (date(2026, 1, 16), ["nivel2"]),
        (date(2026, 3, 16), ["nivel3"]),
    ]


def test_latest_jumps_to_the_last_level_on_the_same_runs() -> None:
    assert _runs("latest", RUNS) == [
        (date(2025, 9, 16), ["nivel3"]),
        (date(2026, 1, 16), []),
        (date(2026, 3, 16), []),
    ]


def test_daily_runs_escalate_one_level_a_day_then_stop() -> None:
    days = [date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 18), date(2026, 3, 19)]
    assert _runs("one_per_run", days) == [
        (date(2026, 3, 16), ["nivel1"]),
        (date(2026, 3, 17), ["nivel2"]),
        (date(2026, 3, 18), ["nivel3"]),
        (date(2026, 3, 19), []),
    ]


def test_the_other_due_levels_wait_with_a_reason() -> None:
    result = plan(_schedule("one_per_run"), [CUSTOMER], [DEBT], as_of=TODAY)
    assert [(s.step_id, s.code, s.reason, s.retry_on) for s in result.skipped] == [
        (
            step,
            SkipCode.WAITING,
            "step 'nivel1' goes first; one step per run (catch_up: one_per_run)",
            date(2026, 3, 17),
        )
        for step in ("nivel2", "nivel3")
    ]


def test_a_step_recorded_today_is_the_run_s_step() -> None:
    # The host ran earlier today and recorded level 1: a second run the same day adds nothing.
    first = plan(_schedule("one_per_run"), [CUSTOMER], [DEBT], as_of=TODAY)
    history = [a.record("delivered") for a in first.actions]
    again = plan(_schedule("one_per_run"), [CUSTOMER], [DEBT], as_of=TODAY, history=history)
    assert again.actions == ()
    assert {(s.step_id, s.code) for s in again.skipped} == {
        ("nivel2", SkipCode.WAITING),
        ("nivel3", SkipCode.WAITING),
    }
    assert all("'nivel1' was recorded today" in s.reason for s in again.skipped)


@pytest.mark.parametrize("catch_up", ["latest", "one_per_run"])
def test_a_required_step_fires_first(catch_up: str) -> None:
    steps = [
        {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["letter"]},
        {"id": "lembrete", "offset": 35, "channels": ["email"]},
        {
            "id": "negativacao",
            "offset": 45,
            "action": "bureau_listing",
            "after": {"step": "aviso", "min_days": 10},
        },
    ]
    result = plan(_schedule(catch_up, steps), [CUSTOMER], [DEBT], as_of=TODAY)
    assert [a.step_id for a in result.actions] == ["aviso"]

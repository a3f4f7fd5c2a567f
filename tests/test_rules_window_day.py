"""An action planned after its window closed states the facts of the day it is sent.

Planned at 21:00 (after the default window closed at 20:00) on Friday 2026-03-13, an action
goes in Saturday 2026-03-14's window. Before the fix it kept Friday's facts: the invoice due
on Friday was "due today" ("Hoje, 13 de março, é o vencimento", read on Saturday) and a
reminder for Tuesday 2026-03-17 said 4 days were left where 3 are (found by a new-user
trial). Days counted by hand: 14 - 13 = 1 overdue; 17 - 14 = 3 left. The reference and
columnar engines must agree.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

import regua.columnar
import regua.frames
from regua import Creditor, Customer, Invoice, plan, render_action

SCHEDULE: dict[str, Any] = {
    "name": "window-day",
    "calendar": {"country": "BR"},
    "steps": [
        {"id": "lembrete", "offset": -4, "channels": ["email"]},
        {"id": "vencimento", "offset": 0, "channels": ["email"]},
    ],
}
CUSTOMERS = [
    Customer(
        id=f"c{n}", name="Ana", kind="consumer", contacts={"email": f"c{n}@example.com"}, state="SP"
    )
    for n in (1, 2)
]
INVOICES = [
    Invoice(id="due-friday", customer_id="c1", amount="100.00", due_date=date(2026, 3, 13)),
    Invoice(id="due-tuesday", customer_id="c2", amount="100.00", due_date=date(2026, 3, 17)),
]
BRT = timezone(timedelta(hours=-3))
FRIDAY_MORNING = datetime(2026, 3, 13, 10, 0, tzinfo=BRT)
FRIDAY_NIGHT = datetime(2026, 3, 13, 21, 0, tzinfo=BRT)

# as_of -> (step, window's day, days overdue, due date stated, template) of each action.
EXPECTED = {
    FRIDAY_MORNING: [
        ("lembrete", date(2026, 3, 13), -4, date(2026, 3, 17), "reminder_before_due"),
        ("vencimento", date(2026, 3, 13), 0, date(2026, 3, 13), "due_today"),
    ],
    FRIDAY_NIGHT: [
        ("lembrete", date(2026, 3, 14), -3, date(2026, 3, 17), "reminder_before_due"),
        ("vencimento", date(2026, 3, 14), 1, date(2026, 3, 13), "overdue_early"),
    ],
}


@pytest.mark.parametrize("as_of", sorted(EXPECTED))
def test_the_reference_engine_states_the_window_days_facts(as_of: datetime) -> None:
    actions = plan(SCHEDULE, CUSTOMERS, INVOICES, as_of=as_of).actions
    facts = [
        (a.step_id, a.window_start.date(), a.days_overdue, a.due_date, a.template) for a in actions
    ]
    assert sorted(facts) == EXPECTED[as_of]


@pytest.mark.parametrize("as_of", sorted(EXPECTED))
def test_the_columnar_engine_states_the_same(as_of: datetime) -> None:
    result = regua.columnar.plan(
        SCHEDULE,
        regua.frames.to_polars(CUSTOMERS),
        regua.frames.to_polars(INVOICES),
        as_of=as_of,
    )
    rows = [
        (step, start.astimezone(BRT).date(), days, due, template)
        for step, start, days, due, template in result.actions.select(
            "step_id", "window_start", "days_overdue", "due_date", "template"
        ).rows()
    ]
    assert sorted(rows) == EXPECTED[as_of]


def test_saturdays_message_does_not_say_the_invoice_is_due_today() -> None:
    actions = plan(SCHEDULE, CUSTOMERS, INVOICES, as_of=FRIDAY_NIGHT).actions
    (late,) = [a for a in actions if a.step_id == "vencimento"]
    assert late.reason.endswith("invoice due 2026-03-13, 1 day overdue")
    creditor = Creditor(name="Acme", document="11222333000181")
    text = render_action(late, customer=CUSTOMERS[0], creditor=creditor, locale="pt_BR").body
    assert "Hoje" not in text
    assert "1 dia" in text


# Due on 2021-03-13, a debt with a 5-year term is prescribed from Saturday 2026-03-14 (counted
# by hand: the term ends on the anniversary of the due date, the day after is prescribed).
OLD = [Invoice(id="old", customer_id="c1", amount="100.00", due_date=date(2021, 3, 13))]
PRESCRIBING: dict[str, Any] = {
    "name": "prescribing",
    "calendar": {"country": "BR"},
    "guardrails": {"prescription_years": 5},
    "steps": [{"id": "cobranca", "offset": 30, "channels": ["email"]}],
}


@pytest.mark.parametrize(("as_of", "sent"), [(FRIDAY_MORNING, True), (FRIDAY_NIGHT, False)])
def test_a_debt_prescribed_by_the_window_day_gets_no_message(as_of: datetime, sent: bool) -> None:
    result = plan(PRESCRIBING, CUSTOMERS[:1], OLD, as_of=as_of)
    assert [a.step_id for a in result.actions] == (["cobranca"] if sent else [])
    skips = [s.reason for s in result.skipped if s.code.value == "prescribed"]
    assert len(skips) == (0 if sent else 1)
    assert sent or skips[0].startswith("debt prescribed on 2026-03-14 (5 years")
    columnar = regua.columnar.plan(
        PRESCRIBING,
        regua.frames.to_polars(CUSTOMERS[:1]),
        regua.frames.to_polars(OLD),
        as_of=as_of,
    )
    assert columnar.actions.get_column("step_id").to_list() == (["cobranca"] if sent else [])
    codes = columnar.skipped.get_column("code").to_list()
    assert ("prescribed" in codes) is not sent


# A "when.days_overdue" bucket is judged on the window's day too, as the message states it:
# invoice due Thursday 2026-03-05; Friday morning it is 1 day late, Saturday 2 (by hand).
ONE_DAY_LATE: dict[str, Any] = {
    "name": "one-day-late",
    "calendar": {"country": "BR"},
    "steps": [
        {
            "id": "d1",
            "offset": 1,
            "channels": ["email"],
            "when": {"days_overdue": {"min": 1, "max": 1}},
        }
    ],
}
THURSDAY = [Invoice(id="thu", customer_id="c1", amount="100.00", due_date=date(2026, 3, 5))]
FRIDAY_6_MORNING = datetime(2026, 3, 6, 10, 0, tzinfo=BRT)
FRIDAY_6_NIGHT = datetime(2026, 3, 6, 21, 0, tzinfo=BRT)


@pytest.mark.parametrize(
    ("as_of", "expected"), [(FRIDAY_6_MORNING, [("d1", 1)]), (FRIDAY_6_NIGHT, [])]
)
def test_a_days_overdue_bucket_is_judged_on_the_window_day(
    as_of: datetime, expected: list[tuple[str, int]]
) -> None:
    result = plan(ONE_DAY_LATE, CUSTOMERS[:1], THURSDAY, as_of=as_of)
    assert [(a.step_id, a.days_overdue) for a in result.actions] == expected
    assert [(n.step_id, n.condition) for n in result.not_applicable] == (
        [] if expected else [("d1", "days_overdue")]
    )
    columnar = regua.columnar.plan(
        ONE_DAY_LATE,
        regua.frames.to_polars(CUSTOMERS[:1]),
        regua.frames.to_polars(THURSDAY),
        as_of=as_of,
    )
    assert columnar.actions.select("step_id", "days_overdue").rows() == expected


# A step that names the built-in reminder goes on the due date when planned on the Sunday
# before a Monday due date: its message is the due-today one, not "daqui a 0 dia" with
# "paying on time avoids the fine" (found by a new-user trial).
NAMED_REMINDER: dict[str, Any] = {
    "name": "named-reminder",
    "calendar": {"country": "BR"},
    "non_business_day": "keep",
    "steps": [
        {"id": "lembrete", "offset": -1, "channels": ["email"], "template": "reminder_before_due"}
    ],
}
MONDAY = [Invoice(id="mon", customer_id="c1", amount="100.00", due_date=date(2026, 3, 9))]


@pytest.mark.parametrize(
    ("as_of", "template"),
    [
        (datetime(2026, 3, 8, 10, 0, tzinfo=BRT), "due_today"),  # Sunday: Monday's window
        (datetime(2026, 3, 7, 10, 0, tzinfo=BRT), None),  # Saturday: not due yet (step on 8th)
    ],
)
def test_a_named_reminder_sent_on_the_due_date_is_the_due_today_message(
    as_of: datetime, template: str | None
) -> None:
    actions = plan(NAMED_REMINDER, CUSTOMERS[:1], MONDAY, as_of=as_of).actions
    assert [(a.days_overdue, a.template) for a in actions] == ([(0, template)] if template else [])
    columnar = regua.columnar.plan(
        NAMED_REMINDER,
        regua.frames.to_polars(CUSTOMERS[:1]),
        regua.frames.to_polars(MONDAY),
        as_of=as_of,
    )
    assert columnar.actions.select("days_overdue", "template").rows() == (
        [(0, template)] if template else []
    )
    if actions:
        creditor = Creditor(name="Acme", document="11222333000181")
        body = render_action(actions[0], customer=CUSTOMERS[0], creditor=creditor).body
        assert "daqui a" not in body

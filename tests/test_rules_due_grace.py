"""A due date on a holiday or weekend is payable on the next business day without charges.

Lei 7.089/83 art. 1: no late charges on a title due on a Saturday, Sunday or holiday that is
paid on the next business day; after that day the delay counts from the due date itself (STJ,
3a Turma, 2022). 2026-04-21 (a Tuesday) is Tiradentes, a national holiday, so an invoice due
that day is payable until Wednesday 2026-04-22 and is 2 days overdue on Thursday 2026-04-23.
Before the fix, the 22nd's message was "overdue_early", 1 day late, while the debtor could
still pay on time (found by a new-user trial); the reference and columnar engines must agree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import regua.columnar
import regua.frames
from regua import Customer, Invoice, plan

SCHEDULE: dict[str, Any] = {
    "name": "grace",
    "calendar": {"country": "BR"},
    "steps": [
        {"id": "vencimento", "offset": 0, "channels": ["email"]},
        {"id": "late", "offset": 0, "channels": ["sms"], "when": {"days_overdue": {"min": 1}}},
    ],
}
CUSTOMERS = [
    Customer(
        id="c1",
        name="Ana",
        kind="consumer",
        contacts={"email": "ana@example.com", "sms": "+5511987654321"},
        state="SP",
    )
]
INVOICES = [Invoice(id="i1", customer_id="c1", amount="100.00", due_date=date(2026, 4, 21))]

# as_of -> (step, days overdue, due date stated, template) of each action.
EXPECTED = {
    date(2026, 4, 21): [],  # the holiday itself: no step is due before the next business day
    date(2026, 4, 22): [("vencimento", 0, date(2026, 4, 22), "due_today")],
    # "late" now holds (at least 1 day overdue) and, listed later, supersedes "vencimento"
    # (catch_up: latest, no history).
    date(2026, 4, 23): [("late", 2, date(2026, 4, 21), "overdue_early")],
}


def _facts(actions: list[Any]) -> list[tuple[str, int, date, str | None]]:
    return sorted((a.step_id, a.days_overdue, a.due_date, a.template) for a in actions)


@pytest.mark.parametrize("as_of", sorted(EXPECTED))
def test_the_reference_engine_counts_the_delay_from_the_next_business_day(as_of: date) -> None:
    assert _facts(plan(SCHEDULE, CUSTOMERS, INVOICES, as_of=as_of).actions) == sorted(
        EXPECTED[as_of]
    )


@pytest.mark.parametrize("as_of", sorted(EXPECTED))
def test_the_columnar_engine_counts_it_the_same(as_of: date) -> None:
    result = regua.columnar.plan(
        SCHEDULE,
        regua.frames.to_polars(CUSTOMERS),
        regua.frames.to_polars(INVOICES),
        as_of=as_of,
    )
    rows = result.actions.select("step_id", "days_overdue", "due_date", "template").rows()
    assert sorted(rows) == sorted(EXPECTED[as_of])


def test_the_reason_names_both_dates() -> None:
    (action,) = plan(SCHEDULE, CUSTOMERS, INVOICES, as_of=date(2026, 4, 22)).actions
    assert action.reason.endswith(
        "invoice due 2026-04-21, not a business day: payable until 2026-04-22, due today"
    )

"""Exhausted ladders (issue 11 item 10): ``explain`` says when an invoice's (or the account's)
ladder has nothing left to do, as a table of dates → exhausted invoices, by hand.

Two levels, D+5 and D+10, due Thursday 2026-03-05 (steps on 03-10 and 03-16, the 15th being a
Sunday); the host runs every day and records each action as delivered. A third step only for
business customers never applies to Ana (a consumer), so it does not keep her ladder open.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from regua import ContactRecord, Customer, Invoice, explain, plan
from regua.rules import Schedule

DUE = date(2026, 3, 5)
SCHEDULE = Schedule.model_validate(
    {
        "name": "final",
        "limits": {"per_customer_per_day": None, "per_customer_per_week": None},
        "steps": [
            {"id": "nivel1", "offset": 5, "channels": ["email"]},
            {"id": "nivel2", "offset": 10, "channels": ["email"]},
            {
                "id": "protesto",
                "offset": 12,
                "action": "protest",
                "when": {"customer_kind": ["business"]},
            },
        ],
    }
)
ANA = Customer.model_validate(
    {"id": "ana", "name": "Ana", "kind": "consumer", "contacts": {"email": "a@example.com"}}
)


def _invoice(iid: str, due: date = DUE, **extra: Any) -> Invoice:
    return Invoice.model_validate(
        {"id": iid, "customer_id": "ana", "amount": "100.00", "due_date": due, **extra}
    )


def _history_until(invoices: list[Invoice], last: date) -> list[ContactRecord]:
    history: list[ContactRecord] = []
    day = DUE
    while day <= last:
        for action in plan(SCHEDULE, [ANA], invoices, as_of=day, history=history).actions:
            history.append(action.record("delivered"))
        day += timedelta(days=1)
    return history


@pytest.mark.parametrize(
    ("as_of", "exhausted", "account"),
    [
        (date(2026, 3, 9), (), False),  # nothing fired yet
        (date(2026, 3, 12), (), False),  # nivel1 fired, nivel2 not yet
        (date(2026, 3, 16), (), False),  # nivel2 planned today, not yet recorded
        (date(2026, 3, 17), ("i1",), False),  # i1 done; i2 (due 03-20) still running
        (date(2026, 4, 2), ("i1", "i2"), True),  # i2 fired 03-25, 03-30; protest day 04-01 gone
    ],
)
def test_explain_says_when_the_ladder_is_exhausted(
    as_of: date, exhausted: tuple[str, ...], account: bool
) -> None:
    invoices = [_invoice("i1"), _invoice("i2", date(2026, 3, 20))]
    history = [r for r in _history_until(invoices, as_of) if r.at.date() < as_of]
    told = explain(SCHEDULE, ANA, invoices, as_of=as_of, history=history)
    assert (told.exhausted, told.account_exhausted) == (exhausted, account)


def test_a_paid_invoice_is_closed_not_exhausted() -> None:
    paid = _invoice("i1", payments=[{"date": "2026-03-20", "amount": "100.00"}])
    history = _history_until([_invoice("i1")], date(2026, 3, 19))
    told = explain(SCHEDULE, ANA, [paid], as_of=date(2026, 3, 25), history=history)
    assert (told.exhausted, told.account_exhausted) == ((), False)


def test_the_text_reports_the_exhausted_ladder() -> None:
    invoices = [_invoice("i1")]
    history = _history_until(invoices, date(2026, 3, 20))
    told = explain(SCHEDULE, ANA, invoices, as_of=date(2026, 3, 25), history=history)
    assert [row.state.value for row in told.rows] == ["fired", "fired", "not_applicable"]
    assert told.text().splitlines()[-1] == (
        "ladder exhausted (every open invoice: the account's): i1"
    )

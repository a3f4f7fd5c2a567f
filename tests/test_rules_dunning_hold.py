"""Pause and stop (Mahnstopp): ``dunning_paused_until`` and ``dunning_blocked`` on invoices and
customers, as tables of dates -> expected actions and skips, computed by hand (issue 11 item 6).

Schedule: ``d1`` one day after the due date, ``d10`` ten days after; catch-up "latest".
The invoice is due Monday 2026-03-02, so d1 falls on 03-03 and d10 on 03-12.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from regua import explain, plan
from regua.models import ContactRecord, Customer, Invoice
from regua.rules import SkipCode
from regua.schemas import json_schema

SCHEDULE: dict[str, Any] = {
    "name": "hold",
    "steps": [
        {"id": "d1", "offset": 1, "channels": ["email"]},
        {"id": "d10", "offset": 10, "channels": ["email"]},
    ],
}
DUE = date(2026, 3, 2)


def _customer(**extra: Any) -> Customer:
    return Customer.model_validate(
        {"id": "c1", "name": "Ana", "kind": "consumer", "contacts": {"email": "a@x.com"}, **extra}
    )


def _invoice(**extra: Any) -> Invoice:
    return Invoice.model_validate(
        {"id": "i1", "customer_id": "c1", "amount": "100.00", "due_date": DUE, **extra}
    )


def _day(customer: Customer, invoice: Invoice, day: date, fired: tuple[str, ...] = ()) -> Any:
    history = [
        ContactRecord(
            action_id=f"a-{step}",
            customer_id="c1",
            invoice_ids=("i1",),
            step_id=step,
            channel="email",
            at=datetime(2026, 3, 10, 15, tzinfo=UTC),
        )
        for step in fired
    ]
    result = plan(SCHEDULE, [customer], [invoice], as_of=day, history=history)
    actions = [a.step_id for a in result.actions]
    skips = [(s.step_id, s.code.value, s.retry_on) for s in result.skipped]
    return actions, skips


@pytest.mark.parametrize(
    ("day", "fired", "actions", "skips"),
    [
        # Paused until 03-10: d1 is due on 03-03 but waits; it goes on 03-10 (resumes that day).
        (date(2026, 3, 3), (), [], [("d1", "dunning_paused", date(2026, 3, 10))]),
        (date(2026, 3, 9), (), [], [("d1", "dunning_paused", date(2026, 3, 10))]),
        (date(2026, 3, 10), (), ["d1"], []),
        # Once d1 was sent on 03-10, d10 goes on its own day, 03-12.
        (date(2026, 3, 12), ("d1",), ["d10"], []),
    ],
)
def test_an_invoice_paused_until_a_day(
    day: date, fired: tuple[str, ...], actions: list[str], skips: list[Any]
) -> None:
    paused = _invoice(dunning_paused_until=date(2026, 3, 10))
    assert _day(_customer(), paused, day, fired) == (actions, skips)
    # The same pause on the customer gives the same decisions.
    assert _day(_customer(dunning_paused_until=date(2026, 3, 10)), _invoice(), day, fired) == (
        actions,
        skips,
    )


@pytest.mark.parametrize(
    ("day", "skips"),
    [
        (date(2026, 3, 3), [("d1", "dunning_blocked", None)]),
        (date(2026, 3, 12), [("d10", "dunning_blocked", None)]),  # the most advanced step held
        (date(2026, 6, 1), [("d10", "dunning_blocked", None)]),
    ],
)
def test_a_blocked_customer_gets_nothing_on_any_day(day: date, skips: list[Any]) -> None:
    blocked = _customer(dunning_blocked=True, dunning_block_reason="Mahnstopp")
    assert _day(blocked, _invoice(), day) == ([], skips)
    assert _day(_customer(), _invoice(dunning_blocked=True), day) == ([], skips)
    # Cleared, the ladder resumes where it stands: d10 on 03-12 (catch-up "latest").
    if day >= date(2026, 3, 12):
        assert _day(_customer(), _invoice(), day)[0] == ["d10"]


def test_reasons_say_whose_hold_it_is_and_why() -> None:
    blocked = _customer(dunning_blocked=True, dunning_block_reason="Mahnstopp")
    (skip,) = plan(SCHEDULE, [blocked], [_invoice()], as_of=date(2026, 3, 3)).skipped
    assert skip.code is SkipCode.DUNNING_BLOCKED
    assert skip.reason == "dunning blocked for the customer: Mahnstopp"
    paused = _invoice(dunning_paused_until=date(2026, 3, 10))
    (skip,) = plan(SCHEDULE, [_customer()], [paused], as_of=date(2026, 3, 3)).skipped
    assert skip.reason == "dunning paused for the invoice until 2026-03-10 (resumes that day)"


def test_a_block_outranks_a_pause_and_every_other_guardrail() -> None:
    # Customer paused, invoice blocked: blocked. Customer blocked, invoice disputed: blocked.
    customer = _customer(dunning_paused_until=date(2026, 4, 1))
    invoice = _invoice(dunning_blocked=True, disputed=True)
    (skip,) = plan(SCHEDULE, [customer], [invoice], as_of=date(2026, 3, 3)).skipped
    assert skip.code is SkipCode.DUNNING_BLOCKED
    assert skip.reason == "dunning blocked for the invoice"
    customer = _customer(dunning_blocked=True)
    (skip,) = plan(SCHEDULE, [customer], [_invoice(disputed=True)], as_of=date(2026, 3, 3)).skipped
    assert skip.reason == "dunning blocked for the customer"


def test_only_the_held_invoice_waits() -> None:
    other = _invoice(id="i2")
    held = _invoice(dunning_blocked=True)
    result = plan(SCHEDULE, [_customer()], [held, other], as_of=date(2026, 3, 3))
    assert [a.invoice_ids for a in result.actions] == [("i2",)]
    assert [(s.invoice_ids, s.code.value) for s in result.skipped] == [(("i1",), "dunning_blocked")]


def test_explain_shows_the_hold() -> None:
    blocked = _customer(dunning_blocked=True, dunning_block_reason="Mahnstopp")
    report = explain(SCHEDULE, blocked, [_invoice()], as_of=date(2026, 3, 12))
    states = [(r.step_id, r.state.value, r.code and r.code.value) for r in report.rows]
    assert states == [("d1", "blocked", None), ("d10", "skipped", "dunning_blocked")]
    assert {r.reason for r in report.rows} == {"dunning blocked for the customer: Mahnstopp"}


def test_a_reason_without_a_block_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="dunning_block_reason: set dunning_blocked too"):
        _invoice(dunning_block_reason="Mahnstopp")
    with pytest.raises(ValidationError, match="dunning_block_reason: set dunning_blocked too"):
        _customer(dunning_block_reason="Mahnstopp")
    with pytest.raises(ValidationError) as err:
        _invoice(dunning_paused_until="3026-01-01")
    assert err.value.errors()[0]["loc"] == ("dunning_paused_until",)


def test_the_schemas_carry_the_fields_with_examples() -> None:
    for document in ("invoice", "customer"):
        props = json_schema(document)["properties"]
        assert "2026-03-20" in str(props["dunning_paused_until"])
        assert props["dunning_blocked"]["examples"] == [True]
        assert "Mahnstopp" in str(props["dunning_block_reason"])

"""explain(): one row per invoice and step, agreeing with plan()."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regua import ContactRecord, InvalidInputError, Outcome
from regua.rules import Schedule, SkipCode, StepState, explain, plan

STEPS: list[dict[str, Any]] = [
    {"id": "lembrete", "offset": -3, "channels": ["email"]},
    {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
    {"id": "d5", "offset": 5, "channels": ["email"], "when": {"profile": ["recurring"]}},
    {"id": "ligacao", "offset": 10, "action": "call_task", "channels": ["phone"]},
    {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["email"]},
    {"id": "protesto", "offset": 60, "action": "protest", "when": {"customer_kind": ["business"]}},
]
SCHEDULE = Schedule.model_validate({"name": "t", "steps": STEPS})
CUSTOMER: dict[str, Any] = {
    "id": "c1",
    "name": "Ana",
    "kind": "consumer",
    "contacts": {"email": "ana@example.com", "sms": "+5511999990000"},
}
SP = ZoneInfo("America/Sao_Paulo")


def inv(iid: str, due: date, **extra: Any) -> dict[str, Any]:
    return {"id": iid, "customer_id": "c1", "amount": "80.00", "due_date": due, **extra}


def states(explanation: Any, invoice_id: str) -> dict[str, tuple[StepState, SkipCode | None]]:
    return {r.step_id: (r.state, r.code) for r in explanation.rows if r.invoice_id == invoice_id}


def test_every_state_in_one_portfolio() -> None:
    history = [
        ContactRecord(
            action_id="x",
            customer_id="c1",
            step_id="d1",
            invoice_ids=["a"],
            channel="sms",
            at=datetime(2026, 3, 6, 9, tzinfo=SP),
            outcome=Outcome.DELIVERED,
        )
    ]
    invoices = [
        inv("a", date(2026, 3, 5)),
        inv("paid", date(2026, 3, 5), payments=[{"date": date(2026, 3, 9), "amount": "80.00"}]),
        inv("future", date(2026, 4, 30)),
        inv("disputed", date(2026, 3, 5), disputed=True),
    ]
    result = explain(SCHEDULE, CUSTOMER, invoices, as_of=date(2026, 3, 16), history=history)
    assert states(result, "a") == {
        "lembrete": (StepState.PASSED, None),
        "d1": (StepState.FIRED, None),
        "d5": (StepState.SKIPPED, SkipCode.PROFILE_UNKNOWN),
        "ligacao": (StepState.SKIPPED, SkipCode.NO_CHANNEL),
        "aviso": (StepState.NOT_YET, None),
        "protesto": (StepState.NOT_YET, None),
    }
    # A guardrail is reported once, on the most advanced step it holds back.
    assert states(result, "disputed") == {
        "lembrete": (StepState.BLOCKED, None),
        "d1": (StepState.BLOCKED, None),
        "d5": (StepState.BLOCKED, None),
        "ligacao": (StepState.SKIPPED, SkipCode.DISPUTED),
        "aviso": (StepState.NOT_YET, None),
        "protesto": (StepState.NOT_YET, None),
    }
    rows = {r.step_id: r for r in result.rows if r.invoice_id == "a"}
    assert rows["d1"].reason == "recorded in history on 2026-03-06"
    assert rows["aviso"].step_date == date(2026, 4, 6)
    assert rows["aviso"].reason == "due on 2026-04-06"
    assert rows["ligacao"].reason.startswith("no usable channel among [phone]")
    assert {r.state for r in result.rows if r.invoice_id == "paid"} == {StepState.CLOSED}
    assert {r.state for r in result.rows if r.invoice_id == "future"} == {StepState.NOT_YET}
    # Rows come in due-date order, then step order.
    assert [r.invoice_id for r in result.rows][::6] == ["a", "disputed", "paid", "future"]
    assert result.plan.actions == ()


def test_planned_rows_carry_the_action_id_and_agree_with_plan() -> None:
    invoices = [inv("a", date(2026, 3, 5)), inv("b", date(2026, 3, 5))]
    as_of = date(2026, 3, 6)
    result = explain(SCHEDULE, CUSTOMER, invoices, as_of=as_of, profiles={"c1": "recurring"})
    planned = plan(SCHEDULE, [CUSTOMER], invoices, as_of=as_of, profiles={"c1": "recurring"})
    assert result.plan == planned
    (action,) = planned.actions
    for invoice_id in ("a", "b"):
        row = next(r for r in result.rows if r.invoice_id == invoice_id and r.step_id == "d1")
        assert row.state is StepState.PLANNED
        assert row.action_id == action.id
        lembrete = next(
            r for r in result.rows if r.invoice_id == invoice_id and r.step_id == "lembrete"
        )
        assert (lembrete.state, lembrete.code) == (StepState.SKIPPED, SkipCode.SUPERSEDED)


def test_not_applicable_and_text_table() -> None:
    result = explain(
        SCHEDULE,
        CUSTOMER,
        [inv("a", date(2026, 1, 2))],
        as_of=date(2026, 3, 16),
        profiles={"c1": "good"},
    )
    rows = {r.step_id: r for r in result.rows}
    assert rows["d5"].state is StepState.NOT_APPLICABLE
    assert rows["d5"].reason == "when.profile: good is not in [recurring]"
    assert rows["protesto"].state is StepState.NOT_APPLICABLE
    assert rows["aviso"].state is StepState.PLANNED
    text = result.text().splitlines()
    assert text[4].split()[:4] == ["a", "aviso", "2026-02-02", "planned"]
    assert len(text) == len(STEPS)


def test_capped_rows_say_when() -> None:
    history = [
        ContactRecord(
            action_id="other",
            customer_id="c1",
            step_id="d1",
            invoice_ids=["zz"],
            channel="email",
            at=datetime(2026, 3, 6, 9, tzinfo=SP),
        )
    ]
    result = explain(
        SCHEDULE, CUSTOMER, [inv("a", date(2026, 3, 5))], as_of=date(2026, 3, 6), history=history
    )
    row = next(r for r in result.rows if r.step_id == "d1")
    assert (row.state, row.code, row.retry_on) == (
        StepState.SKIPPED,
        SkipCode.CAPPED,
        date(2026, 3, 7),
    )
    assert result.text().splitlines()[1].endswith("(can go on 2026-03-07)")


def test_rejects_other_customers_invoices() -> None:
    other = {**inv("a", date(2026, 3, 5)), "customer_id": "c2"}
    with pytest.raises(InvalidInputError, match="not the explained customer"):
        explain(SCHEDULE, CUSTOMER, [other], as_of=date(2026, 3, 6))


def test_profile_is_a_deprecated_alias_of_profiles() -> None:
    invoices = [inv("a", date(2026, 1, 2))]
    new = explain(SCHEDULE, CUSTOMER, invoices, as_of=date(2026, 3, 16), profiles={"c1": "good"})
    with pytest.warns(DeprecationWarning, match="profiles="):
        old = explain(SCHEDULE, CUSTOMER, invoices, as_of=date(2026, 3, 16), profile="good")
    assert old == new
    with (
        pytest.warns(DeprecationWarning, match="profiles="),
        pytest.raises(InvalidInputError) as err,
    ):
        explain(
            SCHEDULE,
            CUSTOMER,
            invoices,
            as_of=date(2026, 3, 16),
            profile="good",
            profiles={"c1": "good"},
        )
    assert err.value.field == "profile"

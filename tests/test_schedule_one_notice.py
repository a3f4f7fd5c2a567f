"""One notice per customer across steps (issue 11 item 8): ``consolidate: "customer"``.

Tables of dates → expected actions, computed by hand. March 2026: Mon 02, Mon 09, Mon 16,
Mon 23, Mon 30 (no national holiday). Three levels (OCA's credit-control ladder): a reminder at
D+1, a second notice at D+10 and a formal notice at D+20, a weekend date moving to Monday.

=======  ==========  ================  ================  ================
invoice  due          lembrete (D+1)    cobranca (D+10)   aviso (D+20)
=======  ==========  ================  ================  ================
i1 100   Mon 03-02   Tue 03-03         Thu 03-12         Sun 03-22 → 03-23
i2 200   Wed 03-11   Thu 03-12         Sat 03-21 → 03-23 Tue 03-31
i3  50   Fri 03-20   Sat 03-21 → 03-23 Mon 03-30         Thu 04-09
=======  ==========  ================  ================  ================

The host runs every day from 03-02 to 04-10 and records each action as delivered.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from regua import ContactRecord, Customer, Invoice, explain, plan
from regua.rules import Schedule

STEPS = [
    {"id": "lembrete", "offset": 1, "channels": ["email"]},
    {"id": "cobranca", "offset": 10, "channels": ["email"]},
    {"id": "aviso", "offset": 20, "action": "formal_notice", "channels": ["email"]},
]
ACME = Customer.model_validate(
    {"id": "acme", "name": "Acme", "kind": "business", "contacts": {"email": "a@acme.example"}}
)


def _schedule(consolidate: str = "customer", **extra: Any) -> Schedule:
    return Schedule.model_validate(
        {"name": "oca", "consolidate": consolidate, "steps": STEPS, **extra}
    )


def _invoice(iid: str, due: date, amount: str, **extra: Any) -> Invoice:
    return Invoice.model_validate(
        {"id": iid, "customer_id": "acme", "amount": amount, "due_date": due, **extra}
    )


INVOICES = [
    _invoice("i1", date(2026, 3, 2), "100.00"),
    _invoice("i2", date(2026, 3, 11), "200.00"),
    _invoice("i3", date(2026, 3, 20), "50.00"),
]

Row = tuple[date, str, tuple[str, ...], Decimal]


def _daily(
    schedule: Schedule, invoices: list[Invoice] = INVOICES, last: date = date(2026, 4, 10)
) -> tuple[list[Row], list[ContactRecord]]:
    history: list[ContactRecord] = []
    rows = []
    day = date(2026, 3, 2)
    while day <= last:
        for action in plan(schedule, [ACME], invoices, as_of=day, history=history).actions:
            rows.append((day, action.step_id, action.invoice_ids, action.amount_due))
            history.append(action.record("delivered"))
        day += timedelta(days=1)
    return rows, history


def test_one_notice_a_day_at_the_highest_step_due() -> None:
    rows, _ = _daily(_schedule())
    assert rows == [
        (date(2026, 3, 3), "lembrete", ("i1",), Decimal("100.00")),
        # i1's cobranca and i2's lembrete: one notice at cobranca for both.
        (date(2026, 3, 12), "cobranca", ("i1", "i2"), Decimal("300.00")),
        # i1's aviso and i3's lembrete (i2's cobranca, recorded on 03-12, is done).
        (date(2026, 3, 23), "aviso", ("i1", "i3"), Decimal("150.00")),
        (date(2026, 3, 31), "aviso", ("i2",), Decimal("200.00")),
        # i3's cobranca (03-30) and aviso (04-09): aviso was recorded for it on 03-23.
    ]


def test_without_it_one_action_per_step_and_the_caps_defer_the_rest() -> None:
    # The same days, one action per step, caps 1 a day and 3 in 7 days (the defaults): the
    # most severe action goes first, the others wait for the next day with room.
    rows, _ = _daily(_schedule("step"))
    assert rows == [
        (date(2026, 3, 3), "lembrete", ("i1",), Decimal("100.00")),
        (date(2026, 3, 12), "cobranca", ("i1",), Decimal("100.00")),
        (date(2026, 3, 13), "lembrete", ("i2",), Decimal("200.00")),
        (date(2026, 3, 23), "aviso", ("i1",), Decimal("100.00")),
        (date(2026, 3, 24), "cobranca", ("i2",), Decimal("200.00")),
        (date(2026, 3, 25), "lembrete", ("i3",), Decimal("50.00")),
        (date(2026, 3, 30), "cobranca", ("i3",), Decimal("50.00")),
        (date(2026, 3, 31), "aviso", ("i2",), Decimal("200.00")),
        (date(2026, 4, 9), "aviso", ("i3",), Decimal("50.00")),
    ]


def test_the_record_marks_the_listed_invoices_step_so_lower_steps_never_fire() -> None:
    _, history = _daily(_schedule(), last=date(2026, 3, 12))
    [record] = [r for r in history if r.step_id == "cobranca"]
    assert record.invoice_ids == ("i1", "i2")
    told = explain(_schedule(), ACME, INVOICES, as_of=date(2026, 3, 20), history=history)
    states = {(r.invoice_id, r.step_id): r.state.value for r in told.rows}
    # i2 was listed at cobranca: its lembrete is passed, never sent on its own.
    assert (states[("i2", "lembrete")], states[("i2", "cobranca")]) == ("passed", "fired")


def test_the_action_says_what_it_merges_and_keeps_a_stable_id() -> None:
    day = date(2026, 3, 12)
    _, history = _daily(_schedule(), last=date(2026, 3, 11))
    first = plan(_schedule(), [ACME], INVOICES, as_of=day, history=history).actions
    again = plan(_schedule(), [ACME], INVOICES, as_of=day + timedelta(days=1), history=history)
    assert [a.id for a in first] == [a.id for a in again.actions]  # not recorded: same id
    [action] = first
    assert action.reason == (
        "step 'cobranca' (offset 10, message): step date 2026-03-12; 2 invoices, oldest due"
        " 2026-03-02, 10 days overdue; one notice per customer (consolidate: customer), also"
        " listing 1 invoice due for step 'lembrete'"
    )
    told = explain(_schedule(), ACME, INVOICES, as_of=day, history=history)
    row = next(r for r in told.rows if (r.invoice_id, r.step_id) == ("i2", "lembrete"))
    assert (row.state.value, row.action_id) == ("planned", action.id)
    assert row.reason == (
        f"listed in action {action.id} at step 'cobranca', one notice per customer"
        " (consolidate: customer)"
    )


def test_one_notice_per_currency() -> None:
    invoices = [INVOICES[0], _invoice("i2", date(2026, 3, 11), "200.00", currency="USD")]
    no_caps = {"per_customer_per_day": None, "per_customer_per_week": None}
    actions = plan(_schedule(limits=no_caps), [ACME], invoices, as_of=date(2026, 3, 12)).actions
    # Nothing recorded: under catch_up latest i1's latest due step is cobranca.
    assert [(a.step_id, a.currency, a.invoice_ids) for a in actions] == [
        ("cobranca", "BRL", ("i1",)),
        ("lembrete", "USD", ("i2",)),
    ]


def test_a_disputed_invoice_keeps_its_own_step() -> None:
    # disputes: allow lets a disputed invoice get every step, but only its own: a guardrail
    # decided what it may receive, and the notice must not escalate it.
    invoices = [INVOICES[0], _invoice("i2", date(2026, 3, 11), "200.00", disputed=True)]
    no_caps = {"per_customer_per_day": None, "per_customer_per_week": None}
    schedule = _schedule(limits=no_caps, guardrails={"disputes": "allow"})
    actions = plan(schedule, [ACME], invoices, as_of=date(2026, 3, 12)).actions
    assert [(a.step_id, a.invoice_ids) for a in actions] == [
        ("cobranca", ("i1",)),
        ("lembrete", ("i2",)),
    ]


def test_back_office_steps_are_not_merged_and_the_highest_is_the_last_listed() -> None:
    steps = [
        {"id": "carta", "offset": 1, "action": "formal_notice", "channels": ["letter"]},
        {"id": "lembrete", "offset": 10, "channels": ["email"]},
        {"id": "protesto", "offset": 30, "action": "protest"},
    ]
    customer = ACME.replace(contacts={"email": "a@acme.example", "letter": "Rua A, 1"})
    schedule = Schedule.model_validate({"name": "oca", "consolidate": "customer", "steps": steps})
    # On Thu 03-12: i0 (due Tue 02-10) is due for protesto, i1 (due 03-02) for lembrete and
    # i2 (due 03-11) for carta. The notice goes at lembrete, listed after carta (the ladder's
    # order, not the action's kind), through lembrete's channel; the protest, a back-office
    # step, stays an action of its own (and goes first: the most severe).
    invoices = [_invoice("i0", date(2026, 2, 10), "80.00"), *INVOICES[:2]]
    actions = plan(schedule, [customer], invoices, as_of=date(2026, 3, 12)).actions
    assert [(a.step_id, a.channel, a.invoice_ids) for a in actions] == [
        ("protesto", None, ("i0",)),
        ("lembrete", "email", ("i1", "i2")),
    ]


def test_a_bureau_notice_is_a_notice_of_its_own_and_never_passed() -> None:
    steps = [
        {"id": "lembrete", "offset": 1, "channels": ["email"]},
        {"id": "aviso_spc", "offset": 10, "action": "bureau_notice", "channels": ["email"]},
        {"id": "cobranca", "offset": 15, "channels": ["email"]},
    ]
    schedule = Schedule.model_validate(
        {
            "name": "oca",
            "consolidate": "customer",
            "limits": {"per_customer_per_day": None, "per_customer_per_week": None},
            "steps": steps,
        }
    )
    # On Thu 03-12: i0 (due Fri 02-20) is due for cobranca (Sat 03-07 → Mon 03-09, the
    # latest), i1 (due 03-02) for aviso_spc, i2 (due 03-11) for lembrete. The bureau notice
    # names only i1; i2 would pass aviso_spc on its way up to cobranca, so it keeps lembrete:
    # three notices, the most severe first, then the most advanced step.
    invoices = [_invoice("i0", date(2026, 2, 20), "80.00"), *INVOICES[:2]]
    actions = plan(schedule, [ACME], invoices, as_of=date(2026, 3, 12)).actions
    assert [(a.step_id, a.invoice_ids) for a in actions] == [
        ("aviso_spc", ("i1",)),
        ("cobranca", ("i0",)),
        ("lembrete", ("i2",)),
    ]


def test_the_fee_is_the_notice_steps_for_every_invoice_it_lists() -> None:
    steps = [{**STEPS[0], "fee": "2.00"}, {**STEPS[1], "fee": "5.00"}, STEPS[2]]
    schedule = Schedule.model_validate({"name": "oca", "consolidate": "customer", "steps": steps})
    _, history = _daily(schedule, last=date(2026, 3, 11))
    [action] = plan(schedule, [ACME], INVOICES, as_of=date(2026, 3, 12), history=history).actions
    assert (action.step_id, action.fee) == ("cobranca", Decimal("10.00"))  # 5.00 × 2 invoices


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"catch_up": "all"}, "consolidate: 'customer' lists every invoice"),
        ({"consolidate": "everything"}, "consolidate\n  Input should be 'step' or 'customer'"),
    ],
)
def test_refused_with_the_field_named(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Schedule.model_validate(
            {"name": "oca", "consolidate": "customer", "steps": STEPS, **changes}
        )


@pytest.mark.parametrize(
    ("document", "valid"),
    [
        ({"consolidate": "customer"}, True),
        ({"consolidate": "step", "catch_up": "all"}, True),
        ({"consolidate": "customer", "catch_up": "one_per_run"}, True),
        ({"consolidate": "customer", "catch_up": "all"}, False),
        ({"consolidate": "invoice"}, False),
    ],
)
def test_json_schema_agrees(document: dict[str, Any], valid: bool) -> None:
    import jsonschema

    from regua.schemas import json_schema

    full = {"name": "t", "steps": STEPS, **document}
    assert jsonschema.Draft202012Validator(json_schema("schedule")).is_valid(full) is valid
    try:
        Schedule.model_validate(full)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert accepted is valid


def test_a_deferred_notice_is_explained_for_every_invoice_it_lists() -> None:
    # A contact recorded today fills the daily cap: the notice of 03-12 waits for 03-13, and
    # explain says so on i2's own step too.
    _, history = _daily(_schedule(), last=date(2026, 3, 11))
    extra = ContactRecord.model_validate(
        {
            "action_id": "manual",
            "customer_id": "acme",
            "step_id": "manual",
            "invoice_ids": ["i9"],
            "channel": "phone",
            "at": "2026-03-12T09:00:00-03:00",
        }
    )
    day = date(2026, 3, 12)
    planned = plan(_schedule(), [ACME], INVOICES, as_of=day, history=[*history, extra])
    assert planned.actions == ()
    assert [(s.step_id, s.invoice_ids, s.code.value) for s in planned.skipped] == [
        ("cobranca", ("i1", "i2"), "capped")
    ]
    told = explain(_schedule(), ACME, INVOICES, as_of=day, history=[*history, extra])
    assert told.plan.skipped == planned.skipped
    row = next(r for r in told.rows if (r.invoice_id, r.step_id) == ("i2", "lembrete"))
    assert (row.state.value, row.code, row.retry_on) == ("skipped", "capped", date(2026, 3, 13))
    assert row.reason.startswith("listed in the notice at step 'cobranca' (consolidate: customer)")

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
from regua.models import Promise
from regua.rules import Schedule
from schedule_schema import assert_schema_and_model_agree

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
    assert_schema_and_model_agree({"name": "t", "steps": STEPS, **document}, valid)


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


# With repeating steps (``repeat``), one notice still lists every invoice due that day. March
# 2026, weekdays only below; the host runs daily and records each action as delivered.

Repeated = tuple[date, str, tuple[str, ...], int | None]


def _repeated(
    steps: list[dict[str, Any]], invoices: list[Invoice], last: date, **extra: Any
) -> tuple[list[Repeated], dict[date, Any]]:
    """(day, step, invoices, repetition) of each action, and each day's exhausted report."""
    schedule = Schedule.model_validate(
        {"name": "oca", "consolidate": "customer", "steps": steps, **extra}
    )
    history: list[ContactRecord] = []
    rows: list[Repeated] = []
    exhausted = {}
    day = date(2026, 3, 2)
    while day <= last:
        result = plan(schedule, [ACME], invoices, as_of=day, history=history)
        exhausted[day] = [(e.invoice_ids, e.account) for e in result.exhausted]
        for action in result.actions:
            rows.append((day, action.step_id, action.invoice_ids, action.repetition))
            history.append(action.record("delivered"))
        day += timedelta(days=1)
    return rows, exhausted


def test_a_repetition_due_moves_up_to_the_higher_notice_and_its_repetitions_end() -> None:
    # lembrete D+1 repeating every 7 days twice, cobranca D+10.
    #   i1 due Mon 03-02: lembrete 03-03, repetitions 03-10 and 03-17; cobranca Thu 03-12.
    #   i2 due Wed 03-04: lembrete 03-05, repetitions 03-12 and 03-19; cobranca Sat 03-14 →
    #   Mon 03-16.
    # On 03-12 i1's cobranca and i2's first repetition: one notice at cobranca for both. The
    # record puts i2 on cobranca (its own date, 03-16, is covered) and ends its repetitions.
    steps = [
        {"id": "lembrete", "offset": 1, "channels": ["email"], "repeat": {"every": 7, "max": 2}},
        {"id": "cobranca", "offset": 10, "channels": ["email"]},
    ]
    invoices = [
        _invoice("i1", date(2026, 3, 2), "100.00"),
        _invoice("i2", date(2026, 3, 4), "200.00"),
    ]
    rows, exhausted = _repeated(steps, invoices, last=date(2026, 3, 24))
    assert rows == [
        (date(2026, 3, 3), "lembrete", ("i1",), None),
        (date(2026, 3, 5), "lembrete", ("i2",), None),
        (date(2026, 3, 10), "lembrete", ("i1",), 1),
        (date(2026, 3, 12), "cobranca", ("i1", "i2"), None),
    ]
    # Both on their last step from 03-13: the account's ladder is exhausted.
    assert exhausted[date(2026, 3, 12)] == []
    assert exhausted[date(2026, 3, 13)] == exhausted[date(2026, 3, 24)] == [(("i1", "i2"), True)]


def test_the_highest_step_repeating_lists_every_repetition_due_in_one_notice() -> None:
    # lembrete D+1; cobranca D+10 repeating once, 7 days later.
    #   i1 due Mon 03-02: lembrete 03-03, cobranca 03-12, its repetition 03-19.
    #   i2 due Mon 03-09: lembrete 03-10, cobranca 03-19, its repetition 03-26.
    #   i3 due Wed 03-18: lembrete 03-19, cobranca Sat 03-28 → Mon 03-30, repetition 04-06.
    # On 03-19: i1's repetition 1, i2's cobranca and i3's lembrete, one notice at cobranca that
    # is repetition 1 (the latest it lists). i3's repetition counts from its own cobranca date.
    steps = [
        {"id": "lembrete", "offset": 1, "channels": ["email"]},
        {"id": "cobranca", "offset": 10, "channels": ["email"], "repeat": {"every": 7, "max": 1}},
    ]
    invoices = [
        _invoice("i1", date(2026, 3, 2), "100.00"),
        _invoice("i2", date(2026, 3, 9), "200.00"),
        _invoice("i3", date(2026, 3, 18), "50.00"),
    ]
    rows, exhausted = _repeated(steps, invoices, last=date(2026, 4, 10))
    assert rows == [
        (date(2026, 3, 3), "lembrete", ("i1",), None),
        (date(2026, 3, 10), "lembrete", ("i2",), None),
        (date(2026, 3, 12), "cobranca", ("i1",), None),
        (date(2026, 3, 19), "cobranca", ("i1", "i2", "i3"), 1),
        (date(2026, 3, 26), "cobranca", ("i2",), 1),
        (date(2026, 4, 6), "cobranca", ("i3",), 1),
    ]
    # A ladder is exhausted once its last repetition is recorded, the account's when all are.
    assert exhausted[date(2026, 3, 19)] == []
    assert exhausted[date(2026, 3, 20)] == [(("i1",), False)]
    assert exhausted[date(2026, 3, 27)] == [(("i1", "i2"), False)]
    assert exhausted[date(2026, 4, 7)] == [(("i1", "i2", "i3"), True)]
    # The notice's date and wording are those of the invoices due for cobranca themselves.
    schedule = Schedule.model_validate({"name": "oca", "consolidate": "customer", "steps": steps})
    history = [
        ContactRecord.model_validate(
            {
                "action_id": f"a{k}",
                "customer_id": "acme",
                "step_id": step,
                "invoice_ids": [iid],
                "channel": "email",
                "at": f"{day}T12:00:00-03:00",
            }
        )
        for k, (step, iid, day) in enumerate(
            [
                ("lembrete", "i1", "2026-03-03"),
                ("lembrete", "i2", "2026-03-10"),
                ("cobranca", "i1", "2026-03-12"),
            ]
        )
    ]
    first = plan(schedule, [ACME], invoices, as_of=date(2026, 3, 19), history=history).actions
    again = plan(schedule, [ACME], invoices, as_of=date(2026, 3, 20), history=history).actions
    assert [a.id for a in first] == [a.id for a in again]  # not recorded: the same notice
    assert first[0].reason == (
        "step 'cobranca' (offset 10, message): step date 2026-03-19; 3 invoices, oldest due"
        " 2026-03-02, 17 days overdue; one notice per customer (consolidate: customer), also"
        " listing 1 invoice due for step 'lembrete'; repetition 1 of 1"
    )


#: Two steps at D+1 (a reminder and a formal notice) and one at D+10, for two invoices.
TWO_AT_D1 = [
    {"id": "lembrete", "offset": 1, "channels": ["email"]},
    {"id": "carta", "offset": 1, "action": "formal_notice", "channels": ["email"]},
    {"id": "cobranca", "offset": 10, "channels": ["email"]},
]
TWO_INVOICES = [
    _invoice("i1", date(2026, 3, 2), "100.00"),
    _invoice("i2", date(2026, 3, 9), "200.00"),
]


def test_an_invoice_due_for_two_steps_the_same_day_is_listed_once() -> None:
    # catch_up none fires every step on its date: lembrete and a formal notice both at D+1.
    # Before the fix, building the notice failed (its date taken from no invoice of its own).
    steps, invoices = TWO_AT_D1, TWO_INVOICES
    rows, _ = _repeated(steps, invoices, last=date(2026, 3, 16), catch_up="none")
    assert rows == [
        (date(2026, 3, 3), "carta", ("i1",), None),
        (date(2026, 3, 10), "carta", ("i2",), None),
        (date(2026, 3, 12), "cobranca", ("i1",), None),
    ]
    told = explain(
        Schedule.model_validate(
            {"name": "oca", "consolidate": "customer", "catch_up": "none", "steps": steps}
        ),
        ACME,
        invoices[:1],
        as_of=date(2026, 3, 3),
    )
    [action] = told.plan.actions
    row = next(r for r in told.rows if r.step_id == "lembrete")
    assert (row.state.value, row.action_id) == ("planned", action.id)


def test_under_a_customers_ladder_the_ladder_already_sends_one_notice() -> None:
    # ladder: customer, anchored on i1 (due 03-02): lembrete 03-03 for i1, cobranca 03-12 for
    # the open invoices due by then (i1 and i2, due 03-09). Same days under catch_up none, where
    # lembrete and carta share D+1: one notice at carta.
    steps, invoices = TWO_AT_D1, TWO_INVOICES
    rows, exhausted = _repeated(
        steps, invoices, last=date(2026, 3, 16), catch_up="none", ladder="customer"
    )
    assert rows == [
        (date(2026, 3, 3), "carta", ("i1",), None),
        (date(2026, 3, 12), "cobranca", ("i1", "i2"), None),
    ]
    assert exhausted[date(2026, 3, 13)] == [(("i1", "i2"), True)]  # the ladder's last step


def test_a_broken_promise_step_stays_a_notice_of_its_own() -> None:
    # The promise (by Fri 03-13, grace 2 days) breaks on Mon 03-16: i1's "broken" step and its
    # cobranca (held since 03-12) are due, and i2 (due Fri 03-13) meets lembrete on Mon 03-16.
    # The ladder's steps merge at cobranca; the broken-promise notice answers its own event
    # (own template, own date) and goes first; the cap (one a day) defers the other.
    # Before the fix the ladder's steps merged into the broken-promise notice, whose date then
    # came from no invoice of its own: building it failed.
    steps = [
        *STEPS[:2],
        {"id": "broken", "offset": 0, "trigger": "broken_promise", "channels": ["email"]},
    ]
    schedule = Schedule.model_validate(
        {"name": "oca", "consolidate": "customer", "promises": {"grace_days": 2}, "steps": steps}
    )
    promise = Promise(
        id="p1",
        customer_id="acme",
        invoice_ids=("i1",),
        amount="60.00",
        made_on=date(2026, 3, 5),
        due_date=date(2026, 3, 13),
        channel="phone",
    )
    invoices = [
        _invoice("i1", date(2026, 3, 2), "100.00"),
        _invoice("i2", date(2026, 3, 13), "20.00"),
    ]
    history = [
        ContactRecord.model_validate(
            {
                "action_id": "a1",
                "customer_id": "acme",
                "step_id": "lembrete",
                "invoice_ids": ["i1"],
                "channel": "email",
                "at": "2026-03-03T12:00:00-03:00",
            }
        )
    ]
    result = plan(
        schedule, [ACME], invoices, as_of=date(2026, 3, 16), history=history, promises=[promise]
    )
    assert [(a.step_id, a.invoice_ids) for a in result.actions] == [("broken", ("i1",))]
    assert [(s.step_id, s.invoice_ids, s.code.value) for s in result.skipped] == [
        ("cobranca", ("i1", "i2"), "capped")
    ]

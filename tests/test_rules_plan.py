"""plan(): inputs, conditions, channels, guardrails, ids and output shape, one rule at a time."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import TypeAdapter, ValidationError

from regua import ContactRecord, InvalidInputError, Outcome
from regua.rules import Plan, Schedule, SkipCode, plan
from regua.rules.ids import action_id

SP = ZoneInfo("America/Sao_Paulo")
DUE = date(2026, 3, 5)  # Thursday
DAY = date(2026, 3, 10)  # Tuesday, D+5


def sched(*steps: dict[str, Any], **extra: Any) -> Schedule:
    if not steps:
        steps = ({"id": "d5", "offset": 5, "channels": ["sms", "email"]},)
    return Schedule.model_validate({"name": "t", "steps": list(steps), **extra})


def cust(cid: str = "c1", **extra: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "name": "Cliente",
        "kind": "consumer",
        "contacts": {"email": "x@example.com", "sms": "+5511999990000"},
        **extra,
    }


def inv(
    iid: str = "i1", due: date = DUE, amount: str = "100.00", cid: str = "c1", **extra: Any
) -> dict[str, Any]:
    return {"id": iid, "customer_id": cid, "amount": amount, "due_date": due, **extra}


def test_accepts_mappings_and_generators_and_mutates_nothing() -> None:
    customers = [cust()]
    invoices = [inv(payments=[{"date": date(2026, 3, 6), "amount": "10.00"}])]
    frozen_c, frozen_i = copy.deepcopy(customers), copy.deepcopy(invoices)
    result = plan(sched(), (c for c in customers), (i for i in invoices), as_of=DAY)
    (action,) = result.actions
    assert action.amount_due == Decimal("90.00")
    assert customers == frozen_c
    assert invoices == frozen_i


def test_action_fields() -> None:
    result = plan(sched(), [cust()], [inv(), inv("i0", date(2026, 3, 4))], as_of=DAY)
    (action,) = result.actions  # consolidation: both invoices are past d5
    assert action.invoice_ids == ("i0", "i1")  # oldest first
    assert action.step_id == "d5"
    assert action.channel is not None
    assert action.channel.value == "sms"
    assert action.amount_due == Decimal("200.00")
    assert action.due_date == date(2026, 3, 4)
    assert action.days_overdue == 6
    assert action.window_start == datetime(2026, 3, 10, 8, tzinfo=SP)
    assert action.window_end == datetime(2026, 3, 10, 20, tzinfo=SP)
    assert action.id == action_id("t", "d5", "c1", "BRL", ["i1", "i0"])
    assert action.reason == (
        "step 'd5' (offset 5, message): step date 2026-03-09; 2 invoices, oldest due"
        " 2026-03-04, 6 days overdue"
    )
    assert action.context["step_date"] == "2026-03-09"


def test_action_id_changes_with_the_invoice_set_only() -> None:
    one = plan(sched(), [cust()], [inv()], as_of=DAY).actions[0].id
    later = plan(sched(), [cust()], [inv()], as_of=DAY + timedelta(days=1)).actions[0].id
    two = plan(sched(), [cust()], [inv(), inv("i2")], as_of=DAY).actions[0].id
    assert one == later
    assert one != two


@pytest.mark.parametrize(
    "as_of",
    [datetime(2026, 3, 10, 9), "2026-03-10", 20260310],
)
def test_bad_as_of(as_of: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        plan(sched(), [cust()], [inv()], as_of=as_of)
    assert caught.value.field == "as_of"


def test_as_of_datetime_starts_the_window_at_now() -> None:
    at = datetime(2026, 3, 10, 13, 15, tzinfo=SP)
    (action,) = plan(sched(), [cust()], [inv()], as_of=at).actions
    assert action.window_start == at
    late = datetime(2026, 3, 10, 21, 0, tzinfo=SP)
    (action,) = plan(sched(), [cust()], [inv()], as_of=late).actions
    assert action.window_start == datetime(2026, 3, 11, 8, tzinfo=SP)


def test_unknown_customer_and_duplicates() -> None:
    with pytest.raises(InvalidInputError, match=r"invoices\[0\].customer_id: unknown customer"):
        plan(sched(), [cust()], [inv(cid="zz")], as_of=DAY)
    with pytest.raises(InvalidInputError, match=r"customers\[1\].id: duplicate"):
        plan(sched(), [cust(), cust()], [inv()], as_of=DAY)
    with pytest.raises(InvalidInputError, match="appears twice"):
        plan(sched(), [cust()], [inv(), inv()], as_of=DAY)
    with pytest.raises(InvalidInputError, match=r"invoices\[0\]\.amount: must not be negative"):
        plan(sched(), [cust()], [inv(amount="-1")], as_of=DAY)


def test_preferred_channels_reorder_and_opt_outs_skip() -> None:
    preferred = cust(preferred_channels=["email"])
    (action,) = plan(sched(), [preferred], [inv()], as_of=DAY).actions
    assert action.channel is not None
    assert action.channel.value == "email"
    opted = cust(opt_outs=["sms"])
    (action,) = plan(sched(), [opted], [inv()], as_of=DAY).actions
    assert action.channel is not None
    assert action.channel.value == "email"
    nothing = cust(opt_outs=["sms", "email"])
    result = plan(sched(), [nothing], [inv()], as_of=DAY)
    assert result.actions == ()
    (skip,) = result.skipped
    assert skip.code is SkipCode.NO_CHANNEL
    assert skip.reason == "no usable channel among [sms, email]: no address, or opted out"


def test_no_channel_on_the_latest_step_falls_back_to_an_earlier_one() -> None:
    steps = (
        {"id": "d1", "offset": 1, "channels": ["sms"]},
        {"id": "call", "offset": 3, "action": "call_task", "channels": ["phone"]},
    )
    result = plan(sched(*steps), [cust()], [inv()], as_of=DAY)
    assert [a.step_id for a in result.actions] == ["d1"]
    assert {(s.step_id, s.code) for s in result.skipped} == {("call", SkipCode.NO_CHANNEL)}


def conditioned(when: dict[str, Any]) -> Schedule:
    return sched({"id": "d5", "offset": 5, "channels": ["sms"], "when": when})


@pytest.mark.parametrize(
    ("when", "customer", "invoices", "fires"),
    [
        ({"customer_kind": ["business"]}, {}, None, False),
        ({"customer_kind": ["consumer", "business"]}, {}, None, True),
        ({"state": ["SP"]}, {"state": "sp"}, None, True),
        ({"state": ["RJ"]}, {"state": "SP"}, None, False),
        ({"min_amount": "100.00"}, {}, None, True),
        ({"min_amount": "100.01"}, {}, None, False),
        ({"max_amount": "99.99"}, {}, None, False),
        ({"min_invoices": 2}, {}, None, False),
        ({"min_invoices": 2}, {}, [inv(), inv("i2", date(2026, 3, 9))], True),
        ({"max_invoices": 1}, {}, [inv(), inv("i2", date(2026, 3, 9))], False),
        # Not yet due invoices do not count as overdue.
        ({"min_invoices": 2}, {}, [inv(), inv("i2", date(2026, 3, 12))], False),
        ({"min_total_overdue": "150.00"}, {}, [inv(), inv("i2", date(2026, 3, 9))], True),
        ({"max_total_overdue": "150.00"}, {}, [inv(), inv("i2", date(2026, 3, 9))], False),
        ({"tags_any": ["vip"]}, {"tags": ["vip"]}, None, True),
        ({"tags_any": ["vip"]}, {}, [inv(tags=["vip"])], True),
        ({"tags_any": ["vip"]}, {}, None, False),
        ({"tags_none": ["internal"]}, {"tags": ["internal"]}, None, False),
        ({"agreement": True}, {}, None, False),
        ({"agreement": True}, {}, [inv(agreement_id="a1")], True),
        ({"agreement": False}, {}, None, True),
    ],
)
def test_when_conditions(
    when: dict[str, Any], customer: dict[str, Any], invoices: Any, fires: bool
) -> None:
    result = plan(conditioned(when), [cust(**customer)], invoices or [inv()], as_of=DAY)
    assert bool(result.actions) is fires
    # A condition that does not hold is not a skip: the step does not apply.
    assert result.skipped == ()


def test_profiles() -> None:
    schedule = conditioned({"profile": ["recurring"]})
    yes = plan(schedule, [cust()], [inv()], as_of=DAY, profiles={"c1": "recurring"})
    assert len(yes.actions) == 1
    no = plan(schedule, [cust()], [inv()], as_of=DAY, profiles={"c1": "good"})
    assert no.actions == ()
    assert no.skipped == ()
    unknown = plan(schedule, [cust()], [inv()], as_of=DAY)
    (skip,) = unknown.skipped
    assert skip.code is SkipCode.PROFILE_UNKNOWN
    assert plan(schedule, [cust()], [inv()], as_of=DAY, profiles={}).skipped == unknown.skipped
    with pytest.raises(InvalidInputError, match=r"profiles\['c1'\]: 'bad' is not a profile"):
        plan(schedule, [cust()], [inv()], as_of=DAY, profiles={"c1": "bad"})


def agreement(**extra: Any) -> dict[str, Any]:
    return {
        "id": "a1",
        "customer_id": "c1",
        "invoice_ids": ["i1"],
        "signed_on": date(2026, 3, 8),
        "original_debt": "100.00",
        "installments": [{"number": 1, "due_date": date(2026, 4, 8), "amount": "100.00"}],
        **extra,
    }


def test_active_agreement_covers_its_invoices() -> None:
    result = plan(sched(), [cust()], [inv(), inv("i2")], as_of=DAY, agreements=[agreement()])
    (action,) = result.actions
    assert action.invoice_ids == ("i2",)
    (skip,) = result.skipped
    assert (skip.code, skip.invoice_ids) == (SkipCode.AGREEMENT, ("i1",))
    cancelled = agreement(cancelled_on=date(2026, 3, 9))
    again = plan(sched(), [cust()], [inv(), inv("i2")], as_of=DAY, agreements=[cancelled])
    assert again.actions[0].invoice_ids == ("i1", "i2")
    future = agreement(signed_on=date(2026, 3, 11))
    early = plan(sched(), [cust()], [inv()], as_of=DAY, agreements=[future])
    assert len(early.actions) == 1
    # Installment due 03-08 unpaid with no tolerance: broken on 03-09, so i1 is dunned again.
    broken = agreement(
        signed_on=date(2026, 3, 6),
        tolerance_days=0,
        installments=[{"number": 1, "due_date": date(2026, 3, 8), "amount": "100.00"}],
    )
    d1 = sched({"id": "d1", "offset": 1, "channels": ["sms"]})
    still = plan(d1, [cust()], [inv()], as_of=date(2026, 3, 8), agreements=[broken])
    assert still.actions == ()
    assert [s.code for s in still.skipped] == [SkipCode.AGREEMENT]
    again = plan(d1, [cust()], [inv()], as_of=date(2026, 3, 9), agreements=[broken])
    assert again.actions[0].invoice_ids == ("i1",)


def test_prescription_stops_every_step() -> None:
    # A prescribed debt cannot be demanded extrajudicially either (STJ REsp 2.088.100/SP):
    # the reminder goes too (tests/test_rules_prescription.py has the rest).
    steps = (
        {"id": "d5", "offset": 5, "channels": ["sms"]},
        {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["email"]},
    )
    old = inv(due=date(2021, 3, 5))
    # Prescribed from 2026-03-06 (due + 1 day + 5 years).
    before = plan(sched(*steps), [cust()], [old], as_of=date(2026, 3, 5))
    assert [a.step_id for a in before.actions] == ["aviso"]
    after = plan(sched(*steps), [cust()], [old], as_of=date(2026, 3, 6))
    assert after.actions == ()
    (skip,) = after.skipped
    assert skip.code is SkipCode.PRESCRIBED
    assert "prescribed on 2026-03-06" in skip.reason
    rent = sched(*steps, guardrails={"prescription_years": 3})
    assert plan(rent, [cust()], [old], as_of=DAY).actions == ()
    off = sched(*steps, guardrails={"prescription_years": None})
    assert [a.step_id for a in plan(off, [cust()], [old], as_of=DAY).actions] == ["aviso"]


def test_dates_past_the_supported_range_never_reach_the_engine() -> None:
    # Due 9994-12-31: the term would end on 10000-01-01, which no date can hold; the engine
    # used to crash with a bare ValueError from date.replace. Such dates are now refused where
    # they enter (regua.limits), and the last supported due date plans normally.
    with pytest.raises((ValidationError, InvalidInputError), match="due_date"):
        plan(sched(), [cust()], [inv(due=date(9994, 12, 31))], as_of=DAY)
    with pytest.raises(InvalidInputError, match=r"^as_of: "):
        plan(sched(), [cust()], [inv()], as_of=date(9999, 12, 31))
    steps = (
        {"id": "d0", "offset": 0, "channels": ["sms"]},
        {"id": "protesto", "offset": 60, "action": "protest"},
    )
    late = inv(due=date(2199, 10, 31))
    result = plan(sched(*steps), [cust()], [late], as_of=date(2199, 12, 31))
    assert [a.step_id for a in result.actions] == ["protesto"]
    assert [s.code for s in result.skipped] == [SkipCode.SUPERSEDED]


def test_history_record_of_any_outcome_stops_the_step() -> None:
    (action,) = plan(sched(), [cust()], [inv()], as_of=DAY).actions
    failed = ContactRecord(
        action_id=action.id,
        customer_id="c1",
        step_id="d5",
        invoice_ids=["i1"],
        channel="sms",
        at=action.window_start,
        outcome=Outcome.FAILED,
    )
    assert plan(sched(), [cust()], [inv()], as_of=DAY, history=[failed]).actions == ()
    # The record covers i1 only: a new invoice due the same step still gets it, on the next
    # day, because the recorded attempt used up today's contact.
    more = plan(sched(), [cust()], [inv(), inv("i2")], as_of=DAY, history=[failed])
    (skip,) = more.skipped
    assert (skip.code, skip.invoice_ids, skip.retry_on) == (
        SkipCode.CAPPED,
        ("i2",),
        date(2026, 3, 11),
    )
    tomorrow = plan(
        sched(), [cust()], [inv(), inv("i2")], as_of=DAY + timedelta(1), history=[failed]
    )
    assert tomorrow.actions[0].invoice_ids == ("i2",)


def test_multi_currency_gives_one_action_per_currency() -> None:
    invoices = [inv(), inv("u1", currency="USD", amount="10.00")]
    free = sched(limits={"per_customer_per_day": None})
    result = plan(free, [cust()], invoices, as_of=DAY)
    assert sorted((a.currency, a.amount_due) for a in result.actions) == [
        ("BRL", Decimal("100.00")),
        ("USD", Decimal("10.00")),
    ]
    capped = plan(sched(), [cust()], invoices, as_of=DAY)
    assert [a.currency for a in capped.actions] == ["BRL"]  # same step: the oldest debt first
    (skip,) = capped.skipped
    assert (skip.code, skip.invoice_ids, skip.retry_on) == (
        SkipCode.CAPPED,
        ("u1",),
        date(2026, 3, 11),
    )


def test_output_order_is_by_customer_then_priority() -> None:
    steps = (
        {"id": "d1", "offset": 1, "channels": ["sms"]},
        {"id": "aviso", "offset": 3, "action": "bureau_notice", "channels": ["email"]},
    )
    schedule = sched(*steps, limits={"per_customer_per_day": None, "per_customer_per_week": None})
    customers = [cust("b"), cust("a")]
    invoices = [
        inv("x", date(2026, 3, 9), cid="b"),
        inv("y", DUE, cid="b"),
        inv("z", date(2026, 3, 9), cid="a"),
    ]
    result = plan(schedule, customers, invoices, as_of=DAY)
    assert [(a.customer_id, a.step_id) for a in result.actions] == [
        ("a", "d1"),
        ("b", "aviso"),
        ("b", "d1"),
    ]


@pytest.mark.parametrize(
    ("as_of", "step", "template"),
    [
        (date(2026, 3, 2), "pre", "reminder_before_due"),
        (DUE, "d0", "due_today"),
        (date(2026, 3, 6), "d1", "overdue_early"),
        (date(2026, 4, 6), "aviso", "bureau_notice"),
    ],
)
def test_actions_name_a_default_template_by_action_and_timing(
    as_of: date, step: str, template: str
) -> None:
    steps = (
        {"id": "pre", "offset": -3, "channels": ["email"]},
        {"id": "d0", "offset": 0, "channels": ["email"]},
        {"id": "d1", "offset": 1, "channels": ["email"]},
        {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["email"]},
    )
    (action,) = plan(sched(*steps), [cust()], [inv()], as_of=as_of).actions
    assert (action.step_id, action.template) == (step, template)
    assert action.days_overdue == (as_of - DUE).days  # negative before the due date


def test_a_step_template_wins_over_the_default() -> None:
    step = {"id": "d5", "offset": 5, "channels": ["sms"], "template": "overdue_late"}
    (action,) = plan(sched(step), [cust()], [inv()], as_of=DAY).actions
    assert action.template == "overdue_late"


def test_plan_serializes_to_json() -> None:
    result = plan(sched(), [cust()], [inv()], as_of=DAY)
    adapter = TypeAdapter(Plan)
    data = adapter.dump_python(result, mode="json")
    assert data["actions"][0]["amount_due"] == "100.00"
    assert data["actions"][0]["window_start"] == "2026-03-10T08:00:00-03:00"
    assert adapter.validate_json(adapter.dump_json(result)) == result


def test_catch_up_none_does_not_promise_a_retry_for_capped_steps() -> None:
    steps = (
        {"id": "d1", "offset": 1, "channels": ["sms"]},
        {"id": "d5", "offset": 5, "channels": ["sms"]},
    )
    invoices = [inv(), inv("i2", date(2026, 3, 9))]  # d5 of i1 and d1 of i2 both on the 10th
    result = plan(sched(*steps, catch_up="none"), [cust()], invoices, as_of=DAY)
    assert [a.step_id for a in result.actions] == ["d5"]
    (skip,) = [s for s in result.skipped if s.code is SkipCode.CAPPED]
    assert (skip.step_id, skip.invoice_ids, skip.retry_on) == ("d1", ("i2",), None)
    assert skip.reason.endswith("not retried (catch_up: none)")
    latest = plan(sched(*steps), [cust()], invoices, as_of=DAY)
    (capped,) = [s for s in latest.skipped if s.code is SkipCode.CAPPED]
    assert capped.retry_on == date(2026, 3, 11)


def test_opt_out_pauses_contact_for_seven_days() -> None:
    asked = ContactRecord(
        action_id="earlier",
        customer_id="c1",
        step_id="d1",
        invoice_ids=["old"],
        channel="sms",
        at=datetime(2026, 3, 6, 10, tzinfo=SP),
        outcome=Outcome.OPTED_OUT,
    )
    paused = plan(sched(), [cust()], [inv()], as_of=DAY, history=[asked])
    assert paused.actions == ()
    (skip,) = paused.skipped
    assert (skip.code, skip.retry_on) == (SkipCode.PAUSED, date(2026, 3, 13))
    assert skip.reason.startswith("the customer asked to stop on 2026-03-06")
    resumed = plan(sched(), [cust()], [inv()], as_of=date(2026, 3, 13), history=[asked])
    assert [a.step_id for a in resumed.actions] == ["d5"]
    no_pause = sched(limits={"pause_days_after_opt_out": 0})
    assert len(plan(no_pause, [cust()], [inv()], as_of=DAY, history=[asked]).actions) == 1

"""Invariants of plan(): windows, the notice before a listing, idempotency, determinism, caps."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from regua import ContactRecord, Customer, Invoice, Outcome
from regua.calendar import BusinessCalendar
from regua.models import ActionKind
from regua.rules import Schedule, StepState, explain, plan

ZONES = ["America/Sao_Paulo", "America/Manaus", "America/Noronha", "America/Rio_Branco"]
STATES = [None, "SP", "RJ", "AM", "BA"]
CHANNELS = ["email", "sms", "whatsapp", "phone", "letter"]
EPOCH = date(2026, 1, 1)

STEPS: list[dict[str, Any]] = [
    {"id": "lembrete", "offset": -3, "channels": ["email", "whatsapp"]},
    {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
    {"id": "d10", "offset": 10, "action": "call_task", "channels": ["phone", "sms"]},
    {
        "id": "aviso",
        "offset": 20,
        "action": "bureau_notice",
        "channels": ["letter", "email"],
        "when": {"min_amount": "50.00"},
    },
    {"id": "negativacao", "offset": 25, "action": "bureau_listing"},
    {"id": "protesto", "offset": 40, "action": "protest", "when": {"customer_kind": ["business"]}},
]


#: A valid address per channel (customers' addresses are checked, see tests/test_contacts.py).
ADDRESSES = {
    "email": "cliente@example.com.br",
    "sms": "+5511999990000",
    "whatsapp": "+5511999990000",
    "phone": "+551133330000",
    "letter": "Rua Um 1",
    "push": "token-1",
}


def schedule(catch_up: str) -> Schedule:
    return Schedule.model_validate({"name": "p", "catch_up": catch_up, "steps": STEPS})


SCHEDULES = {mode: schedule(mode) for mode in ("latest", "all", "none")}


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[Customer], list[Invoice]]:
    n_customers = draw(st.integers(1, 4))
    customers = []
    invoices = []
    for k in range(n_customers):
        channels = draw(st.sets(st.sampled_from(CHANNELS), min_size=0, max_size=5))
        customers.append(
            Customer(
                id=f"c{k}",
                name="Cliente",
                kind=draw(st.sampled_from(["consumer", "business"])),
                contacts={channel: ADDRESSES[channel] for channel in sorted(channels)},
                opt_outs=draw(st.sets(st.sampled_from(CHANNELS), max_size=1)),
                timezone=draw(st.sampled_from(ZONES)),
                state=draw(st.sampled_from(STATES)),
            )
        )
        for j in range(draw(st.integers(0, 4))):
            due = EPOCH + timedelta(days=draw(st.integers(0, 90)))
            amount = draw(st.sampled_from(["30.00", "80.00", "500.00"]))
            payments = []
            if draw(st.booleans()):
                payments = [
                    {"date": due + timedelta(days=draw(st.integers(-5, 40))), "amount": "20.00"}
                ]
            invoices.append(
                Invoice.model_validate(
                    {
                        "id": f"i{k}-{j}",
                        "customer_id": f"c{k}",
                        "amount": amount,
                        "due_date": due,
                        "payments": payments,
                        "disputed": draw(st.integers(0, 9)) == 0,
                    }
                )
            )
    return customers, invoices


as_ofs = st.one_of(
    st.dates(min_value=EPOCH, max_value=EPOCH + timedelta(days=150)),
    st.builds(
        lambda d, minutes, zone: (
            datetime.combine(d, time(0), tzinfo=ZoneInfo(zone)) + timedelta(minutes=minutes)
        ),
        st.dates(min_value=EPOCH, max_value=EPOCH + timedelta(days=150)),
        st.integers(0, 24 * 60 - 1),
        st.sampled_from([*ZONES, "UTC"]),
    ),
)


def record(action: Any, outcome: Outcome) -> ContactRecord:
    return ContactRecord(
        action_id=action.id,
        customer_id=action.customer_id,
        step_id=action.step_id,
        invoice_ids=action.invoice_ids,
        channel=action.channel,
        at=action.window_start,
        outcome=outcome,
    )


@settings(max_examples=150, deadline=None)
@given(portfolios(), as_ofs, st.sampled_from(list(SCHEDULES)))
def test_no_action_outside_the_contact_window(
    portfolio: tuple[list[Customer], list[Invoice]], as_of: date | datetime, mode: str
) -> None:
    customers, invoices = portfolio
    result = plan(SCHEDULES[mode], customers, invoices, as_of=as_of)
    by_id = {c.id: c for c in customers}
    invoice_by_id = {i.id: i for i in invoices}
    for action in result.actions:
        customer = by_id[action.customer_id]
        local_day = (
            as_of.astimezone(ZoneInfo(customer.timezone)).date()
            if isinstance(as_of, datetime)
            else as_of
        )
        assert action.amount_due == sum(
            invoice_by_id[i].balance(local_day) for i in action.invoice_ids
        )
        assert all(invoice_by_id[i].balance(local_day) > 0 for i in action.invoice_ids)
        start, end = action.window_start, action.window_end
        assert str(start.tzinfo) == customer.timezone
        assert start.date() == end.date()
        day = start.date()
        holidays = BusinessCalendar.brazil(customer.state, dec_31_closed=False)
        assert not holidays.is_holiday(day)
        assert day.weekday() != 6  # never on Sundays
        closing = time(14) if day.weekday() == 5 else time(20)
        assert time(8) <= start.time() < end.time() <= closing
        if isinstance(as_of, datetime):
            assert start >= as_of
        else:
            assert day >= as_of


@settings(max_examples=40, deadline=None)
@given(portfolios(), st.sampled_from(list(SCHEDULES)), st.randoms(use_true_random=False))
def test_host_loop_never_lists_without_a_delivered_notice_and_respects_caps(
    portfolio: tuple[list[Customer], list[Invoice]], mode: str, rng: random.Random
) -> None:
    customers, invoices = portfolio
    sched = SCHEDULES[mode]
    notice_steps = {s.id for s in sched.steps if s.action is ActionKind.BUREAU_NOTICE}
    history: list[ContactRecord] = []
    contacts_per_day: Counter[tuple[str, date]] = Counter()
    outcomes = [Outcome.DELIVERED, Outcome.SENT, Outcome.BOUNCED, Outcome.READ]
    for k in range(0, 140, 2):
        day = EPOCH + timedelta(days=k)
        result = plan(sched, customers, invoices, as_of=day, history=history)
        for action in result.actions:
            if action.action is ActionKind.BUREAU_LISTING:
                for invoice_id in action.invoice_ids:
                    delivered = [
                        r.at.date()
                        for r in history
                        if r.step_id in notice_steps
                        and invoice_id in r.invoice_ids
                        and r.outcome.reached_customer
                    ]
                    assert delivered
                    assert min(delivered) + timedelta(days=10) <= action.window_start.date()
            if action.channel is not None:
                contacts_per_day[(action.customer_id, action.window_start.date())] += 1
            history.append(record(action, rng.choice(outcomes)))
    assert all(n <= 1 for n in contacts_per_day.values())


@settings(max_examples=150, deadline=None)
@given(
    portfolios(),
    as_ofs,
    st.sampled_from(list(SCHEDULES)),
    st.sampled_from(list(Outcome)),
)
def test_replaying_with_the_records_plans_nothing(
    portfolio: tuple[list[Customer], list[Invoice]],
    as_of: date | datetime,
    mode: str,
    outcome: Outcome,
) -> None:
    customers, invoices = portfolio
    first = plan(SCHEDULES[mode], customers, invoices, as_of=as_of)
    history = [record(a, outcome) for a in first.actions]
    again = plan(SCHEDULES[mode], customers, invoices, as_of=as_of, history=history)
    assert again.actions == ()


@settings(max_examples=150, deadline=None)
@given(portfolios(), as_ofs, st.sampled_from(list(SCHEDULES)), st.randoms(use_true_random=False))
def test_output_does_not_depend_on_input_order(
    portfolio: tuple[list[Customer], list[Invoice]],
    as_of: date | datetime,
    mode: str,
    rng: random.Random,
) -> None:
    customers, invoices = portfolio
    day_before = plan(SCHEDULES[mode], customers, invoices, as_of=EPOCH + timedelta(days=60))
    history = [record(a, Outcome.DELIVERED) for a in day_before.actions]
    expected = plan(SCHEDULES[mode], customers, invoices, as_of=as_of, history=history)
    shuffled_c, shuffled_i, shuffled_h = list(customers), list(invoices), list(history)
    rng.shuffle(shuffled_c)
    rng.shuffle(shuffled_i)
    rng.shuffle(shuffled_h)
    got = plan(SCHEDULES[mode], iter(shuffled_c), iter(shuffled_i), as_of=as_of, history=shuffled_h)
    assert got == expected
    # One invoice is in at most one action per step, and every action's ids are unique.
    seen = Counter((a.step_id, i) for a in got.actions for i in a.invoice_ids)
    assert all(n == 1 for n in seen.values())


@settings(max_examples=100, deadline=None)
@given(portfolios(), as_ofs, st.sampled_from(list(SCHEDULES)))
def test_explain_agrees_with_plan(
    portfolio: tuple[list[Customer], list[Invoice]], as_of: date | datetime, mode: str
) -> None:
    customers, invoices = portfolio
    day_before = plan(SCHEDULES[mode], customers, invoices, as_of=EPOCH + timedelta(days=45))
    history = [record(a, Outcome.DELIVERED) for a in day_before.actions]
    whole = plan(SCHEDULES[mode], customers, invoices, as_of=as_of, history=history)
    for customer in customers:
        own = [i for i in invoices if i.customer_id == customer.id]
        why = explain(SCHEDULES[mode], customer, own, as_of=as_of, history=history)
        assert why.plan.actions == tuple(a for a in whole.actions if a.customer_id == customer.id)
        assert why.plan.skipped == tuple(s for s in whole.skipped if s.customer_id == customer.id)
        planned = {(r.invoice_id, r.step_id) for r in why.rows if r.state is StepState.PLANNED}
        assert planned == {(i, a.step_id) for a in why.plan.actions for i in a.invoice_ids}
        assert len(why.rows) == len(own) * len(STEPS)

"""What ``plan`` reports besides actions and skips (issue 11 items 10 and 12): the ``when``
conditions that kept steps from invoices, counted per step and condition, and the exhausted
ladders, as tables of dates → reports computed by hand, and held equal to ``explain``.

The schedule of ``tests/test_schedule_exhausted.py``: nivel1 at D+5, nivel2 at D+10, a protest
at D+12 only for business customers. Ana (a consumer) has i1 due Thursday 2026-03-05 (steps on
03-10, Sun 03-15 → Mon 03-16, 03-17) and i2 due Friday 03-20 (03-25, 03-30, 04-01). The host
runs every day and records each action as delivered.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regua
from regua import ContactRecord, Customer, Invoice, explain, plan
from regua.models import Agreement, Promise
from regua.partition import merge_plans
from regua.rules import Exhausted, NotApplicable
from test_columnar_equivalence import AS_OF, _record, portfolios, schedules
from test_schedule_exhausted import ANA, SCHEDULE, _history_until, _invoice

INVOICES = [_invoice("i1"), _invoice("i2", date(2026, 3, 20))]
KIND = "customer_kind"


def _plan_on(day: date) -> regua.Plan:
    history = [r for r in _history_until(INVOICES, day) if r.at.date() < day]
    return plan(SCHEDULE, [ANA], INVOICES, as_of=day, history=history)


def test_exhausted_ladders_by_date() -> None:
    table = {
        date(2026, 3, 9): (),  # nothing fired yet
        date(2026, 3, 16): (),  # nivel2 planned today, not yet recorded
        date(2026, 3, 17): (Exhausted("ana", ("i1",), False),),  # i2 still running
        date(2026, 3, 31): (Exhausted("ana", ("i1",), False),),  # i2's protest day to come
        date(2026, 4, 2): (Exhausted("ana", ("i1", "i2"), True),),  # the account's
    }
    assert {day: _plan_on(day).exhausted for day in table} == table


def test_when_failures_are_counted_by_step_and_condition() -> None:
    table = {
        date(2026, 3, 16): (),  # protest day of i1 not come; i2 not due
        # i1's protest (03-17) is due and does not apply to a consumer: counted on every run
        # that looks at i1, which has a due step not recorded and not passed.
        date(2026, 3, 17): (NotApplicable("protesto", KIND, 1),),
        date(2026, 3, 25): (NotApplicable("protesto", KIND, 1),),
        date(2026, 4, 2): (NotApplicable("protesto", KIND, 2),),
    }
    assert {day: _plan_on(day).not_applicable for day in table} == table


def test_conditions_on_the_invoice_are_counted_by_their_field() -> None:
    schedule = {
        "name": "faixas",
        "steps": [
            {"id": "d1", "offset": 1, "channels": ["email"], "when": {"min_amount": "50.00"}},
            {
                "id": "d3",
                "offset": 3,
                "channels": ["email"],
                "when": {"days_overdue": {"max": 2}},
            },
        ],
    }
    small = _invoice("i1", amount="20.00")
    large = _invoice("i2", amount="200.00")
    # Mon 03-09, 4 days after the due date: d1 (03-06) is below 50.00 for i1; d3 (03-08) is
    # outside its bucket for both (4 days overdue); i2's d1 fires (latest among those applying).
    day = plan(schedule, [ANA], [small, large], as_of=date(2026, 3, 9))
    assert [(a.step_id, a.invoice_ids) for a in day.actions] == [("d1", ("i2",))]
    assert day.not_applicable == (
        NotApplicable("d1", "min_amount", 1),
        NotApplicable("d3", "days_overdue", 2),
    )


def test_merged_partitions_sum_the_counts() -> None:
    bia = Customer.model_validate({**ANA.model_dump(), "id": "bia"})
    hers = [
        Invoice.model_validate({**inv.model_dump(), "customer_id": "bia", "id": f"b{inv.id}"})
        for inv in INVOICES
    ]
    day = date(2026, 4, 2)
    history = [r for r in _history_until(INVOICES, day) if r.at.date() < day]
    whole = plan(SCHEDULE, [ANA, bia], [*INVOICES, *hers], as_of=day, history=history)
    parts = [
        plan(SCHEDULE, [ANA], INVOICES, as_of=day, history=history),
        plan(SCHEDULE, [bia], hers, as_of=day, history=history),
    ]
    assert merge_plans(parts) == whole
    # Two invoices each: bia's, with nothing recorded, are looked at too (nivel2 fires for both).
    assert whole.not_applicable == (NotApplicable("protesto", KIND, 4),)
    assert whole.exhausted == (Exhausted("ana", ("i1", "i2"), True),)


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    schedule=schedules(),
    portfolio=portfolios(),
    days=st.lists(st.integers(1, 20), min_size=1, max_size=3),
)
def test_plan_reports_what_explain_says(
    schedule: dict[str, Any],
    portfolio: tuple[list[Customer], list[Invoice], list[Agreement], dict[str, str], list[Any]],
    days: list[int],
) -> None:
    customers, invoices, agreements, profiles, promises = portfolio
    history: list[ContactRecord] = []
    as_of = AS_OF
    for gap in [0, *days]:
        as_of += timedelta(days=gap)
        kwargs: dict[str, Any] = {
            "as_of": as_of,
            "history": history,
            "agreements": agreements,
            "profiles": profiles or None,
            "promises": promises,
        }
        result = plan(schedule, customers, invoices, **kwargs)
        exhausted = []
        counts: dict[tuple[str, str], int] = {}
        for customer in customers:
            mine = [inv for inv in invoices if inv.customer_id == customer.id]
            told = explain(schedule, customer, mine, **kwargs)
            assert len(told.rows) == len(mine) * len(schedule["steps"])  # every step traced
            assert told.plan.actions == tuple(
                a for a in result.actions if a.customer_id == customer.id
            )
            if told.exhausted:
                exhausted.append(Exhausted(customer.id, told.exhausted, told.account_exhausted))
                assert told.plan.exhausted == (exhausted[-1],)
            for row in told.plan.not_applicable:
                key = (row.step_id, row.condition)
                counts[key] = counts.get(key, 0) + row.invoices
        assert result.exhausted == tuple(exhausted)
        assert result.not_applicable == tuple(
            NotApplicable(*key, n) for key, n in sorted(counts.items())
        )
        history += [_record(action, regua.Outcome.DELIVERED) for action in result.actions]


def _daily_exhausted(
    schedule: dict[str, Any], invoices: list[Invoice], days: list[date]
) -> dict[date, Any]:
    """Each day's exhausted report (plan's, held equal to explain's), the host running every day
    from 03-02 and recording each action as delivered."""
    history: list[ContactRecord] = []
    reports = {}
    day = date(2026, 3, 2)
    while day <= days[-1]:
        result = plan(schedule, [ANA], invoices, as_of=day, history=history)
        told = explain(schedule, ANA, invoices, as_of=day, history=history)
        assert (told.exhausted, told.account_exhausted) == (
            (result.exhausted[0].invoice_ids, result.exhausted[0].account)
            if result.exhausted
            else ((), False)
        )
        if day in days:
            reports[day] = result.exhausted
        history += [action.record("delivered") for action in result.actions]
        day += timedelta(days=1)
    return reports


LEMBRETE = {"id": "lembrete", "offset": 1, "channels": ["email"]}
DUE_MONDAY = _invoice("i1", date(2026, 3, 2))  # lembrete on Tue 03-03; 03-10 and 03-17 a week on
EXHAUSTED = (Exhausted("ana", ("i1",), True),)


def test_a_repeating_step_is_exhausted_once_its_last_repetition_is_recorded() -> None:
    schedule = {"name": "lago", "steps": [{**LEMBRETE, "repeat": {"every": 7, "max": 2}}]}
    days = [date(2026, 3, 4), date(2026, 3, 11), date(2026, 3, 17), date(2026, 3, 18)]
    assert _daily_exhausted(schedule, [DUE_MONDAY], days) == {
        date(2026, 3, 4): (),  # repetition 1 on 03-10 to come
        date(2026, 3, 11): (),  # repetition 2 on 03-17 to come
        date(2026, 3, 17): (),  # repetition 2 planned today, not yet recorded
        date(2026, 3, 18): EXHAUSTED,  # max reached and recorded
    }


def test_an_endless_repeat_is_never_exhausted_until_a_later_step_fires() -> None:
    endless = {"name": "ninja", "steps": [{**LEMBRETE, "repeat": {"every": 7}}]}
    days = [date(2026, 3, 4), date(2026, 4, 30)]
    assert _daily_exhausted(endless, [DUE_MONDAY], days) == dict.fromkeys(days, ())
    # A last step at D+10 (Thu 03-12) ends the repetitions once recorded.
    ended = {
        **endless,
        "steps": [*endless["steps"], {"id": "final", "offset": 10, "channels": ["email"]}],
    }
    days = [date(2026, 3, 11), date(2026, 3, 12), date(2026, 3, 13)]
    assert _daily_exhausted(ended, [DUE_MONDAY], days) == {
        date(2026, 3, 11): (),
        date(2026, 3, 12): (),
        date(2026, 3, 13): EXHAUSTED,
    }


def test_an_issue_date_anchor_is_exhausted_after_the_last_step_the_invoice_meets() -> None:
    # Issued Mon 03-02, due Mon 03-16: "emitida" 3 days after issue (Thu 03-05), "d1" one day
    # after the due date (Tue 03-17): the last step met is d1.
    schedule = {
        "name": "emissao",
        "steps": [
            {"id": "emitida", "offset": 3, "anchor": "issue_date", "channels": ["email"]},
            LEMBRETE,
        ],
    }
    invoice = _invoice("i1", date(2026, 3, 16), issue_date=date(2026, 3, 2))
    days = [date(2026, 3, 6), date(2026, 3, 17), date(2026, 3, 18)]
    assert _daily_exhausted(schedule, [invoice], days) == {
        date(2026, 3, 6): (),  # emitida recorded, d1 to come
        date(2026, 3, 17): (),
        date(2026, 3, 18): EXHAUSTED,
    }


def test_a_ladder_whose_only_fired_step_is_a_broken_promises_is_exhausted() -> None:
    # s0's when never holds; the broken promise's step fired on 03-13. On 03-14 nothing is left:
    # explain said exhausted, plan did not (it counted only ladder steps as fired). Found by
    # test_plan_reports_what_explain_says with random examples.
    schedule = {
        "name": "p",
        "promises": {"grace_days": 0},
        "steps": [
            {"id": "s0", "offset": 0, "channels": ["email"], "when": {"tags_any": ["vip"]}},
            {"id": "broken", "offset": 0, "trigger": "broken_promise", "channels": ["email"]},
        ],
    }
    ana = Customer(id="ana", name="Ana", kind="consumer", contacts={"email": "ana@example.com"})
    invoices = [Invoice(id="i1", customer_id="ana", amount="100.00", due_date=date(2026, 3, 10))]
    promise = Promise(
        id="p1",
        customer_id="ana",
        invoice_ids=("i1",),
        amount="100.00",
        made_on=date(2026, 3, 10),
        due_date=date(2026, 3, 12),
    )
    history: list[ContactRecord] = []
    found = []
    for day in (date(2026, 3, 13), date(2026, 3, 14)):
        kwargs: dict[str, Any] = {"as_of": day, "history": history, "promises": [promise]}
        result = plan(schedule, [ana], invoices, **kwargs)
        told = explain(schedule, ana, invoices, **kwargs)
        found.append(([a.step_id for a in result.actions], result.exhausted, told.exhausted))
        history += [action.record("delivered") for action in result.actions]
    assert found == [
        (["broken"], (), ()),
        ([], (Exhausted("ana", ("i1",), True),), ("i1",)),
    ]

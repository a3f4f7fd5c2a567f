"""Steps with mixed units: an invoice meets its steps in the order of their dates.

A ``"5bd"`` step listed before a ``6`` step is 7 calendar days after a Friday due date, so the
6-day step comes first there. Every date below is computed by hand on the 2026 calendar
(Brazilian national bank holidays: Good Friday 04-03, Tiradentes Tuesday 04-21).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regua import Invoice
from regua.rules import Schedule, SkipCode, StepState, explain, plan, simulate

CUSTOMER = {
    "id": "c1",
    "name": "C",
    "kind": "consumer",
    "contacts": {"email": "c@example.com", "sms": "+5511999990000"},
}
MIXED: list[dict[str, Any]] = [
    {"id": "u5", "offset": "5bd", "channels": ["email"]},
    {"id": "c6", "offset": 6, "channels": ["sms"]},
]


def invoice(due: date) -> Invoice:
    return Invoice(id="i1", customer_id="c1", amount="100.00", due_date=due)


def schedule(*steps: dict[str, Any], **extra: Any) -> Schedule:
    return Schedule.model_validate({"name": "t", "steps": list(steps or MIXED), **extra})


def fired(sched: Schedule, due: date, start: date, end: date) -> list[tuple[str, date]]:
    run = simulate(sched, [CUSTOMER], [invoice(due)], start=start, end=end)
    return [(entry.action.step_id, entry.executed_on) for entry in run.timeline]


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        # Friday: c6 on Thursday 03-12, u5 on the next Friday 03-13 (5 business days).
        (date(2026, 3, 6), [("c6", date(2026, 3, 12)), ("u5", date(2026, 3, 13))]),
        # Wednesday before Good Friday: c6 on Tuesday 04-07; u5 counts 04-02, 04-06, 04-07,
        # 04-08, 04-09 (Thursday).
        (date(2026, 4, 1), [("c6", date(2026, 4, 7)), ("u5", date(2026, 4, 9))]),
        # Friday before Tiradentes: c6 on Thursday 04-23; u5 counts 04-20, 04-22, 04-23, 04-24,
        # 04-27 (Monday).
        (date(2026, 4, 17), [("c6", date(2026, 4, 23)), ("u5", date(2026, 4, 27))]),
        # Tuesday: c6 on Monday 03-16, u5 on Tuesday 03-17 (5 business days always span a
        # weekend: 7 calendar days at least, so the listed order never holds for these two).
        (date(2026, 3, 10), [("c6", date(2026, 3, 16)), ("u5", date(2026, 3, 17))]),
    ],
)
def test_every_step_fires_on_its_own_date(due: date, expected: list[tuple[str, date]]) -> None:
    # Before the fix u5 was "passed" once c6 had fired, on every one of these due dates.
    assert fired(schedule(), due, due, date(2026, 5, 31)) == expected


def test_plan_and_explain_on_the_day_after_the_earlier_step() -> None:
    due = date(2026, 3, 6)
    first = plan(schedule(), [CUSTOMER], [invoice(due)], as_of=date(2026, 3, 12))
    assert [a.step_id for a in first.actions] == ["c6"]
    history = [a.record("delivered") for a in first.actions]
    day = date(2026, 3, 13)
    second = plan(schedule(), [CUSTOMER], [invoice(due)], as_of=day, history=history)
    assert [a.step_id for a in second.actions] == ["u5"]
    rows = explain(schedule(), CUSTOMER, [invoice(due)], as_of=day, history=history).rows
    assert [(r.step_id, r.step_date, r.state) for r in rows] == [
        ("u5", date(2026, 3, 13), StepState.PLANNED),
        ("c6", date(2026, 3, 12), StepState.FIRED),
    ]


def test_a_late_run_fires_the_step_met_last() -> None:
    # Both due by Friday 03-13: under catch_up latest the most advanced is u5 (met last).
    result = plan(schedule(), [CUSTOMER], [invoice(date(2026, 3, 6))], as_of=date(2026, 3, 13))
    assert [a.step_id for a in result.actions] == ["u5"]
    assert [(s.step_id, s.code) for s in result.skipped] == [("c6", SkipCode.SUPERSEDED)]


def test_steps_on_the_same_day_go_in_listed_order() -> None:
    # Monday 03-09: u5 on Monday 03-16, c6 on Sunday 03-15 moved to Monday 03-16: a tie, and
    # the step listed later is the more advanced one, as for two calendar steps.
    result = plan(schedule(), [CUSTOMER], [invoice(date(2026, 3, 9))], as_of=date(2026, 3, 16))
    assert [a.step_id for a in result.actions] == ["c6"]
    assert [(s.step_id, s.code) for s in result.skipped] == [("u5", SkipCode.SUPERSEDED)]


def test_a_step_waits_for_the_step_it_requires_even_when_its_date_comes_first() -> None:
    steps = [MIXED[0], {**MIXED[1], "after": {"step": "u5", "min_days": 3}}]
    # Friday 03-06: c6's date (03-12) is before u5's (03-13), but it needs u5 3 days earlier:
    # u5 on 03-13, c6 on Monday 03-16.
    assert fired(schedule(*steps), date(2026, 3, 6), date(2026, 3, 6), date(2026, 3, 31)) == [
        ("u5", date(2026, 3, 13)),
        ("c6", date(2026, 3, 16)),
    ]


def test_per_step_policies_that_cross_are_ordered_by_date_too() -> None:
    # Due Monday 03-02: "p5" (5 days, next business day) is Saturday 03-07 -> Monday 03-09;
    # "k6" (6 days, previous business day) is Sunday 03-08 -> Friday 03-06: k6 comes first.
    steps = [
        {"id": "p5", "offset": 5, "channels": ["email"]},
        {"id": "k6", "offset": 6, "channels": ["sms"], "non_business_day": "previous"},
    ]
    assert fired(schedule(*steps), date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 31)) == [
        ("k6", date(2026, 3, 6)),
        ("p5", date(2026, 3, 9)),
    ]


@pytest.mark.parametrize("catch_up", ["latest", "none"])
def test_no_step_is_unreachable_on_any_due_date(catch_up: str) -> None:
    # Every due date from New Year to Tiradentes (Carnival, Good Friday and Tiradentes weeks),
    # against step dates computed from the calendar's own primitives: each step fires on its
    # date, and only a step sharing its date with the later-listed one gives way to it.
    sched = schedule(catch_up=catch_up)
    calendar = sched.calendar.build()
    for ordinal in range(date(2026, 1, 1).toordinal(), date(2026, 4, 22).toordinal()):
        due = date.fromordinal(ordinal)
        u5 = calendar.add_business_days(calendar.next_business_day(due), 5)
        c6 = calendar.next_business_day(due + timedelta(days=6))
        expected = (
            [("c6", c6)] if u5 == c6 else sorted([("u5", u5), ("c6", c6)], key=lambda s: s[1])
        )
        assert fired(sched, due, due, due + timedelta(days=16)) == expected, due


offsets = st.one_of(st.integers(-5, 20), st.integers(-3, 14).map(lambda n: f"{n}bd"))
policies = st.sampled_from([None, "next", "previous", "keep"])


@given(
    st.lists(st.tuples(offsets, policies), min_size=2, max_size=4),
    st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    st.sampled_from(["latest", "none"]),
)
def test_a_step_gives_way_only_to_a_step_on_its_own_day(
    raw: list[tuple[int | str, str | None]], due: date, catch_up: str
) -> None:
    # Any mix of units and policies, listed in the order the schedule accepts (by number of
    # days), planned every day with no caps: each step fires, or another step fired on the
    # very day the step was due (two steps on one day: the more advanced one goes).
    ordered = sorted(raw, key=lambda item: int(str(item[0]).removesuffix("bd")))
    steps = [
        {"id": f"s{k}", "offset": offset, "channels": ["email"]}
        | ({"non_business_day": policy} if policy else {})
        for k, (offset, policy) in enumerate(ordered)
    ]
    sched = schedule(
        *steps,
        catch_up=catch_up,
        limits={"per_customer_per_day": None, "per_customer_per_week": None},
    )
    end = due + timedelta(days=40)
    run = simulate(sched, [CUSTOMER], [invoice(due)], start=due - timedelta(days=10), end=end)
    fired_on = {entry.action.step_id: entry.planned_on for entry in run.timeline}
    dates = {
        row.step_id: row.step_date
        for row in explain(sched, CUSTOMER, [invoice(due)], as_of=due).rows
    }
    for step_id, day in dates.items():
        assert step_id in fired_on or day in fired_on.values(), (step_id, day, fired_on)

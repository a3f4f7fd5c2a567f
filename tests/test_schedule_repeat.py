"""Repeating steps and attempt limits (issue 11 item 2), as tables of dates → expected actions
computed by hand.

``repeat: {every: N, max: K}``: repetition k (k = 1 .. K) of a step is due k × N days after the
step's own date (business days with ``"Nbd"``; a calendar date on a non-business day moves as the
step's policy says). ``max`` counts the repetitions after the first firing (Lago's
``max_attempts: 3`` is ``max: 2``); left out, the step repeats until paid (Invoice Ninja's
endless reminders). Each repetition is its own action with its own id, under the caps; a missed
one is deferred like any step; a late first run fires only the latest repetition due; paying,
or a later step firing, ends the repetitions.

Dates (2026, Brazil's national calendar): 03-02 is a Monday; 04-03 is Good Friday and 04-21
Tiradentes (holidays); 03-07 is a Saturday.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from regua import Action, ContactRecord, Customer, Invoice, explain, plan, simulate
from regua.limits import MAX_REPEATS
from regua.rules import Schedule, SkipCode
from schedule_schema import assert_schema_and_model_agree

NO_CAPS = {"per_customer_per_day": None, "per_customer_per_week": None}

CUSTOMER = Customer.model_validate(
    {
        "id": "c1",
        "name": "Client",
        "kind": "business",
        "contacts": {"email": "client@example.com", "letter": "Rua 1, São Paulo"},
    }
)


def _invoice(invoice_id: str = "i1", due: str = "2026-03-02", amount: str = "100.00") -> Invoice:
    return Invoice.model_validate(
        {"id": invoice_id, "customer_id": "c1", "amount": amount, "due_date": due}
    )


def _schedule(steps: list[dict[str, Any]], **extra: Any) -> Schedule:
    return Schedule.model_validate({"name": "repeat", "steps": steps, **extra})


def _timeline(
    schedule: Schedule,
    invoices: list[Invoice],
    start: date,
    end: date,
    **extra: Any,
) -> list[tuple[date, str, int | None, tuple[str, ...]]]:
    result = simulate(schedule, [CUSTOMER], invoices, start=start, end=end, **extra)
    return [
        (e.executed_on, e.action.step_id, e.action.repetition, e.action.invoice_ids)
        for e in result.timeline
    ]


# --- Invoice Ninja: three reminders, then "endless" every 14 days ----------------------------

NINJA = [
    {"id": "reminder1", "offset": 7, "channels": ["email"]},
    {"id": "reminder2", "offset": 14, "channels": ["email"]},
    {"id": "reminder3", "offset": 21, "channels": ["email"], "repeat": {"every": 14}},
]


def test_invoice_ninja_endless_every_14_days_until_paid() -> None:
    # Due Mon 03-02: reminders on 03-09, 03-16, 03-23; then every 14 days after 03-23 (all
    # Mondays, none a holiday) until the payment on 05-20 ends it.
    paid = {"i1": [{"date": "2026-05-20", "amount": "100.00"}]}
    assert _timeline(
        _schedule(NINJA), [_invoice()], date(2026, 3, 1), date(2026, 6, 30), payments=paid
    ) == [
        (date(2026, 3, 9), "reminder1", None, ("i1",)),
        (date(2026, 3, 16), "reminder2", None, ("i1",)),
        (date(2026, 3, 23), "reminder3", None, ("i1",)),
        (date(2026, 4, 6), "reminder3", 1, ("i1",)),
        (date(2026, 4, 20), "reminder3", 2, ("i1",)),
        (date(2026, 5, 4), "reminder3", 3, ("i1",)),
        (date(2026, 5, 18), "reminder3", 4, ("i1",)),
    ]


def test_simulate_over_60_days_shows_the_repetitions() -> None:
    assert [
        (day, step, k)
        for day, step, k, _ in _timeline(
            _schedule(NINJA), [_invoice()], date(2026, 3, 1), date(2026, 3, 1) + timedelta(59)
        )
    ] == [
        (date(2026, 3, 9), "reminder1", None),
        (date(2026, 3, 16), "reminder2", None),
        (date(2026, 3, 23), "reminder3", None),
        (date(2026, 4, 6), "reminder3", 1),
        (date(2026, 4, 20), "reminder3", 2),
    ]


def test_a_year_old_debt_on_a_first_run_gets_one_action_not_26() -> None:
    # reminder3's date is 03-23; 2027-03-22 is 364 = 26 x 14 days later (a Monday): the
    # latest repetition due is the 26th, and it stands for every missed one.
    (action,) = plan(_schedule(NINJA), [CUSTOMER], [_invoice()], as_of=date(2027, 3, 22)).actions
    assert (action.step_id, action.repetition) == ("reminder3", 26)
    assert action.context["step_date"] == "2027-03-22"
    assert action.reason.endswith("; repetition 26")
    # The day before, the 25th (2027-03-08) is the latest due.
    (before,) = plan(_schedule(NINJA), [CUSTOMER], [_invoice()], as_of=date(2027, 3, 21)).actions
    assert (before.repetition, before.context["step_date"]) == (25, "2027-03-08")


def test_catch_up_all_fires_every_missed_step_but_one_repetition() -> None:
    schedule = _schedule(NINJA, catch_up="all", limits=NO_CAPS)
    actions = plan(schedule, [CUSTOMER], [_invoice()], as_of=date(2027, 3, 22)).actions
    assert sorted((a.step_id, a.repetition) for a in actions) == [
        ("reminder1", None),
        ("reminder2", None),
        ("reminder3", 26),
    ]


# --- Lago: max_attempts 3, days_between_attempts 2 ------------------------------------------

LAGO = [{"id": "attempt", "offset": 1, "channels": ["email"], "repeat": {"every": 2, "max": 2}}]


def test_lago_three_attempts_two_days_apart_then_nothing() -> None:
    # max_attempts 3 = the first attempt + 2 repetitions. Lago ignores weekends: keep the dates.
    schedule = _schedule(LAGO, non_business_day="keep")
    assert _timeline(schedule, [_invoice()], date(2026, 3, 1), date(2026, 4, 29)) == [
        (date(2026, 3, 3), "attempt", None, ("i1",)),
        (date(2026, 3, 5), "attempt", 1, ("i1",)),
        (date(2026, 3, 7), "attempt", 2, ("i1",)),  # a Saturday, inside Saturday's window
    ]


def test_a_repetition_on_a_weekend_moves_by_the_steps_policy() -> None:
    # The default policy (next): the third attempt, Saturday 03-07, goes on Monday 03-09.
    assert [
        (day, k)
        for day, _, k, _ in _timeline(
            _schedule(LAGO), [_invoice()], date(2026, 3, 1), date(2026, 3, 31)
        )
    ] == [(date(2026, 3, 3), None), (date(2026, 3, 5), 1), (date(2026, 3, 9), 2)]


def test_business_day_repetitions_skip_holidays() -> None:
    # Due Wed 04-01, offset 1 → Thu 04-02. Every 2 business days: Fri 04-03 is Good Friday,
    # so 04-06 (1) and 04-07 (2) → 04-07; then 04-08, 04-09 → 04-09; then 04-10, 04-13 → 04-13.
    steps = [{"id": "s", "offset": 1, "channels": ["email"], "repeat": {"every": "2bd", "max": 3}}]
    assert [
        (day, k)
        for day, _, k, _ in _timeline(
            _schedule(steps), [_invoice(due="2026-04-01")], date(2026, 4, 1), date(2026, 4, 30)
        )
    ] == [
        (date(2026, 4, 2), None),
        (date(2026, 4, 7), 1),
        (date(2026, 4, 9), 2),
        (date(2026, 4, 13), 3),
    ]


# --- caps, later steps, history -------------------------------------------------------------


def test_caps_defer_a_repetition_like_any_step() -> None:
    # One contact a day. A due 03-02: step on 03-03, repetitions 03-10, 03-17. B due 03-09:
    # step on 03-10, repetition 03-17. Same step, so the oldest debt (A) goes first; each
    # repetition is its own action, so B's waits a day each time.
    steps = [{"id": "s", "offset": 1, "channels": ["email"], "repeat": {"every": 7}}]
    schedule = _schedule(steps, limits={"per_customer_per_day": 1, "per_customer_per_week": None})
    invoices = [_invoice("a", "2026-03-02"), _invoice("b", "2026-03-09")]
    assert _timeline(schedule, invoices, date(2026, 3, 1), date(2026, 3, 20)) == [
        (date(2026, 3, 3), "s", None, ("a",)),
        (date(2026, 3, 10), "s", 1, ("a",)),
        (date(2026, 3, 11), "s", None, ("b",)),
        (date(2026, 3, 17), "s", 2, ("a",)),
        (date(2026, 3, 18), "s", 1, ("b",)),
    ]
    deferred = plan(
        schedule,
        [CUSTOMER],
        invoices,
        as_of=date(2026, 3, 10),
        history=[_recorded("s", ("a",), "2026-03-03")],
    )
    assert [(a.step_id, a.repetition, a.invoice_ids) for a in deferred.actions] == [
        ("s", 1, ("a",))
    ]
    (skip,) = deferred.skipped
    assert (skip.step_id, skip.code, skip.invoice_ids, skip.retry_on) == (
        "s",
        SkipCode.CAPPED,
        ("b",),
        date(2026, 3, 11),
    )


def test_invoices_at_the_same_repetition_share_one_action() -> None:
    steps = [{"id": "s", "offset": 1, "channels": ["email"], "repeat": {"every": 7}}]
    invoices = [_invoice("a"), _invoice("b", amount="50.00")]
    assert _timeline(_schedule(steps), invoices, date(2026, 3, 1), date(2026, 3, 12)) == [
        (date(2026, 3, 3), "s", None, ("a", "b")),
        (date(2026, 3, 10), "s", 1, ("a", "b")),
    ]


def test_a_later_step_ends_the_repetitions() -> None:
    # s every 7 days from 03-03; the formal notice's date 03-22 is a Sunday → Monday 03-23.
    # s's repetition 3 (03-24) never comes: the invoice moved on.
    steps = [
        {"id": "s", "offset": 1, "channels": ["email"], "repeat": {"every": 7}},
        {"id": "notice", "offset": 20, "action": "formal_notice", "channels": ["letter"]},
    ]
    assert [
        (day, step, k)
        for day, step, k, _ in _timeline(
            _schedule(steps), [_invoice()], date(2026, 3, 1), date(2026, 4, 30)
        )
    ] == [
        (date(2026, 3, 3), "s", None),
        (date(2026, 3, 10), "s", 1),
        (date(2026, 3, 17), "s", 2),
        (date(2026, 3, 23), "notice", None),
    ]


def test_a_repetition_yields_to_a_later_step_due_the_same_day() -> None:
    # s every 10 days: 03-03, 03-13, 03-23; the notice is due 03-23 too and goes instead,
    # under every catch-up policy.
    steps = [
        {"id": "s", "offset": 1, "channels": ["email"], "repeat": {"every": 10}},
        {"id": "notice", "offset": 20, "action": "formal_notice", "channels": ["letter"]},
    ]
    history = [_recorded("s", ("i1",), "2026-03-03"), _recorded("s", ("i1",), "2026-03-13")]
    for catch_up in ("latest", "all", "none", "one_per_run"):
        result = plan(
            _schedule(steps, catch_up=catch_up, limits=NO_CAPS),
            [CUSTOMER],
            [_invoice()],
            as_of=date(2026, 3, 23),
            history=history,
        )
        assert [(a.step_id, a.repetition) for a in result.actions] == [("notice", None)]
        (skip,) = result.skipped
        assert (skip.step_id, skip.code) == ("s", SkipCode.SUPERSEDED), catch_up
        assert skip.reason == (
            "repetition 2 superseded by step 'notice', which the invoice meets later"
        )


def test_a_record_on_or_after_a_repetitions_date_covers_it() -> None:
    # The host sent s late, on 03-11, after its repetition 1's date (03-10): that record
    # covers repetition 1; the next one is repetition 2, on 03-17.
    steps = [{"id": "s", "offset": 1, "channels": ["email"], "repeat": {"every": 7}}]
    history = [_recorded("s", ("i1",), "2026-03-11")]
    for day, expected in (
        (date(2026, 3, 11), []),
        (date(2026, 3, 16), []),
        (date(2026, 3, 17), [("s", 2)]),
    ):
        result = plan(_schedule(steps), [CUSTOMER], [_invoice()], as_of=day, history=history)
        assert [(a.step_id, a.repetition) for a in result.actions] == expected, day


def test_catch_up_none_fires_a_repetition_on_its_own_date_only() -> None:
    steps = [{"id": "s", "offset": 1, "channels": ["email"], "repeat": {"every": 7}}]
    schedule = _schedule(steps, catch_up="none")
    history = [_recorded("s", ("i1",), "2026-03-03")]
    on_time = plan(schedule, [CUSTOMER], [_invoice()], as_of=date(2026, 3, 10), history=history)
    assert [(a.step_id, a.repetition) for a in on_time.actions] == [("s", 1)]
    late = plan(schedule, [CUSTOMER], [_invoice()], as_of=date(2026, 3, 11), history=history)
    assert late.actions == ()
    (skip,) = late.skipped
    assert (skip.code, skip.reason) == (
        SkipCode.MISSED,
        "its date 2026-03-10 has passed (catch_up: none)",
    )


# --- ids, fees, explain ---------------------------------------------------------------------


def test_each_repetition_has_its_own_stable_id() -> None:
    schedule = _schedule(LAGO)
    history = [_recorded("attempt", ("i1",), "2026-03-03")]
    first = plan(schedule, [CUSTOMER], [_invoice()], as_of=date(2026, 3, 5), history=history)
    again = plan(schedule, [CUSTOMER], [_invoice()], as_of=date(2026, 3, 6), history=history)
    (a,) = first.actions
    (b,) = again.actions  # not recorded yet: the same pending repetition, the same id
    assert (a.repetition, b.repetition, a.id) == (1, 1, b.id)
    timeline = simulate(
        schedule, [CUSTOMER], [_invoice()], start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    ids = [entry.action.id for entry in timeline.timeline]
    assert len(ids) == len(set(ids)) == 3
    # Replaying a day with its own records gives nothing new.
    recorded = [e.action.record("delivered") for e in timeline.timeline]
    for entry in timeline.timeline:
        replay = plan(schedule, [CUSTOMER], [_invoice()], as_of=entry.executed_on, history=recorded)
        assert replay.actions == ()


def test_the_fee_is_charged_once_by_the_first_firing() -> None:
    steps = [{**LAGO[0], "fee": "10.00"}]
    timeline = simulate(
        _schedule(steps), [CUSTOMER], [_invoice()], start=date(2026, 3, 1), end=date(2026, 3, 31)
    ).timeline
    assert [(e.action.repetition, e.action.fee) for e in timeline] == [
        (None, Decimal("10.00")),
        (1, None),
        (2, None),
    ]
    assert timeline[1].action.reason.endswith(
        "; repetition 1 of 2; fee 10.00 already charged by the step's first firing"
    )
    # A late first run: the repetition that fires first charges it.
    (late,) = plan(_schedule(steps), [CUSTOMER], [_invoice()], as_of=date(2026, 3, 20)).actions
    assert (late.repetition, late.fee) == (2, Decimal("10.00"))


def test_explain_gives_the_next_repetition_and_how_many_are_left() -> None:
    schedule = _schedule(LAGO, non_business_day="keep")
    records = [
        _recorded("attempt", ("i1",), "2026-03-03"),
        _recorded("attempt", ("i1",), "2026-03-05"),
        _recorded("attempt", ("i1",), "2026-03-07"),
    ]
    table = []
    for day, history in (
        (date(2026, 3, 2), []),
        (date(2026, 3, 4), records[:1]),
        (date(2026, 3, 5), records[:1]),
        (date(2026, 3, 6), records[:2]),
        (date(2026, 3, 8), records),
    ):
        result = explain(schedule, CUSTOMER, [_invoice()], as_of=day, history=history)
        (row,) = result.rows
        table.append(
            (day, row.state.value, row.next_repetition, row.repetitions_left, result.exhausted)
        )
    assert table == [
        (date(2026, 3, 2), "not_yet", date(2026, 3, 5), 2, ()),
        (date(2026, 3, 4), "not_yet", date(2026, 3, 5), 2, ()),
        (date(2026, 3, 5), "planned", date(2026, 3, 7), 1, ()),
        (date(2026, 3, 6), "not_yet", date(2026, 3, 7), 1, ()),
        (date(2026, 3, 8), "fired", None, 0, ("i1",)),
    ]
    (row,) = explain(
        schedule, CUSTOMER, [_invoice()], as_of=date(2026, 3, 4), history=records[:1]
    ).rows
    assert row.reason == "recorded in history on 2026-03-03; repetition 1 of 2 due on 2026-03-05"


def test_explain_of_an_endless_step_and_of_ended_repetitions() -> None:
    steps = [
        {"id": "s", "offset": 1, "channels": ["email"], "repeat": {"every": 7}},
        {"id": "notice", "offset": 20, "action": "formal_notice", "channels": ["letter"]},
    ]
    history = [_recorded("s", ("i1",), "2026-03-03")]
    rows = explain(
        _schedule(steps), CUSTOMER, [_invoice()], as_of=date(2026, 3, 4), history=history
    ).rows
    assert [(r.step_id, r.next_repetition, r.repetitions_left) for r in rows] == [
        ("s", date(2026, 3, 10), None),
        ("notice", None, None),
    ]
    history.append(_recorded("notice", ("i1",), "2026-03-23"))
    (s_row, _) = explain(
        _schedule(steps), CUSTOMER, [_invoice()], as_of=date(2026, 3, 30), history=history
    ).rows
    assert (s_row.state.value, s_row.next_repetition, s_row.repetitions_left) == ("fired", None, 0)
    assert s_row.reason.endswith("; its repetitions ended: a later step fired")


def test_paying_ends_the_repetitions() -> None:
    paid = Invoice.model_validate(
        {**_invoice().model_dump(), "payments": [{"date": "2026-03-04", "amount": "100.00"}]}
    )
    history = [_recorded("attempt", ("i1",), "2026-03-03")]
    result = plan(_schedule(LAGO), [CUSTOMER], [paid], as_of=date(2026, 3, 5), history=history)
    assert (result.actions, result.skipped) == ((), ())
    (row,) = explain(
        _schedule(LAGO), CUSTOMER, [paid], as_of=date(2026, 3, 5), history=history
    ).rows
    assert (row.state.value, row.next_repetition, row.repetitions_left) == ("closed", None, 0)


def test_actions_with_a_repetition_round_trip() -> None:
    history = [_recorded("attempt", ("i1",), "2026-03-03")]
    (action,) = plan(
        _schedule(LAGO), [CUSTOMER], [_invoice()], as_of=date(2026, 3, 5), history=history
    ).actions
    again = Action.model_validate(action.model_dump())
    assert again == action
    assert again.repetition == 1
    assert again.model_fields_set == action.model_fields_set
    first = plan(_schedule(LAGO), [CUSTOMER], [_invoice()], as_of=date(2026, 3, 3)).actions[0]
    assert "repetition" not in first.model_dump()


# --- validation and JSON Schema -------------------------------------------------------------


@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        ({"every": 0}, "repeat.every: 0 is not a repeat interval"),
        ({"every": -14}, "repeat.every: -14 is not a repeat interval"),
        ({"every": "0bd"}, "repeat.every: '0bd' is not a repeat interval"),
        ({"every": "weekly"}, "repeat.every: 'weekly' is not a repeat interval"),
        ({"every": 3651}, "repeat.every: 3651 is not a repeat interval"),
        ({"every": 14, "max": 0}, "repeat.max: Input should be greater than or equal to 1"),
        (
            {"every": 14, "max": MAX_REPEATS + 1},
            f"repeat.max: Input should be less than or equal to {MAX_REPEATS}",
        ),
        ({"max": 2}, "repeat.every: Field required"),
        ({"every": 14, "times": 2}, "repeat.times: Extra inputs are not permitted"),
    ],
)
def test_refused_repeats_name_the_field(repeat: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        _schedule([{"id": "s", "offset": 1, "channels": ["email"], "repeat": repeat}])
    assert f"steps[0] ('s').{message}" in str(error.value)


def test_a_back_office_step_does_not_repeat() -> None:
    with pytest.raises(ValidationError) as error:
        _schedule(
            [
                {"id": "s", "offset": 1, "channels": ["email"]},
                {"id": "p", "offset": 30, "action": "protest", "repeat": {"every": 7}},
            ]
        )
    assert "steps[1] ('p'): repeat: a protest step happens once" in str(error.value)


def test_a_customers_ladder_does_not_repeat_steps() -> None:
    with pytest.raises(ValidationError) as error:
        _schedule(LAGO, ladder="customer")
    assert "steps[0] ('attempt').repeat: repeating steps run on an invoice's own ladder" in str(
        error.value
    )


def test_a_triggered_step_does_not_repeat() -> None:
    with pytest.raises(ValidationError) as error:
        _schedule(
            [
                {"id": "s", "offset": 1, "channels": ["email"]},
                {
                    "id": "broken",
                    "offset": 0,
                    "channels": ["email"],
                    "trigger": "broken_promise",
                    "repeat": {"every": 7},
                },
            ]
        )
    assert "steps[1] ('broken'): repeat: a step with trigger broken_promise fires once" in str(
        error.value
    )


@pytest.mark.parametrize(
    ("repeat", "valid"),
    [
        ({"every": 14}, True),
        ({"every": "2bd", "max": 3}, True),
        ({"every": "5 BD"}, True),
        ({"every": 1, "max": MAX_REPEATS}, True),
        ({"every": 0}, False),
        ({"every": "-2bd"}, False),
        ({"every": 14, "max": 0}, False),
        ({"every": 14, "max": MAX_REPEATS + 1}, False),
        ({"max": 3}, False),
        (None, True),
    ],
)
def test_json_schema_agrees_on_repeats(repeat: Any, valid: bool) -> None:
    document = {
        "name": "t",
        "steps": [{"id": "s", "offset": 1, "channels": ["email"], "repeat": repeat}],
    }
    assert_schema_and_model_agree(document, valid)


def test_the_json_schema_shows_an_example_repeat() -> None:
    from regua.schemas import json_schema

    schema = json_schema("schedule")
    repeat = schema["$defs"]["Repeat"]
    assert {"every": 14} in repeat["examples"]
    assert repeat["properties"]["max"]["anyOf"][0]["maximum"] == MAX_REPEATS


def _recorded(step_id: str, invoice_ids: tuple[str, ...], day: str) -> ContactRecord:
    """A delivered record of ``step_id`` at 09:00 São Paulo (12:00 UTC) on ``day``."""
    return ContactRecord.model_validate(
        {
            "action_id": f"act_{step_id}_{day}",
            "customer_id": "c1",
            "step_id": step_id,
            "invoice_ids": list(invoice_ids),
            "channel": "email",
            "at": f"{day}T12:00:00+00:00",
            "outcome": "delivered",
        }
    )

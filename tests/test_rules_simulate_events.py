"""``simulate(..., events=[...])``: dated events applied on their day, as tables of events ->
the simulated timeline, computed by hand (issue 11 item 12).

Schedule: ``d1`` one day after the due date, ``d10`` ten days after, ``broken`` on the day a
promise breaks; catch-up "latest", one contact a day, contact on weekdays 08-20 and Saturdays
08-14. Invoice ``i1``, 100.00, is due Monday 2026-03-02: without events, d1 goes on Tuesday 03-03
and d10 on Thursday 03-12. The simulation runs from 03-01 to 03-25.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from regua import simulate
from regua.errors import InvalidInputError
from regua.rules import DisputeRaised, PauseSet, PromiseMade
from test_rules_promises import CUSTOMER, PROMISE, SCHEDULE, _invoice

START, END = date(2026, 3, 1), date(2026, 3, 25)
AGREEMENT = {
    "id": "ag1",
    "customer_id": "c1",
    "invoice_ids": ["i1"],
    "signed_on": "2026-03-05",
    "original_debt": "100.00",
    "installments": [
        {"number": 1, "due_date": "2026-04-05", "amount": "50.00"},
        {"number": 2, "due_date": "2026-05-05", "amount": "50.00"},
    ],
}


def _timeline(events: list[Any]) -> list[tuple[str, date, date]]:
    result = simulate(SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=events)
    return [(e.action.step_id, e.planned_on, e.executed_on) for e in result.timeline]


D1 = ("d1", date(2026, 3, 3), date(2026, 3, 3))


def _on(step: str, day: date, executed: date | None = None) -> tuple[str, date, date]:
    return (step, day, executed or day)


@pytest.mark.parametrize(
    ("events", "timeline"),
    [
        ([], [D1, _on("d10", date(2026, 3, 12))]),
        # Disputed from 03-05 to Saturday 03-14: d10 waits and goes when the dispute clears.
        (
            [
                {"kind": "dispute_raised", "on": "2026-03-05", "customer_id": "c1",
                 "invoice_id": "i1"},
                {"kind": "dispute_cleared", "on": "2026-03-14", "customer_id": "c1",
                 "invoice_id": "i1"},
            ],
            [D1, _on("d10", date(2026, 3, 14))],
        ),
        # A dispute never cleared: nothing after d1.
        (
            [{"kind": "dispute_raised", "on": "2026-03-05", "customer_id": "c1",
              "invoice_id": "i1"}],
            [D1],
        ),
        # The promise of 60.00 by 03-13 (grace 2), never paid: broken on 03-16, whose step goes
        # that day; d10 the next (one contact a day).
        (
            [{"kind": "promise_made", "promise": PROMISE.model_dump()}],
            [D1, _on("broken", date(2026, 3, 16)), _on("d10", date(2026, 3, 17))],
        ),
        # Paused on 03-10 until Friday 03-20: d10 goes that day.
        (
            [{"kind": "pause_set", "on": "2026-03-10", "customer_id": "c1", "invoice_id": "i1",
              "until": "2026-03-20"}],
            [D1, _on("d10", date(2026, 3, 20))],
        ),
        # ... lifted on Sunday 03-15: planned that day, carried out at Monday's window.
        (
            [
                {"kind": "pause_set", "on": "2026-03-10", "customer_id": "c1",
                 "invoice_id": "i1", "until": "2026-03-20"},
                {"kind": "pause_lifted", "on": "2026-03-15", "customer_id": "c1",
                 "invoice_id": "i1"},
            ],
            [D1, _on("d10", date(2026, 3, 15), date(2026, 3, 16))],
        ),
        # The customer blocked on 03-10 (Mahnstopp), cleared on Wednesday 03-18.
        (
            [
                {"kind": "pause_set", "on": "2026-03-10", "customer_id": "c1", "blocked": True,
                 "reason": "lawyer"},
                {"kind": "pause_lifted", "on": "2026-03-18", "customer_id": "c1"},
            ],
            [D1, _on("d10", date(2026, 3, 18))],
        ),
        # An agreement signed on 03-05 covers i1 (its installments fall due in April).
        ([{"kind": "agreement_signed", "agreement": AGREEMENT}], [D1]),
        # ... broken on Saturday 03-14: the 100.00 it covered is dunned again on i1 that day.
        (
            [
                {"kind": "agreement_signed", "agreement": AGREEMENT},
                {"kind": "agreement_broken", "on": "2026-03-14", "customer_id": "c1",
                 "agreement_id": "ag1"},
            ],
            [D1, _on("d10", date(2026, 3, 14))],
        ),
    ],
)  # fmt: skip
def test_events_change_the_days_after_them(events: list[Any], timeline: list[Any]) -> None:
    assert _timeline(events) == timeline


def test_events_apply_in_date_order_and_are_listed() -> None:
    cleared = {"kind": "dispute_cleared", "on": "2026-03-14", "customer_id": "c1",
               "invoice_id": "i1"}  # fmt: skip
    raised = DisputeRaised(on=date(2026, 3, 5), customer_id="c1", invoice_id="i1")
    late = {"kind": "dispute_raised", "on": "2026-04-30", "customer_id": "c1", "invoice_id": "i1"}
    result = simulate(
        SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=[cleared, late, raised]
    )
    # Given out of order, applied by date; the one after the end is not applied.
    assert [(e.kind, e.on) for e in result.events] == [
        ("dispute_raised", date(2026, 3, 5)),
        ("dispute_cleared", date(2026, 3, 14)),
    ]
    assert [e.kind for e in result.events_on(date(2026, 3, 14))] == ["dispute_cleared"]
    assert [a.step_id for a in result.actions_on(date(2026, 3, 14))] == ["d10"]
    dumped = json.loads(result.to_json())
    assert dumped["events"][0] == {
        "kind": "dispute_raised",
        "on": "2026-03-05",
        "customer_id": "c1",
        "invoice_id": "i1",
    }


def test_an_event_before_the_start_applies_on_the_first_day() -> None:
    raised = DisputeRaised(on=date(2026, 2, 1), customer_id="c1", invoice_id="i1")
    result = simulate(SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=[raised])
    assert result.timeline == ()
    assert result.events_on(START) == [raised]


def test_an_event_on_an_installment_of_an_agreement_signed_earlier() -> None:
    events = [
        {"kind": "agreement_signed", "agreement": AGREEMENT},
        {"kind": "dispute_raised", "on": "2026-03-06", "customer_id": "c1", "invoice_id": "ag1-1"},
    ]
    result = simulate(SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=events)
    assert len(result.events) == 2


def test_the_promise_event_is_the_promises_parameter() -> None:
    by_event = simulate(
        SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END,
        events=[PromiseMade(promise=PROMISE)],
    )  # fmt: skip
    by_parameter = simulate(
        SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, promises=[PROMISE]
    )
    assert by_event.timeline == by_parameter.timeline


@pytest.mark.parametrize(
    ("event", "field", "message"),
    [
        (
            {"kind": "dispute_raised", "on": "2026-03-05", "customer_id": "c1",
             "invoice_id": "nope"},
            "events[0].invoice_id",
            "no invoice 'nope' of customer 'c1' at that point",
        ),
        (
            {"kind": "pause_set", "on": "2026-03-05", "customer_id": "c9", "blocked": True},
            "events[0].customer_id",
            "unknown customer 'c9'",
        ),
        (
            {"kind": "agreement_broken", "on": "2026-03-05", "customer_id": "c1",
             "agreement_id": "ag1"},
            "events[0].agreement_id",
            "no agreement 'ag1' of customer 'c1' at that point",
        ),
        # The installment exists only once the agreement is signed (03-05), not on 03-04.
        (
            {"kind": "dispute_raised", "on": "2026-03-04", "customer_id": "c1",
             "invoice_id": "ag1-1"},
            "events[0].invoice_id",
            "no invoice 'ag1-1'",
        ),
    ],
)  # fmt: skip
def test_an_event_naming_what_does_not_exist_is_refused(
    event: dict[str, Any], field: str, message: str
) -> None:
    events = [event, {"kind": "agreement_signed", "agreement": AGREEMENT}]
    with pytest.raises(InvalidInputError, match=message) as err:
        simulate(SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=events)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"kind": "nothing", "on": "2026-03-05"}, "does not match any of the expected tags"),
        ({"on": "2026-03-05", "customer_id": "c1"}, "Unable to extract tag using discriminator"),
        (
            {"kind": "pause_set", "on": "2026-03-05", "customer_id": "c1"},
            "until: give a day to pause until, or blocked: true",
        ),
        (
            {"kind": "pause_set", "on": "2026-03-05", "customer_id": "c1", "blocked": True,
             "until": "2026-03-09"},
            "until: give a day to pause until, or blocked: true",
        ),
        (
            {"kind": "pause_set", "on": "2026-03-05", "customer_id": "c1", "until": "2026-03-05"},
            "until: 2026-03-05 is not after on 2026-03-05",
        ),
        (
            {"kind": "pause_set", "on": "2026-03-05", "customer_id": "c1", "until": "2026-03-09",
             "reason": "x"},
            "reason: a reason goes with blocked: true",
        ),
        (
            {"kind": "dispute_raised", "on": "2026-03-05", "customer_id": "c1",
             "invoice_id": "i1", "extra": 1},
            "extra",
        ),
    ],
)  # fmt: skip
def test_a_bad_event_is_refused(event: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        simulate(SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=[event])


@pytest.mark.parametrize("events", [None, {"kind": "dispute_raised"}, "events", [3]])
def test_events_must_be_a_list_of_events(events: Any) -> None:
    with pytest.raises(InvalidInputError, match="events"):
        simulate(SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=events)


def test_the_event_models_validate_from_dicts() -> None:
    pause = PauseSet.model_validate(
        {"kind": "pause_set", "on": "2026-03-05", "customer_id": "c1", "until": "2026-03-09"}
    )
    assert pause.fields()["dunning_paused_until"] == date(2026, 3, 9)


def test_a_bad_event_is_named_by_its_position_not_by_the_union_of_event_types() -> None:
    # The error was titled "tagged-union[DisputeRaised,...,function-after[_one_hold(), PauseSet],
    # PauseLifted]", with nothing saying which of the events it was.
    good = {"kind": "dispute_raised", "on": "2026-03-05", "customer_id": "c1", "invoice_id": "i1"}
    bad = {**good, "on": "05/03/2026"}
    with pytest.raises(ValidationError) as err:
        simulate(SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=[good, bad])
    assert err.value.title == "events[1]"
    assert [e["loc"] for e in err.value.errors()] == [("dispute_raised", "on")]
    assert "tagged-union" not in str(err.value)


def _dispute(kind: str, on: str, invoice_id: str = "i1") -> dict[str, Any]:
    return {"kind": kind, "on": on, "customer_id": "c1", "invoice_id": invoice_id}


def _lift(on: str, invoice_id: str | None = "i1") -> dict[str, Any]:
    lift = {"kind": "pause_lifted", "on": on, "customer_id": "c1"}
    return lift if invoice_id is None else {**lift, "invoice_id": invoice_id}


def _pause(on: str, until: str, invoice_id: str | None = "i1") -> dict[str, Any]:
    pause = {"kind": "pause_set", "on": on, "customer_id": "c1", "until": until}
    return pause if invoice_id is None else {**pause, "invoice_id": invoice_id}


BROKEN = {"kind": "agreement_broken", "customer_id": "c1", "agreement_id": "ag1"}
OTHER_PROMISE = {**PROMISE.model_dump(), "id": "p2"}


@pytest.mark.parametrize(
    ("events", "field", "message"),
    [
        # Cleared without being disputed: accepted before, and nothing changed.
        (
            [_dispute("dispute_cleared", "2026-03-10")],
            "events[0].invoice_id",
            re.escape(
                "invoice 'i1' of customer 'c1' is not disputed (no earlier dispute_raised, and"
                " the invoice is not disputed) at that point"
            ),
        ),
        # Cleared before it was raised: events apply in date order, whatever the list's order.
        (
            [_dispute("dispute_raised", "2026-03-10"), _dispute("dispute_cleared", "2026-03-08")],
            "events[1].invoice_id",
            "is not disputed",
        ),
        (
            [_dispute("dispute_raised", "2026-03-05"), _dispute("dispute_raised", "2026-03-08")],
            "events[1].invoice_id",
            "invoice 'i1' of customer 'c1' is disputed already at that point",
        ),
        # A pause lifted where none was set, or after it ended.
        (
            [_lift("2026-03-10")],
            "events[0].invoice_id",
            "no pause or block of invoice 'i1' of customer 'c1' to lift at that point",
        ),
        (
            [_lift("2026-03-10", None)],
            "events[0].customer_id",
            "no pause or block of customer 'c1' to lift at that point",
        ),
        (
            [_pause("2026-03-05", "2026-03-08"), _lift("2026-03-10")],
            "events[1].invoice_id",
            r"to lift at that point \(its pause ended on 2026-03-08\)",
        ),
        # The customer's pause is not lifted by an event naming one of its invoices.
        (
            [_pause("2026-03-05", "2026-03-20", None), _lift("2026-03-10")],
            "events[1].invoice_id",
            "no pause or block of invoice 'i1'",
        ),
        # An agreement broken twice, or broken before it was signed (given as a parameter).
        (
            [
                {"kind": "agreement_signed", "agreement": AGREEMENT},
                {**BROKEN, "on": "2026-03-10"},
                {**BROKEN, "on": "2026-03-12"},
            ],
            "events[2].agreement_id",
            "agreement 'ag1' of customer 'c1' ended already, on 2026-03-10",
        ),
        (
            [{"kind": "agreement_signed", "agreement": AGREEMENT},
             {"kind": "agreement_signed", "agreement": AGREEMENT}],
            "events[1].agreement.id",
            "agreement 'ag1' of customer 'c1' exists already",
        ),
        # A promise on an invoice the portfolio does not hold then, or made twice.
        (
            [{"kind": "promise_made", "promise": {**OTHER_PROMISE, "invoice_ids": ["i1", "i9"]}}],
            "events[0].promise.invoice_ids[1]",
            "no invoice 'i9' of customer 'c1' at that point",
        ),
        (
            [{"kind": "promise_made", "promise": PROMISE.model_dump()},
             {"kind": "promise_made", "promise": PROMISE.model_dump()}],
            "events[1].promise.id",
            "promise 'p1' exists already",
        ),
    ],
)  # fmt: skip
def test_an_event_that_undoes_what_is_not_so_is_refused(
    events: list[dict[str, Any]], field: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as err:
        simulate(SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END, events=events)
    assert err.value.field == field


def test_an_agreement_broken_before_it_was_signed_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="no agreement 'ag1'") as err:
        simulate(
            SCHEDULE, [CUSTOMER], [_invoice()], start=START, end=END,
            agreements=[AGREEMENT], events=[{**BROKEN, "on": "2026-03-04"}],
        )  # fmt: skip
    assert err.value.field == "events[0].agreement_id"


def test_what_the_portfolio_holds_already_counts() -> None:
    # i1 passed disputed and paused: clearing and lifting are what they undo; d1 goes the day
    # the pause is lifted, d10 on its own day.
    invoice = _invoice().replace(disputed=True, dunning_paused_until=date(2026, 3, 20))
    events = [_dispute("dispute_cleared", "2026-03-05"), _lift("2026-03-06")]
    result = simulate(SCHEDULE, [CUSTOMER], [invoice], start=START, end=END, events=events)
    assert [(e.action.step_id, e.planned_on) for e in result.timeline] == [
        ("d1", date(2026, 3, 6)),
        ("d10", date(2026, 3, 12)),
    ]

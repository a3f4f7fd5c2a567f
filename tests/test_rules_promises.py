"""Promises to pay (promessa de pagamento), as tables of dates -> expected actions and skips,
computed by hand (issue 11 item 7).

Schedule: ``d1`` one day after the due date, ``d10`` ten days after, and ``broken`` off the
ladder, on the day a promise breaks (``trigger: broken_promise``, offset 0); catch-up "latest",
one contact a day. ``promises.grace_days`` is 2.

Invoice ``i1``, 100.00, is due Monday 2026-03-02: d1 falls on 03-03 (recorded that day), d10 on
Thursday 03-12. On 03-05 the customer promises 60.00 by Friday 03-13: the promise holds the
ladder until 03-13 + 2 = Sunday 03-15, and breaks on Monday 03-16 if 60.00 were not paid from
03-05 on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from regua import explain, plan, simulate
from regua.errors import InvalidInputError
from regua.models import ContactRecord, Customer, Invoice, Promise, PromiseStatus
from regua.rules import Schedule, SkipCode
from regua.schemas import json_schema
from regua.scoring import ProfilePolicy, classify, classify_portfolio

SCHEDULE: dict[str, Any] = {
    "name": "promessa",
    "promises": {"grace_days": 2},
    "steps": [
        {"id": "d1", "offset": 1, "channels": ["email"]},
        {"id": "d10", "offset": 10, "channels": ["email"]},
        {"id": "broken", "offset": 0, "trigger": "broken_promise", "channels": ["email"]},
    ],
}
DUE = date(2026, 3, 2)
CUSTOMER = Customer(id="c1", name="Ana", kind="consumer", contacts={"email": "ana@example.com"})
PROMISE = Promise(
    id="p1",
    customer_id="c1",
    invoice_ids=("i1",),
    amount="60.00",
    made_on=date(2026, 3, 5),
    due_date=date(2026, 3, 13),
    channel="phone",
)


def _invoice(*payments: tuple[date, str], id: str = "i1") -> Invoice:
    return Invoice(
        id=id,
        customer_id="c1",
        amount="100.00",
        due_date=DUE,
        payments=[{"date": day, "amount": amount} for day, amount in payments],
    )


def _record(step: str, day: date, invoice_id: str = "i1") -> ContactRecord:
    return ContactRecord(
        action_id=f"a-{step}",
        customer_id="c1",
        invoice_ids=(invoice_id,),
        step_id=step,
        channel="email",
        at=datetime(day.year, day.month, day.day, 15, tzinfo=UTC),
    )


D1 = _record("d1", date(2026, 3, 3))
BROKEN = _record("broken", date(2026, 3, 16))
D10 = _record("d10", date(2026, 3, 17))


def _day(
    invoice: Invoice,
    day: date,
    history: tuple[ContactRecord, ...] = (D1,),
    promises: tuple[Promise, ...] = (PROMISE,),
    schedule: dict[str, Any] = SCHEDULE,
) -> tuple[list[tuple[str, Decimal]], list[tuple[str, str, date | None]]]:
    result = plan(schedule, [CUSTOMER], [invoice], as_of=day, history=history, promises=promises)
    actions = [(a.step_id, a.amount_due) for a in result.actions]
    skips = [(s.step_id, s.code.value, s.retry_on) for s in result.skipped]
    return actions, skips


HELD = ("d10", "promised", date(2026, 3, 16))


@pytest.mark.parametrize(
    ("day", "actions", "skips"),
    [
        (date(2026, 3, 11), [], []),  # nothing due: d1 recorded, d10 on 03-12
        (date(2026, 3, 12), [], [HELD]),  # d10 due, the promise holds it
        (date(2026, 3, 13), [], [HELD]),
        # 60.00 paid on Saturday 03-14, within the grace: kept, and the ladder goes on for the
        # 40.00 left (d10 is due since 03-12).
        (date(2026, 3, 14), [("d10", Decimal("40.00"))], []),
        (date(2026, 3, 16), [("d10", Decimal("40.00"))], []),  # kept: no broken_promise step
    ],
)
def test_a_kept_promise(day: date, actions: list[Any], skips: list[Any]) -> None:
    kept = _invoice((date(2026, 3, 14), "60.00"))
    assert _day(kept, day) == (actions, skips)


@pytest.mark.parametrize(
    ("day", "history", "actions", "skips"),
    [
        (date(2026, 3, 12), (D1,), [], [HELD]),
        (date(2026, 3, 15), (D1,), [], [HELD]),  # the last day of the grace
        # Broken on 03-16, the day after 03-13 + 2: the ladder resumes (d10 is due) and the
        # broken_promise step is due that day. One contact a day: "broken", listed after d10,
        # goes first; d10 goes the next day.
        (
            date(2026, 3, 16),
            (D1,),
            [("broken", Decimal("100.00"))],
            [("d10", "capped", date(2026, 3, 17))],
        ),
        (date(2026, 3, 17), (D1, BROKEN), [("d10", Decimal("100.00"))], []),
        (date(2026, 3, 18), (D1, BROKEN, D10), [], []),  # the trigger fires once
    ],
)
def test_a_broken_promise(
    day: date, history: tuple[ContactRecord, ...], actions: list[Any], skips: list[Any]
) -> None:
    assert _day(_invoice(), day, history) == (actions, skips)


@pytest.mark.parametrize(
    ("day", "actions", "skips"),
    [
        (date(2026, 3, 12), [], [HELD]),
        (date(2026, 3, 15), [], [HELD]),
        # 30.00 of the 60.00 promised: broken on 03-16; the step asks for the 70.00 still owed.
        (
            date(2026, 3, 16),
            [("broken", Decimal("70.00"))],
            [("d10", "capped", date(2026, 3, 17))],
        ),
    ],
)
def test_a_partial_payment_does_not_keep_a_promise(
    day: date, actions: list[Any], skips: list[Any]
) -> None:
    partial = _invoice((date(2026, 3, 10), "30.00"))
    assert _day(partial, day) == (actions, skips)
    (skip,) = plan(
        SCHEDULE, [CUSTOMER], [partial], as_of=date(2026, 3, 12), history=[D1], promises=[PROMISE]
    ).skipped
    assert skip.code is SkipCode.PROMISED
    assert skip.reason == (
        "promise 'p1' (made on 2026-03-05) to pay 60.00 by 2026-03-13: 30.00 paid so far; no"
        " dunning until 2026-03-15 (promises.grace_days: 2)"
    )


def test_payments_before_the_promise_do_not_count() -> None:
    # 60.00 paid on 03-04, the day before the promise: the promise is for money still to come.
    early = _invoice((date(2026, 3, 4), "60.00"))
    assert _day(early, date(2026, 3, 16))[0] == [("broken", Decimal("40.00"))]


def test_without_caps_both_go_on_the_day_it_breaks() -> None:
    uncapped = {**SCHEDULE, "limits": {"per_customer_per_day": None, "per_customer_per_week": None}}
    actions, skips = _day(_invoice(), date(2026, 3, 16), schedule=uncapped)
    assert actions == [("broken", Decimal("100.00")), ("d10", Decimal("100.00"))]
    assert skips == []


@pytest.mark.parametrize(
    ("day", "actions", "skips"),
    [
        (date(2026, 3, 16), [], [("d10", "promised", date(2026, 3, 17))]),  # 03-13 + 3
        (
            date(2026, 3, 17),
            [("broken", Decimal("100.00"))],
            [("d10", "capped", date(2026, 3, 18))],
        ),
    ],
)
def test_the_default_grace_is_three_days(day: date, actions: list[Any], skips: list[Any]) -> None:
    default = {key: value for key, value in SCHEDULE.items() if key != "promises"}
    assert Schedule.model_validate(default).promises.grace_days == 3
    assert _day(_invoice(), day, schedule=default) == (actions, skips)


def test_a_promise_not_yet_made_changes_nothing() -> None:
    later = PROMISE.model_copy(update={"made_on": date(2026, 3, 13)})
    assert _day(_invoice(), date(2026, 3, 12), promises=(later,)) == (
        [("d10", Decimal("100.00"))],
        [],
    )


def test_only_the_promised_invoices_wait() -> None:
    invoices = [_invoice(), _invoice(id="i2")]
    history = [D1, _record("d1", date(2026, 3, 3), "i2")]
    result = plan(
        SCHEDULE, [CUSTOMER], invoices, as_of=date(2026, 3, 12), history=history, promises=[PROMISE]
    )
    assert [(a.step_id, a.invoice_ids) for a in result.actions] == [("d10", ("i2",))]
    assert [(s.invoice_ids, s.code) for s in result.skipped] == [(("i1",), SkipCode.PROMISED)]


def test_a_new_promise_after_a_broken_one_holds_again() -> None:
    again = Promise(
        id="p2",
        customer_id="c1",
        invoice_ids=("i1",),
        amount="100.00",
        made_on=date(2026, 3, 16),
        due_date=date(2026, 3, 20),
    )
    actions, skips = _day(_invoice(), date(2026, 3, 16), promises=(PROMISE, again))
    # p2 holds i1 until 03-22; the broken p1 no longer triggers (p2 is the latest promise).
    assert actions == []
    assert skips == [("d10", "promised", date(2026, 3, 23))]
    actions, _ = _day(_invoice(), date(2026, 3, 23), promises=(PROMISE, again))
    assert actions == [("broken", Decimal("100.00"))]


def test_other_guardrails_are_reported_first() -> None:
    disputed = _invoice().model_copy(update={"disputed": True})
    (skip,) = plan(
        SCHEDULE, [CUSTOMER], [disputed], as_of=date(2026, 3, 12), history=[D1], promises=[PROMISE]
    ).skipped
    assert skip.code is SkipCode.DISPUTED


def test_the_action_of_a_broken_promise() -> None:
    (action,) = plan(
        SCHEDULE,
        [CUSTOMER],
        [_invoice()],
        as_of=date(2026, 3, 16),
        history=[D1],
        promises=[PROMISE],
    ).actions
    assert action.template == "broken_promise"
    assert action.context["step_date"] == "2026-03-16"
    assert action.reason == (
        "step 'broken' (broken_promise + 0 days, message): step date 2026-03-16; invoice due"
        " 2026-03-02, 14 days overdue"
    )


def test_explain_shows_the_promise_and_the_trigger() -> None:
    held = explain(
        SCHEDULE, CUSTOMER, [_invoice()], as_of=date(2026, 3, 12), history=[D1], promises=[PROMISE]
    )
    rows = [(r.step_id, r.step_date, r.state.value, r.code and r.code.value) for r in held.rows]
    assert rows == [
        ("d1", date(2026, 3, 3), "fired", None),
        ("d10", date(2026, 3, 12), "skipped", "promised"),
        ("broken", None, "not_applicable", None),
    ]
    assert held.rows[1].retry_on == date(2026, 3, 16)
    assert "broken             on trigger" in held.text()
    broken = explain(
        SCHEDULE, CUSTOMER, [_invoice()], as_of=date(2026, 3, 16), history=[D1], promises=[PROMISE]
    )
    rows = [(r.step_id, r.step_date, r.state.value, r.code and r.code.value) for r in broken.rows]
    assert rows == [
        ("d1", date(2026, 3, 3), "fired", None),
        ("d10", date(2026, 3, 12), "skipped", "capped"),
        ("broken", date(2026, 3, 16), "planned", None),
    ]


@pytest.mark.parametrize(
    ("payments", "timeline"),
    [
        # Broken: d1 on 03-03, held from 03-12, broken_promise on 03-16, d10 on 03-17.
        ({}, [("d1", date(2026, 3, 3)), ("broken", date(2026, 3, 16)), ("d10", date(2026, 3, 17))]),
        # Kept by 60.00 on Saturday 03-14: d10 goes that day, for the 40.00 left.
        (
            {"i1": [{"date": date(2026, 3, 14), "amount": "60.00"}]},
            [("d1", date(2026, 3, 3)), ("d10", date(2026, 3, 14))],
        ),
    ],
)
def test_simulate_keeps_or_breaks_the_promise(payments: Any, timeline: list[Any]) -> None:
    result = simulate(
        SCHEDULE,
        [CUSTOMER],
        [_invoice()],
        start=date(2026, 3, 3),
        end=date(2026, 3, 20),
        payments=payments,
        promises=[PROMISE],
    )
    assert [(e.action.step_id, e.executed_on) for e in result.timeline] == timeline


def test_status_of_a_promise() -> None:
    invoice = _invoice((date(2026, 3, 10), "30.00"), (date(2026, 3, 15), "30.00"))
    assert PROMISE.status([invoice], date(2026, 3, 4), grace_days=2) is None
    assert PROMISE.status([invoice], date(2026, 3, 14), grace_days=2) is PromiseStatus.PENDING
    assert PROMISE.status([invoice], date(2026, 3, 15), grace_days=2) is PromiseStatus.KEPT
    # With one day of grace the 03-15 payment comes too late.
    assert PROMISE.status([invoice], date(2026, 3, 15), grace_days=1) is PromiseStatus.BROKEN
    assert PROMISE.paid([invoice], date(2026, 3, 20), grace_days=1) == Decimal("30.00")
    other = invoice.model_copy(update={"customer_id": "c2"})
    assert PROMISE.paid([other], date(2026, 3, 20), grace_days=2) == Decimal("0.00")
    for grace in (-1, "2", True):
        with pytest.raises(InvalidInputError, match="grace_days"):
            PROMISE.status([invoice], date(2026, 3, 20), grace_days=grace)  # type: ignore[arg-type]


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": "0"}, "amount: a promise is of an amount greater than zero"),
        ({"amount": "10.005"}, "has more than 2 decimal places for BRL"),
        ({"due_date": date(2026, 3, 4)}, "due_date: 2026-03-04 is before made_on 2026-03-05"),
        ({"due_date": date(2027, 3, 13)}, "due_date: more than 366 days after made_on"),
        ({"invoice_ids": ["i1", "i1"]}, "invoice_ids: lists an invoice more than once"),
        ({"invoice_ids": []}, "invoice_ids"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_a_bad_promise_is_refused_naming_the_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Promise.model_validate({**PROMISE.model_dump(), **change})


def test_a_promise_in_another_currency_is_refused() -> None:
    usd = PROMISE.model_copy(update={"currency": "USD"})
    with pytest.raises(InvalidInputError, match=r"promises\[0\]\.currency: USD differs"):
        plan(SCHEDULE, [CUSTOMER], [_invoice()], as_of=date(2026, 3, 12), promises=[usd])


def test_repeated_promise_ids_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="promises"):
        plan(SCHEDULE, [CUSTOMER], [_invoice()], as_of=date(2026, 3, 12), promises=[PROMISE] * 2)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"offset": "2bd"}, r"steps\[2\] \('broken'\): offset: a step with trigger broken_promise"),
        ({"offset": -1}, r"steps\[2\] \('broken'\): offset: a step with trigger broken_promise"),
        ({"after": {"step": "d1"}}, r"steps\[2\] \('broken'\): after: a step with trigger"),
        ({"trigger": "paid"}, r"steps\[2\] \('broken'\)\.trigger"),
    ],
)
def test_a_bad_triggered_step_is_refused_naming_it(step: dict[str, Any], message: str) -> None:
    steps = [*SCHEDULE["steps"][:2], {**SCHEDULE["steps"][2], **step}]
    with pytest.raises(ValidationError, match=message):
        Schedule.model_validate({**SCHEDULE, "steps": steps})


def test_a_step_cannot_wait_for_a_triggered_one() -> None:
    steps = [
        SCHEDULE["steps"][2],
        {"id": "later", "offset": 20, "channels": ["email"], "after": {"step": "broken"}},
    ]
    with pytest.raises(ValidationError, match=r"steps\[1\] \('later'\)\.after\.step: 'broken'"):
        Schedule.model_validate({**SCHEDULE, "steps": steps})


def test_a_triggered_step_may_be_listed_anywhere() -> None:
    # Listed first, it ranks below d10 for the day's one contact (the later step goes first).
    steps = [SCHEDULE["steps"][2], *SCHEDULE["steps"][:2]]
    moved = {**SCHEDULE, "steps": steps}
    assert _day(_invoice(), date(2026, 3, 16), schedule=moved) == (
        [("d10", Decimal("100.00"))],
        [("broken", "capped", date(2026, 3, 17))],
    )


@pytest.mark.parametrize("grace", [-1, 91, "2bd", None])
def test_a_bad_grace_is_refused_naming_it(grace: Any) -> None:
    with pytest.raises(ValidationError, match=r"promises\.grace_days"):
        Schedule.model_validate({**SCHEDULE, "promises": {"grace_days": grace}})


def test_the_schemas_carry_promises_with_examples() -> None:
    schema = json_schema("promise")
    assert {"id", "customer_id", "invoice_ids", "amount", "made_on", "due_date"} <= set(
        schema["required"]
    )
    definitions = json_schema("schedule")["$defs"]
    assert definitions["Promises"]["properties"]["grace_days"]["examples"] == [2]
    assert definitions["Promises"]["properties"]["grace_days"]["maximum"] == 90
    assert definitions["Step"]["properties"]["trigger"]["examples"] == ["broken_promise"]


# --- the profile counts broken promises only when the policy says so ---------------------------


def test_classify_counts_broken_promises_only_when_asked() -> None:
    # One invoice 14 days late at 03-16 (one late episode: one_off); the promise broke on
    # 03-19 with the policy's 5 days of grace (03-13 + 5 + 1), so at 03-20 it is broken.
    invoices = [_invoice()]
    day = date(2026, 3, 20)
    plain = classify(invoices, as_of=day, promises=[PROMISE])
    assert (plain.profile.value, plain.late_episodes) == ("one_off", 1)
    assert plain == classify(invoices, as_of=day)
    counting = ProfilePolicy(count_broken_promises=True)
    counted = classify(invoices, as_of=day, promises=[PROMISE], policy=counting)
    assert (counted.profile.value, counted.late_episodes) == ("occasional", 2)
    assert (
        "1 broken promise to pay made in the last 365 days, each a late episode"
        " (count_broken_promises)" in counted.reasons
    )
    # Still within the grace on 03-18: not broken yet.
    assert classify(invoices, as_of=date(2026, 3, 18), promises=[PROMISE], policy=counting) == (
        classify(invoices, as_of=date(2026, 3, 18))
    )
    table = classify_portfolio(invoices, as_of=day, promises=[PROMISE], policy=counting)
    assert [row.late_episodes for row in table] == [2]


def test_classify_refuses_promises_of_another_customer() -> None:
    other = PROMISE.model_copy(update={"customer_id": "c2"})
    with pytest.raises(InvalidInputError, match="promises: promises of other customers"):
        classify([_invoice()], as_of=date(2026, 3, 20), promises=[other])


# A promise names only invoices passed (paid ones included) of a customer planned: it is kept by
# the payments on its invoices. It was ignored silently: a misspelled id left the invoice it
# meant dunned, and a paid invoice left out made a kept promise look broken.
OTHER = Customer(id="c2", name="Bia", kind="consumer", contacts={"email": "bia@example.com"})


@pytest.mark.parametrize(
    ("promise", "field", "reason"),
    [
        (
            PROMISE.replace(invoice_ids=("i1", "i9")),
            "promises[0].invoice_ids",
            "invoice 'i9' of customer 'c1' is not among the invoices passed; a promise is kept by"
            " the payments on its invoices, so pass every invoice it names, paid ones included",
        ),
        (
            PROMISE.replace(customer_id="c9"),
            "promises[0].customer_id",
            "unknown customer 'c9'",
        ),
    ],
)
def test_a_promise_naming_what_is_not_passed_is_refused(
    promise: Promise, field: str, reason: str
) -> None:
    day = date(2026, 3, 10)
    calls = [
        lambda: plan(SCHEDULE, [CUSTOMER], [_invoice()], as_of=day, promises=[promise]),
        lambda: simulate(
            SCHEDULE, [CUSTOMER], [_invoice()], start=day, end=day, promises=[promise]
        ),
    ]
    for call in calls:
        with pytest.raises(InvalidInputError) as err:
            call()
        assert (err.value.field, err.value.reason) == (field, reason)


def test_a_paid_invoice_left_out_does_not_break_a_kept_promise_silently() -> None:
    # i1 was paid in full on 03-06 (the promise kept) and the host passes only i2, due the same
    # day: before, the promise looked broken on 03-16 and i2 got the 'broken' step.
    promise = PROMISE.replace(invoice_ids=("i1", "i2"))
    with pytest.raises(InvalidInputError, match="invoice 'i1' of customer 'c1' is not among"):
        plan(SCHEDULE, [CUSTOMER], [_invoice(id="i2")], as_of=date(2026, 3, 16),
             promises=[promise])  # fmt: skip
    paid = _invoice((date(2026, 3, 6), "100.00"))
    result = plan(
        SCHEDULE, [CUSTOMER], [paid, _invoice(id="i2")], as_of=date(2026, 3, 16),
        history=[D1, _record("d1", date(2026, 3, 3), "i2")], promises=[promise],
    )  # fmt: skip
    assert [a.step_id for a in result.actions] == ["d10"]


def test_explain_refuses_a_promise_on_an_invoice_not_passed() -> None:
    # Another customer's promise is ignored, as plan's lists are passed whole; the explained
    # customer's promise on an invoice left out is refused, as plan refuses it.
    theirs = PROMISE.replace(id="p2", customer_id="c2", invoice_ids=("j1",))
    day = date(2026, 3, 10)
    told = explain(SCHEDULE, CUSTOMER, [_invoice()], as_of=day, promises=[theirs, PROMISE])
    assert [(r.step_id, r.state.value, r.code) for r in told.rows if r.step_id == "d10"] == [
        ("d10", "not_yet", None)
    ]
    with pytest.raises(InvalidInputError) as err:
        explain(
            SCHEDULE, CUSTOMER, [_invoice()], as_of=day,
            promises=[theirs, PROMISE.replace(invoice_ids=("i1", "i2"))],
        )  # fmt: skip
    assert (err.value.field, err.value.reason) == (
        "promises[1].invoice_ids",
        "invoice 'i2' of customer 'c1' is not among the invoices passed; a promise is kept by"
        " the payments on its invoices, so pass every invoice it names, paid ones included",
    )


def test_the_columnar_engine_refuses_it_too() -> None:
    pytest.importorskip("polars")
    import regua.columnar
    from regua.frames import to_polars

    customers, invoices = to_polars([CUSTOMER, OTHER]), to_polars([_invoice()])
    for promise, field in [
        (PROMISE.replace(invoice_ids=("i9",)), "promises[0].invoice_ids"),
        (PROMISE.replace(customer_id="c9"), "promises[0].customer_id"),
    ]:
        with pytest.raises(InvalidInputError) as err:
            regua.columnar.plan(
                SCHEDULE, customers, invoices, as_of=date(2026, 3, 10), promises=[promise]
            )
        assert err.value.field == field


def test_agreements_and_history_may_name_invoices_not_passed() -> None:
    # An agreement carries what was paid under it, and its originals may be closed and left out
    # (docs/designing-your-regua.md); history is a log of what was done. Both are taken whole.
    record = _record("d1", date(2026, 2, 20), "old-invoice")
    result = plan(SCHEDULE, [CUSTOMER], [_invoice()], as_of=date(2026, 3, 3), history=[record])
    assert [a.step_id for a in result.actions] == ["d1"]

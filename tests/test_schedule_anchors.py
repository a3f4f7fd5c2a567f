"""Anchors (issue 11 item 3), as tables of planning days → expected actions, by hand.

- killbill#2297: Kill Bill's account-level ladder (WARNING 5, BLOCKED 7, CANCELLATION 11 days
  after the earliest unpaid invoice's date). Invoices of 05-31 (two) and 06-02 are unpaid; the
  two of 05-31 are paid on 06-02, so the ladder re-anchors on 06-02; a charge of 06-03 joins it.
  The correct answer (the issue's and its Beatrix test's): WARNING on 06-07 (06-02 + 5), BLOCKED
  on 06-09 (+ 7), CANCELLATION on 06-13 (+ 11). Kill Bill moved its check to 06-10 and went
  CLEAR → BLOCKED. Kill Bill has no business days: ``non_business_day: keep``.
- an issue-date anchor (Invoice Ninja's "after invoice date" reminder);
- OCA's ``end_of_month``: the last day of the month of due date + delay, across February in a
  leap year (2024) and a common year (2025), and on a Saturday (2026).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from regua import ContactRecord, Customer, InvalidInputError, Invoice, explain, plan
from regua.rules import Schedule, SkipCode
from schedule_schema import assert_schema_and_model_agree

NO_CAPS = {"per_customer_per_day": None, "per_customer_per_week": None}

KILL_BILL: dict[str, Any] = {
    "name": "killbill",
    "ladder": "customer",
    "non_business_day": "keep",
    "limits": NO_CAPS,
    "steps": [
        {"id": "warning", "offset": 5, "anchor": "issue_date", "channels": ["email"]},
        {"id": "blocked", "offset": 7, "anchor": "issue_date", "action": "suspend_service"},
        {"id": "cancellation", "offset": 11, "anchor": "issue_date", "action": "suspend_service"},
    ],
}

ACCOUNT = Customer.model_validate(
    {"id": "acct", "name": "Kill Bill account", "kind": "business", "contacts": {"email": "a@x.io"}}
)


def _invoice(id_: str, amount: str, day: str, paid_on: str | None = None) -> Invoice:
    """A Kill Bill invoice: due on its invoice date."""
    row: dict[str, Any] = {
        "id": id_,
        "customer_id": "acct",
        "amount": amount,
        "due_date": day,
        "issue_date": day,
    }
    if paid_on is not None:
        row["payments"] = [{"date": paid_on, "amount": amount}]
    return Invoice.model_validate(row)


# The reproduction of killbill#2297 (TestOverdueStateSkipWithShiftingEarliestUnpaidInvoice).
RECURRING = _invoice("recurring", "100.00", "2012-05-31", paid_on="2012-06-02")
CHARGE_A = _invoice("charge_a", "500.00", "2012-05-31", paid_on="2012-06-02")
CHARGE_B = _invoice("charge_b", "700.00", "2012-06-02")
CHARGE_C = _invoice("charge_c", "200.00", "2012-06-03")
KB_INVOICES = [RECURRING, CHARGE_A, CHARGE_B, CHARGE_C]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def _run(
    schedule: dict[str, Any], invoices: list[Invoice], days: list[date]
) -> dict[date, list[tuple[str, tuple[str, ...]]]]:
    """Plan every day (an invoice exists from its issue date), record what was planned; the
    days with actions -> (step, invoices listed)."""
    history: list[ContactRecord] = []
    table: dict[date, list[tuple[str, tuple[str, ...]]]] = {}
    for day in days:
        issued = [inv for inv in invoices if inv.issue_date is None or inv.issue_date <= day]
        result = plan(schedule, [ACCOUNT], issued, as_of=day, history=history)
        if result.actions:
            table[day] = [(a.step_id, a.invoice_ids) for a in result.actions]
        history += [a.record("delivered") for a in result.actions]
    return table


def test_killbill_2297_warning_0607_blocked_0609_cancellation_0613() -> None:
    assert _run(KILL_BILL, KB_INVOICES, _days(date(2012, 5, 31), date(2012, 6, 20))) == {
        date(2012, 6, 7): [("warning", ("charge_b", "charge_c"))],
        date(2012, 6, 9): [("blocked", ("charge_b", "charge_c"))],
        date(2012, 6, 13): [("cancellation", ("charge_b", "charge_c"))],
    }


def test_killbill_control_without_the_payment_counts_from_0531() -> None:
    """The Beatrix control: nothing paid, the ladder stays on 05-31 (+5, +7, +11)."""
    unpaid = [
        _invoice("recurring", "100.00", "2012-05-31"),
        _invoice("charge_a", "500.00", "2012-05-31"),
        CHARGE_B,
        CHARGE_C,
    ]
    assert _run(KILL_BILL, unpaid, _days(date(2012, 5, 31), date(2012, 6, 20))) == {
        date(2012, 6, 5): [("warning", ("charge_a", "recurring", "charge_b", "charge_c"))],
        date(2012, 6, 7): [("blocked", ("charge_a", "recurring", "charge_b", "charge_c"))],
        date(2012, 6, 11): [("cancellation", ("charge_a", "recurring", "charge_b", "charge_c"))],
    }


def test_a_new_unpaid_charge_joins_the_ladder_without_restarting_it() -> None:
    """A charge of 06-08 (after WARNING) is on BLOCKED and CANCELLATION; it gets no WARNING of
    its own, and the dates stay on 06-02."""
    late = _invoice("charge_d", "50.00", "2012-06-08")
    assert _run(KILL_BILL, [*KB_INVOICES, late], _days(date(2012, 5, 31), date(2012, 6, 25))) == {
        date(2012, 6, 7): [("warning", ("charge_b", "charge_c"))],
        date(2012, 6, 9): [("blocked", ("charge_b", "charge_c", "charge_d"))],
        date(2012, 6, 13): [("cancellation", ("charge_b", "charge_c", "charge_d"))],
    }


def test_paying_the_anchor_re_anchors_on_the_next_unpaid_invoice_where_it_stands() -> None:
    """charge_b (the anchor) is paid on 06-10, after BLOCKED: charge_c (06-03) was on WARNING
    and BLOCKED, so those count as done for it, and CANCELLATION counts from 06-03 (+11 =
    06-14) instead of 06-02."""
    paid_b = _invoice("charge_b", "700.00", "2012-06-02", paid_on="2012-06-10")
    invoices = [RECURRING, CHARGE_A, paid_b, CHARGE_C]
    assert _run(KILL_BILL, invoices, _days(date(2012, 5, 31), date(2012, 6, 25))) == {
        date(2012, 6, 7): [("warning", ("charge_b", "charge_c"))],
        date(2012, 6, 9): [("blocked", ("charge_b", "charge_c"))],
        date(2012, 6, 14): [("cancellation", ("charge_c",))],
    }


def test_re_anchored_on_an_invoice_no_action_listed_the_ladder_starts_afresh() -> None:
    """The anchor of 05-31 is paid on 06-06 after WARNING (06-05); the next unpaid invoice is
    of 06-06, on no action yet: its ladder runs from 06-06 (06-11, 06-13, 06-17)."""
    first = _invoice("first", "100.00", "2012-05-31", paid_on="2012-06-06")
    second = _invoice("second", "80.00", "2012-06-06")
    assert _run(KILL_BILL, [first, second], _days(date(2012, 5, 31), date(2012, 6, 25))) == {
        date(2012, 6, 5): [("warning", ("first",))],
        date(2012, 6, 11): [("warning", ("second",))],
        date(2012, 6, 13): [("blocked", ("second",))],
        date(2012, 6, 17): [("cancellation", ("second",))],
    }


def test_the_ladder_action_id_is_the_same_when_an_invoice_joins_before_it_is_recorded() -> None:
    on_0607 = [CHARGE_B, CHARGE_C]
    joined = [*on_0607, _invoice("charge_x", "10.00", "2012-06-07")]
    before = plan(KILL_BILL, [ACCOUNT], on_0607, as_of=date(2012, 6, 7)).actions
    after = plan(KILL_BILL, [ACCOUNT], joined, as_of=date(2012, 6, 7)).actions
    assert [a.invoice_ids for a in before] == [("charge_b", "charge_c")]
    assert [a.invoice_ids for a in after] == [("charge_b", "charge_c", "charge_x")]
    assert before[0].id == after[0].id
    assert after[0].amount_due == 910  # 700 + 200 + 10: the ladder's invoices due by today


def test_a_ladder_action_leaves_out_an_invoice_a_guardrail_holds_back_and_says_so() -> None:
    disputed = Invoice.model_validate({**CHARGE_C.model_dump(), "disputed": True, "id": "charge_c"})
    result = plan(KILL_BILL, [ACCOUNT], [CHARGE_B, disputed], as_of=date(2012, 6, 7))
    assert [(a.step_id, a.invoice_ids) for a in result.actions] == [("warning", ("charge_b",))]
    assert [(s.step_id, s.invoice_ids, s.code) for s in result.skipped] == [
        ("warning", ("charge_c",), SkipCode.DISPUTED)
    ]


def test_a_disputed_oldest_invoice_does_not_stall_the_customers_ladder() -> None:
    """Under ``disputes: block_all`` the oldest invoice is out of the ladder: it counts from
    the next one (06-02 + 5), and the disputed one is reported, not listed."""
    oldest = _invoice("old", "90.00", "2012-05-20")
    oldest = Invoice.model_validate({**oldest.model_dump(), "disputed": True})
    result = plan(KILL_BILL, [ACCOUNT], [oldest, CHARGE_B], as_of=date(2012, 6, 7))
    assert [(a.step_id, a.invoice_ids) for a in result.actions] == [("warning", ("charge_b",))]
    assert [(s.step_id, s.invoice_ids, s.code) for s in result.skipped] == [
        ("warning", ("old",), SkipCode.DISPUTED)
    ]


def test_one_ladder_per_currency() -> None:
    usd = Invoice.model_validate(
        {
            **CHARGE_C.model_dump(),
            "id": "usd",
            "currency": "USD",
            "issue_date": "2012-06-01",
            "due_date": "2012-06-01",
        }
    )
    result = plan(KILL_BILL, [ACCOUNT], [CHARGE_B, usd], as_of=date(2012, 6, 7))
    # USD: 06-01 + 5 = 06-06 passed, 06-01 + 7 = 06-08 not yet: WARNING (latest due step);
    # BRL: 06-02 + 5 = 06-07.
    assert sorted((a.step_id, a.currency, a.invoice_ids) for a in result.actions) == [
        ("warning", "BRL", ("charge_b",)),
        ("warning", "USD", ("usd",)),
    ]


def test_explain_shows_the_ladders_dates_and_names_the_anchor() -> None:
    history = [
        a.record("delivered")
        for a in plan(KILL_BILL, [ACCOUNT], [CHARGE_B, CHARGE_C], as_of=date(2012, 6, 7)).actions
    ]
    found = explain(KILL_BILL, ACCOUNT, KB_INVOICES, as_of=date(2012, 6, 9), history=history)
    rows = [(r.invoice_id, r.step_id, r.step_date, r.state.value) for r in found.rows]
    ladder = [date(2012, 6, 7), date(2012, 6, 9), date(2012, 6, 13)]
    states = {
        "charge_b": ["fired", "planned", "not_yet"],
        "charge_c": ["fired", "planned", "not_yet"],
    }
    for inv in ("charge_b", "charge_c"):
        mine = [row for row in rows if row[0] == inv]
        assert [row[2] for row in mine] == ladder
        assert [row[3] for row in mine] == states[inv]
    assert {row[3] for row in rows if row[0] in ("recurring", "charge_a")} == {"closed"}
    joined = next(
        r for r in found.rows if r.invoice_id == "charge_c" and r.step_id == "cancellation"
    )
    assert "anchored on charge_b" in joined.reason
    (action,) = found.plan.actions
    assert (action.step_id, action.invoice_ids) == ("blocked", ("charge_b", "charge_c"))


# --- issue-date anchor -----------------------------------------------------------------------

NINJA: dict[str, Any] = {
    "name": "ninja",
    "limits": NO_CAPS,
    "steps": [
        {"id": "issue_3bd", "offset": "3bd", "anchor": "issue_date", "channels": ["email"]},
        {"id": "after_issue", "offset": 7, "anchor": "issue_date", "channels": ["email"]},
        {"id": "overdue", "offset": 1, "channels": ["email"]},
    ],
    "catch_up": "all",
}
CUSTOMER = Customer.model_validate(
    {"id": "c1", "name": "Cliente", "kind": "business", "contacts": {"email": "c1@example.com"}}
)
# Issued Friday 2026-03-06, due Tuesday 2026-03-31.
NINJA_INVOICE = Invoice.model_validate(
    {
        "id": "n1",
        "customer_id": "c1",
        "amount": "300.00",
        "issue_date": "2026-03-06",
        "due_date": "2026-03-31",
    }
)


def test_issue_date_anchor_counts_from_the_issue_date_before_the_due_date() -> None:
    """3 business days after Friday 03-06: Wednesday 03-11; 7 days after it: Friday 03-13
    (both before the due date); 1 day after the due date: Wednesday 04-01."""
    history: list[ContactRecord] = []
    table = {}
    for day in _days(date(2026, 3, 6), date(2026, 4, 3)):
        result = plan(NINJA, [CUSTOMER], [NINJA_INVOICE], as_of=day, history=history)
        if result.actions:
            table[day] = [a.step_id for a in result.actions]
        history += [a.record("delivered") for a in result.actions]
    assert table == {
        date(2026, 3, 11): ["issue_3bd"],
        date(2026, 3, 13): ["after_issue"],
        date(2026, 4, 1): ["overdue"],
    }


def test_steps_of_different_anchors_need_not_be_listed_by_offset() -> None:
    """``overdue`` (1 after the due date) is listed before ``after_issue`` (7 after the issue
    date), yet meets the invoice later; only steps of one anchor are checked for list order."""
    steps = [NINJA["steps"][2], NINJA["steps"][1]]
    schedule = {**NINJA, "steps": steps, "catch_up": "latest"}
    result = plan(schedule, [CUSTOMER], [NINJA_INVOICE], as_of=date(2026, 4, 1))
    assert [a.step_id for a in result.actions] == ["overdue"]  # the last one the invoice meets


def test_an_issue_anchored_step_needs_the_invoices_issue_date() -> None:
    undated = Invoice.model_validate(
        {"id": "n2", "customer_id": "c1", "amount": "10.00", "due_date": "2026-03-31"}
    )
    with pytest.raises(InvalidInputError) as info:
        plan(NINJA, [CUSTOMER], [NINJA_INVOICE, undated], as_of=date(2026, 3, 20))
    assert info.value.field == "invoices[1].issue_date"
    assert "issue_3bd" in str(info.value)


# --- end of month (OCA) ----------------------------------------------------------------------


def _month_end_schedule(policy: str = "next") -> dict[str, Any]:
    return {
        "name": "oca",
        "limits": NO_CAPS,
        "non_business_day": policy,
        "steps": [{"id": "level1", "offset": 10, "end_of_month": True, "channels": ["email"]}],
    }


@pytest.mark.parametrize(
    ("due", "policy", "days", "expected"),
    [
        # 2024 is a leap year: 01-25 + 10 = 02-04 -> Thursday 02-29.
        ("2024-01-25", "next", ("2024-02-04", "2024-02-28", "2024-02-29"), "2024-02-29"),
        # 2025 is not: 01-25 + 10 = 02-04 -> Friday 02-28.
        ("2025-01-25", "next", ("2025-02-04", "2025-02-27", "2025-02-28"), "2025-02-28"),
        # 2026-02-28 is a Saturday: the policy moves it to Monday 03-02, or keeps it.
        ("2026-01-25", "next", ("2026-02-27", "2026-02-28", "2026-03-02"), "2026-03-02"),
        ("2026-01-25", "keep", ("2026-02-27", "2026-02-28", "2026-03-02"), "2026-02-28"),
        # The computed date's own month: 01-22 + 10 = 02-01 -> 02-28 (not 01-31).
        ("2025-01-22", "next", ("2025-01-31", "2025-02-27", "2025-02-28"), "2025-02-28"),
    ],
)
def test_end_of_month_is_the_last_day_of_the_month_of_due_plus_offset(
    due: str, policy: str, days: tuple[str, ...], expected: str
) -> None:
    invoice = Invoice.model_validate(
        {"id": "i1", "customer_id": "c1", "amount": "100.00", "due_date": due}
    )
    fired = [
        day
        for day in days
        if plan(
            _month_end_schedule(policy), [CUSTOMER], [invoice], as_of=date.fromisoformat(day)
        ).actions
    ]
    # catch_up latest: once the date has come, the step is due on every later day too.
    assert fired[0] == expected
    assert all(day >= expected for day in fired)


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"offset": "5bd", "end_of_month": True}, "steps[0] ('s1'): end_of_month: the offset 5bd"),
        ({"offset": -3, "end_of_month": True}, "steps[0] ('s1'): end_of_month: the offset -3"),
        ({"offset": -3, "anchor": "issue_date"}, "steps[0] ('s1'): offset: -3 is before the"),
        ({"offset": 3, "anchor": "invoice_date"}, "steps[0] ('s1').anchor: Input should be"),
    ],
)
def test_anchor_keys_fail_with_the_step_and_field(step: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        Schedule.model_validate(
            {"name": "x", "steps": [{"id": "s1", "channels": ["email"], **step}]}
        )
    assert message in str(info.value)


def test_ladder_must_be_invoice_or_customer() -> None:
    with pytest.raises(ValidationError) as info:
        Schedule.model_validate(
            {
                "name": "x",
                "ladder": "account",
                "steps": [{"id": "s1", "offset": 1, "channels": ["email"]}],
            }
        )
    assert info.value.errors()[0]["loc"] == ("ladder",)


@pytest.mark.parametrize(
    ("keys", "valid"),
    [
        ({"offset": 3, "anchor": "issue_date"}, True),
        ({"offset": "2bd", "anchor": "issue_date"}, True),
        ({"offset": 0, "anchor": "issue_date", "end_of_month": True}, True),
        ({"offset": -1, "anchor": "issue_date"}, False),
        ({"offset": "-2bd", "anchor": "issue_date"}, False),
        ({"offset": "-0", "anchor": "issue_date"}, True),
        ({"offset": 3, "anchor": "due_date"}, True),
        ({"offset": -3, "anchor": "due_date"}, True),
        ({"offset": 3, "anchor": "invoice_date"}, False),
        ({"offset": 10, "end_of_month": True}, True),
        ({"offset": "+10", "end_of_month": True}, True),
        ({"offset": "10bd", "end_of_month": True}, False),
        ({"offset": -1, "end_of_month": True}, False),
        ({"offset": -1, "end_of_month": False}, True),
    ],
)
def test_json_schema_agrees_on_anchor_keys(keys: dict[str, Any], valid: bool) -> None:
    document = {"name": "t", "steps": [{"id": "s", "channels": ["email"], **keys}]}
    assert_schema_and_model_agree(document, valid)


@pytest.mark.parametrize("ladder", ["invoice", "customer", "account", None])
def test_json_schema_agrees_on_the_ladder(ladder: Any) -> None:
    document = {
        "name": "t",
        "ladder": ladder,
        "steps": [{"id": "s", "offset": 1, "channels": ["email"]}],
    }
    valid = ladder in ("invoice", "customer")
    assert_schema_and_model_agree(document, valid)


def test_the_schema_shows_an_example_of_each_key() -> None:
    from regua.schemas import json_schema

    schema = json_schema("schedule")
    step = schema["$defs"]["Step"]["properties"]
    assert step["anchor"]["examples"] == ["issue_date"]
    assert step["end_of_month"]["examples"] == [True]
    assert schema["properties"]["ladder"]["examples"] == ["customer"]


def test_simulate_runs_the_customers_ladder_day_by_day() -> None:
    from regua import simulate

    run = simulate(
        KILL_BILL, [ACCOUNT], KB_INVOICES, start=date(2012, 5, 31), end=date(2012, 6, 20)
    )
    assert [(e.planned_on, e.action.step_id, e.action.invoice_ids) for e in run.timeline] == [
        (date(2012, 6, 7), "warning", ("charge_b", "charge_c")),
        (date(2012, 6, 9), "blocked", ("charge_b", "charge_c")),
        (date(2012, 6, 13), "cancellation", ("charge_b", "charge_c")),
    ]


def test_a_step_on_an_event_takes_no_anchor_and_no_customer_ladder() -> None:
    broken = {"id": "broken", "offset": 1, "trigger": "broken_promise", "channels": ["email"]}
    with pytest.raises(ValidationError, match=r"steps\[0\] \('broken'\): anchor: a step with"):
        Schedule.model_validate({"name": "x", "steps": [{**broken, "anchor": "issue_date"}]})
    with pytest.raises(ValidationError, match=r"steps\[0\] \('broken'\): end_of_month: a step"):
        Schedule.model_validate({"name": "x", "steps": [{**broken, "end_of_month": True}]})
    with pytest.raises(ValidationError, match=r"steps\[0\] \('broken'\)\.trigger: a step on an"):
        Schedule.model_validate({"name": "x", "ladder": "customer", "steps": [broken]})

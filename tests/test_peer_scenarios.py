"""Peer acceptance scenarios of issue 11 as tables "dates -> expected actions".

Every expected value is computed by hand from the issue text and PEERS.md (the computation is in
the comment above each table), never copied from a run of regua.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

import regua.columnar
from regua import (
    Action,
    ContactRecord,
    Customer,
    Invoice,
    Plan,
    Promise,
    Schedule,
    explain,
    plan,
    simulate,
)
from regua.charges import LateTerms, update
from regua.frames import from_polars, to_polars
from regua.rules import Exhausted

FIRM: list[dict[str, Any]] = [
    {"id": "firm", "name": "Firm Ltda", "kind": "business", "contacts": {"email": "ap@f.example"}}
]


def _days(
    schedule: Schedule,
    invoices: list[dict[str, Any]],
    days: list[date],
    *,
    promises: Sequence[Promise] = (),
    issued_only: bool = False,
    customers: list[dict[str, Any]] = FIRM,
    engine: str = "rules",
) -> Iterator[tuple[date, Plan, list[ContactRecord], list[dict[str, Any]]]]:
    """Plan each day in turn, recording every action as delivered: the day, its plan, the
    history so far (that day's records included) and the invoices planned (with
    ``issued_only``, those issued by that day, as a billing system would have them).
    ``engine="columnar"`` plans with ``regua.columnar`` instead (no promises)."""
    done: list[ContactRecord] = []
    for day in days:
        known = [i for i in invoices if not issued_only or i["issue_date"] <= day.isoformat()]
        today = _plan(engine, schedule, customers, known, day, done, promises)
        done += [action.record("delivered") for action in today.actions]
        yield day, today, list(done), known


def _plan(
    engine: str,
    schedule: Schedule,
    customers: list[dict[str, Any]],
    invoices: list[dict[str, Any]],
    day: date,
    history: list[ContactRecord],
    promises: Sequence[Promise] = (),
) -> Plan:
    """``regua.plan``, or ``regua.columnar.plan`` on the same facts with its actions and
    exhausted ladders read back as models (its skips are tables, left out; no promises)."""
    if engine == "rules":
        return plan(schedule, customers, invoices, as_of=day, history=history, promises=promises)
    result = regua.columnar.plan(
        schedule,
        to_polars([Customer.model_validate(c) for c in customers]),
        to_polars([Invoice.model_validate(i) for i in invoices]),
        as_of=day,
        history=to_polars(history, ContactRecord) if history else None,
    )
    exhausted = [
        Exhausted(
            customer_id=row["customer_id"],
            invoice_ids=tuple(row["invoice_ids"]),
            account=row["account"],
        )
        for row in result.exhausted.iter_rows(named=True)
    ]
    return Plan(
        as_of=day,
        actions=tuple(from_polars(result.actions, Action)),
        exhausted=tuple(exhausted),
    )


def _actions(
    schedule: Schedule, invoices: list[dict[str, Any]], days: list[date], **options: Any
) -> list[tuple[date, Action]]:
    """Every action of :func:`_days`, with its day."""
    return [
        (day, action)
        for day, today, _, _ in _days(schedule, invoices, days, **options)
        for action in today.actions
    ]


def _run(
    schedule: Schedule, invoices: list[dict[str, Any]], days: list[date], **options: Any
) -> list[tuple[date, str, int | None, tuple[str, ...], Decimal | None]]:
    """What fired on each day (see :func:`_days`): step, repetition, invoices and fee."""
    return [
        (day, a.step_id, a.repetition, tuple(a.invoice_ids), a.fee)
        for day, a in _actions(schedule, invoices, days, **options)
    ]


# The tables that run through both engines; regua.columnar costs ~50 ms a call on these tiny
# portfolios, so it plans only the days around each table (from before its first action).
ENGINES = pytest.mark.parametrize("engine", ["rules", "columnar"])


def _daily(start: date, end: date) -> list[date]:
    return [start + timedelta(days=k) for k in range((end - start).days + 1)]


# Tryton account_dunning_fee: level 1 at 5 days, fixed 10; level 2 at 10 days, 15 % (dates kept
# as they are: Tryton has no business days).
TRYTON = Schedule.model_validate(
    {
        "name": "tryton",
        "non_business_day": "keep",
        "steps": [
            {"id": "l1", "offset": 5, "channels": ["email"], "fee": "10.00"},
            {"id": "l2", "offset": 10, "channels": ["email"], "fee": "15%"},
        ],
    }
)


@ENGINES
def test_tryton_fees_fixed_then_percentage_of_the_original_amount(engine: str) -> None:
    # Invoice 200.00 due 2026-06-01:
    #   06-06 level1, fee 10.00; 06-11 level2, fee 15 % x 200.00 = 30.00 (of the original
    #   amount, not 210.00, which would give 31.50). Debt with no fine/interest: 200+10+30 = 240.
    # The issue's own numbers (100.00): 100 + 10 + 15 = 125.00.
    schedule = TRYTON
    bill = [{"id": "t", "customer_id": "firm", "amount": "200.00", "due_date": "2026-06-01"}]
    days = _daily(date(2026, 6, 1), date(2026, 6, 20 if engine == "rules" else 12))
    fired = _run(schedule, bill, days, engine=engine)
    assert [(d, s, f) for d, s, _, _, f in fired] == [
        (date(2026, 6, 6), "l1", Decimal("10.00")),
        (date(2026, 6, 11), "l2", Decimal("30.00")),
    ]
    zero = {"fine_percent": "0", "interest_percent": "0"}
    total = update("200.00", date(2026, 6, 1), as_of=date(2026, 6, 11), fees="40.00", terms=zero)
    assert total.total == Decimal("240.00")
    # The issue's case end to end: the fees the actions carried (10.00 + 15 % x 100.00 = 15.00),
    # summed from what was carried out, into the debt: 125.00.
    bill = [{"id": "t", "customer_id": "firm", "amount": "100.00", "due_date": "2026-06-01"}]
    fees = [f for *_, f in _run(schedule, bill, days, engine=engine) if f]
    assert fees == [Decimal("10.00"), Decimal("15.00")]
    charged = sum(fees, Decimal(0))
    issue = update("100.00", date(2026, 6, 1), as_of=date(2026, 6, 11), fees=charged, terms=zero)
    assert issue.total == Decimal("125.00")


def test_erpnext_interest_on_a_365_day_year_plus_fee() -> None:
    # ERPNext Dunning: interest = 100 x 10/100/365 x 15 = 0.4109... -> 0.41; + fee 10 -> 110.41.
    terms = LateTerms(
        fine_percent="0", interest_percent="10", interest_period="year", year_basis="365"
    )
    debt = update("100.00", date(2026, 1, 1), as_of=date(2026, 1, 16), terms=terms, fees="10.00")
    assert debt.interest == Decimal("0.41")
    assert debt.total == Decimal("110.41")


# killbill#2297: invoices of 05-31 (two, paid 06-02), 06-02 and 06-03; WARNING 5 days, BLOCKED 7,
# CANCELLATION 11 from the earliest unpaid invoice date, one ladder for the account.
KILLBILL = Schedule.model_validate(
    {
        "name": "kb",
        "ladder": "customer",
        "non_business_day": "keep",
        "steps": [
            {"id": "warning", "offset": 5, "anchor": "issue_date", "channels": ["email"]},
            {"id": "blocked", "offset": 7, "anchor": "issue_date", "action": "suspend_service"},
            {
                "id": "cancellation",
                "offset": 11,
                "anchor": "issue_date",
                "action": "suspend_service",
            },
        ],
    }
)


def _bill(id_: str, amount: str, day: str, paid_on: str | None = None) -> dict[str, Any]:
    paid = [{"date": paid_on, "amount": amount}] if paid_on else []
    return {
        "id": id_, "customer_id": "firm", "amount": amount, "issue_date": day,
        "due_date": day, "payments": paid,
    }  # fmt: skip


KILLBILL_ACCOUNT = [
    _bill("a", "100.00", "2012-05-31", "2012-06-02"),
    _bill("b", "500.00", "2012-05-31", "2012-06-02"),
    _bill("c", "700.00", "2012-06-02"),
    _bill("d", "200.00", "2012-06-03"),
]


@ENGINES
def test_killbill_2297_account_ladder_reanchors_and_a_new_charge_does_not_restart(
    engine: str,
) -> None:
    # After the payment the earliest unpaid is 06-02: WARNING 06-07, BLOCKED 06-09, CANCELLATION
    # 06-13 (never straight to BLOCKED on 06-02/06-05 as Kill Bill did), and the charge of 06-03
    # joins, not restarts (a restart would give WARNING 06-08). Each day plans the invoices issued
    # by then.
    days = _daily(date(2012, 5, 31), date(2012, 6, 20 if engine == "rules" else 14))
    fired = _run(KILLBILL, KILLBILL_ACCOUNT, days, issued_only=True, engine=engine)
    assert [(d, s) for d, s, *_ in fired] == [
        (date(2012, 6, 7), "warning"),
        (date(2012, 6, 9), "blocked"),
        (date(2012, 6, 13), "cancellation"),
    ]


@ENGINES
def test_one_per_run_catch_up_escalates_one_level_per_run(engine: str) -> None:
    # Tryton/OCA/Odoo: one level per run. Debt due 2025-12-01 (a year old on 2026-12-01);
    # levels at 10, 20, 30 days. Runs on 2026-06-01 (D-6 months), 2026-10-01 (D-2 months)
    # and 2026-12-01: all three levels are due on every run, one fires per run, in order.
    schedule = Schedule.model_validate(
        {
            "name": "oca",
            "catch_up": "one_per_run",
            "non_business_day": "keep",
            "steps": [
                {"id": "level1", "offset": 10, "channels": ["email"]},
                {"id": "level2", "offset": 20, "channels": ["email"]},
                {"id": "level3", "offset": 30, "channels": ["email"]},
            ],
        }
    )
    bill = [{"id": "y", "customer_id": "firm", "amount": "80.00", "due_date": "2025-12-01"}]
    runs = [date(2026, 6, 1), date(2026, 10, 1), date(2026, 12, 1)]
    assert [(d, s) for d, s, *_ in _run(schedule, bill, runs, engine=engine)] == [
        (date(2026, 6, 1), "level1"),
        (date(2026, 10, 1), "level2"),
        (date(2026, 12, 1), "level3"),
    ]


def test_invoice_ninja_endless_reminder_every_14_days() -> None:
    # Invoice Ninja: reminder at D+7, then endless every 14 days until paid. Due 2026-04-01:
    # 04-08, 04-22, 05-06, 05-20; paid 05-25 -> nothing after (06-03 would be next).
    schedule = Schedule.model_validate(
        {
            "name": "ninja",
            "non_business_day": "keep",
            "steps": [{"id": "r", "offset": 7, "channels": ["email"], "repeat": {"every": 14}}],
        }
    )
    bill = [
        {
            "id": "n", "customer_id": "firm", "amount": "50.00", "due_date": "2026-04-01",
            "payments": [{"date": "2026-05-25", "amount": "50.00"}],
        }
    ]  # fmt: skip
    fired = _run(schedule, bill, _daily(date(2026, 4, 1), date(2026, 6, 30)))
    assert [(d, r) for d, _, r, _, _ in fired] == [
        (date(2026, 4, 8), None),
        (date(2026, 4, 22), 1),
        (date(2026, 5, 6), 2),
        (date(2026, 5, 20), 3),
    ]


@ENGINES
def test_lago_max_attempts_and_days_between_attempts(engine: str) -> None:
    # Lago: max_attempts 4, days_between_attempts 3 -> first attempt + 3 repeats.
    # First attempt at D+1 from 2026-07-10: 07-11, 07-14, 07-17, 07-20, then nothing.
    schedule = Schedule.model_validate(
        {
            "name": "lago",
            "non_business_day": "keep",
            "steps": [
                {
                    "id": "attempt",
                    "offset": 1,
                    "channels": ["email"],
                    "repeat": {"every": 3, "max": 3},
                }
            ],
        }
    )
    bill = [{"id": "l", "customer_id": "firm", "amount": "90.00", "due_date": "2026-07-10"}]
    days = _daily(date(2026, 7, 10), date(2026, 8, 31) if engine == "rules" else date(2026, 7, 24))
    fired = _run(schedule, bill, days, engine=engine)
    assert [(d, r) for d, _, r, _, _ in fired] == [
        (date(2026, 7, 11), None),
        (date(2026, 7, 14), 1),
        (date(2026, 7, 17), 2),
        (date(2026, 7, 20), 3),
    ]


@ENGINES
def test_lago_thresholds_per_currency(engine: str) -> None:
    # Lago thresholds [{BRL 50.00}, {EUR 10.00}]: BRL 49.99 below -> no; BRL 50.00 -> yes
    # (>= threshold); EUR 10.00 -> yes; USD 1000.00 (no threshold for USD) -> not dunned.
    schedule = Schedule.model_validate(
        {
            "name": "lago",
            "non_business_day": "keep",
            "limits": {"per_customer_per_day": 10, "per_customer_per_week": 10},
            "steps": [
                {
                    "id": "attempt",
                    "offset": 1,
                    "channels": ["email"],
                    "when": {"min_amount": {"BRL": "50.00", "EUR": "10.00"}},
                }
            ],
        }
    )
    bills = [
        {"id": id_, "customer_id": "firm", "amount": amount, "currency": cur,
         "due_date": "2026-07-10"}
        for id_, amount, cur in [
            ("brl_low", "49.99", "BRL"), ("brl_at", "50.00", "BRL"),
            ("eur_at", "10.00", "EUR"), ("usd", "1000.00", "USD"),
        ]
    ]  # fmt: skip
    fired = _run(schedule, bills, [date(2026, 7, 11)], engine=engine)
    assert sorted(i for *_, ids, _ in fired for i in ids) == ["brl_at", "eur_at"]


@ENGINES
def test_oca_end_of_month(engine: str) -> None:
    # OCA credit control, computation_mode end_of_month, delay 10: due 2026-03-25 + 10 = 04-04,
    # end of that month -> 2026-04-30. Due 2026-02-10 + 10 = 02-20 -> 2026-02-28.
    schedule = Schedule.model_validate(
        {
            "name": "oca",
            "non_business_day": "keep",
            "steps": [{"id": "m", "offset": 10, "end_of_month": True, "channels": ["email"]}],
        }
    )
    for due, expected in [("2026-03-25", date(2026, 4, 30)), ("2026-02-10", date(2026, 2, 28))]:
        bill = [{"id": "o", "customer_id": "firm", "amount": "70.00", "due_date": due}]
        start = date.fromisoformat(due)
        if engine == "columnar":
            start = expected - timedelta(days=3)
        fired = _run(
            schedule,
            bill,
            _daily(start, start + timedelta(days=70 if engine == "rules" else 6)),
            engine=engine,
        )
        assert [d for d, *_ in fired] == [expected]


@ENGINES
def test_killbill_conditions_count_and_balance(engine: str) -> None:
    # Kill Bill: numberOfUnpaidInvoicesEqualsOrExceeds 2 AND totalUnpaidInvoiceBalance >= 100.
    # One overdue invoice of 150 -> no (count 1); two of 40 -> no (total 80); two of 60 -> yes
    # (count 2, total 120). Step at D+1, planned on D+1.
    schedule = Schedule.model_validate(
        {
            "name": "kb",
            "non_business_day": "keep",
            "limits": {"per_customer_per_day": 10, "per_customer_per_week": 10},
            "steps": [
                {
                    "id": "warning",
                    "offset": 1,
                    "channels": ["email"],
                    "when": {"min_invoices": 2, "min_total_overdue": "100.00"},
                }
            ],
        }
    )
    for amounts, fires in [(["150.00"], False), (["40.00", "40.00"], False),
                           (["60.00", "60.00"], True)]:  # fmt: skip
        bills = [
            {"id": f"k{n}", "customer_id": "firm", "amount": a, "due_date": "2026-05-04"}
            for n, a in enumerate(amounts)
        ]
        assert bool(_run(schedule, bills, [date(2026, 5, 5)], engine=engine)) is fires, amounts


# Steps at D+1 and D+5; invoices due Mon 2026-05-04 have them on Tue 05-05 and Sat 05-09.
PAUSA = Schedule.model_validate(
    {
        "name": "pausa",
        "non_business_day": "keep",
        "steps": [
            {"id": "d1", "offset": 1, "channels": ["email"]},
            {"id": "d5", "offset": 5, "channels": ["email"]},
        ],
    }
)


@ENGINES
def test_mahnstopp_pause_then_catch_up_latest(engine: str) -> None:
    # Invoice paused until 2026-05-12: nothing fires before 05-12; on 05-12 the default catch_up
    # (latest) fires only the latest due step, d5; nothing after.
    schedule = PAUSA
    bill = [
        {"id": "p", "customer_id": "firm", "amount": "30.00", "due_date": "2026-05-04",
         "dunning_paused_until": "2026-05-12"}
    ]  # fmt: skip
    days = _daily(
        date(2026, 5, 4) if engine == "rules" else date(2026, 5, 10),
        date(2026, 5, 31) if engine == "rules" else date(2026, 5, 14),
    )
    fired = _run(schedule, bill, days, engine=engine)
    assert [(d, s) for d, s, *_ in fired] == [(date(2026, 5, 12), "d5")]


def test_oca_group_under_the_highest_level() -> None:
    # OCA #21/#432: one notice per partner at the most severe level due. Invoices due 05-04
    # (d1 due 05-05, d10 due 05-14) and Sunday 05-10 (d10 due 05-20; d1, 05-11, is the Monday
    # it may still be paid without default, so 05-12). A first run on 05-14 finds g1 due for d10
    # (catch-up: the latest level) and g2 due for d1: one action at d10 listing both, instead of
    # one per level.
    schedule = Schedule.model_validate(
        {
            "name": "oca",
            "consolidate": "customer",
            "non_business_day": "keep",
            "steps": [
                {"id": "d1", "offset": 1, "channels": ["email"]},
                {"id": "d10", "offset": 10, "channels": ["email"]},
            ],
        }
    )
    bills = [
        {"id": "g1", "customer_id": "firm", "amount": "30.00", "due_date": "2026-05-04"},
        {"id": "g2", "customer_id": "firm", "amount": "40.00", "due_date": "2026-05-10"},
    ]
    fired = _run(schedule, bills, [date(2026, 5, 14)])
    assert [(s, ids) for _, s, _, ids, _ in fired] == [("d10", ("g1", "g2"))]
    # Planned daily from 05-04 instead, each invoice is due for one level on different days:
    # nothing to merge, one notice each day something is due (g2 is due for nothing on 05-14).
    fired = _run(schedule, bills, _daily(date(2026, 5, 4), date(2026, 5, 31)))
    assert [(d, s, ids) for d, s, _, ids, _ in fired] == [
        (date(2026, 5, 5), "d1", ("g1",)),
        (date(2026, 5, 12), "d1", ("g2",)),
        (date(2026, 5, 14), "d10", ("g1",)),
        (date(2026, 5, 20), "d10", ("g2",)),
    ]


@pytest.mark.parametrize(
    ("offset", "policy", "reminder_on"),
    [
        # Brazilian default: Tue 02-17 (Carnaval, no banking) -> next business day, Wed 02-18
        # (Ash Wednesday: banks open at noon, a business day).
        (-3, None, date(2026, 2, 18)),
        # "previous": Mon 02-16 is Carnaval too -> Fri 02-13.
        (-3, "previous", date(2026, 2, 13)),
        # Three business days before: Thu 02-19 (1), Wed 02-18 (2), then back over Carnaval and
        # the weekend to Fri 02-13 (3).
        ("-3bd", None, date(2026, 2, 13)),
    ],
)
@ENGINES
def test_odoo_pre_due_reminder_fires_before_due_once(
    offset: int | str, policy: str | None, reminder_on: date, engine: str
) -> None:
    # Odoo account_followup: a level with negative delay (a "lembrete" 3 days before the due
    # date), then the due day and D+3. Invoice due Fri 2026-02-20, planned every day from 02-01 to
    # 03-31 with the Brazilian banking calendar:
    #   lembrete  02-20 - 3 = Tue 02-17 (Carnaval) -> moved as the policy says (reminder_on)
    #   vencimento  Fri 02-20 (a business day)
    #   d3        02-20 + 3 = Mon 02-23 (a business day)
    # Each once: the reminder does not come back after the due date. Caps: one a day, and at
    # most 3 in any 7 days (02-18, 02-20, 02-23 are 3 in 02-17..02-23; 02-13 is further off).
    steps: list[dict[str, Any]] = [
        {"id": "lembrete", "offset": offset, "channels": ["email"]},
        {"id": "vencimento", "offset": 0, "channels": ["email"]},
        {"id": "d3", "offset": 3, "channels": ["email"]},
    ]
    if policy is not None:
        steps[0]["non_business_day"] = policy
    schedule = Schedule.model_validate({"name": "odoo", "steps": steps})
    bill = [{"id": "o", "customer_id": "firm", "amount": "100.00", "due_date": "2026-02-20"}]
    if engine == "rules":
        days = _daily(date(2026, 2, 1), date(2026, 3, 31))
    else:
        days = _daily(date(2026, 2, 12), date(2026, 2, 25))
    fired = _run(schedule, bill, days, engine=engine)
    assert [(d, s) for d, s, *_ in fired] == [
        (reminder_on, "lembrete"),
        (date(2026, 2, 20), "vencimento"),
        (date(2026, 2, 23), "d3"),
    ]


@ENGINES
def test_pre_due_reminder_and_a_due_date_on_saturday(engine: str) -> None:
    # Due Sat 2026-03-14: paying on Mon 03-16 is on time (Lei 7.089/83), so the invoice is first
    # overdue on Tue 03-17. Brazilian defaults:
    #   lembrete  03-14 - 3 = Wed 03-11 (a business day, before the due date)
    #   vencimento  Sat 03-14 -> next business day, Mon 03-16
    #   d1        03-14 + 1 = Sun 03-15 -> Mon 03-16, the effective due date, where no after-due
    #             step may land -> Tue 03-17, the first day it is late
    # Caps: 03-11, 03-16, 03-17 are 3 in 03-11..03-17, the most the weekly cap allows.
    schedule = Schedule.model_validate(
        {
            "name": "odoo",
            "steps": [
                {"id": "lembrete", "offset": -3, "channels": ["email"]},
                {"id": "vencimento", "offset": 0, "channels": ["email"]},
                {"id": "d1", "offset": 1, "channels": ["email"]},
            ],
        }
    )
    bill = [{"id": "s", "customer_id": "firm", "amount": "100.00", "due_date": "2026-03-14"}]
    if engine == "rules":
        days = _daily(date(2026, 3, 1), date(2026, 4, 15))
    else:
        days = _daily(date(2026, 3, 10), date(2026, 3, 19))
    fired = _run(schedule, bill, days, engine=engine)
    assert [(d, s) for d, s, *_ in fired] == [
        (date(2026, 3, 11), "lembrete"),
        (date(2026, 3, 16), "vencimento"),
        (date(2026, 3, 17), "d1"),
    ]


def test_invoice_ninja_reminders_count_from_the_invoice_date() -> None:
    # Invoice Ninja: reminder1 7 days and reminder2 14 days "after_invoice_date"
    # (anchor issue_date), reminder3 5 days "after_due_date". Both invoices issued Mon 2026-03-02,
    # so reminder1 is 03-09 (Mon) and reminder2 03-16 (Mon) for both, whatever the due date.
    #   net10: due Thu 03-12 -> reminder1 03-09 (before due), reminder2 03-16 (4 days late),
    #          reminder3 03-12 + 5 = Tue 03-17.
    #   net59: due Thu 04-30, later than issue + 7 and issue + 14: both issue-date reminders
    #          go before it (03-09, 03-16), reminder3 04-30 + 5 = Tue 05-05.
    # Planned daily 03-01 .. 05-31, one invoice at a time.
    schedule = Schedule.model_validate(
        {
            "name": "ninja",
            "non_business_day": "keep",
            "steps": [
                {"id": "reminder1", "offset": 7, "anchor": "issue_date", "channels": ["email"]},
                {"id": "reminder2", "offset": 14, "anchor": "issue_date", "channels": ["email"]},
                {"id": "reminder3", "offset": 5, "channels": ["email"]},
            ],
        }
    )
    table = {
        "2026-03-12": [
            (date(2026, 3, 9), "reminder1"),
            (date(2026, 3, 16), "reminder2"),
            (date(2026, 3, 17), "reminder3"),
        ],
        "2026-04-30": [
            (date(2026, 3, 9), "reminder1"),
            (date(2026, 3, 16), "reminder2"),
            (date(2026, 5, 5), "reminder3"),
        ],
    }
    for due, expected in table.items():
        bill = [
            {"id": "n", "customer_id": "firm", "amount": "60.00", "issue_date": "2026-03-02",
             "due_date": due}
        ]  # fmt: skip
        fired = _run(schedule, bill, _daily(date(2026, 3, 1), date(2026, 5, 31)))
        assert [(d, s) for d, s, *_ in fired] == expected, due


PROMISE_SCHEDULE = Schedule.model_validate(
    {
        "name": "promessa",
        "promises": {"grace_days": 3},
        "steps": [
            {"id": "d1", "offset": 1, "channels": ["email"]},
            {"id": "d10", "offset": 10, "channels": ["email"]},
            {"id": "d21", "offset": 21, "channels": ["email"]},
            {"id": "quebra", "offset": 0, "trigger": "broken_promise", "channels": ["email"]},
        ],
    }
)

# Invoice 300.00 due Mon 2026-08-03: d1 Tue 08-04, d10 Thu 08-13, d21 Mon 08-24 (business days,
# no holiday in August). Promise made Wed 08-05, due Thu 08-13, grace 3: it holds the ladder to
# Sun 08-16 inclusive; not kept, it breaks on Mon 08-17 (the trigger's day, offset 0).
# With one contact a day, on the day it breaks the step listed later (quebra) goes first and the
# resumed ladder's d10 the next day; d21 on 08-24 (08-17, 08-18, 08-24: at most 2 in any 7 days).
PROMISE_CASES = {
    "broken, nothing paid": (
        "300.00", [],
        [("08-04", "d1", "300.00"), ("08-17", "quebra", "300.00"), ("08-18", "d10", "300.00"),
         ("08-24", "d21", "300.00")],
    ),
    "kept, paid in full on the promised day": (
        "300.00", [("2026-08-13", "300.00")], [("08-04", "d1", "300.00")],
    ),
    # 120.00 promised and paid Fri 08-14 (inside the grace): kept that day, so the d10 held
    # since 08-13 goes on 08-14 for what is still owed, 300 - 120 = 180.00; no quebra, ever.
    "kept, part of the debt, paid in the grace": (
        "120.00", [("2026-08-14", "120.00")],
        [("08-04", "d1", "300.00"), ("08-14", "d10", "180.00"), ("08-24", "d21", "180.00")],
    ),
    # 300.00 promised, 100.00 paid on the day: short, so broken on 08-17; owed 200.00.
    "broken, partial payment": (
        "300.00", [("2026-08-13", "100.00")],
        [("08-04", "d1", "300.00"), ("08-17", "quebra", "200.00"), ("08-18", "d10", "200.00"),
         ("08-24", "d21", "200.00")],
    ),
    # 120.00 paid on the due date 08-03, before the promise of 120.00 was made (08-05): it does
    # not count toward the promise, which breaks; owed 300 - 120 = 180.00 from 08-04 on.
    "a payment before the promise does not keep it": (
        "120.00", [("2026-08-03", "120.00")],
        [("08-04", "d1", "180.00"), ("08-17", "quebra", "180.00"), ("08-18", "d10", "180.00"),
         ("08-24", "d21", "180.00")],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(PROMISE_CASES))
def test_promise_to_pay_pauses_then_is_kept_or_broken(case: str) -> None:
    promised, paid, expected = PROMISE_CASES[case]
    bill = [
        {"id": "p", "customer_id": "firm", "amount": "300.00", "due_date": "2026-08-03",
         "payments": [{"date": d, "amount": a} for d, a in paid]}
    ]  # fmt: skip
    promise = Promise(
        id="pr1", customer_id="firm", invoice_ids=["p"], amount=promised,
        made_on=date(2026, 8, 5), due_date=date(2026, 8, 13), channel="phone",
    )  # fmt: skip
    fired = _actions(
        PROMISE_SCHEDULE, bill, _daily(date(2026, 8, 1), date(2026, 9, 30)), promises=[promise]
    )
    assert [(d, a.step_id, a.amount_due) for d, a in fired] == [
        (date.fromisoformat(f"2026-{d}"), s, Decimal(a)) for d, s, a in expected
    ]


def test_promise_holds_the_due_step_and_says_when_the_ladder_resumes() -> None:
    # The broken case above on Thu 08-13 (d1 recorded on 08-04): d10 is due but held by the
    # pending promise, code promised, resuming on 08-13 + 3 + 1 = Mon 08-17; explain agrees.
    bill = [{"id": "p", "customer_id": "firm", "amount": "300.00", "due_date": "2026-08-03"}]
    promise = Promise(
        id="pr1", customer_id="firm", invoice_ids=["p"], amount="300.00",
        made_on=date(2026, 8, 5), due_date=date(2026, 8, 13),
    )  # fmt: skip
    done = [
        a.record("delivered")
        for _, a in _actions(
            PROMISE_SCHEDULE, bill, _daily(date(2026, 8, 1), date(2026, 8, 12)), promises=[promise]
        )
    ]
    assert [a.step_id for a in done] == ["d1"]
    day = date(2026, 8, 13)
    today = plan(PROMISE_SCHEDULE, FIRM, bill, as_of=day, history=done, promises=[promise])
    assert today.actions == ()
    assert [(s.step_id, s.invoice_ids, s.code.value, s.retry_on) for s in today.skipped] == [
        ("d10", ("p",), "promised", date(2026, 8, 17))
    ]
    why = explain(PROMISE_SCHEDULE, FIRM[0], bill, as_of=day, history=done, promises=[promise])
    rows = {r.step_id: (r.state.value, r.code and r.code.value, r.retry_on) for r in why.rows}
    assert rows["d1"] == ("fired", None, None)
    assert rows["d10"] == ("skipped", "promised", date(2026, 8, 17))
    assert rows["d21"][0] == "not_yet"


def _ladders_run_out(
    schedule: Schedule, invoices: list[dict[str, Any]], days: list[date], **options: Any
) -> list[tuple[date, tuple[str, ...], bool]]:
    """After each day's actions are recorded, the firm's exhausted ladders (invoices, whole
    account) as explain and a plan of the same day then (a replay) say them, listed on the days
    they change (and on the first day). The two must agree; with nothing exhausted, the
    account's flag is explain's alone (plan then has no entry)."""
    changes: list[tuple[date, tuple[str, ...], bool]] = []
    engine = options.get("engine", "rules")
    for day, _, done, known in _days(schedule, invoices, days, **options):
        why = explain(schedule, FIRM[0], known, as_of=day, history=done)
        replay = _plan(engine, schedule, FIRM, known, day, done)
        assert replay.actions == ()
        planned = [(e.invoice_ids, e.account) for e in replay.exhausted]
        if why.exhausted:
            assert planned == [(why.exhausted, why.account_exhausted)], day
        else:
            assert planned == [], day
        if not changes or changes[-1][1:] != (why.exhausted, why.account_exhausted):
            changes.append((day, why.exhausted, why.account_exhausted))
    return changes


@ENGINES
def test_tryton_final_each_invoice_ladder_and_the_account(engine: str) -> None:
    # Tryton's `final` / Chargebee's `exhausted` (issue 11 item 10), in explain and in plan
    # (Plan.exhausted; regua.columnar's exhausted table). TRYTON's two levels; t due 06-01
    # (l1 06-06, l2 06-11), u due 06-08 (l1 06-13, l2 06-18); planned daily, each day's actions
    # recorded before explaining (and re-planning) it (caps: 06-06, 06-11, 06-13, 06-18 are at
    # most 2 in any 7 days):
    #   06-01 .. 06-10   nothing exhausted (l2 still to come for both)
    #   06-11 .. 06-17   t exhausted (both levels fired), u not: the account is not
    #   06-18 ..         t and u: the account's ladder has nothing left to do
    bills = [
        {"id": "t", "customer_id": "firm", "amount": "200.00", "due_date": "2026-06-01"},
        {"id": "u", "customer_id": "firm", "amount": "100.00", "due_date": "2026-06-08"},
    ]
    days = _daily(date(2026, 6, 1), date(2026, 6, 30))
    if engine == "columnar":  # a host running on the level days, the day before and after
        days = [d for d in days if {d.day - 1, d.day, d.day + 1} & {1, 6, 11, 13, 18}]
    assert _ladders_run_out(TRYTON, bills, days, engine=engine) == [
        (date(2026, 6, 1), (), False),
        (date(2026, 6, 11), ("t",), False),
        (date(2026, 6, 18), ("t", "u"), True),
    ]


def test_tryton_final_counts_a_level_passed_over() -> None:
    # t first seen on 06-13 (D+12): catch_up latest fires l2 only, l1 is passed (a later level
    # fired). Fired or passed, every level is done: exhausted that day. Paying it (06-20) takes
    # it off the list: only open invoices are handed on.
    bill = [
        {"id": "t", "customer_id": "firm", "amount": "200.00", "due_date": "2026-06-01",
         "payments": [{"date": "2026-06-20", "amount": "200.00"}]}
    ]  # fmt: skip
    # Before l2 is carried out (recorded) the ladder still has something to do.
    first = plan(TRYTON, FIRM, bill, as_of=date(2026, 6, 13))
    assert ([a.step_id for a in first.actions], first.exhausted) == (["l2"], ())
    days = _daily(date(2026, 6, 13), date(2026, 6, 25))
    assert [(d, s) for d, s, *_ in _run(TRYTON, bill, days)] == [(date(2026, 6, 13), "l2")]
    changes = _ladders_run_out(TRYTON, bill, days)
    assert changes[0] == (date(2026, 6, 13), ("t",), True)
    # With nothing open, whether "the account" is exhausted is left to regua: not asserted.
    assert [(d, e) for d, e, _ in changes] == [(date(2026, 6, 13), ("t",)), (date(2026, 6, 20), ())]


@pytest.mark.parametrize(
    ("repeat", "expected"),
    [
        # Lago max_attempts 4 (first + 3 repeats, 3 days apart) from D+1, due 07-10: attempts on
        # 07-11, 07-14, 07-17, 07-20; only after the last is there nothing left to do.
        (
            {"every": 3, "max": 3},
            [(date(2026, 7, 10), (), False), (date(2026, 7, 20), ("l",), True)],
        ),
        # Invoice Ninja's endless reminder (no max) never runs out while the invoice is open.
        ({"every": 3}, [(date(2026, 7, 10), (), False)]),
    ],
)
def test_lago_attempts_run_out_endless_never(
    repeat: dict[str, int], expected: list[tuple[date, tuple[str, ...], bool]]
) -> None:
    schedule = Schedule.model_validate(
        {
            "name": "lago",
            "non_business_day": "keep",
            "steps": [{"id": "attempt", "offset": 1, "channels": ["email"], "repeat": repeat}],
        }
    )
    bill = [{"id": "l", "customer_id": "firm", "amount": "90.00", "due_date": "2026-07-10"}]
    assert (
        _ladders_run_out(schedule, bill, _daily(date(2026, 7, 10), date(2026, 8, 31))) == expected
    )


@ENGINES
def test_killbill_account_ladder_exhausted_after_cancellation(engine: str) -> None:
    # killbill#2297 above: CANCELLATION (the last state) on 06-13 for the account's ladder,
    # anchored on c and covering d; a and b are paid. From 06-13 the account's ladder is
    # exhausted: both open invoices listed, the account's flag set; never before.
    days = _daily(date(2012, 5, 31), date(2012, 6, 20 if engine == "rules" else 14))
    assert _ladders_run_out(KILLBILL, KILLBILL_ACCOUNT, days, issued_only=True, engine=engine) == [
        (date(2012, 5, 31), (), False),
        (date(2012, 6, 13), ("c", "d"), True),
    ]


def _pair(**fields: Any) -> list[dict[str, Any]]:
    """Invoices x and y of the firm, due Mon 2026-05-04 (PAUSA's steps: 05-05 and 05-09);
    ``fields`` go on x."""
    return [
        {"id": "x", "customer_id": "firm", "amount": "30.00", "due_date": "2026-05-04", **fields},
        {"id": "y", "customer_id": "firm", "amount": "40.00", "due_date": "2026-05-04"},
    ]


def test_blocked_invoice_tryton_odoo_litigation() -> None:
    # Tryton's Dunning.blocked / Odoo's `blocked` (litigation) on invoice x only: y goes its way
    # (d1 Tue 05-05, d5 Sat 05-09, each for y alone); x gets nothing, ever, and each run reports
    # it as dunning_blocked with the host's reason, never a date to retry.
    bills = _pair(dunning_blocked=True, dunning_block_reason="litígio: ação 123")
    days = _daily(date(2026, 5, 4), date(2026, 5, 31))
    assert [(d, s, ids) for d, s, _, ids, _ in _run(PAUSA, bills, days)] == [
        (date(2026, 5, 5), "d1", ("y",)),
        (date(2026, 5, 9), "d5", ("y",)),
    ]
    for _, today, _, _ in _days(PAUSA, bills, days):
        held = [s for s in today.skipped if s.code.value == "dunning_blocked"]
        assert all(s.invoice_ids == ("x",) and s.retry_on is None for s in held)
        assert all("litígio: ação 123" in s.reason for s in held)
    why = explain(PAUSA, FIRM[0], bills, as_of=date(2026, 5, 31))
    rows = {(r.invoice_id, r.step_id): (r.state.value, r.code and r.code.value) for r in why.rows}
    assert rows[("x", "d5")] == ("skipped", "dunning_blocked")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # A customer-wide pause to Tue 05-12 (Invoice Ninja's send_reminders off for a while):
        # on 05-12 catch_up latest fires d5, one action for both invoices (same step, same day).
        ({"dunning_paused_until": "2026-05-12"}, [(date(2026, 5, 12), "d5", ("x", "y"))]),
        # Lago's exclude_from_dunning_campaign / OCA's do_nothing policy: nothing, ever.
        ({"dunning_blocked": True, "dunning_block_reason": "cliente interno"}, []),
    ],
)
def test_customer_pause_or_opt_out(
    fields: dict[str, Any], expected: list[tuple[date, str, tuple[str, ...]]]
) -> None:
    customer = [{**FIRM[0], **fields}]
    days = _daily(date(2026, 5, 4), date(2026, 5, 31))
    fired = _run(PAUSA, _pair(), days, customers=customer)
    assert [(d, s, ids) for d, s, _, ids, _ in fired] == expected
    # On Fri 05-08 d1 is due for both and held back by the customer's own pause or block.
    (_, today, _, _) = next(
        entry for entry in _days(PAUSA, _pair(), days, customers=customer)
        if entry[0] == date(2026, 5, 8)
    )  # fmt: skip
    code, retry = ("dunning_blocked", None) if fields.get("dunning_blocked") else (
        "dunning_paused", date(2026, 5, 12)
    )  # fmt: skip
    assert today.actions == ()
    assert sorted(i for s in today.skipped for i in s.invoice_ids) == ["x", "y"]
    assert {(s.step_id, s.code.value, s.retry_on) for s in today.skipped} == {("d1", code, retry)}


@ENGINES
def test_buckets_decide_the_step_even_when_catching_up_all(engine: str) -> None:
    # The seeds' régua by bucket (1-5, 6-30, 31+ days overdue), Brazilian defaults (banking
    # calendar, next business day), catch_up "all" so that only the buckets stop a late first
    # run from sending every missed step. Invoice due Mon 2026-03-02:
    #   cedo   D+1  Tue 03-03 (1 day overdue, in 1-5)
    #   medio  D+6  Sun 03-08 -> Mon 03-09 (7 days, in 6-30)
    #   tarde  D+31 Thu 04-02 (31 days, in 31+)
    # Daily from 03-01: each in turn. First run on Fri 03-13 (11 days): medio only (cedo would
    # have been caught up, but 11 is outside 1-5), then tarde on 04-02.
    # First run on Mon 04-06 (35 days): tarde only.
    schedule = Schedule.model_validate(
        {
            "name": "faixas",
            "catch_up": "all",
            "steps": [
                {"id": "cedo", "offset": 1, "channels": ["email"],
                 "when": {"days_overdue": {"min": 1, "max": 5}}},
                {"id": "medio", "offset": 6, "channels": ["email"],
                 "when": {"days_overdue": {"min": 6, "max": 30}}},
                {"id": "tarde", "offset": 31, "channels": ["email"],
                 "when": {"days_overdue": {"min": 31}}},
            ],
        }
    )  # fmt: skip
    bill = [{"id": "f", "customer_id": "firm", "amount": "500.00", "due_date": "2026-03-02"}]
    table = {
        date(2026, 3, 1): [
            (date(2026, 3, 3), "cedo"),
            (date(2026, 3, 9), "medio"),
            (date(2026, 4, 2), "tarde"),
        ],
        date(2026, 3, 13): [(date(2026, 3, 13), "medio"), (date(2026, 4, 2), "tarde")],
        date(2026, 4, 6): [(date(2026, 4, 6), "tarde")],
    }
    for first_run, expected in table.items():
        days = _daily(first_run, date(2026, 4, 30))
        if engine == "columnar":  # a host running on the first day, each table day and the next
            days = sorted({first_run} | {d + timedelta(k) for d, _ in expected for k in (0, 1)})
        fired = _run(schedule, bill, days, engine=engine)
        assert [(d, s) for d, s, *_ in fired] == expected, first_run


@pytest.mark.parametrize("case", list(PROMISE_CASES))
def test_promise_simulated_as_an_event(case: str) -> None:
    # The same tables, from simulate: the promise arrives as a dated event (on its made_on,
    # 08-05) and the payments as simulate's what-if payments.
    promised, paid, expected = PROMISE_CASES[case]
    bill = [{"id": "p", "customer_id": "firm", "amount": "300.00", "due_date": "2026-08-03"}]
    promise = {
        "id": "pr1", "customer_id": "firm", "invoice_ids": ["p"], "amount": promised,
        "made_on": "2026-08-05", "due_date": "2026-08-13",
    }  # fmt: skip
    run = simulate(
        PROMISE_SCHEDULE, FIRM, bill, start=date(2026, 8, 1), end=date(2026, 9, 30),
        payments={"p": [{"date": d, "amount": a} for d, a in paid]},
        events=[{"kind": "promise_made", "promise": promise}],
    )  # fmt: skip
    assert [(e.executed_on, e.action.step_id, e.action.amount_due) for e in run.timeline] == [
        (date.fromisoformat(f"2026-{d}"), s, Decimal(a)) for d, s, a in expected
    ]


def test_broken_promise_step_fires_once_even_if_a_second_promise_breaks() -> None:
    # The "broken, nothing paid" table, then a second promise: made Wed 08-19 for 300.00 by Fri
    # 08-21, grace 3 -> holds to Mon 08-24 (d21's day) and breaks Tue 08-25. The ladder resumes:
    # d21 on 08-25; quebra already fired for the invoice (08-17), so it does not fire again.
    bill = [{"id": "p", "customer_id": "firm", "amount": "300.00", "due_date": "2026-08-03"}]
    promises = [
        Promise(
            id=id_, customer_id="firm", invoice_ids=["p"], amount="300.00",
            made_on=made, due_date=due,
        )
        for id_, made, due in [
            ("pr1", date(2026, 8, 5), date(2026, 8, 13)),
            ("pr2", date(2026, 8, 19), date(2026, 8, 21)),
        ]
    ]  # fmt: skip
    days = _daily(date(2026, 8, 1), date(2026, 9, 30))
    assert [(d, s) for d, s, *_ in _run(PROMISE_SCHEDULE, bill, days, promises=promises)] == [
        (date(2026, 8, 4), "d1"),
        (date(2026, 8, 17), "quebra"),
        (date(2026, 8, 18), "d10"),
        (date(2026, 8, 25), "d21"),
    ]


def test_promise_holds_only_its_own_invoices() -> None:
    # Invoices p and q (300.00 each) due Mon 08-03; the promise (made 08-05, by 08-13, grace 3)
    # names p only. q goes on: d10 on 08-13 for q alone; p's d10 waits, quebra for p when the
    # promise breaks on 08-17 and its d10 the next day; d21 on 08-24 for both (one action).
    # Caps: 08-13, 08-17, 08-18 are 3 in 08-12..08-18; 08-24 has 08-18 only in its 7 days.
    bills = [
        {"id": id_, "customer_id": "firm", "amount": "300.00", "due_date": "2026-08-03"}
        for id_ in ("p", "q")
    ]
    promise = Promise(
        id="pr1", customer_id="firm", invoice_ids=["p"], amount="300.00",
        made_on=date(2026, 8, 5), due_date=date(2026, 8, 13),
    )  # fmt: skip
    days = _daily(date(2026, 8, 1), date(2026, 9, 30))
    fired = _run(PROMISE_SCHEDULE, bills, days, promises=[promise])
    assert [(d, s, ids) for d, s, _, ids, _ in fired] == [
        (date(2026, 8, 4), "d1", ("p", "q")),
        (date(2026, 8, 13), "d10", ("q",)),
        (date(2026, 8, 17), "quebra", ("p",)),
        (date(2026, 8, 18), "d10", ("p",)),
        (date(2026, 8, 24), "d21", ("p", "q")),
    ]


def test_a_host_block_outranks_a_pending_promise() -> None:
    # Invoice blocked by the host (Mahnstopp) and promised: the block is what is reported.
    bill = [
        {"id": "p", "customer_id": "firm", "amount": "300.00", "due_date": "2026-08-03",
         "dunning_blocked": True}
    ]  # fmt: skip
    promise = Promise(
        id="pr1", customer_id="firm", invoice_ids=["p"], amount="300.00",
        made_on=date(2026, 8, 5), due_date=date(2026, 8, 13),
    )  # fmt: skip
    today = plan(PROMISE_SCHEDULE, FIRM, bill, as_of=date(2026, 8, 13), promises=[promise])
    assert today.actions == ()
    assert {s.code.value for s in today.skipped} == {"dunning_blocked"}


@pytest.mark.parametrize(
    ("issued", "offset", "expected"),
    [
        # Five business days from Sat 02-14 itself: Wed 02-18 (Carnaval 02-16/17 skipped), Thu
        # 02-19, Fri 02-20, Mon 02-23, Tue 02-24.
        ("2026-02-14", "5bd", date(2026, 2, 24)),
        # Seven calendar days from Tue 02-10: Tue 02-17, Carnaval -> next business day Wed 02-18.
        ("2026-02-10", 7, date(2026, 2, 18)),
    ],
)
def test_invoice_date_reminder_on_the_brazilian_calendar(
    issued: str, offset: int | str, expected: date
) -> None:
    # Invoice Ninja's "after invoice date" with Brazilian defaults; due 03-31, so the reminder
    # comes well before the due date, once.
    schedule = Schedule.model_validate(
        {
            "name": "ninja",
            "steps": [{"id": "r", "offset": offset, "anchor": "issue_date", "channels": ["email"]}],
        }
    )
    bill = [
        {"id": "n", "customer_id": "firm", "amount": "60.00", "issue_date": issued,
         "due_date": "2026-03-31"}
    ]  # fmt: skip
    fired = _run(schedule, bill, _daily(date(2026, 2, 1), date(2026, 4, 30)))
    assert [(d, s) for d, s, *_ in fired] == [(expected, "r")]


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        # The Mahnstopp table above as a dated pause: set on 05-04 until 05-12 -> d5 on 05-12.
        (
            [{"kind": "pause_set", "on": "2026-05-04", "customer_id": "firm", "invoice_id": "x",
              "until": "2026-05-12"}],
            [(date(2026, 5, 12), "d5")],
        ),
        # Blocked on 05-04, lifted on Thu 05-07: d1 (due 05-05) is the latest due step that day;
        # d5 on its own day, Sat 05-09.
        (
            [{"kind": "pause_set", "on": "2026-05-04", "customer_id": "firm", "invoice_id": "x",
              "blocked": True, "reason": "conferir pagamento"},
             {"kind": "pause_lifted", "on": "2026-05-07", "customer_id": "firm",
              "invoice_id": "x"}],
            [(date(2026, 5, 7), "d1"), (date(2026, 5, 9), "d5")],
        ),
    ],
)  # fmt: skip
def test_mahnstopp_simulated_as_events(
    events: list[dict[str, Any]], expected: list[tuple[date, str]]
) -> None:
    bill = _pair()[:1]
    run = simulate(PAUSA, FIRM, bill, start=date(2026, 5, 1), end=date(2026, 5, 31), events=events)
    assert [(e.executed_on, e.action.step_id) for e in run.timeline] == expected
    assert [e.on for e in run.events] == [date.fromisoformat(e["on"]) for e in events]


def test_killbill_ladder_restarts_only_when_the_old_debt_is_paid() -> None:
    # killbill#2297's account, plus a charge e issued Fri 06-15, after CANCELLATION (06-13):
    # it joins the exhausted ladder (anchor still c). c and d are paid on Sat 06-16: e is now the
    # earliest unpaid invoice and the ladder counts from its date, 06-15: WARNING 06-20,
    # BLOCKED 06-22, CANCELLATION 06-26, each for e alone.
    # Exhausted (explain, after each day's records):
    #   05-31 .. 06-12  nothing
    #   06-13, 06-14    c, d (account)
    #   06-15           c, d, e: e carries the anchor's (c's) states, all fired
    #   06-16 .. 06-25  nothing: e's own ladder has not run yet
    #   06-26 ..        e (account)
    account = [
        *KILLBILL_ACCOUNT[:2],
        _bill("c", "700.00", "2012-06-02", "2012-06-16"),
        _bill("d", "200.00", "2012-06-03", "2012-06-16"),
        _bill("e", "300.00", "2012-06-15"),
    ]
    days = _daily(date(2012, 5, 31), date(2012, 7, 15))
    assert [(d, s, ids) for d, s, _, ids, _ in _run(KILLBILL, account, days, issued_only=True)] == [
        (date(2012, 6, 7), "warning", ("c", "d")),
        (date(2012, 6, 9), "blocked", ("c", "d")),
        (date(2012, 6, 13), "cancellation", ("c", "d")),
        (date(2012, 6, 20), "warning", ("e",)),
        (date(2012, 6, 22), "blocked", ("e",)),
        (date(2012, 6, 26), "cancellation", ("e",)),
    ]
    assert _ladders_run_out(KILLBILL, account, days, issued_only=True) == [
        (date(2012, 5, 31), (), False),
        (date(2012, 6, 13), ("c", "d"), True),
        (date(2012, 6, 15), ("c", "d", "e"), True),
        (date(2012, 6, 16), (), False),
        (date(2012, 6, 26), ("e",), True),
    ]


def test_a_promise_breaks_on_the_customers_own_day() -> None:
    # Two customers with the same invoice (300.00 due 08-03) and promise (made 08-05, by 08-13,
    # grace 3: holds to 08-16, breaks on 08-17), planned at one instant, 2026-08-17 04:30 UTC:
    # 01:30 of 08-17 in São Paulo (UTC-3): broken, quebra goes (its window opens at 08:00);
    # 23:30 of 08-16 in Rio Branco (Acre, UTC-5): still promised, d10 held until 08-17.
    people = [
        {"id": id_, "name": id_, "kind": "consumer", "state": uf,
         "contacts": {"email": f"{id_}@example.com"}}
        for id_, uf in (("ac", "AC"), ("sp", "SP"))
    ]  # fmt: skip
    bills = [
        {"id": f"p-{id_}", "customer_id": id_, "amount": "300.00", "due_date": "2026-08-03"}
        for id_ in ("ac", "sp")
    ]
    promises = [
        Promise(
            id=f"pr-{id_}", customer_id=id_, invoice_ids=[f"p-{id_}"], amount="300.00",
            made_on=date(2026, 8, 5), due_date=date(2026, 8, 13),
        )
        for id_ in ("ac", "sp")
    ]  # fmt: skip
    d1 = [
        {"action_id": f"d1-{id_}", "customer_id": id_, "step_id": "d1",
         "invoice_ids": [f"p-{id_}"], "channel": "email", "at": "2026-08-04T12:00:00+00:00",
         "outcome": "delivered"}
        for id_ in ("ac", "sp")
    ]  # fmt: skip
    instant = datetime(2026, 8, 17, 4, 30, tzinfo=UTC)
    today = plan(PROMISE_SCHEDULE, people, bills, as_of=instant, history=d1, promises=promises)
    assert [(a.customer_id, a.step_id, a.window_start.date()) for a in today.actions] == [
        ("sp", "quebra", date(2026, 8, 17))
    ]
    assert [
        (s.step_id, s.code.value, s.retry_on) for s in today.skipped if s.customer_id == "ac"
    ] == [("d10", "promised", date(2026, 8, 17))]

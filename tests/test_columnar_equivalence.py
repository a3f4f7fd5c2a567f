"""The columnar engine makes the reference engine's decisions: a differential test.

For random schedules (every key of the schedule language), customers, invoices with payments,
agreements, promises to pay, profiles and multi-day runs that record each day's actions with
varied outcomes, ``regua.columnar.plan`` on the tables ``regua.frames.to_polars`` makes of the
models must give the actions of ``regua.plan`` on the models, field by field (ids included), in
the same order, and the same skips (every entry in the detail, and the counts per step and
code). Plus the pinned portfolios of ``tests/test_rules_equivalence.py`` and the sample.

A schedule names Brazil or a second, made-up jurisdiction (``XT``, registered for this module
only) with other bank holidays, a wider contact window, shorter notice and a longer
prescription term, and sometimes leaves its contact window to the jurisdiction: both engines
read the law through the schedule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import regua
import regua.columnar
import regua.frames
from plan_snapshots import assert_lines
from regua.jurisdiction import ContactHours, Jurisdiction, register, unregister
from regua.models import (
    Action,
    Agreement,
    ContactRecord,
    Customer,
    Invoice,
    Outcome,
    Promise,
)
from regua.rules import Plan, Schedule
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule
from regua.scoring import classify_portfolio
from test_rules_equivalence import SCHEDULE, _mixed_portfolio, _portfolio
from test_schedule_anchors import ACCOUNT, KB_INVOICES, KILL_BILL

AS_OF = date(2026, 3, 16)


def _action_row(action: Action) -> dict[str, Any]:
    fields = dict(action.__dict__)
    fields["invoice_ids"] = list(action.invoice_ids)
    fields["action"] = action.action.value
    fields["channel"] = None if action.channel is None else action.channel.value
    fields["window_start"] = action.window_start.astimezone(UTC)
    fields["window_end"] = action.window_end.astimezone(UTC)
    return fields


def _columnar_row(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["context"] = {entry["key"]: entry["value"] for entry in row["context"]}
    if row["fees"] is not None:
        row["fees"] = {entry["key"]: entry["value"] for entry in row["fees"]}
    return row


def _skip_rows(result: Plan) -> list[tuple[Any, ...]]:
    return [
        (s.customer_id, list(s.invoice_ids), s.step_id, s.code.value, s.reason, s.retry_on)
        for s in result.skipped
    ]


def _counts(result: Plan) -> dict[tuple[str, str], tuple[int, int]]:
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for s in result.skipped:
        entries, invoices = counts.get((s.step_id, s.code.value), (0, 0))
        counts[(s.step_id, s.code.value)] = (entries + 1, invoices + len(s.invoice_ids))
    return counts


def _frame(items: list[Any], model: type[Any]) -> pl.DataFrame | None:
    return regua.frames.to_polars(items, model) if items else None


def assert_same(
    schedule: Any,
    customers: list[Customer],
    invoices: list[Invoice],
    *,
    as_of: date | datetime,
    history: list[ContactRecord] = (),  # type: ignore[assignment]
    agreements: list[Agreement] = (),  # type: ignore[assignment]
    profiles: dict[str, Any] | None = None,
    on_columns: bool = False,
    promises: list[Promise] = (),  # type: ignore[assignment]
) -> Plan:
    """Both engines on the same portfolio; the reference plan, after checking they agree.
    With ``on_columns``, no customer may be handed to the reference engine."""
    reference = regua.plan(
        schedule,
        customers,
        invoices,
        as_of=as_of,
        history=history,
        agreements=agreements,
        profiles=profiles,
        promises=promises,
    )
    result = regua.columnar.plan(
        schedule,
        regua.frames.to_polars(customers, Customer),
        regua.frames.to_polars(invoices, Invoice),
        as_of=as_of,
        history=_frame(list(history), ContactRecord),
        agreements=list(agreements),
        profiles=profiles,
        skip_detail=True,
        promises=list(promises),
    )
    assert result.rejects.height == 0, result.rejects
    if on_columns:
        assert result.evaluated == 0
    expected = [_action_row(a) for a in reference.actions]
    got = [_columnar_row(row) for row in result.actions.iter_rows(named=True)]
    _assert_same_rows(expected, got, "actions")
    _assert_same_rows(
        [dict(zip(_SKIP_FIELDS, row, strict=True)) for row in _skip_rows(reference)],
        [{k: r[k] for k in _SKIP_FIELDS} for r in result.skip_detail.iter_rows(named=True)],
        "skips",
    )
    counts = {
        (r["step_id"], r["code"]): (r["entries"], r["invoices"])
        for r in result.skipped.iter_rows(named=True)
    }
    assert counts == _counts(reference)
    assert [
        (r["step_id"], r["condition"], r["invoices"])
        for r in result.not_applicable.iter_rows(named=True)
    ] == [(n.step_id, n.condition, n.invoices) for n in reference.not_applicable]
    assert [
        (r["customer_id"], tuple(r["invoice_ids"]), r["account"])
        for r in result.exhausted.iter_rows(named=True)
    ] == [(e.customer_id, e.invoice_ids, e.account) for e in reference.exhausted]
    return reference


_SKIP_FIELDS = ("customer_id", "invoice_ids", "step_id", "code", "reason", "retry_on")


def _assert_same_rows(expected: list[dict[str, Any]], got: list[dict[str, Any]], what: str) -> None:
    """Equal rows; a failure shown as the diff of the two engines' rows as JSON lines."""
    if got == expected:
        return
    assert_lines(
        [json.dumps(row, sort_keys=True, default=str) for row in expected],
        [json.dumps(row, sort_keys=True, default=str) for row in got],
        names=(f"regua.plan {what}", f"regua.columnar.plan {what}"),
        hint="",
    )
    assert got == expected  # alike as text, unlike as values (a type): pytest names the field


def _record(action: Action, outcome: Outcome, hours: int = 0) -> ContactRecord:
    return ContactRecord(
        action_id=action.id,
        customer_id=action.customer_id,
        step_id=action.step_id,
        invoice_ids=action.invoice_ids,
        channel=action.channel,
        at=action.window_start + timedelta(hours=hours),
        outcome=outcome,
    )


# --- random schedules and portfolios ---------------------------------------------------------

_IDS = ("s0", "s1", "s2", "s3", "s4", "s5")
_CHANNELS = ("email", "sms", "whatsapp", "phone", "letter")
_CONTACT = ("message", "call_task", "formal_notice", "bureau_notice")
_ACTIONS = (
    "message",
    "message",
    "call_task",
    "formal_notice",
    "bureau_notice",
    "bureau_listing",
    "protest",
    "handoff",
)
_STATES = ("SP", "RJ", "AC", "AM", None)


@st.composite
def whens(draw: st.DrawFn) -> dict[str, Any]:
    when: dict[str, Any] = {}
    keys = draw(
        st.sets(
            st.sampled_from(
                (
                    "profile",
                    "customer_kind",
                    "state",
                    "min_amount",
                    "max_amount",
                    "min_invoices",
                    "max_invoices",
                    "min_total_overdue",
                    "max_total_overdue",
                    "tags_any",
                    "tags_none",
                    "agreement",
                    "days_overdue",
                    "min_amount_per_currency",
                )
            ),
            max_size=2,
        )
    )
    for key in sorted(keys):  # a set: its order would change with the hash seed
        if key == "profile":
            when[key] = draw(
                st.lists(st.sampled_from(("good", "one_off", "recurring")), min_size=1, unique=True)
            )
        elif key == "customer_kind":
            when[key] = draw(
                st.lists(st.sampled_from(("consumer", "business")), min_size=1, unique=True)
            )
        elif key == "state":
            when[key] = draw(st.lists(st.sampled_from(("SP", "AC")), min_size=1, unique=True))
        elif key in ("min_amount", "max_amount", "min_total_overdue", "max_total_overdue"):
            when[key] = draw(st.sampled_from(("50.00", "100", "300.00")))
        elif key == "days_overdue":
            low, width = draw(st.integers(-5, 40)), draw(st.integers(0, 30))
            when[key] = draw(
                st.sampled_from(({"min": low}, {"max": low}, {"min": low, "max": low + width}))
            )
        elif key == "min_amount_per_currency":
            when["min_amount"] = draw(
                st.dictionaries(
                    st.sampled_from(("BRL", "USD")),
                    st.sampled_from(("50.00", "100", "300.00")),
                    min_size=1,
                )
            )
        elif key in ("min_invoices", "max_invoices"):
            when[key] = draw(st.integers(1, 3))
        elif key in ("tags_any", "tags_none"):
            when[key] = draw(st.lists(st.sampled_from(("vip", "gov")), min_size=1, unique=True))
        else:
            when[key] = draw(st.booleans())
    return when


_WINDOW = (time(8, 0), time(20, 0))


def _toy_bank_holidays(
    year: int, state: str | None, *, dec_31_closed: bool, dec_24_closed: bool
) -> Iterable[tuple[date, str]]:
    # Days inside the runs below (from Monday 16 March 2026), none of them Brazil's.
    days = [(date(year, 1, 1), "New Year"), (date(year, 3, 17), "Toy Day")]
    days += [(date(year, 3, 19), "Toy Thursday"), (date(year, 3, 25), "Toy Wednesday")]
    if state == "AC":
        days.append((date(year, 3, 18), "Toy regional day"))
    if dec_31_closed:
        days.append((date(year, 12, 31), "Bank closing"))
    return days


#: A made-up second jurisdiction: other holidays, contact 07-21 on weekdays and 10-12 on
#: Sundays, 5 days' notice, a 6-year term.
TOY = Jurisdiction(
    code="XT",
    name="Toyland",
    fine_cap_percent=Decimal("2"),
    fine_cap_law="toy fine law",
    notice_days=5,
    notice_law="toy notice law",
    prescription_years=6,
    prescription_law="toy prescription law",
    prescription_contact_law="toy prescription law",
    contact_hours=ContactHours(
        weekdays=(time(7), time(21)),
        saturday=(time(8), time(14)),
        sunday=(time(10), time(12)),
        holidays=None,
        law="toy contact law",
    ),
    bank_holidays=_toy_bank_holidays,
    states=frozenset({"AC"}),
    default_time_zone="America/Sao_Paulo",
    consumer_fees_law="toy fees law",
)


@pytest.fixture(scope="module", autouse=True)
def toyland() -> Iterator[None]:
    register(TOY)
    yield
    unregister(TOY.code)


@st.composite
def schedules(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, len(_IDS)))
    steps = []
    for k in range(n):
        offset: int | str = draw(
            st.one_of(st.integers(-5, 70), st.sampled_from(("1bd", "3bd", "-2bd", "0bd")))
        )
        step: dict[str, Any] = {
            "id": _IDS[k],
            "offset": offset,
            "action": draw(st.sampled_from(_ACTIONS)),
        }
        if draw(st.booleans()):
            step["channels"] = draw(
                st.lists(st.sampled_from(_CHANNELS), min_size=1, max_size=3, unique=True)
            )
        if draw(st.integers(0, 3)) == 0:
            step["when"] = draw(whens())
        if k and draw(st.integers(0, 3)) == 0:
            step["after"] = {
                "step": _IDS[draw(st.integers(0, k - 1))],
                "min_days": draw(st.integers(0, 12)),
                "delivered": draw(st.booleans()),
            }
        if draw(st.integers(0, 4)) == 0:
            step["non_business_day"] = draw(st.sampled_from(("keep", "next", "previous")))
        if draw(st.integers(0, 4)) == 0:
            step["template"] = draw(st.sampled_from(("reminder_before_due", "overdue_friendly")))
        if draw(st.integers(0, 5)) == 0:
            step["description"] = "a step"
        if draw(st.integers(0, 4)) == 0:
            step["fee"] = draw(st.sampled_from(("10.00", "2.5%", "15%")))
        counts_up = isinstance(offset, int) and offset >= 0
        if draw(st.integers(0, 4)) == 0 and (counts_up or offset in ("1bd", "3bd", "0bd")):
            step["anchor"] = "issue_date"
        if counts_up and draw(st.integers(0, 4)) == 0:
            step["end_of_month"] = True
        if step["action"] in _CONTACT and draw(st.integers(0, 2)) == 0:
            step["repeat"] = {"every": draw(st.sampled_from((1, 2, 5, "2bd")))}
            if draw(st.booleans()):
                step["repeat"]["max"] = draw(st.integers(1, 3))
        steps.append(step)
    if draw(st.integers(0, 2)) == 0:
        steps.append(
            {
                "id": "broken",
                "offset": draw(st.integers(0, 3)),
                "trigger": "broken_promise",
                "action": draw(st.sampled_from(("message", "call_task", "handoff"))),
                "channels": draw(
                    st.lists(st.sampled_from(_CHANNELS), min_size=1, max_size=2, unique=True)
                ),
            }
        )
    schedule: dict[str, Any] = {
        "name": draw(st.sampled_from(("padrao", "régua b"))),
        "version": draw(st.sampled_from(("1", "2026.3"))),
        "calendar": {"country": draw(st.sampled_from(("BR", TOY.code)))},
        "catch_up": draw(st.sampled_from(("latest", "all", "none", "one_per_run"))),
        "ladder": draw(st.sampled_from(("invoice", "invoice", "invoice", "customer"))),
        "non_business_day": draw(st.sampled_from(("keep", "next", "previous"))),
        "steps": steps,
        "limits": {
            "per_customer_per_day": draw(st.sampled_from((None, 1, 2))),
            "per_customer_per_week": draw(st.sampled_from((None, 2, 3, 5))),
            "pause_days_after_opt_out": draw(st.integers(0, 8)),
        },
        "guardrails": {
            "contact_window": draw(st.booleans()),
            "notice_before_listing": draw(st.booleans()),
            "notice_days": draw(st.sampled_from((5, 10))),
            "disputes": draw(st.sampled_from(("block_all", "block_escalation", "allow"))),
            "prescription_years": draw(st.sampled_from((5, None, 1))),
            "consumer_fees": draw(st.booleans()),
        },
        "contact_window": {
            "weekdays": list(_WINDOW),
            "saturday": draw(st.sampled_from((None, ["09:00", "13:00"]))),
            "sunday": draw(st.sampled_from((None, ["10:00", "12:00"]))),
            "holidays": None,
        },
    }
    if schedule["ladder"] == "customer":  # repeating steps run on an invoice's own ladder
        for step in steps:
            step.pop("repeat", None)
    if draw(st.integers(0, 3)) == 0:
        del schedule["contact_window"]  # the jurisdiction's hours
    if draw(st.booleans()):
        schedule["promises"] = {"grace_days": draw(st.integers(0, 5))}
    if schedule["catch_up"] != "all" and draw(st.integers(0, 2)) == 0:
        schedule["consolidate"] = "customer"
    if draw(st.booleans()):
        schedule["state_contact_windows"] = {"AC": {"weekdays": ["09:00", "18:00"]}}
    if draw(st.booleans()):
        schedule["guardrails"]["prescribed_offer_steps"] = [_IDS[0]]
    try:
        Schedule.model_validate(schedule)
    except ValidationError:
        assume(False)
    return schedule


@st.composite
def portfolios(
    draw: st.DrawFn, most: int = 5, agreement_odds: int = 3
) -> tuple[list[Customer], list[Invoice], list[Agreement], dict[str, str], list[Promise]]:
    customers = []
    invoices = []
    agreements = []
    promises = []
    profiles = {}
    for k in range(draw(st.integers(1, most))):
        cid = f"c{k}"
        contacts = {
            ch: (f"c{k}@example.com" if ch == "email" else "Rua A, 1")
            if ch in ("email", "letter")
            else f"+55119{k + 1:08d}"
            for ch in draw(st.lists(st.sampled_from(_CHANNELS), max_size=4, unique=True))
        }
        row: dict[str, Any] = {
            "id": cid,
            "name": f"Cliente {k}",
            "kind": draw(st.sampled_from(("consumer", "business"))),
            "contacts": contacts,
            "state": draw(st.sampled_from(_STATES)),
            "opt_outs": draw(st.lists(st.sampled_from(_CHANNELS), max_size=1)),
            "preferred_channels": draw(
                st.lists(st.sampled_from(_CHANNELS), max_size=2, unique=True)
            ),
            "tags": draw(st.lists(st.sampled_from(("vip", "gov")), max_size=1)),
        }
        if draw(st.integers(0, 4)) == 0:
            row["timezone"] = "America/Manaus"
        hold = draw(st.integers(0, 9))
        if hold == 0:
            row["dunning_blocked"] = True
            row["dunning_block_reason"] = draw(st.sampled_from((None, "Mahnstopp")))
        elif hold == 1:
            row["dunning_paused_until"] = AS_OF + timedelta(days=draw(st.integers(-3, 10)))
        customers.append(Customer.model_validate(row))
        if draw(st.booleans()):
            profiles[cid] = draw(st.sampled_from(("good", "one_off", "recurring")))
        for j in range(draw(st.integers(1, 5))):
            due = AS_OF + timedelta(
                days=draw(st.one_of(st.integers(-90, 20), st.integers(-800, -90)))
            )
            currency = draw(st.sampled_from(("BRL", "BRL", "USD")))
            amount = draw(st.sampled_from(("49.90", "129.90", "310.00", "1500.00")))
            invoice: dict[str, Any] = {
                "id": f"i{k}-{j}",
                "customer_id": cid,
                "currency": currency,
                "amount": amount,
                "due_date": due,
                "issue_date": due - timedelta(days=draw(st.integers(0, 40))),
                "disputed": draw(st.integers(0, 14)) == 0,
                "tags": draw(st.lists(st.sampled_from(("vip", "gov")), max_size=1)),
            }
            hold = draw(st.integers(0, 9))
            if hold == 0:
                invoice["dunning_blocked"] = True
            elif hold == 1:
                invoice["dunning_paused_until"] = AS_OF + timedelta(days=draw(st.integers(-3, 10)))
            paid = draw(st.sampled_from((None, "10.00", amount)))
            if paid is not None:
                paid_on = AS_OF + timedelta(days=draw(st.integers(-30, 3)))
                invoice["payments"] = [
                    {"date": max(paid_on, invoice["issue_date"]), "amount": paid}
                ]
            invoices.append(Invoice.model_validate(invoice))
        if draw(st.integers(0, agreement_odds)) == 0:
            signed = AS_OF - timedelta(days=draw(st.integers(0, 120)))
            covered = [inv.id for inv in invoices if inv.customer_id == cid][:2]
            agreement_id = f"a{k}"
            agreements.append(
                Agreement.model_validate(
                    {
                        "id": agreement_id,
                        "customer_id": cid,
                        "invoice_ids": covered,
                        "signed_on": signed,
                        "original_debt": "300.00",
                        "discount": draw(st.sampled_from(("0", "30.00"))),
                        "installments": [
                            {
                                "number": n + 1,
                                "due_date": signed + timedelta(days=30 * (n + 1)),
                                "amount": "90.00",
                            }
                            for n in range(3)
                        ],
                        "cancelled_on": (
                            signed + timedelta(days=5) if draw(st.integers(0, 4)) == 0 else None
                        ),
                    }
                )
            )
            if draw(st.booleans()):
                invoices.append(
                    Invoice.model_validate(
                        {
                            "id": f"i{k}-a1",
                            "customer_id": cid,
                            "amount": "90.00",
                            "due_date": signed + timedelta(days=30),
                            "issue_date": signed,
                            "agreement_id": agreement_id,
                        }
                    )
                )
        mine = [inv for inv in invoices if inv.customer_id == cid]
        if draw(st.integers(0, 2)) == 0:
            named = [inv.id for inv in mine if inv.currency == mine[0].currency][:2]
            made = AS_OF - timedelta(days=draw(st.integers(0, 20)))
            promises.append(
                Promise.model_validate(
                    {
                        "id": f"p{k}",
                        "customer_id": cid,
                        "invoice_ids": named,
                        "currency": mine[0].currency,
                        "amount": draw(st.sampled_from(("10.00", "50.00", "300.00"))),
                        "made_on": made,
                        "due_date": made + timedelta(days=draw(st.integers(0, 10))),
                    }
                )
            )
    return customers, invoices, agreements, profiles, promises


_OUTCOMES = (Outcome.DELIVERED, Outcome.SENT, Outcome.FAILED, Outcome.OPTED_OUT, Outcome.READ)


@settings(
    max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    schedule=schedules(),
    portfolio=portfolios(),
    days=st.lists(st.integers(1, 9), max_size=3),
    outcomes=st.lists(st.sampled_from(_OUTCOMES), min_size=4, max_size=4),
    evening=st.booleans(),
)
def test_columnar_plans_what_the_reference_plans(
    schedule: dict[str, Any],
    portfolio: tuple[list[Customer], list[Invoice], list[Agreement], dict[str, str], list[Promise]],
    days: list[int],
    outcomes: list[Outcome],
    evening: bool,
) -> None:
    customers, invoices, agreements, profiles, promises = portfolio
    start: date | datetime = datetime(2026, 3, 16, 23, 30, tzinfo=UTC) if evening else AS_OF
    history: list[ContactRecord] = []
    as_of = start
    for k, gap in enumerate([0, *days]):
        as_of = as_of + timedelta(days=gap)
        result = assert_same(
            schedule,
            customers,
            invoices,
            as_of=as_of,
            history=history,
            agreements=agreements,
            profiles=profiles or None,
            promises=promises,
        )
        history += [
            _record(action, outcomes[(k + n) % len(outcomes)])
            for n, action in enumerate(result.actions)
        ]


@settings(
    max_examples=20, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(schedule=schedules(), portfolio=portfolios(most=12, agreement_odds=12))
def test_first_runs_decided_on_columns(
    schedule: dict[str, Any],
    portfolio: tuple[list[Customer], list[Invoice], list[Agreement], dict[str, str], list[Promise]],
) -> None:
    """Larger first runs, where most customers are decided on columns (no history)."""
    customers, invoices, agreements, profiles, promises = portfolio
    assert_same(
        schedule,
        customers,
        invoices,
        as_of=AS_OF,
        agreements=agreements,
        profiles=profiles or None,
        promises=promises,
    )


_COUNTING = ("min_invoices", "max_invoices", "min_total_overdue", "max_total_overdue")


def _decided_on_columns(schedule: dict[str, Any]) -> dict[str, Any]:
    """``schedule`` without what sends every customer to the reference engine (fees, repeats,
    conditions that count the customer's overdue invoices, issue-date anchors, a customer's
    ladder, one notice per customer)."""
    steps = []
    for step in schedule["steps"]:
        step = {key: value for key, value in step.items() if key not in ("fee", "anchor", "repeat")}
        if "when" in step:
            step["when"] = {k: v for k, v in step["when"].items() if k not in _COUNTING}
        steps.append(step)
    plain = {**schedule, "steps": steps, "ladder": "invoice", "consolidate": "step"}
    try:  # steps of one anchor must be listed by offset
        Schedule.model_validate(plain)
    except ValidationError:
        assume(False)
    return plain


def _unheld(item: Any) -> Any:
    return item.model_copy(
        update={
            "dunning_blocked": False,
            "dunning_block_reason": None,
            "dunning_paused_until": None,
        }
    )


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    schedule=schedules(),
    portfolio=portfolios(most=12),
    days=st.lists(st.integers(1, 6), min_size=2, max_size=4),
    outcomes=st.lists(st.sampled_from(_OUTCOMES), min_size=4, max_size=4),
    evening=st.booleans(),
)
def test_multi_day_histories_decided_on_columns(
    schedule: dict[str, Any],
    portfolio: tuple[list[Customer], list[Invoice], list[Agreement], dict[str, str], list[Promise]],
    days: list[int],
    outcomes: list[Outcome],
    evening: bool,
) -> None:
    """Runs on several days, each recording the day's actions with varied outcomes (failed,
    opted out, delivered...): every customer, history, disputes and prescription included, is
    decided on columns (none handed to the reference engine), with the reference's result."""
    schedule = _decided_on_columns(schedule)
    customers, invoices, _, profiles, _ = portfolio
    customers = [_unheld(customer) for customer in customers]
    invoices = [_unheld(invoice) for invoice in invoices if invoice.agreement_id is None]
    start: date | datetime = datetime(2026, 3, 16, 23, 30, tzinfo=UTC) if evening else AS_OF
    history: list[ContactRecord] = []
    as_of = start
    for k, gap in enumerate([0, *days]):
        as_of = as_of + timedelta(days=gap)
        result = assert_same(
            schedule,
            customers,
            invoices,
            as_of=as_of,
            history=history,
            profiles=profiles or None,
            on_columns=True,
        )
        history += [
            _record(action, outcomes[(k + n) % len(outcomes)])
            for n, action in enumerate(result.actions)
        ]


# --- pinned portfolios -----------------------------------------------------------------------


def _days(schedule: Any, customers: list[Customer], invoices: list[Invoice], **kwargs: Any) -> int:
    """A first run and runs on the next days, recording each day's actions: both engines."""
    history: list[ContactRecord] = list(kwargs.pop("history", ()))
    start = kwargs.pop("as_of")
    planned = 0
    for offset in (0, 1, 2, 5, 13):
        result = assert_same(
            schedule,
            customers,
            invoices,
            as_of=start + timedelta(days=offset),
            history=history,
            **kwargs,
        )
        planned += len(result.actions)
        history += [_record(a, Outcome.DELIVERED) for a in result.actions]
    return planned


def test_sample_portfolio() -> None:
    invoices = sample_invoices()
    profiles = classify_portfolio(invoices, as_of=SAMPLE_AS_OF).profiles()
    assert (
        _days(
            sample_schedule(), sample_customers(), invoices, as_of=SAMPLE_AS_OF, profiles=profiles
        )
        > 0
    )


@pytest.mark.parametrize("catch_up", ["latest", "all", "none", "one_per_run"])
def test_pinned_synthetic_portfolio(catch_up: str) -> None:
    customers, invoices = _portfolio(150, seed=3)
    schedule = {**SCHEDULE, "catch_up": catch_up}
    assert _days(schedule, customers, invoices, as_of=AS_OF) > 0
    evening = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)
    assert _days(schedule, customers, invoices, as_of=evening) > 0


@pytest.mark.parametrize("catch_up", ["latest", "all", "none", "one_per_run"])
def test_pinned_mixed_portfolio(catch_up: str) -> None:
    customers, invoices, history = _mixed_portfolio()
    schedule = {
        **SCHEDULE,
        "catch_up": catch_up,
        "limits": {
            "per_customer_per_day": 2,
            "per_customer_per_week": 3,
            "pause_days_after_opt_out": 5,
        },
    }
    assert _days(schedule, customers, invoices, as_of=AS_OF, history=history) > 0


@pytest.mark.parametrize("catch_up", ["latest", "all", "none", "one_per_run"])
def test_pinned_portfolio_with_repeating_steps(catch_up: str) -> None:
    customers, invoices, history = _mixed_portfolio()
    steps = [
        {**step, "repeat": {"every": every, **({"max": 2} if k % 2 else {})}}
        if step.get("channels")
        else step
        for k, (step, every) in enumerate(
            zip(SCHEDULE["steps"], (1, 2, "1bd", 3, 1, 2, 4, 5), strict=False)
        )
    ]
    schedule = {**SCHEDULE, "catch_up": catch_up, "steps": steps}
    assert any("repeat" in step for step in steps)
    assert _days(schedule, customers, invoices, as_of=AS_OF, history=history) > 0


def test_amounts_keep_their_currency_places() -> None:
    customers = [Customer(id="c1", name="A", kind="consumer", contacts={"email": "a@b.com"})]
    invoices = [
        Invoice(id="i1", customer_id="c1", currency="JPY", amount="1000", due_date=AS_OF),
        Invoice(id="i2", customer_id="c1", currency="KWD", amount="1.250", due_date=AS_OF),
    ]
    schedule = {
        "name": "x",
        "steps": [{"id": "d0", "offset": 0, "channels": ["email"]}],
        "limits": {"per_customer_per_day": None, "per_customer_per_week": None},
    }
    reference = assert_same(schedule, customers, invoices, as_of=AS_OF)
    assert sorted(a.amount_due for a in reference.actions) == [Decimal("1.250"), Decimal("1000")]


def test_conditions_on_the_customer_of_a_step_that_reads_the_invoice() -> None:
    """Two customers alike but for their profile, under a step whose ``when`` reads both the
    profile and the balance: each is decided on their own profile (a missing one is reported)."""
    customers = [
        Customer(id=cid, name="A", kind="consumer", contacts={"email": "a@b.com"})
        for cid in ("c1", "c2", "c3")
    ]
    invoices = [
        Invoice(id=f"i{k}", customer_id=cid, amount="100.00", due_date=AS_OF - timedelta(days=3))
        for k, cid in enumerate(("c1", "c2", "c3"))
    ]
    schedule = {
        "name": "x",
        "steps": [
            {
                "id": "d1",
                "offset": 1,
                "channels": ["email"],
                "when": {"profile": ["good"], "min_amount": "10.00"},
            }
        ],
    }
    for profiles in ({"c1": "good"}, {"c2": "good"}, {"c3": "recurring", "c1": "good"}):
        reference = assert_same(schedule, customers, invoices, as_of=AS_OF, profiles=profiles)
        assert [a.customer_id for a in reference.actions] == sorted(
            cid for cid, p in profiles.items() if p == "good"
        )


def test_balances_on_either_side_of_a_steps_amount_bounds() -> None:
    """One balance below ``min_amount``, one above ``max_amount``, customers alike: each is
    counted under the condition it fails (the columns decided both as the first one met, and
    reported two ``min_amount`` failures; found by the multi-day property in CI)."""
    customers = [
        Customer(id=cid, name="A", kind="consumer", contacts={"email": "a@b.com"})
        for cid in ("c0", "c1")
    ]
    invoices = [
        Invoice(id="i0", customer_id="c0", amount="49.90", due_date=AS_OF),
        Invoice(id="i1", customer_id="c1", amount="129.90", due_date=AS_OF),
        Invoice(id="i2", customer_id="c1", amount="50.00", due_date=AS_OF - timedelta(days=1)),
    ]
    schedule = {
        "name": "x",
        "steps": [
            {
                "id": "s0",
                "offset": -1,
                "channels": ["email"],
                "when": {"min_amount": "50.00", "max_amount": "50.00"},
            }
        ],
    }
    reference = assert_same(schedule, customers, invoices, as_of=AS_OF, on_columns=True)
    assert [(n.condition, n.invoices) for n in reference.not_applicable] == [
        ("max_amount", 1),
        ("min_amount", 1),
    ]
    assert [a.invoice_ids for a in reference.actions] == [("i2",)]


def test_amount_bounds_finer_than_the_balances_or_written_with_an_exponent() -> None:
    """A bound with more places than the balances (``50.004``) is compared exactly, not
    rounded to the cent (which would give 50.00 the outcome of 50.01, found on the first
    invoice of their key), and a ``Decimal("5E+1")`` is fifty: the columns read each bound
    from its text."""
    customers = [
        Customer(id=f"c{k}", name="A", kind="consumer", contacts={"email": "a@b.com"})
        for k in range(3)
    ]
    invoices = [
        Invoice(id=f"i{k}", customer_id=f"c{k}", amount=amount, due_date=AS_OF)
        for k, amount in enumerate(["50.00", "50.01", "49.99"])
    ]
    for when, fired in (
        ({"min_amount": "50.004"}, ["i1"]),
        ({"max_amount": Decimal("5E+1")}, ["i0", "i2"]),
    ):
        step = {"id": "s0", "offset": 0, "channels": ["email"], "when": when}
        reference = assert_same(
            {"name": "x", "steps": [step]}, customers, invoices, as_of=AS_OF, on_columns=True
        )
        assert [a.invoice_ids for a in reference.actions] == [(i,) for i in fired]


def test_days_overdue_conditions_read_each_invoices_due_date() -> None:
    """Two customers alike, their invoices due on different days with the same steps due: a
    ``when.days_overdue`` bound holds for one and not the other (the columns decided both as
    the first one met)."""
    customers = [
        Customer(id=cid, name="A", kind="consumer", contacts={"email": "a@b.com"})
        for cid in ("c0", "c1")
    ]
    invoices = [
        Invoice(id="i0", customer_id="c0", amount="100.00", due_date=AS_OF - timedelta(days=12)),
        Invoice(id="i1", customer_id="c1", amount="100.00", due_date=AS_OF - timedelta(days=20)),
    ]
    schedule = {
        "name": "x",
        "steps": [
            {"id": "d1", "offset": 1, "channels": ["email"], "when": {"days_overdue": {"min": 15}}}
        ],
    }
    reference = assert_same(schedule, customers, invoices, as_of=AS_OF, on_columns=True)
    assert [a.customer_id for a in reference.actions] == ["c1"]


def test_pinned_promises() -> None:
    """Pending, kept, partly paid and broken promises, and a step on a broken promise, over
    several days: decided by the reference engine on both sides, and the same."""
    schedule = {
        **SCHEDULE,
        "promises": {"grace_days": 2},
        "steps": [
            *SCHEDULE["steps"],
            {"id": "broken", "offset": 1, "trigger": "broken_promise", "channels": ["email"]},
        ],
    }
    customers = [
        Customer(id=f"c{k}", name="A", kind="consumer", contacts={"email": f"c{k}@example.com"})
        for k in range(5)
    ]
    due = AS_OF - timedelta(days=12)
    invoices = [
        Invoice(
            id=f"i{k}",
            customer_id=f"c{k}",
            amount="200.00",
            due_date=due,
            payments=[{"date": AS_OF + timedelta(days=k - 2), "amount": paid}] if paid else [],
        )
        for k, paid in enumerate((None, "100.00", "40.00", "200.00", None))
    ]
    promises = [
        Promise(
            id=f"p{k}",
            customer_id=f"c{k}",
            invoice_ids=(f"i{k}",),
            amount="100.00",
            made_on=AS_OF - timedelta(days=10),
            due_date=AS_OF + timedelta(days=days),
        )
        for k, days in enumerate((-3, 0, 1, 4))
    ]
    planned = _days(schedule, customers, invoices, as_of=AS_OF, promises=promises)
    assert planned > 0


def test_promises_as_a_table_and_a_currency_mismatch() -> None:
    from test_rules_promises import CUSTOMER, D1, PROMISE, SCHEDULE, _invoice

    tables = {
        "customers": regua.frames.to_polars([CUSTOMER], Customer),
        "invoices": regua.frames.to_polars([_invoice()], Invoice),
        "history": regua.frames.to_polars([D1], ContactRecord),
    }
    day = date(2026, 3, 16)
    as_table = regua.columnar.plan(
        SCHEDULE, **tables, as_of=day, promises=regua.frames.to_polars([PROMISE], Promise)
    )
    assert as_table.actions.get_column("step_id").to_list() == ["broken"]
    as_list = regua.columnar.plan(SCHEDULE, **tables, as_of=day, promises=[PROMISE])
    assert as_table.actions.equals(as_list.actions)
    usd = PROMISE.model_copy(update={"currency": "USD"})
    with pytest.raises(regua.InvalidInputError, match=r"promises\[0\]\.currency: USD differs"):
        regua.columnar.plan(SCHEDULE, **tables, as_of=day, promises=[usd])


def _issued(invoices: list[Invoice]) -> list[Invoice]:
    """The invoices with an issue date 20 days before the due date."""
    return [
        Invoice.model_validate(
            {**inv.model_dump(), "issue_date": inv.due_date - timedelta(days=20)}
        )
        for inv in invoices
    ]


def _anchored(variant: str) -> dict[str, Any]:
    steps = [dict(step) for step in SCHEDULE["steps"]]
    if variant == "issue_date":
        steps.insert(0, {"id": "emitida", "offset": 7, "anchor": "issue_date", "channels": ["sms"]})
    elif variant == "end_of_month":
        for step in steps:
            if step["id"] in ("d5", "ligacao"):
                step["end_of_month"] = True
    return {
        **SCHEDULE,
        "steps": steps,
        "ladder": "customer" if variant == "customer" else "invoice",
    }


@pytest.mark.parametrize("variant", ["customer", "issue_date", "end_of_month"])
@pytest.mark.parametrize("catch_up", ["latest", "one_per_run"])
def test_pinned_portfolio_with_anchors(variant: str, catch_up: str) -> None:
    customers, invoices = _portfolio(80, seed=5)
    schedule = {**_anchored(variant), "catch_up": catch_up}
    assert _days(schedule, customers, _issued(invoices), as_of=AS_OF) > 0


def test_killbill_2297_on_columns() -> None:
    history: list[ContactRecord] = []
    planned = []
    for k in range(16):
        day = date(2012, 5, 31) + timedelta(days=k)
        issued = [
            inv for inv in KB_INVOICES if inv.issue_date is not None and inv.issue_date <= day
        ]
        result = assert_same(KILL_BILL, [ACCOUNT], issued, as_of=day, history=history)
        planned += [(day, a.step_id) for a in result.actions]
        history += [_record(a, Outcome.DELIVERED) for a in result.actions]
    assert planned == [
        (date(2012, 6, 7), "warning"),
        (date(2012, 6, 9), "blocked"),
        (date(2012, 6, 13), "cancellation"),
    ]

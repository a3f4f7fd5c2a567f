"""Date-driven scenarios in the style of the peers' test clocks: a table of dates → actions.

``run_host`` plays the host: every listed day it calls ``plan`` and records every action as
carried out (delivered) at its window start, then moves to the next day; its table is keyed by
the day each action is carried out. Expected dates are
worked out by hand from the 2026 calendar (Good Friday 04-03, Tiradentes Tue 04-21, SP's
Revolução Constitucionalista Thu 07-09).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regua import ContactRecord, Customer, Invoice, Outcome
from regua.rules import Plan, Schedule, SkipCode, plan

STEPS: list[dict[str, Any]] = [
    {"id": "lembrete", "offset": -3, "channels": ["email"]},
    {"id": "vencimento", "offset": 0, "channels": ["whatsapp", "sms", "email"]},
    {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
    {
        "id": "d5",
        "offset": 5,
        "channels": ["email"],
        "when": {"profile": ["occasional", "recurring"]},
    },
    {"id": "ligacao", "offset": 10, "action": "call_task", "channels": ["phone"]},
    {
        "id": "aviso_negativacao",
        "offset": 30,
        "action": "bureau_notice",
        "channels": ["letter", "email"],
        "when": {"min_amount": "50.00"},
    },
    {
        "id": "negativacao",
        "offset": 45,
        "action": "bureau_listing",
        "after": {"step": "aviso_negativacao", "min_days": 10},
    },
    {"id": "protesto", "offset": 60, "action": "protest", "when": {"customer_kind": ["business"]}},
]


def schedule(**extra: Any) -> Schedule:
    return Schedule.model_validate({"name": "padrao", "steps": STEPS, **extra})


def customer(cid: str = "c1", **extra: Any) -> Customer:
    data: dict[str, Any] = {
        "id": cid,
        "name": "Ana",
        "kind": "consumer",
        "contacts": {"email": "ana@example.com", "sms": "+5511999990000", "phone": "+551133330000"},
    }
    data.update(extra)
    return Customer.model_validate(data)


def invoice(iid: str, due: date, amount: str = "100.00", cid: str = "c1", **extra: Any) -> Invoice:
    return Invoice.model_validate(
        {"id": iid, "customer_id": cid, "amount": amount, "due_date": due, **extra}
    )


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def record(action: Any, outcome: Outcome = Outcome.DELIVERED) -> ContactRecord:
    return ContactRecord(
        action_id=action.id,
        customer_id=action.customer_id,
        step_id=action.step_id,
        invoice_ids=action.invoice_ids,
        channel=action.channel,
        at=action.window_start,
        outcome=outcome,
    )


def run_host(
    sched: Schedule,
    customers: Sequence[Customer],
    invoices: Sequence[Invoice],
    run_days: Iterable[date],
    **kwargs: Any,
) -> tuple[dict[date, list[tuple[str, tuple[str, ...], str | None]]], list[Plan]]:
    history: list[ContactRecord] = []
    table: dict[date, list[tuple[str, tuple[str, ...], str | None]]] = {}
    plans = []
    for day in run_days:
        result = plan(sched, customers, invoices, as_of=day, history=history, **kwargs)
        plans.append(result)
        for action in result.actions:
            channel = None if action.channel is None else action.channel.value
            executed = action.window_start.date()
            table.setdefault(executed, []).append((action.step_id, action.invoice_ids, channel))
            history.append(record(action))
    return table, plans


DUE = date(2026, 3, 5)  # a Thursday
MONTHS = days(date(2026, 2, 25), date(2026, 5, 31))


def test_escalation_over_two_months() -> None:
    table, _ = run_host(
        schedule(),
        [customer()],
        [invoice("i1", DUE)],
        MONTHS,
        profiles={"c1": "occasional"},
    )
    assert table == {
        date(2026, 3, 2): [("lembrete", ("i1",), "email")],
        date(2026, 3, 5): [("vencimento", ("i1",), "sms")],
        date(2026, 3, 6): [("d1", ("i1",), "sms")],
        date(2026, 3, 10): [("d5", ("i1",), "email")],
        date(2026, 3, 16): [("ligacao", ("i1",), "phone")],  # D+10 = Sunday 15th
        date(2026, 4, 6): [("aviso_negativacao", ("i1",), "email")],  # D+30 = Sat 4th
        date(2026, 4, 20): [("negativacao", ("i1",), None)],  # D+45 = Sun 19th; notice +14
    }


def test_business_customer_reaches_protest() -> None:
    table, _ = run_host(
        schedule(),
        [customer(kind="business")],
        [invoice("i1", DUE)],
        days(date(2026, 4, 1), date(2026, 5, 10)),
    )
    assert [(d, t[0][0]) for d, t in table.items()] == [
        (date(2026, 4, 1), "ligacao"),  # first run: catch-up latest
        (date(2026, 4, 6), "aviso_negativacao"),
        (date(2026, 4, 20), "negativacao"),
        (date(2026, 5, 4), "protesto"),
    ]


def test_full_payment_stops_the_ladder() -> None:
    paid = invoice("i1", DUE, payments=[{"date": date(2026, 3, 12), "amount": "100.00"}])
    table, _ = run_host(schedule(), [customer()], [paid], MONTHS)
    assert max(table) == date(2026, 3, 6)


def test_partial_payment_does_not_stop_it_and_lowers_the_amount() -> None:
    part = invoice("i1", DUE, payments=[{"date": date(2026, 3, 12), "amount": "60.00"}])
    _, plans = run_host(
        schedule(), [customer()], [part], days(date(2026, 3, 16), date(2026, 3, 16))
    )
    (action,) = plans[0].actions
    assert action.step_id == "ligacao"
    assert action.amount_due == Decimal("40.00")
    assert action.days_overdue == 11
    # Below the 50.00 threshold of the notice, the listing can never happen.
    table, _ = run_host(schedule(), [customer()], [part], MONTHS)
    assert "aviso_negativacao" not in {t[0][0] for t in table.values()}
    assert "negativacao" not in {t[0][0] for t in table.values()}


def test_dispute_blocks_everything_by_default() -> None:
    disputed = invoice("i1", DUE, disputed=True)
    table, plans = run_host(schedule(), [customer()], [disputed], MONTHS)
    assert table == {}
    assert {s.code for p in plans for s in p.skipped} == {SkipCode.DISPUTED}


def test_dispute_with_block_escalation_allows_only_reminders() -> None:
    disputed = invoice("i1", DUE, disputed=True)
    sched = schedule(guardrails={"disputes": "block_escalation"})
    table, plans = run_host(sched, [customer(kind="business")], [disputed], MONTHS)
    assert [t[0][0] for t in table.values()] == ["lembrete", "vencimento", "d1", "ligacao"]
    blocked = {s.step_id for p in plans for s in p.skipped if s.code is SkipCode.DISPUTED}
    assert blocked == {"aviso_negativacao", "negativacao", "protesto"}


GAP_RUNS = [*days(date(2026, 3, 1), date(2026, 3, 6)), *days(date(2026, 3, 26), date(2026, 4, 7))]


@pytest.mark.parametrize(
    ("catch_up", "expected"),
    [
        (
            "latest",
            {
                date(2026, 3, 26): [("ligacao", ("i1",), "phone")],
                date(2026, 4, 6): [("aviso_negativacao", ("i1",), "email")],
            },
        ),
        (
            "all",
            {
                # The call outranks the e-mail; the cap of 1 a day defers the e-mail a day.
                date(2026, 3, 26): [("ligacao", ("i1",), "phone")],
                date(2026, 3, 27): [("d5", ("i1",), "email")],
                date(2026, 4, 6): [("aviso_negativacao", ("i1",), "email")],
            },
        ),
        ("none", {date(2026, 4, 6): [("aviso_negativacao", ("i1",), "email")]}),
    ],
)
def test_catch_up_after_a_20_day_gap(catch_up: str, expected: dict[date, Any]) -> None:
    table, plans = run_host(
        schedule(catch_up=catch_up),
        [customer()],
        [invoice("i1", DUE)],
        GAP_RUNS,
        profiles={"c1": "recurring"},
    )
    after_gap = {d: v for d, v in table.items() if d >= date(2026, 3, 26)}
    assert after_gap == expected
    first_back = plans[len(days(date(2026, 3, 1), date(2026, 3, 6)))]
    codes = {s.step_id: s.code for s in first_back.skipped}
    if catch_up == "latest":
        assert codes == {"d5": SkipCode.SUPERSEDED}
    elif catch_up == "all":
        assert codes == {"d5": SkipCode.CAPPED}
        assert first_back.skipped[0].retry_on == date(2026, 3, 27)
    else:
        assert codes == {"d5": SkipCode.MISSED, "ligacao": SkipCode.MISSED}


def test_latest_catch_up_fires_the_required_notice_before_the_listing() -> None:
    # First ever run 50 days past due: the listing is the most advanced step, but it needs the
    # notice; the notice fires now and the listing waits its 10 days.
    table, plans = run_host(
        schedule(), [customer()], [invoice("i1", DUE)], days(date(2026, 4, 24), date(2026, 5, 10))
    )
    assert table == {
        date(2026, 4, 24): [("aviso_negativacao", ("i1",), "email")],
        date(2026, 5, 4): [("negativacao", ("i1",), None)],
    }
    first = {s.step_id: (s.code, s.retry_on) for s in plans[0].skipped}
    assert first["negativacao"] == (SkipCode.WAITING, None)
    assert first["ligacao"][0] is SkipCode.SUPERSEDED
    second = {s.step_id: (s.code, s.retry_on) for s in plans[1].skipped}
    assert second["negativacao"] == (SkipCode.WAITING, date(2026, 5, 4))


def test_listing_waits_for_delivery_evidence() -> None:
    sched = schedule()
    inv = [invoice("i1", DUE)]
    first = plan(sched, [customer()], inv, as_of=date(2026, 4, 6))
    (notice,) = first.actions
    sent_only = [record(notice, Outcome.SENT)]
    later = plan(sched, [customer()], inv, as_of=date(2026, 4, 27), history=sent_only)
    assert later.actions == ()
    (held,) = [s for s in later.skipped if s.step_id == "negativacao"]
    assert held.code is SkipCode.WAITING
    assert "not delivered" in held.reason
    delivered = [*sent_only, record(notice, Outcome.DELIVERED)]
    done = plan(sched, [customer()], inv, as_of=date(2026, 4, 27), history=delivered)
    assert [a.step_id for a in done.actions] == ["negativacao"]


def test_fifty_invoices_of_one_customer_give_one_message_a_day() -> None:
    # Due dates spread over 50 days: on 2026-04-20 many different steps are due at once.
    invoices = [invoice(f"i{k:02d}", date(2026, 3, 1) + timedelta(days=k)) for k in range(50)]
    result = plan(schedule(), [customer()], invoices, as_of=date(2026, 4, 20))
    contacts = [a for a in result.actions if a.channel is not None]
    assert len(contacts) == 1
    # The most severe contact goes: the bureau notice, for every invoice due it, oldest first.
    (only,) = contacts
    assert only.step_id == "aviso_negativacao"
    # i00–i04 are past the listing date too: the listing needs the notice, so they join it.
    assert only.invoice_ids == tuple(f"i{k:02d}" for k in range(21))
    capped = [s for s in result.skipped if s.code is SkipCode.CAPPED]
    assert capped
    # Deferred contacts queue up in priority order: the call first (the 21st is Tiradentes),
    # then the SMS; the third would exceed 3 contacts in 7 days until the 27th.
    assert [(s.step_id, s.retry_on) for s in capped] == [
        ("vencimento", date(2026, 4, 27)),
        ("d1", date(2026, 4, 23)),
        ("ligacao", date(2026, 4, 22)),
    ]
    # Same step and same day for all 50: exactly one consolidated message.
    same_day = [invoice(f"j{k:02d}", DUE) for k in range(50)]
    (one,) = plan(schedule(), [customer()], same_day, as_of=DUE).actions
    assert len(one.invoice_ids) == 50
    assert one.amount_due == Decimal("5000.00")


def test_weekly_cap_over_a_daily_host() -> None:
    invoices = [invoice(f"i{k}", date(2026, 3, 2) + timedelta(days=k)) for k in range(6)]
    sched = schedule(limits={"per_customer_per_day": None, "per_customer_per_week": 3})
    table, _ = run_host(sched, [customer()], invoices, days(date(2026, 3, 1), date(2026, 3, 31)))
    per_day = {d: len(v) for d, v in table.items()}
    assert max(per_day.values()) == 3  # no daily cap: three on one day is allowed
    for start in days(date(2026, 2, 23), date(2026, 3, 31)):
        in_week = sum(per_day.get(start + timedelta(days=k), 0) for k in range(7))
        assert in_week <= 3
    assert sum(per_day.values()) >= 8


def test_weekend_and_holiday_shifting() -> None:
    sat = date(2026, 4, 18)
    table, _ = run_host(
        schedule(),
        [customer()],
        [invoice("i1", sat)],
        days(date(2026, 4, 14), date(2026, 4, 30)),
    )
    assert table == {
        date(2026, 4, 15): [("lembrete", ("i1",), "email")],
        date(2026, 4, 20): [("vencimento", ("i1",), "sms")],  # Saturday due → Monday
        date(2026, 4, 22): [("d1", ("i1",), "sms")],  # 21st is Tiradentes
        date(2026, 4, 28): [("ligacao", ("i1",), "phone")],
    }


def test_state_holiday_moves_the_contact_window() -> None:
    # 2026-07-09 is a holiday in SP only: the step date is the same (national bank calendar),
    # but the São Paulo customer is contacted the next day and the Rio one on the day.
    sched = schedule()
    sp = customer("sp", state="SP")
    rj = customer("rj", state="RJ")
    invoices = [invoice("a", date(2026, 7, 9), cid="sp"), invoice("b", date(2026, 7, 9), cid="rj")]
    result = plan(sched, [sp, rj], invoices, as_of=date(2026, 7, 9))
    starts = {a.customer_id: a.window_start for a in result.actions}
    tz = ZoneInfo("America/Sao_Paulo")
    assert starts == {
        "rj": datetime(2026, 7, 9, 8, tzinfo=tz),
        "sp": datetime(2026, 7, 10, 8, tzinfo=tz),
    }


def test_state_windows_replace_the_default_for_that_state() -> None:
    # A stricter local rule for RJ: weekdays 09–19, no Saturdays (Lei 7.868/18, unverified).
    sched = schedule(
        state_contact_windows={"rj": {"weekdays": ["09:00", "19:00"], "saturday": None}}
    )
    people = [customer("sp", state="SP"), customer("rj", state="RJ")]
    friday = date(2026, 3, 6)
    invoices = [invoice("a", friday, cid="sp"), invoice("b", friday, cid="rj")]
    evening = datetime(2026, 3, 6, 19, 30, tzinfo=ZoneInfo("America/Sao_Paulo"))
    windows = {
        a.customer_id: (a.window_start.replace(tzinfo=None), a.window_end.time())
        for a in plan(sched, people, invoices, as_of=evening).actions
    }
    assert windows == {
        "sp": (datetime(2026, 3, 6, 19, 30), time(20)),
        "rj": (datetime(2026, 3, 9, 9), time(19)),  # Saturday closed in RJ: Monday 09:00
    }
    with pytest.raises(ValueError, match=r"state_contact_windows\.RJ\.weekdays: outside the legal"):
        schedule(state_contact_windows={"RJ": {"weekdays": ["07:00", "19:00"]}})


def test_contact_windows_across_time_zones() -> None:
    # 22:30 UTC on Friday 2026-03-06: 19:30 in São Paulo, 18:30 in Manaus, 20:30 in Noronha.
    as_of = datetime(2026, 3, 6, 22, 30, tzinfo=ZoneInfo("UTC"))
    zones = {"sp": "America/Sao_Paulo", "am": "America/Manaus", "fn": "America/Noronha"}
    people = [customer(cid, timezone=tz) for cid, tz in zones.items()]
    invoices = [invoice(f"i-{cid}", DUE, cid=cid) for cid in zones]
    result = plan(schedule(), people, invoices, as_of=as_of)
    windows = {
        a.customer_id: (a.window_start.replace(tzinfo=None), a.window_end.replace(tzinfo=None))
        for a in result.actions
    }
    assert windows == {
        "sp": (datetime(2026, 3, 6, 19, 30), datetime(2026, 3, 6, 20)),
        "am": (datetime(2026, 3, 6, 18, 30), datetime(2026, 3, 6, 20)),
        # Noronha's window has closed: Saturday 08:00–14:00.
        "fn": (datetime(2026, 3, 7, 8), datetime(2026, 3, 7, 14)),
    }
    for action in result.actions:
        assert str(action.window_start.tzinfo) == zones[action.customer_id]
    # Two hours later it is already Saturday in Noronha (00:30) but still Friday elsewhere.
    later = plan(schedule(), people, invoices, as_of=as_of + timedelta(hours=2))
    local_days = {a.customer_id: a.window_start.date() for a in later.actions}
    assert local_days == {"sp": date(2026, 3, 7), "am": date(2026, 3, 7), "fn": date(2026, 3, 7)}
    assert all(a.window_start.time() == time(8) for a in later.actions)


def test_idempotent_replay() -> None:
    sched = schedule()
    people = [customer("c1"), customer("c2", kind="business"), customer("c3", state="SP")]
    invoices = [
        invoice("a", DUE, cid="c1"),
        invoice("b", date(2026, 2, 1), cid="c1"),
        invoice("c", date(2025, 12, 20), cid="c2"),
        invoice("d", date(2026, 3, 20), cid="c3"),
    ]
    as_of = datetime(2026, 3, 17, 9, tzinfo=ZoneInfo("America/Sao_Paulo"))
    first = plan(sched, people, invoices, as_of=as_of)
    assert len(first.actions) >= 3
    again = plan(sched, people, invoices, as_of=as_of)
    assert again == first  # same inputs, same output, same ids
    history = [record(a, Outcome.SENT) for a in first.actions]
    replay = plan(sched, people, invoices, as_of=as_of, history=history)
    assert replay.actions == ()

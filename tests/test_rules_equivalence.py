"""Pins ``plan``'s exact output, so performance work on the engine cannot change what it plans.

The plans of the sample portfolio and of a small seeded synthetic portfolio (mixed payments,
disputes, time zones, opt-outs, several invoices per customer so caps and consolidation bite),
on a first run and on the following days with the previous days' actions recorded, are pinned as
readable JSON snapshots in ``tests/snapshots/rules_*.json`` (see ``plan_snapshots``): a change
fails with a diff of the actions and skips that moved. They hold what the engine planned before
any optimisation (they replaced SHA-256 hashes of ``TypeAdapter(Plan).dump_json`` taken then,
and reproduce those hashes); a change of output must be deliberate, and then the snapshots are
regenerated (``REGUA_UPDATE_SNAPSHOTS=1``) and committed with the reason.
The engine builds ``Action`` objects without re-validating them: every planned action must
survive a round trip through ``Action.model_validate``.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from plan_snapshots import assert_snapshot
from regua.models import Action, ContactRecord, Customer, Invoice, Outcome
from regua.rules import Plan, plan
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule
from regua.scoring import classify_portfolio

SCHEDULE: dict[str, Any] = {
    "name": "padrao",
    "calendar": {"country": "BR"},
    "steps": [
        {"id": "lembrete", "offset": -3, "channels": ["email"], "template": "reminder_before_due"},
        {"id": "vencimento", "offset": 0, "channels": ["whatsapp", "sms", "email"]},
        {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
        {"id": "d5", "offset": 5, "channels": ["email"]},
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
        {
            "id": "protesto",
            "offset": 60,
            "action": "protest",
            "when": {"customer_kind": ["business"]},
        },
    ],
}

_AS_OF = date(2026, 3, 16)
_ZONES = ("America/Sao_Paulo",) * 5 + ("America/Manaus", "America/Recife", "America/Noronha")
_AMOUNTS = ("49.90", "79.90", "129.90", "310.00")


def _portfolio(n_customers: int, seed: int) -> tuple[list[Customer], list[Invoice]]:
    rng = random.Random(seed)
    customers = []
    invoices = []
    for k in range(n_customers):
        contacts = {}
        for channel, share in (("email", 0.8), ("sms", 0.6), ("whatsapp", 0.4), ("phone", 0.3)):
            if rng.random() < share:
                contacts[channel] = f"+55119{k:08d}" if channel != "email" else f"c{k}@x.com.br"
        if rng.random() < 0.1 or not contacts:
            contacts["letter"] = f"Rua {k}"
        customers.append(
            Customer.model_validate(
                {
                    "id": f"c{k:04d}",
                    "name": f"Cliente {k}",
                    "kind": "business" if rng.random() < 0.2 else "consumer",
                    "contacts": contacts,
                    "timezone": rng.choice(_ZONES),
                    "opt_outs": ["sms"] if rng.random() < 0.1 else [],
                }
            )
        )
        for j in range(rng.randint(1, 6)):
            due = _AS_OF - timedelta(days=int(200 * rng.random() ** 2) - 10)
            amount = rng.choice(_AMOUNTS)
            row: dict[str, Any] = {
                "id": f"i{k:04d}-{j}",
                "customer_id": f"c{k:04d}",
                "amount": amount,
                "due_date": due,
                "disputed": rng.random() < 0.05,
            }
            draw = rng.random()
            if draw < 0.25:
                row["payments"] = [{"date": due, "amount": amount}]
            elif draw < 0.4:
                row["payments"] = [{"date": due, "amount": "10.00"}]
            invoices.append(Invoice.model_validate(row))
    rng.shuffle(invoices)
    return customers, invoices


def _record(actions: tuple[Action, ...]) -> list[ContactRecord]:
    return [
        ContactRecord(
            action_id=a.id,
            customer_id=a.customer_id,
            step_id=a.step_id,
            invoice_ids=a.invoice_ids,
            channel=a.channel,
            at=a.window_start,
            outcome=Outcome.DELIVERED,
        )
        for a in actions
    ]


def _days(
    schedule: Any, customers: list[Customer], invoices: list[Invoice], **kwargs: Any
) -> list[Plan]:
    """A first run at ``_AS_OF`` and runs on the next days, recording each day's actions."""
    plans = []
    history: list[ContactRecord] = []
    start = kwargs.pop("as_of")
    for offset in (0, 1, 2, 5, 13):
        result = plan(
            schedule,
            customers,
            invoices,
            as_of=start + timedelta(days=offset),
            history=history,
            **kwargs,
        )
        plans.append(result)
        history += _record(result.actions)
    return plans


@pytest.fixture(scope="module")
def sample_plans() -> list[Plan]:
    invoices = sample_invoices()
    profiles = classify_portfolio(invoices, as_of=SAMPLE_AS_OF).profiles()
    return [
        plan(
            sample_schedule(), sample_customers(), invoices, as_of=SAMPLE_AS_OF, profiles=profiles
        ),
        *_days(
            sample_schedule(), sample_customers(), invoices, as_of=SAMPLE_AS_OF, profiles=profiles
        ),
    ]


@pytest.fixture(scope="module")
def synthetic_plans() -> list[Plan]:
    customers, invoices = _portfolio(150, seed=3)
    evening = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)  # past closing time in some zones
    return [
        *_days(SCHEDULE, customers, invoices, as_of=_AS_OF),
        *_days(SCHEDULE, customers, invoices, as_of=evening),
        *_days({**SCHEDULE, "catch_up": "all"}, customers, invoices, as_of=_AS_OF),
        *_days({**SCHEDULE, "catch_up": "none"}, customers, invoices, as_of=_AS_OF),
    ]


def test_sample_plan_is_unchanged(sample_plans: list[Plan]) -> None:
    first = sample_plans[0]
    assert (len(first.actions), len(first.skipped)) == (7, 32)
    assert_snapshot("rules_sample", sample_plans)


def test_synthetic_plans_are_unchanged(synthetic_plans: list[Plan]) -> None:
    first = synthetic_plans[0]
    assert (len(first.actions), len(first.skipped)) == (150, 981)
    assert_snapshot("rules_synthetic", synthetic_plans)


def test_planned_actions_validate(sample_plans: list[Plan], synthetic_plans: list[Plan]) -> None:
    actions = [a for p in sample_plans + synthetic_plans for a in p.actions]
    assert len(actions) > 500
    for action in actions:
        assert type(action) is Action
        again = Action.model_validate(action.model_dump())
        assert again == action
        assert again.model_dump_json() == action.model_dump_json()
        assert action.model_fields_set == again.model_fields_set
        assert action.window_start.utcoffset() is not None


def _mixed_portfolio() -> tuple[list[Customer], list[Invoice], list[ContactRecord]]:
    """The synthetic portfolio with a second currency, opt-outs and earlier contacts."""
    customers, invoices = _portfolio(120, seed=11)
    mixed = [
        invoice.model_copy(update={"currency": "USD"}) if k % 3 == 0 else invoice
        for k, invoice in enumerate(invoices)
    ]
    start = datetime(2026, 3, 13, 15, 0, tzinfo=UTC)
    history = []
    for k, invoice in enumerate(invoices[::4]):
        history.append(
            ContactRecord(
                action_id=f"old{k}",
                customer_id=invoice.customer_id,
                step_id="vencimento" if k % 2 else "d1",
                invoice_ids=(invoice.id,),
                channel="email" if k % 5 else None,
                at=start + timedelta(hours=7 * k),
                outcome=Outcome.OPTED_OUT if k % 7 == 0 else Outcome.DELIVERED,
            )
        )
    return customers, mixed, history


@pytest.fixture(scope="module")
def mixed_plans() -> list[Plan]:
    customers, invoices, history = _mixed_portfolio()
    plans = []
    for catch_up in ("latest", "all", "none"):
        schedule = {
            **SCHEDULE,
            "catch_up": catch_up,
            "limits": {
                "per_customer_per_day": 2,
                "per_customer_per_week": 3,
                "pause_days_after_opt_out": 5,
            },
        }
        recorded = list(history)
        for offset in (0, 1, 4):
            result = plan(
                schedule,
                customers,
                invoices,
                as_of=_AS_OF + timedelta(days=offset),
                history=recorded,
            )
            plans.append(result)
            recorded += _record(result.actions)
    return plans


def test_mixed_plans_are_unchanged(mixed_plans: list[Plan]) -> None:
    """Two currencies per customer, opt-out pauses, contacts recorded before the first run,
    looser caps, under every catch-up policy."""
    codes = {skip.code for p in mixed_plans for skip in p.skipped}
    assert {"paused", "capped", "superseded", "missed"} <= codes
    assert len({a.currency for p in mixed_plans for a in p.actions}) == 2
    assert_snapshot("rules_mixed", mixed_plans)

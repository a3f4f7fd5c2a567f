"""The engine's shortcuts build exactly the public objects the slow way would."""

from __future__ import annotations

import dataclasses

import pytest

from regua.rules import Plan, Skipped, plan
from regua.rules.ids import action_id, hashed_id, id_prefix
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule


@pytest.fixture(scope="module")
def sample_plan() -> Plan:
    return plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)


def test_planned_skips_equal_their_rebuild(sample_plan: Plan) -> None:
    assert sample_plan.skipped
    for skip in sample_plan.skipped:
        assert type(skip) is Skipped
        assert skip == Skipped(**{f.name: getattr(skip, f.name) for f in dataclasses.fields(skip)})


def test_hashed_id_is_action_id(sample_plan: Plan) -> None:
    name = sample_schedule().name
    assert any(len(action.invoice_ids) > 1 for action in sample_plan.actions)
    for action in sample_plan.actions:
        ids = sorted(action.invoice_ids)
        prefix = id_prefix(name, action.step_id)
        assert hashed_id(prefix, action.customer_id, action.currency, ids) == action.id
        assert action.id == action_id(
            name, action.step_id, action.customer_id, action.currency, action.invoice_ids
        )
    many = ["i3", "i1", "i2"]
    assert hashed_id(id_prefix("s", "d1"), "c", "BRL", sorted(many)) == action_id(
        "s", "d1", "c", "BRL", many
    )

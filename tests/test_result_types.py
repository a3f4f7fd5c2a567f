"""Results are one kind: frozen, slotted dataclasses with ``to_dict()``/``to_json()``, and the
pydantic method names they had still answer, with a ``DeprecationWarning``, for one minor
version (docs/architecture-notes.md, "Result types are frozen dataclasses")."""

from __future__ import annotations

import dataclasses
import json
import warnings
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import BaseModel

import regua
from regua._result import Result
from regua.rules import Explanation, Simulation, StepExplanation, StepState, TimelineEntry
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule

RESULT_TYPES: tuple[type[Any], ...] = (
    Explanation,
    StepExplanation,
    Simulation,
    TimelineEntry,
)


@pytest.mark.parametrize("kind", RESULT_TYPES, ids=lambda kind: kind.__name__)
def test_a_result_is_a_frozen_slotted_dataclass(kind: type[Any]) -> None:
    assert dataclasses.is_dataclass(kind)
    assert not issubclass(kind, BaseModel)
    assert issubclass(kind, Result)
    params = kind.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen
    assert "__slots__" in kind.__dict__
    # Built by keyword, as the pydantic models were.
    assert all(f.kw_only for f in dataclasses.fields(kind))


def _explanation() -> Explanation:
    customer = sample_customers()[0]
    invoices = [i for i in sample_invoices() if i.customer_id == customer.id]
    return regua.explain(sample_schedule(), customer, invoices, as_of=SAMPLE_AS_OF)


def _simulation() -> Simulation:
    return regua.simulate(
        sample_schedule(),
        sample_customers(),
        sample_invoices(),
        start=SAMPLE_AS_OF,
        end=SAMPLE_AS_OF + timedelta(days=3),
    )


def test_explanation_dumps_json_ready_values() -> None:
    explained = _explanation()
    dumped = explained.to_dict()
    assert dumped["customer_id"] == "c01"
    assert dumped["as_of"] == "2026-03-16"
    assert dumped["rows"][0] == {
        "invoice_id": "c01-202509",
        "step_id": "lembrete",
        "step_date": "2025-09-08",
        "state": "closed",
        "reason": "invoice paid: the ladder stopped",
        "code": None,
        "action_id": None,
        "retry_on": None,
    }
    assert json.loads(explained.to_json()) == dumped
    assert json.loads(explained.to_json(indent=2)) == dumped


def test_simulation_dumps_days_as_keys_and_money_as_strings() -> None:
    simulated = _simulation()
    dumped = simulated.to_dict()
    assert list(dumped) == ["start", "end", "timeline", "per_day"]
    assert dumped["per_day"]["2026-03-16"] == {"email": 3, "letter": 2, "sms": 2}
    first = dumped["timeline"][0]
    assert (first["planned_on"], first["executed_on"]) == ("2026-03-16", "2026-03-16")
    assert first["action"]["amount_due"] == "189.90"
    assert simulated.per_day[date(2026, 3, 16)] == {"email": 3, "letter": 2, "sms": 2}


def test_results_compare_by_value() -> None:
    assert _explanation() == _explanation()
    assert _simulation() == _simulation()
    row = _explanation().rows[0]
    assert dataclasses.replace(row, reason="other") != row


def test_a_result_cannot_be_changed() -> None:
    row = _explanation().rows[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.reason = "other"  # type: ignore[misc]


def test_the_old_pydantic_methods_warn_and_still_work() -> None:
    explained = _explanation()
    with pytest.warns(DeprecationWarning, match=r"Explanation.model_dump\(\).*to_dict\(\)"):
        assert explained.model_dump(mode="json") == explained.to_dict()
    with pytest.warns(DeprecationWarning, match=r"model_dump_json\(\).*to_json\(\)"):
        assert json.loads(explained.model_dump_json(indent=2)) == explained.to_dict()
    with pytest.warns(DeprecationWarning, match=r"model_copy\(\).*dataclasses.replace"):
        copied = explained.model_copy(update={"customer_id": "c99"})
    assert copied.customer_id == "c99"
    assert copied.rows == explained.rows
    with pytest.warns(DeprecationWarning, match="model_dump"):
        python = explained.model_dump()
    assert python["rows"][0]["state"] == StepState.CLOSED
    assert python["as_of"] == date(2026, 3, 16)


def test_the_warning_points_at_the_caller() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _explanation().model_dump()
    assert caught[0].filename == __file__

"""Booleans in configuration (a schedule and the other hand-written configs) are JSON's true and
false only: pydantic's lax "yes", "on", 1 are refused naming the field. Data models read from
CSV (``regua.batch.from_records``) keep taking the text a CSV file holds ("true", "false")."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from pydantic import Strict, ValidationError

import regua
from regua._config_model import ConfigModel
from regua.batch import from_records
from regua.models import Customer, Invoice

STEP = {"id": "d1", "offset": 1, "channels": ["email"]}


def schedule_error(**changes: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        regua.Schedule.model_validate({"name": "s", "steps": [STEP], **changes})
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in caught.value.errors()]


@pytest.mark.parametrize("value", ["yes", "true", "on", 1, 0, "1"])
def test_a_schedule_boolean_is_true_or_false_only(value: object) -> None:
    assert schedule_error(guardrails={"consumer_fees": value}) == [
        ("guardrails.consumer_fees", "Input should be a valid boolean")
    ]


def test_a_step_boolean_names_the_step_and_the_field() -> None:
    assert schedule_error(steps=[{**STEP, "when": {"agreement": "yes"}}]) == [
        ("steps", "Value error, steps[0] ('d1').when.agreement: Input should be a valid boolean")
    ]


def test_json_booleans_still_load() -> None:
    schedule = regua.Schedule.model_validate(
        {"name": "s", "steps": [STEP], "guardrails": {"consumer_fees": True}}
    )
    assert schedule.guardrails.consumer_fees is True


def _config_models() -> list[type[ConfigModel]]:
    for module in pkgutil.walk_packages(regua.__path__, "regua."):
        if ".cli" not in module.name and module.name != "regua.plot":
            importlib.import_module(module.name)
    found: list[type[ConfigModel]] = []
    todo = list(ConfigModel.__subclasses__())
    while todo:
        model = todo.pop()
        found.append(model)
        todo.extend(model.__subclasses__())
    return sorted(found, key=lambda m: m.__qualname__)


def test_no_configuration_boolean_is_lax() -> None:
    lax = []
    for model in _config_models():
        for name, info in model.model_fields.items():
            strict = any(isinstance(m, Strict) and m.strict for m in info.metadata)
            if info.annotation in (bool, bool | None) and not strict:
                lax.append(f"{model.__qualname__}.{name}")
    assert lax == []


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("false", False)])
def test_csv_rows_keep_their_text_booleans(text: str, expected: bool) -> None:
    (invoice,) = from_records(
        [
            {
                "id": "i1",
                "customer_id": "c1",
                "amount": "10.00",
                "due_date": "2026-03-01",
                "disputed": text,
                "dunning_blocked": text,
            }
        ],
        Invoice,
    )
    assert (invoice.disputed, invoice.dunning_blocked) == (expected, expected)
    (customer,) = from_records(
        [{"id": "c1", "name": "Ana", "kind": "consumer", "dunning_blocked": text}], Customer
    )
    assert customer.dunning_blocked is expected

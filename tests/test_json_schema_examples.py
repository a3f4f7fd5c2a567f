"""Every key issue 11 added to the schedule language and the models has an example in the JSON
Schema, and each example, put in a minimal document, is accepted by the schema (checked with
``jsonschema``) and by the model: an example a host copies must work."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from regua import Customer, Invoice, Promise, Schedule
from regua.schemas import json_schema

_STEP = {"id": "d1", "offset": 1, "channels": ["email"]}
_HOST_FIELD = {"name": "contract_number"}
_BASES: dict[str, dict[str, Any]] = {
    "schedule": {"name": "r", "steps": [_STEP]},
    "customer": {"id": "c1", "name": "Ana", "kind": "consumer"},
    "invoice": {"id": "i1", "customer_id": "c1", "amount": "10.00", "due_date": "2026-03-10"},
    "promise": {
        "id": "p1",
        "customer_id": "c1",
        "invoice_ids": ["i1"],
        "amount": "10.00",
        "made_on": "2026-03-01",
        "due_date": "2026-03-10",
    },
}
_MODELS = {"schedule": Schedule, "customer": Customer, "invoice": Invoice, "promise": Promise}

#: (document, the $defs entry holding the key or None for the document's top level, key).
NEW_KEYS = [
    ("schedule", None, "catch_up"),
    ("schedule", None, "ladder"),
    ("schedule", None, "consolidate"),
    ("schedule", None, "promises"),
    ("schedule", None, "host_fields"),
    ("schedule", "Promises", "grace_days"),
    ("schedule", "Step", "fee"),
    ("schedule", "Step", "repeat"),
    ("schedule", "Step", "anchor"),
    ("schedule", "Step", "end_of_month"),
    ("schedule", "Step", "trigger"),
    ("schedule", "Step", "description"),
    ("schedule", "Repeat", "every"),
    ("schedule", "Repeat", "max"),
    ("schedule", "When", "days_overdue"),
    ("schedule", "When", "min_amount"),
    ("schedule", "When", "max_amount"),
    ("schedule", "When", "min_invoices"),
    ("schedule", "When", "max_invoices"),
    ("schedule", "When", "min_total_overdue"),
    ("schedule", "When", "max_total_overdue"),
    ("schedule", "Guardrails", "consumer_fees"),
    ("schedule", "Template", "host_fields"),
    ("schedule", "HostField", "name"),
    ("schedule", "HostField", "kind"),
    ("schedule", "HostField", "required"),
    ("schedule", "HostField", "max_length"),
    ("schedule", "HostField", "minimum"),
    ("schedule", "HostField", "maximum"),
    ("schedule", "HostField", "earliest"),
    ("schedule", "HostField", "latest"),
    ("customer", None, "dunning_paused_until"),
    ("customer", None, "dunning_blocked"),
    ("customer", None, "dunning_block_reason"),
    ("invoice", None, "issue_date"),
    ("invoice", None, "dunning_paused_until"),
    ("invoice", None, "dunning_blocked"),
    ("invoice", None, "dunning_block_reason"),
    ("promise", None, "invoice_ids"),
    ("promise", None, "amount"),
    ("promise", None, "due_date"),
]


def _examples(document: str, definition: str | None, key: str) -> list[Any]:
    schema = json_schema(document)
    node = schema if definition is None else schema["$defs"][definition]
    prop = node["properties"][key]
    if "examples" in prop:
        return list(prop["examples"])
    for ref in [prop.get("$ref")] + [branch.get("$ref") for branch in prop.get("anyOf", [])]:
        if ref is not None:
            return list(schema["$defs"][ref.rsplit("/", 1)[1]].get("examples", []))
    return []


def _host_field(key: str, value: Any) -> dict[str, Any]:
    kind = {"minimum": "money", "maximum": "money", "earliest": "date", "latest": "date"}
    field = {**_HOST_FIELD, "kind": kind.get(key, "text"), key: value}
    if key == "kind":
        field["kind"] = value
    return field


def _placed(document: str, definition: str | None, key: str, value: Any) -> dict[str, Any]:
    """A minimal valid ``document`` with ``value`` at ``key`` of ``definition``."""
    instance = copy.deepcopy(_BASES[document])
    step = instance.get("steps", [{}])[0]
    if definition is None:
        instance[key] = value
        if key == "dunning_block_reason":
            instance["dunning_blocked"] = True
    elif definition == "Step":
        step[key] = value
    elif definition == "When":
        step["when"] = {key: value}
    elif definition == "Repeat":
        step["repeat"] = {"every": 14, key: value}
    elif definition == "Promises":
        instance["promises"] = {key: value}
    elif definition == "Guardrails":
        instance["guardrails"] = {key: value}
    elif definition == "HostField":
        instance["host_fields"] = [_host_field(key, value)]
    elif definition == "Template":
        step["template"] = "mine"
        instance["templates"] = {"mine": {"id": "mine", "body": "Olá.", key: value}}
    return instance


@pytest.mark.parametrize(("document", "definition", "key"), NEW_KEYS)
def test_each_new_key_has_an_example_that_schema_and_model_accept(
    document: str, definition: str | None, key: str
) -> None:
    examples = _examples(document, definition, key)
    assert examples, f"{definition or document}.{key} has no example in the JSON Schema"
    validator = jsonschema.Draft202012Validator(
        json_schema(document), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for value in examples:
        instance = _placed(document, definition, key, value)
        errors = [error.message for error in validator.iter_errors(instance)]
        assert errors == [], (key, value)
        _MODELS[document].model_validate(instance)


def _doctest_source(page: str) -> str:
    """The lines of ``page``'s doctests (``>>>`` and ``...``), where a shown key is run."""
    text = (Path(__file__).resolve().parents[1] / "docs" / page).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if line.startswith((">>> ", "... ")))


@pytest.mark.parametrize(
    "key",
    sorted(
        {key for _, definition, key in NEW_KEYS if definition not in ("HostField", "Template")}
        - {"amount", "invoice_ids", "due_date"}
    ),
)
def test_each_new_key_is_shown_running_in_the_design_guide(key: str) -> None:
    source = _doctest_source("designing-your-regua.md")
    assert f'"{key}"' in source or f"{key}=" in source

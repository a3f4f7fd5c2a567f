"""Host fields: declared placeholders for the host's own values (issue 11 item 13)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from regua.errors import TemplateError
from regua.models import Action
from regua.rules import Schedule
from regua.samples import sample_creditor
from regua.schemas import json_schema
from regua.templates import HostField, Template, render, render_action

FIELDS: list[dict[str, Any]] = [
    {"name": "contract_number", "max_length": 12},
    {"name": "plan_name", "required": False},
    {"name": "fee", "kind": "money", "minimum": "0", "maximum": "10000"},
    {"name": "renewal", "kind": "date", "earliest": "2026-01-01"},
    {"name": "seats", "kind": "count", "maximum": 100000},
]
TEMPLATE = Template(
    id="contract",
    body="Contrato $contract_number ($plan_name): $fee, renova em $renewal, $seats vagas.",
    host_fields=FIELDS,
)
VALUES = {
    "contract_number": "C-001",
    "plan_name": "Fibra 500",
    "fee": "1234.5",
    "renewal": "2026-03-05",
    "seats": "12000",
}


def _body(values: dict[str, Any], template: Template = TEMPLATE, **kw: Any) -> str:
    return render(template, values, channel="email", **kw).body


def test_each_kind_is_formatted_with_babel_for_the_locale() -> None:
    assert _body(VALUES) == (
        "Contrato C-001 (Fibra 500): R$\xa01.234,50, renova em 5 de março de 2026, 12.000 vagas."
    )
    assert _body(VALUES, locale="en_US") == (
        "Contrato C-001 (Fibra 500): R$1,234.50, renova em March 5, 2026, 12,000 vagas."
    )


def test_typed_values_of_a_plain_mapping_work_too() -> None:
    typed = {
        **VALUES,
        "fee": Decimal("1234.50"),
        "renewal": date(2026, 3, 5),
        "seats": 12000,
    }
    assert _body(typed) == _body(VALUES)


def test_an_unknown_name_still_fails_when_the_template_is_built() -> None:
    with pytest.raises(ValidationError, match=r"unknown placeholder \$contract_id"):
        Template(id="t", body="Contrato $contract_id", host_fields=FIELDS)
    with pytest.raises(ValidationError, match=r"unknown placeholder \$contract_number"):
        Template(id="t", body="Contrato $contract_number")


def test_an_optional_field_without_a_value_is_empty_a_required_one_fails() -> None:
    without_plan = {k: v for k, v in VALUES.items() if k != "plan_name"}
    assert _body(without_plan).startswith("Contrato C-001 (): ")
    without_contract = {k: v for k, v in VALUES.items() if k != "contract_number"}
    with pytest.raises(TemplateError) as err:
        _body(without_contract)
    assert err.value.field == "context.contract_number"


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("contract_number", "C-0000000001234", "15 characters long; the field allows 12"),
        ("contract_number", 1234, "a text field takes text"),
        ("fee", "-1", "below the minimum 0"),
        ("fee", "10000.01", "above the maximum 10000"),
        ("fee", "12.345", "decimal places"),
        ("fee", "doze", "not a decimal number"),
        ("renewal", "2025-12-31", "before the earliest 2026-01-01"),
        ("renewal", "05/03/2026", "expected a date as YYYY-MM-DD"),
        ("renewal", "2026-02-30", "is not a calendar date"),
        ("seats", "1.5", "a count is a whole number"),
        ("seats", "-1", "a count is a whole number"),
        ("seats", "100001", "above the maximum 100000"),
    ],
)
def test_a_value_outside_its_kind_or_bounds_fails_naming_the_field(
    name: str, value: object, reason: str
) -> None:
    with pytest.raises(TemplateError) as err:
        _body({**VALUES, name: value})
    assert err.value.field == f"context.{name}"
    assert reason in err.value.reason


def test_host_values_are_checked_like_every_other_value() -> None:
    loose = Template(id="t", body="Plano $plan_name", host_fields=[{"name": "plan_name"}])
    for bad in ("a\x00b", "a\u2028b", "a\rb", "x" * 2001):
        with pytest.raises(TemplateError) as err:
            _body({"plan_name": bad}, loose)
        assert err.value.field == "context.plan_name"
    # A value holding a placeholder stays literal text (single pass).
    assert _body({"plan_name": "$customer_name"}, loose) == "Plano $customer_name"


def test_a_subject_refuses_a_line_break_from_a_host_field() -> None:
    template = Template(
        id="t", subject="Contrato $contract_number", body="x", host_fields=FIELDS[:1]
    )
    with pytest.raises(TemplateError):
        render(template, {"contract_number": "C\n1"}, channel="email")


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ({"name": "amount_due", "kind": "money"}, "built-in placeholder"),
        ({"name": "Contract"}, "name"),
        ({"name": "fee", "kind": "money", "max_length": 3}, "max_length: a money field"),
        ({"name": "n", "kind": "count", "minimum": "1.5"}, "a count is a whole number"),
        ({"name": "d", "kind": "date", "minimum": "1"}, "minimum: a date field"),
        ({"name": "t", "earliest": "2026-01-01"}, "earliest: a text field"),
        ({"name": "m", "kind": "money", "minimum": 5, "maximum": 1}, "minimum: must not be above"),
        ({"name": "d", "kind": "date", "earliest": "2026-02-01", "latest": "2026-01-01"}, "after"),
        ({"name": "t", "kind": "colour"}, "kind"),
        ({"name": "t", "max_length": 2001}, "max_length"),
    ],
)
def test_a_bad_declaration_is_refused_naming_the_key(field: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        HostField.model_validate(field)


def test_a_name_declared_twice_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"host_fields\[1\].name: 'a' is declared twice"):
        Template(id="t", body="$a", host_fields=[{"name": "a"}, {"name": "a", "kind": "count"}])


SCHEDULE: dict[str, Any] = {
    "name": "contracts",
    "host_fields": [{"name": "contract_number", "max_length": 12}],
    "templates": {
        "lembrete": {"body": "Contrato $contract_number: $amount_due em aberto."},
        "proprio": {
            "body": "Contrato $contract_number",
            "host_fields": [{"name": "contract_number", "kind": "count"}],
        },
    },
    "steps": [{"id": "d1", "offset": 1, "channels": ["email"], "template": "lembrete"}],
}


def test_a_schedule_shares_its_host_fields_with_its_templates() -> None:
    schedule = Schedule.model_validate(SCHEDULE)
    (shared,) = schedule.templates["lembrete"].host_fields
    assert (shared.name, shared.max_length) == ("contract_number", 12)
    # A template's own declaration wins.
    (own,) = schedule.templates["proprio"].host_fields
    assert own.kind.value == "count"
    assert Schedule.model_validate_json(schedule.model_dump_json()) == schedule
    without = {k: v for k, v in SCHEDULE.items() if k != "host_fields"}
    with pytest.raises(ValidationError, match=r"unknown placeholder \$contract_number"):
        Schedule.model_validate(without)


def test_host_fields_come_from_action_context_when_rendering_an_action() -> None:
    schedule = Schedule.model_validate(SCHEDULE)
    action = Action(
        id="a1",
        customer_id="c1",
        invoice_ids=("i1",),
        step_id="d1",
        action="message",
        channel="email",
        template="lembrete",
        window_start=datetime(2026, 3, 10, 12, tzinfo=UTC),
        window_end=datetime(2026, 3, 10, 20, tzinfo=UTC),
        amount_due="150.00",
        days_overdue=5,
        due_date=date(2026, 3, 5),
        reason="d1",
        context={"contract_number": "C-77"},
    )
    customer = {"id": "c1", "name": "Ana", "kind": "consumer"}
    message = render_action(
        action,
        customer=customer,
        creditor=sample_creditor(),
        templates=schedule.templates,
    )
    assert message.body == "Contrato C-77: R$\xa0150,00 em aberto."
    too_long = action.model_copy(update={"context": {"contract_number": "C-" + "7" * 20}})
    with pytest.raises(TemplateError) as err:
        render_action(
            too_long,
            customer=customer,
            creditor=sample_creditor(),
            templates=schedule.templates,
        )
    assert err.value.field == "context.contract_number"


def test_the_schedule_schema_has_the_key_with_an_example() -> None:
    schema = json_schema("schedule")
    prop = schema["properties"]["host_fields"]
    assert prop["examples"][0][0]["name"] == "contract_number"
    assert set(schema["$defs"]["HostFieldKind"]["enum"]) == {"text", "money", "date", "count"}


def test_a_schedule_refuses_a_name_declared_twice_even_with_no_template() -> None:
    # Before: accepted when no template of the schedule used the names.
    with pytest.raises(ValidationError, match=r"host_fields\n  Value error, \[1\].name: 'a' is"):
        Schedule.model_validate(
            {
                "name": "x",
                "host_fields": [{"name": "a"}, {"name": "a", "kind": "count"}],
                "steps": [{"id": "d", "offset": 1, "channels": ["email"]}],
            }
        )

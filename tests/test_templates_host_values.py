"""Host fields supplied per customer or per invoice (issue 11 item 13): ``render_action``'s
``customer_values`` and ``invoice_values`` fill what the action's context lacks; a text field
lists its invoices' different values in the action's order, another kind must agree."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from regua import Schedule, plan, render_action
from regua.errors import TemplateError
from regua.samples import sample_creditor

BODY = "Contrato $contract_number, plano $plan_name, parcela $installment_value."
SCHEDULE = Schedule.model_validate({
    "name": "hf",
    "host_fields": [
        {"name": "contract_number", "max_length": 12},
        {"name": "plan_name", "required": False},
        {"name": "installment_value", "kind": "money"},
    ],
    "steps": [{"id": "d5", "offset": 5, "channels": ["email"], "template": "t"}],
    "templates": {"t": {"id": "t", "locale": "pt_BR", "subject": "Aviso", "body": BODY}},
})  # fmt: skip
FIRM = {"id": "f", "name": "Firma Ltda", "kind": "business", "contacts": {"email": "f@example.com"}}
INVOICES = [
    {"id": "n1", "customer_id": "f", "amount": "100.00", "due_date": "2026-03-02"},
    {"id": "n2", "customer_id": "f", "amount": "50.00", "due_date": "2026-03-02"},
]
(ACTION,) = plan(SCHEDULE, [FIRM], INVOICES, as_of=date(2026, 3, 9)).actions  # both invoices


def _body(action: Any = ACTION, **values: Any) -> str:
    message = render_action(
        action, customer=FIRM, creditor=sample_creditor(), templates=SCHEDULE.templates, **values
    )
    return message.body


def test_values_per_customer_and_per_invoice() -> None:
    body = _body(
        customer_values={"plan_name": "Ouro", "installment_value": "75.00"},
        invoice_values={"n1": {"contract_number": "C-1"}, "n2": {"contract_number": "C-2"}},
    )
    assert body == "Contrato C-1, C-2, plano Ouro, parcela R$\xa075,00."


def test_the_actions_context_wins_then_the_customers_then_the_invoices() -> None:
    action = ACTION.replace(context={**ACTION.context, "contract_number": "K-9"})
    body = _body(
        action,
        customer_values={"installment_value": "75.00", "contract_number": "X"},
        invoice_values={"n1": {"contract_number": "C-1", "installment_value": "1.00"}},
    )
    assert body == "Contrato K-9, plano , parcela R$\xa075,00."


def test_one_invoice_value_shared_by_both_is_given_once() -> None:
    same = {"contract_number": "C-1", "installment_value": "75.00"}
    assert _body(invoice_values={"n1": same, "n2": same}).startswith("Contrato C-1, plano")


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        (
            {"invoice_values": {
                "n1": {"contract_number": "C-1", "installment_value": "75.00"},
                "n2": {"contract_number": "C-2", "installment_value": "80.00"}}},
            "invoice_values.n2.installment_value",
            "'80.00' differs from invoice 'n1''s '75.00': a money field must agree",
        ),
        (
            {"customer_values": {"contract_number": 7}},
            "customer_values.contract_number",
            "expected text",
        ),
        ({"invoice_values": ["C-1"]}, "invoice_values", "expected a mapping"),
        (
            {"customer_values": {"contract_number": "C-123456789012", "installment_value": "1"}},
            "customer_values.contract_number",
            "is 14 characters long; the field allows 12",
        ),
    ],
)  # fmt: skip
def test_bad_values_fail_naming_where_they_came_from(
    values: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(TemplateError) as error:
        _body(**values)
    assert error.value.field == field
    assert reason in str(error.value)

"""The models' length and count bounds hold on columns too: a value the model refuses for its
size is a rejected row naming the field in ``regua.columnar.plan``, never a planned one (the two
executions accept the same rows)."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from pydantic import ValidationError

import regua.columnar
from regua.limits import MAX_TEXT_CHARS
from regua.models import Customer, Invoice

AS_OF = date(2026, 3, 16)
SCHEDULE = {"name": "x", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}
_CUSTOMER = {"id": "c1", "name": "Ana", "kind": "consumer", "state": "SP", "email": "a@example.com"}
_INVOICE = {"id": "i1", "customer_id": "c1", "amount": "10.00", "due_date": "2026-03-01"}
_CUSTOMER_SCHEMA = {"tags": pl.List(pl.String)}
_INVOICE_SCHEMA = {
    "tags": pl.List(pl.String),
    "payments": pl.List(pl.Struct({"date": pl.Date, "amount": pl.String, "method": pl.String})),
}
_PAYMENT = {"date": date(2026, 3, 2), "amount": "1.00", "method": "pix"}
_TOO_LONG = "x" * (MAX_TEXT_CHARS + 1)

CUSTOMER_CASES = [
    ({"name": "A" * 257}, "name"),
    ({"tags": ["t" * 65]}, "tags"),
    ({"tags": [f"t{k}" for k in range(101)]}, "tags"),
    ({"dunning_blocked": True, "dunning_block_reason": _TOO_LONG}, "dunning_block_reason"),
]
INVOICE_CASES = [
    ({"tags": ["t" * 65]}, "tags"),
    ({"tags": [f"t{k}" for k in range(101)]}, "tags"),
    ({"dunning_blocked": True, "dunning_block_reason": _TOO_LONG}, "dunning_block_reason"),
    ({"payments": [{**_PAYMENT, "method": _TOO_LONG}]}, "payments[0].method"),
    ({"amount": "1000.00", "payments": [{**_PAYMENT, "amount": "0.01"}] * 10_001}, "payments"),
]


def _model_row(customer: dict[str, Any]) -> dict[str, Any]:
    row = dict(customer)
    row["contacts"] = {"email": row.pop("email")}
    return row


def _table_row(customer: dict[str, Any]) -> dict[str, Any]:
    row = dict(customer)
    row["contacts"] = [{"key": "email", "value": row.pop("email")}]
    return row


def _plan(customers: list[dict[str, Any]], invoices: list[dict[str, Any]]) -> Any:
    return regua.columnar.plan(
        SCHEDULE,
        pl.DataFrame([_table_row(c) for c in customers], schema_overrides=_CUSTOMER_SCHEMA),
        pl.DataFrame(invoices, schema_overrides=_INVOICE_SCHEMA),
        as_of=AS_OF,
    )


@pytest.mark.parametrize(("extra", "field"), CUSTOMER_CASES)
def test_a_customer_value_too_big_for_the_model_is_a_rejected_row(
    extra: dict[str, Any], field: str
) -> None:
    bad = {**_CUSTOMER, "id": "c2", **extra}
    with pytest.raises(ValidationError):
        Customer.model_validate(_model_row(bad))
    invoices = [_INVOICE, {**_INVOICE, "id": "i2", "customer_id": "c2"}]
    result = _plan([_CUSTOMER, bad], invoices)
    rejects = result.rejects.select("table", "row", "field").rows()
    assert ("customers", 1, field) in rejects
    assert ("invoices", 1, "customer_id") in rejects
    assert result.actions.get_column("invoice_ids").to_list() == [["i1"]]


@pytest.mark.parametrize(("extra", "field"), INVOICE_CASES)
def test_an_invoice_value_too_big_for_the_model_is_a_rejected_row(
    extra: dict[str, Any], field: str
) -> None:
    bad = {**_INVOICE, "id": "i2", **extra}
    with pytest.raises(ValidationError):
        Invoice.model_validate(bad)
    result = _plan([_CUSTOMER], [_INVOICE, bad])
    assert result.rejects.select("table", "row", "field").rows() == [("invoices", 1, field)]
    assert result.actions.get_column("invoice_ids").to_list() == [["i1"]]


def test_values_at_the_bounds_are_planned_by_both() -> None:
    customer = {**_CUSTOMER, "name": "A" * 256, "tags": [f"{k:064d}" for k in range(100)]}
    invoice = {
        **_INVOICE,
        "tags": ["t" * 64],
        "payments": [{**_PAYMENT, "method": "m" * MAX_TEXT_CHARS}],
    }
    Customer.model_validate(_model_row(customer))
    Invoice.model_validate(invoice)
    result = _plan([customer], [invoice])
    assert result.rejects.height == 0
    assert result.actions.get_column("invoice_ids").to_list() == [["i1"]]

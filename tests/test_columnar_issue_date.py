"""Under a step anchored on the issue date, an open invoice with no issue date is one rejected
row in ``regua.columnar.plan`` (the whole run failed: ``regua plan --invoices i.csv`` exited 1
for one row), and the rest is planned as the reference engine plans it without that invoice.
The reference engine on models refuses the whole call, naming the invoice, as before."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

import regua.columnar
import regua.frames
from regua import plan
from regua.errors import InvalidInputError

AS_OF = date(2026, 3, 6)
SCHEDULE = {
    "name": "emissao",
    "steps": [{"id": "i5", "offset": 5, "anchor": "issue_date", "channels": ["email"]}],
}
CUSTOMERS = [{"id": "c", "name": "C", "kind": "business", "contacts": {"email": "c@example.com"}}]
DATED = {"id": "a", "customer_id": "c", "amount": "10.00", "due_date": "2026-03-10",
         "issue_date": "2026-03-01"}  # fmt: skip
UNDATED = {"id": "b", "customer_id": "c", "amount": "20.00", "due_date": "2026-03-10"}
PAID = {**UNDATED, "id": "p", "payments": [{"date": "2026-03-02", "amount": "20.00"}]}


def _tables(invoices: list[dict[str, object]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    return (
        regua.frames.to_polars([regua.Customer.model_validate(c) for c in CUSTOMERS]),
        regua.frames.to_polars([regua.Invoice.model_validate(i) for i in invoices]),
    )


def test_an_open_invoice_without_an_issue_date_is_a_rejected_row() -> None:
    customers, invoices = _tables([DATED, UNDATED])
    result = regua.columnar.plan(SCHEDULE, customers, invoices, as_of=AS_OF)
    assert result.rejects.rows() == [
        (
            "invoices",
            1,
            "issue_date",
            "missing: step 'i5' counts from the issue date (anchor: issue_date), so every open"
            " invoice needs one",
        )
    ]
    expected = plan(SCHEDULE, CUSTOMERS, [DATED], as_of=AS_OF).actions
    assert result.actions.get_column("id").to_list() == [a.id for a in expected]
    assert result.actions.get_column("invoice_ids").to_list() == [["a"]]


def test_a_paid_invoice_needs_none() -> None:
    customers, invoices = _tables([DATED, PAID])
    result = regua.columnar.plan(SCHEDULE, customers, invoices, as_of=AS_OF)
    assert result.rejects.height == 0
    assert result.actions.get_column("invoice_ids").to_list() == [["a"]]


def test_the_reference_engine_refuses_the_call_naming_the_invoice() -> None:
    with pytest.raises(InvalidInputError, match=r"invoices\[1\].issue_date: missing: step 'i5'"):
        plan(SCHEDULE, CUSTOMERS, [DATED, UNDATED], as_of=AS_OF)

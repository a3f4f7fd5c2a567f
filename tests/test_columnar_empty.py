"""Empty tables, and tables whose every row is rejected, plan to empty results: one bad row is
a rejected row, never a crashed run (a portfolio whose only customer was rejected raised
polars' InvalidOperationError: an empty mapping gave a text column where dates were due)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import polars as pl
import pytest

import regua.columnar

AS_OF = date(2026, 3, 16)
SCHEDULE = {"name": "x", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}
CUSTOMER = {
    "id": "c1", "name": "Ana", "kind": "consumer", "state": "SP",
    "contacts": [{"key": "email", "value": "a@example.com"}],
}  # fmt: skip
INVOICE = {
    "id": "i1", "customer_id": "c1", "amount": "10.00", "due_date": "2026-03-01",
    "payments": [{"date": "2026-03-02", "amount": "1.00", "method": "pix"}],
}  # fmt: skip
RECORD = {
    "action_id": "a1", "customer_id": "c1", "step_id": "d1", "invoice_ids": ["i1"],
    "channel": "email", "at": datetime(2026, 3, 2, 12, tzinfo=UTC), "outcome": "delivered",
}  # fmt: skip


@pytest.mark.parametrize(
    ("customer", "invoice", "record", "rejected"),
    [
        ({"state": "XX"}, {}, None, [("customers", 0, "state"), ("invoices", 0, "customer_id")]),
        ({}, {"amount": "-1"}, None, [("invoices", 0, "amount")]),
        ({}, {"amount": "-1"}, {}, [("invoices", 0, "amount")]),
        # The customer of a rejected history row is held with its invoices (it was planned).
        (
            {},
            {},
            {"outcome": "nope"},
            [
                ("customers", 0, "history"),
                ("history", 0, "outcome"),
                ("invoices", 0, "customer_id"),
            ],
        ),
        ({"state": "XX"}, {}, {}, [("customers", 0, "state"), ("invoices", 0, "customer_id")]),
    ],
)
def test_every_row_rejected_plans_nothing_and_says_why(
    customer: dict[str, Any],
    invoice: dict[str, Any],
    record: dict[str, Any] | None,
    rejected: list[tuple[str, int, str]],
) -> None:
    history = None if record is None else pl.DataFrame([{**RECORD, **record}])
    result = regua.columnar.plan(
        SCHEDULE,
        pl.DataFrame([{**CUSTOMER, **customer}]),
        pl.DataFrame([{**INVOICE, **invoice}]),
        as_of=AS_OF,
        history=history,
    )
    assert result.rejects.select("table", "row", "field").rows() == rejected
    assert result.actions.height == 0


def test_empty_tables_plan_nothing() -> None:
    customers = pl.DataFrame([CUSTOMER]).head(0)
    invoices = pl.DataFrame([INVOICE]).head(0)
    history = pl.DataFrame([RECORD]).head(0)
    result = regua.columnar.plan(SCHEDULE, customers, invoices, as_of=AS_OF, history=history)
    assert (result.actions.height, result.rejects.height) == (0, 0)


@pytest.mark.parametrize(
    "empty",
    [
        pytest.param(lambda names: pl.DataFrame({n: [] for n in names}), id="polars-untyped"),
        pytest.param(lambda names: pd().DataFrame(columns=names), id="pandas-columns"),
        pytest.param(lambda names: pd().DataFrame({n: [] for n in names}), id="pandas-float64"),
        pytest.param(lambda names: pl.DataFrame(), id="no-columns"),
    ],
)  # fmt: skip
def test_untyped_empty_tables_plan_nothing_and_reject_nothing(empty: Any) -> None:
    # Before: columns of no type (or pandas' float64) made a phantom row 0 rejected field by
    # field ('invoices', 0, 'id', 'missing'), or refused the table (unexpected type Float64);
    # an empty JSON Lines history (no columns) was refused for a missing column.
    customers = pl.DataFrame([CUSTOMER])
    result = regua.columnar.plan(
        SCHEDULE, customers, empty(list(INVOICE)), as_of=AS_OF, history=empty(list(RECORD))
    )
    assert (result.actions.height, result.rejects.rows()) == (0, [])
    invoices = pl.DataFrame([INVOICE])
    no_customers = regua.columnar.plan(SCHEDULE, empty(list(CUSTOMER)), invoices, as_of=AS_OF)
    assert no_customers.rejects.rows() == [
        ("invoices", 0, "customer_id", "unknown customer 'c1' (absent or rejected)")
    ]


def pd() -> Any:
    return pytest.importorskip("pandas")

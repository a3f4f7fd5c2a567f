"""Flag columns given as text (a CSV's) are read row by row as the models read a boolean from
text; a text that is no boolean is a rejected row naming the field (the whole table was refused
for its type, and the CSV reader failed the run on one cell)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from pydantic import ValidationError

import regua.columnar
from regua import Customer, Invoice

AS_OF = date(2026, 3, 16)
SCHEDULE = {"name": "x", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}
CUSTOMERS = pl.DataFrame(
    {
        "id": ["c1", "c2", "c3"],
        "name": ["Ana", "Bia", "Caio"],
        "kind": ["consumer"] * 3,
        "contacts": [[{"key": "email", "value": f"{n}@example.com"}] for n in ("a", "b", "c")],
        "dunning_blocked": ["YES", "off", None],
    }
)
WORDS = ["yes", "No", "1", "f", "maybe", " yes", None]


def _invoices() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": [f"i{k}" for k in range(len(WORDS))],
            "customer_id": ["c2"] * len(WORDS),
            "amount": ["10.00"] * len(WORDS),
            "due_date": ["2026-03-01"] * len(WORDS),
            "disputed": WORDS,
        }
    )


@pytest.mark.parametrize("word", WORDS)
def test_each_text_is_read_as_the_model_reads_it(word: str | None) -> None:
    row = {"id": "i", "customer_id": "c", "amount": "1.00", "due_date": "2026-03-01"}
    try:
        expected: bool | None = Invoice.model_validate({**row, "disputed": word}).disputed
    except ValidationError:
        expected = None  # refused: a rejected row below
    result = regua.columnar.plan(SCHEDULE, CUSTOMERS, _invoices(), as_of=AS_OF, skip_detail=True)
    k = WORDS.index(word)
    rejected = ("invoices", k, "disputed") in result.rejects.select("table", "row", "field").rows()
    disputed = {
        i for ids in result.skip_detail.filter(pl.col("code") == "disputed")["invoice_ids"]
        for i in ids
    }  # fmt: skip
    assert rejected == (expected is None and word is not None)
    assert (f"i{k}" in disputed) == bool(expected)


def test_a_text_blocked_flag_holds_the_customer_as_the_model_would() -> None:
    assert Customer.model_validate(
        {"id": "c1", "name": "Ana", "kind": "consumer", "dunning_blocked": "YES"}
    ).dunning_blocked
    invoices = _invoices().with_columns(
        pl.lit("c1").alias("customer_id"), pl.lit(None).alias("disputed")
    )
    result = regua.columnar.plan(SCHEDULE, CUSTOMERS, invoices, as_of=AS_OF)
    assert result.actions.height == 0
    assert result.rejects.height == 0
    assert set(result.skipped.get_column("code")) == {"dunning_blocked"}


def test_a_bad_blocked_flag_is_a_rejected_customer() -> None:
    customers = CUSTOMERS.with_columns(pl.lit("sometimes").alias("dunning_blocked"))
    result = regua.columnar.plan(SCHEDULE, customers, _invoices().head(0), as_of=AS_OF)
    assert result.rejects.filter(pl.col("table") == "customers").select(
        "row", "field", "reason"
    ).rows() == [
        (0, "dunning_blocked", "'sometimes' is not true or false"),
        (1, "dunning_blocked", "'sometimes' is not true or false"),
        (2, "dunning_blocked", "'sometimes' is not true or false"),
    ]

"""Batch ingestion and frame conversion laws: chunking never changes the answer, every row is
accounted for exactly once, and conversions to records and frames are lossless."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regua.batch import from_records, iter_validate, to_records
from regua.models import Invoice

pl = pytest.importorskip("polars")
pytest.importorskip("pandas")

from regua.frames import from_pandas, from_polars, to_pandas, to_polars  # noqa: E402

cents = st.integers(min_value=1, max_value=10**12).map(lambda c: Decimal(c).scaleb(-2))
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))


@st.composite
def invoice_rows(draw: st.DrawFn, n: int) -> dict[str, Any]:
    due = draw(days)
    amount = draw(cents)
    row: dict[str, Any] = {
        "id": f"i{n}",
        "customer_id": f"c{draw(st.integers(0, 5))}",
        "amount": amount,
        "due_date": due,
    }
    if draw(st.booleans()):
        paid = min(amount, draw(cents))
        row["payments"] = [
            {"date": due + timedelta(days=draw(st.integers(-5, 90))), "amount": paid}
        ]
    if draw(st.booleans()):
        row["tags"] = draw(st.frozensets(st.sampled_from(["vip", "gov", "b2b"])))
    if draw(st.booleans()):
        row["disputed"] = True
    return row


# A bad row: one field broken in one of the ways hosts break them.
_BREAKAGES: list[tuple[str, Any]] = [
    ("amount", "-1.00"),
    ("amount", "1.001"),
    ("amount", "abc"),
    ("due_date", "2026-02-30"),
    ("colour", "red"),
]


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[dict[str, Any]], set[int]]:
    size = draw(st.integers(0, 25))
    rows = [draw(invoice_rows(k)) for k in range(size)]
    bad = draw(st.sets(st.integers(0, max(size - 1, 0)), max_size=size)) if size else set()
    for index in bad:
        key, value = draw(st.sampled_from(_BREAKAGES))
        rows[index] = {**rows[index], key: value}
    return rows, bad


@settings(max_examples=150)
@given(batches(), st.integers(1, 50))
def test_every_row_is_either_an_item_or_an_error_in_input_order(
    batch: tuple[list[dict[str, Any]], set[int]], chunk_size: int
) -> None:
    rows, bad = batch
    result = from_records(rows, Invoice, errors="collect", chunk_size=chunk_size)
    assert [e.index for e in result.errors] == sorted(bad)
    assert [i.id for i in result.items] == [r["id"] for k, r in enumerate(rows) if k not in bad]
    assert all(e.errors and e.row is rows[e.index] for e in result.errors)


@settings(max_examples=100)
@given(batches(), st.integers(1, 50), st.integers(1, 50))
def test_chunk_size_never_changes_the_result(
    batch: tuple[list[dict[str, Any]], set[int]], first: int, second: int
) -> None:
    rows, _ = batch
    a = from_records(rows, Invoice, errors="collect", chunk_size=first)
    b = from_records(rows, Invoice, errors="collect", chunk_size=second)
    assert a == b
    streamed: list[Any] = []
    assert list(iter_validate(rows, Invoice, chunk_size=first, on_error=streamed.append)) == a.items
    assert streamed == a.errors


@settings(max_examples=100)
@given(st.integers(0, 20).flatmap(lambda n: st.tuples(*(invoice_rows(k) for k in range(n)))))
def test_records_pandas_and_polars_round_trips_are_lossless(
    rows: tuple[dict[str, Any], ...],
) -> None:
    invoices = from_records(rows, Invoice)
    assert from_records(to_records(invoices), Invoice) == invoices
    if invoices:
        assert from_polars(to_polars(invoices), Invoice) == invoices
        assert from_pandas(to_pandas(invoices), Invoice) == invoices
        assert to_polars(invoices)["amount"].sum() == sum(i.amount for i in invoices)

"""Batch ingestion: errors raised or collected with their row index, lazy chunked streaming."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from regua.batch import BatchResult, RowError, from_records, iter_validate, to_records
from regua.errors import InvalidInputError
from regua.models import Customer, Invoice
from regua.samples import sample_customers, sample_invoices


def _invoice(n: int, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f"i{n}",
        "customer_id": f"c{n % 7}",
        "amount": "100.00",
        "due_date": date(2026, 3, 10),
    }
    row.update(changes)
    return row


class _Counting:
    """An iterable of invoice rows that records how many rows have been pulled from it."""

    def __init__(self, n: int, bad: frozenset[int] = frozenset()) -> None:
        self.n = n
        self.bad = bad
        self.pulled = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for k in range(self.n):
            self.pulled += 1
            yield _invoice(k, amount="-5") if k in self.bad else _invoice(k)


def test_good_rows_validate_in_input_order() -> None:
    rows = [_invoice(k) for k in range(25)]
    items = from_records(rows, Invoice, chunk_size=4)
    assert [i.id for i in items] == [f"i{k}" for k in range(25)]
    assert all(i.amount == Decimal("100.00") for i in items)


def test_raise_names_the_global_row_index_and_field() -> None:
    rows = [_invoice(k) for k in range(10)]
    rows[7] = _invoice(7, amount="1.234")
    with pytest.raises(InvalidInputError) as info:
        from_records(rows, Invoice, chunk_size=3)
    # Row 7 is in the third chunk at offset 1: the index must be global, not per chunk.
    assert info.value.field == "rows[7].amount"
    assert "more than 2 decimal places" in info.value.reason


def test_raise_on_a_model_level_rule_names_the_field_from_the_message() -> None:
    rows = [_invoice(0, issue_date=date(2026, 4, 1))]
    with pytest.raises(InvalidInputError) as info:
        from_records(rows, Invoice)
    assert info.value.field == "rows[0].issue_date"
    assert info.value.reason == "must not be after due_date"


def test_collect_keeps_good_rows_and_reports_every_bad_one() -> None:
    rows = [_invoice(k) for k in range(12)]
    rows[0] = _invoice(0, amount="abc")
    rows[5] = {"id": "i5", "customer_id": "c1", "due_date": "2026-13-01"}  # no amount, bad date
    rows[11] = _invoice(11, colour="red")
    result = from_records(rows, Invoice, errors="collect", chunk_size=5)
    assert isinstance(result, BatchResult)
    assert not result.ok
    assert [i.id for i in result.items] == [f"i{k}" for k in range(12) if k not in (0, 5, 11)]
    assert [e.index for e in result.errors] == [0, 5, 11]
    assert result.errors[0].errors[0].field == "amount"
    assert "'abc' is not a decimal number" in result.errors[0].errors[0].message
    assert {e.field for e in result.errors[1].errors} == {"amount", "due_date"}
    assert {e.type for e in result.errors[1].errors} >= {"missing"}
    assert result.errors[2].errors[0].field == "colour"
    assert result.errors[2].errors[0].type == "extra_forbidden"
    assert result.errors[1].row is rows[5]
    assert str(result.errors[0]).startswith("rows[0].amount: ")


def test_collect_reports_nested_field_paths() -> None:
    bad = _invoice(3, payments=[{"date": "2026-03-11", "amount": "0"}])
    result = from_records([_invoice(1), bad], Invoice, errors="collect")
    assert [e.index for e in result.errors] == [1]
    (error,) = result.errors[0].errors
    assert error.field == "payments.0.amount"
    assert error.message == "a payment must be greater than zero"


def test_collect_with_no_errors_is_ok() -> None:
    result = from_records([_invoice(1)], Invoice, errors="collect")
    assert result.ok
    assert result.errors == []


def test_unknown_errors_mode_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="errors"):
        from_records([], Invoice, errors="ignore")  # type: ignore[call-overload]


@pytest.mark.parametrize("size", [0, -1, 2.5, True])
def test_chunk_size_must_be_a_positive_int(size: Any) -> None:
    with pytest.raises(InvalidInputError, match="chunk_size"):
        list(iter_validate([], Invoice, chunk_size=size))


def test_iter_validate_reads_lazily_one_chunk_at_a_time() -> None:
    source = _Counting(50_000)
    stream = iter_validate(source, Invoice, chunk_size=1_000)
    assert source.pulled == 0  # nothing is read before the first item is asked for
    first = next(stream)
    assert first.id == "i0"
    assert source.pulled == 1_000
    for _ in range(999):
        next(stream)
    assert source.pulled == 1_000  # the whole first chunk was served from one read
    next(stream)
    assert source.pulled == 2_000
    assert sum(1 for _ in stream) == 50_000 - 1_001
    assert source.pulled == 50_000


def test_iter_validate_on_error_receives_bad_rows_as_they_stream() -> None:
    source = _Counting(30, bad=frozenset({3, 17}))
    seen: list[RowError] = []
    stream = iter_validate(source, Invoice, chunk_size=10, on_error=seen.append)
    ids = [next(stream).id for _ in range(5)]
    assert ids == ["i0", "i1", "i2", "i4", "i5"]
    assert [e.index for e in seen] == [3]  # the second chunk has not been read yet
    rest = list(stream)
    assert [e.index for e in seen] == [3, 17]
    assert len(ids) + len(rest) == 28


def test_iter_validate_raises_when_the_bad_row_is_reached() -> None:
    stream = iter_validate(_Counting(30, bad=frozenset({25})), Invoice, chunk_size=10)
    assert len([next(stream) for _ in range(20)]) == 20
    with pytest.raises(InvalidInputError, match=r"rows\[25\]\.amount"):
        list(stream)


def test_models_pass_through() -> None:
    invoices = sample_invoices()
    assert from_records(invoices, Invoice) == invoices


def test_round_trip_of_the_sample_portfolio() -> None:
    customers, invoices = sample_customers(), sample_invoices()
    assert from_records(to_records(customers), Customer) == customers
    assert from_records(to_records(invoices), Invoice) == invoices
    record = to_records(invoices)[0]
    assert isinstance(record["amount"], Decimal)
    assert isinstance(record["due_date"], date)

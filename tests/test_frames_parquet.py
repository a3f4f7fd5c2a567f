"""Frames written to Parquet and read back, by pandas (every dtype backend) and polars, give the
models back; money read as floats is refused with a hint (issue 15, item 22)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from regua.errors import InvalidInputError
from regua.frames import from_pandas, from_polars, to_pandas, to_polars
from regua.models import Agreement, Customer, Installment, Invoice, Payment
from regua.rules import plan
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")


def _agreements() -> list[Agreement]:
    paid = Payment(date=date(2026, 2, 1), amount="100.00")
    return [
        Agreement(
            id="a1",
            customer_id="c1",
            invoice_ids=("i1", "i2"),
            signed_on=date(2026, 1, 1),
            original_debt="200.00",
            discount="10.00",
            rate="0.0199",
            installments=(
                Installment(number=1, due_date=date(2026, 2, 1), amount="100.00", payments=(paid,)),
                Installment(number=2, due_date=date(2026, 3, 1), amount="95.00"),
            ),
        ),
        Agreement(
            id="a2",
            customer_id="c2",
            invoice_ids=("i9",),
            signed_on=date(2026, 1, 5),
            original_debt="50.00",
            installments=(Installment(number=0, due_date=date(2026, 1, 5), amount="50.00"),),
            cancelled_on=date(2026, 1, 6),
        ),
    ]


def _portfolios() -> dict[str, list[Any]]:
    actions = list(
        plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF).actions
    )
    return {
        "customers": sample_customers(),
        # every contact map empty: a column of dicts could not be written at all
        "customers-without-contacts": [
            Customer(id="c1", name="Ana", kind="consumer"),
            Customer(id="c2", name="Bia", kind="business", document="11.222.333/0001-81"),
        ],
        "invoices-with-payments": sample_invoices(),
        "invoices-without-payments": [
            Invoice(id="i1", customer_id="c1", amount="1.00", due_date=date(2026, 1, 1)),
            Invoice(id="i2", customer_id="c1", amount="2.50", due_date=date(2026, 1, 2)),
        ],
        "agreements": _agreements(),
        "records": [action.record("delivered") for action in actions],
        "actions": actions,
        "actions-without-context": [a.model_copy(update={"context": {}}) for a in actions],
    }


def _write_pandas(items: list[Any], path: Path) -> None:
    to_pandas(items).to_parquet(path)


def _write_polars(items: list[Any], path: Path) -> None:
    to_polars(items).write_parquet(path)


def _pandas_reader(backend: str | None) -> Callable[[Path, type[BaseModel]], list[Any]]:
    def read(path: Path, model: type[BaseModel]) -> list[Any]:
        options = {} if backend is None else {"dtype_backend": backend}
        return from_pandas(pd.read_parquet(path, **options), model)

    return read


def _read_polars(path: Path, model: type[BaseModel]) -> list[Any]:
    return from_polars(pl.read_parquet(path), model)


WRITERS = {"pandas": _write_pandas, "polars": _write_polars}
READERS = {
    "pandas-numpy": _pandas_reader(None),
    "pandas-numpy_nullable": _pandas_reader("numpy_nullable"),
    "pandas-pyarrow": _pandas_reader("pyarrow"),
    "polars": _read_polars,
}


@pytest.mark.parametrize("portfolio", sorted(_portfolios()))
@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_model_survives_a_parquet_round_trip(
    tmp_path: Path, portfolio: str, writer: str, reader: str
) -> None:
    items = _portfolios()[portfolio]
    path = tmp_path / "frame.parquet"
    WRITERS[writer](items, path)
    assert READERS[reader](path, type(items[0])) == items


def test_a_host_contacts_column_of_dicts_reads_back_without_the_keys_a_row_lacks(
    tmp_path: Path,
) -> None:
    # What a host gets from pandas' own DataFrame of dicts: Parquet makes a struct of the union
    # of the keys, so each row comes back with nulls for the channels it does not have.
    frame = pd.DataFrame(
        {
            "id": ["c1", "c2"],
            "name": ["Ana", "Bia"],
            "kind": ["consumer", "consumer"],
            "contacts": [{"email": "ana@example.com"}, {"sms": "+5511999990000"}],
        }
    )
    frame.to_parquet(tmp_path / "c.parquet")
    expected = [
        Customer(id="c1", name="Ana", kind="consumer", contacts={"email": "ana@example.com"}),
        Customer(id="c2", name="Bia", kind="consumer", contacts={"sms": "+5511999990000"}),
    ]
    for backend in (None, "numpy_nullable", "pyarrow"):
        options = {} if backend is None else {"dtype_backend": backend}
        assert from_pandas(pd.read_parquet(tmp_path / "c.parquet", **options), Customer) == expected
    assert from_polars(pl.read_parquet(tmp_path / "c.parquet"), Customer) == expected


_CSV = "id,customer_id,amount,due_date\ni1,c1,100.50,2026-03-10\ni2,c1,19.90,2026-03-10\n"


def test_money_read_as_floats_by_pandas_fails_once_saying_how_to_read_it() -> None:
    frame = pd.read_csv(io.StringIO(_CSV))
    for errors in ("raise", "collect"):
        with pytest.raises(InvalidInputError) as info:
            from_pandas(frame, Invoice, errors=errors)  # type: ignore[call-overload]
        assert info.value.field == "amount"
        assert "rows[1] (19.9)" in info.value.reason
        assert "dtype={'amount': str}" in info.value.reason
        assert "Decimal" in info.value.reason
    text = pd.read_csv(io.StringIO(_CSV), dtype={"amount": str})
    assert [i.amount for i in from_pandas(text, Invoice)] == [Decimal("100.50"), Decimal("19.90")]


def test_money_read_as_floats_by_polars_fails_once_saying_how_to_read_it() -> None:
    frame = pl.read_csv(io.StringIO(_CSV))
    with pytest.raises(InvalidInputError) as info:
        from_polars(frame, Invoice)
    assert info.value.field == "amount"
    assert "schema_overrides={'amount': polars.String}" in info.value.reason
    text = pl.read_csv(io.StringIO(_CSV), schema_overrides={"amount": pl.String})
    assert [i.amount for i in from_polars(text, Invoice)] == [Decimal("100.50"), Decimal("19.90")]


def test_a_float_column_of_exact_values_is_still_read() -> None:
    frame = pd.read_csv(io.StringIO(_CSV.replace("19.90", "19.75")))
    assert [i.amount for i in from_pandas(frame, Invoice)] == [Decimal("100.50"), Decimal("19.75")]

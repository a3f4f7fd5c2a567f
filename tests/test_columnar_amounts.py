"""An amount read on columns (``regua.columnar.amounts``, the Python for the rest) is the
amount the models read, with the models' reason when they refuse it: for texts, decimal columns
and integer columns, in currencies of 0, 2 and 3 decimal places."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from regua.columnar.amounts import plain
from regua.columnar.inputs import to_frame
from regua.columnar.validate import validate
from regua.models import Invoice

_CUSTOMERS = pl.DataFrame(
    [{"id": "c1", "name": "Ana", "kind": "consumer", "contacts": []}],
    schema_overrides={"contacts": pl.List(pl.Struct({"key": pl.String, "value": pl.String}))},
)


def _model(amount: Any, currency: str) -> tuple[Decimal | None, str | None]:
    row = {"id": "i", "customer_id": "c1", "amount": amount, "currency": currency}
    try:
        return Invoice.model_validate({**row, "due_date": date(2026, 3, 1)}).amount, None
    except ValidationError as error:
        first = error.errors()[0]
        return None, str(first["msg"]).removeprefix("Value error, ")


def _columns(amounts: pl.Series, currencies: list[str]) -> list[tuple[Decimal | None, str | None]]:
    invoices = pl.DataFrame(
        {
            "id": [f"i{k}" for k in range(len(currencies))],
            "customer_id": "c1",
            "amount": amounts,
            "currency": currencies,
            "due_date": date(2026, 3, 1),
        }
    )
    checked = validate(to_frame(_CUSTOMERS, "customers"), to_frame(invoices, "invoices"), None)
    kept = dict(checked.invoices.select("__row", "amount").iter_rows())
    why = {
        row: reason
        for row, field, reason in checked.rejects.select("row", "field", "reason").iter_rows()
        if field == "amount"
    }
    return [(kept.get(k), why.get(k)) for k in range(len(currencies))]


def _agree(amounts: pl.Series, currencies: list[str]) -> None:
    got = _columns(amounts, currencies)
    for (value, reason), amount, currency in zip(got, amounts.to_list(), currencies, strict=True):
        want_value, want_reason = _model(amount, currency)
        assert value == want_value, (amount, currency)
        if want_reason is not None:
            assert reason is not None, (amount, currency)
            assert reason in want_reason, (amount, currency, reason)
        else:
            assert reason is None, (amount, currency, reason)


_CURRENCIES = st.sampled_from(["BRL", "JPY", "KWD", "USD"])
_TEXTS = st.builds(
    "".join,
    st.lists(
        st.sampled_from(["0", "1", "9", "5", ".", "-", " ", "e", "00", "12", "_"]), max_size=9
    ),
) | st.sampled_from(["0.00", "000", "1" * 24, "1" * 25, "1" * 24 + ".5", "10.", ".5", "1E+27"])


# Each example validates a whole table (tens of ms): 25 examples, of several values each.
@settings(max_examples=25)
@given(st.lists(st.tuples(_TEXTS, _CURRENCIES), min_size=1, max_size=8))
@example([("12.5", "BRL"), ("12.50", "BRL"), ("12.500", "BRL"), ("12.505", "BRL")])
@example([("1000", "JPY"), ("1000.0", "JPY"), ("1000.5", "JPY"), ("1.250", "KWD")])
@example([("0", "BRL"), ("0.00", "BRL"), ("-0", "BRL"), ("-5", "BRL"), ("007.10", "BRL")])
def test_an_amount_as_text_is_read_as_the_model_reads_it(pairs: list[tuple[str, str]]) -> None:
    _agree(pl.Series([text for text, _ in pairs], dtype=pl.String), [c for _, c in pairs])


# Each example validates a whole table (tens of ms): 25 examples, of several values each.
@settings(max_examples=25)
@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False), _CURRENCIES
        ),
        min_size=1,
        max_size=8,
    )
)
@example([(Decimal("0.000"), "BRL"), (Decimal("1.230"), "BRL"), (Decimal("1.000"), "JPY")])
def test_an_amount_in_a_decimal_column_is_read_as_the_model_reads_it(
    pairs: list[tuple[Decimal, str]],
) -> None:
    amounts = pl.Series([value for value, _ in pairs], dtype=pl.Decimal(38, 3))
    _agree(amounts, [currency for _, currency in pairs])


def test_an_integer_column_is_whole_units() -> None:
    _agree(pl.Series([1, 120, 0, -3]), ["BRL", "JPY", "BRL", "BRL"])


def test_plain_means_digits_within_the_currency_places_and_not_zero() -> None:
    texts = ["12.50", "12.5", "12", "12.505", "0.00", "1.", ".5", " 1", "+1", "1e3", "٢٥", None]
    frame = pl.DataFrame({"amount": texts, "places": [2] * len(texts)})
    got = frame.select(plain(pl, pl.col("amount"), pl.col("places"))).to_series().to_list()
    assert got == [True, True, True, False, False, False, False, False, False, False, False, False]
    unknown = pl.DataFrame(
        {"amount": ["12.50"], "places": [None]}, schema_overrides={"places": pl.Int64}
    )
    assert not unknown.select(plain(pl, pl.col("amount"), pl.col("places"))).item()

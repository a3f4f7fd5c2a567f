"""The action ids built on columns are :func:`regua.rules.ids.action_id`'s, for any text."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from regua.columnar.decisions import _id_texts
from regua.rules.engine import compile_schedule
from regua.rules.ids import action_id, id_of_text

_TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)


@settings(max_examples=200)
@given(
    step=st.integers(0, 1),
    customer=_TEXT,
    currency=st.sampled_from(["BRL", "USD", "JPY"]),
    invoices=st.lists(_TEXT, min_size=1, max_size=5, unique=True),
)
def test_ids_on_columns_are_action_ids(
    step: int, customer: str, currency: str, invoices: list[str]
) -> None:
    compiled = compile_schedule(
        {
            "name": "régua 1:2",
            "steps": [
                {"id": "d0", "offset": 0, "channels": ["email"]},
                {"id": "d:1é", "offset": 1, "channels": ["sms"]},
            ],
        }
    )
    going = pl.DataFrame(
        {"step": [step], "customer_id": [customer], "currency": [currency], "ids": [invoices]},
        schema={
            "step": pl.Int64,
            "customer_id": pl.String,
            "currency": pl.String,
            "ids": pl.List(pl.String),
        },
    )
    (text,) = _id_texts(pl, going, compiled).to_list()
    expected = action_id("régua 1:2", compiled.steps[step].id, customer, currency, invoices)
    assert id_of_text(text) == expected

"""The columnar engine accepts what the models accept: the same values, given as a table, are
read the same way (a date, a datetime at midnight, the text of either), and what the models
refuse is a rejected row, with the models' reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import regua.columnar
from regua.columnar.inputs import to_frame
from regua.columnar.validate import validate
from regua.errors import InvalidInputError
from regua.models import Invoice

AS_OF = date(2026, 3, 16)
SCHEDULE = {"name": "x", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}
CUSTOMERS = pl.DataFrame(
    {
        "id": ["c1"],
        "name": ["Ana"],
        "kind": ["consumer"],
        "contacts": [[{"key": "email", "value": "ana@example.com"}]],
    }
)


def _invoices(due_dates: list[Any]) -> dict[str, list[Any]]:
    n = len(due_dates)
    return {
        "id": [f"i{k}" for k in range(n)],
        "customer_id": ["c1"] * n,
        "amount": ["10.00"] * n,
        "due_date": due_dates,
    }


def _columnar(invoices: Any) -> tuple[dict[int, date], dict[int, list[tuple[str, str]]]]:
    """The due date of each accepted row, and the (field, reason) of each rejected one."""
    checked = validate(to_frame(CUSTOMERS, "customers"), to_frame(invoices, "invoices"), None)
    dates = dict(checked.invoices.select("__row", "due_date").iter_rows())
    rejects: dict[int, list[tuple[str, str]]] = {}
    for _, row, field, reason in checked.rejects.iter_rows():
        rejects.setdefault(row, []).append((field, reason))
    return dates, rejects


def _model(due_date: Any) -> date | None:
    row = {"id": "i", "customer_id": "c1", "amount": "10.00", "due_date": due_date}
    try:
        return Invoice.model_validate(row).due_date
    except ValidationError:
        return None


_DAY = st.sampled_from(["2026-03-16", "2026-02-30", "2026-3-16", "9999-12-31", "20260316"])
_SEPARATOR = st.sampled_from(["T", " ", "t", "_", "X"])
_TIME = st.sampled_from(
    ["00:00:00", "00:00", "00", "01:00:00", "00:00:00.000", "00:00:00.000000", "00:00:00.5"]
)
_OFFSET = st.sampled_from(["", "Z", "z", "+00:00", "-03:00", "+0000", "+00"])
_DATE_TEXT = st.one_of(
    _DAY,
    st.builds(lambda d, s, t, o: d + s + t + o, _DAY, _SEPARATOR, _TIME, _OFFSET),
    st.sampled_from([" 2026-03-16", "2026-03-16 ", "1773619200", "1773619201", "", "x"]),
)


@given(st.lists(_DATE_TEXT, min_size=1, max_size=6))
def test_a_date_text_is_a_date_for_the_columns_exactly_when_it_is_one_for_the_models(
    texts: list[str],
) -> None:
    dates, rejects = _columnar(pl.DataFrame(_invoices(texts)))
    for row, text in enumerate(texts):
        expected = _model(text)
        assert dates.get(row) == expected, (text, rejects.get(row))
        assert (row in rejects) == (expected is None), text


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-16T00:00:00",
        "2026-03-16T00:00:00Z",
        "2026-03-16T00:00:00+00:00",
        "2026-03-16T00:00:00.000",
        "2026-03-16 00:00",
    ],
)
def test_a_datetime_text_at_midnight_is_its_date(text: str) -> None:
    assert _columnar(pl.DataFrame(_invoices([text]))) == ({0: AS_OF}, {})


def test_a_datetime_text_with_a_time_of_day_is_a_rejected_row() -> None:
    dates, rejects = _columnar(pl.DataFrame(_invoices(["2026-03-16", "2026-03-16T09:30:00"])))
    assert dates == {0: AS_OF}
    assert rejects == {
        1: [
            (
                "due_date",
                "2026-03-16T09:30:00 has a time of day: datetimes given for dates should have"
                " zero time",
            )
        ]
    }


def test_a_pandas_datetime64_date_column_reads_midnights_as_dates_and_rejects_the_others() -> None:
    due = pd.Series([datetime(2026, 3, 16), datetime(2026, 3, 16, 9, 30)], dtype="datetime64[ns]")
    frame = pd.DataFrame(_invoices(list(due))).assign(due_date=due)
    assert str(frame["due_date"].dtype) == "datetime64[ns]"  # what read_sql and read_excel give
    dates, rejects = _columnar(frame)
    assert dates == {0: AS_OF}
    assert rejects == {
        1: [
            (
                "due_date",
                "2026-03-16 09:30:00.000000000 has a time of day: datetimes given for dates"
                " should have zero time",
            )
        ]
    }
    result = regua.columnar.plan(SCHEDULE, CUSTOMERS, frame, as_of=date(2026, 3, 17))
    assert result.actions.get_column("invoice_ids").to_list() == [["i0"]]


def test_an_aware_datetime_column_is_read_in_its_own_time_zone_as_the_models_read_one() -> None:
    zone = timezone(timedelta(hours=-3))
    values = [datetime(2026, 3, 16, tzinfo=zone), datetime(2026, 3, 16, tzinfo=UTC)]
    column = pl.Series(values).dt.convert_time_zone("America/Sao_Paulo")
    dates, rejects = _columnar(pl.DataFrame(_invoices(column.to_list())))
    # In São Paulo the first is midnight; the second, midnight in UTC, is 21:00 the day before.
    assert [_model(value) for value in column.to_list()] == [AS_OF, None]
    assert dates == {0: AS_OF}
    assert [field for field, _ in rejects[1]] == ["due_date"]


def test_a_payment_date_given_as_a_datetime_is_read_as_the_models_read_it() -> None:
    payments = [
        [{"date": datetime(2026, 3, 10), "amount": "4.00"}],
        [{"date": datetime(2026, 3, 10, 12), "amount": "4.00"}],
    ]
    invoices = pl.DataFrame({**_invoices(["2026-03-01", "2026-03-01"]), "payments": payments})
    checked = validate(to_frame(CUSTOMERS, "customers"), to_frame(invoices, "invoices"), None)
    assert checked.invoices.get_column("__row").to_list() == [0]
    assert checked.rejects.select("row", "field").rows() == [(1, "payments[0].date")]


def _plan_rejects(customers: Any, invoices: Any) -> list[tuple[str, int, str, str]]:
    rejects = regua.columnar.plan(SCHEDULE, customers, invoices, as_of=AS_OF).rejects
    return [tuple(row) for row in rejects.rows()]


def test_reasons_lose_pydantics_prefix_and_do_not_repeat_their_field() -> None:
    customers = pl.DataFrame(
        {
            "id": ["c1", "c2", "c3", "c4"],
            "name": ["Ana", "Bia", "Caio", "Davi"],
            "kind": ["consumer", "business", "consumer", "consumer"],
            "document": [None, "529.982.247-25", None, None],
            "state": ["SP", "SP", "XX", None],
            "timezone": [None, None, None, "America/Sao Paulo"],
        }
    )
    invoices = pl.DataFrame(
        {
            "id": ["i1", "i2"],
            "customer_id": ["c1", "c1"],
            "amount": ["0", "10.00"],
            "due_date": ["2026-03-01", "2026-03-01"],
            "payments": [[], [{"date": "2026-03-06", "amount": "0"}]],
        }
    )
    assert _plan_rejects(customers, invoices) == [
        ("customers", 1, "document", "a business customer is identified by a CNPJ"),
        ("customers", 2, "state", "'XX' is not a Brazilian state (UF) code"),
        (
            "customers",
            3,
            "timezone",
            "unknown IANA time zone 'America/Sao Paulo': use a tz database name such as"
            " 'America/Sao_Paulo' (names whose meaning depends on the server, such as"
            " 'localtime' or a file path, are refused)",
        ),
        ("invoices", 0, "amount", "an invoice must be greater than zero"),
        ("invoices", 1, "payments[0].amount", "a payment must be greater than zero"),
    ]


def test_an_unexpected_column_type_says_what_the_column_takes() -> None:
    customers = CUSTOMERS.with_columns(pl.lit(52998224725).alias("document"))
    with pytest.raises(InvalidInputError) as info:
        regua.columnar.plan(
            SCHEDULE, customers, pl.DataFrame(_invoices(["2026-03-01"])), as_of=AS_OF
        )
    assert str(info.value) == (
        "customers.document: unexpected column type Int64: expected text (a document read as a"
        " number loses its leading zeros: read it as text)"
    )
    invoices = pl.DataFrame(_invoices(["2026-03-01"])).with_columns(pl.lit(True).alias("amount"))
    with pytest.raises(InvalidInputError) as info:
        regua.columnar.plan(SCHEDULE, CUSTOMERS, invoices, as_of=AS_OF)
    assert str(info.value) == (
        "invoices.amount: unexpected column type Boolean: expected text, decimals or integers"
    )


@pytest.mark.parametrize(
    ("make", "how"),
    [
        (lambda frame: frame, "polars.read_csv(..., schema_overrides={'amount': polars.String})"),
        (lambda frame: frame.to_pandas(), "pandas.read_csv(..., dtype={'amount': str})"),
        (lambda frame: frame.to_arrow(), "write money as a decimal or as text"),
    ],
)
def test_the_float_money_hint_says_how_in_the_inputs_library(
    make: Callable[[Any], Any], how: str
) -> None:
    invoices = pl.DataFrame(_invoices(["2026-03-01"])).with_columns(pl.lit(10.0).alias("amount"))
    with pytest.raises(InvalidInputError, match=r"invoices\.amount: a float column") as info:
        regua.columnar.plan(SCHEDULE, CUSTOMERS, make(invoices), as_of=AS_OF)
    assert how in info.value.reason


def _objects(column: str, values: list[Any]) -> pd.DataFrame:
    """Invoices whose ``column`` is a pandas object column holding ``values``."""
    n = len(values)
    frame = pd.DataFrame(_invoices(["2026-03-01"] * n))
    return frame.assign(**{column: pd.Series(values, dtype=object)})


def _models(frame: pd.DataFrame) -> tuple[dict[int, Invoice], set[int]]:
    """What the models make of each row of ``frame``: the invoices, and the rows refused."""
    made: dict[int, Invoice] = {}
    refused: set[int] = set()
    for row, record in enumerate(frame.to_dict("records")):
        try:
            made[row] = Invoice.model_validate({k: v for k, v in record.items() if v is not None})
        except ValidationError:
            refused.add(row)
    return made, refused


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("amount", [Decimal("10.00"), 250.0, 0.1, 100, "12.50", None, Decimal("1E+2")]),
        ("id", ["i0", 7, "i2"]),
        ("due_date", ["2026-03-01", date(2026, 3, 2), datetime(2026, 3, 3), "2026-03-04"]),
        ("due_date", ["2026-03-01", datetime(2026, 3, 2, 9, 30)]),
        ("disputed", [True, "no", 1, None]),
        # Lists among other values (before: pyarrow refused the whole table).
        ("tags", [["a"], "b", None, ("c",), 5, ["d", 6]]),
        (
            "payments",
            [
                [{"date": date(2026, 3, 2), "amount": Decimal("1.00")}],
                [{"date": "2026-03-02", "amount": 0.1}],
                "oops",
                [{"date": "2026-03-02", "amount": 0.25, "method": "pix"}],
                [{"date": "2026-03-02", "amount": Decimal("NaN")}],
                None,
            ],
        ),
    ],
)
def test_a_pandas_object_column_mixing_types_is_read_value_by_value_as_the_models_read_it(
    column: str, values: list[Any]
) -> None:
    frame = _objects(column, values)
    made, refused = _models(frame)
    checked = validate(to_frame(CUSTOMERS, "customers"), to_frame(frame, "invoices"), None)
    rows = checked.invoices.get_column("__row").to_list()
    assert rows == sorted(made)
    assert set(checked.rejects.get_column("row").to_list()) == refused
    for row, invoice in zip(rows, checked.invoices.iter_rows(named=True), strict=True):
        expected = made[row]
        assert (invoice["id"], invoice["amount"], invoice["due_date"], invoice["disputed"]) == (
            expected.id,
            expected.amount,
            expected.due_date,
            expected.disputed,
        )
        assert set(invoice["tags"]) == expected.tags
        assert [(p["date"], p["amount"]) for p in invoice["payments"]] == [
            (p.date, p.amount) for p in expected.payments
        ]


def test_a_float_amount_among_decimals_rejects_its_row_with_the_models_reason() -> None:
    frame = _objects("amount", [Decimal("10.00"), 0.1, Decimal("NaN"), Decimal("5.00")])
    _, rejects = _columnar(frame)
    assert rejects == {
        1: [("amount", "float 0.1 has no exact binary value; pass a str or Decimal")],
        2: [("amount", "'NaN' is not a finite number")],
    }


def test_a_pandas_object_column_is_not_changed() -> None:
    frame = _objects("amount", [Decimal("10.00"), 0.1])
    before = frame.copy()
    _columnar(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_a_float64_money_column_is_still_refused_for_the_whole_table() -> None:
    frame = pd.DataFrame(_invoices(["2026-03-01"])).assign(amount=[10.0])
    with pytest.raises(InvalidInputError, match=r"invoices\.amount: a float column"):
        to_frame(frame, "invoices")

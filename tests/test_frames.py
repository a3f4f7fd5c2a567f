"""DataFrame interop: exact dtypes, lossless round trips, clear errors."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from regua.errors import InvalidInputError, ReguaError
from regua.frames import (
    from_pandas,
    from_polars,
    records_to_pandas,
    records_to_polars,
    to_pandas,
    to_polars,
)
from regua.models import Action, CustomerKind, Invoice
from regua.samples import sample_customers, sample_invoices

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")


def _actions() -> list[Action]:
    start = datetime(2026, 3, 16, 8, tzinfo=ZoneInfo("America/Manaus"))
    common: dict[str, Any] = {
        "step_id": "d5",
        "action": "message",
        "reason": "d5: 5 days after due date 2026-03-10",
        "due_date": date(2026, 3, 10),
        "days_overdue": 6,
    }
    return [
        Action(
            id="a1",
            customer_id="c1",
            invoice_ids=("i1", "i2"),
            channel="email",
            window_start=start,
            window_end=start + timedelta(hours=12),
            amount_due=Decimal("199.80"),
            context={"k": "v"},
            **common,
        ),
        Action(
            id="a2",
            customer_id="c2",
            invoice_ids=("i9",),
            channel=None,
            window_start=datetime(2026, 3, 16, 11, tzinfo=timezone(timedelta(hours=-3))),
            window_end=datetime(2026, 3, 16, 23, tzinfo=UTC),
            amount_due=Decimal("1234567890123.45"),
            **common,
        ),
    ]


def test_invoice_dtypes_in_pandas() -> None:
    df = to_pandas(sample_invoices())
    dtypes = {name: str(dtype) for name, dtype in df.dtypes.items()}
    assert dtypes["amount"] == "decimal128(38, 2)[pyarrow]"
    assert dtypes["due_date"] == "date32[day][pyarrow]"
    assert dtypes["issue_date"] == "date32[day][pyarrow]"
    assert dtypes["disputed"] == "bool[pyarrow]"
    assert dtypes["id"] == "string[pyarrow]"
    assert dtypes["payments"] == "object"
    assert list(df.columns) == list(Invoice.model_fields)
    # Exact: the total equals the Decimal sum, to the cent.
    assert df["amount"].sum() == sum(i.amount for i in sample_invoices())


def test_invoice_dtypes_in_polars() -> None:
    df = to_polars(sample_invoices())
    assert df.schema["amount"] == pl.Decimal(38, 2)
    assert df.schema["due_date"] == pl.Date
    assert df.schema["payments"] == pl.List(
        pl.Struct({"date": pl.Date, "amount": pl.Decimal(38, 2), "method": pl.String})
    )
    assert df.schema["tags"] == pl.List(pl.String)
    assert df["amount"].sum() == sum(i.amount for i in sample_invoices())


def test_customer_contacts_become_key_value_structs_in_polars() -> None:
    df = to_polars(sample_customers())
    assert df.schema["contacts"] == pl.List(pl.Struct({"key": pl.String, "value": pl.String}))
    assert df["contacts"][0].to_list() == [
        {"key": "email", "value": "ana@example.com.br"},
        {"key": "whatsapp", "value": "+5511990000001"},
    ]


@pytest.mark.parametrize("items", [sample_invoices(), sample_customers(), _actions()])
def test_round_trip_through_pandas(items: list[Any]) -> None:
    assert from_pandas(to_pandas(items), type(items[0])) == items


@pytest.mark.parametrize("items", [sample_invoices(), sample_customers(), _actions()])
def test_round_trip_through_polars(items: list[Any]) -> None:
    assert from_polars(to_polars(items), type(items[0])) == items


def test_instants_are_stored_in_utc_and_read_back_as_the_same_instant() -> None:
    actions = _actions()
    df = to_polars(actions)
    assert df.schema["window_start"] == pl.Datetime("us", "UTC")
    back = from_polars(df, Action)
    assert back[0].window_start == actions[0].window_start
    assert back[0].window_start.utcoffset() == timedelta(0)
    assert to_pandas(actions)["window_start"][0] == pd.Timestamp("2026-03-16 12:00", tz="UTC")


def test_decimal_scale_follows_the_values_and_stays_exact() -> None:
    rows: list[dict[str, Any]] = [
        {"rate": Decimal("0.019900000001"), "big": Decimal("99999999999999999999999999.99")},
        {"rate": Decimal("1"), "big": None},
    ]
    pdf = records_to_pandas(rows)
    assert str(pdf["rate"].dtype) == "decimal128(38, 12)[pyarrow]"
    assert pdf["rate"][0] == Decimal("0.019900000001")
    assert pdf["big"][0] == Decimal("99999999999999999999999999.99")
    assert pdf["big"].isna().tolist() == [False, True]
    plf = records_to_polars(rows)
    assert plf.schema["rate"] == pl.Decimal(38, 12)
    assert plf["rate"].to_list() == [Decimal("0.019900000001"), Decimal("1.000000000000")]
    assert plf["big"].to_list() == [Decimal("99999999999999999999999999.99"), None]


def test_records_infer_types_per_column() -> None:
    rows = [
        {"bucket": "1-5", "count": 3, "share": 0.5, "due": date(2026, 3, 1), "vip": True},
        {"bucket": "6-30", "count": 1, "share": 0.25, "due": None, "vip": False, "extra": "x"},
    ]
    pdf = records_to_pandas(rows)
    assert list(pdf.columns) == ["bucket", "count", "share", "due", "vip", "extra"]
    assert [str(t) for t in pdf.dtypes] == [
        "string[pyarrow]",
        "int64[pyarrow]",
        "double[pyarrow]",
        "date32[day][pyarrow]",
        "bool[pyarrow]",
        "string[pyarrow]",
    ]
    plf = records_to_polars(rows)
    assert plf.schema == pl.Schema(
        {
            "bucket": pl.String,
            "count": pl.Int64,
            "share": pl.Float64,
            "due": pl.Date,
            "vip": pl.Boolean,
            "extra": pl.String,
        }
    )
    assert plf["extra"].to_list() == [None, "x"]


def test_records_with_enum_values_become_strings() -> None:
    df = records_to_polars([{"kind": CustomerKind.BUSINESS}])
    assert df["kind"].to_list() == ["business"]


def test_empty_items_need_the_model_and_keep_its_columns() -> None:
    with pytest.raises(ReguaError, match="model="):
        to_pandas([])
    df = to_polars([], Invoice)
    assert df.columns == list(Invoice.model_fields)
    assert df.schema["amount"] == pl.Decimal(38, 2)
    assert to_pandas([], Invoice).shape == (0, len(Invoice.model_fields))
    assert records_to_pandas([]).shape == (0, 0)


def test_items_of_mixed_models_are_rejected() -> None:
    with pytest.raises(ReguaError, match=r"items\[1\]: expected Invoice, got Customer"):
        to_pandas([sample_invoices()[0], sample_customers()[0]])


def test_a_host_frame_with_nulls_takes_the_defaults() -> None:
    df = pd.DataFrame(
        {
            "id": ["i1", "i2"],
            "customer_id": ["c1", "c1"],
            "amount": [Decimal("10.00"), Decimal("20.50")],
            "due_date": pd.to_datetime(["2026-03-10", "2026-04-10"]),
            "issue_date": [date(2026, 2, 20), None],
            "disputed": [None, True],
        }
    )
    first, second = from_pandas(df, Invoice)
    assert first.due_date == date(2026, 3, 10)
    assert first.disputed is False
    assert second.issue_date is None
    assert second.amount == Decimal("20.50")


def test_a_bad_row_in_a_frame_names_row_and_field() -> None:
    df = pl.DataFrame(
        {"id": ["i1", "i2"], "customer_id": ["c1", "c1"], "amount": ["1.00", "-3"]}
    ).with_columns(due_date=pl.lit(date(2026, 3, 10)))
    with pytest.raises(InvalidInputError) as info:
        from_polars(df, Invoice)
    assert info.value.field == "rows[1].amount"


def test_a_float_frame_column_is_only_accepted_when_exact() -> None:
    df = pd.DataFrame(
        {"id": ["i1"], "customer_id": ["c1"], "amount": [0.1], "due_date": ["2026-03-10"]}
    )
    with pytest.raises(InvalidInputError, match="no exact binary value"):
        from_pandas(df, Invoice)


def test_missing_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"pip install regua\[polars\]") as info:
        records_to_polars([{"a": 1}])
    assert isinstance(info.value, ReguaError)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"pip install regua\[pandas\]"):
        records_to_pandas([{"a": 1}])


def test_nested_rows_in_records_become_typed_structs_in_polars() -> None:
    rows: list[dict[str, Any]] = [
        {"customer": "c1", "factors": [{"name": "late", "points": Decimal("12.5")}]},
        {"customer": "c2", "factors": [{"name": "amount", "points": Decimal("3.25")}, None]},
        {"customer": "c3", "factors": []},
    ]
    df = records_to_polars(rows)
    assert df.schema["factors"] == pl.List(
        pl.Struct({"name": pl.String, "points": pl.Decimal(38, 2)})
    )
    assert df["factors"][1].to_list() == [{"name": "amount", "points": Decimal("3.25")}, None]
    assert records_to_pandas(rows)["factors"][0] == [{"name": "late", "points": Decimal("12.5")}]


def test_frames_can_collect_bad_rows_and_keep_the_good_ones() -> None:
    df = pl.DataFrame(
        {"id": ["i1", "i2", "i3"], "customer_id": ["c1", "c1", "c2"], "amount": ["1.00", "x", "3"]}
    ).with_columns(due_date=pl.lit(date(2026, 3, 10)))
    result = from_polars(df, Invoice, errors="collect")
    assert [i.id for i in result.items] == ["i1", "i3"]
    assert [(e.index, e.errors[0].field) for e in result.errors] == [(1, "amount")]
    same = from_pandas(df.to_pandas(), Invoice, errors="collect")
    assert same.items == result.items
    assert [e.index for e in same.errors] == [1]
    with pytest.raises(InvalidInputError, match="errors"):
        from_pandas(df.to_pandas(), Invoice, errors="skip")  # type: ignore[call-overload]


def test_fields_left_out_of_dumps_are_still_columns() -> None:
    # DebtBreakdown leaves ``warnings`` (and ``fees``) out of its dumps when empty, and an
    # Action its ``fee`` and ``description`` when None: to_polars raised KeyError('warnings').
    from regua.charges import DebtBreakdown

    frame = to_polars(
        [DebtBreakdown(principal="10.00"), DebtBreakdown(principal="5.00", fees="2.00")]
    )
    assert frame.get_column("fees").to_list() == [Decimal("0.00"), Decimal("2.00")]
    assert frame.get_column("warnings").to_list() == [[], []]
    actions = to_polars([a for p in [_sample_plan()] for a in p.actions])
    assert actions.get_column("fee").null_count() == actions.height


def _sample_plan() -> Any:
    from regua.rules import plan
    from regua.samples import SAMPLE_AS_OF, sample_schedule

    return plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)

"""Validation on columns: bad rows come back as rejects (row, field, reason), good rows are
planned; what cannot be read row by row is refused for the whole column."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import polars as pl
import pyarrow as pa
import pytest

import regua
import regua.columnar
import regua.frames
from regua.errors import InvalidInputError
from regua.models import Channel, ContactRecord, Customer, Invoice, Outcome

AS_OF = date(2026, 3, 16)
SCHEDULE = {"name": "x", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}


def _customers(**extra: Any) -> list[dict[str, Any]]:
    good = {
        "id": "c1",
        "name": "Ana",
        "kind": "consumer",
        "contacts": [{"key": "email", "value": "ana@example.com"}],
        "state": "SP",
    }
    return [good, {**good, "id": "c2", **extra}]


def _invoices(**extra: Any) -> list[dict[str, Any]]:
    good = {"id": "i1", "customer_id": "c1", "amount": "10.00", "due_date": "2026-03-01"}
    return [good, {**good, "id": "i2", **extra}]


def _history(*records: tuple[str | None, Any, Any]) -> pl.DataFrame:
    """Records of step d1, each (customer_id, invoice_ids, at), numbered a1, a2…"""
    return pl.DataFrame(
        {
            "action_id": [f"a{k}" for k in range(1, len(records) + 1)],
            "customer_id": [record[0] for record in records],
            "step_id": ["d1"] * len(records),
            "invoice_ids": [record[1] for record in records],
            "at": [record[2] for record in records],
        },
        schema_overrides={"customer_id": pl.String},
    )


def _plan(history: pl.DataFrame, invoices: list[dict[str, Any]] | None = None) -> Any:
    return regua.columnar.plan(
        SCHEDULE,
        pl.DataFrame(_customers()),
        pl.DataFrame(_invoices() if invoices is None else invoices),
        as_of=AS_OF,
        history=history,
    )


def _rejects(customers: list[dict[str, Any]], invoices: list[dict[str, Any]]) -> list[Any]:
    result = regua.columnar.plan(
        SCHEDULE, pl.DataFrame(customers), pl.DataFrame(invoices), as_of=AS_OF
    )
    return result.rejects.select("table", "row", "field").rows()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"amount": "10.001"}, "amount"),  # more places than BRL has
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "ten"}, "amount"),
        ({"amount": "1E+27"}, "amount"),
        ({"due_date": "2026-02-30"}, "due_date"),
        ({"due_date": "16/03/2026"}, "due_date"),
        # A number is no date (pydantic read 1773100800 as a Unix timestamp: 2026-03-10).
        ({"due_date": "1773100800"}, "due_date"),
        ({"due_date": "20260310"}, "due_date"),
        ({"currency": "XXY"}, "currency"),
        ({"customer_id": "nobody"}, "customer_id"),
        ({"id": "i\u200b2"}, "id"),  # invisible character
        ({"issue_date": "2026-03-05"}, "issue_date"),  # after the due date
        ({"due_date": "9999-12-20"}, "due_date"),  # outside regua.limits' dates
        ({"due_date": "0001-01-01"}, "due_date"),
        ({"id": "i" * 200}, "id"),  # longer than MAX_ID_CHARS
    ],
)
def test_a_bad_invoice_row_is_rejected_and_the_good_one_planned(
    extra: dict[str, Any], field: str
) -> None:
    invoices = _invoices(**extra)
    frame = pl.DataFrame(invoices, schema_overrides={"issue_date": pl.String})
    result = regua.columnar.plan(SCHEDULE, pl.DataFrame(_customers()), frame, as_of=AS_OF)
    assert result.rejects.select("table", "row", "field").rows() == [("invoices", 1, field)]
    assert result.rejects.get_column("reason").to_list()[0]
    assert result.actions.get_column("invoice_ids").to_list() == [["i1"]]


def test_a_far_date_in_a_date_column_is_rejected_like_the_model_rejects_it() -> None:
    # Issue 15 item 9, on columns: the models refuse a due date in 9999; so do the tables.
    frame = pl.DataFrame(
        {
            "id": ["i1", "i2"],
            "customer_id": ["c1", "c1"],
            "amount": ["10.00", "10.00"],
            "due_date": [date(2026, 3, 1), date(9999, 12, 20)],
        }
    )
    result = regua.columnar.plan(SCHEDULE, pl.DataFrame(_customers()), frame, as_of=AS_OF)
    assert result.rejects.select("table", "row", "field").rows() == [("invoices", 1, "due_date")]
    (reason,) = result.rejects.get_column("reason").to_list()
    assert reason == "9999-12-20 is outside the supported 1900-01-01 to 2199-12-31"
    assert result.actions.get_column("invoice_ids").to_list() == [["i1"]]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "alien"}, "kind"),
        ({"document": "123.456.789-00"}, "document"),  # wrong check digits
        ({"kind": "business", "document": "529.982.247-25"}, "document"),  # a CPF
        ({"state": "XX"}, "state"),
        ({"timezone": "localtime"}, "timezone"),
        ({"contacts": [{"key": "email", "value": "not an address"}]}, "contacts.email"),
        ({"contacts": [{"key": "fax", "value": "123"}]}, "contacts.fax"),
        ({"opt_outs": ["fax"]}, "opt_outs"),
        ({"preferred_channels": ["sms", "sms"]}, "preferred_channels"),
        ({"id": "c1"}, "id"),  # duplicate
        ({"name": ""}, "name"),
        # Padded values (a database's CHAR(10)), which the models refuse: the columns stripped
        # them and planned the customer.
        ({"kind": "consumer  "}, "kind"),
        ({"kind": "\tbusiness"}, "kind"),
        ({"preferred_channels": [" email"]}, "preferred_channels"),
        ({"opt_outs": ["sms "]}, "opt_outs"),
    ],
)
def test_a_bad_customer_row_is_rejected_with_its_invoices(
    extra: dict[str, Any], field: str
) -> None:
    invoices = [*_invoices(), {**_invoices()[0], "id": "i3", "customer_id": "c2"}]
    rows = _rejects(_customers(**extra), invoices)
    assert ("customers", 1, field) in rows
    if field != "id":  # a duplicate id's invoices belong to the first customer
        assert ("invoices", 2, "customer_id") in rows


def test_every_model_rule_agrees_on_the_good_rows() -> None:
    # Each customer rejected on columns is one the model refuses, and vice versa.
    rows = [
        {"id": "c1", "name": "Ana", "kind": "consumer", "document": "529.982.247-25"},
        {"id": "c2", "name": "Bia", "kind": "business", "document": "11.222.333/0001-81"},
        {"id": "c3", "name": "Caio", "kind": "consumer", "document": "111.111.111-11"},
        {"id": "c4", "name": "Davi", "kind": "consumer", "state": "ac"},
    ]
    result = regua.columnar.plan(
        SCHEDULE, pl.DataFrame(rows), pl.DataFrame(_invoices()), as_of=AS_OF
    )
    rejected = set(result.rejects.filter(pl.col("table") == "customers").get_column("row"))
    refused = set()
    for k, row in enumerate(rows):
        try:
            Customer.model_validate(row)
        except ValueError:
            refused.add(k)
    assert rejected == refused == {2}


def test_a_float_money_column_is_refused_with_a_hint() -> None:
    invoices = pl.DataFrame(_invoices()).with_columns(pl.col("amount").cast(pl.Float64))
    with pytest.raises(InvalidInputError, match=r"invoices\.amount: a float column.*as text"):
        regua.columnar.plan(SCHEDULE, pl.DataFrame(_customers()), invoices, as_of=AS_OF)


def test_a_naive_instant_column_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"history\.at: naive"):
        _plan(_history(("c1", ["i1"], datetime(2026, 3, 10, 12))))


def test_unknown_and_missing_columns_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"invoices\.colour: unknown column"):
        regua.columnar.plan(
            SCHEDULE,
            pl.DataFrame(_customers()),
            pl.DataFrame(_invoices()).with_columns(pl.lit("red").alias("colour")),
            as_of=AS_OF,
        )
    with pytest.raises(InvalidInputError, match=r"invoices\.amount: missing required column"):
        regua.columnar.plan(
            SCHEDULE,
            pl.DataFrame(_customers()),
            pl.DataFrame(_invoices()).drop("amount"),
            as_of=AS_OF,
        )


def test_pandas_and_pyarrow_tables_plan_like_polars() -> None:
    customers = [Customer(id="c1", name="Ana", kind="consumer", contacts={"email": "a@b.com"})]
    invoices = [
        Invoice(
            id="i1",
            customer_id="c1",
            amount="100.00",
            due_date=date(2026, 3, 1),
            payments=[{"date": date(2026, 3, 2), "amount": "40.00"}],
        )
    ]
    results = [
        regua.columnar.plan(SCHEDULE, make(customers), make(invoices), as_of=AS_OF)
        for make in (
            regua.frames.to_polars,
            regua.frames.to_pandas,
            lambda items: pa.Table.from_pandas(regua.frames.to_pandas(items), preserve_index=False),
        )
    ]
    for result in results:
        assert result.rejects.height == 0
        assert result.actions.get_column("amount_due").to_list() == [Decimal("60.00")]
        assert result.actions.equals(results[0].actions)


def test_instants_as_text_need_an_offset() -> None:
    result = _plan(
        _history(("c1", ["i1"], "2026-03-10T12:00:00+00:00"), ("c1", ["i1"], "2026-03-10T12:00:00"))
    )
    assert result.rejects.select("table", "row", "field", "reason").rows() == [
        (
            "customers",
            0,
            "history",
            "history row 1 of this customer was rejected: planned without it, a step it"
            " records could be sent again",
        ),
        (
            "history",
            1,
            "at",
            "2026-03-10T12:00:00 has no UTC offset: an instant is written with one"
            " (2026-03-13T08:00:00-03:00, or Z for UTC)",
        ),
        ("invoices", 0, "customer_id", "unknown customer 'c1' (absent or rejected)"),
        ("invoices", 1, "customer_id", "unknown customer 'c1' (absent or rejected)"),
    ]
    # Before: c1 was planned on its good record alone, d1 going for i2, which the rejected
    # record may have been of (sent twice).
    assert result.actions.height == 0


def test_a_rejected_history_row_holds_its_customer_only() -> None:
    naive = "2026-03-10T12:00:00"  # rejected
    invoices = [
        *_invoices(),
        {"id": "i3", "customer_id": "c2", "amount": "5.00", "due_date": "2026-03-01"},
    ]
    result = _plan(_history(("c2", ["i3"], naive), ("c9", ["x"], naive)), invoices)
    assert result.rejects.select("table", "row", "field").rows() == [
        ("customers", 1, "history"),
        ("history", 0, "at"),
        ("history", 1, "at"),  # of no customer planned: nothing to hold
        ("invoices", 2, "customer_id"),
    ]
    assert result.actions.get_column("customer_id").to_list() == ["c1"]


@pytest.mark.parametrize(("column", "value"), [("outcome", "delivered "), ("channel", " email")])
def test_a_padded_history_channel_or_outcome_is_refused_as_the_model_refuses_it(
    column: str, value: str
) -> None:
    record = {
        "action_id": "a1",
        "customer_id": "c1",
        "step_id": "d1",
        "invoice_ids": ["i1"],
        "at": datetime(2026, 3, 10, 12, tzinfo=UTC),
        column: value,
    }
    with pytest.raises(ValueError, match="Input should be"):
        ContactRecord.model_validate(record)
    result = _plan(pl.DataFrame([record]))
    assert result.rejects.select("table", "row", "field", "reason").rows()[1] == (
        "history",
        0,
        column,
        f"'{value}' is not one of "
        + ", ".join(member.value for member in (Outcome if column == "outcome" else Channel)),
    )


def test_a_rejected_history_row_of_no_named_customer_refuses_the_history() -> None:
    with pytest.raises(InvalidInputError, match=r"history\[0\]\.customer_id: missing, on a"):
        _plan(_history((None, ["i1"], "2026-03-10T12:00:00+00:00")))


def test_without_polars_the_import_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from regua.columnar.extra import require_polars

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"pip install regua\[polars\]"):
        require_polars()


def test_contacts_as_a_struct_of_channels_plan_like_the_list_of_entries() -> None:
    # A column of {"email": ..., "sms": ...} dicts (polars or pandas built from plain rows) is a
    # struct of channels; it raised polars' ColumnNotFoundError from inside validation.
    rows = [
        {"id": "c1", "name": "Ana", "kind": "consumer", "state": "SP",
         "contacts": {"email": "ana@example.com", "sms": None}},
        {"id": "c2", "name": "Bia", "kind": "consumer", "state": "SP",
         "contacts": {"email": None, "sms": "+5511990000001"}},
    ]  # fmt: skip
    schedule = {"name": "x", "steps": [{"id": "d1", "offset": 1, "channels": ["sms", "email"]}]}
    invoices = [
        {"id": "i1", "customer_id": "c1", "amount": "10.00", "due_date": "2026-03-01"},
        {"id": "i2", "customer_id": "c2", "amount": "20.00", "due_date": "2026-03-01"},
    ]
    models = [{**row, "contacts": {k: v for k, v in row["contacts"].items() if v}} for row in rows]
    expected = regua.plan(schedule, models, invoices, as_of=AS_OF).actions
    assert [(a.customer_id, a.channel and a.channel.value) for a in expected] == [
        ("c1", "email"),
        ("c2", "sms"),
    ]
    history = [
        {"action_id": "a0", "customer_id": "c1", "step_id": "d0", "invoice_ids": ["i9"],
         "at": "2026-03-02T12:00:00+00:00", "evidence": {"provider_id": "m-1"}},
    ]  # fmt: skip
    tables = (pl.DataFrame, lambda rows: pa.Table.from_pylist(rows))
    for make in tables:
        result = regua.columnar.plan(
            schedule, make(rows), make(invoices), as_of=AS_OF, history=make(history)
        )
        assert result.rejects.height == 0
        assert result.actions.select("customer_id", "channel", "id").rows() == [
            (a.customer_id, a.channel and a.channel.value, a.id) for a in expected
        ]


def test_a_customer_twice_in_a_profiles_table_is_refused() -> None:
    # Before: the last row won (c1 planned as "good" where the first row said "recurring").
    profiles = pl.DataFrame(
        {"customer_id": ["c1", "c2", "c1"], "profile": ["recurring", "good", "good"]}
    )

    def plan(table: pl.DataFrame) -> Any:
        return regua.columnar.plan(
            SCHEDULE,
            pl.DataFrame(_customers()),
            pl.DataFrame(_invoices()),
            as_of=AS_OF,
            profiles=table,
        )

    with pytest.raises(
        InvalidInputError, match=r"profiles\.customer_id: 'c1' appears more than once"
    ):
        plan(profiles)
    assert plan(profiles.head(2)).rejects.height == 0


def test_a_profiles_row_naming_no_profile_is_rejected_with_its_customer() -> None:
    # Before: "recurrent" (a typo) failed the whole run with InvalidInputError.
    customers = [*_customers(), {**_customers()[0], "id": "c3"}]
    invoices = [
        *_invoices(),
        {**_invoices()[0], "id": "i3", "customer_id": "c2"},
        {**_invoices()[0], "id": "i4", "customer_id": "c3"},
    ]
    profiles = pl.DataFrame(
        {"customer_id": ["c1", "c2", "c3"], "profile": ["recurring", "recurrent", None]}
    )
    result = regua.columnar.plan(
        SCHEDULE, pl.DataFrame(customers), pl.DataFrame(invoices), as_of=AS_OF, profiles=profiles
    )
    assert result.rejects.rows() == [
        (
            "customers",
            1,
            "profile",
            "its profiles row 1 was rejected: planned without it, a step for its profile could"
            " be missed or one for another sent",
        ),
        (
            "customers",
            2,
            "profile",
            "its profiles row 2 was rejected: planned without it, a step for its profile could"
            " be missed or one for another sent",
        ),
        ("invoices", 2, "customer_id", "unknown customer 'c2' (absent or rejected)"),
        ("invoices", 3, "customer_id", "unknown customer 'c3' (absent or rejected)"),
        (
            "profiles",
            1,
            "profile",
            "'recurrent' is not a profile (good, one_off, occasional, recurring)",
        ),
        ("profiles", 2, "profile", "missing"),
    ]
    assert result.actions.get_column("customer_id").to_list() == ["c1"]
    expected = regua.plan(
        SCHEDULE,
        [Customer.model_validate({**customers[0], "contacts": {"email": "ana@example.com"}})],
        [Invoice.model_validate(row) for row in invoices[:2]],
        as_of=AS_OF,
        profiles={"c1": "recurring"},
    )
    assert result.actions.get_column("id").to_list() == [a.id for a in expected.actions]


def test_a_profiles_row_naming_no_customer_refuses_the_profiles() -> None:
    profiles = pl.DataFrame({"customer_id": ["c1", None], "profile": ["good", "good"]})
    with pytest.raises(InvalidInputError, match=r"profiles\[1\]\.customer_id: missing"):
        regua.columnar.plan(
            SCHEDULE,
            pl.DataFrame(_customers()),
            pl.DataFrame(_invoices()),
            as_of=AS_OF,
            profiles=profiles,
        )


def test_an_empty_text_column_read_by_pandas_as_floats_is_empty() -> None:
    # Before: a pandas read_csv of a portfolio whose optional document column is empty gave
    # float64 NaN, and the whole table was refused; one with numbers still is, with the hint.
    pd = pytest.importorskip("pandas")
    customers = pd.DataFrame(_customers()).assign(document=[float("nan")] * 2)
    result = regua.columnar.plan(SCHEDULE, customers, pl.DataFrame(_invoices()), as_of=AS_OF)
    assert result.rejects.height == 0
    numbers = customers.assign(document=[12345678909.0, float("nan")])
    with pytest.raises(InvalidInputError, match="a document read as a number loses its leading"):
        regua.columnar.plan(SCHEDULE, numbers, pl.DataFrame(_invoices()), as_of=AS_OF)


def test_a_history_cell_that_is_not_json_has_one_reason() -> None:
    # Before: a bare id in invoice_ids also said "must list at least one invoice".
    result = _plan(_history(("c1", "i1", "2026-03-10T12:00:00+00:00")))
    assert result.rejects.filter(pl.col("table") == "history").select("field", "reason").rows() == [
        ("invoice_ids", "expected a JSON value, got 'i1'")
    ]

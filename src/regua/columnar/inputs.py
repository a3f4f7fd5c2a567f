"""Tables in: polars or pandas DataFrames and pyarrow Tables, made polars frames of known types.

Each table has a fixed set of columns, the fields of its model (:class:`~regua.models.Customer`,
:class:`~regua.models.Invoice`, :class:`~regua.models.ContactRecord`), laid out as
:func:`regua.frames.to_polars` lays them out: money as ``Decimal(38, s)`` (or text), dates as
``Date`` (or ISO text), instants as time-zone-aware ``Datetime`` (or ISO text with an offset), lists
as ``List``, ``contacts`` as a list of ``{key, value}`` entries (or a struct of channels); a
list or record column may also be JSON text, one value per cell, as a CSV file holds it
(``["vip"]``, ``{"email": "a@b.com"}``: see :mod:`regua.columnar.cells`).
Optional columns may be left out. What cannot be read row by row is refused for the whole
table with an :class:`~regua.errors.InvalidInputError` naming the column: a missing required
column, an unknown one (the models forbid extra fields), a float money column (binary floats
are not exact: read money as text or Decimal), a naive datetime column for instants. A datetime
column for dates is read as the models read a datetime given for a date: at midnight, its date.
A pandas ``object`` column mixing types (an int among texts, a float among Decimals) is read
value by value (:mod:`regua.columnar.objects`): a value the models refuse rejects its row only.
Row-level problems are left to :mod:`regua.columnar.validate`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from regua.columnar.extra import require_polars
from regua.columnar.objects import json_cells, plain_columns
from regua.errors import InvalidInputError

__all__ = ["LISTS", "PROBLEMS", "TABLES", "Column", "canonical_type", "to_frame"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an input table: its kind and whether the table must have it."""

    kind: str  # id, text, money, date, instant, flag, texts, ids, contacts, payments
    required: bool = False


TABLES: dict[str, dict[str, Column]] = {
    "customers": {
        "id": Column("id", True),
        "name": Column("text", True),
        "kind": Column("text", True),
        "document": Column("text"),
        "contacts": Column("contacts"),
        "preferred_channels": Column("texts"),
        "opt_outs": Column("texts"),
        "locale": Column("text"),
        "timezone": Column("text"),
        "state": Column("text"),
        "tags": Column("texts"),
        "dunning_paused_until": Column("date"),
        "dunning_blocked": Column("flag"),
        "dunning_block_reason": Column("text"),
    },
    "invoices": {
        "id": Column("id", True),
        "customer_id": Column("id", True),
        "currency": Column("text"),
        "amount": Column("money", True),
        "due_date": Column("date", True),
        "issue_date": Column("date"),
        "payments": Column("payments"),
        "disputed": Column("flag"),
        "agreement_id": Column("id"),
        "tags": Column("texts"),
        "dunning_paused_until": Column("date"),
        "dunning_blocked": Column("flag"),
        "dunning_block_reason": Column("text"),
    },
    "history": {
        "action_id": Column("id", True),
        "customer_id": Column("id", True),
        "step_id": Column("id", True),
        "invoice_ids": Column("ids", True),
        "channel": Column("text"),
        "at": Column("instant", True),
        "outcome": Column("text"),
        "evidence": Column("contacts"),
    },
}

#: How to read money exactly, per library the table came from (a binary float is not exact).
_MONEY_HINTS = {
    "polars": "read the column as text (polars.read_csv(..., schema_overrides={{{name!r}:"
    " polars.String}})) or as a decimal; a Parquet file must hold it as a decimal or as text",
    "pandas": "read the column as text (pandas.read_csv(..., dtype={{{name!r}: str}})) or as"
    " Decimal objects",
    "pyarrow": "write money as a decimal or as text (pyarrow.decimal128 or pyarrow.string),"
    " in Parquet too",
}

#: What a column of each kind may be, said when its type is none of them.
_EXPECTED = {
    "id": "text or integers",
    "text": "text",
    "money": "text, decimals or integers",
    "date": "dates, datetimes or ISO text",
    "instant": "time-zone-aware datetimes, or ISO text with an offset",
    "flag": "booleans, or text such as true/false",
    "texts": "lists of text, or JSON text",
    "ids": "lists of text, or JSON text",
    "contacts": "lists of {key, value}, a struct of channels, or JSON text",
    "payments": "lists of {date, amount, method}, or JSON text",
}


def to_frame(value: object, table: str) -> Any:
    """``value`` (polars, pandas or pyarrow) as a polars DataFrame with ``table``'s columns,
    each of its canonical type; checks the columns, not the rows."""
    pl = require_polars()
    frame, problems = _polars_frame(pl, value, table)
    library = type(value).__module__.split(".")[0]
    spec = TABLES[table]
    unknown = [name for name in frame.columns if name not in spec]
    if "" in unknown:  # what a CSV header ending in a comma (as spreadsheets write) gives
        raise InvalidInputError(
            table,
            "a column has no name (does the header end in a comma?); the columns are: "
            + ", ".join(spec),
        )
    if unknown:
        raise InvalidInputError(
            f"{table}.{unknown[0]}", f"unknown column (the columns are: {', '.join(spec)})"
        )
    columns = []
    for name, column in spec.items():
        if frame.height == 0 and (frame.width == 0 or name in frame.columns):
            # No rows: no value to read, whatever type the column was given (an empty pandas
            # column is float64); no columns at all (an empty JSON Lines file) is an empty table.
            columns.append(_empty(pl, column.kind).alias(name))
            continue
        if name not in frame.columns:
            if column.required:
                raise InvalidInputError(f"{table}.{name}", "missing required column")
            columns.append(_empty(pl, column.kind).alias(name))
            continue
        columns.append(_typed(pl, frame, table, name, column.kind, library))
    if not problems:
        return frame.select(columns)
    return frame.select(*columns, _problems(pl, problems, frame.height))


#: The column of a table's values refused as they were read (:mod:`regua.columnar.objects`):
#: per row, a list of (field, reason), null for most rows. Validation makes them rejects.
PROBLEMS = "__problems"


def _problems(pl: Any, problems: list[tuple[int, str, str]], height: int) -> Any:
    rows: list[list[dict[str, str]] | None] = [None] * height
    for row, field, reason in problems:
        rows[row] = [*(rows[row] or []), {"field": field, "reason": reason}]
    dtype = pl.List(pl.Struct({"field": pl.String, "reason": pl.String}))
    return pl.Series(PROBLEMS, rows, dtype=dtype)


def _polars_frame(pl: Any, value: object, table: str) -> tuple[Any, list[tuple[int, str, str]]]:
    if isinstance(value, pl.LazyFrame):
        return value.collect(), []
    if isinstance(value, pl.DataFrame):
        return value, []
    module = type(value).__module__.split(".")[0]
    if module == "pyarrow":
        return pl.from_arrow(value), []
    if module == "pandas":
        pyarrow = importlib.import_module("pyarrow")
        kinds = {name: column.kind for name, column in TABLES[table].items()}
        value, problems = plain_columns(value, kinds)
        refused = (pyarrow.ArrowInvalid, pyarrow.ArrowTypeError)
        try:
            arrow = pyarrow.Table.from_pandas(value, preserve_index=False)
        except refused:
            # Lists among other values, say: the lists and records as JSON text, cell by cell.
            value, more = json_cells(value, kinds)
            problems += more
            try:
                arrow = pyarrow.Table.from_pandas(value, preserve_index=False)
            except refused as error:
                raise InvalidInputError(
                    table, f"cannot read the pandas DataFrame: {error}"
                ) from None
        return pl.from_arrow(arrow), problems
    raise InvalidInputError(
        table,
        f"expected a polars or pandas DataFrame or a pyarrow Table, got {type(value).__name__}",
    )


def _empty(pl: Any, kind: str) -> Any:
    # As many nulls as rows: a literal alone would make a table of no rows one of one row.
    return pl.repeat(None, pl.len(), dtype=canonical_type(pl, kind))


def canonical_type(pl: Any, kind: str) -> Any:
    """The polars type a column of ``kind`` has once read."""
    return _CANONICAL[kind](pl)


_CANONICAL: dict[str, Any] = {
    "id": lambda pl: pl.String,
    "text": lambda pl: pl.String,
    "money": lambda pl: pl.String,
    "date": lambda pl: pl.Date,
    "instant": lambda pl: pl.Datetime("us", "UTC"),
    "flag": lambda pl: pl.Boolean,
    "texts": lambda pl: pl.List(pl.String),
    "ids": lambda pl: pl.List(pl.String),
    "contacts": lambda pl: pl.List(pl.Struct({"key": pl.String, "value": pl.String})),
    "payments": lambda pl: pl.List(
        pl.Struct({"date": pl.String, "amount": pl.String, "method": pl.String})
    ),
}


#: The kinds of column that hold lists or records: given as JSON text (a CSV's cells), they are
#: decoded row by row in validation (:mod:`regua.columnar.cells`).
LISTS = ("texts", "ids", "contacts", "payments")


def _typed(pl: Any, frame: Any, table: str, name: str, kind: str, library: str) -> Any:
    """The column as its canonical type. Money stays text until validation parses it exactly
    (a decimal column is written as text with all its places, so nothing is rounded)."""
    dtype = frame.schema[name]
    col = pl.col(name)
    where = f"{table}.{name}"
    if dtype == pl.Null:
        return _empty(pl, kind).alias(name)
    if isinstance(dtype, pl.List) and dtype.inner == pl.Null and kind in LISTS:
        return col.cast(canonical_type(pl, kind))
    if kind in LISTS and dtype == pl.String:
        return col
    if kind in ("id", "text"):
        if dtype.is_integer() and kind == "id":  # database keys, as the models accept them
            return col.cast(pl.String)
        if dtype.is_numeric() and frame.get_column(name).null_count() == frame.height:
            return _empty(pl, kind).alias(name)  # pandas' float64 of an empty text column
        if dtype.is_numeric():  # a CPF or a CEP read by a CSV reader's type guess
            article = "an" if name[0] in "aeiou" else "a"
            raise InvalidInputError(
                where,
                f"unexpected column type {dtype}: expected {_EXPECTED[kind]} ({article} {name}"
                " read as a number loses its leading zeros: read it as text)",
            )
        _expect(dtype in (pl.String, pl.Categorical, pl.Enum), where, dtype, kind)
        return col.cast(pl.String)
    if kind == "money":
        return _money(pl, col, dtype, where, _money_hint(library, name))
    if kind == "date":
        # A datetime column (a database's DATE read by pandas) is read as the models read a
        # datetime given for a date: at midnight, its own date; another time, a bad row.
        _expect(dtype in (pl.Date, pl.String) or isinstance(dtype, pl.Datetime), where, dtype, kind)
        return col
    if kind == "instant":
        if isinstance(dtype, pl.Datetime):
            if dtype.time_zone is None:
                raise InvalidInputError(
                    where, "naive datetimes: give the column a time zone (instants must be aware)"
                )
            return col.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
        _expect(dtype == pl.String, where, dtype, kind)
        return col
    if kind == "flag":
        # Text flags (a CSV's) are read row by row in validation, as the models read them.
        _expect(dtype == pl.Boolean or dtype == pl.String, where, dtype, kind)
        return col
    if kind in ("texts", "ids"):
        _expect(
            isinstance(dtype, pl.List) and dtype.inner in (pl.String, pl.Null), where, dtype, kind
        )
        return col.cast(pl.List(pl.String))
    if kind == "contacts":
        # A struct of channels is rebuilt from its fields: the result takes no name from col.
        return _contacts(pl, col, dtype, where).alias(name)
    return _payments(pl, col, dtype, where, _money_hint(library, "amount"))


def _expect(ok: bool, where: str, dtype: Any, kind: str) -> None:
    if not ok:
        raise InvalidInputError(
            where, f"unexpected column type {dtype}: expected {_EXPECTED[kind]}"
        )


def _money_hint(library: str, name: str) -> str:
    how = _MONEY_HINTS.get(library, _MONEY_HINTS["polars"]).format(name=name)
    return f"money must be exact, and a binary float is not: {how}"


def _money(pl: Any, col: Any, dtype: Any, where: str, hint: str) -> Any:
    if dtype.is_float():
        raise InvalidInputError(where, f"a float column: {hint}")
    if isinstance(dtype, pl.Decimal) or dtype.is_integer():
        return col.cast(pl.String)
    _expect(dtype == pl.String, where, dtype, "money")
    return col


def _contacts(pl: Any, col: Any, dtype: Any, where: str) -> Any:
    entry = pl.Struct({"key": pl.String, "value": pl.String})
    if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct):
        names = [field.name for field in dtype.inner.fields]
        _expect(names == ["key", "value"], where, dtype, "contacts")
        return col.cast(pl.List(entry))
    if isinstance(dtype, pl.Struct):  # one field per channel, null where there is no address
        fields = [field.name for field in dtype.fields]
        entries = [
            pl.when(col.struct.field(f).is_not_null()).then(
                pl.struct(
                    pl.lit(f).alias("key"), col.struct.field(f).cast(pl.String).alias("value")
                )
            )
            for f in fields
        ]
        if not entries:
            return _empty(pl, "contacts")
        return pl.concat_list(entries).list.drop_nulls()
    _expect(False, where, dtype, "contacts")
    return None


def _payments(pl: Any, col: Any, dtype: Any, where: str, hint: str) -> Any:
    _expect(
        isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct), where, dtype, "payments"
    )
    inner = {field.name: field.dtype for field in dtype.inner.fields}
    unknown = [name for name in inner if name not in ("date", "amount", "method")]
    if unknown or "date" not in inner or "amount" not in inner:
        raise InvalidInputError(where, "payments need 'date' and 'amount' (and may have 'method')")
    if inner["amount"].is_float():
        raise InvalidInputError(f"{where}.amount", f"a float column: {hint}")
    return col.list.eval(
        pl.struct(
            pl.element().struct.field("date").cast(pl.String).alias("date"),
            pl.element().struct.field("amount").cast(pl.String).alias("amount"),
            (
                pl.element().struct.field("method").cast(pl.String)
                if "method" in inner
                else pl.lit(None, dtype=pl.String)
            ).alias("method"),
        )
    )

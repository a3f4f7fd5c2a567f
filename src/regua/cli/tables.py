"""Reading and writing tables (Parquet, CSV, JSON Lines), the format chosen by the extension.

What the columnar command reads and writes. Money is never a binary float on the way:

- CSV is read with every column as text (no type guessing), so ``0.1`` is the text ``"0.1"``
  that regua's validation turns into exactly 0.10. A column holding lists or records
  (``tags``, ``payments``, ``contacts``…) holds one JSON value per cell (one that is not JSON
  of the column's shape is a rejected row, :mod:`regua.columnar.cells`), and ``disputed`` and
  ``dunning_blocked`` hold ``true`` or ``false`` (or what the models read as such: ``yes``,
  ``no``, ``1``, ``0``…; another text is a rejected row). Written CSV holds ``true``/``false``.
- JSON Lines (one JSON object per line) is read with numbers kept as their text, as the JSON
  inputs are read as exact decimals; written money is a JSON string (``"189.90"``).
- Parquet is read as it is typed: money must be a decimal or a string column (a float column is
  refused by name); written money is ``decimal128(38, s)``, ``s`` the most places of any
  currency in the portfolio (at least 2), where CSV and JSON Lines write each amount with its
  own currency's places (``1166667`` yen, ``12.345`` dinars).

A ``.json`` file given for a table holds a JSON array of rows, as in the JSON portfolio.
A problem of the file itself (missing, unreadable as its format) is a
:class:`~regua.cli.failures.DataError` naming the file. A row that cannot be read (a JSON Lines
line that is not JSON, as a truncated write leaves it; a row that is not an object; a cell of
the wrong JSON type) is a rejected row: it is read as a row of nulls, which is never planned,
and :attr:`Table.unread` says why (field ``""`` for the whole row), so the rejects name the
row's own problem rather than its missing fields.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from regua.cli.failures import DataError, UsageError, quoted
from regua.cli.inputs import TABLE_SUFFIXES, read_json, source_name
from regua.cli.json_text import JsonProblemError, json_kind, strict_json
from regua.columnar.cells import plain_number
from regua.errors import ReguaError
from regua.money import minor_units, money_context

__all__ = [
    "TABLE_SUFFIXES",
    "Table",
    "is_table_file",
    "read_rows",
    "read_table",
    "table_suffix",
    "write_table",
]

# Columns of the portfolio tables (and of the actions and rejects) that hold lists or records;
# CSV cells hold them as JSON.
_NESTED = (
    "contacts",
    "preferred_channels",
    "opt_outs",
    "tags",
    "payments",
    "invoice_ids",
    "evidence",
)
_FLAGS = ("disputed", "dunning_blocked")


def table_suffix(arg: str) -> str | None:
    """The table format of file ``arg`` by its extension, or None (JSON, standard input)."""
    return TABLE_SUFFIXES.get(Path(arg).suffix.lower())


def is_table_file(arg: str | None) -> bool:
    """Whether ``arg`` names a Parquet, CSV or JSON Lines file."""
    return arg is not None and table_suffix(arg) is not None


@dataclass(frozen=True, slots=True)
class Table:
    """A table file read: its rows as a polars DataFrame, and the rows that could not be read
    (row -> (field, reason); each is a row of nulls in ``frame``)."""

    frame: Any
    unread: dict[int, tuple[str, str]]


def read_table(arg: str, pl: Any) -> Table:
    """The table in file ``arg``, the format chosen by its extension."""
    name = source_name(arg)
    kind = table_suffix(arg)
    if kind is None:
        return _from_rows(pl, [(None, row) for row in _json_array(read_json(arg), name)])
    path = Path(arg)
    if not path.exists():
        raise DataError(f"{name}: no such file")
    if path.is_dir():
        raise DataError(f"{name}: is a directory, not a file")
    try:
        if kind == "parquet":
            return Table(pl.read_parquet(path), {})
        if kind == "csv":
            _check_header(path, name)
            return _csv(pl, path)
        return _from_rows(pl, _table_lines(path))
    except (pl.exceptions.PolarsError, OSError) as exc:
        problem = _first_line(exc)
        if "utf-8" in problem.lower():
            problem += " (save the file as UTF-8: in Excel, 'CSV UTF-8')"
        raise DataError(f"{name}: cannot be read as {kind}: {problem}") from None


def _csv(pl: Any, path: Path) -> Table:
    """A CSV file, every column as text (JSON cells and flags are read row by row in
    validation). A line with no value at all (a blank line, one of commas only) is no row, as
    a blank line of JSON Lines is none. A row with more fields than the header (an unquoted
    comma shifts its fields; polars refuses the whole file for it) or fewer (a row cut short,
    as by an interrupted export; polars reads the missing fields as empty, and a
    ``dunning_blocked`` cut off would plan a blocked customer) is a row of nulls, noted in
    ``unread``."""
    try:
        frame = pl.read_csv(path, infer_schema=False)
        unread = _short_rows(pl, path, len(frame.columns))
    except pl.exceptions.PolarsError:
        try:
            unread = _ragged(path)
        except csv.Error:  # a field past the reader's limit: polars' own message says more
            unread = {}
        if not unread:
            raise
        frame = pl.read_csv(path, infer_schema=False, truncate_ragged_lines=True)
    # " customer_id" (a space after the comma) is the column customer_id.
    frame = frame.rename({column: column.strip() for column in frame.columns})
    ragged = pl.col("__read").is_in(pl.Series(list(unread), dtype=pl.Int64).implode())
    frame = frame.with_row_index("__read").filter(
        ragged | ~pl.all_horizontal(pl.exclude("__read").is_null())
    )
    rows = dict(zip(frame.get_column("__read").to_list(), range(frame.height), strict=True))
    values = [pl.when(~ragged).then(pl.col(c)).alias(c) for c in frame.columns if c != "__read"]
    return Table(frame.select(values), {rows[row]: why for row, why in unread.items()})


def _ragged(path: Path) -> dict[int, tuple[str, str]]:
    """The rows of a CSV file with more or fewer fields than its header, found by Python's
    reader (whose records are polars' rows: a blank line is a row of nulls to both)."""
    unread: dict[int, tuple[str, str]] = {}
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as file:
        records = csv.reader(file)
        width = len(next(records, []))
        line = records.line_num + 1
        for row, fields in enumerate(records):
            if any(field.strip() for field in fields) and len(fields) != width:
                unread[row] = ("", _wrong_width(line, len(fields), width))
            line = records.line_num + 1
    return unread


def _wrong_width(line: int, fields: int, width: int) -> str:
    why = "a comma in a value that is not quoted?" if fields > width else "a row cut short?"
    return f"line {line}: {fields} fields where the header has {width} ({why})"


def _short_rows(pl: Any, path: Path, width: int) -> dict[int, tuple[str, str]]:
    """The rows of a CSV file polars read with fewer fields than the header. Counted on the
    lines, with polars (a quoted field's commas do not count); a file with a quoted line
    break, whose lines are not its rows, is read by Python's reader instead (:func:`_ragged`).
    Counting this way costs less than Python's reader: 0.65-0.72 s against 1.94 s of CPU for
    1,000,000 invoices written by regua, 0.56-0.58 s against 0.72 s for 250,000 customers."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    lines = pl.Series(text.split("\n"), dtype=pl.String).str.strip_suffix("\r")
    if (lines.str.count_matches('"', literal=True) % 2 == 1).any():
        return _ragged(path)
    found = (
        pl.DataFrame({"line": lines})
        .with_row_index("number", offset=1)
        .select(
            "number",
            (
                pl.col("line").str.replace_all('"[^"]*"', "").str.count_matches(",", literal=True)
                + 1
            ).alias("fields"),
            pl.col("line").str.contains(r"[^,\s]").alias("valued"),
        )
    )
    short = found.slice(1).filter(pl.col("valued") & (pl.col("fields") < width))
    return {
        number - 2: ("", _wrong_width(number, fields, width))
        for number, fields, _ in short.iter_rows()
    }


def _check_header(path: Path, name: str) -> None:
    """Refuse a CSV file separated by ';' (what Excel writes where the decimal separator is a
    comma, as in pt-BR) with a hint: read by commas its header is one unknown column, or a
    row of ``1.234,56`` has more fields than the header. No table of regua has a header of one
    column, so a header without a comma and with a ';' is never a comma-separated one. Refuse
    a header naming a column twice (polars would read the second as ``amount_duplicated_0``)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as lines:
        header = lines.readline().rstrip("\r\n")
    if ";" in header and "," not in header:
        raise DataError(
            f"{name}: the header {quoted(header)} is separated by ';': regua reads CSV separated"
            " by commas (Excel writes ';' where the decimal separator is a comma, as in pt-BR);"
            " save the file with commas"
        )
    names = [column.strip() for column in next(csv.reader([header]), [])]
    twice = sorted({column for column in names if names.count(column) > 1})
    if twice:
        raise DataError(f"{name}: the header names the column {quoted(twice[0])} twice")


def read_rows(arg: str, pl: Any) -> Any:
    """Rows with nested records (agreements and their installments): a JSON array or JSON
    Lines as mappings, numbers as exact decimals; a Parquet file as its table."""
    kind = table_suffix(arg)
    if kind == "parquet":
        return read_table(arg, pl).frame  # Parquet: every row is read
    if kind == "csv":
        raise UsageError(
            f"{source_name(arg)}: a CSV file cannot hold nested records: give a .json, .jsonl"
            " or .parquet file"
        )
    if kind is None:
        return _json_array(read_json(arg), source_name(arg))
    return _json_lines(Path(arg), source_name(arg))


def write_table(frame: Any, arg: str, pl: Any) -> None:
    """Write ``frame`` to file ``arg`` in the format of its extension."""
    kind = table_suffix(arg)
    try:
        if kind == "parquet":
            frame.write_parquet(arg)
        elif kind == "csv":
            # RFC 3339 instants, as JSON Lines writes them (polars' default offset has no colon).
            _csv_ready(pl, frame).write_csv(arg, datetime_format="%Y-%m-%dT%H:%M:%S%.f%:z")
        else:
            _json_ready(pl, frame).write_ndjson(arg)
    except OSError as exc:
        raise DataError(f"{arg}: cannot be written: {exc.strerror or exc}") from None


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _json_array(document: object, name: str) -> list[Any]:
    if not isinstance(document, list):
        raise DataError(f"{name}: expected a JSON array of rows")
    return document


def _json_lines(path: Path, name: str) -> list[Any]:
    """The objects of a JSON Lines file of side rows (agreements, promises), numbers as
    decimals and whole numbers; a line that is not JSON fails the file."""
    if not path.exists():
        raise DataError(f"{name}: no such file")
    rows: list[Any] = []
    for number, line in _lines(path):
        try:
            rows.append(strict_json(line))
        except JsonProblemError as problem:
            raise DataError(f"{name}: line {number}: {problem}") from None
    return rows


def _table_lines(path: Path) -> list[tuple[int, Any]]:
    """(line number, value) of each line of a JSON Lines table, numbers as their text; a line
    that is not JSON is its line's problem, as a text (read as a rejected row)."""
    rows: list[tuple[int, Any]] = []
    for number, line in _lines(path):
        value: Any
        try:
            # Numbers stay their text: validation reads them as exact decimals or refuses them.
            value = strict_json(line, numbers=plain_number)
        except JsonProblemError as problem:
            value = _Unreadable(str(problem).replace(" (line 1, column ", " (column "))
        if not isinstance(value, dict | _Unreadable):  # its kind as the line writes it
            value = _Unreadable(f"expected an object, got {json_kind(strict_json(line))}")
        rows.append((number, value))
    return rows


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The lines of a text file that are not blank, numbered from 1 among all of them."""
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield number, line.rstrip("\r\n")


@dataclass(frozen=True, slots=True)
class _Unreadable:
    """Why a line of a JSON Lines table could not be read."""

    reason: str


def _from_rows(pl: Any, rows: Sequence[tuple[int | None, Any]]) -> Table:
    """A table of JSON rows, each with its line number (None in a JSON array): text columns
    as text (numbers included), lists and records as JSON text, flags as booleans; a row that
    cannot be read is a row of nulls, noted in ``unread``."""
    columns: dict[str, list[Any]] = {}
    unread: dict[int, tuple[str, str]] = {}
    for i, (number, row) in enumerate(rows):
        problem = _row_problem(row, "" if number is None else f"line {number}: ")
        for key in row if isinstance(row, dict) else ():  # a bad row's columns count too
            columns.setdefault(key, [None] * i)
        if problem is not None:
            unread[i] = problem
        for key, values in columns.items():
            values.append(None if problem is not None else row.get(key))
    frame = pl.DataFrame([_series(pl, key, values) for key, values in columns.items()])
    return Table(frame, unread)


def _row_problem(row: Any, line: str) -> tuple[str, str] | None:
    """(field, reason) of a row that cannot be read (field ``""`` for the whole row), or None."""
    if isinstance(row, _Unreadable):
        return "", line + row.reason
    if not isinstance(row, dict):  # a .json array's row
        return "", f"{line}expected an object, got {json_kind(row)}"
    for key, value in row.items():
        why = _cell_problem(value, key)
        if why is not None:
            return key, why
    return None


def _series(pl: Any, column: str, values: list[Any]) -> Any:
    """A column of checked cells; a list or record column as JSON text, one value per cell,
    which the columnar validation decodes row by row (a cell of the wrong shape is a rejected
    row). The text holds only strings (numbers were kept as text), so nothing becomes a float."""
    if column in _NESTED:
        return pl.Series(column, [None if v is None else _json_text(v) for v in values], pl.String)
    if column in _FLAGS and any(isinstance(v, str) for v in values):
        # A flag written as text ("yes", "1"): the column is text, read row by row in
        # validation as a CSV's is (another text is a rejected row).
        texts = [v if v is None or isinstance(v, str) else str(v).lower() for v in values]
        return pl.Series(column, texts, dtype=pl.String)
    if column in _FLAGS:
        return pl.Series(column, values, dtype=pl.Boolean)
    # A .json array's numbers are Decimal and int (JSON Lines keeps them as text).
    texts = [v if v is None or isinstance(v, str) else plain_number(str(v)) for v in values]
    return pl.Series(column, texts, dtype=pl.String)


def _cell_problem(value: Any, column: str) -> str | None:
    """Why one JSON value cannot be a cell of its column (a flag or text of the wrong JSON
    type), rather than being coerced; None when it can."""
    if value is None or column in _NESTED:
        return None
    if column in _FLAGS:
        if isinstance(value, bool | str):
            return None
        return f"expected true or false, got {json_kind(value)}"
    if isinstance(value, str | Decimal | int) and not isinstance(value, bool):
        return None  # a .json file's numbers are Decimal and int, written as text below
    return f"expected text or a number, got {json_kind(value)}"


def _json_text(value: Any) -> str:
    # A .json array's numbers are Decimal: written as the text of their plain digits.
    return json.dumps(value, ensure_ascii=False, default=lambda v: plain_number(str(v)))


def _currency_places(code: str) -> int | None:
    try:
        return minor_units(code.upper())
    except ReguaError:
        return None


def _money_as_text(pl: Any, frame: Any) -> Any:
    """Each decimal column as text with its row's own currency's places (``1166667`` yen,
    ``12.345`` dinars, ``10.50`` reais), as the JSON plan writes them, where the column holds the
    widest scale of all rows (``1166667.000``). A value with more places than its currency (or
    in a currency regua does not know) keeps all of them: a text is never cut short."""
    money = [column for column, dtype in frame.schema.items() if isinstance(dtype, pl.Decimal)]
    codes = frame.get_column("currency").drop_nulls().unique() if "currency" in frame else []
    places = {code: _currency_places(code) for code in codes}
    row_places = pl.col("currency").replace_strict(places, default=None, return_dtype=pl.Int64)
    texts = []
    for column in money:
        scale = frame.schema[column].scale
        text = pl.col(column).cast(pl.String)  # all ``scale`` places: 1166667.000
        # One branch per number of places short of the scale (a BRL-only portfolio has none):
        # the text without the zeros past them (and the point, for none); a value that has
        # digits there is left whole, as strip_suffix leaves a text that does not end so.
        fewer = sorted({p for p in places.values() if p is not None and p < scale})
        if not fewer:
            texts.append(text)
            continue
        chain: Any = pl
        for p in fewer:
            zeros = "0" * (scale - p) if p else "." + "0" * scale
            chain = chain.when(row_places == p).then(text.str.strip_suffix(zeros))
        texts.append(chain.otherwise(text).alias(column))
    entries = pl.List(pl.Struct({"key": pl.String, "value": pl.String}))
    for column, dtype in frame.schema.items():
        if _is_money_mapping(pl, dtype) and "currency" in frame:  # an action's fees
            currencies = frame.get_column("currency").to_list()
            rows = frame.get_column(column).to_list()
            written = [
                None
                if row is None
                else [{"key": e["key"], "value": _places_text(e["value"], places.get(code))}
                      for e in row]
                for row, code in zip(rows, currencies, strict=True)
            ]  # fmt: skip
            texts.append(pl.Series(column, written, dtype=entries))
    return frame.with_columns(texts)


def _is_money_mapping(pl: Any, dtype: Any) -> bool:
    return (
        isinstance(dtype, pl.List)
        and isinstance(dtype.inner, pl.Struct)
        and [(f.name, isinstance(f.dtype, pl.Decimal)) for f in dtype.inner.fields]
        == [("key", False), ("value", True)]
    )


def _places_text(value: Decimal, places: int | None) -> str:
    """``value`` with its currency's ``places`` where the digits past them are zeros."""
    if places is not None:
        with money_context():
            short = value.quantize(Decimal(1).scaleb(-places))
        if short == value:
            return str(short)
    return str(value)


def _csv_ready(pl: Any, frame: Any) -> Any:
    """Lists and records as JSON cells, money with its currency's places, the rest as polars
    writes it."""
    frame = _money_as_text(pl, frame)
    columns = []
    for column, dtype in frame.schema.items():
        if isinstance(dtype, pl.List | pl.Struct):
            values = frame.get_column(column).to_list()
            if dtype == pl.List(pl.Struct({"key": pl.String, "value": pl.String})):
                # A mapping (contacts, context) as one JSON object, as the models write it.
                values = [None if v is None else {e["key"]: e["value"] for e in v} for v in values]
            columns.append(
                pl.Series(column, [None if v is None else _json_text(v) for v in values])
            )
        else:
            columns.append(frame.get_column(column))
    return pl.DataFrame(columns)


def _json_ready(pl: Any, frame: Any) -> Any:
    """Money as text with its currency's places: a JSON number would be read back as a binary
    float by most tools."""
    return _money_as_text(pl, frame)

"""pandas ``object`` columns, read one value at a time as the models read each value.

An ``object`` column may mix types: a float among Decimals, an int among strings, a ``date``
among ISO texts. pyarrow refuses such a column for the whole table; the models read each value
on its own. :func:`plain_columns` gives each such column of a plain kind (ids, texts, money,
dates, instants, flags) as text, each value written as the text the models read the same way
(an int id as its digits, a Decimal as its digits, a date as ISO text, an exact float amount
as its decimal), so that validation decides row by row. A value the models refuse whatever
text it is written as (a float amount with no exact binary value, a list where text is meant)
is left out (null) and its reason returned, to be a problem of its row.

Only ``object`` columns take this path: typed columns go to pyarrow as they are, and an object
column of texts only is left alone (pandas' C type inference says so without a Python loop).

A column of lists or records (tags, contacts, payments) that pyarrow cannot read (lists among
texts, a float amount among Decimals) is given by :func:`json_cells` as JSON text, one cell per
value, which validation reads cell by cell as it reads a CSV's (:mod:`regua.columnar.cells`); a
value the models would refuse inside it (a number for a tag, a float amount with no exact binary
value) is left out and its reason returned, like a plain column's.
"""

from __future__ import annotations

import importlib
import json
from datetime import date
from decimal import Decimal
from numbers import Integral
from typing import Any

from regua.errors import InvalidInputError
from regua.money import to_decimal

__all__ = ["json_cells", "plain_columns"]

#: The kinds of column read here; lists and records are JSON text or lists (cells.py).
_PLAIN = ("id", "text", "money", "date", "instant", "flag")
#: The kinds of column :func:`json_cells` writes as JSON text.
_NESTED = ("texts", "ids", "contacts", "payments")


def plain_columns(frame: Any, kinds: dict[str, str]) -> tuple[Any, list[tuple[int, str, str]]]:
    """``frame`` (pandas) with each ``object`` column of a plain kind (``kinds``: column name ->
    kind) as text, and the (row position, column, reason) of each value refused. ``frame`` is
    not changed: a copy is made when a column is."""
    pandas = importlib.import_module("pandas")
    changed: dict[str, list[str | None]] = {}
    problems: list[tuple[int, str, str]] = []
    for name in frame.columns:
        kind = kinds.get(name)
        if kind not in _PLAIN or frame[name].dtype != object:
            continue
        if pandas.api.types.infer_dtype(frame[name], skipna=True) in ("string", "empty"):
            continue
        values = frame[name].tolist()
        texts: list[str | None] = []
        for row, value in enumerate(values):
            text, reason = _text(value, kind)
            texts.append(text)
            if reason is not None:
                problems.append((row, name, reason))
        changed[name] = texts
    if not changed:
        return frame, problems
    columns = {
        name: pandas.Series(texts, index=frame.index, dtype=object)
        for name, texts in changed.items()
    }
    return frame.assign(**columns), problems


def json_cells(frame: Any, kinds: dict[str, str]) -> tuple[Any, list[tuple[int, str, str]]]:
    """``frame`` (pandas) with each ``object`` column of lists or records as JSON text, and
    the (row position, column, reason) of each value refused; ``frame`` is not changed."""
    pandas = importlib.import_module("pandas")
    columns: dict[str, Any] = {}
    problems: list[tuple[int, str, str]] = []
    for name in frame.columns:
        kind = kinds.get(name)
        if kind not in _NESTED or frame[name].dtype != object:
            continue
        texts: list[str | None] = []
        for row, value in enumerate(frame[name].tolist()):
            try:
                texts.append(_json_cell(value, kind))
            except _RefusedError as refused:
                texts.append(None)
                problems.append((row, name, str(refused)))
        columns[name] = pandas.Series(texts, index=frame.index, dtype=object)
    return frame.assign(**columns), problems


class _RefusedError(Exception):
    """A value inside a list or record that the models refuse."""


def _json_cell(value: object, kind: str) -> str | None:
    """One value of a column of lists or records as JSON text of strings (a text is taken as
    JSON already, as a CSV's cell is)."""
    if isinstance(value, str):
        return value
    if _missing(value):
        return None
    if kind == "contacts" and isinstance(value, dict):
        return json.dumps({str(key): _item(item) for key, item in value.items()})
    if not _is_list(value):
        raise _RefusedError(f"expected a list, got {type(value).__name__}")
    items = list(value)  # type: ignore[call-overload]
    if kind == "payments":
        return json.dumps([_payment(item) for item in items])
    if kind == "contacts":
        return json.dumps([_record(item) for item in items])
    return json.dumps([_item(item) for item in items])


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple | set | frozenset) or type(value).__name__ == "ndarray"


def _item(value: object) -> str | None:
    """A text inside a list or record (a tag, an address)."""
    if value is None or isinstance(value, str):
        return value
    raise _RefusedError(f"expected text, got {type(value).__name__} {value!r}")


def _record(value: object) -> Any:
    if not isinstance(value, dict):
        raise _RefusedError(f"expected a mapping, got {type(value).__name__}")
    return {str(key): _item(item) for key, item in value.items()}


def _payment(value: object) -> Any:
    """A payment's fields as text: its date as ISO text, its amount as the digits the models
    read (a float only when its binary value is exact)."""
    if not isinstance(value, dict):
        raise _RefusedError(f"expected a payment (a mapping), got {type(value).__name__}")
    fields = {}
    for key, item in value.items():
        if key == "amount" and not isinstance(item, str) and not _missing(item):
            text, reason = _text(item, "money")
            if reason is not None:
                raise _RefusedError(f"amount: {reason}")
            fields[str(key)] = text
        elif isinstance(item, date):
            fields[str(key)] = item.isoformat()
        else:
            fields[str(key)] = _item(item)
    return fields


def _text(value: object, kind: str) -> tuple[str | None, str | None]:
    """``value`` as the text the models read the same way, or (None, why it is refused)."""
    if isinstance(value, str):
        return value, None
    if _missing(value):
        return None, None
    if kind == "money":
        # Plain digits ('1E+2' as '100'), the only text of a number validation reads; a NaN
        # is written 'NaN', refused there as not a finite number.
        if isinstance(value, Decimal):
            return format(value, "f"), None
        try:
            return format(
                to_decimal(value if isinstance(value, bool) else _number(value)), "f"
            ), None
        except InvalidInputError as error:
            return None, error.reason
    if kind in ("date", "instant"):
        if isinstance(value, date):  # a datetime too: read from its text as from itself
            return value.isoformat(), None
        return None, f"expected a {kind}, got {type(value).__name__}"
    if kind == "flag":
        if type(value).__name__ in ("bool", "bool_"):  # numpy's too
            return ("true" if value else "false"), None
        if isinstance(value, Integral):
            return str(int(value)), None  # 1 and 0 are flags for the models, others are not
        return None, f"expected true or false, got {type(value).__name__}"
    if kind == "id" and isinstance(value, Integral) and not isinstance(value, bool):
        return str(int(value)), None  # database keys, as the models accept them
    return None, f"expected text, got {type(value).__name__} {value!r}"


def _number(value: object) -> object:
    """numpy's numbers as Python's, which :func:`~regua.money.to_decimal` reads."""
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return float(value)  # type: ignore[arg-type]
    return value


def _missing(value: object) -> bool:
    """pandas' own markers of a missing value: None, NaN, NaT and NA (not Decimal('NaN'))."""
    if value is None or isinstance(value, Decimal):
        return value is None
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in ("NaTType", "NAType")

"""Lists and records given as JSON text, one cell at a time: what a CSV file holds.

A CSV cell of ``tags`` reads ``["vip"]``, one of ``contacts`` ``{"email": "a@b.com"}``, one of
``payments`` ``[{"date": "2026-03-10", "amount": "50.00"}]``. :func:`read_cell` reads one such
text into the JSON its canonical nested column (:mod:`regua.columnar.inputs`) decodes from;
validation calls it once per distinct text. A cell that is not JSON, or not JSON of its
column's shape, is a problem of its row (the row is rejected, the others are planned), never a
failure of the whole table. A JSON number is kept as its text, in plain digits
(:func:`plain_number`), so a payment's amount is read exactly, as the models read it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from regua.limits import MAX_NUMBER_CHARS

__all__ = ["MAX_CELL_CHARS", "plain_number", "read_cell"]

#: The most characters of a cell's text: the models' own bounds (100 tags of 64 characters,
#: 10,000 payments) fit well within it, and a longer text is refused before it is parsed.
MAX_CELL_CHARS = 4_000_000


def read_cell(text: str | None, kind: str) -> tuple[str | None, str | None]:
    """A cell of a column of kind ``kind`` (``texts``, ``ids``, ``contacts`` or ``payments``)
    as JSON text of strings only (what ``str.json_decode`` reads into the column's type), or
    the reason it is refused (the value is then null); a null cell is null."""
    if text is None:
        return None, None
    if len(text) > MAX_CELL_CHARS:
        return None, f"is longer than {MAX_CELL_CHARS:,} characters"
    try:
        value = json.loads(text, parse_float=plain_number, parse_int=str)
    except (json.JSONDecodeError, RecursionError):
        return None, f"expected a JSON value, got {_shown(text)}"
    try:
        return json.dumps(_shaped(value, kind), ensure_ascii=False), None
    except _ShapeError as problem:
        return None, str(problem)


def plain_number(text: str) -> str:
    """A JSON number's text in the plain digits the columns read exactly: ``"1e3"`` is
    ``"1000"`` and ``"2.50E+1"`` is ``"25.0"``, the values the models read from the same JSON
    (as a ``Decimal``). A number whose exponent is beyond ``MAX_NUMBER_CHARS`` stays as written
    (validation refuses it, as the models do, and writing it out would take that many digits)."""
    if "e" not in text and "E" not in text:
        return text
    number = Decimal(text)
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or abs(exponent) > MAX_NUMBER_CHARS:
        return text
    return format(number, "f")


class _ShapeError(Exception):
    """A JSON value not of its column's shape."""


def _shaped(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "contacts":
        if isinstance(value, dict):
            return [{"key": key, "value": _text(item)} for key, item in value.items()]
        if isinstance(value, list):
            return [_entry(entry) for entry in value]
        raise _ShapeError(f"expected a JSON object of channel to address, got {_shown(value)}")
    if not isinstance(value, list):
        raise _ShapeError(f"expected a JSON array, got {_shown(value)}")
    if kind == "payments":
        return [_payment(payment) for payment in value]
    return [_text(item) for item in value]


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _ShapeError(f"expected text or a number, got {_shown(value)}")


def _entry(value: Any) -> dict[str, str | None]:
    if not isinstance(value, dict) or set(value) != {"key", "value"}:
        raise _ShapeError("expected an object of channel to address")
    return {"key": _text(value["key"]), "value": _text(value["value"])}


def _payment(value: Any) -> dict[str, str | None]:
    if not isinstance(value, dict) or set(value) - {"date", "amount", "method"}:
        raise _ShapeError("a payment is an object of date, amount and method")
    return {key: _text(value.get(key)) for key in ("date", "amount", "method")}


def _shown(value: Any) -> str:
    """A value as the message quotes it, cut to a readable length."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return repr(text if len(text) <= 60 else text[:57] + "...")

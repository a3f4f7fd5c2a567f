"""JSON text read strictly: one reading for the JSON files, the JSON Lines tables and their rows.

Python's parser takes ``NaN`` and ``Infinity``, which are not JSON, and keeps the last of a key
given twice in one object (``{"amount": "10.00", "amount": "99.00"}`` would be 99.00); both are
refused here, with every problem as one :class:`JsonProblemError` saying why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from regua.cli.failures import quoted

__all__ = ["JsonProblemError", "json_kind", "strict_json"]


class JsonProblemError(ValueError):
    """Why a text is not JSON regua reads; ``syntax`` when the parser stopped on it (a file of
    another format, say), not on what it read."""

    def __init__(self, reason: str, *, syntax: bool = False) -> None:
        super().__init__(reason)
        self.syntax = syntax


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def strict_json(text: str, *, numbers: Callable[[str], Any] = Decimal) -> Any:
    """The JSON value of ``text``, each number read by ``numbers`` from its text (a
    ``Decimal`` by default: exact, never a binary float)."""
    try:
        return json.loads(
            text,
            parse_float=numbers,
            parse_int=None if numbers is Decimal else numbers,
            parse_constant=_no_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        raise JsonProblemError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", syntax=True
        ) from None
    except _DuplicateKeyError as exc:
        raise JsonProblemError(f"key {quoted(exc.key)} appears twice in one object") from None
    except ValueError as exc:  # NaN or Infinity, which Python's parser would otherwise accept
        raise JsonProblemError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise JsonProblemError("not valid JSON: nested too deeply") from None


def json_kind(value: object) -> str:
    """What a JSON value is, as a message names it."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")

"""What the command line reports when it cannot do what it was asked: one line and an exit code.

``UsageError`` (exit 2) is a command line that cannot be understood; ``DataError`` (exit 1) is
an input that cannot be read or is refused by regua's validation. Each message names the file
(or option) and the field, so the person who wrote the input can find the value to fix.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from regua.errors import ReguaError

__all__ = [
    "DATA_ERROR",
    "USAGE_ERROR",
    "CliError",
    "DataError",
    "UsageError",
    "describe",
    "one_line",
    "quoted",
]

DATA_ERROR = 1
USAGE_ERROR = 2

_QUOTE_LIMIT = 60


class CliError(Exception):
    """A failure reported as one line on standard error, and its exit code."""

    code = DATA_ERROR

    def __init__(self, message: str, *, prog: str | None = None) -> None:
        # A value read from a file may hold line breaks; the report stays one line.
        super().__init__(one_line(message))
        self.prog = prog


class UsageError(CliError):
    """The arguments cannot be understood (exit 2)."""

    code = USAGE_ERROR


class DataError(CliError):
    """An input cannot be read, or regua refuses it (exit 1)."""

    code = DATA_ERROR


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, made one space."""
    return " ".join(text.split())


def quoted(value: object) -> str:
    """``repr(value)``, cut short: a message never echoes a whole oversized input."""
    text = repr(value)
    if len(text) <= _QUOTE_LIMIT:
        return text
    return f"{text[: _QUOTE_LIMIT - 1]}… ({len(text):,} characters)"


def _path(prefix: str, loc: tuple[int | str, ...]) -> str:
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


#: A validation error's title that names a position in an input list (``events[3]``).
_POSITION = re.compile(r"[a-z_]+\[\d+\]")


def describe(error: ValidationError | ReguaError, prefix: str = "") -> str:
    """``field: reason`` for a refused input, a validation error's field path under ``prefix``.

    A pydantic error reports its first problem and counts the others; a regua error already
    names its field.
    """
    if not isinstance(error, ValidationError):
        return str(error)
    if not prefix and _POSITION.fullmatch(error.title):
        prefix = error.title  # the library titled it by the input's position: events[3]
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    loc = tuple(first["loc"])
    reason = first["msg"].removeprefix("Value error, ")
    # A regua validator names its field at the start of its reason; the path already does.
    if loc and reason.startswith(f"{loc[-1]}: "):
        reason = reason[len(f"{loc[-1]}: ") :]
    more = len(problems) - 1
    suffix = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
    return f"{_path(prefix, loc) or '(the whole document)'}: {reason}{suffix}"

"""Reading the command line's input documents: JSON files or standard input (``-``).

Every problem becomes a :class:`~regua.cli.failures.CliError` naming the file and the field: a
missing or unreadable file, text that is not UTF-8 or not JSON, a key that appears twice, a key a
portfolio file does not have (a misspelled ``"History"`` must not quietly re-plan what was
already sent), a row regua's models refuse. JSON numbers are read as ``Decimal``: ``100.10`` in a
file is exactly 100.10.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from regua.cli.failures import DataError, UsageError, describe, quoted
from regua.cli.json_text import JsonProblemError, json_kind, strict_json
from regua.errors import ReguaError
from regua.models import Action, Agreement, ContactRecord, Customer, Invoice, Promise
from regua.rules import Plan, Schedule
from regua.templates import Creditor

__all__ = [
    "PORTFOLIO_PARTS",
    "STDIN",
    "TABLE_SUFFIXES",
    "Portfolio",
    "check_one_stdin",
    "load_actions",
    "load_creditor",
    "load_portfolio",
    "load_schedule",
    "read_json",
    "refused",
    "source_name",
]

STDIN = "-"
#: The table files 'regua plan' reads and writes beside JSON (regua.cli.tables): extension ->
#: format. Here, so that a JSON file that is not JSON can be told apart from a table.
TABLE_SUFFIXES = {
    ".parquet": "parquet",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

# What a portfolio file may hold, each also readable from a file of its own (--customers …).
PORTFOLIO_PARTS = ("customers", "invoices", "history", "agreements", "promises", "profiles")
_REQUIRED_PARTS = ("customers", "invoices")
_ROW_MODELS: dict[str, type[BaseModel]] = {
    "customers": Customer,
    "invoices": Invoice,
    "history": ContactRecord,
    "agreements": Agreement,
    "promises": Promise,
}
#: What 'regua plan' prints: the fields of a Plan.
_PLAN_KEYS = tuple(f.name for f in fields(Plan))

ModelT = TypeVar("ModelT", bound=BaseModel)


def source_name(arg: str) -> str:
    """How messages name an input: its path, or ``<stdin>``."""
    return "<stdin>" if arg == STDIN else arg


def check_one_stdin(args: Iterable[str | None]) -> None:
    """Standard input can be read once: at most one input may be ``-``."""
    if sum(arg == STDIN for arg in args) > 1:
        raise UsageError("only one input can be read from standard input ('-')")


def _read_bytes(arg: str) -> bytes:
    if arg == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        return stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    return Path(arg).read_bytes()


def _not_json(arg: str, problem: str) -> DataError:
    """File ``arg`` does not hold JSON: say so, or, when its extension says it never was JSON
    (an .xlsx, a CSV given where a JSON file is read), what regua reads instead of why the
    JSON parser stopped at its first character."""
    name = source_name(arg)
    suffix = "" if arg == STDIN else Path(arg).suffix.lower()
    if suffix in ("", ".json"):  # a JSON file, or a name that does not say
        return DataError(f"{name}: {problem}")
    if suffix in TABLE_SUFFIXES:
        return DataError(
            f"{name}: not JSON, which this input must be: only the tables of 'regua plan'"
            " (--customers, --invoices, --history, --agreements, --promises, --profiles) are"
            " read as Parquet, CSV or JSON Lines"
        )
    return DataError(
        f"{name}: a {suffix} file, not JSON: regua reads JSON (.json) and, for the tables of"
        " 'regua plan', Parquet (.parquet), CSV (.csv) and JSON Lines (.jsonl, .ndjson)"
    )


def read_json(arg: str) -> Any:
    """The JSON document in file ``arg`` (``-``: standard input)."""
    name = source_name(arg)
    try:
        raw = _read_bytes(arg)
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_json(arg, f"not UTF-8 text (byte {exc.start:,})") from None
    try:
        return strict_json(text)
    except JsonProblemError as problem:
        if problem.syntax:
            raise _not_json(arg, str(problem)) from None
        raise DataError(f"{name}: {problem}") from None


def _where(path: str) -> str:
    return path or "(the whole document)"


def _object(document: object, name: str, path: str = "") -> dict[str, Any]:
    if not isinstance(document, dict):
        raise DataError(f"{name}: {_where(path)}: expected an object, got {json_kind(document)}")
    return document


def _check_keys(document: Mapping[str, Any], known: tuple[str, ...], name: str, what: str) -> None:
    for key in document:
        if key not in known:
            close = difflib.get_close_matches(key.lower(), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise DataError(
                f"{name}: unknown key {quoted(key)}{hint}; {what} holds {', '.join(known)}"
            )


def _model(document: object, model: type[ModelT], name: str, path: str = "") -> ModelT:
    try:
        return model.model_validate(_object(document, name, path))
    except ValidationError as exc:
        raise DataError(f"{name}: {describe(exc, path)}") from None


def _rows(document: object, model: type[ModelT], name: str, path: str) -> list[ModelT]:
    if not isinstance(document, list):
        raise DataError(f"{name}: {_where(path)}: expected an array, got {json_kind(document)}")
    return [_model(row, model, name, f"{path}[{i}]") for i, row in enumerate(document)]


def load_schedule(arg: str) -> Schedule:
    """The schedule in file ``arg``."""
    return _model(read_json(arg), Schedule, source_name(arg))


def load_creditor(arg: str) -> Creditor:
    """The creditor in file ``arg`` (name, CNPJ or CPF, address, contact)."""
    return _model(read_json(arg), Creditor, source_name(arg))


def load_actions(arg: str) -> list[Action]:
    """The actions of a plan file (what ``regua plan`` prints)."""
    name = source_name(arg)
    document = _object(read_json(arg), name)
    _check_keys(document, _PLAN_KEYS, name, "a plan file")
    if "actions" not in document:
        raise DataError(f"{name}: no 'actions' key; is this what 'regua plan' printed?")
    return _rows(document["actions"], Action, name, "actions")


@dataclass
class Portfolio:
    """The validated parts of a portfolio, and the input each part was read from."""

    customers: list[Customer] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    history: list[ContactRecord] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    profiles: dict[str, str] | None = None
    sources: dict[str, str] = field(default_factory=dict)


def _profiles(document: object, name: str, path: str) -> dict[str, str]:
    profiles = _object(document, name, path)
    for key, value in profiles.items():
        if not isinstance(value, str):
            raise DataError(
                f"{name}: {path}{'.' if path else ''}{key}: expected a profile name,"
                f" got {json_kind(value)}"
            )
    return profiles


def load_portfolio(
    portfolio: str | None, parts: Mapping[str, str | None], *, need: tuple[str, ...]
) -> Portfolio:
    """The portfolio from a portfolio file and/or one file per part (``parts``: part -> file).

    ``need`` lists the parts the command uses; customers and invoices must be given.
    """
    documents: dict[str, tuple[object, str, str]] = {}  # part -> (document, source, path)
    if portfolio is not None:
        name = source_name(portfolio)
        document = _object(read_json(portfolio), name)
        _check_keys(document, PORTFOLIO_PARTS, name, "a portfolio file")
        for part, value in document.items():
            documents[part] = (value, name, part)
        for part in _REQUIRED_PARTS:
            if part in need and part not in document and parts.get(part) is None:
                raise DataError(
                    f"{name}: no {part!r} key; a portfolio file needs 'customers' and 'invoices'"
                    " (an empty list is fine)"
                )
    for part, arg in parts.items():
        if arg is None:
            continue
        if part in documents:
            raise UsageError(f"{part} given twice: in {documents[part][1]} and by --{part}")
        documents[part] = (read_json(arg), source_name(arg), "")
    for part in _REQUIRED_PARTS:
        if part in need and part not in documents:
            raise UsageError(f"no {part}: give a PORTFOLIO file or --{part} FILE")
    out = Portfolio()
    for part, (value, name, path) in documents.items():
        if part not in need:
            continue
        out.sources[part] = name
        if part == "profiles":
            out.profiles = _profiles(value, name, path)
        else:
            setattr(out, part, _rows(value, _ROW_MODELS[part], name, path))
    return out


def refused(error: ValidationError | ReguaError, sources: Mapping[str, str]) -> DataError:
    """A library call refused its input: name the input the field came from, when known.

    ``sources`` maps a field's first name to its input file, or to the option that gave it
    (``"end": "--end"``), which then stands for the field.
    """
    text = describe(error)
    head = re.match(r"[A-Za-z_]+", text)
    source = sources.get(head.group()) if head else None
    if head and source and source.startswith("--") and text.startswith(f"{head.group()}: "):
        return DataError(f"{source}: {text.removeprefix(f'{head.group()}: ')}")  # an option
    return DataError(f"{source}: {text}" if source else text)

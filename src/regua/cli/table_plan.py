"""``regua plan`` on tables: Parquet, CSV or JSON Lines in and out, through ``regua.columnar``.

Chosen when ``--customers``, ``--invoices`` or ``--history`` names a table file (by its
extension, :mod:`regua.cli.tables`), or when ``--out`` does and the portfolio is given part by
part (``.json`` arrays of rows are tables too). The actions go to ``--out``; beside it
go the rows refused by validation (``actions.rejects.parquet`` for ``actions.parquet``), the
skip counts per step and code (``actions.skipped.parquet``), the ladders with nothing left to do
(``actions.exhausted.parquet``) and the counts of invoices a step's ``when`` kept it from
(``actions.not_applicable.parquet``). Once the arguments are checked, the five are removed
before any input is read, and written again on every run that succeeds, so
that a file left from an earlier run is never mistaken for today's. Refused rows are not a failure:
the good rows are planned, and one line on standard error counts the refused ones.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from regua.cli.failures import UsageError
from regua.cli.inputs import load_schedule, read_json, refused, source_name
from regua.cli.outputs import beside, clear, written_files
from regua.cli.progress import Progress
from regua.cli.tables import TABLE_SUFFIXES, is_table_file, read_rows, read_table, write_table
from regua.errors import ReguaError

__all__ = ["plan_tables", "uses_tables"]

_TABLES = ("customers", "invoices", "history")
_FORMATS = ", ".join(sorted(TABLE_SUFFIXES))


def uses_tables(args: argparse.Namespace) -> bool:
    """Whether ``regua plan`` runs on the columnar engine: given a table file, or asked for an
    actions table (``--out`` a table file) of parts given by their own options, which may then
    all be ``.json`` arrays of rows (refused before as "a JSON portfolio gives a JSON plan")."""
    if any(is_table_file(getattr(args, part)) for part in _TABLES):
        return True
    by_parts = args.portfolio is None and len(args.files) < 2  # no PORTFOLIO file
    given = args.customers is not None or args.invoices is not None
    return is_table_file(args.out) and by_parts and given


def _check_arguments(args: argparse.Namespace) -> None:
    if args.files or args.portfolio:
        raise UsageError(
            "with table files give the schedule by --schedule and each table by its own option"
            " (--customers, --invoices, --history, --agreements, --promises, --profiles), not a"
            " portfolio"
        )
    if args.schedule is None:
        raise UsageError("no schedule: give --schedule FILE")
    for part in ("customers", "invoices"):
        if getattr(args, part) is None:
            raise UsageError(f"no {part}: give --{part} FILE")
    if args.out is None or not is_table_file(args.out):
        raise UsageError(
            f"with table files, --out names the actions table to write ({_FORMATS}),"
            f" got {args.out or 'none'}"
        )


def _columnar() -> Any:
    try:
        import polars

        import regua.columnar
    except ImportError:
        raise UsageError(
            "Parquet, CSV and JSON Lines files need polars: pip install regua[polars]"
        ) from None
    return polars, regua.columnar


def plan_tables(args: argparse.Namespace) -> None:
    """Plan the day from table files and write the actions, rejects and skip counts."""
    _check_arguments(args)
    pl, columnar = _columnar()
    clear(written_files(args.out, tables=True))  # a failed run leaves none of yesterday's files
    progress = Progress("regua plan", asked=args.progress)
    sources: dict[str, str] = {"as_of": "--as-of"}
    try:  # whatever happens, the progress line is cleared before the last word is printed
        result, empty = _plan(args, pl, columnar, progress, sources)
        rejects = beside(args.out, "rejects")
        progress.phase(f"writing {args.out}")
        write_table(result.actions, args.out, pl)
        write_table(result.rejects, rejects, pl)
        write_table(result.skipped, beside(args.out, "skipped"), pl)
        write_table(result.exhausted, beside(args.out, "exhausted"), pl)
        write_table(result.not_applicable, beside(args.out, "not_applicable"), pl)
    finally:
        progress.done()
    if result.rejects.height:
        print(
            f"regua plan: {_rejected(result.rejects, sources)}, written to {rejects}",
            file=sys.stderr,
        )
    for name in empty:  # a failed export would look like a day with nothing to do
        print(f"regua plan: {name} holds no rows", file=sys.stderr)


def _plan(
    args: argparse.Namespace, pl: Any, columnar: Any, progress: Progress, sources: dict[str, str]
) -> tuple[Any, list[str]]:
    """Read the inputs (recording in ``sources`` which file each came from) and plan: the
    plan, and the customers and invoices files that hold no rows."""
    progress.phase(f"reading {source_name(args.schedule)}")
    schedule = load_schedule(args.schedule)
    tables: dict[str, Any] = {}
    unread: dict[str, dict[int, tuple[str, str]]] = {}
    for part in (*_TABLES, "agreements", "promises", "profiles"):
        arg = getattr(args, part)
        if arg is None:
            continue
        sources[part] = source_name(arg)
        progress.phase(f"reading {source_name(arg)}")
        if part == "profiles" and not is_table_file(arg):
            tables[part] = _profiles_table(pl, read_json(arg))
        elif part in ("agreements", "promises"):
            tables[part] = read_rows(arg, pl)
        else:
            read = read_table(arg, pl)
            tables[part] = read.frame
            unread[part] = read.unread
    invoices = tables["invoices"].height
    empty = [sources[part] for part in ("customers", "invoices") if tables[part].height == 0]
    progress.phase(f"planning {invoices:,} invoice{'s' if invoices != 1 else ''}")
    try:
        # Popped, not read: the plan lets the tables go once validated (0.3 KB an invoice).
        result = columnar.plan(
            schedule,
            tables.pop("customers"),
            tables.pop("invoices"),
            as_of=args.as_of,
            history=tables.pop("history", None),
            agreements=tables.get("agreements"),
            promises=tables.get("promises"),
            profiles=tables.get("profiles"),
        )
    except (ValidationError, ReguaError) as exc:
        raise refused(exc, sources) from None
    if any(unread.values()):
        result = replace(result, rejects=_with_unread(pl, result.rejects, unread))
    return result, empty


def _profiles_table(pl: Any, document: Any) -> Any:
    """A JSON object of customer id -> profile as a profiles table (row k: its k-th entry), so
    that an entry naming no profile is a rejected row, not a failed run; any other document is
    left for the plan to refuse."""
    if not isinstance(document, dict):
        return document
    return pl.DataFrame(
        {
            "customer_id": list(document),
            "profile": [
                value if value is None or isinstance(value, str) else json.dumps(value)
                for value in document.values()
            ],
        },
        schema={"customer_id": pl.String, "profile": pl.String},
    )


def _with_unread(pl: Any, rejects: Any, unread: dict[str, dict[int, tuple[str, str]]]) -> Any:
    """The plan's ``rejects`` with each row that could not be read (a row of nulls to the
    plan) rejected for its own problem instead of its fields' being missing."""
    parts = []
    for table, rows in unread.items():
        if not rows:
            continue
        numbers = pl.Series(list(rows), dtype=pl.Int64)
        rejects = rejects.filter(
            ~((pl.col("table") == table) & pl.col("row").is_in(numbers.implode()))
        )
        parts.append(
            pl.DataFrame(
                {
                    "table": table,
                    "row": numbers,
                    "field": [field for field, _ in rows.values()],
                    "reason": [reason for _, reason in rows.values()],
                },
                schema=rejects.schema,
            )
        )
    return pl.concat([rejects, *parts]).sort(["table", "row"], maintain_order=True)


def _rejected(rejects: Any, sources: dict[str, str]) -> str:
    """``"3 rows rejected (2 of i.csv, 1 of c.csv)"``: rows, not problems; when a row has
    several, the count of the file's lines follows (``"…; 4 reasons"``), so the two agree."""
    rows = Counter(table for table, _ in rejects.select("table", "row").unique().iter_rows())
    total = sum(rows.values())
    parts = ", ".join(f"{n:,} of {sources.get(table, table)}" for table, n in sorted(rows.items()))
    reasons = f"; {rejects.height:,} reasons" if rejects.height != total else ""
    return f"{total:,} row{'s' if total != 1 else ''} rejected ({parts}{reasons})"

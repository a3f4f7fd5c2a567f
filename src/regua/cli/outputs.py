"""The files a run writes: ``--out``, and for ``regua plan`` on tables the rejects and the skip
counts beside it (``actions.rejects.parquet``, ``actions.skipped.parquet``).

They are checked against the run's inputs before anything is read: ``--out i.csv`` given with
``--invoices i.csv`` replaced the invoices by the actions, without a word. The table outputs are
then removed before the inputs are read, so a run that fails leaves none of them behind and a
file left from an earlier run is never read as today's.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

from regua.cli.failures import DataError, UsageError
from regua.cli.inputs import PORTFOLIO_PARTS, STDIN

__all__ = ["beside", "clear", "refuse_writing_inputs", "written_files"]

# The options that name a file a command reads (each command has some of them).
_INPUT_OPTIONS = ("schedule", "portfolio", *PORTFOLIO_PARTS, "events", "payments", "creditor")
_BESIDE = ("rejects", "skipped", "exhausted", "not_applicable")


def beside(out: str, what: str) -> str:
    """The file written beside ``out``: ``actions.rejects.parquet`` for ``actions.parquet``."""
    path = Path(out)
    return str(path.with_name(f"{path.stem}.{what}{path.suffix}"))


def written_files(out: str | None, *, tables: bool) -> list[tuple[str, str]]:
    """What a run writes, as (how a message names it, path): ``--out`` (none for standard
    output) and, for the columnar plan (``tables``), the files beside it."""
    if out is None or out == STDIN:
        return []
    files = [(f"--out {out}", out)]
    if tables:
        paths = [beside(out, what) for what in _BESIDE]
        files += [(f"--out {out} writes {path}, which", path) for path in paths]
    return files


def _inputs(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """The files the command reads, as (how a message names it, path); standard input left
    out."""
    for arg in getattr(args, "files", None) or ():
        yield "the input", arg
    for option in _INPUT_OPTIONS:
        arg = getattr(args, option, None)
        if arg is not None:
            yield f"--{option}", arg


def _same_file(one: str, other: str) -> bool:
    # The same path written two ways (./a/../i.csv), a link to it, or (where the file system
    # ignores case) I.CSV: a file that exists is compared by its identity.
    try:
        return Path(one).resolve() == Path(other).resolve() or os.path.samefile(one, other)
    except (OSError, RuntimeError, ValueError):  # absent (not yet written), a link loop
        return False


def refuse_writing_inputs(args: argparse.Namespace, written: list[tuple[str, str]]) -> None:
    """A run must not write over a file it reads: refuse it before anything is read."""
    for name, path in written:
        for option, arg in _inputs(args):
            if arg != STDIN and _same_file(path, arg):
                raise UsageError(
                    f"{name} is the file of {option} {arg}: a run never writes over what it"
                    " reads; name another --out"
                )


def clear(written: list[tuple[str, str]]) -> None:
    """Remove the files this run is about to write, if they exist (and only them)."""
    for _, path in written:
        try:
            Path(path).unlink(missing_ok=True)
        except IsADirectoryError:
            raise DataError(f"{path}: is a directory, not a file") from None
        except OSError as exc:
            raise DataError(
                f"{path}: cannot be removed before writing it again: {exc.strerror or exc}"
            ) from None

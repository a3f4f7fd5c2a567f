"""The ``regua`` command line: the one thin place that reads files and prints.

It only calls the public API. Commands: ``demo``, ``example``, ``plan``, ``explain``,
``simulate``, ``render`` and ``schema`` (``regua --help``; docs/command-line.md).

Every failure is one line on standard error and a non-zero exit status: 1 when an input cannot be
read or is refused (the line names the file and the field), 2 when the command line is wrong,
3 on an internal error. Output cut short by its reader (``regua demo | head``) ends quietly with
status 141, as for a program stopped by SIGPIPE.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from regua.cli.commands import COMMANDS
from regua.cli.failures import USAGE_ERROR, CliError, UsageError, one_line
from regua.cli.outputs import clear, refuse_writing_inputs, written_files
from regua.cli.parser import build_parser
from regua.cli.table_plan import uses_tables
from regua.cli.tables import is_table_file

__all__ = ["main"]

INTERNAL_ERROR = 3
BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a program stopped by a closed pipe
INTERRUPTED = 130  # 128 + SIGINT


def _write(text: str, out: str | None) -> None:
    if out is None or out == "-":
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        return
    if is_table_file(out):
        raise UsageError(
            f"--out {out}: this command writes text, not a table; name a .json or .txt file"
        )
    try:
        Path(out).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"--out {out}: cannot be written: {exc.strerror or exc}") from None


def _forget(written: list[tuple[str, str]]) -> None:
    """After a run that failed on its data: remove what it would have written, so that a file
    left from an earlier run is never read as this one's (the table plan removes them before
    reading anything; a command writing text writes its ``--out`` only at the end)."""
    with contextlib.suppress(CliError):  # a directory, say: no earlier output to mistake
        clear(written)


def _quiet_stdout() -> None:
    # The reader is gone: point stdout at /dev/null so that the interpreter's last flush at exit
    # does not report the broken pipe again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``regua`` with ``argv`` (default: the process's arguments); return the exit status."""
    parser = build_parser()
    prog = parser.prog
    args = None
    written: list[tuple[str, str]] = []  # once the outputs are known not to be inputs
    try:
        args = parser.parse_args(argv)
        prog = f"{parser.prog} {args.command}"
        tables = args.command == "plan" and uses_tables(args)
        outputs = written_files(args.out, tables=tables)
        refuse_writing_inputs(args, outputs)
        written = outputs
        text = COMMANDS[args.command](args)
        if text is not None:
            _write(text, args.out)
    except SystemExit as exc:  # --help and --version print, then exit 0
        return exc.code if isinstance(exc.code, int) else 0
    except CliError as failure:
        if failure.code != USAGE_ERROR:
            _forget(written)
        print(f"{failure.prog or prog}: error: {failure}", file=sys.stderr)
        return failure.code
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE
    except KeyboardInterrupt:
        return INTERRUPTED
    except Exception as exc:
        _forget(written)
        if args is not None and args.traceback:
            traceback.print_exc()
        print(
            f"{prog}: internal error, a bug in regua (please report it, with the output of"
            f" --traceback): {type(exc).__name__}: {one_line(str(exc))}",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
    return 0

"""The progress line of a long command: what it is doing now, on standard error.

Shown when standard error is a terminal (one line, rewritten in place) or when asked for with
``--progress`` (one line per phase, for a log). Otherwise silent: a script or a test reading
standard error sees only failures and summaries.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Phases of a run, each reported as it starts, with the time elapsed so far."""

    def __init__(self, prog: str, *, asked: bool, stream: TextIO | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.prog = prog
        self.in_place = _is_terminal(self.stream)
        self.shown = asked or self.in_place
        self.started = time.monotonic()
        self.pending = False

    def phase(self, text: str) -> None:
        """Report that ``text`` (``"reading c.parquet"``) starts now."""
        if not self.shown:
            return
        line = f"{self.prog}: {text}… ({time.monotonic() - self.started:.1f} s)"
        if self.in_place:
            self.stream.write(f"\r{line}\x1b[K")
            self.pending = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        """End the line rewritten in place, so that what follows starts on a line of its own."""
        if self.pending:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.pending = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

"""``python -m regua``: the command line (see :mod:`regua.cli`)."""

from __future__ import annotations

import sys

from regua.cli import main
from regua.cli.demo import demo

__all__ = ["demo", "main"]

if __name__ == "__main__":
    sys.exit(main())

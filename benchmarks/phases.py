"""Where ``regua.columnar.plan`` spends its CPU: seconds per phase, one portfolio, one run.

    python benchmarks/portfolio.py --sizes 100k --cases columnar --data /tmp/bench   # writes it
    python benchmarks/phases.py /tmp/bench/100000 first
    python benchmarks/phases.py /tmp/bench/100000 daily --repeat 5

Reads the Parquet portfolio ``portfolio.py --data`` keeps (customers, invoices and, for the
daily run, Friday's history) and calls :func:`regua.columnar.plan` with the engine's private
phases wrapped in CPU timers (``time.process_time``: polars' threads count). Each phase is
shown by its own time, without the phases it calls; the best call of ``--repeat`` is kept.
The wrapped names are private: one that moved is skipped, and the ``(rest)`` line grows.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from run import SCHEDULE
from synthetic import AS_OF

#: Phase label -> (module, function), in the order the plan meets them.
PHASES = {
    "read the tables": ("regua.columnar.plan", "to_frame"),
    "validate customers": ("regua.columnar.validate", "_customers"),
    "validate invoices": ("regua.columnar.validate", "_invoices"),
    "validate history": ("regua.columnar.validate", "_history"),
    "history per invoice and customer": ("regua.columnar.plan", "history_keys"),
    "open invoices, balances, freshness": ("regua.columnar.plan", "_open_invoices"),
    "customers on columns or not": ("regua.columnar.plan", "eligible"),
    "per-customer fallback": ("regua.columnar.plan", "evaluate"),
    "customer shapes": ("regua.columnar.decisions", "_shapes"),
    "selection": ("regua.columnar.decisions", "_selection"),
    "groups per step and currency": ("regua.columnar.decisions", "_groups"),
    "caps": ("regua.columnar.decisions", "_caps"),
    "actions: texts and windows": ("regua.columnar.decisions", "_actions"),
    "actions: id texts": ("regua.columnar.decisions", "_id_texts"),
    "skip counts": ("regua.columnar.decisions", "_skip_counts"),
    "skip detail": ("regua.columnar.decisions", "_skip_detail"),
    "actions table": ("regua.columnar.plan", "decided_frame"),
    "exhausted ladders": ("regua.columnar.plan", "_exhausted"),
}


class Timers:
    """Own CPU seconds per label: a wrapped call's time less that of the wrapped calls in it."""

    def __init__(self) -> None:
        self.own: dict[str, float] = {}
        self._inner: list[float] = []

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            self._inner.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                inner = self._inner.pop()
                self.own[label] = self.own.get(label, 0.0) + spent - inner
                if self._inner:
                    self._inner[-1] += spent

        return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="a portfolio directory written by portfolio.py --data")
    parser.add_argument("run", choices=["first", "daily"])
    parser.add_argument("--repeat", type=int, default=1, help="calls, best kept (1)")
    args = parser.parse_args()
    import polars as pl

    import regua.columnar

    data = Path(args.data)
    tables = {
        "customers": pl.read_parquet(data / "customers.parquet"),
        "invoices": pl.read_parquet(data / "invoices.parquet"),
        "history": pl.read_parquet(data / "history.parquet") if args.run == "daily" else None,
    }
    timers = Timers()
    for label, (module_name, name) in PHASES.items():
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, timers.wrap(label, getattr(module, name)))
    best: tuple[float, dict[str, float]] | None = None
    for _ in range(args.repeat):
        timers.own = {}
        start = time.process_time()
        regua.columnar.plan(SCHEDULE, **tables, as_of=AS_OF)
        total = time.process_time() - start
        if best is None or total < best[0]:
            best = (total, timers.own)
    assert best is not None
    total, own = best
    print(f"| phase ({data.name} invoices, {args.run} run) | CPU s | share |")
    print("|---|---:|---:|")
    for label in PHASES:
        if label in own:
            print(f"| {label} | {own[label]:.3f} | {own[label] / total:.0%} |")
    rest = total - sum(own.values())
    print(f"| (rest) | {rest:.3f} | {rest / total:.0%} |")
    print(f"| **total** | **{total:.3f}** | |")


if __name__ == "__main__":
    main()

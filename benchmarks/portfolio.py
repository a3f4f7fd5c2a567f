"""A morning run of a whole portfolio: the columnar engine, the command line and the reference.

    python benchmarks/portfolio.py                       # 10k and 100k invoices
    python benchmarks/portfolio.py --sizes 10k,100k,1M   # 1M is opt-in: minutes, several GB
    python benchmarks/portfolio.py --sizes 100k --repeat 5 --json

The portfolio is ``synthetic.py``'s with every invoice open (the worst case: N invoices, N/4
customers, about 4 invoices each) and the issue's example schedule (``run.py``'s ``SCHEDULE``),
at 2026-03-16. Two runs: ``first`` (no history) and ``daily`` (the history holds what the run of
the previous business day, Friday, planned, recorded as delivered: what a host that runs every
morning has). For each size the portfolio is written once to Parquet (customers, invoices,
history, as :func:`regua.frames.to_polars` makes them), not measured. Then each case runs in a
fresh child process, so that one case's memory never weighs on another's:

- ``columnar``: :func:`regua.columnar.plan` on the tables in memory (read from the Parquet files
  before the clock starts); validation on columns is included, as it is part of the call;
- ``parquet``: ``regua plan --schedule ... --customers c.parquet --invoices i.parquet
  [--history h.parquet] --as-of ... --out actions.parquet``, through :func:`regua.cli.main`
  in the child: read + validate + plan + write the actions (and the rejects and skip counts
  beside them), end to end; only the interpreter start and the imports are left out;
- ``reference``: :func:`regua.plan` on models (validated from the same Parquet files before
  the clock starts), and the minimal hand-written ``loop`` of ``run.py`` (only the date
  arithmetic of planning: the yardstick of the issue's ratio targets) in the same process.

Figures per case: CPU seconds (``time.process_time``: every thread of the process, so polars'
threads count) and wall seconds, each the best of ``--repeat`` calls (3 by default, 1 at 1M);
the peak resident memory of the child, read from ``getrusage(RUSAGE_SELF).ru_maxrss``, whose
high-water mark is reset (``/proc/self/clear_refs``) just before the first measured call:
``peak MB`` is the whole process (interpreter, libraries, inputs), ``B/invoice`` the growth over the
resident size just before the call, per invoice (for ``parquet`` that includes reading the
inputs; for ``columnar`` and ``reference`` the inputs are already resident). For ``columnar``:
the share of customers handed to the per-customer reference fallback
(``ColumnarPlan.evaluated / customers``), and, with the fallback's seam watched in the first
call, how many of them had a history record, a disputed invoice or a host's hold. ``same``:
whether the three executions planned the same action ids in the same order.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from run import SCHEDULE, _reference
from synthetic import AS_OF, customer_rows, invoice_rows, n_customers

RUNS = ("first", "daily")
CASES = ("columnar", "parquet", "reference")
_SUFFIXES = {"k": 1_000, "m": 1_000_000}


def size(text: str) -> int:
    """``"10k"`` -> 10000, ``"1M"`` -> 1000000, ``"2500"`` -> 2500."""
    text = text.strip().lower().replace("_", "")
    factor = _SUFFIXES.get(text[-1:], 1)
    return int(text[:-1] if factor > 1 else text) * factor


# --- in the child ------------------------------------------------------------------------------


def _rss_now() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _reset_peak() -> None:
    """Start ``ru_maxrss`` again from the resident size now (Linux 4.0 and later)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


def _timed(work: Callable[[], Any], repeat: int) -> tuple[dict[str, Any], Any]:
    """CPU and wall seconds (best of ``repeat``), the CPU seconds and peak memory of the first
    call (``cold_cpu``: what a morning run in a fresh process pays)."""
    gc.collect()
    _reset_peak()
    before = _rss_now()
    cpu = wall = float("inf")
    result = None
    peak = 0
    cold = 0.0
    for k in range(repeat):
        if k:
            result = None
            gc.collect()
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
        if not k:
            peak = _peak()
            cold = cpu
    figures = {"cpu": cpu, "wall": wall, "cold_cpu": cold, "peak": peak, "growth": peak - before}
    return figures, result


def _ids_digest(ids: Iterator[str]) -> str:
    sha = hashlib.sha256()
    for id_ in ids:
        sha.update(id_.encode() + b"\n")
    return sha.hexdigest()[:16]


def _files(data: Path, run: str) -> dict[str, Path]:
    files = {
        "schedule": data / "schedule.json",
        "customers": data / "customers.parquet",
        "invoices": data / "invoices.parquet",
    }
    if run == "daily":
        files["history"] = data / "history.parquet"
    return files


def prepare(n: int, data: Path) -> None:
    """Write the portfolio of ``n`` invoices and Friday's history to ``data``."""
    import regua
    import regua.frames
    from regua.batch import iter_validate
    from regua.models import ContactRecord, Customer, Invoice, Outcome

    customers = list(iter_validate(customer_rows(n_customers(n)), Customer))
    invoices = list(iter_validate(invoice_rows(n, open_only=True), Invoice))
    friday = AS_OF - timedelta(days=3)
    cutoff = datetime.combine(AS_OF, datetime.min.time(), tzinfo=UTC)  # before any local midnight
    before = regua.plan(SCHEDULE, customers, invoices, as_of=friday)
    history = [a.record(Outcome.DELIVERED) for a in before.actions if a.window_start < cutoff]
    data.mkdir(parents=True, exist_ok=True)
    regua.frames.to_polars(customers, Customer).write_parquet(data / "customers.parquet")
    regua.frames.to_polars(invoices, Invoice).write_parquet(data / "invoices.parquet")
    regua.frames.to_polars(history, ContactRecord).write_parquet(data / "history.parquet")
    (data / "schedule.json").write_text(json.dumps(SCHEDULE), encoding="utf-8")


class _Watched:
    """Records the customers the columnar engine hands to its per-customer fallback, at its
    seam (``regua.columnar.plan.evaluate``, private: ``seen`` stays None if it moved)."""

    def __init__(self) -> None:
        self.module = importlib.import_module("regua.columnar.plan")
        self.seam = getattr(self.module, "evaluate", None)
        self.seen: list[str] | None = None

    def __enter__(self) -> _Watched:
        if self.seam is not None:
            self.seen = []
            self.module.evaluate = self._evaluate
        return self

    def _evaluate(self, engine: Any, views: Any, records: Any) -> Any:
        self.module.evaluate = self.seam  # the first call only: the timed repeats are not watched
        assert self.seen is not None
        self.seen.extend(view.id for view in views)
        return self.seam(engine, views, records)  # type: ignore[misc]

    def __exit__(self, *exc: object) -> None:
        self.module.evaluate = self.seam


def _fallback_reasons(pl: Any, handed: list[str], tables: dict[str, Any]) -> dict[str, int]:
    """How many of the customers handed to the fallback had each condition that sends one there
    (a customer may have several), from the input tables."""
    invoices = tables["invoices"]
    customers = tables["customers"]
    held = pl.col("dunning_blocked") | pl.col("dunning_paused_until").is_not_null()
    history = tables.get("history")
    conditions = {
        "history record": set()
        if history is None
        else set(history.get_column("customer_id").unique().to_list()),
        "disputed invoice": set(
            invoices.filter(pl.col("disputed")).get_column("customer_id").unique().to_list()
        ),
        "host's hold": set(customers.filter(held).get_column("id").to_list())
        | set(invoices.filter(held).get_column("customer_id").to_list()),
    }
    reasons: dict[str, int] = {}
    for customer_id in handed:
        found = [name for name, ids in conditions.items() if customer_id in ids] or ["none"]
        for name in found:
            reasons[name] = reasons.get(name, 0) + 1
    return reasons


def case_columnar(run: str, data: Path, repeat: int) -> dict[str, Any]:
    import polars as pl

    import regua.columnar

    files = _files(data, run)
    tables: dict[str, Any] = {
        "customers": pl.read_parquet(files["customers"]),
        "invoices": pl.read_parquet(files["invoices"]),
        "history": pl.read_parquet(files["history"]) if "history" in files else None,
    }
    with _Watched() as watched:
        figures, result = _timed(
            lambda: regua.columnar.plan(SCHEDULE, **tables, as_of=AS_OF),
            repeat,
        )
    figures.update(
        actions=result.actions.height,
        ids=_ids_digest(iter(result.actions.get_column("id").to_list())),
        customers=result.customers,
        fallback=result.evaluated,
        rejects=result.rejects.height,
    )
    result = None
    if watched.seen is not None and len(watched.seen) == figures["fallback"]:
        figures["reasons"] = _fallback_reasons(pl, watched.seen, tables)
    return figures


def case_parquet(run: str, data: Path, repeat: int) -> dict[str, Any]:
    import polars as pl

    import regua.cli

    files = _files(data, run)
    out = data / f"actions-{run}.parquet"
    argv = ["plan", "--as-of", AS_OF.isoformat(), "--out", str(out)]
    for part, path in files.items():
        argv += [f"--{part}", str(path)]

    def work() -> int:
        status = regua.cli.main(argv)
        if status:
            raise SystemExit(f"regua {' '.join(argv)} exited with {status}")
        return status

    figures, _ = _timed(work, repeat)
    actions = pl.read_parquet(out)
    figures.update(
        actions=actions.height, ids=_ids_digest(iter(actions.get_column("id").to_list()))
    )
    return figures


def case_reference(run: str, data: Path, repeat: int) -> dict[str, Any]:
    import polars as pl

    import regua
    from regua.frames import from_polars
    from regua.models import ContactRecord, Customer, Invoice

    files = _files(data, run)
    customers = from_polars(pl.read_parquet(files["customers"]), Customer)
    invoices = from_polars(pl.read_parquet(files["invoices"]), Invoice)
    history = (
        from_polars(pl.read_parquet(files["history"]), ContactRecord) if "history" in files else []
    )
    figures, result = _timed(
        lambda: regua.plan(SCHEDULE, customers, invoices, as_of=AS_OF, history=history), repeat
    )
    figures.update(
        actions=len(result.actions),
        skipped=len(result.skipped),
        ids=_ids_digest(action.id for action in result.actions),
    )
    result = None
    loop, _ = _timed(_reference(SimpleNamespace(open=invoices)), repeat)  # type: ignore[arg-type]
    figures["loop_cpu"] = loop["cpu"]
    figures["loop_wall"] = loop["wall"]
    return figures


_CASE_WORK = {"columnar": case_columnar, "parquet": case_parquet, "reference": case_reference}


# --- in the parent -----------------------------------------------------------------------------


def _child(*args: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark child {' '.join(args)} failed ({done.returncode})")
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def _machine() -> dict[str, Any]:
    model = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(
        ["git", "-C", str(Path(__file__).parent), "log", "-1", "--format=%h %cI"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "commit": commit,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _row(n: int, run: str, case: str, f: dict[str, Any], by: dict[str, Any]) -> str:
    reference = by.get("reference", {})
    ratio = f"{f['cpu'] / reference['cpu']:.2f}" if reference else ""
    loop = f"{f['cpu'] / reference['loop_cpu']:.1f}" if reference else ""
    share = f"{f['fallback'] / f['customers']:.1%}" if "fallback" in f else ""
    same = len({g["ids"] for g in by.values()}) == 1
    shown = "regua.plan" if case == "reference" else case
    return (
        f"| {n:,} | {run} | {shown} | {f['cpu']:.2f} | {f['wall']:.2f} | {ratio} | {loop}"
        f" | {share} | {f['peak'] / 1e6:,.0f} | {f['growth'] / n:,.0f} | {f['actions']:,}"
        f" | {'yes' if same else 'NO'} |"
    )


def _table(figures: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| invoices | run | case | CPU s | wall s | CPU / regua.plan | CPU / loop | fallback"
        " | peak MB | B/invoice | actions | same |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    for f in figures:
        groups.setdefault((f["invoices"], f["run"]), {})[f["case"]] = f
    for (n, run), by in groups.items():
        lines.extend(_row(n, run, case, by[case], by) for case in CASES if case in by)
        if "reference" in by:
            r = by["reference"]
            lines.append(
                f"| {n:,} | {run} | loop | {r['loop_cpu']:.2f} | {r['loop_wall']:.2f} | | |"
                " | | | | |"
            )
    return lines


def _notes(figures: list[dict[str, Any]]) -> list[str]:
    notes = []
    for f in figures:
        if "fallback" not in f:
            continue
        reasons = f.get("reasons") or {}
        parts = "".join(
            f"; {name}: {count:,} ({count / f['customers']:.1%})"
            for name, count in sorted(reasons.items())
        )
        notes.append(
            f"{f['invoices']:,} {f['run']}: customers handed to the per-customer path"
            f" {f['fallback']:,} of {f['customers']:,}{parts}"
        )
    cpu = {(f["invoices"], f["run"], f["case"]): f["cpu"] for f in figures}
    for (n, run, case), seconds in sorted(cpu.items()):
        bigger = cpu.get((n * 10, run, case))
        if bigger:
            notes.append(f"{case} {run}: CPU at {n * 10:,} / CPU at {n:,} = {bigger / seconds:.1f}")
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="e.g. 10k,100k,1M (default 10k,100k)")
    parser.add_argument("--runs", default=",".join(RUNS), help="first, daily or both")
    parser.add_argument("--cases", default=",".join(CASES), help=", ".join(CASES))
    parser.add_argument("--repeat", type=int, help="calls per case, best kept (3; 1 at 1M)")
    parser.add_argument("--data", help="keep the Parquet portfolios here and reuse them")
    parser.add_argument("--json", action="store_true", help="also print each figure as JSON")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, *rest = args.child
        if what == "prepare":
            prepare(int(rest[0]), Path(rest[1]))
            return
        run, data, repeat = rest
        print(json.dumps(_CASE_WORK[what](run, Path(data), int(repeat))))
        return
    sizes = [size(s) for s in args.sizes.split(",")]
    runs = [r for r in args.runs.split(",") if r]
    cases = [c for c in args.cases.split(",") if c]
    if not set(runs) <= set(RUNS) or not set(cases) <= set(CASES):
        parser.error(f"runs are {RUNS}, cases {CASES}")
    machine = _machine()
    print(f"# {json.dumps(machine)}", file=sys.stderr)
    root = Path(args.data) if args.data else Path(tempfile.mkdtemp(prefix="regua-bench-"))
    figures: list[dict[str, Any]] = []
    try:
        for n in sizes:
            data = root / str(n)
            if not (data / "history.parquet").exists():
                print(f"# writing the portfolio of {n:,} invoices to {data}", file=sys.stderr)
                _child("prepare", str(n), str(data))
            repeat = args.repeat or (1 if n >= 1_000_000 else 3)
            for run in runs:
                for case in cases:
                    figure = _child(case, run, str(data), str(repeat))
                    figure.update(invoices=n, run=run, case=case, load=os.getloadavg()[0])
                    print(
                        f"# {n:,} {run} {case}: {figure['cpu']:.2f} s CPU,"
                        f" {figure['wall']:.2f} s wall, load {figure['load']:.1f}",
                        file=sys.stderr,
                    )
                    if args.json:
                        print(json.dumps({**machine, **figure}), flush=True)
                    figures.append(figure)
    finally:
        if not args.data:
            shutil.rmtree(root, ignore_errors=True)
    print("\n".join(_table(figures)))
    print()
    print("\n".join(_notes(figures)))


if __name__ == "__main__":
    main()

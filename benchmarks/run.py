"""Portfolio-scale benchmarks: throughput, peak memory and linearity of regua's batch functions.

    python benchmarks/run.py                      # every benchmark at 10k, 100k and 1M invoices
    python benchmarks/run.py plan reference --sizes 10000,100000
    python benchmarks/run.py --sizes 1000000 --json   # one JSON line per figure

Each size runs in a fresh child process, so one size's garbage never weighs on the next. In the
child the inputs are built first (synthetic rows validated into models with
:func:`regua.batch.iter_validate`; that is the ``validate`` line) and are *not* part of the
measured work: the issue's targets are "after validation". Then each benchmark is timed
(best of 3 below 1M invoices, one run at 1M) with the garbage collector on, as in production;
the figure is CPU time (``time.process_time``), which other jobs on a shared machine disturb far
less than wall time (also printed). Each benchmark is then run once more under
:mod:`tracemalloc` to get the peak of the memory it allocates on top of its inputs (result
included), reported per invoice.

Benchmarks (N = invoices, N/4 customers):

- ``validate``: rows to ``Invoice`` models, chunked ``TypeAdapter(list[Invoice])``; below 1M
  also per-row ``Invoice.model_validate``, for comparison.
- ``stream``: generate N rows and validate them with ``iter_validate`` without keeping them:
  the peak memory must not grow with N (one chunk of 10,000 rows and models at a time).
- ``plan``: :func:`regua.plan` with the issue's example schedule over N *open* invoices.
- ``daily``: the same ``plan`` on the next business day of a host that runs it every day: the
  history holds what the run of the previous business day (Friday 2026-03-13) planned, recorded
  as delivered. Most open invoices then have nothing new due; this is the steady state.
- ``reference``: a minimal hand-written loop over the same invoices doing only the date
  arithmetic of planning (days past due, latest step reached, one count per customer and step):
  the floor any engine in Python would pay.
- ``classify``: :func:`regua.scoring.classify_portfolio` over a realistic mix (paid, late, open).
- ``aging``: :func:`regua.scoring.aging` over the same mix.
- ``price``: one 12-installment Price plan per customer (N/4 plans) with
  :func:`regua.installments.price`.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import AS_OF, customer_rows, invoice_rows, n_customers

from regua.batch import iter_validate
from regua.models import ContactRecord, Customer, Invoice, Outcome

BENCHMARKS = ("validate", "stream", "plan", "daily", "reference", "classify", "aging", "price")
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)

SCHEDULE: dict[str, Any] = {
    "name": "padrao",
    "calendar": {"country": "BR"},
    "steps": [
        {"id": "lembrete", "offset": -3, "channels": ["email"], "template": "reminder_before_due"},
        {"id": "vencimento", "offset": 0, "channels": ["whatsapp", "sms", "email"]},
        {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
        {"id": "d5", "offset": 5, "channels": ["email"]},
        {"id": "ligacao", "offset": 10, "action": "call_task", "channels": ["phone"]},
        {
            "id": "aviso_negativacao",
            "offset": 30,
            "action": "bureau_notice",
            "channels": ["letter", "email"],
            "when": {"min_amount": "50.00"},
        },
        {
            "id": "negativacao",
            "offset": 45,
            "action": "bureau_listing",
            "after": {"step": "aviso_negativacao", "min_days": 10},
        },
        {
            "id": "protesto",
            "offset": 60,
            "action": "protest",
            "when": {"customer_kind": ["business"]},
        },
    ],
}


class Inputs:
    """The validated portfolio of one size, built once per child process."""

    def __init__(self, n: int, wanted: set[str]) -> None:
        self.n = n
        self.figures: list[dict[str, Any]] = []
        self.customers: list[Customer] = []
        self.open: list[Invoice] = []
        self.mixed: list[Invoice] = []
        if wanted & {"plan", "daily", "reference", "price", "validate"}:
            self.customers = list(iter_validate(customer_rows(n_customers(n)), Customer))
            rows = list(invoice_rows(n, open_only=True))
            warm_up = rows[:1000]
            list(iter_validate(warm_up, Invoice))
            [Invoice.model_validate(row) for row in warm_up]
            start = time.process_time()
            self.open = list(iter_validate(rows, Invoice))
            seconds = time.process_time() - start
            self.figures.append(_figure("validate", n, seconds, note="TypeAdapter per chunk"))
            if n < 1_000_000 and "validate" in wanted:
                start = time.process_time()
                kept = [Invoice.model_validate(row) for row in rows]
                seconds = time.process_time() - start
                del kept
                self.figures.append(_figure("validate", n, seconds, note="model_validate per row"))
            del rows
        if wanted & {"classify", "aging"}:
            self.mixed = list(iter_validate(invoice_rows(n), Invoice))


def _figure(name: str, n: int, seconds: float, **extra: Any) -> dict[str, Any]:
    return {
        "benchmark": name,
        "invoices": n,
        "seconds": seconds,
        "per_second": n / seconds,
        **extra,
    }


def _reference(inputs: Inputs) -> Callable[[], object]:
    offsets = sorted(
        step["offset"] if isinstance(step["offset"], int) else int(step["offset"][:-2])
        for step in SCHEDULE["steps"]
    )
    today = AS_OF.toordinal()

    def loop() -> object:
        fired: dict[tuple[str, int], int] = {}
        for invoice in inputs.open:
            days = today - invoice.due_date.toordinal()
            reached = -1
            for index, offset in enumerate(offsets):
                if days >= offset:
                    reached = index
            if reached >= 0:
                key = (invoice.customer_id, reached)
                fired[key] = fired.get(key, 0) + 1
        return fired

    return loop


def _previous_run(inputs: Inputs) -> list[ContactRecord]:
    """What a host that planned on the previous business day recorded as delivered."""
    from regua.rules import plan

    friday = AS_OF - timedelta(days=3)
    cutoff = datetime.combine(AS_OF, datetime.min.time(), tzinfo=UTC)  # before any local midnight
    done = plan(SCHEDULE, inputs.customers, inputs.open, as_of=friday)
    return [
        action.record(Outcome.DELIVERED) for action in done.actions if action.window_start < cutoff
    ]


def _work(name: str, inputs: Inputs) -> Callable[[], object]:
    if name == "plan":
        from regua.rules import plan

        return lambda: plan(SCHEDULE, inputs.customers, inputs.open, as_of=AS_OF)
    if name == "daily":
        from regua.rules import plan

        history = _previous_run(inputs)
        return lambda: plan(SCHEDULE, inputs.customers, inputs.open, as_of=AS_OF, history=history)
    if name == "reference":
        return _reference(inputs)
    if name == "stream":
        return lambda: sum(1 for _ in iter_validate(invoice_rows(inputs.n), Invoice))
    if name == "classify":
        from regua.scoring import classify_portfolio

        return lambda: classify_portfolio(inputs.mixed, as_of=AS_OF)
    if name == "aging":
        from regua.scoring import aging

        return lambda: aging(inputs.mixed, as_of=AS_OF)
    if name == "price":
        from regua.installments import price

        debts = [
            (Decimal(129 + k % 400) + Decimal("0.90")) * 3 for k in range(len(inputs.customers))
        ]
        first_due = AS_OF + timedelta(days=30)
        rate = Decimal("0.0199")
        return lambda: [price(debt, rate, 12, first_due=first_due) for debt in debts]
    raise SystemExit(f"unknown benchmark {name!r}")


def _measure(name: str, inputs: Inputs) -> dict[str, Any]:
    work = _work(name, inputs)
    runs = 1 if inputs.n >= 1_000_000 else 3
    best = cpu = float("inf")
    result: object = None
    for _ in range(runs):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        cpu = min(cpu, time.process_time() - start_cpu)
        best = min(best, time.perf_counter() - start)
    size = _result_size(result)
    del result
    gc.collect()
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    items = len(inputs.customers) if name == "price" else inputs.n
    figure = _figure(name, inputs.n, cpu, wall=best, peak_bytes=peak)
    figure["items"] = items
    figure["per_second"] = items / cpu
    figure["result"] = size
    return figure


def _result_size(result: object) -> str:
    actions = getattr(result, "actions", None)
    if actions is not None:
        return f"{len(actions)} actions, {len(getattr(result, 'skipped', ()))} skipped"
    if isinstance(result, dict):
        return f"{len(result)} customer-steps"
    try:
        return f"{len(result)} rows"  # type: ignore[arg-type]
    except TypeError:
        return type(result).__name__


def child(names: list[str], n: int) -> None:
    inputs = Inputs(n, set(names))
    for figure in inputs.figures:
        print(json.dumps(figure), flush=True)
    for name in names:
        if name != "validate":
            print(json.dumps(_measure(name, inputs)), flush=True)


def _table(figures: list[dict[str, Any]]) -> str:
    lines = [
        "| benchmark | invoices | items | CPU s | wall s | items/s | peak MB | bytes/invoice "
        "| result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        name = f["benchmark"] + (f" ({f['note']})" if "note" in f else "")
        peak = f.get("peak_bytes")
        megabytes = "" if peak is None else f"{peak / 1e6:,.1f}"
        per_invoice = "" if peak is None else f"{peak / f['invoices']:,.0f}"
        lines.append(
            f"| {name} | {f['invoices']:,} | {f.get('items', f['invoices']):,} "
            f"| {f['seconds']:.3f} | {f.get('wall', f['seconds']):.3f} | {f['per_second']:,.0f} "
            f"| {megabytes} | {per_invoice} | {f.get('result', '')} |"
        )
    return "\n".join(lines)


def _ratios(figures: list[dict[str, Any]]) -> list[str]:
    out = []
    timed = {(f["benchmark"], f.get("note"), f["invoices"]): f["seconds"] for f in figures}
    for (name, note, n), seconds in sorted(
        timed.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2])
    ):
        bigger = timed.get((name, note, n * 10))
        if bigger:
            out.append(f"{name}: time at {n * 10:,} / time at {n:,} = {bigger / seconds:.2f}")
    for (name, _note, n), seconds in timed.items():
        reference = timed.get(("reference", None, n))
        if name == "plan" and reference:
            out.append(f"plan / reference loop at {n:,}: {seconds / reference:.1f}x")
    return out


def _echo(lines: Iterable[str], raw: bool) -> Iterator[dict[str, Any]]:
    """Pass a child's figures on as they come, so a long run shows its progress."""
    for line in lines:
        figure = json.loads(line)
        if raw:
            print(line, end="", flush=True)
        else:
            name, n, seconds = figure["benchmark"], figure["invoices"], figure["seconds"]
            print(f"{name:>9} {n:>9,}: {seconds:8.3f} s CPU", file=sys.stderr, flush=True)
        yield figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("benchmarks", nargs="*", metavar="benchmark", help=", ".join(BENCHMARKS))
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--json", action="store_true", help="print raw JSON lines only")
    parser.add_argument("--report", help="print the table of a file of saved --json lines")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report:
        saved = [json.loads(line) for line in Path(args.report).read_text().splitlines() if line]
        print(_table(saved))
        print()
        print("\n".join(_ratios(saved)))
        return
    names = list(args.benchmarks) or list(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; choose from {BENCHMARKS}")
    if args.child:
        child(names, args.child)
        return
    figures: list[dict[str, Any]] = []
    print(f"# Python {platform.python_version()} on {platform.machine()}", file=sys.stderr)
    for n in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, *names, "--child", str(n)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child_process:
            assert child_process.stdout is not None
            figures.extend(_echo(child_process.stdout, args.json))
        if child_process.returncode:
            raise SystemExit(f"benchmark child for {n:,} invoices failed")
    if not args.json:
        print(_table(figures))
        print()
        for line in _ratios(figures):
            print(line)


if __name__ == "__main__":
    main()

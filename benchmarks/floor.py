"""The measured floor of ``plan``'s contract: what any pure-Python ``plan`` must pay, at least.

    python benchmarks/floor.py                         # 10k, 100k and 1M invoices
    python benchmarks/floor.py --sizes 10000,100000 --json

Issue #7 asks for ``plan`` over 1M open invoices in under 3 s of CPU after validation, and within
5x of a bare date-arithmetic loop. This script measures the parts of a first run that the
current API makes unavoidable, whatever the planning logic in between, on the same synthetic
portfolio, schedule and ``as_of`` as ``benchmarks/run.py`` (each size in a fresh child process,
the validated models built first and not timed, the garbage collector on as in production, CPU
time, best of 3 below 1M and one run at 1M):

1. ``read``: index the customers by id (a repeated id is an error, an unknown one too) and read
   what planning needs from each validated ``Invoice`` (id, customer, due ordinal, amount minus
   the payments up to ``as_of``, currency, disputed, agreement, tags) into one tuple per open
   invoice, grouped by customer, customers in id order (fields read from the model's
   ``__dict__`` in one ``itemgetter`` call, the cheapest way found).
2. ``actions``: the ``Action`` objects the real ``plan`` returns for this portfolio, built the
   engine's cheapest way (``new_action``, no re-validation) with their stable ids (SHA-256,
   by ``regua.rules.ids.hashed_id`` from a prefix per step), their invoice-id tuples, amounts
   (a sum when an action covers several invoices), days overdue and context dicts.
3. ``skipped``: the ``Skipped`` records the real ``plan`` returns, with their invoice-id tuples,
   built with the cheapest constructor that still gives the public type (``__new__`` and the
   slot descriptors, about twice as fast as the frozen dataclass's ``__init__``).
4. ``reference``: the reference loop of ``benchmarks/run.py``, for the 5x target.

The floor is 1 + 2 + 3, timed with the collector on; the same steps are also timed with it off
(``without gc``: what pausing the collector during a run could at best bring). What the parts leave
out, to stay a floor: choosing steps, ``when`` conditions, guardrails, catch-up, caps, channels and
contact windows (none of it is timed); the texts, templates, windows, reasons and retry dates an
engine can compute once and share (taken ready-made from the real run); the engine's de-duplication
of invoice ids. The counts and values come from one real ``plan`` run in the same process, and
before timing the rebuilt actions and skips are checked equal to the real ones, then the real result
is dropped.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from run import AS_OF, SCHEDULE, Inputs, _reference

from regua.models import Action, Customer, Invoice
from regua.rules import plan
from regua.rules.ids import hashed_id, id_prefix
from regua.rules.records import new_action
from regua.rules.results import Skipped

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
TARGET_SECONDS = 3.0
TARGET_RATIO = 5.0
_ZERO = Decimal(0)
_invoice_fields = itemgetter(
    "customer_id",
    "id",
    "due_date",
    "amount",
    "payments",
    "currency",
    "disputed",
    "agreement_id",
    "tags",
)

#: (id, due ordinal, balance, currency, disputed, agreement id, tags): one open invoice.
Record = tuple[str, int, Decimal, str, bool, str | None, frozenset[str]]
#: What an action needs that an engine cannot share between actions: its customer and invoices;
#: the rest (step and its id prefix, kind, channel, template, window, currency, texts) is
#: shared, ready-made.
ActionSpec = tuple[
    str, str, str, Any, Any, str | None, datetime, datetime, str, list[Record], date, str, str
]
#: (customer id, invoice id or ids, step id, code, reason, retry date).
SkipSpec = tuple[str, str | list[str], str, Any, str, date | None]


def read(
    customers: Iterable[Customer], invoices: Iterable[Invoice], today: date
) -> tuple[list[str], dict[str, list[Record]]]:
    """Step 1: customers indexed, open invoices read into records grouped by customer."""
    index: dict[str, Customer] = {}
    for customer in customers:
        if customer.id in index:
            raise ValueError(f"duplicate customer id {customer.id!r}")
        index[customer.id] = customer
    groups: dict[str, list[Record]] = {}
    for invoice in invoices:
        # One C call reads the fields from the model's __dict__ (8% cheaper than attributes).
        customer_id, invoice_id, due, balance, payments, currency, disputed, agreement_id, tags = (
            _invoice_fields(invoice.__dict__)
        )
        if customer_id not in index:
            raise ValueError(f"unknown customer {customer_id!r}")
        if payments:
            balance -= sum([p.amount for p in payments if p.date <= today], _ZERO)
        if balance <= 0:
            continue
        record = (invoice_id, due.toordinal(), balance, currency, disputed, agreement_id, tags)
        group = groups.get(customer_id)
        if group is None:
            groups[customer_id] = [record]
        else:
            group.append(record)
    return sorted(groups), groups


def build_actions(
    specs: list[ActionSpec], today: int, name: str, version: Any, notice_days: int
) -> tuple[Action, ...]:
    """Step 2: the actions, with their ids, invoice tuples, amounts and context dicts."""
    out = []
    for (
        customer_id,
        step_id,
        prefix,
        kind,
        channel,
        template,
        start,
        end,
        currency,
        invs,
        due_text,
        reason,
        step_text,
    ) in specs:
        if len(invs) == 1:
            ids: tuple[str, ...] = (invs[0][0],)
            amount = invs[0][2]
            identifier = hashed_id(prefix, customer_id, currency, ids)
        else:
            ids = tuple([inv[0] for inv in invs])
            amount = sum([inv[2] for inv in invs], _ZERO)
            identifier = hashed_id(prefix, customer_id, currency, sorted(ids))
        out.append(
            new_action(
                {
                    "id": identifier,
                    "customer_id": customer_id,
                    "invoice_ids": ids,
                    "step_id": step_id,
                    "action": kind,
                    "channel": channel,
                    "template": template,
                    "window_start": start,
                    "window_end": end,
                    "currency": currency,
                    "amount_due": amount,
                    "days_overdue": today - invs[0][1],
                    "due_date": due_text,
                    "reason": reason,
                    "notice_days": notice_days,
                    "context": {
                        "schedule": name,
                        "schedule_version": version,
                        "step_date": step_text,
                    },
                    "fee": None,
                    "description": None,
                    "repetition": None,
                }
            )
        )
    return tuple(out)


_new_skipped = Skipped.__new__
_set_customer, _set_ids, _set_step, _set_code, _set_reason, _set_retry = (
    getattr(Skipped, field).__set__
    for field in ("customer_id", "invoice_ids", "step_id", "code", "reason", "retry_on")
)


def build_skipped(specs: list[SkipSpec]) -> tuple[Skipped, ...]:
    """Step 3: the skip records, with their invoice-id tuples."""
    out = []
    for customer_id, ids, step_id, code, reason, retry in specs:
        skip = _new_skipped(Skipped)
        _set_customer(skip, customer_id)
        _set_ids(skip, (ids,) if type(ids) is str else tuple(ids))
        _set_step(skip, step_id)
        _set_code(skip, code)
        _set_reason(skip, reason)
        _set_retry(skip, retry)
        out.append(skip)
    return tuple(out)


def _specs(
    inputs: Inputs, records: Mapping[str, list[Record]]
) -> tuple[list[ActionSpec], list[SkipSpec], Any, Any, int]:
    """What to rebuild, from one real ``plan`` run, checked equal to it; the run is dropped."""
    real = plan(SCHEDULE, inputs.customers, inputs.open, as_of=AS_OF)
    by_id = {record[0]: record for group in records.values() for record in group}
    context = real.actions[0].context
    name, version = context["schedule"], context["schedule_version"]
    notice_days = real.actions[0].notice_days
    if notice_days is None:
        raise AssertionError("the engine sets notice_days on every action it plans")
    prefixes = {step["id"]: id_prefix(name, step["id"]) for step in SCHEDULE["steps"]}
    actions: list[ActionSpec] = [
        (
            a.customer_id,
            a.step_id,
            prefixes[a.step_id],
            a.action,
            a.channel,
            a.template,
            a.window_start,
            a.window_end,
            a.currency,
            [by_id[i] for i in a.invoice_ids],
            a.due_date,
            a.reason,
            a.context["step_date"],
        )
        for a in real.actions
    ]
    skips: list[SkipSpec] = [
        (
            s.customer_id,
            s.invoice_ids[0] if len(s.invoice_ids) == 1 else list(s.invoice_ids),
            s.step_id,
            s.code,
            s.reason,
            s.retry_on,
        )
        for s in real.skipped
    ]
    if build_actions(actions, AS_OF.toordinal(), name, version, notice_days) != real.actions:
        raise SystemExit("the rebuilt actions differ from plan's")
    if build_skipped(skips) != real.skipped:
        raise SystemExit("the rebuilt skips differ from plan's")
    return actions, skips, name, version, notice_days


def _cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def child(n: int) -> None:
    inputs = Inputs(n, {"plan"})
    runs = 1 if n >= 1_000_000 else 3
    today = AS_OF.toordinal()
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)

    for _ in range(runs):
        gc.collect()
        keep("plan", _cpu(lambda: plan(SCHEDULE, inputs.customers, inputs.open, as_of=AS_OF))[0])
    records = read(inputs.customers, inputs.open, AS_OF)[1]
    actions, skips, name, version, notice_days = _specs(inputs, records)
    counts = {
        "open": sum(len(group) for group in records.values()),
        "n_actions": len(actions),
        "n_skipped": len(skips),
    }
    del records
    for collector, suffix in ((gc.enable, ""), (gc.disable, " without gc")):
        collector()
        for _ in range(runs):
            gc.collect()
            seconds, grouped = _cpu(lambda: read(inputs.customers, inputs.open, AS_OF))
            keep("read" + suffix, seconds)
            seconds, built = _cpu(lambda: build_actions(actions, today, name, version, notice_days))
            keep("actions" + suffix, seconds)
            seconds, held = _cpu(lambda: build_skipped(skips))
            keep("skipped" + suffix, seconds)
            del grouped, built, held
    gc.enable()
    reference = _reference(inputs)
    for _ in range(runs):
        gc.collect()
        keep("reference", _cpu(reference)[0])
    floor = best["read"] + best["actions"] + best["skipped"]
    bare = best["read without gc"] + best["actions without gc"] + best["skipped without gc"]
    figure = {"invoices": n, **best, "floor": floor, "floor without gc": bare, **counts}
    print(json.dumps(figure), flush=True)


def _table(figures: list[dict[str, Any]]) -> str:
    lines = [
        "| invoices | open | actions | skipped | read s | actions s | skipped s | **floor s** "
        "| floor s without gc | reference s | floor / reference | `plan` s | `plan` / floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in figures:
        lines.append(
            f"| {f['invoices']:,} | {f['open']:,} | {f['n_actions']:,} | {f['n_skipped']:,} "
            f"| {f['read']:.3f} | {f['actions']:.3f} | {f['skipped']:.3f} | **{f['floor']:.3f}** "
            f"| {f['floor without gc']:.3f} | {f['reference']:.3f} "
            f"| {f['floor'] / f['reference']:.1f}x | {f['plan']:.3f} "
            f"| {f['plan'] / f['floor']:.1f}x |"
        )
    return "\n".join(lines)


def _targets(figures: list[dict[str, Any]]) -> list[str]:
    out = []
    for f in figures:
        scale = 1_000_000 / f["invoices"]
        floor, allowed = f["floor"] * scale, TARGET_RATIO * f["reference"] * scale
        note = "" if f["invoices"] == 1_000_000 else ", scaled linearly to 1M"
        out.append(
            f"{f['invoices']:,} invoices{note}: floor {floor:.2f} s against the "
            f"{TARGET_SECONDS:g} s target ({floor / TARGET_SECONDS:.1f}x over), and against "
            f"{TARGET_RATIO:g}x the reference loop, {allowed:.2f} s ({floor / allowed:.1f}x over)"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--json", action="store_true", help="print raw JSON lines only")
    parser.add_argument("--report", help="print the table of a file of saved --json lines")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if args.report:
        lines = Path(args.report).read_text().splitlines()
        figures = [json.loads(line) for line in lines if line]
    else:
        figures = []
        print(f"# Python {platform.python_version()} on {platform.machine()}", file=sys.stderr)
        for n in (int(s) for s in args.sizes.split(",")):
            command = [sys.executable, __file__, "--child", str(n)]
            done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
            if done.returncode:
                raise SystemExit(f"floor child for {n:,} invoices failed")
            for line in done.stdout.splitlines():
                if args.json:
                    print(line, flush=True)
                figures.append(json.loads(line))
        if args.json:
            return
    print(_table(figures))
    print()
    print("\n".join(_targets(figures)))


if __name__ == "__main__":
    main()

"""The columnar engine against ``regua.plan``, tables in memory, first run and daily run.

    python benchmarks/columnar.py                 # 100,000 invoices
    python benchmarks/columnar.py 10000 100000    # several sizes, each in this process

The portfolio is ``synthetic.py``'s (every invoice open, the issue's example schedule from
``run.py``), as the frames :func:`regua.frames.to_polars` makes of the models (what reading a
Parquet file of them gives); building them is not measured. ``first``: no history. ``daily``: the
history holds what the previous business day's run planned, recorded as delivered. Each line:
CPU seconds (best of 3 below 1M invoices, one run at 1M) of ``regua.columnar.plan`` (tables in,
validation included) and of ``regua.plan`` (models in, validated before the clock starts), the
actions planned, whether both planned the same action ids, and the share of customers the
columnar engine handed to the reference engine's per-customer evaluation.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from run import SCHEDULE
from synthetic import AS_OF, customer_rows, invoice_rows, n_customers

import regua
import regua.columnar
import regua.frames
from regua.batch import iter_validate
from regua.models import ContactRecord, Customer, Invoice, Outcome


def _cpu(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.process_time()
        result = work()
        best = min(best, time.process_time() - start)
    return best, result


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000]
    for n in sizes:
        customers = list(iter_validate(customer_rows(n_customers(n)), Customer))
        invoices = list(iter_validate(invoice_rows(n, open_only=True), Invoice))
        customer_table = regua.frames.to_polars(customers, Customer)
        invoice_table = regua.frames.to_polars(invoices, Invoice)
        friday = AS_OF - timedelta(days=3)
        cutoff = datetime.combine(AS_OF, datetime.min.time(), tzinfo=UTC)
        before = regua.plan(SCHEDULE, customers, invoices, as_of=friday)
        history = [a.record(Outcome.DELIVERED) for a in before.actions if a.window_start < cutoff]
        history_table = regua.frames.to_polars(history, ContactRecord)
        repeat = 1 if n >= 1_000_000 else 3
        for run, records, table in (("first", [], None), ("daily", history, history_table)):
            columnar_s, result = _cpu(
                partial(
                    regua.columnar.plan,
                    SCHEDULE,
                    customer_table,
                    invoice_table,
                    as_of=AS_OF,
                    history=table,
                ),
                repeat,
            )
            reference_s, reference = _cpu(
                partial(regua.plan, SCHEDULE, customers, invoices, as_of=AS_OF, history=records),
                repeat,
            )
            same = result.actions.get_column("id").to_list() == [a.id for a in reference.actions]
            print(
                f"{n:>9,} invoices {run:>5}: columnar {columnar_s:6.2f} s CPU,"
                f" regua.plan {reference_s:6.2f} s CPU, {result.actions.height:,} actions,"
                f" same ids {same}, customers to the reference evaluation"
                f" {result.evaluated:,} of {result.customers:,}"
                f" ({result.evaluated / result.customers:.0%})"
            )


if __name__ == "__main__":
    main()

"""The distributed recipe of docs/distributed.md on a local Dask cluster: planning and
profiling partition by partition gives exactly the single-process result."""

from __future__ import annotations

import importlib.util
import os
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from regua.batch import from_records
from regua.errors import InvalidInputError
from regua.frames import to_polars
from regua.models import Customer, Invoice
from regua.partition import (
    merge_by_customer,
    merge_columnar_plans,
    merge_plans,
    merge_profiles,
    partition_key,
    split_by_customer,
    split_table,
)
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices

rules = pytest.importorskip("regua.rules", reason="the engine's plan() is not importable yet")
scoring = pytest.importorskip("regua.scoring", reason="classify_portfolio is not importable yet")
dask = pytest.importorskip("dask")
distributed = pytest.importorskip("dask.distributed")

SCHEDULE: dict[str, Any] = {
    "name": "padrao",
    "calendar": {"country": "BR"},
    "steps": [
        {"id": "lembrete", "offset": -3, "channels": ["email"]},
        {"id": "vencimento", "offset": 0, "channels": ["whatsapp", "sms", "email"]},
        {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
        {"id": "d5", "offset": 5, "channels": ["email"], "when": {"profile": ["occasional"]}},
        {"id": "ligacao", "offset": 10, "action": "call_task", "channels": ["phone"]},
        {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["letter", "email"]},
        {
            "id": "protesto",
            "offset": 60,
            "action": "protest",
            "when": {"customer_kind": ["business"]},
        },
    ],
}


def _synthetic(n: int) -> tuple[list[Customer], list[Invoice]]:
    path = Path(__file__).parents[1] / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("regua_bench_synthetic", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    customers = from_records(module.customer_rows(module.n_customers(n)), Customer)
    return customers, from_records(module.invoice_rows(n), Invoice)


@cache
def _portfolio(name: str) -> tuple[list[Customer], list[Invoice], date]:
    if name == "sample":
        return sample_customers(), sample_invoices(), SAMPLE_AS_OF
    return (*_synthetic(2_000), date(2026, 3, 16))


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as dask_client,
    ):
        yield dask_client


@cache
def _whole(name: str) -> tuple[Any, Any]:
    customers, invoices, as_of = _portfolio(name)
    profiles = scoring.classify_portfolio(invoices, as_of=as_of)
    result = rules.plan(SCHEDULE, customers, invoices, as_of=as_of, profiles=profiles.profiles())
    return result, profiles


def _profile_and_plan(customers: list[Customer], invoices: list[Invoice], as_of: date) -> Any:
    """The per-partition task of the recipe: profile the partition's customers, then plan."""
    profiles = scoring.classify_portfolio(invoices, as_of=as_of)
    result = rules.plan(SCHEDULE, customers, invoices, as_of=as_of, profiles=profiles.profiles())
    return result, profiles


@pytest.mark.parametrize("name", ["sample", "synthetic"])
@pytest.mark.parametrize("n", [3, 8])
def test_partitioned_run_on_dask_equals_the_single_process_run(
    client: Any, name: str, n: int
) -> None:
    customers, invoices, as_of = _portfolio(name)
    whole_plan, whole_profiles = _whole(name)
    assert whole_plan.actions  # the comparison must be about something
    customer_parts = split_by_customer(customers, n, key="id")
    invoice_parts = split_by_customer(invoices, n)
    futures = [
        client.submit(_profile_and_plan, c, i, as_of, pure=False)
        for c, i in zip(customer_parts, invoice_parts, strict=True)
    ]
    results = client.gather(futures)
    merged_plan = merge_plans([plan for plan, _ in results])
    assert merged_plan == whole_plan
    assert [a.id for a in merged_plan.actions] == [a.id for a in whole_plan.actions]
    assert merge_profiles(profiles for _, profiles in results) == whole_profiles


def test_dask_delayed_with_the_threaded_scheduler_gives_the_same_plan() -> None:
    customers, invoices, as_of = _portfolio("synthetic")
    whole_plan, _ = _whole("synthetic")
    tasks = [
        dask.delayed(_profile_and_plan)(c, i, as_of)
        for c, i in zip(
            split_by_customer(customers, 4, key="id"), split_by_customer(invoices, 4), strict=True
        )
    ]
    results = dask.compute(*tasks, scheduler="threads", num_workers=2)
    assert merge_plans([plan for plan, _ in results]) == whole_plan


def test_partition_key_is_stable_crc32() -> None:
    # Pinned values: a change here would send customers to other partitions than data already
    # written partitioned by the key.
    assert [partition_key(f"c{k:02d}", 8) for k in range(1, 6)] == [
        zlib.crc32(f"c{k:02d}".encode()) % 8 for k in range(1, 6)
    ]
    assert partition_key("c01", 8) == 2
    assert partition_key("cliente-ção", 1000) == zlib.crc32("cliente-ção".encode()) % 1000
    assert partition_key(42, 5) == partition_key("42", 5)


def test_partition_key_spreads_customers_evenly() -> None:
    counts = [0] * 16
    for k in range(16_000):
        counts[partition_key(f"c{k:07d}", 16)] += 1
    assert min(counts) > 900
    assert max(counts) < 1_100


@pytest.mark.parametrize("n", [0, -2, 1.5, True])
def test_partition_count_must_be_a_positive_int(n: Any) -> None:
    with pytest.raises(InvalidInputError, match="n"):
        partition_key("c1", n)
    with pytest.raises(InvalidInputError, match="n"):
        split_by_customer([], n)


def test_split_keeps_input_order_and_loses_nothing() -> None:
    invoices = sample_invoices()
    parts = split_by_customer(invoices, 5)
    assert sorted(i.id for part in parts for i in part) == sorted(i.id for i in invoices)
    for k, part in enumerate(parts):
        assert all(partition_key(i.customer_id, 5) == k for i in part)
        assert part == [i for i in invoices if partition_key(i.customer_id, 5) == k]
    rows = [{"customer_id": "c1", "n": 1}, {"customer_id": "c2", "n": 2}]
    assert sum(map(len, split_by_customer(rows, 2))) == 2


def test_merge_orders_by_customer_and_keeps_each_customers_order() -> None:
    parts = [[("b", 1), ("b", 2), ("d", 1)], [("a", 9), ("c", 1), ("c", 0)]]
    merged = merge_by_customer(parts, key=lambda row: row[0])
    assert merged == [("a", 9), ("b", 1), ("b", 2), ("c", 1), ("c", 0), ("d", 1)]


def test_merge_plans_refuses_plans_of_different_days() -> None:
    customers, invoices = sample_customers(), sample_invoices()
    today = rules.plan(SCHEDULE, customers, invoices, as_of=SAMPLE_AS_OF)
    tomorrow = rules.plan(SCHEDULE, customers, invoices, as_of=date(2026, 3, 17))
    with pytest.raises(InvalidInputError, match=r"plans\[1\]\.as_of"):
        merge_plans([today, tomorrow])
    with pytest.raises(InvalidInputError, match="plans"):
        merge_plans([])


# --- the columnar engine on worker processes --------------------------------------------------

pl = pytest.importorskip("polars")
columnar = pytest.importorskip("regua.columnar")


@pytest.fixture(scope="module")
def process_client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as dask_client,
    ):
        yield dask_client


def _tables(name: str) -> tuple[Any, Any, date]:
    """The portfolio as tables, with rows validation refuses: an invoice of a negative amount,
    one of a customer that does not exist, a customer whose id appears twice."""
    customers, invoices, as_of = _portfolio(name)
    customer_table = to_polars(customers)
    invoice_table = to_polars(invoices).with_columns(
        pl.col("amount").cast(pl.String), pl.col("customer_id")
    )
    invoice_table = pl.concat(
        [
            invoice_table,
            invoice_table.head(2).with_columns(
                pl.Series("id", ["bad-amount", "no-customer"]),
                pl.Series("customer_id", [invoice_table["customer_id"][0], "nobody"]),
                pl.Series("amount", ["-1.00", "10.00"]),
            ),
        ]
    )
    customer_table = pl.concat([customer_table, customer_table.head(1)])
    return customer_table, invoice_table, as_of


def _history(actions: Any) -> Any:
    """Every action of a day as delivered: the contact history of the next day."""
    return actions.select(
        pl.col("id").alias("action_id"),
        "customer_id",
        "step_id",
        "invoice_ids",
        "channel",
        pl.col("window_start").alias("at"),
        pl.lit("delivered").alias("outcome"),
    )


def _rows_of(table: Any, n: int, key: str) -> list[list[int]]:
    """Each partition's rows as rows of the whole table (split_table keeps input order)."""
    parts = split_table(table.with_row_index("__row"), n, key=key)
    return [part.get_column("__row").to_list() for part in parts]


@pytest.mark.parametrize("name", ["sample", "synthetic"])
def test_columnar_plans_on_worker_processes_equal_the_single_process_tables(
    process_client: Any, name: str
) -> None:
    n = 3
    customers, invoices, as_of = _tables(name)
    day2 = as_of + timedelta(days=1)
    whole = columnar.plan(SCHEDULE, customers, invoices, as_of=as_of, skip_detail=True)
    history = _history(whole.actions)
    whole2 = columnar.plan(
        SCHEDULE, customers, invoices, as_of=day2, history=history, skip_detail=True
    )
    assert whole.actions.height > 0
    assert whole.rejects.height >= 3
    assert whole2.skipped.height > 0

    customer_parts = split_table(customers, n, key="id")
    invoice_parts = split_table(invoices, n)
    history_parts = split_table(history, n)
    first = [
        process_client.submit(
            columnar.plan, SCHEDULE, c, i, as_of=as_of, skip_detail=True, pure=False
        )
        for c, i in zip(customer_parts, invoice_parts, strict=True)
    ]
    daily = [
        process_client.submit(
            columnar.plan, SCHEDULE, c, i, as_of=day2, history=h, skip_detail=True, pure=False
        )
        for c, i, h in zip(customer_parts, invoice_parts, history_parts, strict=True)
    ]
    rows = {
        "customers": _rows_of(customers, n, "id"),
        "invoices": _rows_of(invoices, n, "customer_id"),
    }
    for futures, single in ((first, whole), (daily, whole2)):
        merged = merge_columnar_plans(process_client.gather(futures))
        assert merged.actions.equals(single.actions)
        assert merged.skipped.equals(single.skipped)
        assert merged.skip_detail.equals(single.skip_detail)
        assert (merged.customers, merged.evaluated) == (single.customers, single.evaluated)
        back = [
            (table, rows[table][part][row], field, reason)
            for part, table, row, field, reason in merged.rejects.select(
                "partition", "table", "row", "field", "reason"
            ).iter_rows()
        ]
        assert sorted(back) == sorted(single.rejects.iter_rows())


def test_columnar_tasks_run_in_worker_processes(process_client: Any) -> None:
    here = os.getpid()
    pids = set(process_client.run(os.getpid).values())
    assert len(pids) == 2
    assert here not in pids


def test_split_table_keeps_order_and_loses_nothing() -> None:
    invoices = to_polars(sample_invoices())
    parts = split_table(invoices, 5)
    assert sum(part.height for part in parts) == invoices.height
    for k, part in enumerate(parts):
        ids = part.get_column("customer_id").to_list()
        assert all(partition_key(c, 5) == k for c in ids)
        assert part.equals(invoices.filter(pl.col("customer_id").is_in(set(ids))))
    # pandas and pyarrow tables split the same; a null key goes to partition 0
    assert [p.height for p in split_table(invoices.to_pandas(), 5)] == [p.height for p in parts]
    assert [p.height for p in split_table(invoices.to_arrow(), 5)] == [p.height for p in parts]
    nulls = pl.DataFrame({"customer_id": [None, "c01"]}, schema={"customer_id": pl.String})
    assert [p.height for p in split_table(nulls, 8)] == [1, 0, 1, 0, 0, 0, 0, 0]
    assert split_table(pl.DataFrame({"customer_id": [7]}), 4)[partition_key(7, 4)].height == 1


@pytest.mark.parametrize(
    ("table", "key", "field"),
    [
        ({"customer_id": ["c1"]}, "id", "key"),
        ({"customer_id": [1.5]}, "customer_id", "customer_id"),
        ([{"customer_id": "c1"}], "customer_id", "table"),
    ],
)
def test_split_table_refuses_what_it_cannot_split(table: Any, key: str, field: str) -> None:
    value = pl.DataFrame(table) if isinstance(table, dict) else table
    with pytest.raises(InvalidInputError, match=rf"^{field}: "):
        split_table(value, 2, key=key)


def test_merge_columnar_plans_refuses_plans_of_different_days() -> None:
    customers = to_polars(sample_customers())
    invoices = to_polars(sample_invoices())
    today = columnar.plan(SCHEDULE, customers, invoices, as_of=SAMPLE_AS_OF)
    tomorrow = columnar.plan(SCHEDULE, customers, invoices, as_of=date(2026, 3, 17))
    with pytest.raises(InvalidInputError, match=r"plans\[1\]\.as_of"):
        merge_columnar_plans([today, tomorrow])
    with pytest.raises(InvalidInputError, match="plans"):
        merge_columnar_plans([])

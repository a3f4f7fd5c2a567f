"""The distributed recipe of docs/distributed.md on a local Dask cluster: planning and
profiling partition by partition gives exactly the single-process result."""

from __future__ import annotations

import importlib.util
import zlib
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from regua.batch import from_records
from regua.errors import InvalidInputError
from regua.models import Customer, Invoice
from regua.partition import (
    merge_by_customer,
    merge_plans,
    merge_profiles,
    partition_key,
    split_by_customer,
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

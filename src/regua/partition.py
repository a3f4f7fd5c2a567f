"""Partitioning a portfolio by customer, for running regua on many processes or machines.

Every decision regua takes is per customer: ``plan`` consolidates, caps and orders one
customer's invoices, and ``classify_portfolio`` profiles one customer's history. So a portfolio
split by customer, planned partition by partition (on Dask, Spark, a job queue), and merged
back gives exactly what one process gives. This module holds the pure pieces of that recipe
(no Dask import; see ``docs/distributed.md``):

- :func:`partition_key` sends a customer to one of ``n`` partitions with a hash that is the
  same in every process, on every machine and every Python version (CRC-32 of the UTF-8 id;
  Python's own ``hash`` of a string changes from process to process);
- :func:`split_by_customer` splits in-memory rows or models by that key;
- :func:`merge_plans` and :func:`merge_profiles` put partition results back in the order a
  single-process run gives (customers by id; each customer's own rows in their original order);
- :func:`split_table` and :func:`merge_columnar_plans` do the same for tables and the results
  of :func:`regua.columnar.plan` (they need ``regua[polars]``).

>>> from regua.samples import sample_customers
>>> parts = split_by_customer(sample_customers(), 3, key="id")
>>> [[c.id for c in part] for part in parts]
[['c01', 'c04', 'c05', 'c06', 'c10'], ['c02', 'c03', 'c12'], ['c07', 'c08', 'c09', 'c11']]
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from regua._inputs import many
from regua.errors import InvalidInputError
from regua.limits import MAX_ID_CHARS, MAX_PARTITIONS, quote

if TYPE_CHECKING:
    from regua.columnar import ColumnarPlan
    from regua.rules import Plan
    from regua.scoring import ProfileTable

__all__ = [
    "merge_by_customer",
    "merge_columnar_plans",
    "merge_plans",
    "merge_profiles",
    "partition_key",
    "split_by_customer",
    "split_table",
]

T = TypeVar("T")


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_PARTITIONS:
        raise InvalidInputError(
            "n", f"must be a whole number from 1 to {MAX_PARTITIONS}, got {quote(n)}"
        )


def partition_key(customer_id: str | int, n: int) -> int:
    """The partition (``0 .. n-1``) of a customer: CRC-32 of its id modulo ``n``.

    Integer ids are taken as their decimal string, as the models do, so ``7`` and ``"7"`` land
    together. The value never changes between runs or machines, so data written partitioned by
    it (one Parquet directory per key, a database column) can be read back per partition.

    >>> partition_key("c01", 8), partition_key(7, 4) == partition_key("7", 4)
    (2, True)
    """
    _check_n(n)
    if isinstance(customer_id, bool) or not isinstance(customer_id, str | int):
        raise InvalidInputError("customer_id", f"expected a str or int, got {quote(customer_id)}")
    if isinstance(customer_id, int) and customer_id.bit_length() > 4 * MAX_ID_CHARS:
        raise InvalidInputError("customer_id", f"{quote(customer_id)} is too long an id")
    text = str(customer_id)
    if len(text) > MAX_ID_CHARS:
        raise InvalidInputError(
            "customer_id", f"{quote(text)} is longer than {MAX_ID_CHARS} characters"
        )
    return _partition(text, n)


def _partition(text: str, n: int) -> int:
    return zlib.crc32(text.encode("utf-8")) % n


def _getter(key: str | Callable[[Any], Any]) -> Callable[[Any], Any]:
    if callable(key):
        return key
    by_attribute, by_item = attrgetter(key), itemgetter(key)
    return lambda item: by_item(item) if isinstance(item, Mapping) else by_attribute(item)


def split_by_customer(
    items: Iterable[T], n: int, *, key: str | Callable[[T], Any] = "customer_id"
) -> list[list[T]]:
    """Split ``items`` into ``n`` lists by :func:`partition_key` of their customer id.

    ``key`` names the attribute or mapping key holding the customer id (``"customer_id"`` for
    invoices, contact records and agreements; ``"id"`` for customers) or is a function of the
    item. Items keep their input order within each partition; nothing is copied.
    """
    _check_n(n)
    get = _getter(key)
    parts: list[list[T]] = [[] for _ in range(n)]
    for item in many(items, "rows or models", "items"):
        parts[partition_key(get(item), n)].append(item)
    return parts


def merge_by_customer(
    parts: Iterable[Iterable[T]], *, key: str | Callable[[T], Any] = "customer_id"
) -> list[T]:
    """Concatenate per-partition results and order them by customer id, as one process would.

    The sort is stable and each customer's rows come from one partition, so a customer's own
    rows keep the order the engine gave them.
    """
    return _merged(parts, key, "parts")


def _merged(parts: Iterable[Iterable[T]], key: str | Callable[[T], Any], param: str) -> list[T]:
    get = _getter(key)
    rows = (
        item
        for i, part in enumerate(many(parts, "partition results", param))
        for item in many(part, "rows or models", f"{param}[{i}]")
    )
    return sorted(rows, key=lambda item: str(get(item)))


def merge_plans(plans: Sequence[Plan]) -> Plan:
    """One :class:`~regua.rules.Plan` from the plans of disjoint customer partitions.

    Equal to the plan of the whole portfolio in one process (same actions, same skips, same
    order), provided every partition was planned with the same schedule, ``as_of`` and inputs.
    """
    from regua.rules import NotApplicable, Plan

    plans = list(many(plans, Plan, "plans"))
    if not plans:
        raise InvalidInputError("plans", "at least one plan is required")
    as_of = plans[0].as_of
    for i, part in enumerate(plans):
        if part.as_of != as_of or type(part.as_of) is not type(as_of):
            raise InvalidInputError(f"plans[{i}].as_of", f"{part.as_of!r} differs from {as_of!r}")
    counts: dict[tuple[str, str], int] = {}
    for part in plans:
        for row in part.not_applicable:
            key = (row.step_id, row.condition)
            counts[key] = counts.get(key, 0) + row.invoices
    return Plan(
        as_of=as_of,
        actions=tuple(merge_by_customer(p.actions for p in plans)),
        skipped=tuple(merge_by_customer(p.skipped for p in plans)),
        not_applicable=tuple(
            NotApplicable(step_id, condition, n)
            for (step_id, condition), n in sorted(counts.items())
        ),
        exhausted=tuple(merge_by_customer(p.exhausted for p in plans)),
    )


def merge_profiles(tables: Iterable[ProfileTable]) -> ProfileTable:
    """One :class:`~regua.scoring.ProfileTable` from the tables of disjoint customer partitions."""
    from regua.scoring import ProfileTable

    return ProfileTable(_merged(tables, "customer_id", "tables"))


def _polars() -> Any:
    import regua.columnar  # noqa: F401  (its ImportError names the extra to install)

    return importlib.import_module("polars")


def split_table(table: Any, n: int, *, key: str = "customer_id") -> list[Any]:
    """Split a table into ``n`` polars DataFrames by :func:`partition_key` of column ``key``.

    ``table`` is a polars or pandas DataFrame or a pyarrow Table; ``key`` is ``"customer_id"``
    for invoices, contact history and agreements, ``"id"`` for customers. Rows keep their input
    order within each partition, so a row's place in its partition is its place among the input
    rows of that partition. A row with no key, or a key no customer could have (an over-long
    one), still goes to the partition of its key's text (a null key: partition 0), where
    :func:`regua.columnar.plan` rejects it as one process would.

    >>> from regua.frames import to_polars
    >>> from regua.samples import sample_invoices
    >>> parts = split_table(to_polars(sample_invoices()), 3)
    >>> [sorted(set(part.get_column("customer_id"))) for part in parts][1]
    ['c02', 'c03', 'c12']
    """
    _check_n(n)
    pl = _polars()
    frame = _polars_frame(pl, table)
    if key not in frame.columns:
        raise InvalidInputError("key", f"the table has no column {quote(key)}")
    ids = frame.get_column(key)
    if not (ids.dtype.is_integer() or ids.dtype in (pl.String, pl.Categorical, pl.Null)):
        raise InvalidInputError(key, f"expected text or integer ids, got a {ids.dtype} column")
    text = ids.cast(pl.String)
    where = {value: _partition(value, n) for value in text.drop_nulls().unique().to_list()}
    part = text.replace_strict(where, default=0, return_dtype=pl.Int64).fill_null(0)
    groups = frame.with_columns(part.alias("__part")).partition_by(
        "__part", as_dict=True, maintain_order=True, include_key=False
    )
    empty = frame.clear()
    return [groups.get((k,), empty) for k in range(n)]


def _polars_frame(pl: Any, table: Any) -> Any:
    if isinstance(table, pl.DataFrame):
        return table
    module = type(table).__module__.split(".")[0]
    if module == "pyarrow":
        return pl.from_arrow(table)
    if module == "pandas":
        return pl.from_pandas(table)
    raise InvalidInputError(
        "table",
        f"expected a polars or pandas DataFrame or a pyarrow Table, got {type(table).__name__}",
    )


def merge_columnar_plans(plans: Sequence[ColumnarPlan]) -> ColumnarPlan:
    """One :class:`~regua.columnar.ColumnarPlan` from the plans of :func:`split_table`'s
    partitions, given in partition order.

    ``actions``, ``skipped`` and ``skip_detail`` are the tables one process gives for the whole
    portfolio (customers in id order, each customer's rows in the engine's order; skip counts
    summed), provided every partition was planned with the same schedule, ``as_of`` and
    options. ``rejects`` gets a first column ``partition``: a rejected row's ``row`` counts the
    rows of its partition's table.
    """
    from regua.columnar import ColumnarPlan

    pl = _polars()
    plans = list(many(plans, ColumnarPlan, "plans"))
    if not plans:
        raise InvalidInputError("plans", "at least one plan is required")
    as_of = plans[0].as_of
    for i, part in enumerate(plans):
        if part.as_of != as_of or type(part.as_of) is not type(as_of):
            raise InvalidInputError(f"plans[{i}].as_of", f"{part.as_of!r} differs from {as_of!r}")
    details = [part.skip_detail for part in plans]
    if any(detail is None for detail in details) and not all(d is None for d in details):
        raise InvalidInputError("plans", "some plans have a skip_detail table and some do not")
    return ColumnarPlan(
        as_of=as_of,
        actions=_by_customer(pl, [part.actions for part in plans]),
        skipped=pl.concat([part.skipped for part in plans])
        .group_by("step_id", "code")
        .agg(pl.col("entries").sum(), pl.col("invoices").sum())
        .sort("step_id", "code"),
        skip_detail=None if details[0] is None else _by_customer(pl, details),
        rejects=pl.concat(
            [
                part.rejects.select(pl.lit(k, dtype=pl.Int64).alias("partition"), pl.all())
                for k, part in enumerate(plans)
            ]
        ),
        customers=sum(part.customers for part in plans),
        evaluated=sum(part.evaluated for part in plans),
        not_applicable=pl.concat([part.not_applicable for part in plans])
        .group_by("step_id", "condition")
        .agg(pl.col("invoices").sum())
        .sort("step_id", "condition"),
        exhausted=pl.concat([part.exhausted for part in plans]).sort(
            "customer_id", maintain_order=True
        ),
    )


def _by_customer(pl: Any, frames: list[Any]) -> Any:
    # Money columns may differ in scale between partitions (a partition without a 3-place
    # currency has 2 places); the relaxed concat takes the largest, as one process would.
    return pl.concat(frames, how="vertical_relaxed").sort("customer_id", maintain_order=True)

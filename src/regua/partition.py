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
  single-process run gives (customers by id; each customer's own rows in their original order).

>>> from regua.samples import sample_customers
>>> parts = split_by_customer(sample_customers(), 3, key="id")
>>> [[c.id for c in part] for part in parts]
[['c01', 'c04', 'c05', 'c06', 'c10'], ['c02', 'c03', 'c12'], ['c07', 'c08', 'c09', 'c11']]
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from regua.errors import InvalidInputError
from regua.limits import MAX_ID_CHARS, MAX_PARTITIONS, quote
from regua.models._inputs import many

if TYPE_CHECKING:
    from regua.rules import Plan
    from regua.scoring import ProfileTable

__all__ = [
    "merge_by_customer",
    "merge_plans",
    "merge_profiles",
    "partition_key",
    "split_by_customer",
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
    from regua.rules import Plan

    plans = list(many(plans, Plan, "plans"))
    if not plans:
        raise InvalidInputError("plans", "at least one plan is required")
    as_of = plans[0].as_of
    for i, part in enumerate(plans):
        if part.as_of != as_of or type(part.as_of) is not type(as_of):
            raise InvalidInputError(f"plans[{i}].as_of", f"{part.as_of!r} differs from {as_of!r}")
    return Plan(
        as_of=as_of,
        actions=tuple(merge_by_customer(p.actions for p in plans)),
        skipped=tuple(merge_by_customer(p.skipped for p in plans)),
    )


def merge_profiles(tables: Iterable[ProfileTable]) -> ProfileTable:
    """One :class:`~regua.scoring.ProfileTable` from the tables of disjoint customer partitions."""
    from regua.scoring import ProfileTable

    return ProfileTable(_merged(tables, "customer_id", "tables"))

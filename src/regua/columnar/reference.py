"""The per-customer seam to the reference engine: the customers the columns hand over.

The columns do the portfolio-wide work (validation, balances at each customer's local date,
which invoices have a step newly due, the history index); each customer with something newly
due is then decided by :class:`regua.rules.engine.Engine`, the specification, from compact
records built straight from the columns (no model is validated on the way). What it decides
is what :func:`regua.plan` decides, by construction; the differential test
(``tests/test_columnar_equivalence.py``) holds the columns' part to it.

A customer reaches the engine as a :class:`CustomerView`: the attributes the engine reads of a
:class:`~regua.models.Customer` (a view per customer, its channel sets shared among the
customers who have the same ones).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from regua.models import Action, Channel, Customer, CustomerKind
from regua.rules import evaluation
from regua.rules.records import OpenInvoice, Record
from regua.rules.results import Skipped
from regua.rules.schedule import CatchUp
from regua.rules.state import Engine

__all__ = ["RECORD_FIELDS", "CustomerView", "evaluate", "is_exhausted", "is_fresh"]

#: The fields of the engine's record, in order; the columns build records in this layout.
RECORD_FIELDS = (
    "id",
    "due",
    "balance",
    "currency",
    "disputed",
    "agreement_id",
    "tags",
    "fresh",
)
if OpenInvoice._fields != RECORD_FIELDS:  # pragma: no cover - a change of the engine's record
    raise ImportError(f"regua.columnar builds records {RECORD_FIELDS}, not {OpenInvoice._fields}")


class CustomerView:
    """What the engine reads of a customer, without validating a model per customer."""

    __slots__ = (
        "contacts",
        "dunning_block_reason",
        "dunning_blocked",
        "dunning_paused_until",
        "id",
        "kind",
        "opt_outs",
        "preferred_channels",
        "state",
        "tags",
        "timezone",
    )

    def __init__(
        self,
        id: str,
        kind: CustomerKind,
        contacts: dict[Channel, str],
        preferred_channels: tuple[Channel, ...],
        opt_outs: frozenset[Channel],
        timezone: str,
        state: str | None,
        tags: frozenset[str],
        dunning_paused_until: date | None = None,
        dunning_blocked: bool = False,
        dunning_block_reason: str | None = None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.contacts = contacts
        self.preferred_channels = preferred_channels
        self.opt_outs = opt_outs
        self.timezone = timezone
        self.state = state
        self.tags = tags
        self.dunning_paused_until = dunning_paused_until
        self.dunning_blocked = dunning_blocked
        self.dunning_block_reason = dunning_block_reason

    def reachable_channels(self) -> tuple[Channel, ...]:
        """As :meth:`regua.models.Customer.reachable_channels` (the same function)."""
        return Customer.reachable_channels(cast(Customer, self))


def is_fresh(engine: Engine, due: int, day: int, fired: tuple[str, ...]) -> bool:
    """Whether a step is newly due (due by ``day``, not recorded, not passed) for an open
    invoice due on ``due`` with the steps ``fired`` recorded: the test
    :func:`regua.rules.engine.group_records` makes as it reads each invoice."""
    compiled = engine.compiled
    if compiled.anchored:  # as the reference's intake: every open invoice is decided
        return True
    if not fired:
        return compiled.earliest_from(due)[0] <= day
    if not compiled.repeating.isdisjoint(fired):
        return True  # the reference selection decides whether a repetition is due
    if engine.schedule.catch_up is CatchUp.ALL:
        return any(
            step_day <= day and step.id not in fired
            for step, step_day in zip(compiled.steps, compiled.step_dates(due), strict=True)
        )
    indexes = [compiled.index_of.get(step_id, -1) for step_id in fired]
    if compiled.reorders:
        ranks = compiled.order(due)[1]
        indexes = [ranks[k] if k >= 0 else -1 for k in indexes]
    return compiled.earliest_from(due)[max(indexes) + 1] <= day


def is_exhausted(engine: Engine, due: int, day: int, fired: tuple[str, ...]) -> bool:
    """Whether the ladder of an open invoice with nothing newly due (not :func:`is_fresh`) is
    exhausted: under ``all`` every step is recorded, otherwise the last one it meets is; the
    test :func:`regua.rules.engine.group_records` makes beside freshness."""
    compiled = engine.compiled
    if not fired or is_fresh(engine, due, day, fired):
        return False
    index_of = compiled.index_of  # the ladder's steps (a triggered one is off it)
    if engine.schedule.catch_up is CatchUp.ALL:
        return all(step_id in fired for step_id in index_of)
    indexes = [index_of.get(step_id, -1) for step_id in fired]
    if compiled.reorders:
        ranks = compiled.order(due)[1]
        indexes = [ranks[k] if k >= 0 else -1 for k in indexes]
        return max(indexes) == len(index_of) - 1
    return max(indexes) == max(index_of.values(), default=-1)


def evaluate(
    engine: Engine, customers: list[CustomerView], records: dict[str, list[Record]]
) -> tuple[list[Action], list[Skipped]]:
    """The engine's actions and skips for ``customers`` (in id order) and their records."""
    actions: list[Action] = []
    skipped: list[Skipped] = []
    for customer in customers:
        got, held = evaluation.evaluate(engine, cast(Customer, customer), records[customer.id])
        actions.extend(got)
        skipped.extend(held)
    return actions, skipped


def views(pl: Any, customers: Any) -> list[CustomerView]:
    """The customers as the engine reads them, in id order; equal channel sets shared."""
    cache: dict[tuple[str, Any], Any] = {}

    def shared(name: str, key: Any, make: Callable[[Any], Any]) -> Any:
        found = cache.get((name, key))
        if found is None:
            found = cache[(name, key)] = make(key)
        return found

    views = []
    rows = customers.sort("id").select(
        "id",
        "kind",
        "contacts",
        "preferred_channels",
        "opt_outs",
        "timezone",
        "state",
        "tags",
        "dunning_paused_until",
        "dunning_blocked",
        "dunning_block_reason",
    )
    for (
        id_,
        kind,
        contacts,
        preferred,
        opt_outs,
        timezone,
        state,
        tags,
        paused_until,
        blocked,
        block_reason,
    ) in rows.iter_rows():
        views.append(
            CustomerView(
                id_,
                shared("kind", kind, CustomerKind),
                shared("contacts", tuple(entry["key"] for entry in contacts), _address_book),
                shared("preferred", tuple(preferred), _channel_tuple),
                shared("opt_outs", tuple(opt_outs), _channel_set),
                timezone,
                state,
                shared("tags", tuple(tags), frozenset),
                paused_until,
                blocked,
                block_reason,
            )
        )
    return views


def _address_book(channels: tuple[str, ...]) -> dict[Channel, str]:
    # The engine reads which channels have an address, not the address.
    return {Channel(channel): "" for channel in channels}


def _channel_tuple(channels: tuple[str, ...]) -> tuple[Channel, ...]:
    return tuple(map(Channel, channels))


def _channel_set(channels: tuple[str, ...]) -> frozenset[Channel]:
    return frozenset(map(Channel, channels))

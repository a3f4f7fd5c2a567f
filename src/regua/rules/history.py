"""The history a host passes to ``plan``, indexed per customer for the engine.

A step has fired for an invoice when any ``ContactRecord`` for that step lists the invoice,
whatever its outcome (the host tried; a failed send is still recorded as done, so the next step
escalates instead of the same one repeating). Delivery (``Outcome.reached_customer``) is kept
separately, since the notice before a listing needs proof of delivery. A repeating step reads
the latest record too (``latest``, kept only where it is later than the first). Contacts for
caps are counted once per action id with a channel, on the day of its first record; the latest
``opted_out`` record starts a pause (``Limits.pause_days_after_opt_out``). Records are taken as
given, including ones dated after ``as_of`` (a record means the host committed to the action).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from regua._inputs import as_models
from regua.models import ContactRecord, Outcome

__all__ = ["NO_HISTORY", "CustomerHistory", "add_record", "index_history", "last_record"]


@dataclass(slots=True)
class CustomerHistory:
    """A customer's history: first record per invoice and step, first contact per action.

    ``latest``: the latest record per invoice and step, only where it is later than the first.
    """

    fired: dict[str, dict[str, datetime]] = field(default_factory=dict)
    latest: dict[str, dict[str, datetime]] = field(default_factory=dict)
    reached: dict[str, dict[str, datetime]] = field(default_factory=dict)
    contacts: dict[str, datetime] = field(default_factory=dict)
    opted_out: datetime | None = None


_REACHED = frozenset(outcome for outcome in Outcome if outcome.reached_customer)

#: The history of a customer with no records (shared, never mutated).
NO_HISTORY = CustomerHistory()


def add_record(index: dict[str, CustomerHistory], record: ContactRecord) -> None:
    """Index one record: earliest record per invoice and step, first contact per action id."""
    customer_id = record.customer_id
    entry = index.get(customer_id)
    if entry is None:
        entry = index[customer_id] = CustomerHistory()
    at = record.at
    step_id = record.step_id
    outcome = record.outcome
    reached = outcome in _REACHED
    fired, delivered = entry.fired, entry.reached
    for invoice_id in record.invoice_ids:
        steps = fired.get(invoice_id)
        got = delivered.get(invoice_id) if reached else None
        if steps is None:
            steps = fired[invoice_id] = {step_id: at}
            if reached and got is None:
                # Usually an invoice's first record was delivered: one dict serves both
                # indexes until either changes (see _own), halving the memory of a daily
                # run's history.
                delivered[invoice_id] = steps
                continue
        elif step_id not in steps:
            _own(fired, delivered, invoice_id)[step_id] = at
        elif at != steps[step_id]:
            earliest = steps[step_id]
            if at < earliest:
                _own(fired, delivered, invoice_id)[step_id] = at
            later = entry.latest.setdefault(invoice_id, {})
            later[step_id] = max(at, later.get(step_id, earliest))
        if reached:
            if got is None:
                delivered[invoice_id] = {step_id: at}
            elif step_id not in got or at < got[step_id]:
                _own(delivered, fired, invoice_id)[step_id] = at
    if outcome is Outcome.OPTED_OUT and (entry.opted_out is None or at > entry.opted_out):
        entry.opted_out = at
    if record.channel is not None:
        action_id = record.action_id
        first = entry.contacts.get(action_id)
        if first is None or at < first:
            entry.contacts[action_id] = at


def last_record(history: CustomerHistory, invoice_id: str, step_id: str) -> datetime | None:
    """The latest record of ``step_id`` for ``invoice_id`` (None: never recorded)."""
    later = history.latest.get(invoice_id)
    if later is not None and step_id in later:
        return later[step_id]
    return history.fired.get(invoice_id, {}).get(step_id)


def _own(
    index: dict[str, dict[str, datetime]], other: dict[str, dict[str, datetime]], invoice_id: str
) -> dict[str, datetime]:
    """``index[invoice_id]``, copied first when ``other`` shares it, so it can be changed."""
    steps = index[invoice_id]
    if other.get(invoice_id) is steps:
        steps = index[invoice_id] = dict(steps)
    return steps


def index_history(
    records: Iterable[ContactRecord | Mapping[str, Any]],
) -> dict[str, CustomerHistory]:
    """Index every record by customer id (mappings are validated as ``ContactRecord``)."""
    index: dict[str, CustomerHistory] = {}
    for record in as_models(records, ContactRecord, "history"):
        add_record(index, record)
    return index

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


#: The history of a customer with no records (shared, never mutated).
NO_HISTORY = CustomerHistory()


def add_record(index: dict[str, CustomerHistory], record: ContactRecord) -> None:
    """Index one record: earliest record per invoice and step, first contact per action id."""
    entry = index.get(record.customer_id)
    if entry is None:
        entry = index[record.customer_id] = CustomerHistory()
    at, step_id = record.at, record.step_id
    for invoice_id in record.invoice_ids:
        first = entry.fired.get(invoice_id, {}).get(step_id)
        _earliest(entry.fired, invoice_id, step_id, at)
        if first is not None and at != first:  # the step recorded again: keep the latest
            later = entry.latest.setdefault(invoice_id, {})
            later[step_id] = max(at, later.get(step_id, first))
        if record.outcome.reached_customer:
            _earliest(entry.reached, invoice_id, step_id, at)
    if record.outcome is Outcome.OPTED_OUT and (entry.opted_out is None or at > entry.opted_out):
        entry.opted_out = at
    if record.channel is not None:
        first_contact = entry.contacts.get(record.action_id)
        if first_contact is None or at < first_contact:
            entry.contacts[record.action_id] = at


def _earliest(
    index: dict[str, dict[str, datetime]], invoice_id: str, step_id: str, at: datetime
) -> None:
    """Keep ``at`` as the record of ``step_id`` for ``invoice_id`` when it is the earliest."""
    steps = index.setdefault(invoice_id, {})
    if step_id not in steps or at < steps[step_id]:
        steps[step_id] = at


def last_record(history: CustomerHistory, invoice_id: str, step_id: str) -> datetime | None:
    """The latest record of ``step_id`` for ``invoice_id`` (None: never recorded)."""
    later = history.latest.get(invoice_id)
    if later is not None and step_id in later:
        return later[step_id]
    return history.fired.get(invoice_id, {}).get(step_id)


def index_history(
    records: Iterable[ContactRecord | Mapping[str, Any]],
) -> dict[str, CustomerHistory]:
    """Index every record by customer id (mappings are validated as ``ContactRecord``)."""
    index: dict[str, CustomerHistory] = {}
    for record in as_models(records, ContactRecord, "history"):
        add_record(index, record)
    return index

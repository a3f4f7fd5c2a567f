"""Stable action ids: the same pending step on the same invoices gets the same id on every run.

The id hashes the schedule name, the step id, the customer, the currency and the sorted invoice
ids, each length-prefixed (``regua._fields.encode_fields``: no two different field sequences
give the same text), so a host can deduplicate sends (and fees) on it. It deliberately leaves
out the date, the channel and the schedule version: replaying a day, or re-planning after a
channel change, gives the same id until the host records a ``ContactRecord`` carrying it.

A repetition of a repeating step (``Step.repeat``) hashes its number with the step id, after a
control character no step id can hold, so each repetition has its own id and none can equal
the id of another step's action.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from regua._fields import encode_fields

__all__ = ["action_id", "hashed_id", "id_of_text", "id_prefix", "repetition_prefix"]


def action_id(
    schedule: str, step_id: str, customer_id: str, currency: str, invoice_ids: Iterable[str]
) -> str:
    """``"act_"`` + 24 hex digits of SHA-256 over the identifying fields.

    >>> action_id("padrao", "d1", "c1", "BRL", ["i2", "i1"]) == action_id(
    ...     "padrao", "d1", "c1", "BRL", ["i1", "i2"])
    True
    >>> action_id("padrao", "d1", "c1", "BRL", ["i1"])
    'act_...'
    """
    text = encode_fields((schedule, step_id, customer_id, currency, *sorted(invoice_ids)))
    return "act_" + hashlib.sha256(text.encode()).hexdigest()[:24]


def id_prefix(schedule: str, step_id: str) -> str:
    """The start of the hashed text of every action id of a step (computed once per run)."""
    return encode_fields((schedule, step_id))


def repetition_prefix(schedule: str, step_id: str, repetition: int) -> str:
    """:func:`id_prefix` of repetition ``repetition`` (1, 2, ...) of a repeating step.

    >>> repetition_prefix("padrao", "d5", 2) != id_prefix("padrao", "d5")
    True
    """
    return encode_fields((schedule, f"{step_id}\x1f{repetition}"))


def hashed_id(prefix: str, customer_id: str, currency: str, sorted_ids: Sequence[str]) -> str:
    """``action_id`` from the step's :func:`id_prefix` and the invoice ids already sorted
    (at least one), without building the field tuple.

    >>> hashed_id(id_prefix("padrao", "d1"), "c1", "BRL", ["i1", "i2"]) == action_id(
    ...     "padrao", "d1", "c1", "BRL", ["i2", "i1"])
    True
    """
    return id_of_text(prefix + encode_fields((customer_id, currency, *sorted_ids)))


def id_of_text(text: str) -> str:
    """The action id of its hashed text (what :func:`hashed_id` builds; ``regua.columnar``
    builds the same texts on columns).

    >>> id_of_text("6:padrao2:d12:c13:BRL2:i1") == action_id("padrao", "d1", "c1", "BRL", ["i1"])
    True
    """
    return "act_" + hashlib.sha256(text.encode()).hexdigest()[:24]

"""The txid regua puts in an action's Pix code, and the way back from a payment to the action.

``txid_for`` is ``RG`` followed by 23 upper-case hex digits of a SHA-256 of the action's id: the
same action always gets the same txid, on any machine, and the txid stays inside the BR Code's
alphabet and length (25 letters and digits) whatever the id holds. 92 bits make two actions
sharing a txid practically impossible (a collision is expected only after about 7·10¹³ actions).

A payment notification carries the txid back; :func:`find_by_txid` finds the action (or the
:class:`~regua.models.ContactRecord` the host kept for it, which carries the same id and the
invoices) among the ones the host passes. Upper and lower case are not told apart, since some
banks change the case of the txid they report. Both functions take the models or their mappings
(what a host reloads from JSON; a mapping with an ``action_id`` is a contact record).

>>> from regua.models import ContactRecord
>>> record = ContactRecord(action_id="act_1", customer_id="c1", step_id="d+3",
...                        invoice_ids=("NF-1", "NF-2"), at="2026-03-10T12:00:00Z")
>>> txid_for(record)
'RG901326644743BCD57F4CC5F'
>>> find_by_txid("rg901326644743bcd57f4cc5f", [record]).invoice_ids
('NF-1', 'NF-2')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from regua._inputs import as_model, many
from regua.errors import InvalidInputError
from regua.limits import quote
from regua.models import Action, ContactRecord

__all__ = ["TXID_PREFIX", "find_by_txid", "txid_for"]

TXID_PREFIX = "RG"
"""Marks a txid regua made, so a host can tell its payments from others at a glance."""

_Candidate = Action | ContactRecord | str


def _candidate(value: object, field: str) -> _Candidate:
    if isinstance(value, Action | ContactRecord):
        return value
    if isinstance(value, str) and value:
        return str.__str__(value)
    if isinstance(value, Mapping):
        if "action_id" in value:
            return as_model(value, ContactRecord, field)
        return as_model(value, Action, field)
    got = "None" if value is None else f"{type(value).__name__} {quote(value)}"
    raise InvalidInputError(
        field,
        f"expected an Action, a ContactRecord, a mapping of either or an action id, got {got}",
    )


def _action_id(candidate: _Candidate) -> str:
    if isinstance(candidate, Action):
        return candidate.id
    if isinstance(candidate, ContactRecord):
        return candidate.action_id
    return candidate


def _txid(action_id: str) -> str:
    # The id is hashed alone, so its encoding is unambiguous.
    digest = hashlib.sha256(action_id.encode("utf-8", "surrogatepass")).hexdigest()
    return TXID_PREFIX + digest[:23].upper()


def txid_for(action: Action | ContactRecord | Mapping[str, Any] | str) -> str:
    """The txid of ``action`` (an Action, its ContactRecord, a mapping of either, or the action's
    id): 25 characters."""
    return _txid(_action_id(_candidate(action, "action")))


def find_by_txid(
    txid: str, candidates: Iterable[Action | ContactRecord | Mapping[str, Any] | str]
) -> Action | ContactRecord | str | None:
    """The first of ``candidates`` (Actions, ContactRecords, mappings of either, or action ids)
    whose txid is ``txid`` (case-insensitively), as a model (or the id), or None."""
    if not isinstance(txid, str):
        raise InvalidInputError("txid", f"expected text, got {type(txid).__name__}")
    wanted = txid.strip().upper()
    items = many(candidates, "Actions, ContactRecords or action ids", "candidates")
    for i, item in enumerate(items):
        candidate = _candidate(item, f"candidates[{i}]")
        if _txid(_action_id(candidate)) == wanted:
            return candidate
    return None

"""The txid regua puts in an action's Pix code, and the way back from a payment to the action.

``txid_for`` is ``RG`` followed by 23 upper-case hex digits of a SHA-256 of the action's id: the
same action always gets the same txid, on any machine, and the txid stays inside the BR Code's
alphabet and length (25 letters and digits) whatever the id holds. 92 bits make two actions
sharing a txid practically impossible (a collision is expected only after about 7·10¹³ actions).

A payment notification carries the txid back; :func:`find_by_txid` finds the action (or the
:class:`~regua.models.ContactRecord` the host kept for it, which carries the same id and the
invoices) among the ones the host passes. Upper and lower case are not told apart, since some
banks change the case of the txid they report.

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
from collections.abc import Iterable
from typing import TypeVar

from regua.errors import InvalidInputError
from regua.models import Action, ContactRecord

__all__ = ["TXID_PREFIX", "find_by_txid", "txid_for"]

TXID_PREFIX = "RG"
"""Marks a txid regua made, so a host can tell its payments from others at a glance."""

_Matched = TypeVar("_Matched", Action, ContactRecord, str)


def _action_id(action: object, field: str) -> str:
    if isinstance(action, Action):
        return action.id
    if isinstance(action, ContactRecord):
        return action.action_id
    if isinstance(action, str) and action:
        return str.__str__(action)
    raise InvalidInputError(
        field, f"expected an Action, a ContactRecord or an action id, got {type(action).__name__}"
    )


def _txid(action_id: str) -> str:
    # The id is hashed alone, so its encoding is unambiguous.
    digest = hashlib.sha256(action_id.encode("utf-8", "surrogatepass")).hexdigest()
    return TXID_PREFIX + digest[:23].upper()


def txid_for(action: Action | ContactRecord | str) -> str:
    """The txid of ``action`` (an Action, its ContactRecord, or its id): 25 characters."""
    return _txid(_action_id(action, "action"))


def find_by_txid(txid: str, candidates: Iterable[_Matched]) -> _Matched | None:
    """The first of ``candidates`` (Actions, ContactRecords or action ids) whose txid is
    ``txid`` (case-insensitively), or None."""
    if not isinstance(txid, str):
        raise InvalidInputError("txid", f"expected text, got {type(txid).__name__}")
    wanted = txid.strip().upper()
    for candidate in candidates:
        if _txid(_action_id(candidate, "candidates")) == wanted:
            return candidate
    return None

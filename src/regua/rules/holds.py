"""The host's pause or block of dunning (Mahnstopp), of a customer or of one invoice.

A block outranks a pause, and the customer's hold its invoice's: a blocked customer's skips say
so even where an invoice is paused too. Both hold every step, the neutral offers included (see
:func:`~regua.rules.guardrails.block`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from regua.rules.records import OpenInvoice
from regua.rules.results import SkipCode

__all__ = ["Hold", "held_invoices", "hold_of"]

#: Why the host holds dunning back: the code, the reason and, for a pause, the day it resumes.
Hold = tuple[SkipCode, str, int | None]


def hold_of(
    whose: str, today: date, blocked: bool, reason: str | None, paused_until: date | None
) -> Hold | None:
    """The hold the ``dunning_*`` fields of a customer or an invoice (``whose``) put on dunning
    on ``today``, if any: a block, else a pause that has not ended."""
    if blocked:
        said = f": {reason}" if reason else ""
        return SkipCode.DUNNING_BLOCKED, f"dunning blocked for the {whose}{said}", None
    if paused_until is not None and today < paused_until:
        return (
            SkipCode.DUNNING_PAUSED,
            f"dunning paused for the {whose} until {paused_until} (resumes that day)",
            paused_until.toordinal(),
        )
    return None


def held_invoices(
    invoices: Iterable[OpenInvoice], own: Hold | None, holds: dict[str, Hold] | None
) -> dict[str, Hold]:
    """Each invoice's hold: a block before a pause, the customer's (``own``) before the
    invoice's (``holds``, by invoice id)."""
    held: dict[str, Hold] = {}
    for inv in invoices:
        hold = holds.get(inv.id) if holds else None
        if own is not None and (
            hold is None
            or own[0] is SkipCode.DUNNING_BLOCKED
            or hold[0] is not SkipCode.DUNNING_BLOCKED
        ):
            hold = own
        if hold is not None:
            held[inv.id] = hold
    return held

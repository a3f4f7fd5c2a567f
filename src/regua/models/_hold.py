"""The fields that pause or stop dunning for an invoice or a whole customer ("Mahnstopp").

``dunning_paused_until``: no step while the customer's local day is before it; dunning resumes
on that day. ``dunning_blocked``: no step at all until the host clears it, with an optional
``dunning_block_reason`` shown in ``skipped`` and ``explain``. Unset, they are left out of dumps.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from regua._validation import Day
from regua.limits import MAX_TEXT_CHARS

__all__ = ["BlockReason", "Blocked", "PausedUntil", "check_hold"]

PausedUntil = Annotated[Day | None, Field(examples=["2026-03-20"])]
Blocked = Annotated[bool, Field(examples=[True])]
BlockReason = Annotated[
    Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)] | None,
    Field(examples=["Mahnstopp: the customer's lawyer asked us to stop"]),
]


def check_hold(paused_until: date | None, blocked: bool, reason: str | None) -> None:
    """A reason without a block is a mistake (the host meant to block)."""
    del paused_until
    if reason is not None and not blocked:
        raise ValueError("dunning_block_reason: set dunning_blocked too")

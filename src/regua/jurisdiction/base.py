"""The legal facts a jurisdiction gives the engine, as one immutable value.

The engine, the calculators and the templates read a :class:`Jurisdiction` instead of holding
their own copies of the law; adding a country is a new module building one of these (and its
entry in :data:`regua.jurisdiction.JURISDICTIONS`), with no change to the code that reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

__all__ = ["ContactHours", "Jurisdiction"]

TimeRange = tuple[time, time]


@dataclass(frozen=True, slots=True)
class ContactHours:
    """The widest lawful contact window, in the debtor's local time; ``None``: no contact."""

    weekdays: TimeRange | None
    saturday: TimeRange | None
    sunday: TimeRange | None
    holidays: TimeRange | None
    law: str


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """One country's collection law, as the engine and the calculators need it.

    ``fine_cap_exempt_kinds`` are the ``CustomerKind`` values (plain strings, so this layer
    needs nothing from :mod:`regua.models`) whose contracts may agree a fine above
    ``fine_cap_percent``.
    """

    code: str
    states: frozenset[str]
    state_time_zones: Mapping[str, str]
    default_time_zone: str
    fine_cap_percent: Decimal
    fine_cap_exempt_kinds: frozenset[str]
    fine_cap_law: str
    notice_days: int
    notice_law: str
    prescription_years: int
    prescription_law: str
    contact_hours: ContactHours

    def fine_capped(self, kind: str) -> bool:
        """True when a debtor of this kind is protected by the fine cap."""
        return kind not in self.fine_cap_exempt_kinds

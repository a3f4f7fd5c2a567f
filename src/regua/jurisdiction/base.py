"""The legal facts a jurisdiction gives the engine, as one immutable value.

The engine, the calculators and the templates read a :class:`Jurisdiction` instead of holding
their own copies of the law; adding a country is building one of these and registering it
(:func:`regua.jurisdiction.register`), with no change to the code that reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from types import MappingProxyType
from typing import Protocol

from regua.limits import quote

__all__ = ["ContactHours", "HolidayRule", "Jurisdiction"]

TimeRange = tuple[time, time]


class HolidayRule(Protocol):
    """The days banks are closed in one year, as ``(day, name)`` pairs (a day may come twice,
    under two names). ``state`` is one of the jurisdiction's ``states`` or None (national days
    only); ``dec_31_closed`` and ``dec_24_closed`` close those days too (a schedule's
    ``calendar`` keys of the same names)."""

    def __call__(
        self, year: int, state: str | None, *, dec_31_closed: bool, dec_24_closed: bool
    ) -> Iterable[tuple[date, str]]: ...


@dataclass(frozen=True, slots=True)
class ContactHours:
    """The widest lawful contact window, in the debtor's local time; ``None``: no contact."""

    weekdays: TimeRange | None
    saturday: TimeRange | None
    sunday: TimeRange | None
    holidays: TimeRange | None
    law: str


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Jurisdiction:
    """One country's collection law, as the engine and the calculators need it.

    - ``code``: the ISO 3166-1 alpha-2 code a schedule names in ``calendar.country``.
    - ``fine_cap_percent``, ``fine_cap_exempt_kinds`` (the ``CustomerKind`` values, as plain
      strings so this layer needs nothing from :mod:`regua.models`, whose contracts may agree
      a higher fine) and ``fine_cap_law``.
    - ``notice_days``: a schedule's default ``guardrails.notice_days`` and its minimum, the days
      between a delivered notice and a credit-bureau listing (``notice_law``).
    - ``prescription_years``: a schedule's default ``guardrails.prescription_years`` and its
      maximum (``prescription_law``); ``prescription_contact_law`` is what a skip reason cites
      for holding every contact on a prescribed debt.
    - ``contact_hours``: a schedule's default contact window and the widest one allowed while
      ``guardrails.contact_window`` holds.
    - ``bank_holidays``: the days banks close (:class:`HolidayRule`), which a schedule's
      business-day offsets skip; contact holidays are the same days with 24 December open
      and 31 December closed only when ``contact_dec_31_closed``.
    - ``states``: the codes a calendar's ``state`` may take (``state_name`` names them in an
      error), with ``state_time_zones`` and the ``default_time_zone``.
    - ``consumer_fees_law``: what a reason cites when a step's fee is or is not charged to a
      consumer (``guardrails.consumer_fees``).

    A jurisdiction is compared by identity: one value per country.
    """

    code: str
    name: str
    fine_cap_percent: Decimal
    fine_cap_law: str
    fine_cap_exempt_kinds: frozenset[str] = frozenset()
    notice_days: int
    notice_law: str
    prescription_years: int
    prescription_law: str
    prescription_contact_law: str
    contact_hours: ContactHours
    bank_holidays: HolidayRule
    contact_dec_31_closed: bool = False
    states: frozenset[str] = frozenset()
    state_name: str = "state code"
    state_time_zones: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    default_time_zone: str
    consumer_fees_law: str

    def fine_capped(self, kind: str) -> bool:
        """True when a debtor of this kind is protected by the fine cap."""
        return kind not in self.fine_cap_exempt_kinds

    def state_code(self, value: str) -> str:
        """``value`` upper-cased, when it is one of :attr:`states`; ``ValueError`` otherwise."""
        code = value.upper()
        if code not in self.states:
            raise ValueError(f"{quote(value)} is not a {self.state_name}")
        return code

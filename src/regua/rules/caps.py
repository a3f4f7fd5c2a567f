"""Contact-pressure caps across all of a customer's invoices and channels.

Contacts are counted per local day: the customer's history (one contact per recorded action id
with a channel, on the day of its first record, whatever its outcome: a failed attempt was
still an attempt) plus what this plan adds. ``per_customer_per_week`` is a rolling
window of 7 days, so adding a contact on day D must keep every 7-day window that contains D
within the cap, including windows that end after D (history may hold contacts already dated
in the future, e.g. in a simulation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from regua.rules.schedule import Limits

__all__ = ["CapCounter"]

_WEEK = 7
_SEARCH_DAYS = 366


class CapCounter:
    """Contacts per day ordinal for one customer, and whether one more fits on a day."""

    __slots__ = ("_counts", "_per_day", "_per_week", "_total")

    def __init__(self, limits: Limits, contact_days: Iterable[int]) -> None:
        self._per_day = limits.per_customer_per_day
        self._per_week = limits.per_customer_per_week
        # A plain dict: building a Counter runs an ABC isinstance check, costly once per customer.
        counts: dict[int, int] = {}
        total = 0
        for day in contact_days:
            counts[day] = counts.get(day, 0) + 1
            total += 1
        self._counts = counts
        self._total = total

    def fits(self, day: int) -> bool:
        """True when one more contact on ``day`` (an ordinal) stays within every cap."""
        counts = self._counts
        if self._per_day is not None and counts.get(day, 0) + 1 > self._per_day:
            return False
        if self._per_week is not None and self._total + 1 > self._per_week:
            for end in range(day, day + _WEEK):
                total = sum(counts.get(d, 0) for d in range(end - _WEEK + 1, end + 1))
                if total + 1 > self._per_week:
                    return False
        return True

    def copy(self) -> CapCounter:
        """An independent counter with the same counts (to project deferred contacts)."""
        twin = CapCounter.__new__(CapCounter)
        twin._per_day, twin._per_week = self._per_day, self._per_week
        twin._counts = dict(self._counts)
        twin._total = self._total
        return twin

    def add(self, day: int) -> None:
        """Count one more contact on ``day``."""
        self._counts[day] = self._counts.get(day, 0) + 1
        self._total += 1

    def next_fit(self, day: int, allowed: Callable[[int], bool]) -> int | None:
        """The first day after ``day`` that allows contact and has room under the caps."""
        for candidate in range(day + 1, day + _SEARCH_DAYS):
            if allowed(candidate) and self.fits(candidate):
                return candidate
        return None

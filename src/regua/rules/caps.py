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
from dataclasses import dataclass, field, replace

from regua.rules.schedule import Limits

__all__ = ["CapCounter"]

_WEEK = 7
_SEARCH_DAYS = 366


@dataclass(slots=True)
class CapCounter:
    """Contacts per day ordinal for one customer, and whether one more fits on a day."""

    per_day: int | None
    per_week: int | None
    counts: dict[int, int] = field(default_factory=dict)
    total: int = 0

    @classmethod
    def of(cls, limits: Limits, contact_days: Iterable[int]) -> CapCounter:
        """A counter of the contacts on ``contact_days`` (one ordinal per contact)."""
        counter = cls(limits.per_customer_per_day, limits.per_customer_per_week)
        for day in contact_days:
            counter.add(day)
        return counter

    def fits(self, day: int) -> bool:
        """True when one more contact on ``day`` (an ordinal) stays within every cap."""
        counts = self.counts
        if self.per_day is not None and counts.get(day, 0) + 1 > self.per_day:
            return False
        if self.per_week is not None and self.total + 1 > self.per_week:
            for end in range(day, day + _WEEK):
                total = sum(counts.get(d, 0) for d in range(end - _WEEK + 1, end + 1))
                if total + 1 > self.per_week:
                    return False
        return True

    def copy(self) -> CapCounter:
        """An independent counter with the same counts (to project deferred contacts)."""
        return replace(self, counts=dict(self.counts))

    def add(self, day: int) -> None:
        """Count one more contact on ``day``."""
        self.counts[day] = self.counts.get(day, 0) + 1
        self.total += 1

    def next_fit(self, day: int, allowed: Callable[[int], bool]) -> int | None:
        """The first day after ``day`` that allows contact and has room under the caps."""
        for candidate in range(day + 1, day + _SEARCH_DAYS):
            if allowed(candidate) and self.fits(candidate):
                return candidate
        return None

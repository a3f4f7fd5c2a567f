"""Contact windows in the customer's time zone: the next moment a contact is allowed.

Holidays for contact purposes are the national ones plus the customer's state (``Customer.state``)
and the schedule calendar's extra (municipal) dates, taken from the banking calendar of the
schedule's jurisdiction. Brazil's also closes Carnival and Corpus Christi, which are not holidays
everywhere: regua stays on the safe side and does not contact anyone on those days unless
``holidays`` has a window. 31 December is a contact day unless the jurisdiction says otherwise
(Brazil's is closed only for banking).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from regua.calendar import BusinessCalendar, CalendarSpec
from regua.errors import InvalidInputError
from regua.rules.schedule import END_OF_DAY, ContactWindow

__all__ = ["ContactPlace", "contact_holidays", "contact_slot", "next_contact_day"]

# A valid window opens on some weekday; a year is far more than any run of holidays.
_HORIZON_DAYS = 366


@lru_cache(maxsize=64)
def contact_holidays(spec: CalendarSpec, state: str | None) -> Callable[[date], bool]:
    """``is_holiday`` for contacting a customer of ``state`` under the calendar ``spec``.

    ``Customer.state`` is a Brazilian UF; under another jurisdiction it names no region of it,
    so the customer gets that country's national holidays.
    """
    where = spec.jurisdiction
    calendar = BusinessCalendar.of_country(
        where.code,
        state if state in where.states else None,
        spec.extra_holidays,
        dec_31_closed=where.contact_dec_31_closed,
    )
    return calendar.is_holiday


def _span(
    window: ContactWindow, day: date, is_holiday: Callable[[date], bool]
) -> tuple[datetime, datetime] | None:
    span = window.span(day.weekday(), is_holiday(day))
    if span is None:
        return None
    start, end = span
    if end == END_OF_DAY:  # "24:00": up to the next midnight
        return datetime.combine(day, start), datetime.combine(day + timedelta(days=1), time(0))
    return datetime.combine(day, start), datetime.combine(day, end)


def contact_slot(
    window: ContactWindow, now: datetime, is_holiday: Callable[[date], bool]
) -> tuple[datetime, datetime]:
    """The first contact slot at or after ``now`` (aware, in the customer's zone).

    On an allowed day before closing time the slot starts at ``max(now, opening)``; once the
    window has closed (or the day allows no contact) it is the next allowed day's whole window.
    """
    tz = now.tzinfo
    assert isinstance(tz, ZoneInfo)
    wall = now.replace(tzinfo=None)
    day = wall.date()
    for k in range(_HORIZON_DAYS):
        current = day + timedelta(days=k)
        span = _span(window, current, is_holiday)
        if span is None:
            continue
        start, end = span
        if k == 0:
            if wall >= end:
                continue
            start = max(start, wall)
        return start.replace(tzinfo=tz), end.replace(tzinfo=tz)
    raise InvalidInputError("contact_window", "no contact slot in the next year")


def next_contact_day(
    window: ContactWindow, day: date, is_holiday: Callable[[date], bool]
) -> date | None:
    """``day`` if contact is allowed on it, else the next day that allows contact."""
    for k in range(_HORIZON_DAYS):
        current = day + timedelta(days=k)
        if window.span(current.weekday(), is_holiday(current)) is not None:
            return current
    return None


class ContactPlace:
    """The contact window of customers in one state and time zone at one ``now``: their next
    slot, and which days allow contact (memoized: one per state and zone in a run)."""

    __slots__ = ("_allowed", "day", "end", "is_holiday", "start", "window")

    def __init__(self, spec: CalendarSpec, window: ContactWindow, now: datetime, state: str | None):
        self.window = window
        self.is_holiday = contact_holidays(spec, state)
        self.start, self.end = contact_slot(window, now, self.is_holiday)
        self.day = self.start.date().toordinal()
        self._allowed: dict[int, bool] = {}

    def allows(self, ordinal: int) -> bool:
        """Whether the window opens on the day ``ordinal``."""
        allowed = self._allowed.get(ordinal)
        if allowed is None:
            day = date.fromordinal(ordinal)
            span = self.window.span(day.weekday(), self.is_holiday(day))
            allowed = self._allowed[ordinal] = span is not None
        return allowed

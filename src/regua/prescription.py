"""When a past-due debt prescribes (CC 206 §5 I: five years; §3 I: three for rents).

The term runs from the day after the due date (REsp 1.316.117), so a debt due on 10 March 2020
prescribes on 11 March 2025: on that day and after, no lawsuit, no credit-bureau listing (CDC
43 §5) and no demand out of court either: no calls, e-mails, SMS or letters (STJ REsp
2.088.100/SP, 2.094.303/SP, 2.103.726/SP). A term that would end on a 29 February that does not
exist ends on 1 March.

This is the one date rule shared by the dunning guardrail and the collection priority; the terms
themselves (five years, three for rents) are :mod:`regua.jurisdiction.brazil`'s.

>>> from datetime import date
>>> prescribed_on(date(2020, 3, 10), 5)
datetime.date(2025, 3, 11)
>>> prescribed_on(date(2024, 2, 28), 5)  # the term starts on 29 February 2024
datetime.date(2029, 3, 1)
"""

from __future__ import annotations

from datetime import MAXYEAR, date, timedelta

from regua.errors import InvalidInputError
from regua.limits import MAX_PRESCRIPTION_YEARS, quote

__all__ = ["is_prescribed", "prescribed_on"]


def prescribed_on(due: date, years: int) -> date:
    """The first day on which a debt due on ``due`` is prescribed after ``years`` years.

    ``years`` must be a whole number from 1 to 20, and the day must exist (year <= 9999); otherwise
    :class:`~regua.errors.InvalidInputError`.
    """
    day = _end(due, years)
    if day is None:
        raise InvalidInputError("due", f"a {years}-year term from {due} ends after year {MAXYEAR}")
    return day


def is_prescribed(due: date, as_of: date, years: int) -> bool:
    """True when a debt due on ``due`` is prescribed at ``as_of`` (on or after the term's end).

    >>> is_prescribed(date(2020, 3, 10), date(2025, 3, 10), 5)
    False
    >>> is_prescribed(date(2020, 3, 10), date(2025, 3, 11), 5)
    True
    """
    day = _end(due, years)
    return day is not None and as_of >= day


def _end(due: date, years: int) -> date | None:
    """``prescribed_on``, or None when that day would fall after the last representable year."""
    if (
        isinstance(years, bool)
        or not isinstance(years, int)
        or not 1 <= years <= MAX_PRESCRIPTION_YEARS
    ):
        raise InvalidInputError(
            "years",
            f"must be a whole number from 1 to {MAX_PRESCRIPTION_YEARS}, got {quote(years)}",
        )
    end_year = due.year + years + (1 if (due.month, due.day) == (12, 31) else 0)
    if end_year > MAXYEAR:
        return None
    start = due + timedelta(days=1)
    try:
        return start.replace(year=end_year)
    except ValueError:  # 29 February in a year that has none
        return date(end_year, 3, 1)

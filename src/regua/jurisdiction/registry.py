"""The jurisdictions a schedule may name, by code: Brazil, and any a host registers.

A schedule selects its jurisdiction with ``calendar.country`` (``"BR"`` by default). The
registry is the one piece of state regua keeps between calls: register a country once, when
the host starts, before validating the schedules that name it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from decimal import Decimal
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from regua.errors import InvalidInputError
from regua.jurisdiction.base import ContactHours, Jurisdiction
from regua.jurisdiction.brazil import BRAZIL
from regua.limits import quote

__all__ = ["DEFAULT_CODE", "JURISDICTIONS", "jurisdiction", "register", "unregister"]

#: The jurisdiction of a schedule that names none.
DEFAULT_CODE = BRAZIL.code

_CODE = re.compile(r"[A-Z]{2}")
_REGISTERED: dict[str, Jurisdiction] = {BRAZIL.code: BRAZIL}

#: Each registered jurisdiction by its code: a read-only view, changed by :func:`register`.
JURISDICTIONS: Mapping[str, Jurisdiction] = MappingProxyType(_REGISTERED)


def register(entry: Jurisdiction) -> Jurisdiction:
    """Make ``entry`` a jurisdiction schedules can name by its ``code``; returns it.

    Registering the same value again does nothing; another value under a taken code is
    refused (unregister the old one first), and Brazil, the default, stays.
    """
    if not isinstance(entry, Jurisdiction):
        raise InvalidInputError(
            "jurisdiction", f"expected a Jurisdiction, got {type(entry).__name__}"
        )
    code = entry.code
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise InvalidInputError(
            "jurisdiction.code", f"{quote(code)} is not an ISO 3166-1 alpha-2 code like 'BR'"
        )
    _check(entry)
    current = _REGISTERED.get(code)
    if current is not None and current is not entry:
        raise InvalidInputError(
            "jurisdiction.code", f"{code} is already registered; unregister it first"
        )
    _REGISTERED[code] = entry
    return entry


def _check(entry: Jurisdiction) -> None:
    """Refuse, naming the field, a value the engine would turn into a wrong number or a raw
    error later: the dataclass itself checks nothing."""
    for name in ("name", "fine_cap_law", "notice_law", "prescription_law",
                 "prescription_contact_law", "consumer_fees_law"):  # fmt: skip
        if not isinstance(getattr(entry, name), str) or not getattr(entry, name).strip():
            raise InvalidInputError(f"jurisdiction.{name}", "must not be empty")
    _whole(entry.notice_days, "notice_days", "days", 0)
    _whole(entry.prescription_years, "prescription_years", "years", 1)
    cap = entry.fine_cap_percent
    if not isinstance(cap, Decimal) or not cap.is_finite() or not 0 <= cap <= 100:
        raise InvalidInputError(
            "jurisdiction.fine_cap_percent", f"a Decimal from 0 to 100, not {quote(cap)}"
        )
    if not callable(entry.bank_holidays):
        raise InvalidInputError(
            "jurisdiction.bank_holidays",
            f"a HolidayRule (a function), not {quote(entry.bank_holidays)}",
        )
    hours = entry.contact_hours
    if not isinstance(hours, ContactHours):
        raise InvalidInputError("jurisdiction.contact_hours", "expected a ContactHours")
    for day in ("weekdays", "saturday", "sunday", "holidays"):
        _hours(getattr(hours, day), f"jurisdiction.contact_hours.{day}")
    _zone(entry.default_time_zone, "jurisdiction.default_time_zone")
    for state, zone in entry.state_time_zones.items():
        _zone(zone, f"jurisdiction.state_time_zones[{state!r}]")


def _whole(value: object, name: str, unit: str, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise InvalidInputError(
            f"jurisdiction.{name}", f"a whole number of {unit}, {least} or more, not {value!r}"
        )


def _hours(value: object, field: str) -> None:
    if value is None:
        return
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(t, time) and t.tzinfo is None for t in value)
    ):
        raise InvalidInputError(
            field, f"a (start, end) pair of datetime.time or None, not {quote(value)}"
        )
    if value[0] >= value[1]:
        raise InvalidInputError(field, f"{value[0]} is not before {value[1]}")


def _zone(value: object, field: str) -> None:
    try:
        ZoneInfo(value)  # type: ignore[arg-type]
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidInputError(field, f"{quote(value)} is not an IANA time zone") from None


def unregister(code: str) -> None:
    """Forget the jurisdiction registered as ``code`` (a host's own; Brazil stays)."""
    if code == DEFAULT_CODE:
        raise InvalidInputError("code", f"{DEFAULT_CODE} is the default jurisdiction; it stays")
    if _REGISTERED.pop(code, None) is None:
        raise InvalidInputError("code", f"{quote(code)} is not a registered jurisdiction")


def jurisdiction(code: str) -> Jurisdiction:
    """The jurisdiction registered as ``code``; an error names ``country`` when there is none.

    >>> jurisdiction("BR").name
    'Brazil'
    """
    found = _REGISTERED.get(code) if isinstance(code, str) else None
    if found is None:
        known = ", ".join(sorted(_REGISTERED))
        raise InvalidInputError(
            "country", f"{quote(code)} is not a registered jurisdiction (registered: {known})"
        )
    return found

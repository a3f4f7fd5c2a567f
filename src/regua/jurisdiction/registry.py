"""The jurisdictions a schedule may name, by code: Brazil, and any a host registers.

A schedule selects its jurisdiction with ``calendar.country`` (``"BR"`` by default). The
registry is the one piece of state regua keeps between calls: register a country once, when
the host starts, before validating the schedules that name it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from regua.errors import InvalidInputError
from regua.jurisdiction.base import Jurisdiction
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
    current = _REGISTERED.get(code)
    if current is not None and current is not entry:
        raise InvalidInputError(
            "jurisdiction.code", f"{code} is already registered; unregister it first"
        )
    _REGISTERED[code] = entry
    return entry


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

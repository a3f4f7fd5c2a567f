"""The law and public facts of each jurisdiction regua plans for, one module per country.

:mod:`regua.jurisdiction.brazil` holds Brazil's: states and time zones, the consumer fine cap,
the notice before a credit-bureau listing, prescription, contact hours and the banking calendar.
Everything else reads them from here; this package imports nothing from the models, the rules,
the charges or the templates.

A schedule names its jurisdiction in ``calendar.country`` (Brazil, ``"BR"``, by default); a
host adds a country by building a :class:`Jurisdiction` and passing it to :func:`register`
(see docs/jurisdictions.md), with no change to the engine.

>>> JURISDICTIONS["BR"] is brazil.BRAZIL is jurisdiction("BR")
True
"""

from regua.jurisdiction import brazil
from regua.jurisdiction.base import ContactHours, HolidayRule, Jurisdiction
from regua.jurisdiction.registry import (
    DEFAULT_CODE,
    JURISDICTIONS,
    jurisdiction,
    register,
    unregister,
)

__all__ = [
    "DEFAULT_CODE",
    "JURISDICTIONS",
    "ContactHours",
    "HolidayRule",
    "Jurisdiction",
    "brazil",
    "jurisdiction",
    "register",
    "unregister",
]

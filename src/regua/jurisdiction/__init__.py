"""The law and public facts of each jurisdiction regua plans for, one module per country.

:mod:`regua.jurisdiction.brazil` holds Brazil's: states and time zones, the consumer fine cap,
the notice before a credit-bureau listing, prescription, contact hours and the banking calendar.
Everything else reads them from here; this package imports nothing from the models, the rules,
the charges or the templates.

>>> JURISDICTIONS["BR"] is brazil.BRAZIL
True
"""

from collections.abc import Mapping
from types import MappingProxyType

from regua.jurisdiction import brazil
from regua.jurisdiction.base import ContactHours, Jurisdiction

__all__ = ["JURISDICTIONS", "ContactHours", "Jurisdiction", "brazil"]

#: Each jurisdiction by its ISO 3166 code (a schedule's ``calendar.country``).
JURISDICTIONS: Mapping[str, Jurisdiction] = MappingProxyType({"BR": brazil.BRAZIL})

"""The law and public facts of each jurisdiction regua plans for, one module per country.

:mod:`regua.jurisdiction.brazil` holds Brazil's: its states and their time zones.
"""

from regua.jurisdiction import brazil

__all__ = ["brazil"]

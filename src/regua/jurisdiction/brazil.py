"""Brazil: the 27 federative units (UF) and the time zone contact hours are counted in.

Contact windows (BRAZIL_RULES §6: São Paulo's Lei 15.426/2014 art. 2, "das 8h às 20h") are in
the *debtor's* local time, so a customer's state decides the clock the window is read on: 08:00
in Rio Branco is 10:00 in São Paulo. The zones are the IANA tz database's (``zone.tab``, one
zone per state: the one covering its capital and most of its people); Brazil has kept no
daylight saving time since 2019. A municipality in a state's minority zone (south-west Amazonas
``America/Eirunepe``, west Pará ``America/Santarem``, Fernando de Noronha ``America/Noronha``)
is set with an explicit ``Customer.timezone``.

>>> STATE_TIME_ZONES["AC"], STATE_TIME_ZONES["SP"]
('America/Rio_Branco', 'America/Sao_Paulo')
>>> len(UF_CODES)
27
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["DEFAULT_TIME_ZONE", "STATE_TIME_ZONES", "UF_CODES"]

#: The zone of a customer with neither a state nor an explicit time zone (Brasília time).
DEFAULT_TIME_ZONE = "America/Sao_Paulo"

#: Each UF's IANA time zone (UTC offset since 2019 in the comment).
STATE_TIME_ZONES: Mapping[str, str] = MappingProxyType(
    {
        "AC": "America/Rio_Branco",  # -5
        "AM": "America/Manaus",  # -4
        "RR": "America/Boa_Vista",  # -4
        "RO": "America/Porto_Velho",  # -4
        "MT": "America/Cuiaba",  # -4
        "MS": "America/Campo_Grande",  # -4
        "PA": "America/Belem",  # -3
        "AP": "America/Belem",  # -3
        "TO": "America/Araguaina",  # -3
        "MA": "America/Fortaleza",  # -3
        "PI": "America/Fortaleza",  # -3
        "CE": "America/Fortaleza",  # -3
        "RN": "America/Fortaleza",  # -3
        "PB": "America/Fortaleza",  # -3
        "PE": "America/Recife",  # -3
        "AL": "America/Maceio",  # -3
        "SE": "America/Maceio",  # -3
        "BA": "America/Bahia",  # -3
        "SP": "America/Sao_Paulo",  # -3
        "RJ": "America/Sao_Paulo",  # -3
        "MG": "America/Sao_Paulo",  # -3
        "ES": "America/Sao_Paulo",  # -3
        "PR": "America/Sao_Paulo",  # -3
        "SC": "America/Sao_Paulo",  # -3
        "RS": "America/Sao_Paulo",  # -3
        "GO": "America/Sao_Paulo",  # -3
        "DF": "America/Sao_Paulo",  # -3
    }
)

#: The 27 UF codes: 26 states and the Federal District.
UF_CODES = frozenset(STATE_TIME_ZONES)

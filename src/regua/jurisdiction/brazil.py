"""Brazil's collection law in one place: every number the engine, the calculators and the
templates take from Brazilian law, with the text it comes from (BRAZIL_RULES in the design notes).

* **States and time zones.** The 27 federative units (UF). Contact windows (BRAZIL_RULES §6:
  São Paulo's Lei 15.426/2014 art. 2, "das 8h às 20h") are in the *debtor's* local time, so a
  customer's state decides the clock the window is read on: 08:00 in Rio Branco is 10:00 in São
  Paulo. The zones are the IANA tz database's (``zone.tab``, one zone per state: the one covering
  its capital and most of its people); Brazil has kept no daylight saving time since 2019. A
  municipality in a state's minority zone (south-west Amazonas ``America/Eirunepe``, west Pará
  ``America/Santarem``, Fernando de Noronha ``America/Noronha``) is set with an explicit
  ``Customer.timezone``.
* **Consumer fine cap** (§1). CDC (Lei 8.078/90) art. 52 §1: a late fine "não poderá ser
  superior a dois por cento do valor da prestação"; Decreto 2.181/97 art. 22 XIX extends it to
  every consumer contract, and CC 1.336 §1 (Lei 14.905/2024) sets the same 2 % for condominium
  fees. Only a business (B2B) contract may agree more (capped by CC 412 at the principal).
* **Interest warning** (§2). Before Lei 14.905/2024 non-bank creditors charged individuals at
  most 1 % a month (old CC 406 + CTN 161 §1); how the Usura cap (Dec. 22.626/33 art. 1) meets
  the new taxa legal is unsettled, so more than 1 % a month for an individual is warned.
* **Notice before a credit-bureau listing** (§7). CDC art. 43 §2 and STJ Súmula 359: the
  debtor is told in writing first; 10 calendar days to pay or contest is market practice
  (EBC/Ibedec), kept as the minimum; STJ Tema 1.315 (2026) asks for proof of delivery.
* **Prescription** (§7). CC 206 §5 I: five years for "dívidas líquidas constantes de
  instrumento público ou particular" (three for rents, §3 I), from the day after the due date
  (REsp 1.316.117). Once prescribed, no lawsuit, no listing (CDC 43 §5) and no demand out of
  court (STJ REsp 2.088.100/SP, 2.094.303/SP, 2.103.726/SP).
* **Contact hours** (§6). SP Lei 15.426/2014 art. 2: "de segunda a sexta-feira, das 8h às 20h,
  e aos sábados, das 8h às 14h, excetuando-se os feriados"; the strictest general rule, used
  for every state.
* **Calendar** (§4). Banks settle on ANBIMA's calendar: national and state holidays plus
  Carnival (Monday and Tuesday) and Corpus Christi, with 31 December closed (no public banking
  hours, so a boleto due that day is paid on the next business day, Lei 7.089/83 art. 1).
  Contact holidays are the same days except 31 December, which is an ordinary day for people.

>>> STATE_TIME_ZONES["AC"], STATE_TIME_ZONES["SP"]
('America/Rio_Branco', 'America/Sao_Paulo')
>>> len(UF_CODES)
27
>>> BRAZIL.fine_cap_percent, BRAZIL.notice_days, BRAZIL.prescription_years
(Decimal('2'), 10, 5)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta
from decimal import Decimal
from types import MappingProxyType

from dateutil.easter import easter

from regua.jurisdiction.base import ContactHours, Jurisdiction
from regua.limits import quote

__all__ = [
    "BRAZIL",
    "CONSUMER_FINE_CAP_PERCENT",
    "CONTACT_DEC_31_CLOSED",
    "DEFAULT_TIME_ZONE",
    "INDIVIDUAL_INTEREST_WARNING_PERCENT",
    "NOTICE_DAYS",
    "PRESCRIPTION_YEARS",
    "RENT_PRESCRIPTION_YEARS",
    "STATE_TIME_ZONES",
    "UF_CODES",
    "bank_holidays",
    "state_code",
]

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


def state_code(value: str) -> str:
    """``value`` upper-cased, when it is a UF code; ``ValueError`` otherwise.

    >>> state_code("sp")
    'SP'
    """
    code = value.upper()
    if code not in UF_CODES:
        raise ValueError(f"{quote(value)} is not a Brazilian state (UF) code")
    return code


#: CDC art. 52 §1 and CC 1.336 §1: a late fine above 2 % is unlawful for consumers and condos.
CONSUMER_FINE_CAP_PERCENT = Decimal("2")

#: Monthly interest above which an individual consumer's debt is warned (BRAZIL_RULES §2).
INDIVIDUAL_INTEREST_WARNING_PERCENT = Decimal("1")

#: Days between a delivered bureau notice and the listing (CDC 43 §2, Súmula 359; practice).
NOTICE_DAYS = 10

#: CC 206 §5 I: a written, liquid debt prescribes in five years.
PRESCRIPTION_YEARS = 5

#: CC 206 §3 I: rents prescribe in three years.
RENT_PRESCRIPTION_YEARS = 3

#: 31 December is closed for banking only: people may be contacted on it.
CONTACT_DEC_31_CLOSED = False


def bank_holidays(
    year: int, state: str | None, *, dec_31_closed: bool, dec_24_closed: bool
) -> list[tuple[date, str]]:
    """The banking holidays of one year, in the order they are merged: the national (plus the
    state's) public holidays, then the bank closures (Carnival, Corpus Christi, 24 and 31
    December when closed).

    The ``holidays`` package's ``optional`` category also lists Ash Wednesday and Public
    Servant's Day, which are business days for banks, so the closures are computed from Easter.
    """
    # Imported here: loading the holidays package costs a third of a second, which a host that
    # never builds a Brazilian calendar (or only a custom one) should not pay on `import regua`.
    from holidays.countries.brazil import Brazil

    days = list(Brazil(years=year, subdiv=state, language="pt_BR").items())
    sunday = easter(year)
    days.append((sunday - timedelta(days=48), "Carnaval"))
    days.append((sunday - timedelta(days=47), "Carnaval"))
    days.append((sunday + timedelta(days=60), "Corpus Christi"))
    if dec_24_closed:
        days.append((date(year, 12, 24), "Véspera de Natal (sem expediente bancário)"))
    if dec_31_closed:
        days.append((date(year, 12, 31), "Último dia do ano (sem expediente bancário)"))
    return days


#: Brazil as the engine reads it.
BRAZIL = Jurisdiction(
    code="BR",
    name="Brazil",
    fine_cap_percent=CONSUMER_FINE_CAP_PERCENT,
    fine_cap_law="CDC art. 52 §1, CC 1.336 §1",
    fine_cap_exempt_kinds=frozenset({"business"}),
    notice_days=NOTICE_DAYS,
    notice_law="CDC art. 43 §2",
    prescription_years=PRESCRIPTION_YEARS,
    prescription_law="CC 206 §5 I",
    prescription_contact_law="CC 206 §5 I; STJ REsp 2.088.100/SP; CDC 43 §5",
    contact_hours=ContactHours(
        weekdays=(time(8), time(20)),
        saturday=(time(8), time(14)),
        sunday=None,
        holidays=None,
        law="SP Lei 15.426/2014",
    ),
    bank_holidays=bank_holidays,
    contact_dec_31_closed=CONTACT_DEC_31_CLOSED,
    states=UF_CODES,
    state_name="Brazilian state (UF) code",
    state_time_zones=STATE_TIME_ZONES,
    default_time_zone=DEFAULT_TIME_ZONE,
    consumer_fees_law="CDC art. 51 XII",
)

"""Boleto lines (linhas digitáveis): checked digit by digit, and read for amount and due date.

Two layouts exist, told apart by length (FEBRABAN):

- **47 digits, bank boletos (cobrança)**: five fields ``AAABC.CCCCX DDDDD.DDDDDY EEEEE.EEEEEZ K
  UUUUVVVVVVVVVV``: bank (3), currency (``9`` = real), the 25-digit free field in three parts,
  each of the first three fields closed by a modulo-10 check digit; ``K`` is the general
  modulo-11 check digit of the 44-digit barcode rebuilt from the line; ``UUUU`` the due-date
  factor and ``V…`` the amount in cents.
- **48 digits, collection agreements (arrecadação, convênio)**: four blocks of 11 digits, each
  closed by a check digit. The barcode starts with ``8``, a segment digit and the value
  identifier, which chooses the modulo: ``6``/``7`` modulo 10, ``8``/``9`` modulo 11; ``6``/``8``
  say the value field is an amount in reais, ``7``/``9`` a reference quantity (not money). The
  fourth digit is the general check digit. The due date, when there is one, lives in the
  company's free field in a format of its own, so it is not read.

**Due-date factor.** The factor counts days from 1997-10-07; it reached 9999 on 2025-02-21 and
started again at 1000 on 2025-02-22 (FEBRABAN), so every factor from 1000 to 9999 names one day
in each 9,000-day cycle: 4789 is 2010-11-17 and 2035-07-09 alike. It is resolved against the
reference date ``near`` (the date the host reads the boleto, or the action's due date): the
candidate closest to it wins (the later one on a tie), so any due date within 4,500 days (about
12 years) of the reference reads right. Without ``near`` the factor is read in the cycle that
began on 2025-02-22 (1000 = 2025-02-22, 9999 = 2049-10-13). Factors 1 to 999 were used only in
1997-2000 and are read so; factor 0 means no due date.

>>> boleto = parse_line("10492.00650 61000.100042 00997.263900 9 89810000021403",
...                     near=date(2022, 5, 1))
>>> boleto.bank, boleto.amount, boleto.due_date
('104', Decimal('214.03'), datetime.date(2022, 5, 10))
>>> parse_line("10492006506100010004200997263900989810000021403").due_date
datetime.date(2046, 12, 30)
>>> parse_line("83860000005 0 09600019000 9 00080178230 9 00034306271 2").amount
Decimal('509.60')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from regua._result import Result
from regua.errors import InvalidInputError
from regua.limits import quote

__all__ = [
    "FACTOR_BASE",
    "FACTOR_RESTART",
    "MAX_AMOUNT",
    "Boleto",
    "due_date_for_factor",
    "parse_line",
]

FACTOR_BASE = date(1997, 10, 7)
"""Day 0 of the due-date factor."""
FACTOR_RESTART = date(2025, 2, 22)
"""The day the factor went from 9999 back to 1000 (FEBRABAN)."""
MAX_AMOUNT = Decimal("99999999.99")
"""The most a bank boleto can charge: its value field has 10 digits of cents."""
_CYCLE = 9000
_FIRST_CYCLE_1000 = FACTOR_BASE + timedelta(days=1000)  # 2000-07-03
_SEPARATORS = re.compile(r"[\s.\-]")
_DIGITS = re.compile(r"[0-9]*", re.ASCII)
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True, kw_only=True)
class Boleto(Result):
    """What a boleto line says. ``amount`` is None when the line leaves it to the payer (all
    zeros), when a bank boleto is not in reais, or when a convênio's value is a reference
    quantity; ``due_date`` is None for factor 0 and for convênios."""

    kind: Literal["bank", "convenio"]
    line: str
    barcode: str
    amount: Decimal | None
    due_date: date | None
    bank: str | None = None
    currency_code: str | None = None
    due_factor: int | None = None
    free_field: str | None = None
    segment: str | None = None
    value_kind: Literal["effective", "reference"] | None = None
    company_id: str | None = None


def _mod10(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _mod11_sum(digits: str) -> int:
    return sum(int(c) * (2 + i % 8) for i, c in enumerate(reversed(digits))) % 11


def _bank_dv(digits: str) -> int:
    check = 11 - _mod11_sum(digits)
    return 1 if check in (0, 10, 11) else check


def _convenio_mod11(digits: str) -> int:
    remainder = _mod11_sum(digits)
    return 0 if remainder in (0, 1) else 11 - remainder


def due_date_for_factor(factor: int, *, near: date | None = None) -> date | None:
    """The due date a factor names (None for 0), resolved against ``near`` as the module says.

    >>> restart = date(2025, 2, 22)
    >>> due_date_for_factor(9999, near=restart), due_date_for_factor(1000, near=restart)
    (datetime.date(2025, 2, 21), datetime.date(2025, 2, 22))
    >>> due_date_for_factor(4789, near=date(2010, 1, 1))
    datetime.date(2010, 11, 17)
    """
    if isinstance(factor, bool) or not isinstance(factor, int) or not 0 <= factor <= 9999:
        raise InvalidInputError(
            "factor", f"expected a whole number from 0 to 9999, got {quote(factor)}"
        )
    if near is not None and not isinstance(near, date):
        raise InvalidInputError("near", f"expected a date, got {type(near).__name__}")
    if factor == 0:
        return None
    if factor < 1000:
        return FACTOR_BASE + timedelta(days=factor)
    first = _FIRST_CYCLE_1000 + timedelta(days=factor - 1000)
    if near is None:
        return first + timedelta(days=_CYCLE)
    cycles = ((near - first).days + _CYCLE // 2) // _CYCLE
    return first + timedelta(days=_CYCLE * max(cycles, 0))


def _digits(line: object) -> str:
    if not isinstance(line, str):
        raise InvalidInputError("line", f"expected text, got {type(line).__name__}")
    if len(line) > 100:
        raise InvalidInputError(
            "line", f"is {len(line)} characters long; a line has 47 or 48 digits"
        )
    digits = _SEPARATORS.sub("", str.__str__(line))
    if not _DIGITS.fullmatch(digits):
        raise InvalidInputError(
            "line", f"{quote(line)} holds characters other than digits, spaces, dots and dashes"
        )
    return digits


def _expect(ok: bool, reason: str) -> None:
    if not ok:
        raise InvalidInputError("line", reason)


def _bank(line: str, near: date | None) -> Boleto:
    for number, (start, end) in enumerate(((0, 9), (10, 20), (21, 31)), start=1):
        expected = _mod10(line[start:end])
        _expect(
            int(line[end]) == expected,
            f"field {number}'s check digit is {line[end]}, expected {expected}: a digit of "
            f"field {number} is mistyped",
        )
    free = line[4:9] + line[10:20] + line[21:31]
    factor, value = line[33:37], line[37:47]
    barcode = line[0:4] + line[32] + factor + value + free
    expected = _bank_dv(barcode[:4] + barcode[5:])
    _expect(
        int(line[32]) == expected,
        f"the general check digit (field 4) is {line[32]}, expected {expected}: the due-date "
        "factor, the amount or another digit is mistyped",
    )
    cents = int(value)
    real = line[3] == "9"
    return Boleto(
        kind="bank",
        line=line,
        barcode=barcode,
        amount=(Decimal(cents) * _CENT) if real and cents else None,
        due_date=due_date_for_factor(int(factor), near=near),
        bank=line[0:3],
        currency_code=line[3],
        due_factor=int(factor),
        free_field=free,
    )


def _convenio(line: str) -> Boleto:
    _expect(line[0] == "8", f"a 48-digit line is a convênio's and starts with 8, not {line[0]}")
    identifier = line[2]
    _expect(
        identifier in "6789",
        f"the value identifier (third digit) is {identifier}; it must be 6, 7, 8 or 9",
    )
    check = _mod10 if identifier in "67" else _convenio_mod11
    blocks = [line[12 * i : 12 * i + 11] for i in range(4)]
    for number, block in enumerate(blocks, start=1):
        given = int(line[12 * number - 1])
        expected = check(block)
        _expect(
            given == expected,
            f"block {number}'s check digit is {given}, expected {expected}: a digit of block "
            f"{number} is mistyped",
        )
    barcode = "".join(blocks)
    expected = check(barcode[:3] + barcode[4:])
    _expect(
        int(barcode[3]) == expected,
        f"the general check digit (fourth digit) is {barcode[3]}, expected {expected}",
    )
    effective = identifier in "68"
    cents = int(barcode[4:15])
    segment = barcode[1]
    return Boleto(
        kind="convenio",
        line=line,
        barcode=barcode,
        amount=(Decimal(cents) * _CENT) if effective and cents else None,
        due_date=None,
        segment=segment,
        value_kind="effective" if effective else "reference",
        # Segment 6 (carnês) identifies the company by the first 8 digits of its CNPJ.
        company_id=barcode[15:23] if segment == "6" else barcode[15:19],
    )


def parse_line(line: str, *, near: date | None = None) -> Boleto:
    """Check a linha digitável (47 digits: bank boleto; 48: convênio) and read it.

    Spaces, dots and dashes are ignored; text longer than 100 characters is refused unread.
    Every check digit is verified; a wrong one is an :class:`~regua.errors.InvalidInputError` on
    field ``line`` naming the field or block. The due-date factor is resolved against ``near``
    (see the module). A 44-digit barcode is not a line and is refused.
    """
    digits = _digits(line)
    if len(digits) == 47:
        return _bank(digits, near)
    if len(digits) == 48:
        return _convenio(digits)
    hint = " (that is a barcode; pass the linha digitável)" if len(digits) == 44 else ""
    raise InvalidInputError(
        "line", f"has {len(digits)} digits; a boleto line has 47 (bank) or 48 (convênio){hint}"
    )

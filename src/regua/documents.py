"""Brazilian taxpayer documents: CPF (people) and CNPJ (companies), with check digits.

CNPJs issued from July 2026 may carry letters in their first twelve positions (IN RFB
2.229/2024); the two check digits stay numeric. Every character counts as ``ord(c) - 48``, which
gives the digits their usual values and makes ``A`` 17, ``B`` 18 … ``Z`` 42, so the modulo-11
rule is unchanged for the old all-digit numbers.

Inputs may carry the usual punctuation (``.``, ``-``, ``/``), surrounding spaces and lower-case
letters; the normalized form is the bare upper-case characters.

>>> normalize_cpf(" 529.982.247-25 ")
'52998224725'
>>> normalize_cnpj("12.ABC.345/01DE-35")
'12ABC34501DE35'
>>> is_valid_cpf("111.111.111-11")
False
"""

from __future__ import annotations

import re

from regua.errors import InvalidInputError
from regua.limits import MAX_DOCUMENT_CHARS, quote

__all__ = [
    "is_valid_cnpj",
    "is_valid_cpf",
    "normalize_cnpj",
    "normalize_cpf",
    "normalize_document",
]

_PUNCTUATION = re.compile(r"[.\-/\s]")
_FOREIGN = re.compile(r"[^0-9A-Z]", re.ASCII)
# ASCII only: "\d" alone would accept full-width and Arabic-Indic digits and keep them.
_CPF_SHAPE = re.compile(r"^\d{11}$", re.ASCII)
_CNPJ_SHAPE = re.compile(r"^[0-9A-Z]{12}\d{2}$", re.ASCII)
_CNPJ_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _strip(value: str) -> str:
    if len(value) > MAX_DOCUMENT_CHARS:
        return ""  # no CPF or CNPJ is that long, however punctuated: fails below, cheaply
    bare = _PUNCTUATION.sub("", value.strip())
    # Upper-casing non-ASCII text can produce ASCII letters ("ı" -> "I"); leave it to fail.
    return bare.upper() if bare.isascii() else bare


def _mod11_digit(values: list[int], weights: tuple[int, ...]) -> int:
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def _cpf_ok(digits: str) -> bool:
    if not _CPF_SHAPE.match(digits) or len(set(digits)) == 1:
        return False
    values = [int(c) for c in digits]
    first = _mod11_digit(values[:9], tuple(range(10, 1, -1)))
    second = _mod11_digit(values[:10], tuple(range(11, 1, -1)))
    return values[9] == first and values[10] == second


def _cnpj_ok(chars: str) -> bool:
    if not _CNPJ_SHAPE.match(chars) or len(set(chars)) == 1:
        return False
    values = [ord(c) - 48 for c in chars]
    first = _mod11_digit(values[:12], _CNPJ_WEIGHTS[1:])
    second = _mod11_digit(values[:13], _CNPJ_WEIGHTS)
    return values[12] == first and values[13] == second


def is_valid_cpf(value: str) -> bool:
    """True when ``value`` is a CPF with correct check digits (repeated digits are invalid)."""
    return isinstance(value, str) and _cpf_ok(_strip(value))


def is_valid_cnpj(value: str) -> bool:
    """True when ``value`` is a numeric or alphanumeric CNPJ with correct check digits."""
    return isinstance(value, str) and _cnpj_ok(_strip(value))


def normalize_cpf(value: str) -> str:
    """The 11 digits of a valid CPF, or :class:`InvalidInputError` naming field ``document``."""
    stripped = _strip(value) if isinstance(value, str) else ""
    if not _cpf_ok(stripped):
        raise InvalidInputError("document", f"{quote(value)} is not a valid CPF")
    return stripped


def normalize_cnpj(value: str) -> str:
    """The 14 characters of a valid CNPJ (letters upper-cased), or :class:`InvalidInputError`."""
    stripped = _strip(value) if isinstance(value, str) else ""
    if not _cnpj_ok(stripped):
        raise InvalidInputError("document", f"{quote(value)} is not a valid CNPJ")
    return stripped


def normalize_document(value: str) -> str:
    """Normalize a CPF (11 characters) or CNPJ (14 characters), telling which one failed."""
    stripped = _strip(value) if isinstance(value, str) else ""
    if isinstance(value, str) and not value.strip():
        raise InvalidInputError("document", "must not be empty (leave it out when there is none)")
    if _FOREIGN.search(stripped):
        raise InvalidInputError(
            "document",
            f"{quote(value)} holds a character no CPF or CNPJ has: digits, letters (a CNPJ's)"
            " and the punctuation . - / only",
        )
    if len(stripped) == 11:
        return normalize_cpf(value)
    if len(stripped) == 14:
        return normalize_cnpj(value)
    raise InvalidInputError(
        "document", f"{quote(value)} is neither a CPF (11 digits) nor a CNPJ (14 characters)"
    )

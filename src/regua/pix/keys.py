"""Pix keys (chaves Pix): CPF, CNPJ, e-mail, phone and random (EVP), told apart and normalized.

The kind is read from the key's shape, in an order that never takes a CPF for a phone number:

- an ``@`` makes an e-mail (lower-cased; at most 77 characters, DICT's limit);
- a UUID (``8-4-4-4-12`` hex digits) is a random key (EVP), lower-cased;
- a leading ``+`` makes a phone number, which must be Brazilian: ``+55``, a two-digit area code
  (DDD) and 8 or 9 digits (E.164; spaces, dots, dashes and parentheses are dropped);
- anything else is a CPF (11 digits, check digits right) or a CNPJ (14 characters, letters
  allowed in the first 12, check digits right); punctuation is dropped.

An 11-digit phone number written without ``+55`` is therefore read as a CPF, and refused when its
check digits are wrong: the error says to write the phone as ``+55…``. Text longer than
:data:`regua.limits.MAX_CONTACT_CHARS` (320) is refused before it is read.

>>> normalize_key("529.982.247-25")
PixKey(kind='cpf', value='52998224725')
>>> normalize_key("+55 (11) 94321-4321")
PixKey(kind='phone', value='+5511943214321')
>>> normalize_key("11943214321")
Traceback (most recent call last):
...
regua.errors.InvalidInputError: key: '11943214321' is not a valid CPF; write a phone key as +55 ...
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from regua.documents import is_valid_cnpj, is_valid_cpf, normalize_cnpj, normalize_cpf
from regua.errors import InvalidInputError
from regua.limits import MAX_CONTACT_CHARS, quote

__all__ = ["MAX_KEY_LENGTH", "KeyKind", "PixKey", "normalize_key"]

KeyKind = Literal["cpf", "cnpj", "email", "phone", "evp"]

MAX_KEY_LENGTH = 77
"""The longest Pix key (an e-mail key; DICT's limit)."""

_EVP = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
# DICT's e-mail key pattern, applied to the lower-cased address.
_EMAIL = re.compile(
    r"[a-z0-9.!#$&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+",
    re.ASCII,
)
_PHONE = re.compile(r"\+55[1-9]{2}[0-9]{8,9}", re.ASCII)
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")
_DOCUMENT_PUNCTUATION = re.compile(r"[\s.\-/()]")


class PixKey(NamedTuple):
    """A normalized Pix key and its kind."""

    kind: KeyKind
    value: str


def normalize_key(key: str, *, field: str = "key") -> PixKey:
    """``key``'s kind and normalized form (see the module's rules), or
    :class:`~regua.errors.InvalidInputError` naming ``field``."""
    if not isinstance(key, str):
        raise InvalidInputError(field, f"expected text, got {type(key).__name__}")
    if len(key) > MAX_CONTACT_CHARS:
        raise InvalidInputError(
            field, f"is {len(key)} characters long; a Pix key has at most {MAX_KEY_LENGTH}"
        )
    text = str.__str__(key).strip()
    if not text:
        raise InvalidInputError(field, "is empty")
    if "@" in text:
        email = text.lower()
        if len(email) > MAX_KEY_LENGTH or not _EMAIL.fullmatch(email):
            raise InvalidInputError(
                field,
                f"{quote(key)} is not an e-mail key (ASCII address of at most "
                f"{MAX_KEY_LENGTH} characters)",
            )
        return PixKey("email", email)
    if _EVP.fullmatch(text.lower()):
        return PixKey("evp", text.lower())
    if text.startswith("+"):
        phone = _PHONE_PUNCTUATION.sub("", text)
        if not _PHONE.fullmatch(phone):
            raise InvalidInputError(
                field,
                f"{quote(key)} is not a Brazilian phone key: +55, a two-digit area code and "
                "8 or 9 digits",
            )
        return PixKey("phone", phone)
    bare = _DOCUMENT_PUNCTUATION.sub("", text)
    if len(bare) == 11 and bare.isascii() and bare.isdigit():
        if not is_valid_cpf(bare):
            raise InvalidInputError(
                field,
                f"{quote(key)} is not a valid CPF; write a phone key as +55 followed by the "
                "area code and number",
            )
        return PixKey("cpf", normalize_cpf(bare))
    if len(bare) == 14:
        if not is_valid_cnpj(bare):
            raise InvalidInputError(field, f"{quote(key)} is not a valid CNPJ")
        return PixKey("cnpj", normalize_cnpj(bare))
    raise InvalidInputError(
        field,
        f"{quote(key)} is not a Pix key: expected a CPF, a CNPJ, an e-mail, a phone "
        "(+55…) or a random key (UUID)",
    )

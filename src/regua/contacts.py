"""Contact addresses: e-mail syntax checked, phone numbers normalized to E.164 (Brazil by default).

A message sent to ``"not-an-email"`` or to ``"11 99999-0000"`` (which a gateway may read as a
number in another country) never arrives, and the step that chose that channel is lost. So an
address is checked, and stored in one canonical form, when the customer is validated:

- ``email``: the syntax rules of ``email-validator`` (RFC 5322/6531 with the usual safety
  restrictions: no quoted local parts, no IP-literal domains, no display names, a domain with a
  dot that is not a special-use name such as ``.test``). The domain is lower-cased (and an
  internationalized one given in Unicode form); the local part keeps its case. No DNS query is
  made: whether the mailbox exists is for the host's sending system to find out.
- ``sms``, ``whatsapp``, ``phone``: Google's libphonenumber rules (the ``phonenumbers``
  package). A number without ``+`` is read as Brazilian, with its area code (DDD); the stored
  form is E.164 (``+5511999990000``). An SMS needs a mobile number; WhatsApp and voice calls
  take any valid number (WhatsApp Business runs on landlines too). Extensions and letters are
  refused rather than silently dropped.
- ``letter`` (a postal address) and ``push`` (a device token) are kept as given.

>>> normalize_phone("(11) 99999-0000")
'+5511999990000'
>>> normalize_email("Ana.Souza@Example.COM.br")
'Ana.Souza@example.com.br'
>>> normalize_contact("sms", "11 3333-0000")
Traceback (most recent call last):
...
regua.errors.InvalidInputError: sms: '11 3333-0000' is a landline number; an SMS needs a mobile
"""

from __future__ import annotations

import re
from enum import StrEnum

import email_validator
import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneNumber,
    PhoneNumberFormat,
    PhoneNumberType,
    ValidationResult,
)

from regua.errors import InvalidInputError

__all__ = ["Channel", "normalize_contact", "normalize_email", "normalize_phone"]


class Channel(StrEnum):
    """How a customer can be reached."""

    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    PHONE = "phone"
    LETTER = "letter"
    PUSH = "push"


#: RFC 5321's limit on a whole address; longer values are refused without being quoted back.
MAX_EMAIL_LENGTH = 254
#: Generous for a formatted number (E.164 has at most 15 digits); longer values are not quoted.
MAX_PHONE_LENGTH = 40

# The common shape of an address that email-validator accepts unchanged: ASCII dot-atom local
# part, lower-case hostname labels, an alphabetic top-level domain. Checked directly because
# email-validator's Unicode and IDNA machinery costs about 100 µs an address, 20 times the rest
# of a customer's validation; everything else goes through email-validator. A property test
# holds the two equal on this shape.
#: (``regua.columnar`` checks the same shape on columns.)
PLAIN_EMAIL = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]+"
_PLAIN_EMAIL = re.compile(PLAIN_EMAIL, re.ASCII)
_PHONE_CHARACTERS = re.compile(r"\+?[0-9 ().\-/]+", re.ASCII)
# A Brazilian number already in E.164 (country code 55, a DDD without a leading zero).
BRAZIL_E164 = r"\+55([1-9][0-9]{9,10})"
_BRAZIL_E164 = re.compile(BRAZIL_E164, re.ASCII)
_MOBILE = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_IMPOSSIBLE = {
    ValidationResult.INVALID_COUNTRY_CODE: "has an unknown country code",
    ValidationResult.TOO_SHORT: "has too few digits",
    ValidationResult.TOO_LONG: "has too many digits",
    ValidationResult.INVALID_LENGTH: "has the wrong number of digits",
}
_UNPARSABLE = {
    NumberParseException.INVALID_COUNTRY_CODE: "has an unknown country code",
    NumberParseException.TOO_SHORT_AFTER_IDD: "has too few digits",
    NumberParseException.TOO_SHORT_NSN: "has too few digits",
    NumberParseException.TOO_LONG: "has too many digits",
}


def _quoted(value: str, limit: int) -> str:
    return repr(value) if len(value) <= limit else f"a value of {len(value)} characters"


def normalize_email(value: str, *, field: str = "email") -> str:
    """``value`` as a checked e-mail address; :class:`~regua.errors.InvalidInputError` if not one.

    Syntax only: no DNS lookup, so the same input always gives the same answer.

    >>> normalize_email("joão@exemplo.com.br")
    'joão@exemplo.com.br'
    >>> normalize_email("not-an-email")
    Traceback (most recent call last):
    ...
    regua.errors.InvalidInputError: email: 'not-an-email' is not an e-mail address: An email ...
    """
    if not isinstance(value, str):
        raise InvalidInputError(field, f"expected a string, got {type(value).__name__}")
    value = value.strip()
    if len(value) > MAX_EMAIL_LENGTH:
        raise InvalidInputError(
            field, f"{_quoted(value, 0)} is longer than an e-mail address may be (254)"
        )
    if _is_plain_email(value):
        return value
    try:
        checked = email_validator.validate_email(
            value,
            allow_smtputf8=True,
            allow_empty_local=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_display_name=False,
            strict=False,
            check_deliverability=False,
            test_environment=False,
            globally_deliverable=True,
        )
    except email_validator.EmailNotValidError as error:
        raise InvalidInputError(field, f"{value!r} is not an e-mail address: {error}") from None
    return checked.normalized


def _is_plain_email(value: str) -> bool:
    if _PLAIN_EMAIL.fullmatch(value) is None:
        return False
    local, _, domain = value.rpartition("@")
    labels = domain.split(".")
    return (
        len(local) <= 64
        and len(domain) <= 253
        and "--" not in domain  # Punycode and other reserved labels: email-validator decides
        and all(len(label) <= 63 for label in labels)
        and not any(
            domain == name or domain.endswith("." + name)
            for name in email_validator.SPECIAL_USE_DOMAIN_NAMES
        )
    )


def normalize_phone(
    value: str, *, mobile: bool = False, region: str = "BR", field: str = "phone"
) -> str:
    """``value`` as an E.164 phone number (``+5511999990000``); numbers without ``+`` are read
    as numbers of ``region`` (ISO 3166 code, Brazil by default). With ``mobile``, a landline is
    refused. Digits, spaces, ``+ - . ( ) /`` are allowed; letters and extensions are not.

    >>> normalize_phone("+55 (92) 3333-0000"), normalize_phone("011 98888-7777", mobile=True)
    ('+559233330000', '+5511988887777')
    >>> normalize_phone("+1 650-253-0000")
    '+16502530000'
    >>> normalize_phone("99999-0000")
    Traceback (most recent call last):
    ...
    regua.errors.InvalidInputError: phone: '99999-0000' has no area code (DDD) for region BR
    """
    if not isinstance(value, str):
        raise InvalidInputError(field, f"expected a string, got {type(value).__name__}")
    value = value.strip()
    if len(value) > MAX_PHONE_LENGTH:
        raise InvalidInputError(field, f"{_quoted(value, 0)} is too long for a phone number")
    number = _parse_phone(value, region, field)
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN:
        reason = phonenumbers.is_possible_number_with_reason(number)
        detail = _IMPOSSIBLE.get(reason, "is not a number in use (check the area code)")
        where = "" if value.startswith("+") else f" for region {region}"
        local = region == "BR" and (number.national_number or 0) < 10**9  # 8 or 9 digits
        if where and local and reason == ValidationResult.IS_POSSIBLE:
            detail = "has no area code (DDD)"
        raise InvalidInputError(field, f"{value!r} {detail}{where}")
    if mobile and kind not in _MOBILE:
        what = "landline" if kind == PhoneNumberType.FIXED_LINE else "non-mobile"
        raise InvalidInputError(field, f"{value!r} is a {what} number; an SMS needs a mobile")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _parse_phone(value: str, region: str, field: str) -> PhoneNumber:
    brazilian = _BRAZIL_E164.fullmatch(value)
    if brazilian is not None:  # already canonical: skip the parser, two thirds of the cost
        return PhoneNumber(country_code=55, national_number=int(brazilian.group(1)))
    if _PHONE_CHARACTERS.fullmatch(value) is None:
        raise InvalidInputError(
            field,
            f"{value!r} is not a phone number: use digits, spaces and + - . ( ) / only "
            "(no letters or extensions)",
        )
    try:
        return phonenumbers.parse(value, region)
    except NumberParseException as error:
        detail = _UNPARSABLE.get(error.error_type, "is not a phone number")
        raise InvalidInputError(field, f"{value!r} {detail}") from None


def normalize_contact(channel: Channel | str, value: str) -> str:
    """``value`` checked and normalized as an address on ``channel`` (see the module doc).

    >>> normalize_contact("whatsapp", "(21) 3333-0000"), normalize_contact("letter", "Rua 1")
    ('+552133330000', 'Rua 1')
    """
    try:
        kind = Channel(channel)
    except ValueError:
        known = ", ".join(repr(c.value) for c in Channel)
        raise InvalidInputError("channel", f"{channel!r} is not one of {known}") from None
    if kind is Channel.EMAIL:
        return normalize_email(value, field=kind.value)
    if kind in (Channel.SMS, Channel.WHATSAPP, Channel.PHONE):
        return normalize_phone(value, mobile=kind is Channel.SMS, field=kind.value)
    return value

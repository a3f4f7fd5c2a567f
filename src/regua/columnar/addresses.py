"""Contact addresses already in the form the models store them, recognized on columns.

Checking an address in Python (:func:`regua.contacts.normalize_contact`) costs microseconds to
tens of microseconds; a portfolio has about two per customer, nearly all of them already
canonical: an e-mail address of the plain shape ``normalize_email`` returns unchanged, a
Brazilian number in E.164. :func:`canonical` says, with column expressions, which addresses
``normalize_contact`` would return unchanged and accept; only the others are checked in Python.
It decides exactly as the Python does, and never more (``tests/test_columnar_addresses.py``
holds the two equal):

- e-mail: the plain shape of :data:`regua.contacts.PLAIN_EMAIL` with the length limits and the
  special-use domains ``normalize_email`` checks beside it (an address of that shape has no
  surrounding space to strip);
- ``sms``, ``whatsapp``, ``phone``: ``+55`` and a national number without a leading zero
  (:data:`regua.contacts.BRAZIL_E164`, which ``normalize_phone`` reads without the parser and
  formats back unchanged) whose type, by libphonenumber's own metadata for Brazil applied as
  ``phonenumbers.number_type`` applies it, is valid for the channel (a mobile for an SMS);
- ``letter`` and ``push``: any non-empty value (kept as given).
"""

from __future__ import annotations

from typing import Any

import email_validator
import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberType

from regua.contacts import BRAZIL_E164, MAX_EMAIL_LENGTH, PLAIN_EMAIL
from regua.models import Channel

__all__ = ["brazil_number_type", "canonical", "plain_emails"]

_MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_LOCAL_PART = 64
_DOMAIN = 253
_LABEL = 63


def canonical(pl: Any, entries: Any) -> Any:
    """The rows of ``entries`` (columns ``key``: the channel, ``value``: the address) for which
    ``normalize_contact(key, value)`` returns ``value`` unchanged, as a boolean series (False
    where unsure). Each check runs on the rows that passed the cheaper ones before it."""
    entries = entries.select("key", "value").with_row_index("__entry")
    value = pl.col("value")
    emails = plain_emails(pl, entries.filter(pl.col("key") == Channel.EMAIL.value))
    phones = (
        entries.filter(
            pl.col("key").is_in([Channel.SMS.value, Channel.WHATSAPP.value, Channel.PHONE.value])
        )
        .filter(value.str.contains(f"^(?:{BRAZIL_E164})$"))
        .with_columns(brazil_number_type(pl, value).alias("__kind"))
        .filter(
            pl.when(pl.col("key") == Channel.SMS.value)
            .then(pl.col("__kind").is_in([int(k) for k in _MOBILE]))
            .otherwise(pl.col("__kind") != int(PhoneNumberType.UNKNOWN))
        )
    )
    kept = entries.filter(
        pl.col("key").is_in([Channel.LETTER.value, Channel.PUSH.value]) & (value != "")
    )
    found = pl.concat([part.get_column("__entry") for part in (emails, phones, kept)])
    return entries.get_column("__entry").is_in(found.implode())


def plain_emails(pl: Any, frame: Any) -> Any:
    """The rows of ``frame`` whose ``value`` passes ``regua.contacts._is_plain_email`` and
    ``normalize_email``'s length limit."""
    frame = frame.filter(pl.col("value").str.contains(f"^(?:{PLAIN_EMAIL})$"))
    # The shape is ASCII without spaces: lengths in bytes are lengths in characters.
    parts = pl.col("value").str.split_exact("@", 1)
    frame = frame.with_columns(
        parts.struct.field("field_0").alias("__local"),
        parts.struct.field("field_1").alias("__domain"),
    )
    domain = pl.col("__domain")
    special = pl.lit(False)
    for name in email_validator.SPECIAL_USE_DOMAIN_NAMES:
        special = special | (domain == name) | domain.str.ends_with("." + name)
    return frame.filter(
        (pl.col("value").str.len_bytes() <= MAX_EMAIL_LENGTH)
        & (pl.col("__local").str.len_bytes() <= _LOCAL_PART)
        & (domain.str.len_bytes() <= _DOMAIN)
        & ~domain.str.contains("--", literal=True)
        & (domain.str.split(".").list.eval(pl.element().str.len_bytes()).list.max() <= _LABEL)
        & ~special
    ).drop("__local", "__domain")


def brazil_number_type(pl: Any, value: Any) -> Any:
    """``phonenumbers.number_type`` (as an int) of ``+55`` numbers: its
    ``_number_type_helper`` over the metadata for Brazil, each pattern as a column regex."""
    meta = PhoneMetadata.metadata_for_region(phonenumbers.region_code_for_country_code(55))
    if meta is None:  # no metadata: no number is valid, as number_type finds
        return pl.lit(int(PhoneNumberType.UNKNOWN))
    number = value.str.slice(3)
    kind = pl.when(~_matches(pl, number, meta.general_desc)).then(
        pl.lit(int(PhoneNumberType.UNKNOWN))
    )
    for desc, code in (
        (meta.premium_rate, PhoneNumberType.PREMIUM_RATE),
        (meta.toll_free, PhoneNumberType.TOLL_FREE),
        (meta.shared_cost, PhoneNumberType.SHARED_COST),
        (meta.voip, PhoneNumberType.VOIP),
        (meta.personal_number, PhoneNumberType.PERSONAL_NUMBER),
        (meta.pager, PhoneNumberType.PAGER),
        (meta.uan, PhoneNumberType.UAN),
        (meta.voicemail, PhoneNumberType.VOICEMAIL),
    ):
        kind = kind.when(_matches(pl, number, desc)).then(pl.lit(int(code)))
    fixed = _matches(pl, number, meta.fixed_line)
    mobile = _matches(pl, number, meta.mobile)
    if meta.same_mobile_and_fixed_line_pattern:
        kind = kind.when(fixed).then(pl.lit(int(PhoneNumberType.FIXED_LINE_OR_MOBILE)))
    else:
        kind = (
            kind.when(fixed & mobile)
            .then(pl.lit(int(PhoneNumberType.FIXED_LINE_OR_MOBILE)))
            .when(fixed)
            .then(pl.lit(int(PhoneNumberType.FIXED_LINE)))
            .when(mobile)
            .then(pl.lit(int(PhoneNumberType.MOBILE)))
        )
    return kind.otherwise(pl.lit(int(PhoneNumberType.UNKNOWN)))


def _matches(pl: Any, number: Any, desc: Any) -> Any:
    """``phonenumbers``' ``_is_number_matching_desc``: a possible length and a full match."""
    if desc is None or not desc.national_number_pattern:
        return pl.lit(False)
    found = number.str.contains(f"^(?:{desc.national_number_pattern})$")
    if desc.possible_length:
        found = found & number.str.len_chars().is_in(list(desc.possible_length))
    return found

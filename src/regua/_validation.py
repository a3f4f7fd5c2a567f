"""Shared pydantic configuration and small validators for regua's models."""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    TypeAdapter,
    ValidationInfo,
)
from pydantic.json_schema import (
    DEFAULT_REF_TEMPLATE,
    GenerateJsonSchema,
    JsonSchemaMode,
    JsonSchemaValue,
)
from pydantic_core import CoreSchema

from regua._json_schema import ReguaJsonSchema
from regua.errors import InvalidInputError
from regua.limits import FIRST_DATE, LAST_DATE, MAX_ID_CHARS, MAX_TAG_CHARS, MAX_TAGS, quote

__all__ = [
    "Day",
    "Frozen",
    "Identifier",
    "Instant",
    "Tags",
    "as_date",
    "in_parent_currency",
    "in_range",
]


class Frozen(BaseModel):
    """Immutable, strict-about-extras base: a typo in a field name is an error, not ignored.

    Its JSON Schema is written by regua's generator (``regua._json_schema``): amounts limited
    to their currency's decimals, descriptions without doctests, ``$schema`` and ``$id``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes``, validated as a new model is: a bad value raises a
        ``ValidationError`` naming the field, here rather than later, deep in a plan.

        Use it instead of pydantic's ``model_copy(update=...)``, which does **not** validate:
        it stores ``"-1"`` as an amount, or a block reason without a block, and the error (or a
        wrong number) shows up only where the value is used. The model is rebuilt from the
        fields given when it was made plus ``changes``: nested values are checked again too
        (a payment's cents against a new currency), and a field the model derives when left
        out is derived again (a ``Customer``'s time zone from a new ``state``, unless its
        ``timezone`` was given).

        >>> from regua import Invoice
        >>> invoice = Invoice(id="i1", customer_id="c1", amount="100.00", due_date="2026-03-05")
        >>> invoice.replace(amount="80.00").amount
        Decimal('80.00')
        >>> invoice.replace(amount="-1")
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Invoice
        amount
        ...
        """
        carried = self._carried(changes) - set(changes)
        data = self.model_dump(include=carried, round_trip=True)
        return type(self).model_validate({**data, **changes})

    def _carried(self, changes: dict[str, Any]) -> set[str]:
        """The fields :meth:`replace` carries over: those given when the model was made (a
        model that derives a field from others leaves it out when they change)."""
        return set(self.model_fields_set)

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool | None = None,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        schema_generator: type[GenerateJsonSchema] = ReguaJsonSchema,
        mode: JsonSchemaMode = "validation",
        *,
        union_format: Literal["any_of", "primitive_type_array"] = "any_of",
    ) -> dict[str, Any]:
        """The model's JSON Schema, by regua's generator unless another is given."""
        return super().model_json_schema(
            by_alias, ref_template, schema_generator, mode, union_format=union_format
        )


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


#: Unicode categories an identifier may not hold: control characters, invisible format
#: characters (zero-width spaces and joiners, bidi overrides, the BOM, soft hyphen), surrogates
#: and line/paragraph separators. They make two ids that print alike differ, or break the line
#: of a log, a CSV cell or a header that quotes the id.
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _visible(value: str) -> str:
    if value.isascii() and value.isprintable():  # the common case, checked in C
        return value
    for position, char in enumerate(value):
        category = unicodedata.category(char)
        if category in _UNSEEN_CATEGORIES or (category == "Zs" and char != " "):
            raise ValueError(
                f"holds the invisible or control character U+{ord(char):04X} at position"
                f" {position}; identifiers may hold printable characters and plain spaces only"
            )
    return value


@cache
def _identifier_pattern() -> str:
    """A JSON Schema pattern for what :func:`_visible` and :func:`_non_empty` accept."""
    unseen = [
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in _UNSEEN_CATEGORIES
        or (unicodedata.category(chr(code)) == "Zs" and code != ord(" "))
    ]
    ranges: list[list[int]] = []
    for code in unseen:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    refused = "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in ranges)
    return f"^(?=.*\\S)[^{refused}]+$"


def _char(code: int) -> str:
    # An escape where ECMA-262 and Python's re read it alike (the basic plane: surrogates
    # cannot even be written as UTF-8); beyond it the character itself, as "\\U0001xxxx" is
    # Python's syntax only.
    return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)


class _IdentifierJsonSchema:
    """An identifier's schema: a string (never an integer: JSON Schema counts 5.0 as one, which
    is no id), with a character other than a space and none that :func:`_visible` refuses.
    Built when a schema is asked for: the character table takes a Unicode scan."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)  # the string and its length bound
        schema["pattern"] = _identifier_pattern()
        return schema


def _id_from_scalar(value: Any) -> Any:
    # Database keys are often ints; accept them, but never floats (1.0 vs "1" would alias).
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# The length bound comes first so that it applies to the str (and shows in the JSON Schema).
Identifier = Annotated[
    str,
    Field(max_length=MAX_ID_CHARS),
    BeforeValidator(_id_from_scalar),
    AfterValidator(_non_empty),
    AfterValidator(_visible),
    _IdentifierJsonSchema(),
]
"""A non-empty identifier of at most ``MAX_ID_CHARS`` characters; ints are accepted and kept as
their decimal string.

Control and invisible characters are refused (Unicode categories Cc, Cf, Cs, Zl, Zp, and every
space but U+0020): ``"c1\x1f"`` or ``"c\u200b1"`` would print like another id."""

Tags = Annotated[
    frozenset[Annotated[str, Field(max_length=MAX_TAG_CHARS)]], Field(max_length=MAX_TAGS)
]
"""A set of at most ``MAX_TAGS`` tags of at most ``MAX_TAG_CHARS`` characters each."""


def in_range(value: date, field: str) -> date:
    """``value`` when its calendar day lies in ``FIRST_DATE..LAST_DATE`` (see
    :mod:`regua.limits`): dates derived from it (step dates, prescription, installments) then
    stay representable."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        raise InvalidInputError(
            field, f"{value.isoformat()} is outside the supported {FIRST_DATE} to {LAST_DATE}"
        )
    return value


def _field_in_range(value: date, info: ValidationInfo) -> date:
    return in_range(value, info.field_name or "date")


class _InRangeJsonSchema:
    """A date's or an instant's schema: its ISO string, with a year in ``FIRST_DATE.year ..
    LAST_DATE.year`` (the bounds are whole centuries, which a pattern can say exactly)."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        centuries = range(FIRST_DATE.year // 100, LAST_DATE.year // 100 + 1)
        schema["pattern"] = f"^({'|'.join(map(str, centuries))})[0-9]{{2}}-"
        return schema


#: A number written as text: pydantic reads one as a Unix timestamp where a date is due.
_NUMBER = re.compile(r"\s*[+-]?[0-9]+(\.[0-9]*)?\s*")


def not_a_number(value: object, field: str) -> object:
    """``value``, unless it is a number (or its text), which pydantic would read as a Unix
    timestamp: ``20260310`` (a compact date) or ``05032026`` (a bank file's) are not days
    counted from 1970, and a timestamp that happens to fall at midnight is no date either."""
    if isinstance(value, bool | int | float | Decimal) or (
        isinstance(value, str) and _NUMBER.fullmatch(value)
    ):
        raise InvalidInputError(
            field, f"{quote(value)} is not a date: write it as YYYY-MM-DD (a number is not read)"
        )
    return value


def _field_not_a_number(value: object, info: ValidationInfo) -> object:
    return not_a_number(value, info.field_name or "date")


Day = Annotated[
    date,
    BeforeValidator(_field_not_a_number),
    AfterValidator(_field_in_range),
    _InRangeJsonSchema(),
]
"""A date in ``FIRST_DATE..LAST_DATE``."""

Instant = Annotated[AwareDatetime, AfterValidator(_field_in_range), _InRangeJsonSchema()]
"""An aware datetime whose own calendar day is in ``FIRST_DATE..LAST_DATE``."""


def as_date(value: date, field: str = "as_of") -> date:
    """Reject datetimes where a calendar date is meant: which day an instant falls on depends on
    a time zone, and the caller is the one who knows it."""
    if isinstance(value, datetime):
        raise InvalidInputError(
            field, "expected a date, got a datetime; convert it to the local date first"
        )
    if not isinstance(value, date):
        raise InvalidInputError(field, f"expected a date, got {type(value).__name__}")
    return in_range(value, field)


def in_parent_currency(adapter: TypeAdapter[Any], value: Any, info: ValidationInfo) -> Any:
    """Validate nested amounts (payments, installments) against the parent model's currency.

    Nested models carry no currency of their own, so their decimals must be checked against the
    parent's (a KWD payment may have 3), not against the BRL default. The parent declares
    ``currency`` before the nested field; if ``currency`` itself failed, ``value`` is left for
    the default validation.
    """
    currency = info.data.get("currency")
    if not isinstance(currency, str):
        return value
    return adapter.validate_python(value, context={"currency": currency})

"""Shared pydantic configuration and small validators for regua's models."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
)

from regua.errors import InvalidInputError
from regua.limits import FIRST_DATE, LAST_DATE, MAX_ID_CHARS, MAX_TAG_CHARS, MAX_TAGS

__all__ = [
    "Day",
    "Frozen",
    "Identifier",
    "Instant",
    "Tags",
    "as_date",
    "in_parent_currency",
    "in_range",
    "trusted",
]


class Frozen(BaseModel):
    """Immutable, strict-about-extras base: a typo in a field name is an error, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


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


Day = Annotated[date, AfterValidator(_field_in_range)]
"""A date in ``FIRST_DATE..LAST_DATE``."""

Instant = Annotated[AwareDatetime, AfterValidator(_field_in_range)]
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


_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__


def trusted(model: type[_M], values: dict[str, Any], fields_set: set[str]) -> _M:
    """A ``model`` whose ``__dict__`` is ``values``, built without validation.

    Only for values the library has just computed from validated inputs, each already of its
    field's type and within its constraints, every field present in declaration order (defaults
    included), as validation would store them; each caller says why that holds and has a test
    that validating the result's dump gives an equal model. ``fields_set`` is what
    ``model_fields_set`` reports; it may be shared between instances (the models are frozen, and
    pydantic copies the set before changing it). This is ``model_construct`` without its
    per-field default and alias handling, which costs more than the values themselves.
    """
    instance = model.__new__(model)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", fields_set)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance

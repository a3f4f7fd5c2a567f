"""Shared pydantic configuration and small validators for regua's models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    TypeAdapter,
    ValidationInfo,
)

from regua.errors import InvalidInputError

__all__ = ["Frozen", "Identifier", "as_date", "in_parent_currency"]


class Frozen(BaseModel):
    """Immutable, strict-about-extras base: a typo in a field name is an error, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def _id_from_scalar(value: Any) -> Any:
    # Database keys are often ints; accept them, but never floats (1.0 vs "1" would alias).
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Identifier = Annotated[str, BeforeValidator(_id_from_scalar), AfterValidator(_non_empty)]
"""A non-empty identifier; ints are accepted and kept as their decimal string."""


def as_date(value: date, field: str = "as_of") -> date:
    """Reject datetimes where a calendar date is meant: which day an instant falls on depends on
    a time zone, and the caller is the one who knows it."""
    if isinstance(value, datetime):
        raise InvalidInputError(
            field, "expected a date, got a datetime; convert it to the local date first"
        )
    if not isinstance(value, date):
        raise InvalidInputError(field, f"expected a date, got {type(value).__name__}")
    return value


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

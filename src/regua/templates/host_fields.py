"""Host fields: placeholders a schedule or a template declares for values only the host has.

A billing host knows a contract number, a plan name, a renewal date. A template may show them
once they are declared with a kind (``text``, ``money``, ``date`` or ``count``) and optional
bounds: the template is then validated with those names like the built-in ones (any other name
still fails when the template is built), and at render time the value, from ``Action.context``
(the host fills it per action, from its customer or invoice) or from a plain mapping, is parsed
for its kind, held to its bounds and formatted with Babel for the message locale.

Values in ``Action.context`` are text, as JSON carries them: ``"1234.50"`` for money (in the
action's currency), ``"2026-03-05"`` for a date, ``"12"`` for a count. A plain mapping may also
pass ``Decimal``, ``date`` and ``int`` values.

>>> field = HostField(name="plan_name", kind="text", max_length=40)
>>> field.format("Fibra 500", currency="BRL", locale="pt_BR")
'Fibra 500'
>>> HostField(name="renewal", kind="date").format("2026-03-05", currency="BRL", locale="pt_BR")
'5 de março de 2026'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from babel.numbers import format_decimal
from pydantic import Field, StrictBool, WithJsonSchema, model_validator

from regua._config_model import ConfigModel
from regua._validation import in_range
from regua.errors import InvalidInputError, TemplateError
from regua.limits import MAX_ID_CHARS, MAX_VALUE_CHARS, quote
from regua.money import check_places, to_decimal
from regua.templates.formats import format_long_date, format_money
from regua.templates.placeholders import PLACEHOLDERS

__all__ = ["HostField", "HostFieldKind"]

_NAME = r"^[a-z][a-z0-9_]*$"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# Counts are shown as numbers; Python refuses to print ints past 4,300 digits.
_MAX_COUNT = 10**18


# A bound is written as text in JSON, as every regua amount is.
_Bound = Annotated[
    Decimal,
    Field(max_digits=30, decimal_places=12),
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]{1,18}(\.[0-9]{1,12})?$"}),
]


class HostFieldKind(StrEnum):
    """How a host field's value is read and shown."""

    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    COUNT = "count"


class HostField(ConfigModel):
    """One placeholder the host supplies: its ``name``, ``kind`` and bounds.

    ``max_length`` bounds a ``text`` value (at most the 2,000 characters of any value);
    ``minimum`` and ``maximum`` bound a ``money`` value (in the action's currency) or a ``count``
    (whole numbers, 0 or more); ``earliest`` and ``latest`` bound a ``date``. A bound that does
    not fit the kind is refused. A ``required`` field with no value fails the render naming
    ``context.<name>``; an optional one renders as an empty string.
    """

    name: Annotated[str, Field(max_length=MAX_ID_CHARS, pattern=_NAME)] = Field(
        examples=["contract_number", "plan_name"]
    )
    kind: HostFieldKind = Field(default=HostFieldKind.TEXT, examples=["money", "date", "count"])
    required: StrictBool = Field(default=True, examples=[False])
    max_length: int | None = Field(default=None, ge=1, le=MAX_VALUE_CHARS, examples=[40])
    minimum: _Bound | None = Field(default=None, examples=["0.00"])
    maximum: _Bound | None = Field(default=None, examples=["100000.00"])
    earliest: date | None = Field(default=None, examples=["2026-01-01"])
    latest: date | None = Field(default=None, examples=["2030-12-31"])

    @model_validator(mode="after")
    def _bounds_fit_the_kind(self) -> Self:
        if self.name in PLACEHOLDERS:
            raise ValueError(f"name: {self.name!r} is a built-in placeholder; pick another name")
        allowed = {
            HostFieldKind.TEXT: {"max_length"},
            HostFieldKind.MONEY: {"minimum", "maximum"},
            HostFieldKind.COUNT: {"minimum", "maximum"},
            HostFieldKind.DATE: {"earliest", "latest"},
        }[self.kind]
        for bound in ("max_length", "minimum", "maximum", "earliest", "latest"):
            if getattr(self, bound) is not None and bound not in allowed:
                raise ValueError(f"{bound}: a {self.kind} field has no {bound}")
        if self.kind is HostFieldKind.COUNT:
            for bound in ("minimum", "maximum"):
                value = getattr(self, bound)
                if value is not None and (value != value.to_integral_value() or value < 0):
                    raise ValueError(f"{bound}: a count is a whole number, 0 or more")
        low, high = (self.minimum, self.maximum)
        if low is not None and high is not None and low > high:
            raise ValueError("minimum: must not be above maximum")
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("earliest: must not be after latest")
        return self

    def read(self, value: object, *, currency: str) -> str | Decimal | int | date:
        """``value`` read as this field's kind (money in ``currency``) and checked against its
        bounds; a :class:`~regua.errors.TemplateError` naming ``context.<name>`` otherwise."""
        field = f"context.{self.name}"
        try:
            if self.kind is HostFieldKind.TEXT:
                return self._text(value, field)
            if self.kind is HostFieldKind.MONEY:
                return check_places(self._number(value, field), currency, field)
            if self.kind is HostFieldKind.COUNT:
                return self._count(value, field)
            return self._date(value, field)
        except InvalidInputError as err:
            raise TemplateError(field, err.reason) from None

    def format(self, value: object, *, currency: str, locale: str) -> str:
        """``value`` :meth:`read` and formatted for ``locale``."""
        read = self.read(value, currency=currency)
        if isinstance(read, str):
            return read
        if isinstance(read, Decimal):
            return format_money(read, currency, locale)
        if isinstance(read, int):
            return format_decimal(read, locale=locale)
        return format_long_date(read, locale)

    @staticmethod
    def repeated(fields: Iterable[HostField]) -> tuple[int, str] | None:
        """The position and name of the first field that declares a name again, if any: a
        template, or a schedule for its templates, declares each name once."""
        seen: set[str] = set()
        for i, field in enumerate(fields):
            if field.name in seen:
                return i, field.name
            seen.add(field.name)
        return None

    def _text(self, value: object, field: str) -> str:
        if not isinstance(value, str):
            raise TemplateError(field, f"a text field takes text, got {type(value).__name__}")
        text = str.__str__(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise TemplateError(
                field, f"is {len(text)} characters long; the field allows {self.max_length}"
            )
        return text

    def _number(self, value: object, field: str) -> Decimal:
        if not isinstance(value, (str, Decimal, int)):
            raise TemplateError(field, f"expected a number, got {type(value).__name__}")
        number = to_decimal(value, field)
        if self.minimum is not None and number < self.minimum:
            raise TemplateError(field, f"{quote(number)} is below the minimum {self.minimum}")
        if self.maximum is not None and number > self.maximum:
            raise TemplateError(field, f"{quote(number)} is above the maximum {self.maximum}")
        return number

    def _count(self, value: object, field: str) -> int:
        number = self._number(value, field)
        if number != number.to_integral_value() or number < 0:
            raise TemplateError(field, f"a count is a whole number, 0 or more, got {quote(value)}")
        if number >= _MAX_COUNT:
            raise TemplateError(field, "is too large a count to show (the limit is 10**18)")
        return int(number)

    def _date(self, value: object, field: str) -> date:
        if isinstance(value, str):
            if not _ISO_DATE.fullmatch(value):
                raise TemplateError(field, f"expected a date as YYYY-MM-DD, got {quote(value)}")
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise TemplateError(field, f"{quote(value)} is not a calendar date") from None
        if type(value) is not date:
            raise TemplateError(field, f"expected a date, got {type(value).__name__}")
        day = in_range(value, field)
        if self.earliest is not None and day < self.earliest:
            raise TemplateError(field, f"{day} is before the earliest {self.earliest}")
        if self.latest is not None and day > self.latest:
            raise TemplateError(field, f"{day} is after the latest {self.latest}")
        return day

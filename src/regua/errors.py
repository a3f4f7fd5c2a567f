"""Exceptions raised by regua.

Every error regua raises on bad input is either a :class:`pydantic.ValidationError` (from a
model) or a :class:`ReguaError` subclass that names the offending field and the reason, so a
host can show it to the person who typed the value.
"""

from __future__ import annotations

__all__ = [
    "InvalidInputError",
    "LegalLimitError",
    "MissingExtraError",
    "ReguaError",
    "TemplateError",
]


class ReguaError(Exception):
    """Base class of every exception regua raises on purpose."""


class InvalidInputError(ReguaError, ValueError):
    """A value passed to regua is not acceptable.

    ``field`` names the parameter or field, ``reason`` says what is wrong with it. Subclassing
    :class:`ValueError` lets pydantic validators raise it and report it as a field error.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class LegalLimitError(InvalidInputError):
    """The input asks for something Brazilian law forbids by default (e.g. a 10% consumer fine)."""


class TemplateError(InvalidInputError):
    """A message template is malformed, unsafe or references an unknown placeholder."""


class MissingExtraError(ReguaError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs it
    (``pip install regua[polars]``)."""

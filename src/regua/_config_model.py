"""The base of the configuration models a host writes by hand (a schedule and its parts, a
calendar, templates, offer and credit policies, simulation events): a misspelled key's error
says which key it is closest to ("did you mean 'steps'?").

The data models (customers, invoices, payments ...) stay on :class:`~regua._validation.Frozen`:
they are validated once per row of a portfolio, and this check costs a Python call per model.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError, ValidatorFunctionWrapHandler, model_validator
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from regua._validation import Frozen

__all__ = ["ConfigModel"]

_EXTRA = "extra_forbidden"


class ConfigModel(Frozen):
    """A :class:`~regua._validation.Frozen` model whose unknown keys get a suggestion."""

    @model_validator(mode="wrap")
    @classmethod
    def _hint_unknown_keys(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(data)
        except ValidationError as error:
            errors = error.errors()
            hints = {
                i: hint
                for i, e in enumerate(errors)
                if e["type"] == _EXTRA
                and len(e["loc"]) == 1
                and (hint := _closest(str(e["loc"][0]), cls.model_fields)) is not None
            }
            if not hints:
                raise
            raise ValidationError.from_exception_data(
                error.title,
                [
                    _hinted(e, hints[i]) if i in hints else _as_given(e)
                    for i, e in enumerate(errors)
                ],
            ) from None


def _closest(key: str, fields: dict[str, Any]) -> str | None:
    """The field name ``key`` most likely misspells, or None when none is close."""
    found = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    if not found:  # a prefix, "consolid" for "consolidate", is too short for the ratio
        found = [name for name in fields if len(key) >= 3 and name.startswith(key)][:1]
    return found[0] if found else None


def _hinted(error: ErrorDetails, hint: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(_EXTRA, f"Extra inputs are not permitted; did you mean {hint!r}?"),
        loc=error["loc"],
        input=error["input"],
    )


def _as_given(error: ErrorDetails) -> InitErrorDetails:
    """An error re-raised as it was: a pydantic error by its type (its message and link come
    back), a custom one (a nested level's hint) by its message."""
    if "url" not in error:
        return InitErrorDetails(
            type=PydanticCustomError(error["type"], error["msg"]),
            loc=error["loc"],
            input=error["input"],
        )
    details = InitErrorDetails(type=error["type"], loc=error["loc"], input=error["input"])
    if "ctx" in error:
        details["ctx"] = error["ctx"]
    return details

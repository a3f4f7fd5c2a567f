"""The base of regua's result dataclasses: JSON-ready dicts and JSON text (and reading them
back), and, for one minor version, the pydantic method names the results that were pydantic
models had.

A result is a frozen, slotted dataclass (see the architecture notes: what regua hands back is
built from values it has already validated). Its dump goes through ``pydantic.TypeAdapter``,
so it reads like the pydantic dump it replaces: money as its decimal string (``"10.50"``,
never a float), dates and instants in ISO form, enums by value, tuples as lists.

>>> from datetime import date
>>> from regua.rules import StepExplanation, StepState
>>> row = StepExplanation(invoice_id="NF-1", step_id="d+3", step_date=date(2026, 3, 8),
...                       state=StepState.NOT_YET, reason="its date is in the future")
>>> row.to_dict()["step_date"], row.to_dict()["state"]
('2026-03-08', 'not_yet')
>>> row.to_json()[:40]
'{"invoice_id":"NF-1","step_id":"d+3","st'
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from pydantic import ConfigDict, TypeAdapter

__all__ = ["Result"]


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    # Building an adapter walks the type's fields; one per result type is enough.
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated (results are dataclasses now); use {new}. The old name goes in"
        " the next minor version",
        DeprecationWarning,
        stacklevel=3,
    )


class Result:
    """``to_dict()``/``to_json()`` and ``from_dict()``/``from_json()`` for a result dataclass;
    the ``model_*`` names, deprecated."""

    __slots__ = ()
    # Read back as the models are: a misspelled key is refused, never dropped.
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready values: money as decimal strings, dates as ISO strings."""
        dumped: dict[str, Any] = _adapter(type(self)).dump_python(self, mode="json")
        return dumped

    def to_json(self, *, indent: int | None = None) -> str:
        """The result as JSON text (``to_dict()``, serialized)."""
        return _adapter(type(self)).dump_json(self, indent=indent).decode()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The result :meth:`to_dict` gave, read back (a stored result, say); the values'
        types are checked (a ``pydantic.ValidationError`` names a wrong or unknown field), not
        how regua computed them."""
        result: Self = _adapter(cls).validate_python(data)
        return result

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """The result :meth:`to_json` gave, read back (see :meth:`from_dict`)."""
        result: Self = _adapter(cls).validate_json(text)
        return result

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """Deprecated: use :meth:`to_dict` (``mode="json"``) or :func:`dataclasses.asdict`."""
        _deprecated(f"{type(self).__name__}.model_dump()", ".to_dict()")
        dumped: dict[str, Any] = _adapter(type(self)).dump_python(self, **options)
        return dumped

    def model_dump_json(self, **options: Any) -> str:
        """Deprecated: use :meth:`to_json`."""
        _deprecated(f"{type(self).__name__}.model_dump_json()", ".to_json()")
        return _adapter(type(self)).dump_json(self, **options).decode()

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """Deprecated: use :meth:`from_dict`."""
        _deprecated(f"{cls.__name__}.model_validate()", f"{cls.__name__}.from_dict()")
        result: Self = _adapter(cls).validate_python(data)
        return result

    @classmethod
    def model_validate_json(cls, text: str | bytes) -> Self:
        """Deprecated: use :meth:`from_json`."""
        _deprecated(f"{cls.__name__}.model_validate_json()", f"{cls.__name__}.from_json()")
        return cls.from_json(text)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Self:
        """Deprecated: use :func:`dataclasses.replace` (``deep`` is ignored)."""
        _deprecated(f"{type(self).__name__}.model_copy()", "dataclasses.replace()")
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]

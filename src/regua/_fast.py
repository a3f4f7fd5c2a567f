"""The one speed trick regua keeps: building a pydantic model from values it has just computed,
without validating them again.

Measured at 100,000 invoices (benchmarks/run.py's ``plan``, ``daily`` and ``price``, best of 3
CPU seconds on the 2-core development machine, December 2026): building every planned
``Action`` with ``Action.model_validate`` instead takes ``plan`` from ~2.7 s to 4.06 s (+50 %)
and ``daily`` from ~2.0 s to 2.92 s (+45 %), ~33 µs an action; building installment plans with
``model_validate`` takes ``price`` (25,000 twelve-installment plans) from 2.6 s to 15.1 s (5.8x).
Everything else in regua builds its models the ordinary way.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["trusted"]

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

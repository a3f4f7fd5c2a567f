"""Batch ingestion: validate many rows into regua models, streaming, with per-row errors.

A host reads rows (dicts from a database cursor, a CSV reader, a DataFrame) and turns them into
models before planning or scoring. For a portfolio of millions of rows two things matter:

- **Bounded memory.** :func:`iter_validate` pulls ``chunk_size`` rows at a time from the input
  and yields their models one by one; it never reads ahead of the chunk being consumed, so a
  generator of rows is read lazily and at most one chunk of models is alive in the pipeline.
- **Bad rows do not sink the batch** unless you want them to. ``errors="raise"`` (default) stops
  at the first bad row with an :class:`~regua.errors.InvalidInputError` naming the row and field;
  ``errors="collect"`` returns the good models *and* a :class:`RowError` for every bad row, with
  its position in the input and the field errors.

Each chunk is validated in one call of a ``TypeAdapter(list[model])``: measured on ``Invoice``
rows this is faster than one ``model_validate`` call per row (see ``docs/performance.md``). A
chunk with a bad row is validated again row by row to tell the good rows from the bad ones, so
errors cost only in the chunks that have them.

A CSV cell is text, so a boolean field of a data model (``Invoice.disputed``,
``Customer.dunning_blocked`` ...) takes the text a table holds: ``"true"``/``"false"`` (any
case), ``"t"``/``"f"`` (PostgreSQL's export), ``"1"``/``"0"``, ``"yes"``/``"no"``,
``"on"``/``"off"``. A configuration (a schedule, a policy) is written by hand as JSON, TOML or
YAML, which have booleans: there, only ``true`` and ``false`` are booleans, and ``"yes"`` is an
error naming the field.

>>> from regua.models import Invoice
>>> rows = [{"id": "i1", "customer_id": "c1", "amount": "10.00", "due_date": "2026-03-10"},
...         {"id": "i2", "customer_id": "c1", "amount": "-1", "due_date": "2026-03-10"}]
>>> result = from_records(rows, Invoice, errors="collect")
>>> [i.id for i in result.items], result.errors[0].index, result.errors[0].errors[0].field
(['i1'], 1, 'amount')
>>> from_records(rows, Invoice)
Traceback (most recent call last):
...
regua.errors.InvalidInputError: rows[1].amount: must not be negative, got -1
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, Literal, TypeVar, overload

from pydantic import BaseModel, TypeAdapter, ValidationError

from regua._inputs import field_problems, many
from regua.errors import InvalidInputError
from regua.limits import quote

__all__ = ["BatchResult", "FieldError", "RowError", "from_records", "iter_validate", "to_records"]

M = TypeVar("M", bound=BaseModel)

DEFAULT_CHUNK_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field of a row: ``field`` is the dotted path (``payments.0.amount``,
    empty for the row as a whole), ``message`` the reason, ``type`` pydantic's error code."""

    field: str
    message: str
    type: str


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that did not validate: its 0-based ``index`` in the input, the ``row`` itself (so
    the host can write it to a reject file) and every field error."""

    index: int
    row: Any
    errors: tuple[FieldError, ...]

    def __str__(self) -> str:
        return "; ".join(
            f"rows[{self.index}]{'.' if e.field else ''}{e.field}: {e.message}" for e in self.errors
        )


@dataclass(frozen=True, slots=True)
class BatchResult(Generic[M]):
    """What ``from_records(..., errors="collect")`` returns: the good models, in input order,
    and one :class:`RowError` per bad row, in input order."""

    items: list[M] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row validated."""
        return not self.errors


@lru_cache(maxsize=64)
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _field_errors(exc: ValidationError) -> tuple[FieldError, ...]:
    return tuple(FieldError(*problem) for problem in field_problems(exc))


def _validate_chunk(model: type[M], chunk: list[Any], start: int) -> tuple[list[M], list[RowError]]:
    try:
        return _list_adapter(model).validate_python(chunk), []
    except ValidationError:
        pass
    items: list[M] = []
    bad: list[RowError] = []
    for offset, row in enumerate(chunk):
        try:
            items.append(model.model_validate(row))
        except ValidationError as exc:
            bad.append(RowError(index=start + offset, row=row, errors=_field_errors(exc)))
    return items, bad


def _raise(error: RowError) -> None:
    first = error.errors[0]
    path = f"rows[{error.index}]" + (f".{first.field}" if first.field else "")
    raise InvalidInputError(path, first.message)


def iter_validate(
    rows: Iterable[Any],
    model: type[M],
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_error: Callable[[RowError], None] | None = None,
) -> Iterator[M]:
    """Validate ``rows`` into ``model`` lazily, ``chunk_size`` rows at a time, in input order.

    Without ``on_error`` the first bad row raises :class:`~regua.errors.InvalidInputError`
    (``rows[12].amount: ...``); with it, each bad row's :class:`RowError` is passed to
    ``on_error`` (``rejects.append``, a logger) and the good rows keep flowing. The result can be
    passed straight to the portfolio functions, which accept any iterable.

    >>> from regua.models import Customer
    >>> rows = ({"id": n, "name": f"C{n}", "kind": "consumer"} for n in range(3))
    >>> [c.id for c in iter_validate(rows, Customer, chunk_size=2)]
    ['0', '1', '2']
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InvalidInputError(
            "chunk_size", f"must be a whole number >= 1, got {quote(chunk_size)}"
        )
    iterator = iter(many(rows, "rows (mappings or models)", "rows"))
    start = 0
    while chunk := list(itertools.islice(iterator, chunk_size)):
        items, bad = _validate_chunk(model, chunk, start)
        for error in bad:
            if on_error is None:
                _raise(error)
            else:
                on_error(error)
        start += len(chunk)
        del chunk
        yield from items


@overload
def from_records(
    rows: Iterable[Any],
    model: type[M],
    *,
    errors: Literal["raise"] = ...,
    chunk_size: int = ...,
) -> list[M]: ...


@overload
def from_records(
    rows: Iterable[Any],
    model: type[M],
    *,
    errors: Literal["collect"],
    chunk_size: int = ...,
) -> BatchResult[M]: ...


def from_records(
    rows: Iterable[Any],
    model: type[M],
    *,
    errors: Literal["raise", "collect"] = "raise",
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> list[M] | BatchResult[M]:
    """Validate every row into ``model``: a list, or with ``errors="collect"`` a
    :class:`BatchResult` holding the good models and one :class:`RowError` per bad row.

    For portfolios too big to hold as models, use :func:`iter_validate` instead.
    """
    if errors == "raise":
        return list(iter_validate(rows, model, chunk_size=chunk_size))
    if errors != "collect":
        raise InvalidInputError("errors", f"must be 'raise' or 'collect', got {quote(errors)}")
    result: BatchResult[M] = BatchResult()
    result.items.extend(
        iter_validate(rows, model, chunk_size=chunk_size, on_error=result.errors.append)
    )
    return result


def to_records(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Plain dicts of ``items``, regua models or results such as ``explain(...).rows``
    (``Decimal`` and ``date`` kept exact, enums as enums);
    ``from_records(to_records(items), Model) == list(items)``.

    >>> from regua.samples import sample_customers
    >>> to_records(sample_customers())[0]["name"]
    'Ana Beatriz Souza'
    """
    return [_record(item, i) for i, item in enumerate(many(items, "models", "items"))]


def _record(item: object, position: int) -> dict[str, Any]:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="python")
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        dumped: dict[str, Any] = TypeAdapter(type(item)).dump_python(item, mode="python")
        return dumped
    raise InvalidInputError(
        f"items[{position}]", f"expected a regua model or result, got {type(item).__name__}"
    )

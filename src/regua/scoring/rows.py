"""Plain result rows that drop into pandas or polars without conversion code.

Every scoring result is a frozen dataclass row; a collection of rows is a :class:`Rows`, a
read-only sequence with :meth:`Rows.to_records` (``list[dict]`` of plain values: ``str``,
``int``, ``Decimal``, ``date``, ``None`` and lists of those; enums become their string value)
and :meth:`Rows.to_pandas` / :meth:`Rows.to_polars`, which import those libraries only when
called (through :mod:`regua.frames`, so money stays an exact decimal column).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import polars as pl

__all__ = ["Rows", "plain"]

R = TypeVar("R")


def plain(value: Any) -> Any:
    """A value as it appears in a record: enums by value, tuples and nested rows as lists/dicts."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


class Rows(Sequence[R], Generic[R]):
    """An immutable, ordered sequence of result rows (frozen dataclasses)."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Iterable[R] = ()) -> None:
        self._rows = tuple(rows)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Rows[R]: ...
    def __getitem__(self, index: int | slice) -> R | Rows[R]:
        if isinstance(index, slice):
            return type(self)(self._rows[index])
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[R]:
        return iter(self._rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rows) and self._rows == other._rows

    def __hash__(self) -> int:
        return hash(self._rows)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._rows)!r})"

    def _repr_html_(self) -> str:
        from regua._html import table

        records = self.to_records()
        columns = list(records[0]) if records else []
        return table(
            f"{type(self).__name__}: {len(records)} rows",
            columns,
            ([record[c] for c in columns] for record in records),
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One ``dict`` per row, keys in field order; ``pd.DataFrame(rows.to_records())`` works."""
        return [plain(row) for row in self._rows]

    def to_pandas(self) -> pd.DataFrame:
        """A pandas DataFrame (exact decimal columns); needs ``pip install regua[pandas]``."""
        from regua.frames import records_to_pandas

        return records_to_pandas(self.to_records())

    def to_polars(self) -> pl.DataFrame:
        """A polars DataFrame (exact decimal columns); needs ``pip install regua[polars]``."""
        from regua.frames import records_to_polars

        return records_to_polars(self.to_records())

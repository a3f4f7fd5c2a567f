"""Columns of a table read by an integer key, by position instead of a join.

The planning tables key a customer by a small integer (``__c``, the customer's number, or
``__customer``, its row in validation). A left join on such a key hashes it and copies every
column of the left table into a new frame; reading the right table's columns at each row's
position and adding them beside the left table's copies nothing: at 1,000,000 invoices, the
invoices with their customer's local date took 191 ms joined and 25 ms read by position (one
polars thread, first run of ``benchmarks/phases.py``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["looked_up"]


def looked_up(pl: Any, frame: Any, table: Any, key: str) -> Any:
    """``frame`` with the other columns of ``table``, each row getting those of the row of
    ``table`` whose ``key`` is its own: ``frame.join(table, on=key, how="left",
    maintain_order="left")``. ``key`` is an integer column in both, from 0 to below 2**32
    (polars' own row numbers), unique in ``table``; a row whose key ``table`` lacks (or is
    null) gets nulls."""
    keys = table.get_column(key).cast(pl.UInt32)
    wanted = frame.get_column(key).cast(pl.UInt32)
    size = max(int(keys.max() or 0), int(wanted.max() or 0)) + 1
    position = pl.repeat(None, size, dtype=pl.UInt32, eager=True).scatter(
        keys, pl.int_range(len(keys), dtype=pl.UInt32, eager=True)
    )
    at = position.gather(wanted)
    return frame.hstack(table.drop(key).select(pl.all().gather(at)))

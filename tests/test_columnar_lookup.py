"""``looked_up`` reads a table's columns by position and must equal the left join it replaces."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st

from regua.columnar.lookup import looked_up


def test_reads_each_rows_match_and_nulls_where_none() -> None:
    frame = pl.DataFrame({"k": [2, 0, 7, None, 2], "x": ["a", "b", "c", "d", "e"]})
    table = pl.DataFrame({"k": [0, 2, 3], "name": ["zero", "two", "three"], "n": [10, 12, 13]})
    found = looked_up(pl, frame, table, "k")
    assert found.rows() == [
        (2, "a", "two", 12),
        (0, "b", "zero", 10),
        (7, "c", None, None),
        (None, "d", None, None),
        (2, "e", "two", 12),
    ]


def test_leaves_its_inputs_as_they_were() -> None:
    frame = pl.DataFrame({"k": [1, 0], "x": [1, 2]})
    table = pl.DataFrame({"k": [0, 1], "y": [5, 6]})
    looked_up(pl, frame, table, "k")
    assert frame.columns == ["k", "x"]
    assert table.columns == ["k", "y"]


@given(
    st.lists(st.integers(0, 40), unique=True, max_size=15),
    st.lists(st.one_of(st.none(), st.integers(0, 45)), max_size=30),
)
@example(keys=[], wanted=[])
@example(keys=[], wanted=[3, None])
@example(keys=[5], wanted=[])
def test_equals_the_left_join(keys: list[int], wanted: list[int | None]) -> None:
    table = pl.DataFrame(
        {"k": keys, "v": [f"v{k}" for k in keys], "w": [k * 3 for k in keys]},
        schema={"k": pl.Int64, "v": pl.String, "w": pl.Int64},
    )
    frame = pl.DataFrame(
        {"k": wanted, "row": list(range(len(wanted)))}, schema={"k": pl.Int64, "row": pl.Int64}
    )
    joined = frame.join(table, on="k", how="left", maintain_order="left")
    assert looked_up(pl, frame, table, "k").equals(joined)

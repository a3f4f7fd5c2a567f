"""Lists and records given as JSON text, one value per cell (a CSV's), in ``regua.columnar.plan``:
decoded row by row, exactly as the nested columns would be; a bad cell rejects its row only."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars")

import regua.columnar  # noqa: E402
from regua.columnar.cells import MAX_CELL_CHARS  # noqa: E402

AS_OF = date(2026, 3, 19)
SCHEDULE = {
    "name": "x",
    "steps": [{"id": "d0", "offset": 0, "channels": ["email"], "when": {"tags_none": ["vip"]}}],
}


def _customers(contacts: list[Any], tags: list[Any]) -> Any:
    n = len(contacts)
    return pl.DataFrame(
        {
            "id": [f"c{k}" for k in range(n)],
            "name": ["Ana"] * n,
            "kind": ["consumer"] * n,
            "contacts": contacts,
            "tags": tags,
        }
    )


def _invoices(payments: list[Any]) -> Any:
    n = len(payments)
    return pl.DataFrame(
        {
            "id": [f"x{k}" for k in range(n)],
            "customer_id": [f"c{k}" for k in range(n)],
            "amount": ["10.00"] * n,
            "due_date": [AS_OF] * n,
            "payments": payments,
        }
    )


def test_json_text_cells_are_read_as_the_nested_columns_are() -> None:
    contacts = [{"email": "a@b.com"}, [{"key": "email", "value": "b@c.com"}], None]
    tags = [["vip"], [], None]
    payments = [[], [{"date": "2026-03-01", "amount": 2.5}], None]
    as_text = regua.columnar.plan(
        SCHEDULE,
        _customers(
            [None if c is None else json.dumps(c) for c in contacts],
            [None if t is None else json.dumps(t) for t in tags],
        ),
        _invoices([None if p is None else json.dumps(p) for p in payments]),
        as_of=AS_OF,
    )
    nested = regua.columnar.plan(
        SCHEDULE,
        _customers(
            [
                [{"key": "email", "value": "a@b.com"}],
                [{"key": "email", "value": "b@c.com"}],
                None,
            ],
            tags,
        ),
        _invoices([[], [{"date": "2026-03-01", "amount": "2.5"}], None]),
        as_of=AS_OF,
    )
    assert as_text.rejects.rows() == nested.rejects.rows()
    assert as_text.actions.equals(nested.actions)
    # c0 is tagged vip; c1 owes 10.00 less the 2.50 paid (a JSON number read as its text, not
    # as a binary float); c2 has no e-mail.
    assert [
        (r[0], str(r[1])) for r in as_text.actions.select("customer_id", "amount_due").rows()
    ] == [("c1", "7.50")]


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("tags", "[oops", "expected a JSON value, got '[oops'"),
        ("tags", '"vip"', "expected a JSON array, got 'vip'"),
        ("tags", '[["vip"]]', "expected text or a number, got '[\"vip\"]'"),
        ("contacts", '["a@b.com"]', "expected an object of channel to address"),
        ("contacts", "3", "expected a JSON object of channel to address, got '3'"),
        ("contacts", "[" * 100_000, "expected a JSON value, got '" + "[" * 57 + "...'"),
        (
            "tags",
            "[" + '"a",' * (MAX_CELL_CHARS // 4) + '"a"]',
            f"is longer than {MAX_CELL_CHARS:,} characters",
        ),
    ],
)
def test_a_bad_customer_cell_rejects_that_customer_only(
    column: str, cell: str, reason: str
) -> None:
    contacts = ['{"email": "a@b.com"}', '{"email": "b@c.com"}']
    tags = ["[]", "[]"]
    (contacts if column == "contacts" else tags)[0] = cell
    result = regua.columnar.plan(
        SCHEDULE, _customers(contacts, tags), _invoices(["[]", "[]"]), as_of=AS_OF
    )
    assert result.rejects.rows() == [
        ("customers", 0, column, reason),
        ("invoices", 0, "customer_id", "unknown customer 'c0' (absent or rejected)"),
    ]
    assert result.actions.get_column("customer_id").to_list() == ["c1"]


def test_a_payment_of_the_wrong_shape_rejects_its_invoice() -> None:
    payments = ['[{"date": "2026-03-01", "amount": "1.00", "note": "x"}]', "[]"]
    result = regua.columnar.plan(
        SCHEDULE,
        _customers(['{"email": "a@b.com"}'] * 2, ["[]", "[]"]),
        _invoices(payments),
        as_of=AS_OF,
    )
    assert result.rejects.rows() == [
        ("invoices", 0, "payments", "a payment is an object of date, amount and method")
    ]
    assert result.actions.get_column("customer_id").to_list() == ["c1"]


# Two whole plans an example (100 were 22 s of the suite); each holds up to six customers.
@settings(max_examples=30)
@given(
    st.lists(st.lists(st.text("abv ", min_size=1, max_size=5), max_size=3), min_size=1, max_size=6)
)
def test_tags_as_json_text_decide_as_tags_as_lists(tags: list[list[str]]) -> None:
    contacts = ['{"email": "a@b.com"}'] * len(tags)
    payments = ["[]"] * len(tags)
    as_text = regua.columnar.plan(
        SCHEDULE,
        _customers(contacts, [json.dumps(t) for t in tags]),
        _invoices(payments),
        as_of=AS_OF,
    )
    as_lists = regua.columnar.plan(
        SCHEDULE, _customers(contacts, tags), _invoices(payments), as_of=AS_OF
    )
    assert as_text.rejects.rows() == as_lists.rejects.rows()
    assert as_text.actions.equals(as_lists.actions)

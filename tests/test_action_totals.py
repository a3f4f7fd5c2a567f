"""An action's amount is a total: every plan the engines write can be read back and rendered.

Two invoices of 6E+25 each (below the 1E+26 bound of an amount) make an action of 1.2E+26.
Before the fix the action was planned and written, and rendering it raised "value: 1.2E+26
is too large" from deep inside the formatting, so `regua render` refused the whole plan
(found by a new-user trial). A total is now bounded by MAX_TOTAL: 1E+26 times the 100,000
invoices an action may cover.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

import regua.columnar
import regua.frames
from regua import Action, Creditor, Customer, Invoice, plan, render_action
from regua.errors import InvalidInputError
from regua.money import MAX_TOTAL, quantize

CUSTOMER = Customer(id="c", name="Ana", kind="consumer", contacts={"email": "ana@example.com"})
HUGE = "60000000000000000000000000.00"  # 6E+25
INVOICES = [
    Invoice(id=f"i{n}", customer_id="c", amount=HUGE, due_date=date(2026, 3, 2)) for n in (1, 2)
]
SCHEDULE = {"name": "x", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}
AS_OF = date(2026, 3, 3)


def test_a_plan_of_huge_debts_reads_back_and_renders() -> None:
    (action,) = plan(SCHEDULE, [CUSTOMER], INVOICES, as_of=AS_OF).actions
    assert action.amount_due == Decimal("120000000000000000000000000.00")
    again = Action.model_validate_json(action.model_dump_json())
    creditor = Creditor(name="Acme", document="11222333000181")
    body = render_action(again, customer=CUSTOMER, creditor=creditor, locale="pt_BR").body
    assert "R$\xa0120.000.000.000.000.000.000.000.000,00" in body


def test_the_columnar_engine_writes_the_same_total() -> None:
    result = regua.columnar.plan(
        SCHEDULE,
        regua.frames.to_polars([CUSTOMER]),
        regua.frames.to_polars(INVOICES),
        as_of=AS_OF,
    )
    assert result.actions.get_column("amount_due").to_list() == [
        Decimal("120000000000000000000000000.00")
    ]


def test_an_action_total_is_bounded_by_max_total() -> None:
    (action,) = plan(SCHEDULE, [CUSTOMER], INVOICES, as_of=AS_OF).actions
    assert Decimal("1E+31") == MAX_TOTAL
    below = "9" * 31 + ".99"
    assert Action.model_validate(action.model_dump() | {"amount_due": below}).amount_due == (
        Decimal(below)
    )
    with pytest.raises(ValidationError, match="amount_due"):
        Action.model_validate(action.model_dump() | {"amount_due": "1" + "0" * 31})


def test_quantize_rounds_a_total_only_when_asked() -> None:
    total = Decimal("120000000000000000000000000.005")
    assert quantize(total, limit=MAX_TOTAL) == Decimal("120000000000000000000000000.01")
    with pytest.raises(InvalidInputError, match="must be below 1E\\+26"):
        quantize(total)
    with pytest.raises(InvalidInputError, match="limit"):
        quantize(total, limit=MAX_TOTAL * 10)


def test_a_too_large_amount_is_quoted_as_written() -> None:
    typed = "999999999999999999999999999999999999.99"
    with pytest.raises(InvalidInputError, match=f"value: {typed} is too large"):
        quantize(typed)

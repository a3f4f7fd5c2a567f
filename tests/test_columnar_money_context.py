"""The columnar engine rounds money in regua's decimal context, never the caller's.

A KWD invoice of 99999999999999999999999999.999 (29 digits, below MAX_AMOUNT) raised
decimal.InvalidOperation in regua.columnar.plan under Python's default 28-digit context, and
`regua plan --out a.parquet` exited 3 ("internal error"); a caller's 6-digit context broke
ordinary amounts (1234567.89). The reference engine planned both (found by a new-user trial).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

import pytest

import regua.columnar
import regua.frames
from regua import Customer, Invoice, plan

SCHEDULE = {"name": "t", "steps": [{"id": "d5", "offset": 5, "channels": ["email"]}]}
CUSTOMERS = [Customer(id="sp", name="Cli", kind="consumer", contacts={"email": "sp@example.com"})]


@pytest.mark.parametrize(
    ("amount", "currency", "precision"),
    [("99999999999999999999999999.999", "KWD", 28), ("1234567.89", "BRL", 6)],
)
def test_both_engines_plan_the_amount_whatever_the_callers_context(
    amount: str, currency: str, precision: int
) -> None:
    invoices = [
        Invoice(id="k", customer_id="sp", amount=amount, currency=currency,
                due_date=date(2026, 3, 2))
    ]  # fmt: skip
    with localcontext(prec=precision):
        (reference,) = plan(SCHEDULE, CUSTOMERS, invoices, as_of=date(2026, 3, 9)).actions
        columnar = regua.columnar.plan(
            SCHEDULE,
            regua.frames.to_polars(CUSTOMERS),
            regua.frames.to_polars(invoices),
            as_of=date(2026, 3, 9),
        )
    assert reference.amount_due == Decimal(amount)
    assert columnar.actions.get_column("amount_due").to_list() == [Decimal(amount)]

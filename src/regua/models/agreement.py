"""Renegotiation agreements (acordos) and their installments.

An agreement replaces the open balance of ``invoice_ids`` by a down payment plus installments.
While it is active those invoices are not dunned; its installments become invoices of their own
(``Invoice.agreement_id`` = the agreement's id) that a schedule can dun.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from pydantic import Field, model_validator

from regua.models._base import Frozen, Identifier
from regua.models.invoice import Payment
from regua.money import DEFAULT_CURRENCY, Amount, CurrencyCode, Rate

__all__ = ["Agreement", "Installment"]


class Installment(Frozen):
    """One installment of an agreement: number 0 is the down payment (entrada), if any."""

    number: int = Field(ge=0)
    due_date: date
    amount: Amount
    interest: Amount = Decimal("0")
    amortization: Amount = Decimal("0")
    balance_after: Amount = Decimal("0")
    payments: tuple[Payment, ...] = ()


class Agreement(Frozen):
    """A signed renegotiation: what was owed, what was forgiven, and how it will be paid.

    ``original_debt`` is the updated debt of ``invoice_ids`` when signed (principal plus charges);
    ``discount`` what the creditor forgave; the installments pay ``original_debt - discount`` plus
    the agreement's own interest at monthly ``rate``. ``tolerance_days``: an installment still
    unpaid this many days after its due date breaks the agreement. ``restore_discount_on_break``:
    whether a broken agreement owes the forgiven discount again.
    """

    id: Identifier
    customer_id: Identifier
    invoice_ids: tuple[Identifier, ...] = Field(min_length=1)
    signed_on: date
    currency: CurrencyCode = DEFAULT_CURRENCY
    original_debt: Amount
    discount: Amount = Decimal("0")
    rate: Rate = Decimal("0")
    installments: tuple[Installment, ...] = Field(min_length=1)
    tolerance_days: int = Field(default=30, ge=0)
    restore_discount_on_break: bool = True
    cancelled_on: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Agreement:
        if self.discount > self.original_debt:
            raise ValueError("discount: must not exceed original_debt")
        numbers = [i.number for i in self.installments]
        first = numbers[0]
        if first not in (0, 1) or numbers != list(range(first, first + len(numbers))):
            raise ValueError("installments: numbers must run 0 or 1, 2, 3 … without gaps")
        dues = [i.due_date for i in self.installments]
        if any(b < a for a, b in itertools.pairwise(dues)):
            raise ValueError("installments: due dates must not go backwards")
        if dues[0] < self.signed_on:
            raise ValueError("installments: the first due date is before signed_on")
        return self

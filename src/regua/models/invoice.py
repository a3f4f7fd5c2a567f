"""Invoices and the payments made against them.

Everything derived (balance, days overdue, whether it is open) is a method taking ``as_of``:
payments dated after ``as_of`` are ignored, so a question about the past gets the answer it had
then, and no stored status can disagree with the payments.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Self

from pydantic import Field, TypeAdapter, ValidationInfo, field_validator, model_validator

from regua._validation import Day, Frozen, Identifier, Tags, as_date, in_parent_currency
from regua.limits import MAX_PAYMENTS, MAX_TEXT_CHARS
from regua.models._hold import Blocked, BlockReason, PausedUntil, check_hold
from regua.money import DEFAULT_CURRENCY, Amount, CurrencyCode, check_places, minus, plus

__all__ = [
    "Invoice",
    "Payment",
    "paid_by",
]


#: What the schema says of an amount that must be greater than zero: not only zeros.
_POSITIVE: dict[str, Any] = {"not": {"pattern": "^[0.]*$"}}


class Payment(Frozen):
    """Money received on a given date. ``amount`` must be greater than zero."""

    date: Day
    amount: Amount = Field(json_schema_extra=_POSITIVE)
    method: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("amount: a payment must be greater than zero")
        return value


_PAYMENTS: TypeAdapter[tuple[Payment, ...]] = TypeAdapter(tuple[Payment, ...])


class Invoice(Frozen):
    """A receivable. ``agreement_id`` marks an installment of a renegotiation agreement.
    ``dunning_paused_until`` pauses dunning for this invoice: no step while the customer's local
    day is before it, and it resumes on that day. ``dunning_blocked`` stops it (a "Mahnstopp")
    until the host clears it, with an optional ``dunning_block_reason``; both are reported in
    ``Plan.skipped`` (codes ``dunning_paused``, ``dunning_blocked``) and by ``explain``.

    >>> from datetime import date
    >>> inv = Invoice(id="i1", customer_id="c1", amount="100.00", due_date=date(2026, 3, 5),
    ...               payments=[{"date": date(2026, 3, 10), "amount": "40.00"}])
    >>> inv.balance(date(2026, 3, 9)), inv.balance(date(2026, 3, 10))
    (Decimal('100.00'), Decimal('60.00'))
    >>> inv.days_overdue(date(2026, 3, 15)), inv.paid_on()
    (10, None)
    """

    id: Identifier
    customer_id: Identifier
    currency: CurrencyCode = DEFAULT_CURRENCY
    amount: Amount = Field(json_schema_extra=_POSITIVE)
    due_date: Day
    issue_date: Day | None = Field(default=None, examples=["2026-02-10"])
    payments: tuple[Payment, ...] = Field(default=(), max_length=MAX_PAYMENTS)
    disputed: bool = False
    agreement_id: Identifier | None = None
    tags: Tags = Field(default_factory=frozenset)
    dunning_paused_until: PausedUntil = None
    dunning_blocked: Blocked = False
    dunning_block_reason: BlockReason = None

    @model_validator(mode="after")
    def _hold(self) -> Self:
        check_hold(self.dunning_paused_until, self.dunning_blocked, self.dunning_block_reason)
        return self

    @field_validator("payments", mode="before")
    @classmethod
    def _payments_in_currency(cls, value: Any, info: ValidationInfo) -> Any:
        return in_parent_currency(_PAYMENTS, value, info)

    # Field validators rather than model ones, so the error's location names the field.
    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("amount: an invoice must be greater than zero")
        return value

    @field_validator("issue_date")
    @classmethod
    def _issued_by_due_date(cls, value: date | None, info: ValidationInfo) -> date | None:
        due = info.data.get("due_date")
        if value is not None and isinstance(due, date) and value > due:
            raise ValueError("issue_date: must not be after due_date")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Invoice:
        for i, payment in enumerate(self.payments):
            check_places(payment.amount, self.currency, f"payments[{i}].amount")
            if self.issue_date is not None and payment.date < self.issue_date:
                raise ValueError(f"payments[{i}].date: before the invoice's issue_date")
        return self

    def paid(self, as_of: date) -> Decimal:
        """Total received on or before ``as_of``."""
        return paid_by(self.amount, self.payments, as_date(as_of))

    def balance(self, as_of: date) -> Decimal:
        """Amount still owed at ``as_of``; negative when overpaid (never hidden)."""
        day = as_date(as_of)
        if not self.payments:  # nothing paid: the amount itself (not a copy of it)
            return self.amount
        return minus(self.amount, paid_by(self.amount, self.payments, day))

    def is_open(self, as_of: date) -> bool:
        """True while something is owed at ``as_of``."""
        return self.balance(as_of) > 0

    def days_overdue(self, as_of: date) -> int:
        """Calendar days past the due date while open at ``as_of``; 0 otherwise."""
        day = as_date(as_of)
        if day <= self.due_date or not self.is_open(day):
            return 0
        return (day - self.due_date).days

    def paid_on(self) -> date | None:
        """The date the payments first covered the amount, or None while something is owed."""
        total = Decimal(0)
        for payment in sorted(self.payments, key=lambda p: p.date):
            total = plus(total, payment.amount)
            if total >= self.amount:
                return payment.date
        return None


_ZERO = Decimal(0)


def paid_by(amount: Decimal, payments: tuple[Payment, ...], day: date) -> Decimal:
    """What :meth:`Invoice.paid` returns for ``day``, already a date: portfolio loops call this
    on fields they read once, without re-checking the day for every invoice."""
    # Starts from a zero with the amount's places (quantizing a zero is exact in any context,
    # where a - a is -0 when rounding toward floor), so the sum has them, even with no payment.
    total = _ZERO.quantize(amount)
    for payment in payments:
        if payment.date <= day:
            total = plus(total, payment.amount)
    return total

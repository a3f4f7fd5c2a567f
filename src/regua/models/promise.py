"""Promises to pay (promessas de pagamento): a customer's word that an amount will be paid by a
date, recorded by the host. A light commitment, not an agreement: nothing is renegotiated, and
the debt stays what it was.

While a promise is pending, the schedule holds dunning of its invoices back until ``due_date``
plus the schedule's ``promises.grace_days``; payments on those invoices from ``made_on`` to that
day that add up to ``amount`` keep it, and a promise not kept by then is broken: the ladder
resumes, and a step with ``trigger: broken_promise`` may fire (see
:mod:`regua.rules.promises`). :meth:`Promise.status` says which, for a given day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Self

from pydantic import Field, field_validator, model_validator

from regua._inputs import as_models
from regua._validation import Day, Frozen, Identifier, as_date
from regua.errors import InvalidInputError
from regua.limits import MAX_DAYS, MAX_INVOICES_PER_ACTION, MAX_TEXT_CHARS, quote
from regua.models.enums import Channel
from regua.models.invoice import Invoice, Payment
from regua.money import DEFAULT_CURRENCY, Amount, CurrencyCode, add

__all__ = ["Promise", "PromiseStatus"]


class PromiseStatus(StrEnum):
    """Where a promise stands on a day: ``pending``, ``kept`` or ``broken``."""

    PENDING = "pending"
    KEPT = "kept"
    BROKEN = "broken"


_POSITIVE: dict[str, Any] = {"not": {"pattern": "^[0.]*$"}}


class Promise(Frozen):
    """A customer's promise to pay ``amount`` on ``invoice_ids`` by ``due_date``, made on
    ``made_on`` (through ``channel``, with an optional ``note``).

    ``amount`` is in ``currency`` (the invoices' currency), at most its minor unit's places.
    ``made_on`` must not be after ``due_date``, and ``due_date`` is at most a year after
    ``made_on``: a longer commitment is an agreement (:class:`~regua.models.Agreement`).

    >>> from datetime import date
    >>> p = Promise(id="p1", customer_id="c1", invoice_ids=["i1"], amount="150.00",
    ...             made_on=date(2026, 3, 10), due_date=date(2026, 3, 20))
    >>> p.amount, p.ends_on(grace_days=3)
    (Decimal('150.00'), datetime.date(2026, 3, 23))
    """

    id: Identifier
    customer_id: Identifier
    invoice_ids: tuple[Identifier, ...] = Field(
        min_length=1, max_length=MAX_INVOICES_PER_ACTION, examples=[["NF-1001", "NF-1002"]]
    )
    currency: CurrencyCode = DEFAULT_CURRENCY
    amount: Amount = Field(json_schema_extra=_POSITIVE)
    made_on: Day
    due_date: Day = Field(examples=["2026-03-20"])
    channel: Channel | None = None
    note: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT_CHARS)

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("amount: a promise is of an amount greater than zero")
        return value

    @field_validator("invoice_ids")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("invoice_ids: lists an invoice more than once")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.due_date < self.made_on:
            raise ValueError(f"due_date: {self.due_date} is before made_on {self.made_on}")
        if (self.due_date - self.made_on).days > _MAX_PROMISE_DAYS:
            raise ValueError(
                f"due_date: more than {_MAX_PROMISE_DAYS} days after made_on; a longer"
                " commitment is an agreement"
            )
        return self

    def ends_on(self, grace_days: int) -> date:
        """The last day the promise holds dunning back: ``due_date`` plus ``grace_days``."""
        if isinstance(grace_days, bool) or not isinstance(grace_days, int):
            raise InvalidInputError("grace_days", f"expected an int, got {quote(grace_days)}")
        if not 0 <= grace_days <= MAX_DAYS:
            raise InvalidInputError("grace_days", f"expected 0 to {MAX_DAYS}, got {grace_days}")
        return self.due_date + timedelta(days=grace_days)

    def paid(
        self, invoices: Iterable[Invoice | Mapping[str, Any]], as_of: date, grace_days: int
    ) -> Decimal:
        """Paid towards the promise by ``as_of``: the payments on its invoices (those of its
        customer) dated from ``made_on`` to ``as_of``, and no later than :meth:`ends_on`."""
        return self.paid_from(self._payments(invoices), as_of, grace_days)

    def status(
        self, invoices: Iterable[Invoice | Mapping[str, Any]], as_of: date, grace_days: int
    ) -> PromiseStatus | None:
        """``kept`` once the payments towards it (:meth:`paid`) reach ``amount``, ``broken``
        from the day after :meth:`ends_on` if they did not, else ``pending``; None before
        ``made_on`` (the promise was not made yet).

        >>> from datetime import date
        >>> p = Promise(id="p1", customer_id="c1", invoice_ids=["i1"], amount="150.00",
        ...             made_on=date(2026, 3, 10), due_date=date(2026, 3, 20))
        >>> inv = Invoice(id="i1", customer_id="c1", amount="300.00", due_date=date(2026, 3, 1),
        ...               payments=[{"date": date(2026, 3, 22), "amount": "150.00"}])
        >>> [p.status([inv], day, grace_days=2).value for day in (date(2026, 3, 21),
        ...  date(2026, 3, 22))], p.status([inv], date(2026, 3, 22), grace_days=1).value
        (['pending', 'kept'], 'broken')
        """
        return self.status_from(self._payments(invoices), as_of, grace_days)

    def paid_from(self, payments: Iterable[Payment], as_of: date, grace_days: int) -> Decimal:
        """:meth:`paid`, from the payments of the promise's invoices."""
        last = min(as_date(as_of), self.ends_on(grace_days))
        return add(
            (p.amount for p in payments if self.made_on <= p.date <= last),
            Decimal(0).quantize(self.amount),  # in the amount's places: nothing paid is 0.00
        )

    def status_from(
        self, payments: Iterable[Payment], as_of: date, grace_days: int
    ) -> PromiseStatus | None:
        """:meth:`status`, from the payments of the promise's invoices."""
        day = as_date(as_of)
        if day < self.made_on:
            return None
        if self.paid_from(payments, day, grace_days) >= self.amount:
            return PromiseStatus.KEPT
        if day > self.ends_on(grace_days):
            return PromiseStatus.BROKEN
        return PromiseStatus.PENDING

    def _payments(self, invoices: Iterable[Invoice | Mapping[str, Any]]) -> list[Payment]:
        wanted = set(self.invoice_ids)
        return [
            payment
            for invoice in as_models(invoices, Invoice, "invoices")
            if invoice.customer_id == self.customer_id and invoice.id in wanted
            for payment in invoice.payments
        ]


#: A promise is for the short term (a week or two, in practice): a year at most.
_MAX_PROMISE_DAYS = 366

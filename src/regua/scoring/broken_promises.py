"""Broken promises to pay as evidence for the delinquency profile, when the policy says so.

With ``ProfilePolicy.count_broken_promises`` (off by default), each promise of the customer made
in the look-back window (``made_on`` less than ``window_days`` before ``as_of``) and broken at
``as_of`` counts as one late episode of its own. A promise is broken as
:meth:`regua.models.Promise.status` says, with the policy's ``grace_days`` as its grace: the
same days a payment may come after a due date without being late.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from regua._inputs import UniqueIds, as_models
from regua.models import Payment, Promise, PromiseStatus
from regua.scoring.policy import ProfilePolicy

__all__ = ["PromiseBook"]


class PromiseBook:
    """The promises of a classification run, and the payments of the invoices they name
    (noted as the invoices are read)."""

    __slots__ = ("_named", "_payments", "by_customer")

    def __init__(self, promises: Iterable[Promise | Mapping[str, Any]]) -> None:
        self.by_customer: dict[str, list[Promise]] = {}
        self._named: dict[str, set[str]] = {}
        self._payments: dict[tuple[str, str], tuple[Payment, ...]] = {}
        ids = UniqueIds("promises", "promise")
        for i, promise in enumerate(as_models(promises, Promise, "promises")):
            ids.add(promise.id, i)
            self.by_customer.setdefault(promise.customer_id, []).append(promise)
            self._named.setdefault(promise.customer_id, set()).update(promise.invoice_ids)

    def __bool__(self) -> bool:
        return bool(self.by_customer)

    def note(self, customer_id: str, invoice_id: str, payments: tuple[Payment, ...]) -> None:
        """Keep an invoice's payments when a promise names it."""
        named = self._named.get(customer_id)
        if named is not None and invoice_id in named:
            self._payments[(customer_id, invoice_id)] = payments

    def broken(self, customer_id: str | None, as_of: date, policy: ProfilePolicy) -> int:
        """How many of the customer's promises count as late episodes at ``as_of``."""
        if not policy.count_broken_promises or customer_id is None:
            return 0
        count = 0
        for promise in self.by_customer.get(customer_id, ()):
            if (as_of - promise.made_on).days >= policy.window_days:
                continue
            payments = [
                p
                for invoice_id in promise.invoice_ids
                for p in self._payments.get((customer_id, invoice_id), ())
            ]
            if promise.status_from(payments, as_of, policy.grace_days) is PromiseStatus.BROKEN:
                count += 1
        return count

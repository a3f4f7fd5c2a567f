"""Renegotiation agreements (acordos) and their installments.

An agreement replaces the open balance of ``invoice_ids`` by a down payment plus installments.
While it is active those invoices are not dunned; its installments become invoices of their own
(``Invoice.agreement_id`` = the agreement's id, see :meth:`Agreement.to_invoices`) that a
schedule can dun.

Lifecycle (:meth:`Agreement.status`): ``active`` until every installment is paid
(``fulfilled``), or until an installment stays unpaid more than ``tolerance_days`` after its due
date (``broken``, from the day after the tolerance ends); ``cancelled`` from ``cancelled_on``.
On a break the debtor owes again :meth:`Agreement.owed_on_break`.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Protocol

from dateutil.relativedelta import relativedelta
from pydantic import Field, TypeAdapter, ValidationInfo, field_validator, model_validator

from regua._fields import encode_fields
from regua._inputs import InvoiceIds, as_models
from regua._validation import Day, Frozen, Identifier, as_date, in_parent_currency
from regua.errors import InvalidInputError
from regua.limits import MAX_DAYS, MAX_INSTALLMENTS, MAX_INVOICES_PER_ACTION, MAX_PAYMENTS
from regua.models.enums import AgreementStatus
from regua.models.invoice import Invoice, Payment
from regua.money import (
    DEFAULT_CURRENCY,
    MAX_MONTHLY_RATE,
    Amount,
    CurrencyCode,
    Rate,
    add,
    check_rate,
    in_money_context,
)

if TYPE_CHECKING:
    from regua.calendar import BusinessCalendar

__all__ = ["Agreement", "Installment", "SignedOffer"]


class _OfferDebt(Protocol):
    @property
    def currency(self) -> str: ...
    @property
    def gross(self) -> Decimal: ...
    @property
    def discount(self) -> Decimal: ...
    @property
    def principal(self) -> Decimal: ...


class _OfferPlan(Protocol):
    @property
    def installments(self) -> tuple[Installment, ...]: ...


class SignedOffer(Protocol):
    """What :meth:`Agreement.from_offer` reads of an offer: a :class:`regua.offers.Offer`
    is one. (Models know no offer type: offers are built on models, not the other way.)"""

    @property
    def kind(self) -> str: ...
    @property
    def as_of(self) -> date: ...
    @property
    def debt(self) -> _OfferDebt: ...
    @property
    def plan(self) -> _OfferPlan: ...
    @property
    def rate(self) -> Decimal: ...
    @property
    def tolerance_days(self) -> int: ...
    @property
    def restore_discount_on_break(self) -> bool: ...
    @property
    def max_monthly_rate(self) -> Decimal: ...
    @property
    def extension_days(self) -> int | None: ...


class Installment(Frozen):
    """One installment of an agreement: number 0 is the down payment (entrada), if any."""

    number: int = Field(ge=0)
    due_date: Day
    amount: Amount
    # Defaults validated too, so a missing part is a zero in the currency's places (0.00).
    interest: Amount = Field(default=Decimal("0"), validate_default=True)
    amortization: Amount = Field(default=Decimal("0"), validate_default=True)
    balance_after: Amount = Field(default=Decimal("0"), validate_default=True)
    payments: tuple[Payment, ...] = Field(default=(), max_length=MAX_PAYMENTS)

    def paid(self, as_of: date) -> Decimal:
        """Received for this installment on or before ``as_of``."""
        day = as_date(as_of)
        return add(p.amount for p in self.payments if p.date <= day)

    def is_paid(self, as_of: date) -> bool:
        """True once the payments up to ``as_of`` cover the amount."""
        return self.paid(as_of) >= self.amount


_INSTALLMENTS: TypeAdapter[tuple[Installment, ...]] = TypeAdapter(tuple[Installment, ...])


class Agreement(Frozen):
    """A signed renegotiation: what was owed, what was forgiven, and how it will be paid.

    ``original_debt`` is the updated debt of ``invoice_ids`` when signed (principal plus charges);
    ``discount`` what the creditor forgave; the installments pay ``original_debt - discount`` plus
    the agreement's own interest at monthly ``rate`` (a fraction: ``0.0199`` = 1.99 % a month,
    at most ``max_monthly_rate``, default 0.5, as for :func:`~regua.installments.price`).
    ``tolerance_days``: an installment still unpaid this many days after its due date breaks the
    agreement. ``restore_discount_on_break``: whether a broken agreement owes the forgiven
    discount again.
    """

    id: Identifier
    customer_id: Identifier
    invoice_ids: tuple[Identifier, ...] = Field(min_length=1, max_length=MAX_INVOICES_PER_ACTION)
    signed_on: Day
    currency: CurrencyCode = DEFAULT_CURRENCY
    original_debt: Amount
    discount: Amount = Field(default=Decimal("0"), validate_default=True)
    rate: Rate = Decimal("0")
    installments: tuple[Installment, ...] = Field(min_length=1, max_length=MAX_INSTALLMENTS + 1)
    tolerance_days: int = Field(default=30, ge=0, le=MAX_DAYS)
    restore_discount_on_break: bool = True
    cancelled_on: Day | None = None
    max_monthly_rate: Rate = MAX_MONTHLY_RATE

    @field_validator("installments", mode="before")
    @classmethod
    def _installments_in_currency(cls, value: Any, info: ValidationInfo) -> Any:
        return in_parent_currency(_INSTALLMENTS, value, info)

    @model_validator(mode="after")
    def _consistent(self) -> Agreement:
        if self.discount > self.original_debt:
            raise ValueError("discount: must not exceed original_debt")
        check_rate(self.rate, "rate", max_monthly_rate=self.max_monthly_rate)
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

    @classmethod
    def from_offer(
        cls,
        offer: SignedOffer,
        invoices: Sequence[Invoice | Mapping[str, Any]],
        *,
        start: date,
        id: str | None = None,
        calendar: BusinessCalendar | None = None,
    ) -> Agreement:
        """Sign ``offer`` for ``invoices`` on ``start``.

        The offer's amounts are kept; its dates are moved to ``start``: the down payment (or
        the single cash payment) is due on ``start``, installment ``k`` on the same day of the
        month ``k`` months later (clamped at month end, rolled to the next business day with a
        ``calendar``); an extension's single payment is due its ``extension_days`` after
        ``start`` (rolled likewise). ``original_debt`` is the offer's gross debt and
        ``discount`` its discount. ``id`` defaults to a stable digest of the customer, invoices
        and ``start``.
        """
        day = as_date(start, "start")
        signed = list(as_models(invoices, Invoice, "invoices"))
        if not signed:
            raise InvalidInputError("invoices", "at least one invoice is required")
        customers = {inv.customer_id for inv in signed}
        if len(customers) != 1:
            raise InvalidInputError("invoices", "all invoices must belong to the same customer")
        currencies = {inv.currency for inv in signed} | {offer.debt.currency}
        if len(currencies) != 1:
            raise InvalidInputError("invoices", "invoices and offer must share one currency")
        seen = InvoiceIds()
        for i, inv in enumerate(signed):
            seen.add(inv.customer_id, inv.id, i)
        ids = tuple(inv.id for inv in signed)
        if day < offer.as_of:
            raise InvalidInputError("start", f"before the offer's date {offer.as_of}")
        owed = add(inv.balance(offer.as_of) for inv in signed)
        if owed != offer.debt.principal:  # an offer made for other invoices, or paid since
            raise InvalidInputError(
                "invoices",
                f"their open balance on the offer's date {offer.as_of} is {owed}, where the"
                f" offer's principal is {offer.debt.principal}: sign an offer made for these"
                " invoices",
            )
        customer_id = signed[0].customer_id
        if id is None:
            seed = encode_fields((customer_id, day.isoformat(), *sorted(ids)))
            id = "agr-" + hashlib.sha256(seed.encode()).hexdigest()[:16]

        def shifted(number: int) -> date:
            if offer.extension_days is not None:  # a prorrogação keeps its days, not months
                due = day + timedelta(days=offer.extension_days)
            else:
                due = day + relativedelta(months=number)
            return calendar.next_business_day(due) if calendar is not None else due

        first = 0 if offer.kind == "cash" else 1
        rows = [
            inst.model_copy(
                update={"due_date": shifted(inst.number - 1 + first if inst.number else 0)}
            )
            for inst in offer.plan.installments
        ]
        return cls(
            id=id,
            customer_id=customer_id,
            invoice_ids=ids,
            signed_on=day,
            currency=offer.debt.currency,
            original_debt=offer.debt.gross,
            discount=offer.debt.discount,
            rate=offer.rate,
            installments=tuple(rows),
            tolerance_days=offer.tolerance_days,
            restore_discount_on_break=offer.restore_discount_on_break,
            max_monthly_rate=offer.max_monthly_rate,
        )

    @property
    def total(self) -> Decimal:
        """Everything the installments ask for (down payment and interest included)."""
        return add(i.amount for i in self.installments)

    def paid(self, as_of: date) -> Decimal:
        """Received on all installments on or before ``as_of``."""
        return add(i.paid(as_of) for i in self.installments)

    def broken_on(self) -> date | None:
        """The day the agreement breaks if nothing changes: the day after the tolerance of the
        first installment whose payments (by that day) do not cover it; ``None`` if none."""
        for inst in self.installments:
            limit = inst.due_date + timedelta(days=self.tolerance_days)
            if not inst.is_paid(limit):
                return limit + timedelta(days=1)
        return None

    def status(self, as_of: date) -> AgreementStatus:
        """``cancelled``, ``broken``, ``fulfilled`` or ``active`` at ``as_of`` (in that order).

        A payment made after the tolerance does not repair a broken agreement.
        """
        day = as_date(as_of)
        if self.cancelled_on is not None and self.cancelled_on <= day:
            return AgreementStatus.CANCELLED
        broken = self.broken_on()
        if broken is not None and broken <= day:
            return AgreementStatus.BROKEN
        if all(i.is_paid(day) for i in self.installments):
            return AgreementStatus.FULFILLED
        return AgreementStatus.ACTIVE

    @in_money_context
    def owed_on_break(self, as_of: date) -> Decimal:
        """What is owed again when the agreement breaks: the original debt (minus the discount
        unless ``restore_discount_on_break``) minus everything paid up to ``as_of``, never
        below zero. Interest of the agreement that was paid also counts as paid."""
        base = self.original_debt
        if not self.restore_discount_on_break:
            base -= self.discount
        return max(Decimal(0), base - self.paid(as_of)).quantize(self.original_debt)

    @in_money_context
    def payoff(self, as_of: date) -> Decimal:
        """What settles the agreement on ``as_of`` (CDC art. 52 §2: paying early drops the
        future interest proportionally).

        Each unpaid part of an installment due by ``as_of`` counts in full (late charges are not
        added here); one due later is discounted at the agreement's monthly ``rate`` over the
        time left, ``amount / (1 + rate)^t`` with ``t`` = whole months (same day of the month,
        clamped) plus the remaining days / 30 — so at signing a Price plan is worth what it
        financed. Computed at full precision, rounded half-up to cents once.
        """
        day = as_date(as_of)
        total = Decimal(0)
        for inst in self.installments:
            owed = inst.amount - inst.paid(day)
            if owed <= 0:
                continue
            if inst.due_date <= day:
                total += owed
                continue
            months = 0
            while day + relativedelta(months=months + 1) <= inst.due_date:
                months += 1
            rest = (inst.due_date - (day + relativedelta(months=months))).days
            total += owed / (1 + self.rate) ** (months + Decimal(rest) / 30)
        return total.quantize(self.original_debt, rounding=ROUND_HALF_UP)

    def with_payments(self, invoices: Iterable[Invoice | Mapping[str, Any]]) -> Agreement:
        """A copy whose installments carry the payments of their invoices from
        :meth:`to_invoices` (matched by id; invoices of other agreements are ignored), so a host
        that records payments on the installment invoices can ask :meth:`status`."""
        seen = InvoiceIds()
        by_id = {}
        for i, inv in enumerate(as_models(invoices, Invoice, "invoices")):
            seen.add(inv.customer_id, inv.id, i)
            if inv.agreement_id == self.id:
                by_id[inv.id] = inv
        rows = []
        for inst in self.installments:
            invoice = by_id.get(f"{self.id}-{inst.number}")
            if invoice is not None and invoice.amount != inst.amount:
                raise InvalidInputError(
                    f"invoices[{invoice.id}].amount",
                    f"{invoice.amount} does not match installment {inst.number} ({inst.amount})",
                )
            payments = invoice.payments if invoice is not None else inst.payments
            rows.append(inst.model_copy(update={"payments": payments}))
        return self.model_copy(update={"installments": tuple(rows)})

    def to_invoices(self) -> list[Invoice]:
        """One invoice per installment (id ``"{agreement id}-{number}"``), with
        ``agreement_id`` set and the installment's payments, for the schedule engine to dun."""
        return [
            Invoice(
                id=f"{self.id}-{inst.number}",
                customer_id=self.customer_id,
                currency=self.currency,
                amount=inst.amount,
                due_date=inst.due_date,
                issue_date=min(self.signed_on, inst.due_date),
                payments=inst.payments,
                agreement_id=self.id,
                tags=frozenset({"agreement"}),
            )
            for inst in self.installments
        ]

"""What a customer's renegotiation agreements do to their invoices on the planning day.

An agreement covers its ``invoice_ids`` from signing while active or fulfilled: they are not
dunned (skip code ``agreement``); its installments, invoices with ``agreement_id`` set, are.

Once it is broken or cancelled, the debt is what :meth:`~regua.models.Agreement.owed_on_break`
says (the original debt, with the discount restored unless the agreement says otherwise, minus
everything paid under it), and it is dunned once: on the agreement's open original invoices,
which carry that amount between them in proportion to their balances; or, when the host passed
none of them open (it closed them at signing), on its open installment invoices already due.
The other invoices of the agreement are skipped with code ``agreement`` and a reason that says
where the debt went. Dunning both the originals and the installments would ask for the same
debt twice (the installments are the originals, renegotiated).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from regua.models import Agreement, AgreementStatus
from regua.money import allocate
from regua.rules.records import OpenInvoice

__all__ = ["apply_agreements", "watched_ids"]

_COVERING = frozenset({AgreementStatus.ACTIVE, AgreementStatus.FULFILLED})


def watched_ids(agreements: Mapping[str, list[Agreement]]) -> dict[str, frozenset[str]]:
    """Customer id -> the ids (invoice ids and agreement ids) of invoices a break may re-price.

    Planning drops an invoice with nothing new due as it is read; these are kept, because the
    amount owed after a break is shared among all of an agreement's open invoices.
    """
    watched = {}
    for customer_id, items in agreements.items():
        ids: set[str] = set()
        for agreement in items:
            if agreement.cancelled_on is not None or agreement.broken_on() is not None:
                ids.update(agreement.invoice_ids)
                ids.add(agreement.id)
        if ids:
            watched[customer_id] = frozenset(ids)
    return watched


def apply_agreements(
    agreements: Iterable[Agreement], today: date, invoices: list[OpenInvoice]
) -> tuple[list[OpenInvoice], dict[str, str]]:
    """The invoices with the balances of broken agreements applied, and invoice id -> the
    reason no step goes to it because of an agreement."""
    held: dict[str, str] = {}
    for agreement in agreements:
        if agreement.signed_on > today:
            continue
        status = agreement.status(today)
        if status in _COVERING:
            for invoice_id in agreement.invoice_ids:
                held[invoice_id] = f"covered by active agreement {agreement.id!r}"
        else:
            invoices = _reopen(agreement, status, today, invoices, held)
    return invoices, held


def _reopen(
    agreement: Agreement,
    status: AgreementStatus,
    today: date,
    invoices: list[OpenInvoice],
    held: dict[str, str],
) -> list[OpenInvoice]:
    """Put what is owed after ``agreement`` broke (or was cancelled) on the invoices that carry
    it, and hold back its other invoices."""
    originals = set(agreement.invoice_ids)
    mine = [
        inv
        for inv in invoices
        if inv.balance > 0
        and inv.currency == agreement.currency
        and (inv.id in originals or inv.agreement_id == agreement.id)
    ]
    if not mine:
        return invoices
    carriers = [inv for inv in mine if inv.id in originals] or [
        inv for inv in mine if inv.due <= today.toordinal()
    ]
    owed = agreement.owed_on_break(today)
    when = agreement.cancelled_on if status is AgreementStatus.CANCELLED else agreement.broken_on()
    event = f"agreement {agreement.id!r} {status.value} on {when}: what is owed ({owed})"
    if carriers:
        where = ", ".join(repr(inv.id) for inv in carriers)
        reason = f"{event} is dunned on {where}"
    else:
        reason = f"{event} is dunned on its invoices already due, and none is open"
    carried = {inv.id for inv in carriers}
    for inv in mine:
        if inv.id not in carried:
            held[inv.id] = reason
    if not carriers:
        return invoices
    shares = allocate(owed, [inv.balance for inv in carriers], currency=agreement.currency)
    balance = {inv.id: share for inv, share in zip(carriers, shares, strict=True)}
    return [
        inv._replace(balance=balance[inv.id], fresh=inv.fresh and balance[inv.id] > 0)
        if inv.id in balance
        else inv
        for inv in invoices
    ]

"""Cure rates: of the debtors late on one date, the share with nothing past due on a later one.

A debtor's state at ``start`` is the worst state among their open invoices then: the bucket of
their oldest past-due invoice, or ``prescribed`` when a prescribed debt is open (the worst of
all). Debtors with nothing past due at ``start`` are not late and not counted. A debtor is
*cured* at ``end`` when nothing of theirs is past due at the end of that day (every invoice
due before it paid, prescribed debt included); an invoice that fell due in between and is
late at ``end`` keeps the debtor uncured. ``overdue_balance`` is what the bucket's debtors owed
past due at ``start``, ``cured_balance`` the part of it owed by those who cured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.models import Invoice
from regua.money import DEFAULT_CURRENCY, in_money_context, minor_unit
from regua.scoring._shares import share
from regua.scoring._states import States, invoice_list, table
from regua.scoring.metrics import DEFAULT_AGING_BUCKETS
from regua.scoring.roll_rates import Buckets

if TYPE_CHECKING:
    import polars as pl

__all__ = ["cure_rates"]

_COLUMNS = {
    "start": "date",
    "end": "date",
    "bucket": "str",
    "debtors": "int",
    "cured": "int",
    "cure_rate": "share",
    "overdue_balance": "money",
    "cured_balance": "money",
}


@in_money_context
def cure_rates(
    invoices: Iterable[Invoice | Mapping[str, Any]] | Any,
    *,
    start: date,
    end: date,
    buckets: Buckets = DEFAULT_AGING_BUCKETS,
    prescription_years: int = 5,
) -> pl.DataFrame:
    """One row per past-due state at ``start`` (every bucket after the first, then
    ``prescribed``): the late debtors in it, how many cured by ``end``, the cure rate (to four
    places, half-up; 0 for an empty bucket) and the money behind them.

    >>> from datetime import date
    >>> from regua.samples import sample_invoices
    >>> cures = cure_rates(sample_invoices(), start=date(2026, 2, 15), end=date(2026, 3, 15))
    >>> [(r["bucket"], r["debtors"], r["cured"], str(r["cure_rate"]))
    ...  for r in cures.iter_rows(named=True) if r["debtors"]]
    [('1-5', 2, 0, '0.0000'), ('31-60', 1, 0, '0.0000'), ('prescribed', 1, 0, '0.0000')]
    """
    first, last = as_date(start, "start"), as_date(end, "end")
    if last < first:
        raise InvalidInputError("end", "must not be before start")
    states = States(buckets, prescription_years)
    portfolio = invoice_list(invoices)
    rank = {label: i for i, label in enumerate(states.labels)}
    rank[states.labels[-2]] = len(rank)  # prescribed: worse than any bucket
    worst: dict[str, str] = {}
    owed: dict[str, Decimal] = {}
    late_at_end: set[str] = set()
    for invoice in portfolio:
        customer = invoice.customer_id
        was, balance = states.owing(invoice, first)
        if states.overdue(was):
            owed[customer] = owed.get(customer, Decimal(0)) + balance
            if customer not in worst or rank[was] > rank[worst[customer]]:
                worst[customer] = was
        if states.overdue(states.of(invoice, last)):
            late_at_end.add(customer)
    unit = minor_unit(portfolio[0].currency if portfolio else DEFAULT_CURRENCY)
    records = []
    for label in states.labels[1:-1]:
        debtors = [c for c, state in worst.items() if state == label]
        cured = [c for c in debtors if c not in late_at_end]
        records.append(
            {
                "start": first,
                "end": last,
                "bucket": label,
                "debtors": len(debtors),
                "cured": len(cured),
                "cure_rate": share(Decimal(len(cured)), Decimal(len(debtors))),
                "overdue_balance": sum((owed[c] for c in debtors), Decimal(0)).quantize(unit),
                "cured_balance": sum((owed[c] for c in cured), Decimal(0)).quantize(unit),
            }
        )
    return table(records, _COLUMNS)

"""The indicators a collections team follows each period, one row per period.

For the period ``[start, end]``, measured at the end of ``end``:

- ``receivables``: every open balance (overpaid invoices left out, as in :func:`aging`; an
  invoice counts from its ``issue_date``, or always when it has none);
- ``overdue`` and ``overdue_share``: the part of it past due, and its share of the receivables;
- ``average_days_late`` (*tempo médio de atraso*): the mean days past due of the past-due
  balances, weighted by balance, to one decimal place (0 when nothing is past due);
- ``billed`` and ``dso``: the amounts falling due in the period, and the days of that billing
  the receivables represent, ``receivables / billed × days in the period``, to one place
  (``None`` when nothing fell due);
- ``recovery_index`` (*índice de recuperação*): of what fell overdue in the period, the share
  received by ``end`` (:func:`~regua.scoring.recovery_rate`'s cohort; 0 when none did).

The share of the portfolio overdue by bucket is :func:`~regua.scoring.aging` at ``end``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.models import Invoice
from regua.models.invoice import paid_by
from regua.money import DEFAULT_CURRENCY, in_money_context, minor_unit
from regua.scoring._shares import share
from regua.scoring._states import invoice_list, table

if TYPE_CHECKING:
    import polars as pl

__all__ = ["collection_indicators"]

_TENTH = Decimal("0.1")
_MAX_PERIODS = 1_200
_COLUMNS = {
    "start": "date",
    "end": "date",
    "receivables": "money",
    "overdue": "money",
    "overdue_share": "share",
    "average_days_late": "tenth",
    "billed": "money",
    "dso": "tenth",
    "recovery_index": "share",
}


@in_money_context
def collection_indicators(
    invoices: Iterable[Invoice | Mapping[str, Any]] | Any, *, dates: Sequence[date]
) -> pl.DataFrame:
    """One row of indicators per period between consecutive ``dates`` (each period runs from
    the day after one date to the next, both ends included: month ends give calendar months);
    2 to 1,201 dates, in increasing order.

    >>> from datetime import date
    >>> from regua.samples import sample_invoices
    >>> months = collection_indicators(
    ...     sample_invoices(), dates=[date(2026, 1, 31), date(2026, 2, 28)])
    >>> row = months.row(0, named=True)
    >>> [str(row[k]) for k in ("start", "receivables", "overdue", "overdue_share",
    ...                        "average_days_late", "billed", "dso", "recovery_index")]
    ['2026-02-01', '37158.40', '8309.90', '0.2236', '170.6', '20338.60', '51.2', '0.0465']
    """
    if isinstance(dates, str | bytes) or not isinstance(dates, Sequence):
        raise InvalidInputError("dates", "expected a list of dates")
    days = [as_date(d, f"dates[{i}]") for i, d in enumerate(dates)]
    if not 2 <= len(days) <= _MAX_PERIODS + 1:
        raise InvalidInputError("dates", f"from 2 to {_MAX_PERIODS + 1} dates")
    for i, (before, after) in enumerate(itertools.pairwise(days), start=1):
        if after <= before:
            raise InvalidInputError(f"dates[{i}]", "dates must be in increasing order")
    portfolio = invoice_list(invoices)
    unit = minor_unit(portfolio[0].currency if portfolio else DEFAULT_CURRENCY)
    records = [
        _period(portfolio, before + timedelta(days=1), after, unit)
        for before, after in itertools.pairwise(days)
    ]
    return table(records, _COLUMNS)


def _period(invoices: list[Invoice], first: date, last: date, unit: Decimal) -> dict[str, Any]:
    receivables = overdue = weighted = billed = owed = recovered = Decimal(0)
    for invoice in invoices:
        amount, due, payments = invoice.amount, invoice.due_date, invoice.payments
        balance = amount - paid_by(amount, payments, last)
        issued = invoice.issue_date is None or invoice.issue_date <= last
        if balance > 0 and issued:
            receivables += balance
            if due < last:
                overdue += balance
                weighted += balance * (last - due).days
        if first <= due <= last:
            billed += amount
        if first <= due + timedelta(days=1) <= last:
            at_due = amount - paid_by(amount, payments, due)
            if at_due > 0:
                owed += at_due
                recovered += min(at_due, amount - balance - (amount - at_due))
    span = (last - first).days + 1
    return {
        "start": first,
        "end": last,
        "receivables": receivables.quantize(unit),
        "overdue": overdue.quantize(unit),
        "overdue_share": share(overdue, receivables),
        "average_days_late": (weighted / overdue).quantize(_TENTH, ROUND_HALF_UP)
        if overdue
        else _TENTH * 0,
        "billed": billed.quantize(unit),
        "dso": (receivables / billed * span).quantize(_TENTH, ROUND_HALF_UP) if billed else None,
        "recovery_index": share(recovered, owed),
    }

"""Roll rates: how the balances (and the invoices) in each state on one date are spread over
the states on a later date.

A row of the matrix is a state at ``start``: an aging bucket, or ``prescribed``; its columns are
the states at ``end``, ``paid`` included. The population is the invoices open at the end of
``start`` (something owed, payments after it ignored) and issued by then (an invoice without an
``issue_date`` is taken as issued). Each cell holds the invoices that moved from its row to its
column, their balance at ``start`` (the money that rolled) and at ``end``; ``balance_share`` and
``invoice_share`` are the cell's part of its row, to four places, and sum to exactly 1 along a
row (largest remainders take the last ten-thousandths), or to 0 when the row's state was empty.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.models import Invoice
from regua.money import DEFAULT_CURRENCY, in_money_context, minor_unit
from regua.scoring._shares import shares
from regua.scoring._states import PAID, States, invoice_list, table
from regua.scoring.metrics import DEFAULT_AGING_BUCKETS, AgingBucket

if TYPE_CHECKING:
    import polars as pl

__all__ = ["roll_rate_series", "roll_rates"]

_COLUMNS = {
    "start": "date",
    "end": "date",
    "from": "str",
    "to": "str",
    "invoices": "int",
    "balance": "money",
    "balance_end": "money",
    "invoice_share": "share",
    "balance_share": "share",
}
_MAX_DATES = 1_200

Buckets = Sequence[AgingBucket | tuple[str, int | None, int | None]]


@in_money_context
def roll_rates(
    invoices: Iterable[Invoice | Mapping[str, Any]] | Any,
    *,
    start: date,
    end: date,
    buckets: Buckets = DEFAULT_AGING_BUCKETS,
    prescription_years: int = 5,
) -> pl.DataFrame:
    """The roll-rate matrix from ``start`` to ``end`` as a long polars table.

    One row per (``from``, ``to``) pair, every pair present (zeros included), in state order;
    columns ``start, end, from, to, invoices, balance, balance_end, invoice_share,
    balance_share``. ``invoices`` takes models, mappings or a pandas/polars DataFrame of
    invoices. ``prescription_years`` is the term after which open debt is ``prescribed``.

    >>> from datetime import date
    >>> from regua.samples import sample_invoices
    >>> rr = roll_rates(sample_invoices(), start=date(2026, 2, 15), end=date(2026, 3, 15))
    >>> row = rr.filter(rr["from"] == "1-5")
    >>> [(r["to"], r["invoices"], str(r["balance"]), str(r["balance_share"]))
    ...  for r in row.iter_rows(named=True) if r["invoices"]]
    [('31-60', 3, '6349.90', '1.0000')]
    >>> current = rr.filter(rr["from"] == "a vencer")
    >>> [(r["to"], r["invoices"], str(r["balance"]), str(r["balance_share"]))
    ...  for r in current.iter_rows(named=True) if r["invoices"]]
    [('a vencer', 2, '8489.90', '0.9912'), ('paid', 1, '75.00', '0.0088')]
    """
    first, last = as_date(start, "start"), as_date(end, "end")
    if last < first:
        raise InvalidInputError("end", "must not be before start")
    states = States(buckets, prescription_years)
    return table(_matrix(invoice_list(invoices), states, first, last), _COLUMNS)


@in_money_context
def roll_rate_series(
    invoices: Iterable[Invoice | Mapping[str, Any]] | Any,
    *,
    dates: Sequence[date],
    buckets: Buckets = DEFAULT_AGING_BUCKETS,
    prescription_years: int = 5,
) -> pl.DataFrame:
    """:func:`roll_rates` from each date of ``dates`` to the next (month ends for a monthly
    series), stacked in date order in one table. ``dates`` holds 2 to 1,200 dates (a century of
    month ends), in increasing order.

    >>> from datetime import date
    >>> from regua.samples import sample_invoices
    >>> ends = [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28)]
    >>> series = roll_rate_series(sample_invoices(), dates=ends)
    >>> late = series.filter((series["from"] == "6-30") & (series["invoices"] > 0))
    >>> [(str(r["end"]), r["to"], r["invoices"], str(r["balance"]))
    ...  for r in late.iter_rows(named=True)]
    [('2026-01-31', 'paid', 1, '4870.00'), ('2026-02-28', '31-60', 1, '1320.00')]
    """
    if isinstance(dates, str | bytes) or not isinstance(dates, Sequence):
        raise InvalidInputError("dates", "expected a list of dates")
    days = [as_date(d, f"dates[{i}]") for i, d in enumerate(dates)]
    if len(days) < 2:
        raise InvalidInputError("dates", "at least two dates are needed for one period")
    if len(days) > _MAX_DATES:
        raise InvalidInputError("dates", f"{len(days)} dates; the limit is {_MAX_DATES}")
    for i, (before, after) in enumerate(itertools.pairwise(days), start=1):
        if after <= before:
            raise InvalidInputError(f"dates[{i}]", "dates must be in increasing order")
    states = States(buckets, prescription_years)
    portfolio = invoice_list(invoices)
    records: list[dict[str, Any]] = []
    for first, last in itertools.pairwise(days):
        records.extend(_matrix(portfolio, states, first, last))
    return table(records, _COLUMNS)


def _matrix(
    invoices: list[Invoice], states: States, first: date, last: date
) -> list[dict[str, Any]]:
    rows = [label for label in states.labels if label != PAID]
    index = {label: i for i, label in enumerate(states.labels)}
    width = len(states.labels)
    counts = [[0] * width for _ in rows]
    before = [[Decimal(0)] * width for _ in rows]
    after = [[Decimal(0)] * width for _ in rows]
    for invoice in invoices:
        if invoice.issue_date is not None and invoice.issue_date > first:
            continue
        was, owed = states.owing(invoice, first)
        if was == PAID:
            continue
        now, still = states.owing(invoice, last)
        r, c = index[was], index[now]
        counts[r][c] += 1
        before[r][c] += owed
        after[r][c] += max(still, Decimal(0))
    unit = minor_unit(invoices[0].currency if invoices else DEFAULT_CURRENCY)
    records = []
    for r, label in enumerate(rows):
        by_count, by_balance = shares(counts[r]), shares(before[r])
        for c, target in enumerate(states.labels):
            records.append(
                {
                    "start": first,
                    "end": last,
                    "from": label,
                    "to": target,
                    "invoices": counts[r][c],
                    "balance": before[r][c].quantize(unit),
                    "balance_end": after[r][c].quantize(unit),
                    "invoice_share": by_count[c],
                    "balance_share": by_balance[c],
                }
            )
    return records

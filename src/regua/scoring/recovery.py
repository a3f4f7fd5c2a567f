"""Recovery curves: the cumulative share of the overdue amount recovered, by days since due.

The cohort is every invoice that still owed something at the end of its due date, due before
``as_of`` (and, with ``start``/``end``, whose first day overdue falls in that period, as in
:func:`~regua.scoring.recovery_rate`). For each day ``k`` of ``days``, a point counts only the
invoices seen for ``k`` days (``due_date + k <= as_of``): a young invoice has had no time to be
paid and would drag later points down (the curve is censored, not padded). ``amount_overdue``
sums what those invoices owed at their due date; ``amount_recovered`` what was paid on each in
the ``k`` days after it, capped at what it owed (an overpayment is not a recovery);
``recovered_share`` is their ratio to four places, half-up (0 for a point with no invoice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.limits import MAX_BUCKETS, MAX_DAYS
from regua.models import Invoice
from regua.models.invoice import paid_by
from regua.money import DEFAULT_CURRENCY, in_money_context, minor_unit
from regua.scoring._shares import share
from regua.scoring._states import invoice_list, table

if TYPE_CHECKING:
    import polars as pl

__all__ = ["DEFAULT_RECOVERY_DAYS", "Grouping", "group_of", "recovery_curves"]

DEFAULT_RECOVERY_DAYS: tuple[int, ...] = (5, 15, 30, 60, 90, 180)
"""The days since due at which :func:`recovery_curves` measures by default."""

Grouping = Mapping[str, Any] | Callable[[Invoice], Any] | None
"""How invoices are grouped: ``None`` (one group, ``"all"``), a mapping of customer id to its
group (a profile, segment or arm: ``ProfileTable.profiles()`` works as is), or a function of
the invoice (``lambda i: "vip" if "vip" in i.tags else "other"``)."""

_COLUMNS = {
    "group": "str",
    "day": "int",
    "invoices": "int",
    "amount_overdue": "money",
    "amount_recovered": "money",
    "recovered_share": "share",
}


def group_of(by: Grouping) -> Callable[[Invoice], str]:
    """The group label of an invoice under ``by`` (enums by value); an invoice whose customer
    a mapping does not name is an :class:`~regua.errors.InvalidInputError`."""
    if by is None:
        return lambda _: "all"
    if isinstance(by, Mapping):

        def lookup(invoice: Invoice) -> str:
            try:
                label = by[invoice.customer_id]
            except KeyError:
                raise InvalidInputError(
                    "by", f"no group for customer {invoice.customer_id!r}"
                ) from None
            return _label(label)

        return lookup
    if callable(by):
        return lambda invoice: _label(by(invoice))
    raise InvalidInputError(
        "by", f"expected None, a mapping of customer id to group, or a function; got {by!r}"
    )


def _label(value: Any) -> str:
    return str(value.value if isinstance(value, Enum) else value)


@in_money_context
def recovery_curves(
    invoices: Iterable[Invoice | Mapping[str, Any]] | Any,
    *,
    as_of: date,
    by: Grouping = None,
    days: Sequence[int] = DEFAULT_RECOVERY_DAYS,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """One row per group and day of ``days``: the invoices behind the point, what they owed at
    their due date, what was recovered within that many days, and the share; groups sorted.
    ``days``: 1 to 100 day counts from 0 to 3,650, in increasing order.

    >>> from datetime import date
    >>> from regua.samples import SAMPLE_AS_OF, sample_invoices
    >>> curves = recovery_curves(sample_invoices(), as_of=SAMPLE_AS_OF, days=[5, 30])
    >>> [(r["day"], r["invoices"], str(r["amount_overdue"]), str(r["recovered_share"]))
    ...  for r in curves.iter_rows(named=True)]
    [(5, 27, '54106.10', '0.2430'), (30, 20, '46797.30', '0.8224')]
    """
    day = as_date(as_of)
    spans = _days(days)
    first = None if start is None else as_date(start, "start")
    last = None if end is None else as_date(end, "end")
    if first is not None and last is not None and last < first:
        raise InvalidInputError("end", "must not be before start")
    label = group_of(by)
    portfolio = invoice_list(invoices)
    width = len(spans)
    groups: dict[str, tuple[list[int], list[Decimal], list[Decimal]]] = {}
    for invoice in portfolio:
        due = invoice.due_date
        became = due + timedelta(days=1)
        if due >= day or (first is not None and became < first):
            continue
        if last is not None and became > last:
            continue
        paid_at_due = paid_by(invoice.amount, invoice.payments, due)
        owed = invoice.amount - paid_at_due
        if owed <= 0:
            continue
        counts, owing, recovered = groups.setdefault(
            label(invoice), ([0] * width, [Decimal(0)] * width, [Decimal(0)] * width)
        )
        age = (day - due).days
        for i, k in enumerate(spans):
            if k > age:
                break
            counts[i] += 1
            owing[i] += owed
            paid = paid_by(invoice.amount, invoice.payments, due + timedelta(days=k))
            recovered[i] += min(owed, paid - paid_at_due)
    unit = minor_unit(portfolio[0].currency if portfolio else DEFAULT_CURRENCY)
    records = [
        {
            "group": name,
            "day": k,
            "invoices": counts[i],
            "amount_overdue": owing[i].quantize(unit),
            "amount_recovered": recovered[i].quantize(unit),
            "recovered_share": share(recovered[i], owing[i]),
        }
        for name, (counts, owing, recovered) in sorted(groups.items())
        for i, k in enumerate(spans)
    ]
    return table(records, _COLUMNS)


def _days(days: Sequence[int]) -> list[int]:
    if isinstance(days, str | bytes) or not isinstance(days, Sequence):
        raise InvalidInputError("days", "expected a list of day counts")
    if not days or len(days) > MAX_BUCKETS:
        raise InvalidInputError("days", f"from 1 to {MAX_BUCKETS} day counts")
    out: list[int] = []
    for i, k in enumerate(days):
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= MAX_DAYS:
            raise InvalidInputError(f"days[{i}]", f"must be a whole number from 0 to {MAX_DAYS}")
        if out and k <= out[-1]:
            raise InvalidInputError(f"days[{i}]", "day counts must be in increasing order")
        out.append(k)
    return out

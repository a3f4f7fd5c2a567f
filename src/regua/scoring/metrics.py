"""Portfolio metrics: aging, delinquency and recovery rates, expected vs received cash per day.

Every function streams over any iterable of invoices (models or mappings) in any order and keeps
only running sums (per bucket, per day) and the ids seen: an invoice passed twice (the same
customer and id) is an :class:`~regua.errors.InvalidInputError`, never counted twice. Money
sums are exact ``Decimal`` sums in regua's context (:func:`~regua.money.money_context`),
whatever the caller's; a portfolio must hold one currency (sums across currencies mean nothing),
or :class:`~regua.errors.InvalidInputError` is raised. Rates are ``Decimal`` fractions rounded
half-up to four places (``Decimal("0.1234")`` = 12.34 %), ``None`` when the denominator is zero.
Periods are closed intervals of dates: ``start`` and ``end`` both belong to the period.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from regua._inputs import InvoiceIds, as_model, many
from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.limits import MAX_BUCKETS, MAX_NAME_CHARS, quote
from regua.models import Invoice
from regua.models.invoice import paid_by
from regua.money import DEFAULT_CURRENCY, add, in_money_context, minor_unit
from regua.scoring._shares import share, shares
from regua.scoring.rows import Rows

__all__ = [
    "DEFAULT_AGING_BUCKETS",
    "AgingBucket",
    "AgingRow",
    "AgingTable",
    "CashDay",
    "DelinquencyRate",
    "RecoveryRate",
    "aging",
    "cash_by_day",
    "delinquency_rate",
    "recovery_rate",
]

_ZERO = Decimal(0)
_MAX_PERIOD_DAYS = 36_600


@dataclass(frozen=True, slots=True)
class AgingBucket:
    """Invoices ``first_day`` to ``last_day`` days past due (``None`` = unbounded).

    Days past due is ``as_of - due_date``: zero or less means not yet overdue (*a vencer*).
    """

    label: str
    first_day: int | None
    last_day: int | None

    def holds(self, days: int) -> bool:
        """True when an invoice ``days`` past due falls in this bucket."""
        return (self.first_day is None or days >= self.first_day) and (
            self.last_day is None or days <= self.last_day
        )


DEFAULT_AGING_BUCKETS: tuple[AgingBucket, ...] = (
    AgingBucket("a vencer", None, 0),
    AgingBucket("1-5", 1, 5),
    AgingBucket("6-30", 6, 30),
    AgingBucket("31-60", 31, 60),
    AgingBucket("61-90", 61, 90),
    AgingBucket("91-180", 91, 180),
    AgingBucket("180+", 181, None),
)
"""The buckets of Brazilian practice: the "régua 1-5 / 6-30" and the usual 30-day bands."""


@dataclass(frozen=True, slots=True)
class AgingRow:
    """Open balance of the invoices in one bucket; ``share`` of the total to four places, the
    shares summing exactly to 1 (largest remainders take the last ten-thousandths)."""

    bucket: str
    first_day: int | None
    last_day: int | None
    invoices: int
    balance: Decimal
    share: Decimal


class AgingTable(Rows[AgingRow]):
    """The aging of a portfolio, one row per bucket in bucket order."""

    __slots__ = ()

    @property
    def total(self) -> Decimal:
        """The total open balance; exactly the sum of the bucket balances."""
        return add(row.balance for row in self)


def _buckets(
    buckets: Sequence[AgingBucket | tuple[str, int | None, int | None]],
) -> list[AgingBucket]:
    if isinstance(buckets, str | bytes) or not isinstance(buckets, Sequence):
        raise InvalidInputError("buckets", "expected a list of buckets")
    if len(buckets) > MAX_BUCKETS:
        raise InvalidInputError("buckets", f"{len(buckets)} buckets; the limit is {MAX_BUCKETS}")
    result = []
    for i, bucket in enumerate(buckets):
        try:
            result.append(bucket if isinstance(bucket, AgingBucket) else AgingBucket(*bucket))
        except TypeError:
            raise InvalidInputError(
                f"buckets[{i}]", "expected an AgingBucket or (label, first_day, last_day)"
            ) from None
        label = result[-1].label
        if not isinstance(label, str) or not 0 < len(label) <= MAX_NAME_CHARS:
            raise InvalidInputError(
                f"buckets[{i}].label", f"must be a str of 1 to {MAX_NAME_CHARS} characters"
            )
    if not result:
        raise InvalidInputError("buckets", "at least one bucket is required")
    if result[0].first_day is not None or result[-1].last_day is not None:
        raise InvalidInputError(
            "buckets", "the first bucket must start unbounded (None) and the last end unbounded"
        )
    for before, after in itertools.pairwise(result):
        if before.last_day is None or after.first_day != before.last_day + 1:
            raise InvalidInputError(
                "buckets",
                f"{quote(after.label)} must start the day after {quote(before.label)} ends",
            )
        if after.last_day is not None and after.last_day < after.first_day:
            raise InvalidInputError("buckets", f"{quote(after.label)} ends before it starts")
    if len({b.label for b in result}) != len(result):
        raise InvalidInputError("buckets", "labels must be unique")
    return result


class _Currency:
    """Remembers the one currency of a stream and rejects a second one."""

    def __init__(self) -> None:
        self.code: str | None = None

    def money(self, value: Decimal) -> Decimal:
        """``value`` written with the currency's places (exact: sums never have more)."""
        return value.quantize(minor_unit(self.code or DEFAULT_CURRENCY))

    def check(self, item: object, position: int) -> Invoice:
        """The invoice at ``position`` as an Invoice, in the stream's one currency."""
        invoice = as_model(item, Invoice, f"invoices[{position}]")
        if self.code is None:
            self.code = invoice.currency
        elif invoice.currency != self.code:
            raise InvalidInputError(
                "invoices",
                f"mix currencies {self.code} and {invoice.currency}; measure one at a time",
            )
        return invoice


def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
    return share(part, whole) if whole else None


@in_money_context
def aging(
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: date,
    buckets: Sequence[AgingBucket | tuple[str, int | None, int | None]] = DEFAULT_AGING_BUCKETS,
) -> AgingTable:
    """Open balances at ``as_of`` by days past due.

    An invoice counts when something is owed on it at ``as_of`` (payments after it ignored);
    overpaid invoices (negative balance) are credits, not receivables, and are left out.
    Disputed invoices are included: they are still open. ``buckets`` must cover every day count
    without gaps, from unbounded below to unbounded above (tuples ``(label, first, last)`` work).

    >>> from regua.samples import SAMPLE_AS_OF, sample_invoices
    >>> table = aging(sample_invoices(), as_of=SAMPLE_AS_OF)
    >>> [(r.bucket, r.invoices, str(r.balance)) for r in table if r.invoices]
    [('a vencer', 2, '8489.90'), ('6-30', 7, '7308.80'), ('31-60', 3, '6349.90'),
     ('61-90', 1, '1320.00'), ('180+', 1, '640.00')]
    >>> table.total
    Decimal('24108.60')
    """
    day = as_date(as_of)
    spec = _buckets(buckets)
    counts = [0] * len(spec)
    sums = [_ZERO] * len(spec)
    currency = _Currency()
    slots: dict[date, int] = {}  # bucket index per distinct due date
    seen = InvoiceIds().add
    for i, invoice in enumerate(many(invoices, Invoice, "invoices")):
        # An exact Invoice in the stream's currency passes check() unchanged; anything else
        # (first invoice, mapping, subclass, wrong type, other currency) takes the full check.
        if type(invoice) is not Invoice or invoice.currency != currency.code:
            invoice = currency.check(invoice, i)
        amount, due, payments = invoice.amount, invoice.due_date, invoice.payments
        seen(invoice.customer_id, invoice.id, i)
        # No payment: Invoice.balance is amount - 0, the amount itself.
        balance = amount - paid_by(amount, payments, day) if payments else amount
        if balance <= 0:
            continue
        index = slots.get(due)
        if index is None:
            days = (day - due).days
            index = slots[due] = next(i for i, b in enumerate(spec) if b.holds(days))
        counts[index] += 1
        sums[index] += balance
    return AgingTable(
        AgingRow(b.label, b.first_day, b.last_day, n, currency.money(s), part)
        for b, n, s, part in zip(spec, counts, sums, shares(sums), strict=True)
    )


def _period(start: date, end: date, as_of: date) -> tuple[date, date, date]:
    first, last, day = as_date(start, "start"), as_date(end, "end"), as_date(as_of)
    if last < first:
        raise InvalidInputError("end", "must not be before start")
    if (last - first).days >= _MAX_PERIOD_DAYS:
        raise InvalidInputError("end", f"a period spans at most {_MAX_PERIOD_DAYS} days")
    if day < last:
        raise InvalidInputError(
            "as_of", "must not be before end: what happens after as_of is not known yet"
        )
    return first, last, day


@dataclass(frozen=True, slots=True)
class DelinquencyRate:
    """Of the amount due in ``[start, end]``, the part still unpaid and overdue at ``as_of``."""

    start: date
    end: date
    as_of: date
    invoices_due: int
    amount_due: Decimal
    invoices_overdue: int
    amount_overdue: Decimal
    rate: Decimal | None


@in_money_context
def delinquency_rate(
    invoices: Iterable[Invoice | Mapping[str, Any]], *, start: date, end: date, as_of: date
) -> DelinquencyRate:
    """Overdue amount / amount due, for the invoices due in the period.

    The period's invoices are those with ``start <= due_date <= end``. ``amount_due`` is the
    sum of their amounts; ``amount_overdue`` the sum of their balances still owed at ``as_of``
    (payments after ``as_of`` ignored) on those already past due at ``as_of`` (an invoice due on
    ``as_of`` itself is not overdue yet). An overpaid invoice owes nothing and does not offset
    another. ``as_of`` must not be before ``end``.

    >>> from datetime import date
    >>> from regua.samples import sample_invoices
    >>> feb = delinquency_rate(sample_invoices(), start=date(2026, 2, 1), end=date(2026, 2, 28),
    ...                        as_of=date(2026, 3, 16))
    >>> feb.invoices_due, feb.amount_due, feb.amount_overdue, feb.rate
    (12, Decimal('20338.60'), Decimal('6349.90'), Decimal('0.3122'))
    """
    first, last, day = _period(start, end, as_of)
    currency = _Currency()
    due_n = overdue_n = 0
    due = overdue = Decimal(0)
    seen = InvoiceIds().add
    for i, invoice in enumerate(many(invoices, Invoice, "invoices")):
        invoice = currency.check(invoice, i)
        amount, due_date, payments = invoice.amount, invoice.due_date, invoice.payments
        seen(invoice.customer_id, invoice.id, i)
        if not first <= due_date <= last:
            continue
        due_n += 1
        due += amount
        if due_date < day:
            # Invoice.balance(as_of), without re-checking as_of; no payment: the amount itself.
            balance = amount - paid_by(amount, payments, day) if payments else amount
            if balance > 0:
                overdue_n += 1
                overdue += balance
    return DelinquencyRate(
        first,
        last,
        day,
        due_n,
        currency.money(due),
        overdue_n,
        currency.money(overdue),
        _rate(overdue, due),
    )


@dataclass(frozen=True, slots=True)
class RecoveryRate:
    """Of the balances that fell overdue in ``[start, end]``, the part received by ``as_of``."""

    start: date
    end: date
    as_of: date
    invoices: int
    amount_overdue: Decimal
    amount_recovered: Decimal
    rate: Decimal | None


@in_money_context
def recovery_rate(
    invoices: Iterable[Invoice | Mapping[str, Any]], *, start: date, end: date, as_of: date
) -> RecoveryRate:
    """Amount received on overdue invoices / amount that became overdue, for a cohort.

    The cohort is the invoices whose first day overdue (the day after the due date) falls in
    ``[start, end]`` and that still owed something at the end of their due date.
    ``amount_overdue`` sums what each owed then; ``amount_recovered`` sums what was paid on
    each after its due date up to ``as_of``, capped at what it owed (an overpayment is not a
    recovery), so the rate is between 0 and 1. ``as_of`` must not be before ``end``.

    >>> from datetime import date
    >>> from regua.samples import sample_invoices
    >>> q4 = recovery_rate(sample_invoices(), start=date(2025, 10, 1), end=date(2025, 12, 31),
    ...                    as_of=date(2026, 3, 16))
    >>> q4.invoices, q4.amount_overdue, q4.amount_recovered, q4.rate
    (11, Decimal('28277.50'), Decimal('28277.50'), Decimal('1.0000'))
    """
    first, last, day = _period(start, end, as_of)
    currency = _Currency()
    count = 0
    owed = recovered = Decimal(0)
    seen = InvoiceIds().add
    for i, invoice in enumerate(many(invoices, Invoice, "invoices")):
        invoice = currency.check(invoice, i)
        amount, due, payments = invoice.amount, invoice.due_date, invoice.payments
        seen(invoice.customer_id, invoice.id, i)
        became = due + timedelta(days=1)
        if not first <= became <= last:
            continue
        if not payments:  # owed in full at the due date, nothing recovered since
            count += 1
            owed += amount
            continue
        paid_at_due = paid_by(amount, payments, due)
        at_due = amount - paid_at_due
        if at_due <= 0:
            continue
        count += 1
        owed += at_due
        recovered += min(at_due, paid_by(amount, payments, day) - paid_at_due)
    return RecoveryRate(
        first,
        last,
        day,
        count,
        currency.money(owed),
        currency.money(recovered),
        _rate(recovered, owed),
    )


@dataclass(frozen=True, slots=True)
class CashDay:
    """Cash expected (amounts falling due) and received (payments) on one day."""

    day: date
    expected: Decimal
    received: Decimal
    difference: Decimal


@in_money_context
def cash_by_day(
    invoices: Iterable[Invoice | Mapping[str, Any]], *, start: date, end: date, as_of: date
) -> Rows[CashDay]:
    """One row per day of ``[start, end]``: amounts due that day vs payments dated that day.

    ``expected`` sums the full ``amount`` of the invoices due that day; ``received`` sums every
    payment dated that day on any invoice (early, on time or late), only those known at
    ``as_of`` (must not be before ``end``); ``difference = received - expected``.

    >>> from datetime import date
    >>> from regua.samples import sample_invoices
    >>> days = cash_by_day(sample_invoices(), start=date(2026, 3, 9), end=date(2026, 3, 10),
    ...                    as_of=date(2026, 3, 16))
    >>> [(r.day.isoformat(), str(r.expected), str(r.received)) for r in days]
    [('2026-03-09', '0.00', '80.00'), ('2026-03-10', '20358.60', '12899.80')]
    """
    first, last, day = _period(start, end, as_of)
    span = (last - first).days + 1
    expected = [Decimal(0)] * span
    received = [Decimal(0)] * span
    currency = _Currency()
    seen = InvoiceIds().add
    for i, item in enumerate(many(invoices, Invoice, "invoices")):
        invoice = currency.check(item, i)
        seen(invoice.customer_id, invoice.id, i)
        if first <= invoice.due_date <= last:
            expected[(invoice.due_date - first).days] += invoice.amount
        for payment in invoice.payments:
            if first <= payment.date <= last and payment.date <= day:
                received[(payment.date - first).days] += payment.amount
    return Rows(
        CashDay(
            first + timedelta(days=i), currency.money(e), currency.money(r), currency.money(r - e)
        )
        for i, (e, r) in enumerate(zip(expected, received, strict=True))
    )

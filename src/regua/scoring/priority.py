"""Which customers a collections team should call first, and why.

Each customer with money past due gets a row: the amount at risk (open balance of invoices past
due at ``as_of``, disputed ones left out: they are resolved, not collected), how much of it is
prescribed, the oldest overdue, the profile and the risk score. A debt is prescribed
``prescription_years`` after the day after its due date (CC 206 §5 I, the same rule as the
dunning guardrail, :func:`regua.prescription.prescribed_on`): it can no longer be sued for nor
listed with a credit bureau (CDC 43 §5), nor demanded out of court either (STJ REsp
2.088.100/SP, 2.094.303/SP, 2.103.726/SP: no calls, e-mails, SMS or letters), so only the
collectable rest ranks. The ranking key is ``priority = collectable_amount × score / 100``, the
money that can still be collected weighted by how likely it is to stay unpaid, in the currency's
minor unit. A customer whose whole past-due debt is prescribed is left out of the ranking (there
is no one to call) and reported in :attr:`Ranking.set_aside`, with the reason. Ties go to the
worse profile, then the older overdue, then the larger amount, then the smaller
``customer_id``, so the order never depends on the input order.

>>> from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices
>>> rows = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
>>> [(r.rank, r.customer_id, r.profile.value, str(r.amount_at_risk), str(r.priority))
...  for r in rows[:3]]
[(1, 'c04', 'recurring', '9740.00', '5298.56'), (2, 'c05', 'recurring', '3960.00', '1964.16'),
 (3, 'c06', 'recurring', '319.80', '163.10')]
>>> rows[0].reasons[0]
'BRL 9740.00 past due on 2 invoices'
>>> [row.customer_id for row in rows]
['c04', 'c05', 'c06', 'c03', 'c09', 'c08']
>>> (aside,) = rows.set_aside
>>> aside.customer_id, aside.rank, str(aside.prescribed_amount), aside.reasons[1].split(":")[0]
('c12', 0, '640.00', 'all of it prescribed (1 invoice due more than 5 years ago)')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, overload

from regua._inputs import UniqueIds, as_models
from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.limits import quote
from regua.models import Customer, Invoice, Profile
from regua.money import in_money_context, minor_unit
from regua.prescription import is_prescribed
from regua.scoring.policy import ProfilePolicy
from regua.scoring.profile import (
    _classify_facts,
    _Fact,
    _fact,
    checked_invoices,
    policy_or_default,
)
from regua.scoring.risk import score_result
from regua.scoring.rows import Rows

__all__ = ["PriorityRow", "Ranking", "prioritize"]

_SEVERITY = {Profile.RECURRING: 0, Profile.OCCASIONAL: 1, Profile.ONE_OFF: 2, Profile.GOOD: 3}


@dataclass(frozen=True, slots=True)
class PriorityRow:
    """One customer to follow up, with the facts that put them at this rank.

    ``amount_at_risk`` is everything past due; ``collectable_amount + prescribed_amount`` equals
    it to the cent. ``prescribed`` is True when all of it is prescribed: such a row is never
    ranked, it is in :attr:`Ranking.set_aside` with ``rank`` 0. ``priority`` weighs the
    collectable part only.
    """

    rank: int
    customer_id: str
    name: str
    profile: Profile
    score: Decimal
    currency: str
    amount_at_risk: Decimal
    collectable_amount: Decimal
    prescribed_amount: Decimal
    prescribed: bool
    overdue_invoices: int
    days_overdue: int
    priority: Decimal
    reasons: tuple[str, ...]


class Ranking(Rows[PriorityRow]):
    """The customers to follow up, most urgent first, and ``set_aside``: the customers with
    money past due who must not be contacted about it, because all of it is prescribed (rank 0,
    largest amount first, the reason in ``reasons``)."""

    __slots__ = ("set_aside",)

    def __init__(
        self, rows: Iterable[PriorityRow] = (), set_aside: Iterable[PriorityRow] = ()
    ) -> None:
        super().__init__(rows)
        self.set_aside: Rows[PriorityRow] = Rows(set_aside)

    @overload
    def __getitem__(self, index: int) -> PriorityRow: ...
    @overload
    def __getitem__(self, index: slice) -> Ranking: ...
    def __getitem__(self, index: int | slice) -> PriorityRow | Ranking:
        if isinstance(index, slice):
            return Ranking(self._rows[index], self.set_aside)
        return self._rows[index]


@dataclass
class _Exposure:
    amount: Decimal
    invoices: int
    days: int
    prescribed_amount: Decimal
    prescribed_invoices: int


@in_money_context
def prioritize(
    customers: Iterable[Customer | Mapping[str, Any]],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: date,
    policy: ProfilePolicy | Mapping[str, Any] | None = None,
    limit: int | None = None,
    prescription_years: int | None = 5,
) -> Ranking:
    """Rank the customers with money past due at ``as_of``, most urgent first.

    Every invoice must belong to one of ``customers`` and all must share one currency (amounts
    in different currencies cannot be ranked against each other); otherwise
    :class:`~regua.errors.InvalidInputError`. ``limit`` keeps the first rows only.
    ``prescription_years`` (a whole number >= 1: 5 by default, 3 for rents) sets when a debt
    prescribes; ``None`` ranks every past-due debt as collectable. Customers whose whole past-due
    debt is prescribed are not ranked: they are in the result's ``set_aside``.
    """
    day = as_date(as_of)
    rules = policy_or_default(policy)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise InvalidInputError("limit", f"must be a whole number >= 0, got {quote(limit)}")
    years = prescription_years
    if years is not None and (isinstance(years, bool) or not isinstance(years, int) or years < 1):
        raise InvalidInputError(
            "prescription_years", f"must be a whole number >= 1 or None, got {quote(years)}"
        )
    names: dict[str, str] = {}
    ids = UniqueIds("customers", "customer")
    for i, customer in enumerate(as_models(customers, Customer, "customers")):
        ids.add(customer.id, i)
        names[customer.id] = customer.name
    facts: dict[str, list[_Fact]] = {}
    exposure: dict[str, _Exposure] = {}
    currencies: set[str] = set()
    for invoice in checked_invoices(invoices):
        fact = _fact(invoice, day, rules)
        if invoice.customer_id not in names:
            raise InvalidInputError(
                "invoices",
                f"invoice {invoice.id!r} belongs to customer {invoice.customer_id!r}, "
                "who is not among the customers",
            )
        currencies.add(invoice.currency)
        if len(currencies) > 1:
            raise InvalidInputError(
                "invoices", f"mix currencies {sorted(currencies)}; rank one currency at a time"
            )
        if fact is not None:
            facts.setdefault(invoice.customer_id, []).append(fact)
        days = invoice.days_overdue(day)
        if days > 0 and not invoice.disputed:
            seen = exposure.setdefault(
                invoice.customer_id, _Exposure(Decimal(0), 0, 0, Decimal(0), 0)
            )
            balance = invoice.balance(day)
            seen.amount += balance
            seen.invoices += 1
            seen.days = max(seen.days, days)
            if years is not None and is_prescribed(invoice.due_date, day, years):
                seen.prescribed_amount += balance
                seen.prescribed_invoices += 1
    currency = next(iter(currencies), "BRL")
    unit = minor_unit(currency)
    unranked = []
    set_aside = []
    for customer_id, seen in exposure.items():
        profile = _classify_facts(customer_id, facts.get(customer_id, []), day, rules)
        risk = score_result(profile, policy=rules)
        # Balances carry the currency's places, so quantizing is exact: it only pads 0 to 0.00.
        prescribed_amount = seen.prescribed_amount.quantize(unit)
        collectable = (seen.amount - prescribed_amount).quantize(unit)
        prescribed = seen.prescribed_invoices == seen.invoices
        priority = (collectable * risk.score / 100).quantize(unit, ROUND_HALF_UP)
        reasons = (
            f"{currency} {seen.amount} past due on {_invoices(seen.invoices)}",
            *_prescription_reasons(seen, collectable, currency, years, prescribed),
            f"oldest {seen.days} days past due",
            f"profile {profile.reasons[-1]}",
            f"risk score {risk.score} of 100",
        )
        row = PriorityRow(
            0,
            customer_id,
            names[customer_id],
            profile.profile,
            risk.score,
            currency,
            seen.amount,
            collectable,
            prescribed_amount,
            prescribed,
            seen.invoices,
            seen.days,
            priority,
            reasons,
        )
        if prescribed:
            set_aside.append(((-seen.amount, customer_id), row))
            continue
        key = (-priority, _SEVERITY[profile.profile], -seen.days, -seen.amount, customer_id)
        unranked.append((key, row))
    unranked.sort(key=lambda pair: pair[0])
    set_aside.sort(key=lambda pair: pair[0])
    chosen = unranked if limit is None else unranked[:limit]
    return Ranking(
        (dataclasses.replace(row, rank=rank) for rank, (_, row) in enumerate(chosen, start=1)),
        (row for _, row in set_aside),
    )


def _invoices(count: int) -> str:
    return f"{count} {'invoice' if count == 1 else 'invoices'}"


def _prescription_reasons(
    seen: _Exposure, collectable: Decimal, currency: str, years: int | None, prescribed: bool
) -> tuple[str, ...]:
    if not seen.prescribed_invoices:
        return ()
    part = "all of it" if prescribed else f"{currency} {seen.prescribed_amount} of it"
    why = (
        f"{part} prescribed ({_invoices(seen.prescribed_invoices)} due more than {years} years "
        "ago): no contact about it, judicial or extrajudicial (CC 206 §5 I; STJ REsp "
        "2.088.100/SP; CDC 43 §5)"
    )
    if prescribed:
        return (why, "nothing collectable: set aside, not ranked")
    return (why, f"ranked on the {currency} {collectable} still collectable")

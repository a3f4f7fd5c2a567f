"""Which customers a collections team should call first, and why.

Each customer with money past due gets a row: the amount at risk (open balance of invoices past
due at ``as_of``, disputed ones left out: they are resolved, not collected), the oldest overdue,
the profile and the risk score. The ranking key is ``priority = amount_at_risk × score / 100``,
the amount weighted by how likely it is to stay unpaid, in the currency's minor unit; ties go to
the worse profile, then the older overdue, then the larger amount, then the smaller
``customer_id``, so the order never depends on the input order.

>>> from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices
>>> rows = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
>>> [(r.rank, r.customer_id, r.profile.value, str(r.amount_at_risk), str(r.priority))
...  for r in rows[:3]]
[(1, 'c04', 'recurring', '9740.00', '5298.56'), (2, 'c05', 'recurring', '3960.00', '1964.16'),
 (3, 'c12', 'one_off', '640.00', '288.64')]
>>> rows[0].reasons[0]
'BRL 9740.00 past due on 2 invoices'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from regua.errors import InvalidInputError
from regua.models import Customer, Invoice, Profile
from regua.models._base import as_date
from regua.money import minor_unit
from regua.scoring.policy import ProfilePolicy
from regua.scoring.profile import _checked, _classify_facts, _Fact, _fact
from regua.scoring.risk import score_result
from regua.scoring.rows import Rows

__all__ = ["PriorityRow", "prioritize"]

_SEVERITY = {Profile.RECURRING: 0, Profile.OCCASIONAL: 1, Profile.ONE_OFF: 2, Profile.GOOD: 3}


@dataclass(frozen=True, slots=True)
class PriorityRow:
    """One customer to follow up, with the facts that put them at this rank."""

    rank: int
    customer_id: str
    name: str
    profile: Profile
    score: Decimal
    currency: str
    amount_at_risk: Decimal
    overdue_invoices: int
    days_overdue: int
    priority: Decimal
    reasons: tuple[str, ...]


@dataclass
class _Exposure:
    amount: Decimal
    invoices: int
    days: int


def prioritize(
    customers: Iterable[Customer],
    invoices: Iterable[Invoice],
    *,
    as_of: date,
    policy: ProfilePolicy | None = None,
    limit: int | None = None,
) -> Rows[PriorityRow]:
    """Rank the customers with money past due at ``as_of``, most urgent first.

    Every invoice must belong to one of ``customers`` and all must share one currency (amounts
    in different currencies cannot be ranked against each other); otherwise
    :class:`~regua.errors.InvalidInputError`. ``limit`` keeps the first rows only.
    """
    day = as_date(as_of)
    rules = policy or ProfilePolicy()
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise InvalidInputError("limit", f"must be a whole number >= 0, got {limit!r}")
    names = {c.id: c.name for c in customers}
    facts: dict[str, list[_Fact]] = {}
    exposure: dict[str, _Exposure] = {}
    currencies: set[str] = set()
    for item in invoices:
        invoice = _checked(item)
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
            seen = exposure.setdefault(invoice.customer_id, _Exposure(Decimal(0), 0, 0))
            seen.amount += invoice.balance(day)
            seen.invoices += 1
            seen.days = max(seen.days, days)
    currency = next(iter(currencies), "BRL")
    unit = minor_unit(currency)
    unranked = []
    for customer_id, seen in exposure.items():
        profile = _classify_facts(customer_id, facts.get(customer_id, []), day, rules)
        risk = score_result(profile, policy=rules)
        priority = (seen.amount * risk.score / 100).quantize(unit, ROUND_HALF_UP)
        reasons = (
            f"{currency} {seen.amount} past due on {seen.invoices} "
            f"{'invoice' if seen.invoices == 1 else 'invoices'}",
            f"oldest {seen.days} days past due",
            f"profile {profile.reasons[-1]}",
            f"risk score {risk.score} of 100",
        )
        unranked.append(
            (
                (-priority, _SEVERITY[profile.profile], -seen.days, -seen.amount, customer_id),
                PriorityRow(
                    0,
                    customer_id,
                    names[customer_id],
                    profile.profile,
                    risk.score,
                    currency,
                    seen.amount,
                    seen.invoices,
                    seen.days,
                    priority,
                    reasons,
                ),
            )
        )
    unranked.sort(key=lambda pair: pair[0])
    chosen = unranked if limit is None else unranked[:limit]
    return Rows(
        dataclasses.replace(row, rank=rank) for rank, (_, row) in enumerate(chosen, start=1)
    )

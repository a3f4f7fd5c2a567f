"""Risk score 0–100 (higher = more likely to stay unpaid), explained factor by factor.

Points add up from three factors (weights in :class:`~regua.scoring.ProfilePolicy`):

- ``late_invoices``: ``points_per_late_invoice`` for each late invoice, times its recency weight
  ``0.5 ** (age / half_life_days)`` (age = days from its due date to ``as_of``), so with the
  default 90-day half-life a slip three months ago counts half and one a year ago a sixteenth;
- ``days_late``: ``points_per_30_days_late`` per 30 days of delay of each late invoice (capped
  at ``days_late_cap``), with the same recency weight;
- ``current_overdue``: ``points_per_30_days_overdue`` per 30 days the oldest open invoice is
  past due (same cap), not decayed: it is happening now.

The score is ``100 * (1 - exp(-points / 100))``: close to the points while they are few, never
above 100. Each factor's contribution is the score shared in proportion to its points, rounded
to 0.1 with the residue going to the largest remainders (earliest factor on ties), so the
contributions always add up to the score exactly.

Monotone by construction, for the facts known at ``as_of``: another late invoice, a longer delay
or the same delay on a more recent due date never lowers the score (every term is
non-decreasing and the final map is increasing).

>>> from datetime import date
>>> from regua.models import Invoice
>>> history = [Invoice(id="i1", customer_id="c1", amount="100.00", due_date=date(2026, 2, 10),
...                    payments=[{"date": date(2026, 3, 12), "amount": "100.00"}]),
...            Invoice(id="i2", customer_id="c1", amount="100.00", due_date=date(2026, 3, 10))]
>>> risk = score(history, as_of=date(2026, 3, 31))
>>> risk.score, risk.profile
(Decimal('30.5'), <Profile.ONE_OFF: 'one_off'>)
>>> risk.from_late_invoices + risk.from_days_late + risk.from_current_overdue == risk.score
True
>>> for reason in risk.reasons:
...     print(reason)
late_invoices: 2 late invoices, recency-weighted 1.54 → 19.3 of the score
days_late: 51 days late in all, recency-weighted 1.28 months → 5.4 of the score
current_overdue: oldest open invoice 21 days past due → 5.8 of the score
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from regua._validation import as_date
from regua.models import Invoice, Profile
from regua.money import in_money_context
from regua.scoring.policy import ProfilePolicy
from regua.scoring.profile import ProfileResult, classify, classify_portfolio, policy_or_default
from regua.scoring.rows import Rows

__all__ = ["RiskScore", "score", "score_portfolio", "score_result"]

_TENTH = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class RiskScore:
    """A customer's risk score and the contribution of each factor (they sum to ``score``)."""

    customer_id: str | None
    as_of: date
    profile: Profile
    score: Decimal
    from_late_invoices: Decimal
    from_days_late: Decimal
    from_current_overdue: Decimal
    reasons: tuple[str, ...]

    def contributions(self) -> dict[str, Decimal]:
        """``{factor: points of the score}``; the values add up to :attr:`score`."""
        return {
            "late_invoices": self.from_late_invoices,
            "days_late": self.from_days_late,
            "current_overdue": self.from_current_overdue,
        }


def score(
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: date,
    policy: ProfilePolicy | Mapping[str, Any] | None = None,
) -> RiskScore:
    """Score one customer's invoices (paid and open, any order) at ``as_of``."""
    rules = policy_or_default(policy)
    return score_result(classify(invoices, as_of=as_date(as_of), policy=rules), policy=rules)


@in_money_context
def score_result(
    result: ProfileResult, *, policy: ProfilePolicy | Mapping[str, Any] | None = None
) -> RiskScore:
    """The score of an already computed :class:`ProfileResult` (same policy it was made with)."""
    rules = policy_or_default(policy)
    half_life = float(rules.half_life_days)
    cap = rules.days_late_cap
    weights = [0.5 ** ((result.as_of - e.due_date).days / half_life) for e in result.late_events]
    weighted_months = math.fsum(
        w * min(e.days_late, cap) / 30 for w, e in zip(weights, result.late_events, strict=True)
    )
    weighted_count = math.fsum(weights)
    points = (
        float(rules.points_per_late_invoice) * weighted_count,
        float(rules.points_per_30_days_late) * weighted_months,
        float(rules.points_per_30_days_overdue) * min(result.current_days_overdue, cap) / 30,
    )
    total = math.fsum(points)
    value = Decimal(100 * -math.expm1(-total / 100)).quantize(_TENTH, ROUND_HALF_UP)
    parts = _share(value, points)
    days = sum(e.days_late for e in result.late_events)
    late = len(result.late_events)
    reasons = (
        f"late_invoices: {late} late {'invoice' if late == 1 else 'invoices'}, "
        f"recency-weighted {weighted_count:.2f} → {parts[0]} of the score",
        f"days_late: {days} days late in all, recency-weighted {weighted_months:.2f} months "
        f"→ {parts[1]} of the score",
        f"current_overdue: oldest open invoice {result.current_days_overdue} days past due "
        f"→ {parts[2]} of the score",
    )
    return RiskScore(
        customer_id=result.customer_id,
        as_of=result.as_of,
        profile=result.profile,
        score=value,
        from_late_invoices=parts[0],
        from_days_late=parts[1],
        from_current_overdue=parts[2],
        reasons=reasons,
    )


def _share(value: Decimal, points: tuple[float, ...]) -> list[Decimal]:
    """``value`` split in tenths in proportion to ``points`` (largest remainder, ties first)."""
    total = math.fsum(points)
    tenths = int(value / _TENTH)
    if total == 0 or tenths == 0:
        return [Decimal("0.0") for _ in points]
    exact = [tenths * p / total for p in points]
    floors = [math.floor(x) for x in exact]
    order = sorted(range(len(points)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: tenths - sum(floors)]:
        floors[i] += 1
    return [Decimal(n) * _TENTH for n in floors]


@in_money_context
def score_portfolio(
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: date,
    policy: ProfilePolicy | Mapping[str, Any] | None = None,
) -> Rows[RiskScore]:
    """Score every customer of a portfolio (invoices in any order), in ``customer_id`` order.

    >>> from regua.samples import SAMPLE_AS_OF, sample_invoices
    >>> scores = score_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)
    >>> [(r.customer_id, str(r.score)) for r in scores if r.score > 50]
    [('c04', '54.4'), ('c06', '51.0')]
    """
    rules = policy_or_default(policy)
    table = classify_portfolio(invoices, as_of=as_of, policy=rules)
    return Rows(score_result(row, policy=rules) for row in table)

"""Every threshold of the delinquency profile and of the risk score, in one validated object.

The defaults are written for monthly billing (boletos, card statements, condo fees, rents) and
justified in ``docs/analysts.md``; change any of them by passing a :class:`ProfilePolicy`:

>>> ProfilePolicy().grace_days, ProfilePolicy(grace_days=3).grace_days
(5, 3)
>>> ProfilePolicy(one_off_max_run=3, recurring_min_run=3)
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for ProfilePolicy
...
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, StrictBool, model_validator

from regua._config_model import ConfigModel

__all__ = ["ProfilePolicy"]

_Days = Annotated[int, Field(ge=0, le=36_600)]
_Count = Annotated[int, Field(ge=1, le=10_000)]
_Points = Annotated[Decimal, Field(ge=0, le=1_000)]


class ProfilePolicy(ConfigModel):
    """Thresholds used by :func:`~regua.scoring.classify` and :func:`~regua.scoring.score`.

    Lateness
        ``window_days``: look-back on due dates (an invoice due on or before ``as_of`` and less
        than ``window_days`` days before it is considered). An invoice still open and overdue
        counts whatever its due date: an unpaid debt is a present fact, not history.
        ``grace_days``: a payment up to this many days after the due date is not late (boleto
        clearing, due dates on weekends and holidays); an open invoice is late once it is
        overdue by more than ``grace_days``.
        ``exclude_disputed``: a disputed invoice says nothing about payment habits; leave it out.
        ``count_broken_promises``: each promise to pay (:class:`~regua.models.Promise`) made in
        the window and broken at ``as_of`` (not kept within ``grace_days`` of its date) counts
        as a late episode of its own. Off by default: the profile rests on payment facts any
        auditor recomputes from the ledger, while a promise records a conversation, captured
        unevenly across channels and agents (a desk measured on promises logs more of them);
        counting it would let that softer record move a customer to a harsher ``when.profile``
        ladder. A host that captures promises systematically can turn it on.

    Profiles (checked in this order; ``good`` means no late invoice in the window)
        ``recurring``: at least ``recurring_min_episodes`` separate late episodes, or at least
        ``recurring_min_run`` consecutive late invoices, or a late ratio of at least
        ``recurring_min_ratio`` once ``ratio_min_invoices`` invoices are known.
        ``one_off``: a single episode of at most ``one_off_max_run`` late invoices.
        ``occasional``: everything else with lateness.
        An *episode* is a stretch of lateness: consecutive late invoices (in due-date order), or
        late invoices that fell due while an earlier late one was still unpaid, are one episode.

    Score (see :mod:`regua.scoring.risk`)
        Each late invoice adds ``points_per_late_invoice`` plus ``points_per_30_days_late`` per
        30 days of delay (delay capped at ``days_late_cap``), weighted by ``0.5 ** (age /
        half_life_days)`` where age is the days from its due date to ``as_of``. The oldest
        current overdue adds ``points_per_30_days_overdue`` per 30 days, not decayed (same cap).
    """

    window_days: Annotated[int, Field(ge=1, le=36_600)] = 365
    grace_days: _Days = 5
    exclude_disputed: StrictBool = True
    count_broken_promises: StrictBool = False
    one_off_max_run: _Count = 2
    recurring_min_run: _Count = 3
    recurring_min_episodes: _Count = 3
    recurring_min_ratio: Annotated[Decimal, Field(gt=0, le=1)] = Decimal("0.5")
    ratio_min_invoices: _Count = 4
    half_life_days: Annotated[int, Field(ge=1, le=36_600)] = 90
    points_per_late_invoice: _Points = Decimal(15)
    points_per_30_days_late: _Points = Decimal(5)
    points_per_30_days_overdue: _Points = Decimal(10)
    days_late_cap: Annotated[int, Field(ge=1, le=36_600)] = 180

    @model_validator(mode="after")
    def _classes_reachable(self) -> ProfilePolicy:
        if self.one_off_max_run >= self.recurring_min_run:
            raise ValueError(
                "one_off_max_run: must be below recurring_min_run, or a run would be both "
                "one-off and recurring"
            )
        if self.recurring_min_episodes < 2:
            raise ValueError("recurring_min_episodes: must be at least 2 (one episode is one-off)")
        return self

"""What :func:`~regua.rules.plan` returns: actions (the shared ``Action`` model), skips and the
trace rows ``explain`` reads.

``Plan`` and ``Skipped`` are plain frozen dataclasses: a first run over a large portfolio
reports millions of skips, and building them must cost next to nothing. Serialize a plan with
``plan.to_json()`` (or ``pydantic.TypeAdapter(Plan)``) and read it back with
``Plan.from_json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, NamedTuple

from pydantic import BeforeValidator

from regua._result import Result
from regua.models import Action

__all__ = ["AsOf", "Plan", "SkipCode", "Skipped", "TraceRow"]


class SkipCode(StrEnum):
    """Why something that was due is not in ``Plan.actions``."""

    SUPERSEDED = "superseded"
    MISSED = "missed"
    WAITING = "waiting"
    REQUIREMENT = "requirement"
    NO_CHANNEL = "no_channel"
    CAPPED = "capped"
    PAUSED = "paused"
    DISPUTED = "disputed"
    PRESCRIBED = "prescribed"
    AGREEMENT = "agreement"
    PROFILE_UNKNOWN = "profile_unknown"
    DUNNING_PAUSED = "dunning_paused"
    DUNNING_BLOCKED = "dunning_blocked"
    PROMISED = "promised"


@dataclass(frozen=True, slots=True)
class Skipped(Result):
    """A step that was due for some of a customer's invoices but is not planned, and why.

    ``retry_on`` is the local date it can go, when known: a requirement's waiting period ends, or,
    for caps, the first day with room once the contacts deferred before it (higher priority) have
    taken theirs: a projection, since every run re-plans from the facts of its day.
    """

    customer_id: str
    invoice_ids: tuple[str, ...]
    step_id: str
    code: SkipCode
    reason: str
    retry_on: date | None = None


def _day_or_moment(value: object) -> object:
    # pydantic reads "2026-03-16" as midnight of a naive datetime when a datetime is allowed;
    # a plan planned for a day says the day.
    if isinstance(value, str) and len(value.strip()) == len("2026-03-16"):
        return date.fromisoformat(value.strip())
    return value


#: A run's ``as_of`` in a result: the day, or the instant, it was planned for.
AsOf = Annotated[datetime | date, BeforeValidator(_day_or_moment)]


@dataclass(frozen=True, slots=True)
class Plan(Result):
    """The result of :func:`plan`: actions to carry out and what was held back."""

    as_of: AsOf
    actions: tuple[Action, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def _repr_html_(self) -> str:
        from regua._html import table

        return table(
            f"Plan as of {self.as_of}: {len(self.actions)} actions, {len(self.skipped)} skipped",
            ("customer", "step", "action", "channel", "invoices", "amount due", "days overdue",
             "window start", "reason"),
            ((a.customer_id, a.step_id, a.action, a.channel, a.invoice_ids,
              f"{a.currency} {a.amount_due}", a.days_overdue, a.window_start, a.reason)
             for a in self.actions),
        )  # fmt: skip


class TraceRow(NamedTuple):
    """What happened to one step of one invoice (used by ``explain``)."""

    invoice_id: str
    step_index: int
    status: str
    reason: str
    action_id: str | None = None
    retry_on: date | None = None

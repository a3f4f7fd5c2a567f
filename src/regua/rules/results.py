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

from regua._html import table
from regua._result import Result
from regua.models import Action

__all__ = ["AsOf", "Exhausted", "NotApplicable", "Plan", "SkipCode", "Skipped", "TraceRow"]


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


@dataclass(frozen=True, slots=True)
class NotApplicable(Result):
    """How many invoices a step did not apply to on the planning day, by the ``when``
    condition that failed (the first one, in the order :class:`~regua.rules.When` lists them).

    Counted over the invoices whose step was evaluated: due, not recorded and not passed (an
    invoice with nothing newly due is not looked at). ``condition`` is the ``When`` field
    (``min_amount``, ``profile``, ``days_overdue`` …). A missing profile is not counted here: it
    is a skip (code ``profile_unknown``).
    """

    step_id: str
    condition: str
    invoices: int


@dataclass(frozen=True, slots=True)
class Exhausted(Result):
    """A customer's open invoices whose ladder has nothing left to do, for the host to hand on.

    An open invoice's ladder is exhausted when some step fired (is recorded) and every step
    fired, was passed or does not apply (Tryton's ``final``, Chargebee's ``dunning_status:
    exhausted``): the definition :func:`~regua.rules.explain` uses. ``invoice_ids`` in due-date
    order; ``account``: every open invoice of the customer is so.
    """

    customer_id: str
    invoice_ids: tuple[str, ...]
    account: bool = False


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
    """The result of :func:`plan`: actions to carry out and what was held back.

    ``not_applicable``: per step and failing ``when`` condition, how many invoices the step did
    not apply to (:class:`NotApplicable`), by step id then condition. ``exhausted``: per customer,
    the open invoices whose ladder has nothing left to do (:class:`Exhausted`), by customer id.
    """

    as_of: AsOf
    actions: tuple[Action, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    not_applicable: tuple[NotApplicable, ...] = ()
    exhausted: tuple[Exhausted, ...] = ()

    def _repr_html_(self) -> str:
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

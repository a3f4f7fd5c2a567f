"""``simulate()``: run the schedule day by day over a date range, for analysts sizing a campaign.

Each day from ``start`` to ``end`` (inclusive) is planned with ``as_of`` = that date (the start
of the day in each customer's zone). Every planned action is assumed carried out at its window
start and recorded in the history with ``outcome`` (delivered by default), so later days see it:
caps, ``after`` waits and the notice before a listing all behave as in production. ``payments``
adds hypothetical payments ("what if invoice X is paid on D+12") to the given invoices, and
``events`` what the host would record on the way (a dispute raised or cleared, a promise, an
agreement signed or broken, a pause set or lifted: :mod:`regua.rules.events`), applied on their
day (:mod:`regua.rules.simulated`); ``Simulation.events`` lists them beside the actions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from regua._html import table
from regua._inputs import as_models
from regua._result import Result
from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.limits import MAX_SIMULATION_DAYS
from regua.models import (
    Action,
    Agreement,
    ContactRecord,
    Customer,
    Invoice,
    Outcome,
    Payment,
    Profile,
    Promise,
)
from regua.rules.engine import compile_schedule, index_customers, run_plan
from regua.rules.events import SimulationEvent
from regua.rules.history import add_record
from regua.rules.schedule import Schedule
from regua.rules.simulated import SimulatedPortfolio, dated_events
from regua.rules.state import Engine

__all__ = ["Simulation", "TimelineEntry", "simulate"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry(Result):
    """One simulated action: the day it was planned and the day it is carried out."""

    planned_on: date
    executed_on: date
    action: Action


@dataclass(frozen=True, slots=True, kw_only=True)
class Simulation(Result):
    """The timeline of a simulation and its per-day contact counts.

    ``per_day`` maps each execution day to a count per channel; back-office actions without a
    channel (listing, protest …) are counted under their action name. ``events``: the events
    applied, in the order applied (each says its day, ``on``). ``to_dict()`` / ``to_json()``
    give its JSON (what ``regua simulate --format json`` prints).
    """

    start: date
    end: date
    timeline: tuple[TimelineEntry, ...] = ()
    per_day: dict[date, dict[str, int]] = field(default_factory=dict)
    events: tuple[SimulationEvent, ...] = ()

    def _repr_html_(self) -> str:
        channels = sorted({k for counts in self.per_day.values() for k in counts})
        return table(
            f"Simulation {self.start} to {self.end}: {len(self.timeline)} actions",
            ("day", *channels),
            ((day, *(counts.get(c, 0) for c in channels)) for day, counts in self.per_day.items()),
        )

    def actions_on(self, day: date) -> list[Action]:
        """Actions carried out on ``day``."""
        return [entry.action for entry in self.timeline if entry.executed_on == day]

    def events_on(self, day: date) -> list[SimulationEvent]:
        """Events applied on ``day`` (those dated before ``start`` apply on ``start``)."""
        return [event for event in self.events if max(event.on, self.start) == day]


def _with_payments(
    invoices: Iterable[Invoice | Mapping[str, Any]],
    payments: Mapping[str, Iterable[Payment | Mapping[str, Any]]],
) -> list[Invoice]:
    if not isinstance(payments, Mapping):
        raise InvalidInputError(
            "payments",
            f"expected a mapping of invoice id to payments, got {type(payments).__name__}",
        )
    extra = {
        key: tuple(as_models(value, Payment, f"payments[{key!r}]"))
        for key, value in payments.items()
    }
    out = []
    # Invoice ids are unique per customer only; ``payments`` names an invoice by its id alone,
    # so an id it uses must name one invoice of the portfolio.
    paid_to: dict[str, str] = {}
    for invoice in as_models(invoices, Invoice, "invoices"):
        added = extra.get(invoice.id)
        if added is not None:
            other = paid_to.setdefault(invoice.id, invoice.customer_id)
            if other != invoice.customer_id:
                raise InvalidInputError(
                    f"payments[{invoice.id!r}]",
                    f"invoice id {invoice.id!r} belongs to customers {other!r} and "
                    f"{invoice.customer_id!r}; payments name one invoice by its id",
                )
            if added:
                invoice = Invoice.model_validate(
                    {**dict(invoice), "payments": invoice.payments + added}
                )
        out.append(invoice)
    unknown = sorted(set(extra) - set(paid_to))
    if unknown:
        raise InvalidInputError("payments", f"unknown invoice ids {unknown}")
    return out


def _period(start: date, end: date) -> tuple[date, date]:
    """The simulated days' first and last, checked."""
    first, last = as_date(start, "start"), as_date(end, "end")
    if last < first:
        raise InvalidInputError("end", f"{last} is before start {first}")
    if (last - first).days >= MAX_SIMULATION_DAYS:
        raise InvalidInputError("end", f"simulate at most {MAX_SIMULATION_DAYS} days at a time")
    return first, last


def _kind(action: Action) -> str:
    """What ``Simulation.per_day`` counts an action as: its channel, else its kind."""
    return action.channel.value if action.channel is not None else action.action.value


def simulate(
    schedule: Schedule | Mapping[str, Any],
    customers: Iterable[Customer | Mapping[str, Any]],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    start: date,
    end: date,
    history: Iterable[ContactRecord | Mapping[str, Any]] = (),
    payments: Mapping[str, Iterable[Payment | Mapping[str, Any]]] | None = None,
    profiles: Mapping[str, Profile | str] | None = None,
    agreements: Iterable[Agreement | Mapping[str, Any]] = (),
    outcome: Outcome = Outcome.DELIVERED,
    promises: Iterable[Promise | Mapping[str, Any]] = (),
    events: Iterable[SimulationEvent | Mapping[str, Any]] = (),
) -> Simulation:
    """Plan every day of ``[start, end]``, executing each action at its window start.

    ``promises`` are the customers' promises to pay, as :func:`~regua.plan` takes them: each
    day sees the payments made so far (``payments`` included), so a promise is kept or broken
    on the day it would be. ``events`` (models or mappings with a ``kind``) change the
    portfolio on their day, before it is planned; events after ``end`` are not applied."""
    first, last = _period(start, end)
    compiled = compile_schedule(schedule)
    people = index_customers(customers)
    portfolio = _with_payments(invoices, {} if payments is None else payments)
    world = SimulatedPortfolio(
        people,
        portfolio,
        list(as_models(agreements, Agreement, "agreements")),
        list(as_models(promises, Promise, "promises")),
    )
    pending = dated_events(events)
    world.check(pending)
    applied: list[SimulationEvent] = []
    index = Engine(compiled, first, history, profiles, ()).history
    timeline: list[TimelineEntry] = []
    per_day: dict[date, Counter[str]] = {}
    day = first
    while day <= last:
        while len(applied) < len(pending) and pending[len(applied)][1].on <= day:
            event = pending[len(applied)][1]
            world.apply(event)
            applied.append(event)
        engine = Engine(compiled, day, (), profiles, world.agreements, world.promises)
        engine.history = index
        plan = run_plan(engine, world.customers, world.invoices.values())
        for action in plan.actions:
            executed = action.window_start.date()
            timeline.append(TimelineEntry(planned_on=day, executed_on=executed, action=action))
            per_day.setdefault(executed, Counter())[_kind(action)] += 1
            add_record(index, action.record(outcome))
        day += timedelta(days=1)
    return Simulation(
        start=first,
        end=last,
        timeline=tuple(timeline),
        per_day={d: dict(sorted(c.items())) for d, c in sorted(per_day.items())},
        events=tuple(applied),
    )

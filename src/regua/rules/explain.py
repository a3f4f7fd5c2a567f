"""``explain()``: for one customer, what each step did or will do for each invoice, and why.

It runs exactly the engine ``plan`` runs (so it can never disagree with it) while recording a
trace, and reports one row per invoice and step, in due-date then step order:

- ``fired``: recorded in ``history`` (the date of the first record);
- ``planned``: in today's plan (with the action id);
- ``not_yet``: its date is in the future (``step_date`` says when);
- ``skipped``: due but held back (``code``/``reason``, and ``retry_on`` when known);
- ``blocked``: held back by a guardrail or a missing channel (reported in the plan once, on
  the most advanced step so blocked);
- ``not_applicable``: a ``when`` condition does not hold;
- ``passed``: never fired, and a step the invoice meets later (by date, see
  :mod:`~regua.rules.compiled`) already has: escalation never goes back;
- ``closed``: the invoice is paid, so the ladder stopped.

A step with a ``trigger`` has a date only once its event happened (``step_date`` is None
until then): for ``broken_promise``, ``offset`` days after the invoice's latest promise broke.

A repeating step (``Step.repeat``) stays ``not_yet`` after it fired while repetitions remain
(the reason names the next one); its rows carry ``next_repetition`` (the date of the next
repetition after today's) and ``repetitions_left`` (how many of its ``max`` are still to come,
None for an endless one). Once its repetitions ended (the invoice paid, a later step fired,
every repetition done) they are None and 0; on rows of steps that do not repeat, both are None.

An open invoice's ladder is **exhausted** when it has run and has nothing left to do: some step
fired, and every step fired, was passed or does not apply (Tryton's ``final``, Chargebee's
``dunning_status: exhausted``). ``Explanation.exhausted`` lists those invoices and
``account_exhausted`` says that every open invoice of the customer is so, for a host to hand
the case on (to a collector, an agency, a lawsuit).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from regua._inputs import as_model, as_models
from regua._result import Result
from regua.errors import InvalidInputError
from regua.models import (
    Action,
    Agreement,
    ContactRecord,
    Customer,
    Invoice,
    Profile,
    Promise,
)
from regua.rules.compiled import CompiledSchedule, CompiledStep
from regua.rules.engine import check_promised, compile_schedule, group_invoices
from regua.rules.evaluation import evaluate, start
from regua.rules.promises import promise_states
from regua.rules.records import OpenInvoice
from regua.rules.results import (
    AsOf,
    Exhausted,
    NotApplicable,
    Plan,
    SkipCode,
    Skipped,
    TraceRow,
)
from regua.rules.schedule import Schedule
from regua.rules.state import Engine

__all__ = ["Explanation", "StepExplanation", "StepState", "explain"]


class StepState(StrEnum):
    """Where one step stands for one invoice."""

    FIRED = "fired"
    PLANNED = "planned"
    NOT_YET = "not_yet"
    SKIPPED = "skipped"
    BLOCKED = "blocked"
    NOT_APPLICABLE = "not_applicable"
    PASSED = "passed"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True, kw_only=True)
class StepExplanation(Result):
    """One invoice × step row of an :class:`Explanation`."""

    invoice_id: str
    step_id: str
    step_date: date | None
    state: StepState
    reason: str
    code: SkipCode | None = None
    action_id: str | None = None
    retry_on: date | None = None
    next_repetition: date | None = None
    repetitions_left: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation(Result):
    """The rows for every invoice and step of one customer, plus the plan they explain.

    ``to_dict()`` / ``to_json()`` give its JSON (what ``regua explain --format json`` prints).
    """

    customer_id: str
    as_of: AsOf
    rows: tuple[StepExplanation, ...] = ()
    plan: Plan
    exhausted: tuple[str, ...] = ()
    account_exhausted: bool = False

    def text(self) -> str:
        """A fixed-width table, one row per invoice and step, then the exhausted ladders."""
        lines = []
        for row in self.rows:
            state = row.state.value + (f":{row.code.value}" if row.code else "")
            retry = f" (can go on {row.retry_on})" if row.retry_on else ""
            day = "on trigger" if row.step_date is None else row.step_date
            if row.next_repetition is not None and row.state is not StepState.NOT_YET:
                left = "" if row.repetitions_left is None else f", {row.repetitions_left} left"
                retry += f" (next repetition {row.next_repetition}{left})"
            lines.append(
                f"{row.invoice_id:<8} {row.step_id:<18} {day}  {state:<22} {row.reason}{retry}"
            )
        if self.exhausted:
            whose = "every open invoice: the account's" if self.account_exhausted else "invoices"
            lines.append(f"ladder exhausted ({whose}): {', '.join(self.exhausted)}")
        return "\n".join(line.rstrip() for line in lines)


_RANK = {"planned": 3, "skipped": 2}


def _rank(status: str) -> int:
    return _RANK.get(status.split(":")[0], 1)


def explain(
    schedule: Schedule | Mapping[str, Any],
    customer: Customer | Mapping[str, Any],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: datetime | date,
    history: Iterable[ContactRecord | Mapping[str, Any]] = (),
    profiles: Mapping[str, Profile | str] | None = None,
    agreements: Iterable[Agreement | Mapping[str, Any]] = (),
    profile: Profile | str | None = None,
    promises: Iterable[Promise | Mapping[str, Any]] = (),
) -> Explanation:
    """Explain the schedule for one customer's invoices at ``as_of``.

    Paid invoices are included (state ``closed``). Every invoice must belong to ``customer``.
    ``profiles`` maps customer ids to profiles, as :func:`~regua.plan` takes them (the whole
    portfolio's mapping will do). ``profile`` (the customer's profile alone) is deprecated: pass
    ``profiles={customer.id: profile}``. ``promises``: the customer's promises to pay, as
    :func:`~regua.plan` takes them (a pending one shows as ``skipped:promised``); one naming an
    invoice of the customer not among ``invoices`` is refused. Another customer's promises,
    agreements and history records are ignored (the portfolio's lists will do).
    """
    if profile is not None:
        warnings.warn(
            "explain(profile=...) is deprecated; pass profiles={customer_id: profile}, as plan"
            " and simulate take them",
            DeprecationWarning,
            stacklevel=2,
        )
        if profiles is not None:
            raise InvalidInputError("profile", "pass profiles or profile, not both")
    compiled = compile_schedule(schedule)
    who = as_model(customer, Customer, "customer")
    customers = {who.id: who}
    if profile is not None:
        profiles = {who.id: profile}
    engine = Engine(compiled, as_of, history, profiles, agreements, promises)
    groups = group_invoices(engine, customers, _own_invoices(invoices, who), keep_all=True)
    if engine.promised:
        check_promised(engine, customers, who.id)
    records = groups.get(who.id, [])
    trace: list[TraceRow] = []
    actions, skipped = evaluate(engine, who, records, trace)
    return _explanation(engine, who, records, trace, (tuple(actions), tuple(skipped)))


def _explanation(
    engine: Engine,
    who: Customer,
    records: list[OpenInvoice],
    trace: list[TraceRow],
    planned: tuple[tuple[Action, ...], tuple[Skipped, ...]],
) -> Explanation:
    """The explanation of the run that left ``trace`` and ``planned`` (its actions and skips):
    a row per invoice and step, and the plan, with the ``when`` counts and exhausted ladders of
    the explained invoices."""
    compiled = engine.compiled
    # Each invoice's step dates as the run saw them (under a customer's ladder, the ladder's).
    run = start(engine, who, records, None)
    dates_of = run.dates
    best = _best_rows(trace)
    broken = _broken_on(engine, who)
    today = engine.local(who.timezone)[0].toordinal()
    rows: list[StepExplanation] = []
    open_ids: list[str] = []
    exhausted: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    ordered = sorted(records, key=lambda inv: (inv.due, inv.id))
    for record in ordered:
        found = _invoice_rows(compiled, record, dates_of(record), best, broken, today)
        rows.extend(found)
        states = {row.state for row in found}
        if record.balance > 0:
            open_ids.append(record.id)
            if StepState.FIRED in states and states <= _DONE:
                exhausted.append(record.id)
        if record.fresh:  # plan counts the conditions of the invoices it evaluates
            _count_conditions(found, counts)
    if run.anchors is not None:
        exhausted = _ladder_exhausted(run.anchors, ordered, exhausted)
    account = bool(open_ids) and len(exhausted) == len(open_ids)
    return Explanation(
        customer_id=who.id,
        as_of=engine.as_of,
        rows=tuple(rows),
        plan=Plan(
            as_of=engine.as_of,
            actions=planned[0],
            skipped=planned[1],
            not_applicable=tuple(
                NotApplicable(step_id, field, n) for (step_id, field), n in sorted(counts.items())
            ),
            exhausted=(Exhausted(who.id, tuple(exhausted), account),) if exhausted else (),
        ),
        exhausted=tuple(exhausted),
        account_exhausted=account,
    )


def _ladder_exhausted(
    anchors: Mapping[str, OpenInvoice], ordered: list[OpenInvoice], exhausted: list[str]
) -> list[str]:
    """Under a customer's ladder, the ladder's state is every open member's, as plan has it:
    all of a currency's open invoices when its anchor's ladder is exhausted, else none (an
    invoice's own recorded rows, an installment of a cancelled agreement's, say, do not make
    it exhausted while the ladder runs on)."""
    done = {currency for currency, anchor in anchors.items() if anchor.id in exhausted}
    return [inv.id for inv in ordered if inv.balance > 0 and inv.currency in done]


def _own_invoices(invoices: Iterable[Invoice | Mapping[str, Any]], who: Customer) -> list[Invoice]:
    """The invoices as models; one of another customer is an error."""
    checked = []
    for i, invoice in enumerate(as_models(invoices, Invoice, "invoices")):
        if invoice.customer_id != who.id:
            raise InvalidInputError(
                f"invoices[{i}].customer_id",
                f"{invoice.customer_id!r} is not the explained customer {who.id!r}",
            )
        checked.append(invoice)
    return checked


def _best_rows(trace: list[TraceRow]) -> dict[tuple[str, int], TraceRow]:
    """Per (invoice id, step index), the trace row that tells most: planned, then skipped."""
    best: dict[tuple[str, int], TraceRow] = {}
    for row in trace:
        key = (row.invoice_id, row.step_index)
        if key not in best or _rank(row.status) > _rank(best[key].status):
            best[key] = row
    return best


def _invoice_rows(
    compiled: CompiledSchedule,
    record: OpenInvoice,
    dates: tuple[int, ...],
    best: dict[tuple[str, int], TraceRow],
    broken: dict[str, int],
    today: int,
) -> list[StepExplanation]:
    """One row per step of one invoice, from its best trace rows."""
    rows = []
    for step in compiled.steps:
        found = best.get((record.id, step.index))
        if found is None:  # pragma: no cover - every step of every invoice is traced
            continue
        status, _, code = found.status.partition(":")
        state = StepState(status)
        upcoming, left = (
            _repetitions(compiled, step, dates[step.index], state, today)
            if step.repeat is not None
            else (None, None)
        )
        rows.append(
            StepExplanation(
                invoice_id=record.id,
                step_id=step.id,
                step_date=_step_date(step, dates, broken.get(record.id)),
                state=state,
                reason=found.reason,
                code=SkipCode(code) if code else None,
                action_id=found.action_id,
                retry_on=found.retry_on,
                next_repetition=upcoming,
                repetitions_left=left,
            )
        )
    return rows


def _count_conditions(rows: list[StepExplanation], counts: dict[tuple[str, str], int]) -> None:
    """Count the ``when`` conditions that kept a step from the invoice, as plan counts them."""
    for told in rows:
        if told.state is StepState.NOT_APPLICABLE and told.reason.startswith("when."):
            which = (told.step_id, told.reason.partition(":")[0].removeprefix("when."))
            counts[which] = counts.get(which, 0) + 1


def _broken_on(engine: Engine, customer: Customer) -> dict[str, int]:
    """Invoice id -> the day ordinal its latest promise broke, for the triggered steps."""
    promises = engine.promises.get(customer.id)
    if not promises or not engine.compiled.triggered:
        return {}
    states = promise_states(
        promises,
        engine.local(customer.timezone)[0],
        engine.schedule.promises.grace_days,
        engine.promise_payments.get(customer.id, {}),
    )
    return {key: s.broken_on for key, s in states.items() if s.broken_on is not None}


def _step_date(step: CompiledStep, dates: tuple[int, ...], broken: int | None) -> date | None:
    """A step's date: on the ladder, from the due date; with a trigger, from its event."""
    if step.trigger is None:
        return date.fromordinal(dates[step.index])
    return None if broken is None else date.fromordinal(broken + step.days)


def _repetitions(
    compiled: CompiledSchedule, step: CompiledStep, step_date: int, state: StepState, today: int
) -> tuple[date | None, int | None]:
    """(the next repetition's date, repetitions left) of a repeating step's row."""
    assert step.repeat is not None
    cap = step.repeat.max
    if state in _DONE or state is StepState.CLOSED:
        return None, 0
    k = compiled.latest_repetition(step, step_date, today)
    if cap is not None and k >= cap:
        return None, 0
    upcoming = date.fromordinal(compiled.repetition_date(step, step_date, k + 1))
    return upcoming, None if cap is None else cap - k


#: The states of a step with nothing left to do for an invoice.
_DONE = frozenset({StepState.FIRED, StepState.PASSED, StepState.NOT_APPLICABLE})

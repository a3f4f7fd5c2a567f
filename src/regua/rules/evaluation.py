"""The evaluation of one customer: which steps fire, consolidated into actions under the caps.

:func:`evaluate` builds the customer's :class:`~regua.rules.state.CustomerRun` (its open
invoices by due date, what its agreements, holds and promises do to them) and runs the rules
on it:
:mod:`regua.rules.selection` (per open invoice: the candidates and what the catch-up policy
fires among them, with :mod:`regua.rules.conditions` for ``when`` and
:mod:`regua.rules.guardrails` for what holds a step back), then
:mod:`regua.rules.consolidation` (one action per step and currency, under the caps, and the
skip report); see :mod:`regua.rules.engine` for how invoices get here.

Speed: a run plans hundreds of thousands of customers who mostly look alike, so the work that
depends only on what they have in common is done once per run and replayed:

- what the customer's attributes decide (local date, channels, ``when`` conditions on the
  customer) is a :class:`~regua.rules.state.CustomerShape`, one per distinct combination
  (:func:`shape`);
- the selection for an invoice without guardrails in play runs once per distinct situation
  (:func:`~regua.rules.selection.select_fresh`);
- so does the caps decision for a customer (:mod:`regua.rules.consolidation`).

``tests/test_rules_equivalence.py`` pins the output this must not change.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from operator import itemgetter

from regua.models import Action, Customer, Profile
from regua.rules.agreements import apply_agreements
from regua.rules.conditions import customer_mismatch
from regua.rules.consolidation import actions, skipped
from regua.rules.holds import held_invoices, hold_of
from regua.rules.ladder import anchors, select_ladders
from regua.rules.promises import promise_states
from regua.rules.records import OpenInvoice, Record
from regua.rules.results import Skipped, TraceRow
from regua.rules.selection import select_fresh, select_traced
from regua.rules.state import CustomerRun, CustomerShape, Engine

__all__ = ["evaluate", "shape", "start"]

_FRESH = OpenInvoice._fields.index("fresh")
_BY_DUE_AND_ID = itemgetter(1, 0)  # OpenInvoice (id, due, ...): by due date, then id


def evaluate(
    engine: Engine,
    customer: Customer,
    records: Sequence[Record],
    trace: list[TraceRow] | None = None,
) -> tuple[list[Action], list[Skipped]]:
    """Actions and skips for one customer (every step's status noted in ``trace``, if given)."""
    if trace is None and not any(record[_FRESH] for record in records):
        return [], []  # nothing newly due: most customers on a daily run
    run = start(engine, customer, records, trace)
    if run.anchors is not None:
        select_ladders(run)
        if trace is not None:  # the paid invoices explain shows
            for inv in run.invoices:
                if inv.balance <= 0:
                    select_traced(run, inv)
    elif trace is None:
        select_fresh(run)
    else:
        for inv in run.invoices:
            select_traced(run, inv)
    planned = actions(run) if run.fires else []
    _report(engine, run)
    return planned, skipped(run) if run.skips else []


def _report(engine: Engine, run: CustomerRun) -> None:
    """Add what ``run`` found of the ``when`` conditions and exhausted ladders to the run's."""
    counts = engine.condition_counts
    for number in run.conditions:
        counts[number] += 1
    if run.finished:
        engine.exhausted.setdefault(run.customer.id, []).extend(
            (inv.due, inv.id) for inv in run.finished
        )
    if run.live:
        engine.live.add(run.customer.id)


def start(
    engine: Engine,
    customer: Customer,
    records: Sequence[Record],
    trace: list[TraceRow] | None,
) -> CustomerRun:
    """The customer's run before selection: its open invoices by due date then id, with what
    its agreements and the host's holds do to them."""
    profiles = engine.profiles
    profile = None if profiles is None else profiles.get(customer.id)
    invoices = [OpenInvoice._make(record) for record in records]
    if len(invoices) > 1:
        invoices.sort(key=_BY_DUE_AND_ID)  # (ids are unique: the intake checks them)
    run = CustomerRun(engine, customer, profile, shape(engine, customer, profile), invoices, trace)
    agreements = engine.agreements.get(customer.id) if engine.agreements else None
    if agreements:
        run.invoices, run.covered = apply_agreements(agreements, run.today, invoices)
    own = hold_of(
        "customer",
        run.today,
        customer.dunning_blocked,
        customer.dunning_block_reason,
        customer.dunning_paused_until,
    )
    holds = engine.holds.get(customer.id) if engine.holds else None
    if own is not None or holds:
        run.held = held_invoices(run.invoices, own, holds)
    promises = engine.promises.get(customer.id) if engine.promises else None
    if promises:
        run.promised = promise_states(
            promises,
            run.today,
            run.schedule.promises.grace_days,
            engine.promise_payments.get(customer.id, {}),
        )
    if run.compiled.counts_overdue:  # only conditions on the overdue count or total read them
        _count_overdue(run)
    if run.compiled.per_customer:
        run.anchors = anchors(run)
    return run


def _count_overdue(run: CustomerRun) -> None:
    totals: dict[str, Decimal] = {}
    for inv in run.invoices:
        if inv.balance > 0 and inv.due < run.today_ord and inv.id not in run.covered:
            run.overdue_count += 1
            totals[inv.currency] = totals.get(inv.currency, Decimal(0)) + inv.balance
    run.overdue_total = totals


def shape(engine: Engine, customer: Customer, profile: Profile | None) -> CustomerShape:
    """What ``customer``'s attributes decide for the run (cached: most customers share a
    few time zones, states, kinds and contact patterns)."""
    key = (
        customer.timezone,
        customer.state,
        customer.kind,
        profile,
        tuple(customer.contacts),
        customer.opt_outs,
        customer.preferred_channels,
    )
    found = engine.shapes.get(key)
    if found is None:
        found = engine.shapes[key] = _new_shape(engine, customer, profile)
    return found


def _new_shape(engine: Engine, customer: Customer, profile: Profile | None) -> CustomerShape:
    today, now = engine.local(customer.timezone)
    today_ord = today.toordinal()
    window_ord = engine.contact_place(customer.state, customer.timezone).day
    channels = engine.channels_for(customer)
    steps = engine.compiled.steps
    mismatch = {
        step.index: customer_mismatch(step.when, profile, customer.kind, customer.state)
        for step in steps
        if step.when is not None
    }
    # All that selection reads of the customer: the local date, which steps have no usable
    # channel, and the ``when`` results that do not depend on the invoice. Numbered, so the
    # per-invoice key hashes an int rather than this nested tuple.
    context = (
        today_ord,
        window_ord,
        tuple(ch is None for ch in channels),
        tuple(mismatch[step.index] for step in engine.compiled.customer_conditional),
    )
    due_sets = engine.due_sets.get(today_ord)
    if due_sets is None:
        due_sets = engine.due_sets[today_ord] = {}
    days = engine.days.get(customer.timezone)
    if days is None:
        days = engine.days[customer.timezone] = {}
    return CustomerShape(
        today,
        today_ord,
        window_ord,
        now,
        now.tzinfo,
        channels,
        mismatch,
        engine.contexts.setdefault(context, len(engine.contexts)),
        due_sets,
        days,
    )

"""The evaluation of one customer: which steps fire, consolidated into actions under the caps.

:class:`CustomerRun` holds what one customer's evaluation shares: its invoices, history,
agreements and the skips and fires gathered so far. The work is done by
:mod:`regua.rules.selection` (per open invoice: the candidates and what the catch-up policy
fires among them, with :mod:`regua.rules.conditions` for ``when`` and
:mod:`regua.rules.guardrails` for what holds a step back) and
:mod:`regua.rules.consolidation` (one action per step and currency, under the caps, and the
skip report); see :mod:`regua.rules.engine` for how invoices get here.

Speed: a run plans hundreds of thousands of customers who mostly look alike, so the work that
depends only on what they have in common is done once per run and replayed:

- what the customer's attributes decide (local date, channels, ``when`` conditions on the
  customer) is a :class:`CustomerShape`, one per distinct combination (``Engine.shape``);
- the selection for an invoice without guardrails in play runs once per distinct situation
  (:func:`~regua.rules.selection.select_fresh`);
- so does the caps decision for a customer (:mod:`regua.rules.consolidation`).

``tests/test_rules_equivalence.py`` pins the output this must not change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from regua.models import Action, Channel
from regua.rules.agreements import apply_agreements
from regua.rules.compiled import CompiledStep
from regua.rules.conditions import Mismatch
from regua.rules.consolidation import actions, skipped
from regua.rules.guardrails import Hold, hold_of
from regua.rules.history import NO_HISTORY
from regua.rules.records import OpenInvoice, Record
from regua.rules.results import SkipCode, Skipped, TraceRow
from regua.rules.selection import select_fresh, select_traced

if TYPE_CHECKING:
    from regua.models import Customer
    from regua.rules.engine import Engine

__all__ = ["CustomerRun", "CustomerShape"]


class CustomerShape(NamedTuple):
    """What a customer's attributes decide, shared by the customers who have them in common.

    ``mismatch``: step index -> the first ``when`` condition on the customer alone that does
    not hold (None when all hold), for every step with a condition. ``context``: a number for
    all that step selection reads of the customer (see
    :func:`~regua.rules.selection.select_fresh`).
    """

    today: date
    today_ord: int
    now: datetime
    tz: tzinfo | None
    channels: list[Channel | None]
    mismatch: dict[int, Mismatch | None]
    context: int
    #: Due date ordinal -> bit set of the steps due by ``today`` (filled in as met).
    due_sets: dict[int, int]
    #: Instant -> its day ordinal in ``tz`` (filled in as met).
    days: dict[datetime, int]


_NOTHING: dict[str, Any] = {}  # shared empty mapping, never written to
_BY_DUE_AND_ID = itemgetter(1, 0)  # OpenInvoice (id, due, ...): by due date, then id
_new_tuple = tuple.__new__  # builds a NamedTuple without its Python-level __new__
_as_open = partial(_new_tuple, OpenInvoice)


def _holds(
    invoices: list[OpenInvoice], own: Hold | None, holds: dict[str, Hold] | None
) -> dict[str, Hold]:
    """Each invoice's hold: a block before a pause, the customer's before the invoice's."""
    held: dict[str, Hold] = {}
    for inv in invoices:
        hold = holds.get(inv.id) if holds else None
        if own is not None and (
            hold is None
            or own[0] is SkipCode.DUNNING_BLOCKED
            or hold[0] is not SkipCode.DUNNING_BLOCKED
        ):
            hold = own
        if hold is not None:
            held[inv.id] = hold
    return held


class CustomerRun:
    """Evaluation of one customer; holds the per-customer context."""

    __slots__ = (
        "capture",
        "channels",
        "compiled",
        "covered",
        "customer",
        "engine",
        "fires",
        "held",
        "history",
        "id_tuples",
        "invoices",
        "overdue_count",
        "overdue_total",
        "profile",
        "schedule",
        "shape",
        "skips",
        "today",
        "today_ord",
        "trace",
        "tz",
    )

    def __init__(
        self,
        engine: Engine,
        customer: Customer,
        records: Sequence[Record],
        trace: list[TraceRow] | None,
    ) -> None:
        self.engine = engine
        self.compiled = engine.compiled
        self.schedule = engine.schedule
        self.customer = customer
        profiles = engine.profiles
        self.profile = None if profiles is None else profiles.get(customer.id)
        shape = engine.shape(customer, self.profile)
        self.shape = shape
        self.today = shape.today
        self.today_ord = shape.today_ord
        self.tz = shape.tz
        self.channels = shape.channels
        self.history = engine.history.get(customer.id, NO_HISTORY)
        self.trace = trace
        invoices = list(map(_as_open, records))
        if len(invoices) > 1:
            invoices.sort(key=_BY_DUE_AND_ID)  # (ids are unique: the intake checks them)
        agreements = engine.agreements.get(customer.id) if engine.agreements else None
        #: Invoice id -> why an agreement holds every step back for it.
        self.covered: dict[str, str] = _NOTHING
        if agreements:
            invoices, self.covered = apply_agreements(agreements, self.today, invoices)
        self.invoices = invoices
        #: Invoice id -> the host's pause or block of it or of the customer (see ``hold_of``).
        self.held: dict[str, Hold] = _NOTHING
        own = hold_of(
            "customer",
            self.today,
            customer.dunning_blocked,
            customer.dunning_block_reason,
            customer.dunning_paused_until,
        )
        holds = engine.holds.get(customer.id) if engine.holds else None
        if own is not None or holds:
            self.held = _holds(invoices, own, holds)
        self.overdue_count = 0
        self.overdue_total: dict[str, Decimal] = _NOTHING
        if self.compiled.counts_overdue:  # only conditions on the overdue count or total read them
            self._count_overdue()
        # Skip key number -> invoice ids, merged as they come (see ``Engine.skip_number``).
        self.skips: dict[int, list[str]] = {}
        # The invoice-id tuples of this customer's output, so that equal ones are one object
        # (a first run names the same invoices in four skips out of five): by the id itself
        # for one invoice, by the tuple for several.
        self.id_tuples: dict[str | tuple[str, ...], tuple[str, ...]] = {}
        self.fires: list[tuple[CompiledStep, OpenInvoice]] = []
        # While an invoice's selection is recorded for replay: the skip key numbers it joins
        # and the steps that fire for it (see ``select_fresh``).
        self.capture: tuple[list[int], list[CompiledStep]] | None = None

    def _count_overdue(self) -> None:
        totals: dict[str, Decimal] = {}
        for inv in self.invoices:
            if inv.balance > 0 and inv.due < self.today_ord and inv.id not in self.covered:
                self.overdue_count += 1
                totals[inv.currency] = totals.get(inv.currency, Decimal(0)) + inv.balance
        self.overdue_total = totals

    def run(self) -> tuple[list[Action], list[Skipped]]:
        if self.trace is None:
            select_fresh(self)
        else:
            for inv in self.invoices:
                select_traced(self, inv)
        planned = actions(self) if self.fires else []
        return planned, skipped(self) if self.skips else []

    def note(self, inv: OpenInvoice, step: CompiledStep, status: str, reason: str) -> None:
        """Note a step's status for ``inv`` in the trace, if tracing."""
        if self.trace is not None:
            self.trace.append(TraceRow(inv.id, step.index, status, reason))

    def skip(
        self,
        step: CompiledStep,
        inv: OpenInvoice,
        code: SkipCode,
        reason: str,
        retry: int | None = None,
    ) -> None:
        """Add ``inv`` to the skip of ``step`` for ``code`` and ``reason``."""
        number = self.engine.skip_number((step.index, code, reason, retry))
        if self.capture is not None:
            self.capture[0].append(number)
        ids = self.skips.get(number)
        if ids is None:
            self.skips[number] = [inv.id]
        else:
            ids.append(inv.id)
        if self.trace is not None:
            retry_day = None if retry is None else date.fromordinal(retry)
            self.trace.append(
                TraceRow(inv.id, step.index, f"skipped:{code.value}", reason, retry_on=retry_day)
            )

    def local_day(self, at: datetime) -> int:
        """The day ordinal of ``at`` in the customer's zone (memoized per zone: recorded times
        repeat, e.g. the window start of every action planned for a place)."""
        days = self.shape.days
        day = days.get(at)
        if day is None:
            day = days[at] = at.astimezone(self.tz).date().toordinal()
        return day

    def ids(self, ids: list[str]) -> tuple[str, ...]:
        """The invoice-id tuple of an action or skip, without repeats, shared with the equal
        ones already made for this customer."""
        if len(ids) == 1:
            found = self.id_tuples.get(ids[0])
            if found is None:
                found = self.id_tuples[ids[0]] = (ids[0],)
            return found
        made = tuple(dict.fromkeys(ids))
        return self.id_tuples.setdefault(made, made)

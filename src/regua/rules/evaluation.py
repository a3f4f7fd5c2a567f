"""The evaluation of one customer: which steps fire, consolidated into actions under the caps.

Per open invoice (see :mod:`regua.rules.engine` for how invoices get here): the *candidates*
are the steps whose date has come, not recorded in the history, not passed (under ``latest``
and ``none``, a step before the last one recorded never fires: escalation does not go back),
whose ``when`` holds and that no guardrail or missing channel holds back. The catch-up policy
then picks what fires, resolving requirements (``after``, and the delivered notice a listing
needs): under ``latest`` a required step that has not fired fires first and the dependent step
waits. What fires is consolidated into one action per step and currency, and contact actions
go in priority order (most severe first, then the most advanced step, then the oldest debt)
until a cap or a pause defers the rest.

Speed: a run plans hundreds of thousands of customers who mostly look alike, so the work that
depends only on what they have in common is done once per run and replayed:

- what the customer's attributes decide (local date, channels, ``when`` conditions on the
  customer) is a :class:`CustomerShape`, one per distinct combination (``Engine.shape``);
- the selection for an invoice without guardrails in play is a function of a small key (which
  steps are due, the customer's shape, the local days of its recorded steps, its ``when``
  results), so it runs once per distinct key and is replayed for the other invoices;
- the caps decision for a customer (which contact actions go, which are deferred to when) is a
  function of the contact place, the recorded contact days, the opt-out pause and the ordered
  steps that fire, so it too runs once per distinct key.

``tests/test_rules_equivalence.py`` pins the output this must not change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from regua.errors import InvalidInputError
from regua.models import (
    Action,
    ActionKind,
    Agreement,
    AgreementStatus,
    Channel,
    CustomerKind,
    Profile,
)
from regua.prescription import is_prescribed, prescribed_on
from regua.rules.caps import CapCounter
from regua.rules.compiled import CompiledStep
from regua.rules.history import NO_HISTORY
from regua.rules.ids import hashed_id
from regua.rules.results import SkipCode, Skipped, TraceRow
from regua.rules.schedule import CatchUp, DisputePolicy, When
from regua.rules.windows import ContactPlace, next_contact_day
from regua.templates import default_template_id

if TYPE_CHECKING:
    from regua.models import Customer
    from regua.rules.engine import Engine

__all__ = [
    "CustomerRun",
    "CustomerShape",
    "OpenInvoice",
    "Record",
    "customer_mismatch",
    "new_skipped",
]


class OpenInvoice(NamedTuple):
    """The compact record the engine keeps for an open invoice.

    ``fresh``: some step is newly due for it (due, not recorded, not passed) at ``as_of``.
    ``tags`` is None rather than empty (see :data:`Record`).
    """

    id: str
    due: int
    balance: Decimal
    currency: str
    disputed: bool
    agreement_id: str | None
    tags: frozenset[str] | None
    fresh: bool


#: An :class:`OpenInvoice` as the engine holds it between reading the invoices and evaluating
#: their customer: a plain tuple of the same fields. CPython's garbage collector stops tracking
#: an exact tuple that holds no container at its first pass (not a NamedTuple, nor a tuple
#: holding a frozenset, hence None for no tags), and a portfolio's worth of tracked records
#: held while a run builds its output brings on extra full collections, each walking every
#: live object of the process (0.25 s each with 100,000 validated invoices alive).
Record = tuple[str, int, Decimal, str, bool, str | None, frozenset[str] | None, bool]


class CustomerShape(NamedTuple):
    """What a customer's attributes decide, shared by the customers who have them in common.

    ``mismatch``: step index -> the first ``when`` condition on the customer alone that does
    not hold (None when all hold), for every step with a condition. ``context``: a number for
    all that step selection reads of the customer (see ``CustomerRun._selections``).
    """

    today: date
    today_ord: int
    now: datetime
    tz: tzinfo | None
    channels: list[Channel | None]
    mismatch: dict[int, tuple[SkipCode | None, str] | None]
    context: int
    #: Due date ordinal -> bit set of the steps due by ``today`` (filled in as met).
    due_sets: dict[int, int]
    #: Instant -> its day ordinal in ``tz`` (filled in as met).
    days: dict[datetime, int]


_NO_STEPS: dict[str, datetime] = {}
_ZERO = Decimal(0)
_NOTHING: dict[str, Any] = {}  # shared empty mapping, never written to
_BY_DUE_AND_ID = itemgetter(1, 0)  # OpenInvoice (id, due, ...): by due date, then id
_new_tuple = tuple.__new__  # builds a NamedTuple without its Python-level __new__
_as_open = partial(_new_tuple, OpenInvoice)


class _Fire(NamedTuple):
    step: CompiledStep
    inv: OpenInvoice


#: The recorded effect of selecting steps for an invoice: the skip key numbers it joins, in
#: order, and the steps that fire for it.
_Outcome = tuple[tuple[int, ...], tuple[CompiledStep, ...]]


class _Wait(NamedTuple):
    reason: str
    retry_on: int | None


class _Blocked(NamedTuple):
    reason: str


def _agreement_covers(agreement: Agreement, today: date) -> bool:
    """An agreement covers its invoices from signing while active or fulfilled.

    Once broken or cancelled, the original invoices are dunned again on their own ladders.
    """
    if agreement.signed_on > today:
        return False
    return agreement.status(today) in _COVERING


_COVERING = frozenset({AgreementStatus.ACTIVE, AgreementStatus.FULFILLED})


def customer_mismatch(
    when: When, profile: Profile | None, kind: CustomerKind, state: str | None
) -> tuple[SkipCode | None, str] | None:
    """The first condition of ``when`` on the customer alone that does not hold, if any."""
    if when.profile is not None:
        if profile is None:
            return SkipCode.PROFILE_UNKNOWN, "when.profile: no profile given for the customer"
        if profile not in when.profile:
            return None, f"when.profile: {profile.value} is not in {_names(when.profile)}"
    if when.customer_kind is not None and kind not in when.customer_kind:
        return None, f"when.customer_kind: {kind.value} is not in {_names(when.customer_kind)}"
    if when.state is not None and state not in when.state:
        return None, f"when.state: {state} is not in {list(when.state)}"
    return None


class _SkippedTwin:
    """Same slots, in the same order, as the frozen :class:`Skipped`, but writable.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``; a first
    run builds about 1.75 skips per invoice. Filling this twin with plain attribute stores and
    then switching its ``__class__`` to ``Skipped`` gives the very same object (CPython allows
    the switch only between identical layouts, and raises otherwise) in a third of the time.
    """

    __slots__ = Skipped.__slots__
    customer_id: str
    invoice_ids: tuple[str, ...]
    step_id: str
    code: SkipCode
    reason: str
    retry_on: date | None


_new_twin = _SkippedTwin.__new__


def new_skipped(
    customer_id: str,
    invoice_ids: tuple[str, ...],
    step_id: str,
    code: SkipCode,
    reason: str,
    retry_on: date | None,
) -> Skipped:
    """``Skipped(...)`` with every field given, without the frozen dataclass's ``__init__``."""
    skip = _new_twin(_SkippedTwin)
    skip.customer_id = customer_id
    skip.invoice_ids = invoice_ids
    skip.step_id = step_id
    skip.code = code
    skip.reason = reason
    skip.retry_on = retry_on
    skip.__class__ = Skipped  # type: ignore[assignment]
    return skip  # type: ignore[return-value]


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
            invoices.sort(key=_BY_DUE_AND_ID)
            if len({inv.id for inv in invoices}) != len(invoices):
                _duplicate(customer.id, invoices)
        self.invoices = invoices
        agreements = engine.agreements.get(customer.id) if engine.agreements else None
        self.covered: dict[str, str] = _covered(agreements, self.today) if agreements else _NOTHING
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
        self.capture: tuple[list[int], list[CompiledStep]] | None = None

    def _count_overdue(self) -> None:
        totals: dict[str, Decimal] = {}
        for inv in self.invoices:
            if inv.balance > 0 and inv.due < self.today_ord and inv.id not in self.covered:
                self.overdue_count += 1
                totals[inv.currency] = totals.get(inv.currency, Decimal(0)) + inv.balance
        self.overdue_total = totals

    # ----------------------------------------------------------------- per-invoice selection
    def run(self) -> tuple[list[Action], list[Skipped]]:
        if self.trace is None:
            self._selections()
        else:
            for inv in self.invoices:
                self._traced(inv)
        actions = self._actions() if self.fires else []
        return actions, self._skipped() if self.skips else []

    def _note(self, inv: OpenInvoice, step: CompiledStep, status: str, reason: str) -> None:
        if self.trace is not None:
            self.trace.append(TraceRow(inv.id, step.index, status, reason))

    def _skip(
        self,
        step: CompiledStep,
        inv: OpenInvoice,
        code: SkipCode,
        reason: str,
        retry: int | None = None,
    ) -> None:
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

    def _fire(self, fire: _Fire) -> None:
        if self.capture is not None:
            self.capture[1].append(fire.step)
        self.fires.append(fire)

    def _local_day(self, at: datetime) -> int:
        """The day ordinal of ``at`` in the customer's zone (memoized per zone: recorded times
        repeat, e.g. the window start of every action planned for a place)."""
        days = self.shape.days
        day = days.get(at)
        if day is None:
            day = days[at] = at.astimezone(self.tz).date().toordinal()
        return day

    def _traced(self, inv: OpenInvoice) -> None:
        """Selection for one invoice, every step's status noted in the trace."""
        if inv.balance <= 0:
            for step in self.compiled.steps:
                self._note(inv, step, "closed", "invoice paid: the ladder stopped")
            return
        self._select(
            inv,
            self.compiled.step_dates(inv.due),
            self.history.fired.get(inv.id, _NO_STEPS),
            self._guarded(inv),
        )

    def _guarded(self, inv: OpenInvoice) -> bool:
        young = self.engine.young
        return (
            inv.disputed
            or inv.id in self.covered
            or (young is not None and self.today_ord - inv.due > young)
        )

    def _selections(self) -> None:
        """Selection for every invoice with something new due (no trace).

        Without guardrails in play, what happens to an invoice depends only on which steps
        are due (under "none", on the dates themselves), the customer's shape, the local days
        its steps were recorded and delivered, and its ``when`` results: replay the outcome
        recorded for the first invoice in the same situation.
        """
        step_dates = self.compiled.step_dates
        conditional = self.compiled.invoice_conditional
        by_date = self.schedule.catch_up is CatchUp.NONE
        due_sets = self.shape.due_sets
        context = self.shape.context
        outcomes = self.engine.outcomes
        young = self.engine.young
        covered = self.covered
        fired_by_invoice = self.history.fired
        today = self.today_ord
        skips = self.skips
        fires = self.fires
        for inv in self.invoices:
            inv_id, due, _, _, disputed, _, _, fresh = inv
            if not fresh:
                continue  # nothing new is due (paid invoices are never fresh)
            fired = fired_by_invoice.get(inv_id, _NO_STEPS) if fired_by_invoice else _NO_STEPS
            if (
                disputed
                or (covered and inv_id in covered)
                or (young is not None and today - due > young)
            ):
                self._select(inv, step_dates(due), fired, True)  # guardrails in play
                continue
            if by_date:
                situation = due
            else:
                situation = due_sets.get(due, -1)
                if situation < 0:
                    situation = due_sets[due] = sum(
                        1 << k for k, day in enumerate(step_dates(due)) if day <= today
                    )
            key = (
                situation,
                context,
                self._recorded(inv_id, fired) if fired else (),
                self._conditions(inv, step_dates(due)) if conditional else (),
            )
            found = outcomes.get(key)
            if found is None:
                self.capture = ([], [])
                self._select(inv, step_dates(due), fired, False)
                outcomes[key] = (tuple(self.capture[0]), tuple(self.capture[1]))
                self.capture = None
                continue
            numbers, steps = found
            for number in numbers:
                ids = skips.get(number)
                if ids is None:
                    skips[number] = [inv_id]
                else:
                    ids.append(inv_id)
            for step in steps:
                fires.append((step, inv))

    def _conditions(
        self, inv: OpenInvoice, dates: tuple[int, ...]
    ) -> tuple[tuple[SkipCode | None, str] | None, ...]:
        """The ``when`` results of the steps due for ``inv`` that read the invoice.

        For a step whose invoice conditions are on the balance alone, a balance within the
        bounds needs no more work, and the reason a balance fails them is memoized per run on
        (step, balance, currency): the currency fixes how the balance is written. (Only the
        failures are kept: they are as many as the distinct outcomes they lead to anyway.)
        """
        today = self.today_ord
        customer_level = self.shape.mismatch
        amount_only = self.compiled.amount_only
        failures = self.engine.amount_failures
        results = []
        for step in self.compiled.invoice_conditional:
            index = step.index
            if dates[index] > today:
                continue
            found = customer_level[index]
            if found is None:
                when = step.when
                assert when is not None
                bounds = amount_only.get(index)
                if bounds is None:
                    found = self._invoice_mismatch(when, inv)
                else:
                    low, high = bounds
                    balance = inv.balance
                    if (low is None or balance >= low) and (high is None or balance <= high):
                        found = None
                    else:
                        key = (index, balance, inv.currency)
                        found = failures.get(key)
                        if found is None:
                            found = failures[key] = self._invoice_mismatch(when, inv)
            results.append(found)
        return tuple(results)

    def _recorded(
        self, invoice_id: str, fired: dict[str, datetime]
    ) -> tuple[tuple[int, int, int | None], ...]:
        """(step index, local day recorded, local day delivered) of the schedule's steps
        recorded for an invoice: all that selection reads of its history."""
        index_of = self.compiled.index_of
        reached = self.history.reached.get(invoice_id, _NO_STEPS)
        local_day = self._local_day
        if len(fired) == 1:  # the common case: one step recorded, nothing to sort
            for step_id, at in fired.items():
                if step_id not in index_of:
                    return ()
                got = reached.get(step_id)
                return (
                    (index_of[step_id], local_day(at), None if got is None else local_day(got)),
                )
        return tuple(
            sorted(
                [
                    (
                        index_of[step_id],
                        local_day(at),
                        local_day(reached[step_id]) if step_id in reached else None,
                    )
                    for step_id, at in fired.items()
                    if step_id in index_of
                ]
            )
        )

    def _select(
        self,
        inv: OpenInvoice,
        dates: tuple[int, ...],
        fired: dict[str, datetime],
        guarded: bool,
    ) -> None:
        """Candidates, blocks and what fires for one open invoice with something new due."""
        steps = self.compiled.steps
        today = self.today_ord
        tracing = self.trace is not None
        mode = self.schedule.catch_up
        index_of = self.compiled.index_of
        last_fired = max((index_of.get(s, -1) for s in fired), default=-1) if fired else -1
        candidates: list[CompiledStep] = []
        blocked: dict[SkipCode, tuple[CompiledStep, str]] = {}
        for step in steps:
            date_ = dates[step.index]
            if step.id in fired:
                if tracing:
                    when = date.fromordinal(self._local_day(fired[step.id]))
                    self._note(inv, step, "fired", f"recorded in history on {when}")
                continue
            if date_ > today:
                if tracing:
                    self._note(inv, step, "not_yet", f"due on {date.fromordinal(date_)}")
                continue
            if mode is not CatchUp.ALL and step.index < last_fired:
                if tracing:
                    self._note(inv, step, "passed", "a later step already fired for this invoice")
                continue
            mismatch = self._mismatch(step, inv) if step.when is not None else None
            block = None
            if guarded and (mismatch is None or mismatch[0] is SkipCode.PROFILE_UNKNOWN):
                # A guardrail outranks a missing profile: a disputed invoice is not "unknown".
                block = self._block(step, inv)
            if mismatch is not None and block is None:
                code, reason = mismatch
                if code is SkipCode.PROFILE_UNKNOWN:
                    self._skip(step, inv, code, reason)
                if tracing:
                    self._note(inv, step, "not_applicable", reason)
                continue
            if block is None and step.channels and self.channels[step.index] is None:
                block = (SkipCode.NO_CHANNEL, self.compiled.no_channel_reason[step.index])
            if block is not None:
                # One report per invoice and reason: the most advanced step so held back.
                blocked[block[0]] = (step, block[1])
                if tracing:
                    self._note(inv, step, "blocked", block[1])
                continue
            candidates.append(step)
        for code, (step, reason) in blocked.items():
            self._skip(step, inv, code, reason)
        if mode is CatchUp.NONE:
            exact = []
            for step in candidates:
                if dates[step.index] == today:
                    exact.append(step)
                else:
                    self._skip(
                        step,
                        inv,
                        SkipCode.MISSED,
                        f"its date {date.fromordinal(dates[step.index])} has passed"
                        " (catch_up: none)",
                    )
            candidates = exact
        if mode is CatchUp.LATEST:
            self._latest(inv, candidates)
        else:
            self._every(inv, candidates)

    def _latest(self, inv: OpenInvoice, candidates: list[CompiledStep]) -> None:
        remaining = list(candidates)
        while remaining:
            target = remaining[-1]
            outcome = self._resolve(target, inv, candidates, redirect=True)
            if isinstance(outcome, _Blocked):
                self._skip(target, inv, SkipCode.REQUIREMENT, outcome.reason)
                remaining.pop()
                continue
            if isinstance(outcome, _Fire):
                chosen = outcome.step
                self._fire(outcome)
                if chosen is not target:
                    self._skip(
                        target, inv, SkipCode.WAITING, f"waits for step {chosen.id!r} to fire first"
                    )
            else:
                chosen = target
                self._skip(target, inv, SkipCode.WAITING, outcome.reason, outcome.retry_on)
            for step in remaining:
                if step is not chosen and step is not target:
                    self._skip(
                        step,
                        inv,
                        SkipCode.SUPERSEDED,
                        self.compiled.superseded_reason[target.index],
                    )
            return

    def _every(self, inv: OpenInvoice, candidates: list[CompiledStep]) -> None:
        for step in candidates:
            outcome = self._resolve(step, inv, candidates, redirect=False)
            if isinstance(outcome, _Fire):
                self._fire(outcome)
            elif isinstance(outcome, _Wait):
                self._skip(step, inv, SkipCode.WAITING, outcome.reason, outcome.retry_on)
            else:
                self._skip(step, inv, SkipCode.REQUIREMENT, outcome.reason)

    def _resolve(
        self,
        target: CompiledStep,
        inv: OpenInvoice,
        candidates: list[CompiledStep],
        *,
        redirect: bool,
    ) -> _Fire | _Wait | _Blocked:
        """Fire ``target``, or what must fire first, or say why it waits or cannot go."""
        steps = self.compiled.steps
        if target.after_index is not None:
            required = steps[target.after_index]
            outcome = self._requirement(
                target,
                inv,
                candidates,
                (required,),
                target.after_min_days,
                target.after_delivered,
                redirect=redirect,
            )
            if outcome is not None:
                return outcome
        if target.needs_notice:
            notices = tuple(steps[i] for i in self.compiled.notice_indexes if i < target.index)
            outcome = self._requirement(
                target,
                inv,
                candidates,
                notices,
                self.schedule.guardrails.notice_days,
                True,
                redirect=redirect,
            )
            if outcome is not None:
                return outcome
        return _Fire(target, inv)

    def _requirement(
        self,
        target: CompiledStep,
        inv: OpenInvoice,
        candidates: list[CompiledStep],
        required: tuple[CompiledStep, ...],
        min_days: int,
        delivered: bool,
        *,
        redirect: bool,
    ) -> _Fire | _Wait | _Blocked | None:
        """None when one of ``required`` was carried out long enough ago."""
        names = " or ".join(repr(step.id) for step in required)
        fired = self.history.fired.get(inv.id, {})
        source = self.history.reached.get(inv.id, {}) if delivered else fired
        done = [self._local_day(source[s.id]) for s in required if s.id in source]
        if done:
            ready = min(done) + min_days
            if ready <= self.today_ord:
                return None
            return _Wait(
                f"waits {min_days} days after step {names} ({date.fromordinal(min(done))})",
                ready,
            )
        if any(s.id in fired for s in required):
            return _Wait(
                f"step {names} was carried out but not delivered; this step needs proof of"
                " delivery (STJ Tema 1.315)",
                None,
            )
        pending = [s for s in candidates if s in required]
        if pending:
            if redirect:
                return self._resolve(pending[-1], inv, candidates, redirect=True)
            return _Wait(f"waits for step {names}, planned now, plus {min_days} days", None)
        kind = "a delivered bureau_notice" if target.needs_notice and delivered else "step"
        return _Blocked(
            f"requires {kind} {names} at least {min_days} days earlier, and it has not fired"
            " and cannot fire for this invoice now"
        )

    def _mismatch(
        self, step: CompiledStep, inv: OpenInvoice | None
    ) -> tuple[SkipCode | None, str] | None:
        """The first ``when`` condition of ``step`` that does not hold for ``inv``, if any
        (``inv`` may be None for a step whose conditions are all on the customer)."""
        when = step.when
        assert when is not None
        # The conditions on the customer alone come first (evaluated once per shape).
        found = self.shape.mismatch[step.index]
        if found is not None or inv is None:
            return found
        return self._invoice_mismatch(when, inv)

    def _invoice_mismatch(self, when: When, inv: OpenInvoice) -> tuple[SkipCode | None, str] | None:
        customer = self.customer
        if when.min_amount is not None and inv.balance < when.min_amount:
            return None, f"when.min_amount: balance {inv.balance} is below {when.min_amount}"
        if when.max_amount is not None and inv.balance > when.max_amount:
            return None, f"when.max_amount: balance {inv.balance} is above {when.max_amount}"
        count = self.overdue_count
        if when.min_invoices is not None and count < when.min_invoices:
            return None, f"when.min_invoices: {count} overdue invoices, below {when.min_invoices}"
        if when.max_invoices is not None and count > when.max_invoices:
            return None, f"when.max_invoices: {count} overdue invoices, above {when.max_invoices}"
        total = self.overdue_total.get(inv.currency, Decimal(0))
        if when.min_total_overdue is not None and total < when.min_total_overdue:
            return None, f"when.min_total_overdue: {total} is below {when.min_total_overdue}"
        if when.max_total_overdue is not None and total > when.max_total_overdue:
            return None, f"when.max_total_overdue: {total} is above {when.max_total_overdue}"
        if when.tags_any is not None or when.tags_none:
            tags = customer.tags | inv.tags if inv.tags else customer.tags
            if when.tags_any is not None and not tags & when.tags_any:
                return None, f"when.tags_any: none of {sorted(when.tags_any)}"
            if tags & when.tags_none:
                return None, f"when.tags_none: has {sorted(tags & when.tags_none)}"
        if when.agreement is not None and (inv.agreement_id is not None) != when.agreement:
            kind = "an agreement installment" if inv.agreement_id else "not an installment"
            return None, f"when.agreement: the invoice is {kind}"
        return None

    def _block(self, step: CompiledStep, inv: OpenInvoice) -> tuple[SkipCode, str] | None:
        agreement = self.covered.get(inv.id)
        if agreement is not None:
            return SkipCode.AGREEMENT, f"covered by active agreement {agreement!r}"
        guard = self.schedule.guardrails
        if inv.disputed and (
            guard.disputes is DisputePolicy.BLOCK_ALL
            or (guard.disputes is DisputePolicy.BLOCK_ESCALATION and step.is_escalation)
        ):
            return SkipCode.DISPUTED, f"invoice disputed (guardrails.disputes: {guard.disputes})"
        years = guard.prescription_years
        if step.is_escalation and years is not None:
            due = date.fromordinal(inv.due)
            if is_prescribed(due, self.today, years):
                prescribed = prescribed_on(due, years)
                return SkipCode.PRESCRIBED, (
                    f"debt prescribed on {prescribed} ({years} years after the due date):"
                    " no escalation (CC 206 §5 I, CDC 43 §5)"
                )
        return None

    # --------------------------------------------------------------------- consolidation, caps
    def _actions(self) -> list[Action]:
        """One action per step and currency, in priority order, under the caps."""
        steps = self.compiled.steps
        fires = self.fires
        # Fires come in invoice order (by due date, then id), so each group's invoices are
        # already sorted and its first invoice is its oldest debt.
        ordered: list[tuple[CompiledStep, str, list[OpenInvoice]]]
        if len(fires) == 1:
            step, inv = fires[0]
            ordered = [(step, inv.currency, [inv])]
        else:
            groups: dict[tuple[int, str], list[OpenInvoice]] = {}
            for step, inv in fires:
                key = (step.index, inv.currency)
                invs = groups.get(key)
                if invs is None:
                    groups[key] = [inv]
                else:
                    invs.append(inv)
            ordered = [(steps[index], currency, invs) for (index, currency), invs in groups.items()]
            if len(ordered) > 1:
                # Highest escalation, then the most advanced step, then the oldest debt.
                priority = self.compiled.priority
                ordered.sort(key=lambda item: (priority[item[0].index], item[2][0].due, item[1]))
        customer = self.customer
        place = self.engine.contact_place(customer.state, customer.timezone)
        channels = self.channels
        contact = tuple([step.index for step, _, _ in ordered if channels[step.index] is not None])
        deferred = self._caps(place, contact) if contact else ()
        actions: list[Action] = []
        k = 0
        for step, currency, invs in ordered:
            channel = channels[step.index]
            if channel is not None:
                number = deferred[k]
                k += 1
                if number is not None:
                    self._skip_all(number, step, invs)
                    continue
            actions.append(self._action(step, currency, invs, channel, place))
        return actions

    def _skip_all(self, number: int, step: CompiledStep, invs: list[OpenInvoice]) -> None:
        if self.trace is not None:
            _, code, reason, retry = self.engine.skip_keys[number]
            for inv in invs:
                self._skip(step, inv, code, reason, retry)
            return
        skips = self.skips
        for inv in invs:
            ids = skips.get(number)
            if ids is None:
                skips[number] = [inv.id]
            else:
                ids.append(inv.id)

    def _caps(self, place: ContactPlace, contact: tuple[int, ...]) -> tuple[int | None, ...]:
        """For each contact action, in priority order: None when it goes, else the skip key
        number that defers it (cap or pause); memoized per run (see the module docstring)."""
        history = self.history
        pause = self.schedule.limits.pause_days_after_opt_out
        if history is NO_HISTORY:
            days: tuple[int, ...] = ()
            pause_until = -1
        else:
            local_day = self._local_day
            days = tuple(sorted([local_day(at) for at in history.contacts.values()]))
            opted_out = history.opted_out
            pause_until = -1 if opted_out is None or not pause else local_day(opted_out) + pause
        key = (place, days, pause_until, contact)
        cache = self.engine.caps_outcomes
        found = cache.get(key)
        if found is None:
            found = cache[key] = self._decide_caps(place, days, pause_until, contact)
        return found

    def _decide_caps(
        self, place: ContactPlace, days: tuple[int, ...], pause_until: int, contact: tuple[int, ...]
    ) -> tuple[int | None, ...]:
        limits = self.schedule.limits
        pause = limits.pause_days_after_opt_out
        skip_number = self.engine.skip_number
        day = place.day
        counter = CapCounter(limits, days)
        projection: CapCounter | None = None
        decided: list[int | None] = []
        for index in contact:
            if day < pause_until:
                resume = next_contact_day(
                    place.window, date.fromordinal(pause_until), place.is_holiday
                )
                reason = (
                    f"the customer asked to stop on {date.fromordinal(pause_until - pause)}:"
                    f" no contact for {pause} days (limits.pause_days_after_opt_out)"
                )
                retry = None if resume is None else resume.toordinal()
                decided.append(skip_number((index, SkipCode.PAUSED, reason, retry)))
                continue
            if not counter.fits(day):
                # Deferred actions queue up in priority order: each takes the first day with
                # room after the ones before it, as if the host sent each on its day.
                if projection is None:
                    projection = counter.copy()
                found = projection.next_fit(day, place.allows)
                if found is not None:
                    projection.add(found)
                reason = (
                    f"contact cap reached on {date.fromordinal(day)} (per day"
                    f" {limits.per_customer_per_day}, per week {limits.per_customer_per_week})"
                )
                if self.schedule.catch_up is CatchUp.NONE:
                    # Under "none" a step goes on its own date or never.
                    reason += "; not retried (catch_up: none)"
                    found = None
                decided.append(skip_number((index, SkipCode.CAPPED, reason, found)))
                continue
            counter.add(day)
            decided.append(None)
        return tuple(decided)

    def _action(
        self,
        step: CompiledStep,
        currency: str,
        invs: list[OpenInvoice],
        channel: Any,
        place: ContactPlace,
    ) -> Action:
        first = invs[0]
        oldest = first.due
        ids = self._ids([inv.id for inv in invs])
        if len(invs) == 1:
            step_date = self.compiled.step_dates(oldest)[step.index]
            amount = first.balance
            sorted_ids: Iterable[str] = ids
        else:
            step_dates = self.compiled.step_dates
            step_date = min([step_dates(inv.due)[step.index] for inv in invs])
            amount = sum([inv.balance for inv in invs], _ZERO)
            sorted_ids = sorted(ids)
        days = self.today_ord - oldest
        customer_id = self.customer.id
        identifier = hashed_id(step.id_prefix, customer_id, currency, sorted_ids)
        if self.trace is not None:
            for inv in invs:
                self.trace.append(
                    TraceRow(inv.id, step.index, "planned", f"action {identifier}", identifier)
                )
        # Many customers' actions share the due date, step date and wording: build them once.
        texts_key = (step.index, step_date, oldest, days, len(ids))
        texts = self.engine.action_texts.get(texts_key)
        if texts is None:
            texts = self.engine.action_texts[texts_key] = self._texts(
                step, step_date, oldest, days, len(ids)
            )
        due_text, reason, step_text, template = texts
        schedule = self.schedule
        fields = _ActionFields()
        fields.id = identifier
        fields.customer_id = customer_id
        fields.invoice_ids = ids
        fields.step_id = step.id
        fields.action = step.action
        fields.channel = channel
        fields.template = template
        fields.window_start = place.start
        fields.window_end = place.end
        fields.currency = currency
        fields.amount_due = amount
        fields.days_overdue = days
        fields.due_date = due_text
        fields.reason = reason
        fields.context = {
            "schedule": schedule.name,
            "schedule_version": schedule.version,
            "step_date": step_text,
        }
        return _trusted(fields.__dict__)

    @staticmethod
    def _texts(
        step: CompiledStep, step_date: int, oldest: int, days: int, count: int
    ) -> tuple[date, str, str, str]:
        """An action's due date, reason, step date text and template."""
        due_text = date.fromordinal(oldest)
        invoices = f"{count} invoices, oldest" if count > 1 else "invoice"
        step_day = date.fromordinal(step_date)
        return (
            due_text,
            f"{step.reason_head} {step_day}; {invoices} due {due_text}, {_days_text(days)}",
            step_day.isoformat(),
            step.fixed_template or default_template_id(step.action, days),
        )

    def _ids(self, ids: list[str]) -> tuple[str, ...]:
        """The invoice-id tuple of an action or skip, without repeats, shared with the equal
        ones already made for this customer."""
        if len(ids) == 1:
            found = self.id_tuples.get(ids[0])
            if found is None:
                found = self.id_tuples[ids[0]] = (ids[0],)
            return found
        made = tuple(dict.fromkeys(ids))
        return self.id_tuples.setdefault(made, made)

    def _skipped(self) -> list[Skipped]:
        engine = self.engine
        customer_id = self.customer.id
        parts = engine.skip_parts
        skips = self.skips
        numbers = list(skips)
        if len(numbers) > 1:
            # By step, code and reason (SkipCode is a StrEnum: it orders as its value); a
            # stable sort keeps ties in order of appearance.
            numbers.sort(key=engine.skip_order.__getitem__)
        shared_ids = self._ids
        out = []
        for number in numbers:
            step_id, code, reason, retry_on = parts[number]
            out.append(
                new_skipped(customer_id, shared_ids(skips[number]), step_id, code, reason, retry_on)
            )
        return out


def _covered(agreements: list[Agreement], today: date) -> dict[str, str]:
    """Invoice id -> id of the agreement that covers it ``today``."""
    covered: dict[str, str] = {}
    for agreement in agreements:
        if _agreement_covers(agreement, today):
            for invoice_id in agreement.invoice_ids:
                covered[invoice_id] = agreement.id
    return covered


def _duplicate(customer_id: str, invoices: list[OpenInvoice]) -> None:
    seen: set[str] = set()
    for inv in invoices:
        if inv.id in seen:
            raise InvalidInputError(
                "invoices", f"invoice id {inv.id!r} appears twice for customer {customer_id!r}"
            )
        seen.add(inv.id)


_ACTION_FIELDS = tuple(Action.model_fields)
# One set shared by every action the engine builds (a set of 15 names takes 728 bytes; a
# first run plans an action for about one invoice in four). Actions are frozen, and pydantic
# copies the set before changing it (model_copy).
_ALL_FIELDS_SET = set(_ACTION_FIELDS)
_new_action = Action.__new__
_set = object.__setattr__


class _ActionFields:
    """Every field of an :class:`Action`, set in declaration order (the order validation
    stores them in); its ``__dict__`` becomes the action's.

    An instance of a plain class keeps its attributes in a key-sharing dict (PEP 412): the
    field names are stored once for all instances, so the dict takes 224 bytes against 472
    for a dict display of the same 15 items, at the same speed. It is an ordinary ``dict``
    in every other respect.
    """

    id: str
    customer_id: str
    invoice_ids: tuple[str, ...]
    step_id: str
    action: ActionKind
    channel: Channel | None
    template: str
    window_start: datetime
    window_end: datetime
    currency: str
    amount_due: Decimal
    days_overdue: int
    due_date: date
    reason: str
    context: dict[str, str]


def _trusted_action(**values: Any) -> Action:
    """An ``Action`` from values the engine built from validated inputs, without re-validating.

    Validation costs ~30 µs an action; every value here already has the field's type (enums,
    a tuple of ids, aware datetimes, Decimal), as ``tests/test_rules_equivalence.py`` checks by
    round-tripping planned actions through ``Action.model_validate``. This is what
    ``Action.model_construct`` does, minus its per-field alias and default handling. Every field
    is passed, in declaration order (the order validation stores them in).
    """
    return _trusted(values)


def _trusted(values: dict[str, Any]) -> Action:
    """``_trusted_action`` taking the dict that becomes the model's ``__dict__``."""
    action = _new_action(Action)
    _set(action, "__dict__", values)
    _set(action, "__pydantic_fields_set__", _ALL_FIELDS_SET)
    _set(action, "__pydantic_extra__", None)
    _set(action, "__pydantic_private__", None)
    return action


def _names(values: Iterable[Any]) -> str:
    return "[" + ", ".join(str(getattr(v, "value", v)) for v in values) + "]"


def _days_text(days: int) -> str:
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} overdue"
    if days < 0:
        return f"due in {-days} day{'s' if days != -1 else ''}"
    return "due today"

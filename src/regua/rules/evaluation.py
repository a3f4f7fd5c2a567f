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

Speed: the selection for an invoice without guardrails in play is a function of a small key
(which steps are due, the customer's context, the local days of its recorded steps, its
``when`` results), so it runs once per distinct key in a run and is replayed for the other
invoices; ``tests/test_rules_equivalence.py`` pins the output this must not change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from regua.errors import InvalidInputError
from regua.models import Action, Agreement, AgreementStatus, Customer
from regua.rules.caps import CapCounter
from regua.rules.compiled import CompiledStep
from regua.rules.history import NO_HISTORY
from regua.rules.ids import action_id
from regua.rules.results import SkipCode, Skipped, TraceRow
from regua.rules.schedule import CatchUp, DisputePolicy, When
from regua.rules.windows import next_contact_day
from regua.templates import default_template_id

if TYPE_CHECKING:
    from regua.rules.engine import Engine

__all__ = ["CustomerRun", "OpenInvoice"]


class OpenInvoice(NamedTuple):
    """The compact record the engine keeps for an open invoice.

    ``fresh``: some step is newly due for it (due, not recorded, not passed) at ``as_of``.
    """

    id: str
    due: int
    balance: Decimal
    currency: str
    disputed: bool
    agreement_id: str | None
    tags: frozenset[str]
    fresh: bool


_NO_STEPS: dict[str, datetime] = {}
_BY_DUE_AND_ID = itemgetter(1, 0)  # OpenInvoice (id, due, ...): by due date, then id
_UNKNOWN = object()
_new_tuple = tuple.__new__  # builds a NamedTuple without its Python-level __new__


class _Fire(NamedTuple):
    step: CompiledStep
    inv: OpenInvoice


#: One recorded effect of selecting steps for an invoice: a skip key number, or a step that fires.
_Op = int | CompiledStep


class _Wait(NamedTuple):
    reason: str
    retry_on: int | None


class _Blocked(NamedTuple):
    reason: str


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def _agreement_covers(agreement: Agreement, today: date) -> bool:
    """An agreement covers its invoices from signing while active or fulfilled.

    Once broken or cancelled, the original invoices are dunned again on their own ladders.
    """
    if agreement.signed_on > today:
        return False
    return agreement.status(today) in _COVERING


_COVERING = frozenset({AgreementStatus.ACTIVE, AgreementStatus.FULFILLED})


class CustomerRun:
    """Evaluation of one customer; holds the per-customer context."""

    def __init__(
        self,
        engine: Engine,
        customer: Customer,
        invoices: list[OpenInvoice],
        trace: list[TraceRow] | None,
    ) -> None:
        self.engine = engine
        self.compiled = engine.compiled
        self.schedule = engine.schedule
        self.customer = customer
        self.today, self.now = engine.local(customer.timezone)
        self.today_ord = self.today.toordinal()
        self.tz = self.now.tzinfo
        self.history = engine.history.get(customer.id, NO_HISTORY)
        self.trace = trace
        profiles = engine.profiles
        self.profile = None if profiles is None else profiles.get(customer.id)
        self.invoices = sorted(invoices, key=_BY_DUE_AND_ID)
        if len({inv.id for inv in self.invoices}) != len(self.invoices):
            seen: set[str] = set()
            for inv in self.invoices:
                if inv.id in seen:
                    raise InvalidInputError(
                        "invoices",
                        f"invoice id {inv.id!r} appears twice for customer {customer.id!r}",
                    )
                seen.add(inv.id)
        self.covered: dict[str, str] = {}
        for agreement in engine.agreements.get(customer.id, ()):
            if _agreement_covers(agreement, self.today):
                for invoice_id in agreement.invoice_ids:
                    self.covered[invoice_id] = agreement.id
        self.overdue_count = 0
        self.overdue_total: dict[str, Decimal] = defaultdict(Decimal)
        # Only conditions on the overdue count or total read them.
        for inv in self.invoices if self.compiled.counts_overdue else ():
            if inv.balance > 0 and inv.due < self.today_ord and inv.id not in self.covered:
                self.overdue_count += 1
                self.overdue_total[inv.currency] += inv.balance
        # Skip key number -> invoice ids, merged as they come; a key is (step index, code,
        # reason, retry ordinal).
        # Skip keys are numbered once per run (hashing a SkipCode calls Python code).
        self.skip_numbers = engine.skip_numbers
        self.skip_keys = engine.skip_keys
        self.skips: dict[int, list[str]] = {}
        self.singles: dict[str, tuple[str]] = {}
        self.fires: list[_Fire] = []
        self.channels = engine.channels_for(customer)
        self.outcomes = engine.outcomes
        self.by_date = self.schedule.catch_up is CatchUp.NONE
        self.due_sets = engine.due_sets(self.today_ord)
        self.capture: list[_Op] | None = None
        # What the per-invoice selection reads of the customer: the local date, which steps
        # have no usable channel, and the ``when`` results that do not depend on the invoice.
        self.customer_mismatch: dict[int, object] = {}
        context = (
            self.today_ord,
            tuple(ch is None for ch in self.channels),
            tuple(self._mismatch(step, None) for step in self.compiled.customer_conditional),
        )
        # Numbered, so the per-invoice key hashes an int rather than this nested tuple.
        self.context = engine.contexts.setdefault(context, len(engine.contexts))
        years = self.schedule.guardrails.prescription_years
        # Fewer days than this since the due date cannot be prescribed (a year has >= 365 days).
        self.young = 365 * years if years is not None else None

    # ----------------------------------------------------------------- per-invoice selection
    def run(self) -> tuple[list[Action], list[Skipped]]:
        for inv in self.invoices:
            self._invoice(inv)
        actions = self._actions()
        return actions, self._skipped()

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
        key = (step.index, code, reason, retry)
        number = self.skip_numbers.get(key)
        if number is None:
            number = self.skip_numbers[key] = len(self.skip_keys)
            self.skip_keys.append(key)
        if self.capture is not None:
            self.capture.append(number)
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
            self.capture.append(fire.step)
        self.fires.append(fire)

    def _local_day(self, at: datetime) -> int:
        return at.astimezone(self.tz).date().toordinal()

    def _invoice(self, inv: OpenInvoice) -> None:
        steps = self.compiled.steps
        dates = self.compiled.step_dates(inv.due)
        today = self.today_ord
        tracing = self.trace is not None
        if inv.balance <= 0:
            for step in steps:
                self._note(inv, step, "closed", "invoice paid: the ladder stopped")
            return
        fired = self.history.fired.get(inv.id, _NO_STEPS)
        if not tracing and not inv.fresh:
            return  # nothing new is due: the common case on a daily run
        guarded = (
            inv.disputed
            or inv.id in self.covered
            or (self.young is not None and today - inv.due > self.young)
        )
        if tracing or guarded:
            self._select(inv, dates, fired, guarded)
            return
        # Without guardrails in play, what happens to an invoice depends only on which steps
        # are due (under "none", on the dates themselves), the customer's context, the local
        # days its steps were recorded and delivered, and its ``when`` results: replay the
        # outcome recorded for the first invoice in the same situation.
        if self.by_date:
            situation = inv.due
        else:
            situation = self.due_sets.get(inv.due, -1)
            if situation < 0:
                situation = self.due_sets[inv.due] = sum(
                    1 << k for k, day in enumerate(dates) if day <= today
                )
        conditional = self.compiled.invoice_conditional
        key = (
            situation,
            self.context,
            self._recorded(inv.id, fired) if fired else (),
            tuple([self._mismatch(step, inv) for step in conditional if dates[step.index] <= today])
            if conditional
            else (),
        )
        ops = self.outcomes.get(key)
        if ops is None:
            self.capture = []
            self._select(inv, dates, fired, guarded)
            self.outcomes[key] = tuple(self.capture)
            self.capture = None
            return
        skips = self.skips
        inv_id = inv.id
        for op in ops:
            if type(op) is int:
                ids = skips.get(op)
                if ids is None:
                    skips[op] = [inv_id]
                else:
                    ids.append(inv_id)
            else:
                self.fires.append(_new_tuple(_Fire, (op, inv)))

    def _recorded(
        self, invoice_id: str, fired: dict[str, datetime]
    ) -> tuple[tuple[int, int, int | None], ...]:
        """(step index, local day recorded, local day delivered) of the schedule's steps
        recorded for an invoice: all that selection reads of its history."""
        index_of = self.compiled.index_of
        reached = self.history.reached.get(invoice_id, _NO_STEPS)
        local_day = self._local_day
        return tuple(
            sorted(
                (
                    index_of[step_id],
                    local_day(at),
                    local_day(reached[step_id]) if step_id in reached else None,
                )
                for step_id, at in fired.items()
                if step_id in index_of
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
        # The conditions on the customer alone come first; evaluate them once per customer.
        found = self.customer_mismatch.get(step.index, _UNKNOWN)
        if found is _UNKNOWN:
            # The same for every customer with this profile, kind and state.
            customer = self.customer
            shared = (step.index, self.profile, customer.kind, customer.state)
            found = self.engine.customer_mismatches.get(shared, _UNKNOWN)
            if found is _UNKNOWN:
                found = self.engine.customer_mismatches[shared] = self._customer_mismatch(when)
            self.customer_mismatch[step.index] = found
        if found is not None or inv is None:
            return found  # type: ignore[return-value]
        return self._invoice_mismatch(when, inv)

    def _customer_mismatch(self, when: When) -> tuple[SkipCode | None, str] | None:
        customer = self.customer
        if when.profile is not None:
            if self.profile is None:
                return SkipCode.PROFILE_UNKNOWN, "when.profile: no profile given for the customer"
            if self.profile not in when.profile:
                return None, f"when.profile: {self.profile.value} is not in {_names(when.profile)}"
        if when.customer_kind is not None and customer.kind not in when.customer_kind:
            return None, (
                f"when.customer_kind: {customer.kind.value} is not in {_names(when.customer_kind)}"
            )
        if when.state is not None and customer.state not in when.state:
            return None, f"when.state: {customer.state} is not in {list(when.state)}"
        return None

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
            tags = customer.tags | inv.tags
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
            prescribed = _add_years(date.fromordinal(inv.due + 1), years)
            if self.today >= prescribed:
                return SkipCode.PRESCRIBED, (
                    f"debt prescribed on {prescribed} ({years} years after the due date):"
                    " no escalation (CC 206 §5 I, CDC 43 §5)"
                )
        return None

    # --------------------------------------------------------------------- consolidation, caps
    def _actions(self) -> list[Action]:
        groups: dict[tuple[int, str], list[OpenInvoice]] = defaultdict(list)
        for fire in self.fires:
            groups[(fire.step.index, fire.inv.currency)].append(fire.inv)
        if not groups:
            return []
        steps = self.compiled.steps
        ordered = list(groups.items())
        if len(ordered) > 1:
            ordered.sort(
                key=lambda item: (
                    -steps[item[0][0]].severity,
                    -item[0][0],
                    min(inv.due for inv in item[1]),
                    item[0][1],
                ),
            )
        place = self.engine.contact_place(self.customer.state, self.customer.timezone)
        window, is_holiday, start, end = place.window, place.is_holiday, place.start, place.end
        day = place.day
        counter = CapCounter(
            self.schedule.limits,
            (self._local_day(at) for at in self.history.contacts.values()),
        )
        pause = self.schedule.limits.pause_days_after_opt_out
        opted_out = self.history.opted_out
        pause_until = -1 if opted_out is None or not pause else self._local_day(opted_out) + pause
        projection: CapCounter | None = None
        actions: list[Action] = []
        for (index, currency), invs in ordered:
            step = steps[index]
            if len(invs) > 1:
                invs.sort(key=_BY_DUE_AND_ID)
            channel = self.channels[index]
            if channel is not None:
                if day < pause_until:
                    resume = next_contact_day(window, date.fromordinal(pause_until), is_holiday)
                    reason = (
                        f"the customer asked to stop on {date.fromordinal(pause_until - pause)}:"
                        f" no contact for {pause} days (limits.pause_days_after_opt_out)"
                    )
                    for inv in invs:
                        self._skip(
                            step,
                            inv,
                            SkipCode.PAUSED,
                            reason,
                            None if resume is None else resume.toordinal(),
                        )
                    continue
                if not counter.fits(day):
                    # Deferred actions queue up in priority order: each takes the first day with
                    # room after the ones before it, as if the host sent each on its day.
                    if projection is None:
                        projection = counter.copy()
                    retry = projection.next_fit(day, place.allows)
                    if retry is not None:
                        projection.add(retry)
                    limits = self.schedule.limits
                    reason = (
                        f"contact cap reached on {date.fromordinal(day)} (per day"
                        f" {limits.per_customer_per_day}, per week {limits.per_customer_per_week})"
                    )
                    if self.schedule.catch_up is CatchUp.NONE:
                        # Under "none" a step goes on its own date or never.
                        reason += "; not retried (catch_up: none)"
                        retry = None
                    for inv in invs:
                        self._skip(step, inv, SkipCode.CAPPED, reason, retry)
                    continue
                counter.add(day)
            actions.append(self._action(step, currency, invs, channel, start, end))
        return actions

    def _action(
        self,
        step: CompiledStep,
        currency: str,
        invs: list[OpenInvoice],
        channel: Any,
        start: datetime,
        end: datetime,
    ) -> Action:
        oldest = invs[0].due
        ids: tuple[str, ...]
        if len(invs) == 1:
            ids = self._single(invs[0].id)
            step_date = self.compiled.step_dates(oldest)[step.index]
            amount = invs[0].balance
        else:
            ids = tuple([inv.id for inv in invs])
            step_date = min(self.compiled.step_dates(inv.due)[step.index] for inv in invs)
            amount = sum([inv.balance for inv in invs], Decimal(0))
        days = self.today_ord - oldest
        identifier = action_id(self.schedule.name, step.id, self.customer.id, currency, ids)
        if self.trace is not None:
            for inv in invs:
                self.trace.append(
                    TraceRow(inv.id, step.index, "planned", f"action {identifier}", identifier)
                )
        # Many customers' actions share the due date, step date and wording: build them once.
        texts_key = (step.index, step_date, oldest, days, len(ids))
        texts = self.engine.action_texts.get(texts_key)
        if texts is None:
            due_text = date.fromordinal(oldest)
            count = f"{len(ids)} invoices, oldest" if len(ids) > 1 else "invoice"
            step_day = date.fromordinal(step_date)
            texts = self.engine.action_texts[texts_key] = (
                due_text,
                f"{step.reason_head} {step_day}; {count} due {due_text}, {_days_text(days)}",
                step_day.isoformat(),
            )
        due_text, reason, step_text = texts
        return _trusted_action(
            id=identifier,
            customer_id=self.customer.id,
            invoice_ids=ids,
            step_id=step.id,
            action=step.action,
            channel=channel,
            template=step.fixed_template or default_template_id(step.action, days),
            window_start=start,
            window_end=end,
            currency=currency,
            amount_due=amount,
            days_overdue=days,
            due_date=due_text,
            reason=reason,
            context={
                "schedule": self.schedule.name,
                "schedule_version": self.schedule.version,
                "step_date": step_text,
            },
        )

    def _single(self, invoice_id: str) -> tuple[str]:
        """``(invoice_id,)``, one tuple per invoice shared by the actions and skips naming only
        it (an invoice is in two skips on average in a first run)."""
        single = self.singles.get(invoice_id)
        if single is None:
            single = self.singles[invoice_id] = (invoice_id,)
        return single

    def _skipped(self) -> list[Skipped]:
        keys = self.skip_keys
        steps = self.compiled.steps
        customer_id = self.customer.id
        out = []
        # SkipCode is a StrEnum: it orders as its value.
        items = list(self.skips.items())
        if len(items) > 1:
            items.sort(key=lambda item: keys[item[0]][:3])
        for number, ids in items:
            index, code, reason, retry = keys[number]
            out.append(
                Skipped(
                    customer_id,
                    self._single(ids[0]) if len(ids) == 1 else tuple(dict.fromkeys(ids)),
                    steps[index].id,
                    code,
                    reason,
                    None if retry is None else date.fromordinal(retry),
                )
            )
        return out


_ACTION_FIELDS = tuple(Action.model_fields)
# One set shared by every action the engine builds (a set of 15 names takes 728 bytes; a
# first run plans an action for about one invoice in four). Actions are frozen, and pydantic
# copies the set before changing it (model_copy).
_ALL_FIELDS_SET = set(_ACTION_FIELDS)
_new_action = Action.__new__
_set = object.__setattr__


def _trusted_action(**values: Any) -> Action:
    """An ``Action`` from values the engine built from validated inputs, without re-validating.

    Validation costs ~30 µs an action; every value here already has the field's type (enums,
    a tuple of ids, aware datetimes, Decimal), as ``tests/test_rules_equivalence.py`` checks by
    round-tripping planned actions through ``Action.model_validate``. This is what
    ``Action.model_construct`` does, minus its per-field alias and default handling. Every field
    is passed, in declaration order (the order validation stores them in).
    """
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

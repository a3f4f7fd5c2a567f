"""``plan()``: what to do for every customer at ``as_of``, as a pure function of the inputs.

Evaluation, per customer (customers in id order, so the output never depends on input order):

1. Each open invoice (balance > 0 at the customer's local date) gets its step dates from the
   compiled schedule. A step is a *candidate* when its date is on or before the local date, it
   has not been recorded in ``history`` for that invoice, its ``when`` conditions hold, and no
   guardrail blocks it (active agreement, dispute, prescription).
2. The catch-up policy picks what fires among the candidates; requirements (``after`` and the
   notice before a listing) are resolved here: under ``latest`` a required step that has not
   fired fires first, and the dependent step waits.
3. What fires is consolidated: one action per customer, step and currency.
4. Each action gets the first usable channel and the customer's next contact slot; caps defer
   contact actions past the limit, highest escalation first, then oldest debt.

Everything that was due but is not planned comes back in ``Plan.skipped`` with a code and a
reason. A ``when`` condition that does not hold is not a skip (the step does not apply to that
invoice; :func:`~regua.rules.explain.explain` shows it), except a missing profile, which is
missing input the host should know about.

Memory model: customers, history and agreements are read fully and indexed by customer id.
Invoices are streamed once, in any order; each open invoice with a step newly due (due, not
recorded, not passed) is reduced to a small tuple (id, due ordinal, balance, currency, flags)
grouped by customer, and the caller's invoice object is not kept. Invoices that are paid, or
have nothing newly due, are dropped as they are read (unless a ``when`` condition counts the
customer's overdue invoices, which keeps the overdue ones). So the peak is about one small tuple
per invoice with something to do, plus the indexes and the output; a daily run over a large
portfolio touches most invoices for a few dictionary look-ups only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from regua.errors import InvalidInputError
from regua.models import (
    Action,
    Agreement,
    AgreementStatus,
    Channel,
    ContactRecord,
    Customer,
    Invoice,
    Profile,
)
from regua.rules.caps import CapCounter
from regua.rules.compiled import CompiledSchedule, CompiledStep
from regua.rules.history import NO_HISTORY, index_history
from regua.rules.ids import action_id
from regua.rules.schedule import CatchUp, DisputePolicy, Schedule, When
from regua.rules.windows import contact_holidays, contact_slot, next_contact_day
from regua.templates import default_template_id

__all__ = ["Plan", "SkipCode", "Skipped", "plan"]


_ZERO = Decimal(0)


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


@dataclass(frozen=True, slots=True)
class Skipped:
    """A step that was due for some of a customer's invoices but is not planned, and why.

    ``retry_on`` is the local date it can go, when known: a requirement's waiting period ends, or,
    for caps, the first day with room once the contacts deferred before it (higher priority) have
    taken theirs: a projection, since every run re-plans from the facts of its day.
    A plain frozen dataclass (as is :class:`Plan`): a first run over a large portfolio reports
    millions of these, and building them must cost next to nothing. Serialize with
    ``pydantic.TypeAdapter(Plan)``.
    """

    customer_id: str
    invoice_ids: tuple[str, ...]
    step_id: str
    code: SkipCode
    reason: str
    retry_on: date | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """The result of :func:`plan`: actions to carry out and what was held back."""

    as_of: datetime | date
    actions: tuple[Action, ...] = ()
    skipped: tuple[Skipped, ...] = ()


class _Open(NamedTuple):
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


class TraceRow(NamedTuple):
    """What happened to one step of one invoice (used by ``explain``)."""

    invoice_id: str
    step_index: int
    status: str
    reason: str
    action_id: str | None = None
    retry_on: date | None = None


class _Fire(NamedTuple):
    step: CompiledStep
    inv: _Open


class _Wait(NamedTuple):
    reason: str
    retry_on: int | None


class _Blocked(NamedTuple):
    reason: str


def check_as_of(value: object) -> datetime | date:
    """``as_of`` must be an aware datetime or a date; a naive datetime is ambiguous."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInputError(
                "as_of",
                "naive datetime: pass an aware datetime (e.g. tzinfo=ZoneInfo("
                "'America/Sao_Paulo')) or a date, meaning the start of that day for each customer",
            )
        return value
    if isinstance(value, date):
        return value
    raise InvalidInputError("as_of", f"expected a date or an aware datetime, got {value!r}")


def _model(value: Any, model: type[Any], field_name: str) -> Any:
    if isinstance(value, model):
        return value
    if isinstance(value, Mapping):
        return model.model_validate(value)
    raise InvalidInputError(field_name, f"expected {model.__name__} or a mapping, got {value!r}")


def _check_profiles(profiles: Mapping[str, Profile | str]) -> dict[str, Profile]:
    checked = {}
    for key, value in profiles.items():
        try:
            checked[str(key)] = Profile(value)
        except ValueError:
            known = ", ".join(p.value for p in Profile)
            raise InvalidInputError(
                f"profiles[{key!r}]", f"{value!r} is not a profile ({known})"
            ) from None
    return checked


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


class Engine:
    """One planning run: the compiled schedule, ``as_of`` and the indexed history.

    Shared by :func:`plan`, :func:`~regua.rules.explain.explain` and
    :func:`~regua.rules.simulate.simulate`; not part of the public API.
    """

    def __init__(
        self,
        compiled: CompiledSchedule,
        as_of: datetime | date,
        history: Iterable[ContactRecord | Mapping[str, Any]],
        profiles: Mapping[str, Profile | str] | None,
        agreements: Iterable[Agreement | Mapping[str, Any]],
    ) -> None:
        self.compiled = compiled
        self.schedule = compiled.schedule
        self.as_of = check_as_of(as_of)
        self._local: dict[str, tuple[date, datetime]] = {}
        self._channels: dict[tuple[tuple[Channel, ...], tuple[Channel, ...]], list[Channel | None]]
        self._channels = {}
        self._profiles = None if profiles is None else _check_profiles(profiles)
        self.history = index_history(history)
        self._agreements: dict[str, list[Agreement]] = defaultdict(list)
        for i, raw in enumerate(agreements):
            agreement: Agreement = _model(raw, Agreement, f"agreements[{i}]")
            self._agreements[agreement.customer_id].append(agreement)

    def channels_for(self, customer: Customer) -> list[Channel | None]:
        """The channel each step would use for this customer (None: no usable channel).

        Cached by the customer's reachable and preferred channels: most customers share a few
        contact patterns.
        """
        key = (customer.reachable_channels(), customer.preferred_channels)
        chosen = self._channels.get(key)
        if chosen is None:
            chosen = self._channels[key] = [
                _choose_channel(step.channels, key[0], key[1]) for step in self.compiled.steps
            ]
        return chosen

    def local(self, timezone: str) -> tuple[date, datetime]:
        """The customer's local date and aware "now" for ``as_of``."""
        cached = self._local.get(timezone)
        if cached is None:
            tz = ZoneInfo(timezone)
            if isinstance(self.as_of, datetime):
                now = self.as_of.astimezone(tz)
            else:
                now = datetime.combine(self.as_of, time(0), tzinfo=tz)
            cached = self._local[timezone] = (now.date(), now)
        return cached

    def compact(
        self, invoice: Invoice, customer_id: str, today: date, keep_all: bool
    ) -> _Open | None:
        """The engine's record for ``invoice``, or None when it cannot matter today.

        It cannot matter when it is paid, or when no step is newly due for it and no step
        condition counts the customer's overdue invoices.
        """
        payments = invoice.payments
        balance = invoice.amount
        if payments:
            # Invoice.balance without its argument checks: amounts are already exact to the cent.
            balance -= sum((p.amount for p in payments if p.date <= today), _ZERO)
        due = invoice.due_date.toordinal()
        if balance <= 0:
            if not keep_all:
                return None
            fresh = False
        else:
            day = today.toordinal()
            entry = self.history.get(customer_id)
            fresh = self.has_new(due, None if entry is None else entry.fired.get(invoice.id), day)
            if not (fresh or keep_all or (self.compiled.counts_overdue and due < day)):
                return None
        return _Open(
            invoice.id,
            due,
            balance,
            invoice.currency,
            invoice.disputed,
            invoice.agreement_id,
            invoice.tags,
            fresh,
        )

    def has_new(self, due: int, fired: Mapping[str, datetime] | None, today: int) -> bool:
        """Whether a step of an invoice due on ``due`` is due by ``today``, unfired and not
        passed (under ``latest``/``none``, steps before the last fired one are passed)."""
        compiled = self.compiled
        if self.schedule.catch_up is CatchUp.ALL:
            dates = compiled.step_dates(due)
            return any(
                d <= today and not (fired and step.id in fired)
                for step, d in zip(compiled.steps, dates, strict=True)
            )
        index_of = compiled.index_of
        start = max((index_of.get(s, -1) for s in fired), default=-1) + 1 if fired else 0
        return compiled.earliest_from(due)[start] <= today

    def evaluate(
        self,
        customer: Customer,
        invoices: list[_Open],
        trace: list[TraceRow] | None = None,
    ) -> tuple[list[Action], list[Skipped]]:
        """Actions and skips for one customer."""
        if trace is None and not any(inv.fresh for inv in invoices):
            return [], []  # nothing newly due: most customers on a daily run
        return _CustomerRun(self, customer, invoices, trace).run()


class _CustomerRun:
    """Evaluation of one customer; holds the per-customer context."""

    def __init__(
        self,
        engine: Engine,
        customer: Customer,
        invoices: list[_Open],
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
        profiles = engine._profiles
        self.profile = None if profiles is None else profiles.get(customer.id)
        self.invoices = sorted(invoices, key=lambda inv: (inv.due, inv.id))
        seen: set[str] = set()
        for inv in self.invoices:
            if inv.id in seen:
                raise InvalidInputError(
                    "invoices", f"invoice id {inv.id!r} appears twice for customer {customer.id!r}"
                )
            seen.add(inv.id)
        self.covered: dict[str, str] = {}
        for agreement in engine._agreements.get(customer.id, ()):
            if _agreement_covers(agreement, self.today):
                for invoice_id in agreement.invoice_ids:
                    self.covered[invoice_id] = agreement.id
        self.overdue_count = 0
        self.overdue_total: dict[str, Decimal] = defaultdict(Decimal)
        for inv in self.invoices:
            if inv.balance > 0 and inv.due < self.today_ord and inv.id not in self.covered:
                self.overdue_count += 1
                self.overdue_total[inv.currency] += inv.balance
        # (step index, code, reason, retry ordinal) -> invoice ids, merged as they come.
        self.skips: dict[tuple[int, SkipCode, str, int | None], list[str]] = {}
        self.fires: list[_Fire] = []
        self.channels = engine.channels_for(customer)
        years = self.schedule.guardrails.prescription_years
        # Fewer days than this since the due date cannot be prescribed (a year has >= 365 days).
        self.young = 365 * years if years is not None else None

    # ----------------------------------------------------------------- per-invoice selection
    def run(self) -> tuple[list[Action], list[Skipped]]:
        for inv in self.invoices:
            self._invoice(inv)
        actions = self._actions()
        return actions, self._skipped()

    def _note(self, inv: _Open, step: CompiledStep, status: str, reason: str) -> None:
        if self.trace is not None:
            self.trace.append(TraceRow(inv.id, step.index, status, reason))

    def _skip(
        self, step: CompiledStep, inv: _Open, code: SkipCode, reason: str, retry: int | None = None
    ) -> None:
        key = (step.index, code, reason, retry)
        ids = self.skips.get(key)
        if ids is None:
            self.skips[key] = [inv.id]
        else:
            ids.append(inv.id)
        if self.trace is not None:
            retry_day = None if retry is None else date.fromordinal(retry)
            self.trace.append(
                TraceRow(inv.id, step.index, f"skipped:{code.value}", reason, retry_on=retry_day)
            )

    def _local_day(self, at: datetime) -> int:
        return at.astimezone(self.tz).date().toordinal()

    def _invoice(self, inv: _Open) -> None:
        steps = self.compiled.steps
        dates = self.compiled.step_dates(inv.due)
        today = self.today_ord
        tracing = self.trace is not None
        if inv.balance <= 0:
            for step in steps:
                self._note(inv, step, "closed", "invoice paid: the ladder stopped")
            return
        fired = self.history.fired.get(inv.id, _NO_STEPS)
        mode = self.schedule.catch_up
        if not tracing and not inv.fresh:
            return  # nothing new is due: the common case on a daily run
        index_of = self.compiled.index_of
        last_fired = max((index_of.get(s, -1) for s in fired), default=-1) if fired else -1
        candidates: list[CompiledStep] = []
        blocked: dict[SkipCode, tuple[CompiledStep, str]] = {}
        guarded = (
            inv.disputed
            or inv.id in self.covered
            or (self.young is not None and today - inv.due > self.young)
        )
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
            mismatch = self._mismatch(step.when, inv) if step.when is not None else None
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

    def _latest(self, inv: _Open, candidates: list[CompiledStep]) -> None:
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
                self.fires.append(outcome)
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

    def _every(self, inv: _Open, candidates: list[CompiledStep]) -> None:
        for step in candidates:
            outcome = self._resolve(step, inv, candidates, redirect=False)
            if isinstance(outcome, _Fire):
                self.fires.append(outcome)
            elif isinstance(outcome, _Wait):
                self._skip(step, inv, SkipCode.WAITING, outcome.reason, outcome.retry_on)
            else:
                self._skip(step, inv, SkipCode.REQUIREMENT, outcome.reason)

    def _resolve(
        self, target: CompiledStep, inv: _Open, candidates: list[CompiledStep], *, redirect: bool
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
        inv: _Open,
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

    def _mismatch(self, when: When, inv: _Open) -> tuple[SkipCode | None, str] | None:
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

    def _block(self, step: CompiledStep, inv: _Open) -> tuple[SkipCode, str] | None:
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
        groups: dict[tuple[int, str], list[_Open]] = defaultdict(list)
        for fire in self.fires:
            groups[(fire.step.index, fire.inv.currency)].append(fire.inv)
        if not groups:
            return []
        steps = self.compiled.steps
        ordered = sorted(
            groups.items(),
            key=lambda item: (
                -steps[item[0][0]].severity,
                -item[0][0],
                min(inv.due for inv in item[1]),
                item[0][1],
            ),
        )
        is_holiday = contact_holidays(self.schedule.calendar, self.customer.state)
        window = self.schedule.window_for(self.customer.state)
        start, end = contact_slot(window, self.now, is_holiday)
        day = start.date().toordinal()
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
            invs.sort(key=lambda inv: (inv.due, inv.id))
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
                    retry = projection.next_fit(
                        day,
                        lambda o: (
                            window.span(
                                date.fromordinal(o).weekday(), is_holiday(date.fromordinal(o))
                            )
                            is not None
                        ),
                    )
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
        invs: list[_Open],
        channel: Any,
        start: datetime,
        end: datetime,
    ) -> Action:
        ids = tuple(inv.id for inv in invs)
        oldest = invs[0].due
        step_date = min(self.compiled.step_dates(inv.due)[step.index] for inv in invs)
        days = self.today_ord - oldest
        identifier = action_id(self.schedule.name, step.id, self.customer.id, currency, ids)
        if self.trace is not None:
            for inv in invs:
                self.trace.append(
                    TraceRow(inv.id, step.index, "planned", f"action {identifier}", identifier)
                )
        due_text = date.fromordinal(oldest)
        count = f"{len(ids)} invoices, oldest" if len(ids) > 1 else "invoice"
        return Action(
            id=identifier,
            customer_id=self.customer.id,
            invoice_ids=ids,
            step_id=step.id,
            action=step.action,
            channel=channel,
            template=step.template or default_template_id(step.action, days),
            window_start=start,
            window_end=end,
            currency=currency,
            amount_due=sum((inv.balance for inv in invs), Decimal(0)),
            days_overdue=days,
            due_date=due_text,
            reason=(
                f"step {step.id!r} (offset {step.offset}, {step.action.value}): step date"
                f" {date.fromordinal(step_date)}; {count} due {due_text},"
                f" {_days_text(days)}"
            ),
            context={
                "schedule": self.schedule.name,
                "schedule_version": self.schedule.version,
                "step_date": date.fromordinal(step_date).isoformat(),
            },
        )

    def _skipped(self) -> list[Skipped]:
        merged = self.skips
        steps = self.compiled.steps
        out = []
        for (index, code, reason, retry), ids in sorted(
            merged.items(), key=lambda item: (item[0][0], item[0][1].value, item[0][2])
        ):
            out.append(
                Skipped(
                    customer_id=self.customer.id,
                    invoice_ids=tuple(dict.fromkeys(ids)),
                    step_id=steps[index].id,
                    code=code,
                    reason=reason,
                    retry_on=None if retry is None else date.fromordinal(retry),
                )
            )
        return out


def _names(values: Iterable[Any]) -> str:
    return "[" + ", ".join(str(getattr(v, "value", v)) for v in values) + "]"


def _days_text(days: int) -> str:
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} overdue"
    if days < 0:
        return f"due in {-days} day{'s' if days != -1 else ''}"
    return "due today"


def _choose_channel(
    channels: tuple[Channel, ...], reachable: tuple[Channel, ...], preferred: tuple[Channel, ...]
) -> Channel | None:
    """The step's first usable channel, the customer's preferred ones moved ahead."""
    usable = [ch for ch in channels if ch in reachable]
    for ch in preferred:
        if ch in usable:
            return ch
    return usable[0] if usable else None


def compile_schedule(
    schedule: Schedule | CompiledSchedule | Mapping[str, Any],
) -> CompiledSchedule:
    """Validate (when given a mapping) and compile a schedule."""
    if isinstance(schedule, CompiledSchedule):
        return schedule
    return CompiledSchedule(_model(schedule, Schedule, "schedule"))


def index_customers(customers: Iterable[Customer | Mapping[str, Any]]) -> dict[str, Customer]:
    """Customers by id; a repeated id is an error."""
    index: dict[str, Customer] = {}
    for i, raw in enumerate(customers):
        customer: Customer = _model(raw, Customer, f"customers[{i}]")
        if customer.id in index:
            raise InvalidInputError(f"customers[{i}].id", f"duplicate customer id {customer.id!r}")
        index[customer.id] = customer
    return index


def group_invoices(
    engine: Engine,
    customers: Mapping[str, Customer],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    keep_all: bool = False,
) -> dict[str, list[_Open]]:
    """Stream the invoices once into compact records grouped by customer id."""
    groups: dict[str, list[_Open]] = defaultdict(list)
    local = engine.local
    compact = engine.compact
    for i, raw in enumerate(invoices):
        invoice: Invoice = raw if type(raw) is Invoice else _model(raw, Invoice, f"invoices[{i}]")
        customer_id = invoice.customer_id
        customer = customers.get(customer_id)
        if customer is None:
            raise InvalidInputError(
                f"invoices[{i}].customer_id", f"unknown customer {customer_id!r}"
            )
        record = compact(invoice, customer_id, local(customer.timezone)[0], keep_all)
        if record is not None:
            groups[customer_id].append(record)
    return groups


def plan(
    schedule: Schedule | Mapping[str, Any],
    customers: Iterable[Customer | Mapping[str, Any]],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: datetime | date,
    history: Iterable[ContactRecord | Mapping[str, Any]] = (),
    profiles: Mapping[str, Profile | str] | None = None,
    agreements: Iterable[Agreement | Mapping[str, Any]] = (),
) -> Plan:
    """Plan today's actions for a portfolio; see the module docstring for the rules.

    ``as_of`` is an aware datetime, or a date meaning the start of that day in each customer's
    time zone. ``profiles`` maps customer id to :class:`~regua.models.Profile` for steps with a
    ``when.profile`` condition. Inputs may be models, mappings or generators; none is mutated.
    Output order: customers by id; per customer, actions by priority (highest escalation, then
    oldest debt) and skips by step.
    """
    compiled = compile_schedule(schedule)
    engine = Engine(compiled, as_of, history, profiles, agreements)
    return run_plan(engine, index_customers(customers), invoices)


def run_plan(
    engine: Engine,
    customers: Mapping[str, Customer],
    invoices: Iterable[Invoice | Mapping[str, Any]],
) -> Plan:
    """The body of :func:`plan` once the engine is built (reused by ``simulate``)."""
    groups = group_invoices(engine, customers, invoices)
    actions: list[Action] = []
    skipped: list[Skipped] = []
    for customer_id in sorted(groups):
        got, held = engine.evaluate(customers[customer_id], groups.pop(customer_id))
        actions.extend(got)
        skipped.extend(held)
    return Plan(as_of=engine.as_of, actions=tuple(actions), skipped=tuple(skipped))

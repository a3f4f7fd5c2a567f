"""A schedule compiled once per run into flat per-step records and a cache of step dates.

Step dates depend only on the due date, so they are computed once per distinct due date (a
portfolio has a few thousand at most) and kept as day ordinals: deciding which steps are due for
an invoice is then a handful of integer comparisons.

Anchor: an offset counts from the invoice's **due date** (default). When the due date is not a
business day, payment on the next business day is still on time (Lei 7.089/83), so business-day
offsets count from that *effective* due date, and an after-due step (offset > 0) never lands on
or before it: a Saturday due date does not get a "past due" message on Monday, when paying is
still on time. A step anchored on the **issue date** counts from ``Invoice.issue_date`` (business
days from the issue date itself) and may come before the due date. An ``end_of_month`` step goes
on the last day of the month of the date its offset gives, before the non-business-day policy
moves it (OCA's ``end_of_month``: ``date_trunc('month', due + delay) + 1 month - 1 day``).
Under ``ladder: invoice`` each invoice keeps its own ladder: paying the oldest invoice does not
move the others' dates; under ``ladder: customer`` they all take the dates of the customer's
earliest unpaid invoice (:mod:`regua.rules.ladder`).

Step dates that read only the due date are cached per due date (:meth:`step_dates`); a
schedule with an issue-anchored step caches them per (due date, issue date)
(:meth:`dates_for`).

Order: an invoice meets its steps in the order of their dates, not of the list. Steps of one
unit (calendar days under one non-business-day policy, or business days) listed by their number
of days have their dates in list order for every due date. Across units they need not: five
business days are seven calendar days or more (a weekend, plus any holiday), so a ``"5bd"``
step listed before a ``6`` step comes after it, and a per-step policy (``previous`` beside
``next``) can swap two dates. Which step is the "most advanced" (catch-up ``latest``) and which
are "passed" (before the last one recorded) is therefore decided per due date by the step
dates, ties going to the step listed later; a step that requires another (``after``, or a
listing's notice) always comes after it. By list order, that ``"5bd"`` step would be passed,
never fired, once the ``6`` step had fired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from regua.calendar import BusinessCalendar
from regua.jurisdiction import Jurisdiction
from regua.limits import MAX_BUSINESS_DAYS
from regua.models import ActionKind, Channel
from regua.rules.ids import id_prefix
from regua.rules.schedule import (
    Anchor,
    Fee,
    Ladder,
    NonBusinessDay,
    Repeat,
    Schedule,
    Step,
    Trigger,
    When,
)

__all__ = ["SEVERITY", "CompiledSchedule", "CompiledStep", "compile_step"]

#: Rank of each action from the mildest to the most severe (ActionKind's declaration order).
SEVERITY = {kind: rank for rank, kind in enumerate(ActionKind)}

_ONE_DAY = timedelta(days=1)
_NEVER = date.max.toordinal()


@dataclass(frozen=True, slots=True, eq=False)
class CompiledStep:
    """One step with everything the engine needs precomputed (compared by identity)."""

    index: int
    id: str
    offset: int | str
    days: int
    business: bool
    policy: NonBusinessDay
    action: ActionKind
    severity: int
    channels: tuple[Channel, ...]
    is_contact: bool
    is_escalation: bool
    when: When | None
    template: str | None
    after_index: int | None
    after_min_days: int
    after_delivered: bool
    needs_notice: bool
    fee: Fee | None
    description: str | None
    #: The event the step waits for, off the ladder (None: a step of the ladder).
    trigger: Trigger | None
    #: Whether the offset counts from the issue date (else the due date).
    from_issue: bool
    end_of_month: bool
    repeat: Repeat | None
    #: The start of a planned action's reason.
    reason_head: str
    #: The start of the text its action ids hash (``regua.rules.ids.hashed_id``).
    id_prefix: str


def _on_invoice(when: When) -> bool:
    """Whether a condition reads the invoice, or counts that only ``_invoice_mismatch`` checks
    (the overdue count comes after the amount in the order reasons are reported)."""
    return (
        when.days_overdue is not None
        or when.min_amount is not None
        or when.max_amount is not None
        or when.min_invoices is not None
        or when.max_invoices is not None
        or when.min_total_overdue is not None
        or when.max_total_overdue is not None
        or when.tags_any is not None
        or bool(when.tags_none)
        or when.agreement is not None
    )


def _on_amount_only(when: When) -> bool:
    """Whether the only conditions on the invoice are on its balance (``min_amount``,
    ``max_amount``, one amount for every currency): their result is then a function of the
    balance and its currency."""
    return (
        not isinstance(when.min_amount, dict)
        and not isinstance(when.max_amount, dict)
        and when.days_overdue is None
        and when.min_invoices is None
        and when.max_invoices is None
        and when.min_total_overdue is None
        and when.max_total_overdue is None
        and when.tags_any is None
        and not when.tags_none
        and when.agreement is None
    )


def _single(value: Decimal | dict[str, Decimal] | None) -> Decimal | None:
    assert not isinstance(value, dict)  # per-currency amounts are never "amount only"
    return value


#: The built-in template of a message step with a trigger and no template of its own.
_TRIGGER_TEMPLATES: dict[tuple[Trigger | None, ActionKind], str] = {
    (Trigger.BROKEN_PROMISE, ActionKind.MESSAGE): "broken_promise"
}


def _reason_head(
    step_id: str, offset: int | str, action: ActionKind, trigger: Trigger | None
) -> str:
    if trigger is None:
        return f"step {step_id!r} (offset {offset}, {action.value}): step date"
    return f"step {step_id!r} ({trigger.value} + {offset} days, {action.value}): step date"


def compile_step(schedule: Schedule, i: int, step: Step, index_of: dict[str, int]) -> CompiledStep:
    """Step ``i`` of ``schedule`` as the engine reads it (``index_of``: step id -> index)."""
    after = step.after
    return CompiledStep(
        index=i,
        id=step.id,
        offset=step.offset,
        days=step.offset_days,
        business=step.business_days,
        policy=step.non_business_day or schedule.non_business_day,
        action=step.action,
        severity=SEVERITY[step.action],
        channels=step.channels,
        is_contact=step.is_contact,
        is_escalation=step.action.is_escalation,
        when=None if step.when.is_empty else step.when,
        template=step.template or _TRIGGER_TEMPLATES.get((step.trigger, step.action)),
        after_index=None if after is None else index_of[after.step],
        after_min_days=0 if after is None else after.min_days,
        after_delivered=False if after is None else after.delivered,
        needs_notice=(
            schedule.guardrails.notice_before_listing and step.action is ActionKind.BUREAU_LISTING
        ),
        fee=step.fee,
        description=step.description,
        trigger=step.trigger,
        from_issue=step.anchor is Anchor.ISSUE_DATE,
        end_of_month=step.end_of_month,
        repeat=step.repeat,
        reason_head=_reason_head(step.id, step.offset, step.action, step.trigger),
        id_prefix=id_prefix(schedule.name, step.id),
    )


def _reorders(ladder: list[CompiledStep]) -> bool:
    """Whether the order of the ladder's steps can differ from the list (and between due
    dates): only when units or non-business-day policies mix (one of each keeps the list
    order)."""
    kinds = {
        (s.from_issue, "bd") if s.business else (s.from_issue, s.policy, s.end_of_month)
        for s in ladder
    }
    return len(kinds) > 1


class CompiledSchedule:
    """The schedule as flat step records plus a per-due-date cache of step date ordinals."""

    __slots__ = (
        "_anchored_dates",
        "_anchored_orders",
        "_dates",
        "_order_ids",
        "_orders",
        "_payable",
        "_suffix",
        "amount_only",
        "anchored",
        "by_issue",
        "calendar",
        "counts_overdue",
        "customer_conditional",
        "index_of",
        "invoice_conditional",
        "jurisdiction",
        "no_channel_reason",
        "notice_indexes",
        "per_customer",
        "percent_fees",
        "priority",
        "reorders",
        "repeating",
        "schedule",
        "steps",
        "superseded_reason",
        "superseded_waiting_reason",
        "triggered",
    )

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule
        self.calendar: BusinessCalendar = schedule.calendar.build()
        self.jurisdiction: Jurisdiction = schedule.jurisdiction
        index_of = {step.id: i for i, step in enumerate(schedule.steps)}
        self.steps: tuple[CompiledStep, ...] = tuple(
            compile_step(schedule, i, step, index_of) for i, step in enumerate(schedule.steps)
        )
        #: The steps that wait for an event (``trigger``) instead of a date on the ladder: they
        #: have no date of their own (``step_dates`` gives ``date.max``), and the ladder's
        #: bookkeeping (``index_of``, the order of steps) leaves them out.
        self.triggered = tuple(s for s in self.steps if s.trigger is not None)
        ladder = [s for s in self.steps if s.trigger is None]
        #: Step id -> index, of the ladder's steps: a triggered step's record does not move the
        #: ladder (it neither passes nor supersedes a step).
        self.index_of: dict[str, int] = {s.id: s.index for s in ladder}
        #: Rank of each step among the actions of one customer: the most severe first, then the
        #: most advanced step.
        by_priority = sorted(self.steps, key=lambda s: (-s.severity, -s.index))
        self.priority: tuple[int, ...] = tuple(by_priority.index(s) for s in self.steps)
        #: Whether a step charges a percentage of the original amount, which the records do
        #: not hold: the engine then keeps each open invoice's amount aside (``Engine.amounts``).
        self.percent_fees = any(s.fee is not None and s.fee.percent is not None for s in self.steps)
        #: The ids of the steps that repeat (``Step.repeat``): an invoice whose history names
        #: one may have a repetition due whatever its other steps say.
        self.repeating = frozenset(s.id for s in self.steps if s.repeat is not None)
        #: The ladder's notices before a listing (a triggered one may never happen).
        self.notice_indexes: tuple[int, ...] = tuple(
            s.index for s in ladder if s.action is ActionKind.BUREAU_NOTICE
        )
        #: Whether the order of the steps can differ from the list (and between due dates):
        #: only when units or non-business-day policies mix (one of each keeps the list order).
        self.reorders = _reorders(ladder)
        #: Whether a step counts from the issue date, and whether the ladder is the customer's:
        #: then an invoice's step dates need more than its due date (``dates_for``), and the
        #: engine decides every open invoice one at a time.
        self.by_issue = any(s.from_issue for s in ladder)
        self.per_customer = schedule.ladder is Ladder.CUSTOMER
        self.anchored = self.by_issue or self.per_customer
        self._sort_conditions()
        self._word_reasons()
        self._start_caches()

    def _sort_conditions(self) -> None:
        """Which steps have ``when`` conditions, and on what."""
        #: The steps with a ``when`` condition on the invoice (amount, totals in its currency,
        #: tags, agreement), and those whose conditions are all on the customer.
        self.invoice_conditional = tuple(
            s for s in self.steps if s.when is not None and _on_invoice(s.when)
        )
        #: Index -> (min_amount, max_amount) of the invoice-conditional steps whose invoice
        #: conditions read the balance only.
        self.amount_only: dict[int, tuple[Decimal | None, Decimal | None]] = {
            s.index: (_single(s.when.min_amount), _single(s.when.max_amount))
            for s in self.invoice_conditional
            if s.when and _on_amount_only(s.when)
        }
        self.customer_conditional = tuple(
            s for s in self.steps if s.when is not None and not _on_invoice(s.when)
        )
        #: Whether some condition counts the customer's overdue invoices (Kill Bill style); only
        #: then must invoices with nothing due themselves be kept for the totals.
        self.counts_overdue = any(
            s.when is not None
            and (
                s.when.min_invoices is not None
                or s.when.max_invoices is not None
                or s.when.min_total_overdue is not None
                or s.when.max_total_overdue is not None
            )
            for s in self.steps
        )

    def _word_reasons(self) -> None:
        """The reasons of each step's skips that name only the step, worded once."""
        self.no_channel_reason: tuple[str, ...] = tuple(
            "no usable channel among ["
            + ", ".join(ch.value for ch in s.channels)
            + "]: no address, or opted out"
            for s in self.steps
        )
        #: Why ``catch_up: latest`` holds the other due steps back: step k fired, or step k is
        #: the most advanced due step and waits (for its requirement's delay).
        self.superseded_reason: tuple[str, ...] = tuple(
            f"superseded by step {s.id!r} (catch_up: latest)" for s in self.steps
        )
        self.superseded_waiting_reason: tuple[str, ...] = tuple(
            f"superseded by step {s.id!r}, which waits (catch_up: latest)" for s in self.steps
        )

    def _start_caches(self) -> None:
        """The caches of step dates and orders, per due date (and issue date)."""
        self._dates: dict[int, tuple[int, ...]] = {}
        identity = tuple(range(len(self.steps)))
        #: Due ordinal -> (steps in the order met, each step's position in it, order number).
        self._orders: dict[int, tuple[tuple[int, ...], tuple[int, ...], int]] = {}
        self._order_ids: dict[tuple[int, ...], int] = {identity: 0}
        self._anchored_dates: dict[tuple[int, int | None], tuple[int, ...]] = {}
        self._anchored_orders: dict[
            tuple[int, int | None], tuple[tuple[int, ...], tuple[int, ...], int]
        ] = {}
        self._suffix: dict[int, tuple[int, ...]] = {}
        self._payable: dict[int, int] = {}

    def step_dates(self, due_ordinal: int) -> tuple[int, ...]:
        """Day ordinals of every step for an invoice due on ``due_ordinal`` (cached); for a
        schedule with no issue-anchored step (see :meth:`dates_for`)."""
        dates = self._dates.get(due_ordinal)
        if dates is None:
            due = date.fromordinal(due_ordinal)
            dates = tuple(
                _NEVER if step.trigger is not None else self._step_date(step, due, None).toordinal()
                for step in self.steps
            )
            self._dates[due_ordinal] = dates
        return dates

    def dates_for(self, due_ordinal: int, issue_ordinal: int | None) -> tuple[int, ...]:
        """Day ordinals of every step for an invoice due on ``due_ordinal`` and issued on
        ``issue_ordinal`` (None when it has no issue date, which only a schedule with no
        issue-anchored step accepts) (cached)."""
        if not self.by_issue:
            return self.step_dates(due_ordinal)
        key = (due_ordinal, issue_ordinal)
        dates = self._anchored_dates.get(key)
        if dates is None:
            due = date.fromordinal(due_ordinal)
            issue = None if issue_ordinal is None else date.fromordinal(issue_ordinal)
            dates = tuple(
                _NEVER
                if step.trigger is not None
                else self._step_date(step, due, issue).toordinal()
                for step in self.steps
            )
            self._anchored_dates[key] = dates
        return dates

    def order_for(
        self, due_ordinal: int, issue_ordinal: int | None
    ) -> tuple[tuple[int, ...], tuple[int, ...], int]:
        """:meth:`order` for an invoice with these due and issue dates (cached)."""
        if not self.by_issue:
            return self.order(due_ordinal)
        key = (due_ordinal, issue_ordinal)
        found = self._anchored_orders.get(key)
        if found is None:
            found = self._anchored_orders[key] = self._order_of(
                self.dates_for(due_ordinal, issue_ordinal)
            )
        return found

    def order(self, due_ordinal: int) -> tuple[tuple[int, ...], tuple[int, ...], int]:
        """For an invoice due on ``due_ordinal``: the step indexes in the order it meets them,
        each step's position in that order, and a number naming the order (0 for the list's
        own order) (cached).

        Steps go by date, ties to the step listed later; a step that needs another (``after``,
        or a listing's earlier notices, the first of them) is placed no earlier than it.
        """
        found = self._orders.get(due_ordinal)
        if found is None:
            found = self._orders[due_ordinal] = self._order_of(self.step_dates(due_ordinal))
        return found

    def _order_of(self, dates: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...], int]:
        """The order an invoice with these step dates meets its steps (see :meth:`order`)."""
        meets: list[int] = []
        for step in self.steps:
            day = dates[step.index]
            if step.after_index is not None:
                day = max(day, meets[step.after_index])
            if step.needs_notice:
                notices = [meets[i] for i in self.notice_indexes if i < step.index]
                if notices:
                    day = max(day, min(notices))
            meets.append(day)
        sequence = tuple(sorted(range(len(meets)), key=lambda k: (meets[k], k)))
        ranks = [0] * len(sequence)
        for position, k in enumerate(sequence):
            ranks[k] = position
        number = self._order_ids.setdefault(sequence, len(self._order_ids))
        return sequence, tuple(ranks), number

    def earliest_from(self, due_ordinal: int) -> tuple[int, ...]:
        """``earliest_from(d)[p]``: the earliest date among the steps at position ``p`` and
        after in the order an invoice due on ``d`` meets them (:meth:`order`) (cached).

        One extra entry past the last step holds ``date.max``, so "is anything from position p
        on due by today?" is a single comparison.
        """
        suffix = self._suffix.get(due_ordinal)
        if suffix is None:
            dates = self.step_dates(due_ordinal)
            sequence = self.order(due_ordinal)[0] if self.reorders else range(len(dates))
            values = [_NEVER] * (len(dates) + 1)
            for p in range(len(dates) - 1, -1, -1):
                values[p] = min(dates[sequence[p]], values[p + 1])
            suffix = self._suffix[due_ordinal] = tuple(values)
        return suffix

    def payable_until(self, due_ordinal: int) -> int:
        """The last day (an ordinal) an invoice due on ``due_ordinal`` may be paid without
        charges: its due date, or for a due date on a weekend or holiday the next business
        day (Lei 7.089/83 art. 1). Steps counted from the due date start there."""
        payable = self._payable.get(due_ordinal)
        if payable is None:
            moved = self.calendar.next_business_day(date.fromordinal(due_ordinal))
            payable = self._payable[due_ordinal] = moved.toordinal()
        return payable

    def overdue(self, due_ordinal: int, day: int) -> tuple[int, int]:
        """For an invoice due on ``due_ordinal``, on ``day``: the due date a message states,
        and the days overdue.

        Until the day it is payable without charges (:meth:`payable_until`) the invoice is
        due, not overdue (0 days, and that day is the due date stated); after it, the delay
        counts from the due date itself (STJ, 3a Turma, 2022), as :func:`regua.update` counts
        it.
        """
        payable = self.payable_until(due_ordinal)
        if due_ordinal < day <= payable:
            return payable, 0
        return due_ordinal, day - due_ordinal

    def repetition_date(self, step: CompiledStep, step_date: int, k: int) -> int:
        """The day ordinal of repetition ``k`` of a repeating step whose own date is
        ``step_date`` (``k = 0`` is the step itself; see :class:`~regua.rules.schedule.Repeat`)."""
        assert step.repeat is not None
        if k == 0:
            return step_date
        every = step.repeat.every_days
        if step.repeat.business_days:
            return self._add_business_days(date.fromordinal(step_date), k * every).toordinal()
        return self._moved(step, date.fromordinal(step_date + k * every)).toordinal()

    def latest_repetition(self, step: CompiledStep, step_date: int, today: int) -> int:
        """The latest repetition of a repeating step due by ``today`` (0: only the step itself,
        or not even it), never past its ``max``."""
        assert step.repeat is not None
        if today <= step_date:
            return 0
        every = step.repeat.every_days
        if step.repeat.business_days:
            elapsed = self.calendar.business_days_between(
                date.fromordinal(step_date), date.fromordinal(today)
            )
        else:
            elapsed = today - step_date
        k = elapsed // every
        cap = step.repeat.max
        if cap is not None and k > cap:
            k = cap
        # A calendar date moved by the non-business-day policy may cross ``today``.
        while k > 0 and self.repetition_date(step, step_date, k) > today:
            k -= 1
        while (cap is None or k < cap) and self.repetition_date(step, step_date, k + 1) <= today:
            k += 1
        return k

    def _add_business_days(self, day: date, n: int) -> date:
        """``calendar.add_business_days`` for any ``n >= 0`` (it moves at most
        ``MAX_BUSINESS_DAYS`` at a time)."""
        while n > MAX_BUSINESS_DAYS:
            day = self.calendar.add_business_days(day, MAX_BUSINESS_DAYS)
            n -= MAX_BUSINESS_DAYS
        return self.calendar.add_business_days(day, n)

    def _step_date(self, step: CompiledStep, due: date, issue: date | None) -> date:
        calendar = self.calendar
        if step.from_issue:
            assert issue is not None  # the intake refuses an invoice without one
            return self._from_issue(step, issue)
        effective_due = date.fromordinal(self.payable_until(due.toordinal()))
        if step.business:
            if step.days > 0:
                return calendar.add_business_days(effective_due, step.days)
            if step.days == 0:
                return effective_due
            return calendar.add_business_days(due, step.days)
        day = due + timedelta(days=step.days)
        if step.end_of_month:
            day = month_end(day)
        day = self._moved(step, day)
        if step.days > 0 and day <= effective_due:
            day = effective_due + _ONE_DAY
            if step.policy is not NonBusinessDay.KEEP:
                day = calendar.next_business_day(day)
        return day

    def _from_issue(self, step: CompiledStep, issue: date) -> date:
        """An issue-anchored step's date: no grace of the due date applies."""
        if step.business:
            if step.days == 0:
                return self.calendar.next_business_day(issue)
            return self.calendar.add_business_days(issue, step.days)
        day = issue + timedelta(days=step.days)
        if step.end_of_month:
            day = month_end(day)
        return self._moved(step, day)

    def _moved(self, step: CompiledStep, day: date) -> date:
        """``day`` moved off a non-business day as the step's policy says."""
        if step.policy is NonBusinessDay.NEXT:
            return self.calendar.next_business_day(day)
        if step.policy is NonBusinessDay.PREVIOUS:
            return self.calendar.previous_business_day(day)
        return day


def month_end(day: date) -> date:
    """The last day of ``day``'s month.

    >>> month_end(date(2024, 2, 10)), month_end(date(2025, 2, 10)), month_end(date(2026, 12, 1))
    (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28), datetime.date(2026, 12, 31))
    """
    first_of_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_of_next - _ONE_DAY

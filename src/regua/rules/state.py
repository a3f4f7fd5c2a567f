"""The state planning shares: the run's (:class:`Engine`) and one customer's (:class:`CustomerRun`).

:class:`Engine` holds what a run reads for every customer (the compiled schedule, ``as_of``,
the indexed history, agreements, profiles and holds) and what it works out once and shares
across customers: the local date per time zone, the channels per contact pattern, the
:class:`CustomerShape` per distinct combination of a customer's attributes, the outcomes of
selection and caps per distinct situation, and the numbering of skip keys.

:class:`CustomerRun` holds one customer's evaluation: its open invoices, history, holds and
agreements, and the skips and fires gathered so far. The rule modules
(:mod:`~regua.rules.conditions`, :mod:`~regua.rules.guardrails`,
:mod:`~regua.rules.selection`, :mod:`~regua.rules.consolidation`) read and fill it;
:mod:`~regua.rules.evaluation` builds it and runs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from regua._inputs import UniqueIds, as_models
from regua._validation import in_range
from regua.errors import InvalidInputError
from regua.limits import quote
from regua.models import Agreement, Channel, ContactRecord, Customer, Payment, Profile, Promise
from regua.rules.agreements import watched_ids
from regua.rules.compiled import CompiledSchedule, CompiledStep
from regua.rules.history import NO_HISTORY, CustomerHistory, index_history
from regua.rules.holds import Hold
from regua.rules.promises import PromiseState
from regua.rules.records import OpenInvoice
from regua.rules.results import Exhausted, NotApplicable, SkipCode, TraceRow
from regua.rules.windows import ContactPlace

__all__ = [
    "CustomerRun",
    "CustomerShape",
    "Engine",
    "Mismatch",
    "check_as_of",
    "check_profiles",
]

#: The first ``when`` condition that does not hold: (SkipCode.PROFILE_UNKNOWN or None, reason).
Mismatch = tuple[SkipCode | None, str]

#: A shared empty mapping, never written to.
NOTHING: dict[str, Any] = {}


def check_as_of(value: object) -> datetime | date:
    """``as_of`` must be an aware datetime or a date; a naive datetime is ambiguous."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInputError(
                "as_of",
                "naive datetime: pass an aware datetime (e.g. tzinfo=ZoneInfo("
                "'America/Sao_Paulo')) or a date, meaning the start of that day for each customer",
            )
        return in_range(value, "as_of")
    if isinstance(value, date):
        return in_range(value, "as_of")
    raise InvalidInputError("as_of", f"expected a date or an aware datetime, got {quote(value)}")


def check_profiles(profiles: Mapping[str, Profile | str]) -> dict[str, Profile]:
    if not isinstance(profiles, Mapping):
        raise InvalidInputError(
            "profiles",
            f"expected a mapping of customer id to profile, got {type(profiles).__name__}",
        )
    checked = {}
    for key, value in profiles.items():
        try:
            checked[str(key)] = Profile(value)
        except ValueError:
            known = ", ".join(p.value for p in Profile)
            raise InvalidInputError(
                f"profiles[{quote(key)}]", f"{quote(value)} is not a profile ({known})"
            ) from None
    return checked


def index_agreements(
    agreements: Iterable[Agreement | Mapping[str, Any]],
) -> dict[str, list[Agreement]]:
    """Agreements by customer id; a repeated agreement id is an error."""
    index: dict[str, list[Agreement]] = defaultdict(list)
    ids = UniqueIds("agreements", "agreement")
    for i, agreement in enumerate(as_models(agreements, Agreement, "agreements")):
        ids.add(agreement.id, i)
        index[agreement.customer_id].append(agreement)
    return index


def index_promises(
    promises: Iterable[Promise | Mapping[str, Any]],
) -> tuple[dict[str, list[Promise]], dict[str, dict[str, tuple[str, int]]]]:
    """Promises by customer id, and per customer the invoices they name: invoice id -> (the
    currency of the first promise naming it, that promise's position in ``promises``); a
    repeated promise id is an error."""
    by_customer: dict[str, list[Promise]] = {}
    named: dict[str, dict[str, tuple[str, int]]] = {}
    ids = UniqueIds("promises", "promise")
    for i, promise in enumerate(as_models(promises, Promise, "promises")):
        ids.add(promise.id, i)
        by_customer.setdefault(promise.customer_id, []).append(promise)
        invoices = named.setdefault(promise.customer_id, {})
        for invoice_id in promise.invoice_ids:
            invoices.setdefault(invoice_id, (promise.currency, i))
    return by_customer, named


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
        promises: Iterable[Promise | Mapping[str, Any]] = (),
    ) -> None:
        self.compiled = compiled
        self.schedule = compiled.schedule
        self.as_of = check_as_of(as_of)
        years = self.schedule.guardrails.prescription_years
        #: Fewer days than this since the due date cannot be prescribed (a year has >= 365 days).
        self.young = 365 * years if years is not None else None
        self.profiles = None if profiles is None else check_profiles(profiles)
        self.history = index_history(history)
        self.agreements = index_agreements(agreements)
        self.watched = watched_ids(self.agreements)
        #: Customer id -> its promises to pay; customer id -> invoice id -> (the currency of
        #: the first promise naming it, that promise's position in ``promises``).
        self.promises, self.promised = index_promises(promises)
        self._start_caches()
        self._start_gathering()

    def _start_caches(self) -> None:
        """What the run works out once and shares across customers."""
        self._local: dict[str, tuple[date, datetime]] = {}
        self._channels: dict[tuple[tuple[Channel, ...], tuple[Channel, ...]], list[Channel | None]]
        self._channels = {}
        #: What customers' attributes decide, per distinct combination (see ``evaluation.shape``),
        #: with the caches a shape shares per local date and per time zone.
        self.shapes: dict[tuple[Any, ...], CustomerShape] = {}
        #: Outcomes of step selection, shared by invoices in the same situation (see
        #: ``selection.select_fresh``), and of the caps (``consolidation._caps``).
        self.outcomes: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.caps_outcomes: dict[tuple[Any, ...], tuple[int | None, ...]] = {}
        self.amount_failures: dict[tuple[int, Decimal, str], tuple[SkipCode | None, str] | None]
        self.amount_failures = {}
        self.due_sets: dict[int, dict[int, int]] = {}
        self.days: dict[str, dict[datetime, int]] = {}
        self.contexts: dict[tuple[Any, ...], int] = {}
        #: (step index, step date, oldest due date, days overdue, invoices) -> an action's due
        #: date, reason, step date text and template, shared by the actions that have them.
        self.action_texts: dict[tuple[int, ...], tuple[date, str, str, str]] = {}
        self._places: dict[tuple[str | None, str], ContactPlace] = {}
        #: Skip keys (step index, code, reason, retry ordinal) numbered in order of appearance
        #: (hashing a SkipCode calls Python code: a number is cheaper to hash), with what a
        #: ``Skipped`` takes from each (step id, code, reason, retry date) and its sort key.
        self._skip_numbers: dict[tuple[int, SkipCode, str, int | None], int] = {}
        self.skip_keys: list[tuple[int, SkipCode, str, int | None]] = []
        self.skip_parts: list[tuple[str, SkipCode, str, date | None]] = []
        self.skip_order: list[tuple[int, SkipCode, str]] = []
        #: (step index, ``when`` field) numbered in order of appearance (see ``condition_number``),
        #: and how many invoices each kept a step from.
        self._condition_numbers: dict[tuple[int, str], int] = {}
        self._condition_reasons: dict[tuple[int, str], int] = {}
        self.condition_keys: list[tuple[int, str]] = []
        self.condition_counts: list[int] = []

    def _start_gathering(self) -> None:
        """What the run gathers as it reads the invoices and evaluates the customers."""
        compiled = self.compiled
        #: Customer id -> invoice id -> the payments of each invoice a promise names (filled as
        #: the invoices are read, paid ones included: their payments keep a promise).
        self.promise_payments: dict[str, dict[str, tuple[Payment, ...]]] = {}
        #: Customer id -> invoice id -> the host's pause or block of the invoice (few; filled as
        #: the invoices are read).
        self.holds: dict[str, dict[str, Hold]] = {}
        #: (customer id, invoice id) -> the invoice's original amount, kept only when a step's
        #: fee is a percentage of it.
        self.amounts: dict[tuple[str, str], Decimal] | None = {} if compiled.percent_fees else None
        #: (customer id, invoice id) -> the open invoice's issue date ordinal, kept only when a
        #: step counts from it.
        self.issues: dict[tuple[str, str], int] | None = {} if compiled.by_issue else None
        #: Customer id -> (due ordinal, id) of its open invoices whose ladder is exhausted; the
        #: customers (with history) with an open invoice whose ladder is not.
        self.exhausted: dict[str, list[tuple[int, str]]] = {}
        self.live: set[str] = set()

    def contact_place(self, state: str | None, timezone: str) -> ContactPlace:
        """The contact window and next slot of customers in ``state`` and ``timezone``."""
        key = (state, timezone)
        place = self._places.get(key)
        if place is None:
            place = self._places[key] = ContactPlace(
                self.schedule.calendar,
                self.schedule.window_for(state),
                self.local(timezone)[1],
                state,
            )
        return place

    def skip_number(self, key: tuple[int, SkipCode, str, int | None]) -> int:
        """The number of a skip key (step index, code, reason, retry ordinal)."""
        number = self._skip_numbers.get(key)
        if number is None:
            number = self._skip_numbers[key] = len(self.skip_keys)
            self.skip_keys.append(key)
            index, code, reason, retry = key
            retry_on = None if retry is None else date.fromordinal(retry)
            self.skip_parts.append((self.compiled.steps[index].id, code, reason, retry_on))
            self.skip_order.append((index, code, reason))
        return number

    def condition_number(self, index: int, reason: str) -> int:
        """The number of step ``index`` kept from an invoice by the ``when`` condition whose
        reason is ``reason`` (``"when.<field>: …"``)."""
        number = self._condition_reasons.get((index, reason))
        if number is None:
            field = reason.partition(":")[0].removeprefix("when.")
            key = (index, field)
            number = self._condition_numbers.get(key)
            if number is None:
                number = self._condition_numbers[key] = len(self.condition_keys)
                self.condition_keys.append(key)
                self.condition_counts.append(0)
            self._condition_reasons[(index, reason)] = number
        return number

    def report(self) -> tuple[tuple[NotApplicable, ...], tuple[Exhausted, ...]]:
        """The run's ``when`` counts and exhausted ladders, as ``Plan`` holds them."""
        steps = self.compiled.steps
        counts = sorted(
            (steps[index].id, field, count)
            for (index, field), count in zip(
                self.condition_keys, self.condition_counts, strict=True
            )
            if count
        )
        exhausted = tuple(
            Exhausted(
                customer_id,
                tuple(invoice_id for _, invoice_id in sorted(self.exhausted[customer_id])),
                customer_id not in self.live,
            )
            for customer_id in sorted(self.exhausted)
        )
        return tuple(NotApplicable(*row) for row in counts), exhausted

    def channels_for(self, customer: Customer) -> list[Channel | None]:
        """The channel each step would use for this customer (None: no usable channel)."""
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


def _choose_channel(
    channels: tuple[Channel, ...], reachable: tuple[Channel, ...], preferred: tuple[Channel, ...]
) -> Channel | None:
    """The step's first usable channel, the customer's preferred ones moved ahead."""
    usable = [ch for ch in channels if ch in reachable]
    for ch in preferred:
        if ch in usable:
            return ch
    return usable[0] if usable else None


class CustomerShape(NamedTuple):
    """What a customer's attributes decide, shared by the customers who have them in common.

    ``mismatch``: step index -> the first ``when`` condition on the customer alone that does
    not hold (None when all hold), for every step with a condition. ``context``: a number for
    all that step selection reads of the customer (see
    :func:`~regua.rules.selection.select_fresh`).
    """

    today: date
    today_ord: int
    #: The day (ordinal, local) the customer's contact window next opens: the day the run's
    #: actions are carried out, later than ``today`` when planned after the window closed.
    window_ord: int
    now: datetime
    tz: tzinfo | None
    channels: list[Channel | None]
    mismatch: dict[int, Mismatch | None]
    context: int
    #: Due date ordinal -> bit set of the steps due by ``today`` (filled in as met).
    due_sets: dict[int, int]
    #: Instant -> its day ordinal in ``tz`` (filled in as met).
    days: dict[datetime, int]


_NO_REPETITIONS: dict[tuple[str, int], int] = {}  # shared, never written to


class CustomerRun:
    """One customer's evaluation: its context, and the skips and fires gathered so far."""

    __slots__ = (
        "anchors",
        "capture",
        "channels",
        "compiled",
        "conditions",
        "covered",
        "customer",
        "due_repetitions",
        "engine",
        "finished",
        "fires",
        "held",
        "history",
        "id_tuples",
        "invoices",
        "live",
        "overdue_count",
        "overdue_total",
        "profile",
        "promised",
        "repetitions",
        "schedule",
        "shape",
        "skips",
        "today",
        "today_ord",
        "trace",
        "tz",
        "window_ord",
    )

    def __init__(
        self,
        engine: Engine,
        customer: Customer,
        profile: Profile | None,
        shape: CustomerShape,
        invoices: list[OpenInvoice],
        trace: list[TraceRow] | None,
    ) -> None:
        self.engine = engine
        self.compiled = engine.compiled
        self.schedule = engine.schedule
        self.customer = customer
        self.profile = profile
        self.shape = shape
        self.today = shape.today
        self.today_ord = shape.today_ord
        self.window_ord = shape.window_ord
        self.tz = shape.tz
        self.channels = shape.channels
        self.history: CustomerHistory = engine.history.get(customer.id, NO_HISTORY)
        self.trace = trace
        #: The open invoices, by due date then id (after any agreement's balances).
        self.invoices = invoices
        #: Invoice id -> why an agreement holds every step back for it.
        self.covered: dict[str, str] = NOTHING
        #: Invoice id -> the host's pause or block of it or of the customer (see ``hold_of``).
        self.held: dict[str, Hold] = NOTHING
        #: Invoice id -> what its promises to pay do today (see ``rules.promises``).
        self.promised: dict[str, PromiseState] = NOTHING
        #: The customer's overdue invoices and their total per currency, for the ``when``
        #: conditions that read them (left empty when none does).
        self.overdue_count = 0
        self.overdue_total: dict[str, Decimal] = NOTHING
        #: Under ``ladder: customer``, currency -> the invoice its ladder counts from (see
        #: :mod:`regua.rules.ladder`).
        self.anchors: dict[str, OpenInvoice] | None = None
        # Skip key number -> invoice ids, merged as they come (see ``Engine.skip_number``).
        self.skips: dict[int, list[str]] = {}
        # The invoice-id tuples of this customer's output, so that equal ones are one object
        # (a first run names the same invoices in four skips out of five): by the id itself
        # for one invoice, by the tuple for several.
        self.id_tuples: dict[str | tuple[str, ...], tuple[str, ...]] = {}
        self.fires: list[tuple[CompiledStep, OpenInvoice]] = []
        #: The numbers (``Engine.condition_number``) of the ``when`` conditions that kept a
        #: step from an invoice, once per invoice and step.
        self.conditions: list[int] = []
        #: The fresh invoices whose ladder is exhausted, and whether any other fresh one is not.
        self.finished: list[OpenInvoice] = []
        self.live = False
        # While an invoice's selection is recorded for replay: the skip key numbers it joins,
        # the steps that fire for it and the conditions that fail (see ``select_fresh``).
        self.capture: tuple[list[int], list[CompiledStep], list[int]] | None = None
        #: (invoice id, step index) -> the repetition of a repeating step that fires for the
        #: invoice (none for a step's own date); and, while an invoice's selection runs, step
        #: index -> the repetition due (see ``Step.repeat``).
        self.repetitions: dict[tuple[str, int], int] = (
            {} if self.compiled.repeating else _NO_REPETITIONS
        )
        self.due_repetitions: dict[int, int] | None = None

    def dates(self, inv: OpenInvoice) -> tuple[int, ...]:
        """The day ordinals of every step for ``inv``: its own, or under a customer's ladder
        the ladder's (those of the anchor of its currency)."""
        compiled = self.compiled
        if not compiled.anchored:
            return compiled.step_dates(inv.due)
        if self.anchors is not None:
            inv = self.anchors.get(inv.currency, inv)
        return compiled.dates_for(inv.due, self.issue_of(inv))

    def order(self, inv: OpenInvoice) -> tuple[tuple[int, ...], tuple[int, ...], int]:
        """The order ``inv`` meets its steps in (see ``CompiledSchedule.order``)."""
        compiled = self.compiled
        if not compiled.anchored:
            return compiled.order(inv.due)
        if self.anchors is not None:
            inv = self.anchors.get(inv.currency, inv)
        return compiled.order_for(inv.due, self.issue_of(inv))

    def issue_of(self, inv: OpenInvoice) -> int | None:
        """The ordinal of ``inv``'s issue date, kept when a step counts from it."""
        issues = self.engine.issues
        return None if issues is None else issues[(self.customer.id, inv.id)]

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

    def not_applicable(self, step: CompiledStep, reason: str) -> None:
        """Count a ``when`` condition (its reason: ``"when.<field>: …"``) that kept ``step``
        from an invoice."""
        number = self.engine.condition_number(step.index, reason)
        self.conditions.append(number)
        if self.capture is not None:
            self.capture[2].append(number)

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

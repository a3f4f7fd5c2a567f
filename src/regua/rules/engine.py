"""``plan()``: what to do for every customer at ``as_of``, as a pure function of the inputs.

Evaluation, per customer (customers in id order, so the output never depends on input order):

1. Each open invoice (balance > 0 at the customer's local date; after an agreement broke, its
   share of what the agreement owes, see :mod:`~regua.rules.agreements`) gets its step dates
   from the compiled schedule. A step is a *candidate* when its date is on or before the local
   date, it has not been recorded in ``history`` for that invoice, its ``when`` conditions
   hold, and no guardrail blocks it (an agreement, dispute, prescription).
2. The catch-up policy picks what fires among the candidates; requirements (``after`` and the
   notice before a listing) are resolved here: under ``latest`` a required step that has not
   fired fires first, and the dependent step waits.
3. What fires is consolidated: one action per customer, step and currency.
4. Each action gets the first usable channel and the customer's next contact slot; caps defer
   contact actions past the limit, highest escalation first, then oldest debt.

Steps 1–4 are :class:`~regua.rules.evaluation.CustomerRun`; this module streams the inputs to
it. Everything that was due but is not planned comes back in ``Plan.skipped`` with a code and a
reason. A ``when`` condition that does not hold is not a skip (the step does not apply to that
invoice; :func:`~regua.rules.explain.explain` shows it), except a missing profile, which is
missing input the host should know about.

Memory model: customers, history and agreements are read fully and indexed by customer id.
Invoices are streamed once, in any order; each open invoice with a step newly due (due, not
recorded, not passed) is reduced to a small tuple (id, due ordinal, balance, currency, flags)
grouped by customer, and the caller's invoice object is not kept. Invoices that are paid, or
have nothing newly due, are dropped as they are read (unless a ``when`` condition counts the
customer's overdue invoices, which keeps the overdue ones, or they belong to an agreement that
broke or may break: its debt is shared among all its open invoices). So the peak is about one
small tuple per invoice with something to do, plus the indexes and the output; a daily run over
a large portfolio touches most invoices for a few dictionary look-ups only. The tuples are plain
tuples of atoms (see :data:`~regua.rules.records.Record`), which the garbage collector stops
tracking: a run's cost includes the full collections its surviving objects bring on, each a
walk over every live object of the host process.

Most of the output is shared rather than repeated: skip keys (step, code, reason, retry date)
are numbered once per run, an action's texts once per (step, dates, days overdue, count), equal
invoice-id tuples once per customer; an action's fields sit in a key-sharing dict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from regua.errors import InvalidInputError
from regua.limits import quote
from regua.models import (
    Action,
    Agreement,
    Channel,
    ContactRecord,
    Customer,
    Invoice,
    Profile,
)
from regua.models._base import in_range
from regua.models._inputs import InvoiceIds, UniqueIds, as_model, as_models, many
from regua.money import add
from regua.rules.agreements import watched_ids
from regua.rules.compiled import CompiledSchedule
from regua.rules.conditions import customer_mismatch
from regua.rules.evaluation import CustomerRun, CustomerShape
from regua.rules.guardrails import Hold, hold_of
from regua.rules.history import index_history
from regua.rules.records import OpenInvoice, Record
from regua.rules.results import Plan, SkipCode, Skipped, TraceRow
from regua.rules.schedule import CatchUp, Schedule
from regua.rules.windows import ContactPlace

__all__ = ["plan"]


_FRESH = OpenInvoice._fields.index("fresh")


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


def _check_profiles(profiles: Mapping[str, Profile | str]) -> dict[str, Profile]:
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
        self._shapes: dict[tuple[Any, ...], CustomerShape] = {}
        #: Outcomes of step selection, shared by invoices in the same situation (see
        #: ``selection.select_fresh``), and of the caps (``consolidation._caps``).
        self.outcomes: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self.caps_outcomes: dict[tuple[Any, ...], tuple[int | None, ...]] = {}
        self.amount_failures: dict[tuple[int, Decimal, str], tuple[SkipCode | None, str] | None]
        self.amount_failures = {}
        self._due_sets: dict[int, dict[int, int]] = {}
        self._days: dict[str, dict[datetime, int]] = {}
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
        years = self.schedule.guardrails.prescription_years
        #: Fewer days than this since the due date cannot be prescribed (a year has >= 365 days).
        self.young = 365 * years if years is not None else None
        self.profiles = None if profiles is None else _check_profiles(profiles)
        self.history = index_history(history)
        self.agreements: dict[str, list[Agreement]] = defaultdict(list)
        ids = UniqueIds("agreements", "agreement")
        for i, agreement in enumerate(as_models(agreements, Agreement, "agreements")):
            ids.add(agreement.id, i)
            self.agreements[agreement.customer_id].append(agreement)
        self.watched = watched_ids(self.agreements)
        #: Customer id -> invoice id -> the host's pause or block of the invoice (few; filled as
        #: the invoices are read).
        self.holds: dict[str, dict[str, Hold]] = {}
        #: (customer id, invoice id) -> the invoice's original amount, kept only when a step's
        #: fee is a percentage of it.
        self.amounts: dict[tuple[str, str], Decimal] | None = {} if compiled.percent_fees else None

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

    def shape(self, customer: Customer, profile: Profile | None) -> CustomerShape:
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
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = self._new_shape(customer, profile)
        return shape

    def _new_shape(self, customer: Customer, profile: Profile | None) -> CustomerShape:
        today, now = self.local(customer.timezone)
        today_ord = today.toordinal()
        channels = self.channels_for(customer)
        steps = self.compiled.steps
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
            tuple(ch is None for ch in channels),
            tuple(mismatch[step.index] for step in self.compiled.customer_conditional),
        )
        due_sets = self._due_sets.get(today_ord)
        if due_sets is None:
            due_sets = self._due_sets[today_ord] = {}
        days = self._days.get(customer.timezone)
        if days is None:
            days = self._days[customer.timezone] = {}
        return CustomerShape(
            today,
            today_ord,
            now,
            now.tzinfo,
            channels,
            mismatch,
            self.contexts.setdefault(context, len(self.contexts)),
            due_sets,
            days,
        )

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

    def evaluate(
        self,
        customer: Customer,
        invoices: Sequence[Record],
        trace: list[TraceRow] | None = None,
    ) -> tuple[list[Action], list[Skipped]]:
        """Actions and skips for one customer."""
        if trace is None and not any(record[_FRESH] for record in invoices):
            return [], []  # nothing newly due: most customers on a daily run
        return CustomerRun(self, customer, invoices, trace).run()


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
    return CompiledSchedule(as_model(schedule, Schedule, "schedule"))


def index_customers(customers: Iterable[Customer | Mapping[str, Any]]) -> dict[str, Customer]:
    """Customers by id; a repeated id is an error."""
    index: dict[str, Customer] = {}
    ids = UniqueIds("customers", "customer")
    for i, customer in enumerate(as_models(customers, Customer, "customers")):
        ids.add(customer.id, i)
        index[customer.id] = customer
    return index


def group_invoices(
    engine: Engine,
    customers: Mapping[str, Customer],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    keep_all: bool = False,
) -> dict[str, list[OpenInvoice]]:
    """:func:`group_records` with the records as :class:`OpenInvoice` (for ``explain``)."""
    groups = group_records(engine, customers, invoices, keep_all=keep_all)
    return {key: [OpenInvoice._make(record) for record in group] for key, group in groups.items()}


def group_records(
    engine: Engine,
    customers: Mapping[str, Customer],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    keep_all: bool = False,
) -> dict[str, list[Record]]:
    """Stream the invoices once into compact records grouped by customer id.

    An invoice cannot matter ``today`` when it is paid, or when no step is newly due for it
    and no step condition counts the customer's overdue invoices: it is dropped as it is read
    (unless ``keep_all``, for ``explain``). This loop runs once per invoice of the portfolio,
    so it reads each model's ``__dict__`` once and caches per time zone and per due date.
    """
    groups: dict[str, list[Record]] = defaultdict(list)
    history = engine.history
    keep_overdue = engine.compiled.counts_overdue
    earliest_from = engine.compiled.earliest_from
    step_dates = engine.compiled.step_dates
    step_ids = [step.id for step in engine.compiled.steps]
    index_of = engine.compiled.index_of
    order = engine.compiled.order
    reorders = engine.compiled.reorders
    every_step = engine.schedule.catch_up is CatchUp.ALL
    watched = engine.watched
    amounts = engine.amounts
    first_date: dict[int, int] = {}  # due ordinal -> the date of its earliest step
    ordinals: dict[date, int] = {}
    days: dict[str, tuple[date, int]] = {}  # time zone -> local date and its ordinal
    # Every invoice is checked, paid ones too: a paid copy would hide an open one.
    seen = InvoiceIds()
    owners = seen.owner
    for i, raw in enumerate(many(invoices, Invoice, "invoices")):
        invoice = raw if type(raw) is Invoice else as_model(raw, Invoice, f"invoices[{i}]")
        fields = invoice.__dict__
        customer_id = fields["customer_id"]
        owner = owners.get(fields["id"])  # InvoiceIds.add, inlined
        if owner is None:
            owners[fields["id"]] = customer_id
        else:
            seen.again(owner, customer_id, fields["id"], i)
        customer = customers.get(customer_id)
        if customer is None:
            raise InvalidInputError(
                f"invoices[{i}].customer_id", f"unknown customer {customer_id!r}"
            )
        local = days.get(customer.timezone)
        if local is None:
            today = engine.local(customer.timezone)[0]
            local = days[customer.timezone] = (today, today.toordinal())
        today, day = local
        balance = fields["amount"]
        payments = fields["payments"]
        if payments:
            # Invoice.balance without its argument checks: amounts are already exact to the cent.
            balance = add([p.amount.copy_negate() for p in payments if p.date <= today], balance)
        due_date = fields["due_date"]
        due = ordinals.get(due_date)
        if due is None:  # one int per distinct due date rather than one per invoice
            due = ordinals[due_date] = due_date.toordinal()
        if balance <= 0:
            if not keep_all:
                continue
            fresh = False
        else:
            entry = history.get(customer_id) if history else None
            fired = None if entry is None else entry.fired.get(fields["id"])
            if fired:  # is a step due by today that is not recorded and not passed?
                if every_step:  # under "all" no step is passed
                    fresh = any(
                        step_day <= day and step_id not in fired
                        for step_id, step_day in zip(step_ids, step_dates(due), strict=True)
                    )
                else:  # under "latest"/"none" the steps before the last recorded one are passed
                    indexes = [index_of.get(step_id, -1) for step_id in fired]
                    if reorders:  # positions in the order this invoice meets its steps
                        ranks = order(due)[1]
                        indexes = [ranks[k] if k >= 0 else -1 for k in indexes]
                    fresh = earliest_from(due)[max(indexes) + 1] <= day
            else:  # nothing recorded: is any step due?
                first = first_date.get(due)
                if first is None:
                    first = first_date[due] = earliest_from(due)[0]
                fresh = first <= day
            if not (fresh or keep_all or (keep_overdue and due < day)):
                # A broken agreement's debt is shared among all its open invoices.
                ids = watched.get(customer_id) if watched else None
                if ids is None or (fields["id"] not in ids and fields["agreement_id"] not in ids):
                    continue
        if fields["dunning_blocked"] or fields["dunning_paused_until"] is not None:
            hold = hold_of(
                "invoice",
                today,
                fields["dunning_blocked"],
                fields["dunning_block_reason"],
                fields["dunning_paused_until"],
            )
            if hold is not None:
                engine.holds.setdefault(customer_id, {})[fields["id"]] = hold
        if amounts is not None:
            amounts[(customer_id, fields["id"])] = fields["amount"]
        groups[customer_id].append(
            (
                fields["id"],
                due,
                balance,
                fields["currency"],
                fields["disputed"],
                fields["agreement_id"],
                fields["tags"] or None,
                fresh,
            )
        )
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
    groups = group_records(engine, customers, invoices)
    actions: list[Action] = []
    skipped: list[Skipped] = []
    for customer_id in sorted(groups):
        got, held = engine.evaluate(customers[customer_id], groups.pop(customer_id))
        actions.extend(got)
        skipped.extend(held)
    return Plan(as_of=engine.as_of, actions=tuple(actions), skipped=tuple(skipped))

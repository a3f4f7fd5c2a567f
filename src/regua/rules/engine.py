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

Steps 1–4 are :func:`~regua.rules.evaluation.evaluate`; this module streams the inputs to it.
Everything that was due but is not planned comes back in ``Plan.skipped`` with a code and a
reason. A ``when`` condition that does not hold is not a skip (the step does not apply to that
invoice; :func:`~regua.rules.explain.explain` shows it), except a missing profile, which is
missing input the host should know about: ``Plan.not_applicable`` counts them per step and
condition. ``Plan.exhausted`` names, per customer, the open invoices whose ladder has nothing
left to do (some step fired, and every step fired, was passed or does not apply), judged as
each invoice is read (nothing newly due: its last step, or under ``all`` every step, is
recorded) or by its selection.

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
invoice-id tuples once per customer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from regua._inputs import InvoiceIds, UniqueIds, as_model, as_models, many
from regua.errors import InvalidInputError
from regua.models import Action, Agreement, ContactRecord, Customer, Invoice, Profile, Promise
from regua.rules.compiled import CompiledSchedule
from regua.rules.evaluation import evaluate
from regua.rules.holds import hold_of
from regua.rules.records import OpenInvoice, Record
from regua.rules.results import Plan, Skipped
from regua.rules.schedule import CatchUp, Schedule
from regua.rules.state import Engine

__all__ = ["plan"]


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
    (a repeating step recorded for it may be due again: selection decides) and no step
    condition counts the customer's overdue invoices: it is dropped as it is read
    (unless ``keep_all``, for ``explain``). Every invoice is checked, paid ones too: a paid
    copy would hide an open one.
    """
    reader = _InvoiceReader(engine, customers, keep_all)
    groups: dict[str, list[Record]] = defaultdict(list)
    for i, raw in enumerate(many(invoices, Invoice, "invoices")):
        invoice = as_model(raw, Invoice, f"invoices[{i}]")
        record = reader.read(invoice, i)
        if record is not None:
            groups[invoice.customer_id].append(record)
    return groups


class _InvoiceReader:
    """What :func:`group_records` keeps while it reads the invoices: the ids seen, and each
    time zone's local date."""

    def __init__(self, engine: Engine, customers: Mapping[str, Customer], keep_all: bool) -> None:
        self.engine = engine
        self.customers = customers
        self.keep_all = keep_all
        self.seen = InvoiceIds()
        self.days: dict[str, date] = {}  # time zone -> its local date at as_of

    def read(self, invoice: Invoice, i: int) -> Record | None:
        """The record of ``invoices[i]``, or None when it cannot matter today."""
        engine = self.engine
        customer_id = invoice.customer_id
        self.seen.add(customer_id, invoice.id, i)
        today = self.local_date(customer_id, i)
        # An open invoice a promise names is always evaluated: the promise decides (a pause, or
        # a step triggered by its break) whatever the ladder has newly due.
        pinned = _note_promised(engine, customer_id, invoice, i) if engine.promised else False
        balance = invoice.balance(today)
        due = invoice.due_date.toordinal()
        if balance <= 0:
            if not self.keep_all:
                return None
            fresh = False
        elif engine.compiled.anchored:
            # Under a customer's ladder or issue-anchored steps an invoice's dates need more
            # than its due date: every open invoice is decided.
            fresh = True
        else:
            day = today.toordinal()
            fresh = pinned or self.judge(invoice, due, day)
            if not (fresh or self.keep(invoice, due, day)):
                return None
        self.note(invoice, today, i)
        return (
            invoice.id,
            due,
            balance,
            invoice.currency,
            invoice.disputed,
            invoice.agreement_id,
            invoice.tags or None,
            fresh,
        )

    def local_date(self, customer_id: str, i: int) -> date:
        """The local date at ``as_of`` of the customer of ``invoices[i]``."""
        customer = self.customers.get(customer_id)
        if customer is None:
            raise InvalidInputError(
                f"invoices[{i}].customer_id", f"unknown customer {customer_id!r}"
            )
        today = self.days.get(customer.timezone)
        if today is None:
            today = self.days[customer.timezone] = self.engine.local(customer.timezone)[0]
        return today

    def judge(self, invoice: Invoice, due: int, day: int) -> bool:
        """Whether a step is newly due for an open invoice with recorded steps; notes an invoice
        that is not as exhausted (every step it meets recorded) or live (a step to come)."""
        engine = self.engine
        entry = engine.history.get(invoice.customer_id) if engine.history else None
        fired = None if entry is None else entry.fired.get(invoice.id)
        fresh, done = newly_due(engine, fired, due, day)
        if entry is not None and not fresh:  # (a fresh one is judged by its selection)
            if done:
                engine.exhausted.setdefault(invoice.customer_id, []).append((due, invoice.id))
            else:
                engine.live.add(invoice.customer_id)
        return fresh

    def keep(self, invoice: Invoice, due: int, day: int) -> bool:
        """Whether an open invoice with nothing newly due is kept all the same: for
        ``explain``, for a condition counting the overdue invoices, or because it shares a
        broken agreement's debt."""
        if self.keep_all or (self.engine.compiled.counts_overdue and due < day):
            return True
        ids = self.engine.watched.get(invoice.customer_id) if self.engine.watched else None
        return ids is not None and (invoice.id in ids or invoice.agreement_id in ids)

    def note(self, invoice: Invoice, today: date, i: int) -> None:
        """Note what the engine needs of a kept invoice beside its record: its hold, and its
        amount and issue date when a step reads them."""
        engine = self.engine
        customer_id = invoice.customer_id
        hold = hold_of(
            "invoice",
            today,
            invoice.dunning_blocked,
            invoice.dunning_block_reason,
            invoice.dunning_paused_until,
        )
        if hold is not None:
            engine.holds.setdefault(customer_id, {})[invoice.id] = hold
        if engine.amounts is not None:
            engine.amounts[(customer_id, invoice.id)] = invoice.amount
        if engine.issues is not None:
            engine.issues[(customer_id, invoice.id)] = issue_ordinal(
                engine.compiled, invoice.issue_date, f"invoices[{i}].issue_date"
            )


def newly_due(
    engine: Engine, fired: Mapping[str, datetime] | None, due: int, day: int
) -> tuple[bool, bool]:
    """(fresh, done) for an open invoice due on ``due`` whose recorded steps are ``fired``, on
    the local day ``day``: fresh when a step is due that is not recorded and not passed; done
    (when not fresh) when nothing is left to do: every step it meets is recorded."""
    compiled = engine.compiled
    if not fired:
        return compiled.earliest_from(due)[0] <= day, False
    if engine.schedule.catch_up is CatchUp.ALL:  # under "all" no step is passed
        dates = compiled.step_dates(due)
        fresh = any(
            step_day <= day and step.id not in fired
            for step, step_day in zip(compiled.steps, dates, strict=True)
        )
        done = not fresh and all(step_id in fired for step_id in compiled.index_of)
    else:  # under "latest"/"none" the steps before the last recorded one are passed
        indexes = [compiled.index_of.get(step_id, -1) for step_id in fired]
        if compiled.reorders:  # positions in the order this invoice meets its steps
            ranks = compiled.order(due)[1]
            indexes = [ranks[k] if k >= 0 else -1 for k in indexes]
        last = max(indexes)
        fresh = compiled.earliest_from(due)[last + 1] <= day
        done = last == _last_step(compiled)
    if compiled.repeating and not fresh:  # selection decides whether a repetition is due
        fresh = not compiled.repeating.isdisjoint(fired)
    return fresh, done


def _last_step(compiled: CompiledSchedule) -> int:
    """The rank of the last ladder step an invoice meets (a triggered step, dated never, comes
    after it)."""
    if compiled.reorders:
        return len(compiled.index_of) - 1
    return max(compiled.index_of.values(), default=-1)


def _note_promised(engine: Engine, customer_id: str, invoice: Invoice, i: int) -> bool:
    """Keep the payments of an invoice some promise names (True), after checking that the
    promise is in the invoice's currency; False for any other invoice."""
    named = engine.promised.get(customer_id)
    found = None if named is None else named.get(invoice.id)
    if found is None:
        return False
    currency, k = found
    if invoice.currency != currency:
        raise InvalidInputError(
            f"promises[{k}].currency",
            f"{currency} differs from the currency of invoice {invoice.id!r} (invoices[{i}]:"
            f" {invoice.currency}); a promise is in its invoices' currency",
        )
    engine.promise_payments.setdefault(customer_id, {})[invoice.id] = invoice.payments
    return True


def check_promised(engine: Engine, customers: Container[str], explained: str | None = None) -> None:
    """Refuse a promise naming a customer not planned or an invoice not passed (after the
    invoices are read): a promise is kept by the payments on its invoices, so an invoice left
    out would make a kept promise look broken, and a misspelled id would leave the invoice it
    meant dunned. ``explained``: the one customer :func:`~regua.rules.explain.explain` sees;
    the other customers' promises are ignored there, as their agreements and records are (a
    host passes the portfolio's lists)."""
    missing: list[tuple[int, str, str]] = []
    for customer_id, named in engine.promised.items():
        if explained is not None and customer_id != explained:
            continue
        found = engine.promise_payments.get(customer_id, {})
        missing.extend(
            (k, customer_id, invoice_id)
            for invoice_id, (_, k) in named.items()
            if invoice_id not in found
        )
    if not missing:
        return
    k, customer_id, invoice_id = min(missing)
    if customer_id not in customers:
        raise InvalidInputError(f"promises[{k}].customer_id", f"unknown customer {customer_id!r}")
    raise InvalidInputError(
        f"promises[{k}].invoice_ids",
        f"invoice {invoice_id!r} of customer {customer_id!r} is not among the invoices passed; a"
        " promise is kept by the payments on its invoices, so pass every invoice it names, paid"
        " ones included",
    )


def issue_ordinal(compiled: CompiledSchedule, issue: date | None, where: str) -> int:
    """The ordinal of an open invoice's issue date, which an issue-anchored step needs."""
    if issue is None:
        raise InvalidInputError(where, missing_issue_date(compiled))
    return issue.toordinal()


def missing_issue_date(compiled: CompiledSchedule) -> str:
    """Why an open invoice with no issue date cannot be planned by ``compiled``."""
    step = next(step for step in compiled.steps if step.from_issue)
    return (
        f"missing: step {step.id!r} counts from the issue date (anchor: issue_date), so every"
        " open invoice needs one"
    )


def plan(
    schedule: Schedule | Mapping[str, Any],
    customers: Iterable[Customer | Mapping[str, Any]],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: datetime | date,
    history: Iterable[ContactRecord | Mapping[str, Any]] = (),
    profiles: Mapping[str, Profile | str] | None = None,
    agreements: Iterable[Agreement | Mapping[str, Any]] = (),
    promises: Iterable[Promise | Mapping[str, Any]] = (),
) -> Plan:
    """Plan today's actions for a portfolio; see the module docstring for the rules.

    ``as_of`` is an aware datetime, or a date meaning the start of that day in each customer's
    time zone. ``profiles`` maps customer id to :class:`~regua.models.Profile` for steps with a
    ``when.profile`` condition. ``promises`` are the customers' promises to pay
    (:mod:`~regua.rules.promises`): each names a customer planned and invoices passed (paid
    ones included), else :func:`check_promised` refuses it. Inputs may be models, mappings or
    generators; none is mutated.
    Output order: customers by id; per customer, actions by priority (highest escalation, then
    oldest debt) and skips by step.
    """
    compiled = compile_schedule(schedule)
    engine = Engine(compiled, as_of, history, profiles, agreements, promises)
    return run_plan(engine, index_customers(customers), invoices)


def run_plan(
    engine: Engine,
    customers: Mapping[str, Customer],
    invoices: Iterable[Invoice | Mapping[str, Any]],
) -> Plan:
    """The body of :func:`plan` once the engine is built (reused by ``simulate``)."""
    groups = group_records(engine, customers, invoices)
    if engine.promised:
        check_promised(engine, customers)
    actions: list[Action] = []
    skipped: list[Skipped] = []
    for customer_id in sorted(groups):
        got, held = evaluate(engine, customers[customer_id], groups.pop(customer_id))
        actions.extend(got)
        skipped.extend(held)
    not_applicable, exhausted = engine.report()
    return Plan(
        as_of=engine.as_of,
        actions=tuple(actions),
        skipped=tuple(skipped),
        not_applicable=not_applicable,
        exhausted=exhausted,
    )

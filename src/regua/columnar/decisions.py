"""The decisions made on columns, for the customers in the common case.

A customer is in the common case when the run has nothing of theirs that only the per-customer
path reads: no agreement, no hold by the host (of the customer or of a newly-due invoice), and a
schedule whose conditions do not count the customer's overdue invoices, whose steps charge no
fee and do not repeat and that keeps one action per step (``consolidate: step``). Their history
is read on columns (:func:`regua.columnar.history.history_keys`). For them (most customers of a
run):

1. what a customer's attributes decide (their *shape*: local date, channels, ``when``
   conditions on the customer) is worked out once per distinct shape by the reference
   (:func:`regua.rules.evaluation.shape`) and joined back;
2. each newly-due invoice's selection (which steps fire, which skips it joins) is a function of
   the customer's shape, the steps due (under catch-up ``none``, the due date), the steps
   recorded for it with their local days, whether it is disputed, its due date once it may be
   prescribed, and, when a step has a condition on the invoice, its balance, currency, tags,
   agreement mark and due date: the reference selection
   (:func:`regua.rules.selection.select_fresh`) runs once per distinct key, on the first
   invoice with that key, and the outcome is joined back to every invoice with that key;
3. the fires are grouped per customer, step and currency and ordered as the reference orders
   them (most severe first, then the most advanced step, the oldest debt, the currency);
4. the caps (which contact actions go, which are deferred, to when) are a function of the
   contact place, the local days of the customer's recorded contacts, the pause after an
   opt-out and the ordered contact steps: the reference consolidation
   (:func:`regua.rules.consolidation.actions`) runs once per distinct key, on a probe;
5. each action's id (hashed once per action), amount, dates and texts (once per distinct key),
   the skip counts per step and code and, when asked, the skip entries in the reference's
   order.

Everything else goes to the per-customer path (:mod:`regua.columnar.reference`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from regua.columnar.lookup import looked_up
from regua.columnar.reference import CustomerView, views
from regua.columnar.runs import position_in_run
from regua.models import Channel, Customer, CustomerKind, Profile
from regua.money import in_money_context, minor_unit
from regua.rules.consolidation import action_wording, actions
from regua.rules.evaluation import shape, start
from regua.rules.ids import id_of_text
from regua.rules.records import OpenInvoice
from regua.rules.schedule import CatchUp, Consolidate
from regua.rules.selection import select_fresh
from regua.rules.state import Engine

__all__ = ["decide", "eligible"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_ONE = Decimal(1)
#: The columns of the open invoices the decisions read.
_READ = [
    "__c",
    "customer_id",
    "id",
    "due",
    "day",
    "balance",
    "currency",
    "disputed",
    "agreement_id",
    "tags",
]
#: What a customer's shape is keyed on (:func:`regua.rules.evaluation.shape`).
_SHAPE = ["timezone", "state", "kind", "__profile", "__keys", "opt_outs", "preferred_channels"]


def eligible(pl: Any, engine: Engine, invoices: Any) -> Any:
    """The customers (``__c``, ``customer_id``) whose newly-due invoices are decided on
    columns."""
    # Conditions counting overdue invoices, fees, repeating and issue-anchored steps and a
    # customer's ladder are decided one customer at a time (docs/performance.md lists these).
    if (
        engine.compiled.counts_overdue
        or engine.compiled.anchored
        or engine.compiled.repeating
        or any(step.fee is not None for step in engine.compiled.steps)
        or engine.schedule.consolidate is Consolidate.CUSTOMER
    ):
        return invoices.select("__c", "customer_id").head(0)
    out = sorted(k for k, v in engine.agreements.items() if v)
    return (
        invoices.select("__c", "customer_id", "fresh")  # a filter copies every column it keeps
        .filter(pl.col("fresh"))
        .unique("__c")
        .select("__c", "customer_id")
        .filter(~pl.col("customer_id").is_in(pl.Series(out, dtype=pl.String).implode()))
    )


def decide(
    pl: Any,
    engine: Engine,
    invoices: Any,
    customers: Any,
    recorded: bool,
    contacted: Any,
    index_history: Callable[[Any], None],
    *,
    detail: bool,
) -> tuple[Any, Any, Any, Any]:
    """(actions, skip counts per step and code, skip entries or None unless ``detail``,
    exhausted ladders) of the ``customers`` from their open ``invoices``; actions and entries
    with ``__pos``: the position among the customer's actions (or skips); the exhausted ladders
    are the newly-due invoices whose ladder is exhausted (``customer_id``, ``due``, ``id``). The
    ``when`` conditions that kept a step from an invoice are counted into
    ``engine.condition_counts``, as :func:`regua.rules.evaluation.evaluate` counts them.

    With ``recorded``, the ``invoices`` have ``__recorded`` and ``contacted`` is the
    per-customer table of :func:`~regua.columnar.history.history_keys` (without a history:
    False and None); ``index_history`` indexes the history of the customers whose
    ids it is given into ``engine.history`` (for the probes; nothing without a history).
    """
    customers = _shapes(pl, engine, customers)
    if contacted is not None:
        customers = customers.join(
            contacted, left_on="id", right_on="customer_id", how="left"
        ).with_columns(pl.col("__days").fill_null([]), pl.col("__pause").fill_null(-1))
    else:
        customers = customers.with_columns(
            pl.lit([], dtype=pl.List(pl.Int64)).alias("__days"), pl.lit(-1).alias("__pause")
        )
    frame = _selection(pl, engine, invoices, customers, recorded, index_history)
    counts = engine.condition_counts
    for number, count in (
        frame.select(pl.col("__conditions").explode().drop_nulls())
        .group_by("__conditions")
        .len()
        .iter_rows()
    ):
        counts[number] += count
    groups = _groups(pl, engine, frame, customers)
    groups = _caps(pl, engine, groups, customers, index_history)
    return (
        _actions(pl, engine, groups),
        _skip_counts(pl, engine, frame, groups),
        _skip_detail(pl, engine, frame, groups) if detail else None,
        frame.filter(pl.col("__exhausted")).select("customer_id", "due", "id"),
    )


def _views_of(pl: Any, customers: Any, ids: Any) -> dict[str, CustomerView]:
    chosen = customers.join(ids.unique().to_frame("id"), on="id", how="semi")
    return {view.id: view for view in views(pl, chosen)}


def _shapes(pl: Any, engine: Engine, customers: Any) -> Any:
    """The customers with what their shape decides: ``__context`` (all that selection reads
    of the customer) and ``__channels`` (each step's channel, or null)."""
    profiles = engine.profiles
    customers = customers.with_columns(
        pl.col("contacts").list.eval(pl.element().struct.field("key")).alias("__keys"),
        (
            pl.col("id").replace_strict(
                {cid: profile.value for cid, profile in profiles.items()},
                default=None,
                return_dtype=pl.String,
            )
            if profiles
            else pl.lit(None, dtype=pl.String)
        ).alias("__profile"),
    )
    distinct = customers.unique(subset=_SHAPE, keep="first", maintain_order=True)
    conditional = engine.compiled.invoice_conditional
    readings: dict[tuple[Any, ...], int] = {}
    contexts = []
    windows = []
    channels = []
    for tz, state, kind, profile, keys, opt_outs, preferred, tags in distinct.select(
        *_SHAPE, "tags"
    ).iter_rows():
        view = CustomerView(
            "",
            CustomerKind(kind),
            {Channel(key): "" for key in keys},
            tuple(map(Channel, preferred)),
            frozenset(map(Channel, opt_outs)),
            tz,
            state,
            frozenset(tags),
        )
        customer = cast(Customer, view)
        found = shape(engine, customer, None if profile is None else Profile(profile))
        # The shape's result of the conditions on the customer of the steps that also read
        # the invoice: selection on a probe reads them from the shape.
        reading = (found.context, tuple(found.mismatch[step.index] for step in conditional))
        contexts.append(readings.setdefault(reading, len(readings)))
        windows.append(found.window_ord)
        channels.append([None if ch is None else ch.value for ch in engine.channels_for(customer)])
    shapes = distinct.select(_SHAPE).with_columns(
        pl.Series("__context", contexts, dtype=pl.Int64),
        pl.Series("__window", windows, dtype=pl.Int64),
        pl.Series("__channels", channels, dtype=pl.List(pl.String)),
    )
    return customers.join(shapes, on=_SHAPE, how="left", nulls_equal=True, maintain_order="left")


@in_money_context  # rounds balances (see regua.columnar.plan._pin_promised)
def _selection(
    pl: Any,
    engine: Engine,
    invoices: Any,
    customers: Any,
    recorded: bool,
    index_history: Callable[[Any], None],
) -> Any:
    """The newly-due invoices in the reference's order (``__rank`` per customer), each with
    the steps that fire for it (``__fires``), the skips it joins (``__skips``), the ``when``
    conditions that keep steps from it (``__conditions``) and whether its ladder is exhausted
    (``__exhausted``)."""
    compiled = engine.compiled
    # Only what the decisions read: every sort and join below moves fewer columns.
    read = [*_READ, "__recorded"] if recorded else _READ
    frame = (
        looked_up(
            pl,
            invoices.filter(pl.col("fresh")).select(read),
            customers.select("__c", "__context", pl.col("tags").alias("tags__customer")),
            "__c",
        )
        # ``__c`` numbers the customers in id order.
        .sort("__c", "due", "id")
        .with_columns(position_in_run(pl, "__c").alias("__rank"))
    )
    pairs = frame.select("due", "day").unique()
    situations = [_situation(engine, due, day) for due, day in pairs.iter_rows()]
    frame = frame.join(
        pairs.with_columns(pl.Series("__situation", situations, dtype=pl.Int64)),
        on=["due", "day"],
        how="left",
        maintain_order="left",
    )
    # A guardrail's hold reads whether the invoice is disputed and, once it may be prescribed
    # on the day its window opens, its due date (that day is in the context).
    key = ["__context", "__situation", "disputed"]
    if engine.young is not None:
        # Each context has one window day: read through it, not carried on every invoice.
        windows = dict(customers.select("__context", "__window").unique().iter_rows())
        window = pl.col("__context").replace_strict(windows, return_dtype=pl.Int64)
        frame = frame.with_columns(
            pl.when(window - pl.col("due") > engine.young).then(pl.col("due")).alias("__old")
        )
        key.append("__old")
    if recorded:
        key.append("__recorded")
    conditional = compiled.invoice_conditional
    if conditional and all(step.index in compiled.amount_only for step in conditional):
        # Only where the balance lies against each step's bounds decides: below the minimum
        # (``min_amount`` is the condition reported, as the reference checks it first),
        # within, or above the maximum (``max_amount``).
        for step in conditional:
            low, high = compiled.amount_only[step.index]
            side = pl.lit(0)
            if high is not None:
                side = pl.when(pl.col("balance") > _exact(pl, high)).then(1).otherwise(side)
            if low is not None:
                side = pl.when(pl.col("balance") < _exact(pl, low)).then(-1).otherwise(side)
            frame = frame.with_columns(side.alias(f"__side{step.index}"))
            key.append(f"__side{step.index}")
    elif conditional:
        frame = frame.with_columns(
            pl.col("tags__customer").list.sort().alias("__ctags"),
            pl.col("balance").cast(pl.String).alias("__balance"),
            pl.col("tags").list.sort().alias("__tags"),
            pl.col("agreement_id").is_not_null().alias("__agreement"),
        )
        key += ["__balance", "currency", "__tags", "__ctags", "__agreement"]
        if any(step.when is not None and step.when.days_overdue for step in conditional):
            key.append("due")  # days overdue: the window's day is in the context
    firsts = frame.unique(subset=key, keep="first", maintain_order=True)
    probes = firsts.get_column("customer_id")
    index_history(probes.unique())
    people = _views_of(pl, customers, probes)
    fires: list[list[int]] = []
    skips: list[list[int]] = []
    conditions: list[list[int]] = []
    exhausted: list[bool] = []
    for row in firsts.select(
        "customer_id", "id", "due", "balance", "currency", "disputed", "agreement_id", "tags"
    ).iter_rows():
        customer_id, id_, due, balance, currency, disputed, agreement_id, tags = row
        record = (
            id_,
            due,
            balance.quantize(minor_unit(currency)),
            currency,
            disputed,
            agreement_id,
            frozenset(tags) if tags else None,
            True,
        )
        run = start(engine, cast(Customer, people[customer_id]), [record], None)
        select_fresh(run)
        fires.append([step.index for step, _ in run.fires])
        skips.append(list(run.skips))
        conditions.append(run.conditions)
        exhausted.append(bool(run.finished))
    outcomes = firsts.select(key).with_columns(
        pl.Series("__fires", fires, dtype=pl.List(pl.Int64)),
        pl.Series("__skips", skips, dtype=pl.List(pl.Int64)),
        pl.Series("__conditions", conditions, dtype=pl.List(pl.Int64)),
        pl.Series("__exhausted", exhausted, dtype=pl.Boolean),
    )
    return frame.join(outcomes, on=key, how="left", nulls_equal=True, maintain_order="left")


def _exact(pl: Any, value: Decimal) -> Any:
    """``value`` as a polars decimal literal, from its text: ``pl.lit`` of a Python ``Decimal``
    imports numpy (polars 2.1), 0.1-0.2 s of CPU in a process that had not (a morning run's):
    the selection at 1,000,000 invoices, first run in a fresh process, took 0.62 s with it and
    0.47 s without."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # a step's bounds are finite amounts
    return pl.lit(format(value, "f")).cast(pl.Decimal(38, max(0, -exponent)))


def _situation(engine: Engine, due: int, day: int) -> int:
    """What of an invoice's due date decides its selection on ``day``: the steps due (and the
    order it meets them in), or under catch-up ``none`` the due date itself."""
    compiled = engine.compiled
    if engine.schedule.catch_up is CatchUp.NONE:
        return due
    dates = compiled.step_dates(due)
    due_steps = sum(1 << k for k, date_ in enumerate(dates) if date_ <= day)
    return due_steps | (compiled.order(due)[2] << len(compiled.steps))


def _groups(pl: Any, engine: Engine, frame: Any, customers: Any) -> Any:
    """One row per customer, step and currency that fires, in the reference's order
    (``__order`` per customer), with the step's channel for the customer."""
    compiled = engine.compiled
    # The invoices in the reference's order (customer, due date, id), each step once: a step
    # fires at most once for an invoice, so a group's invoices need no deduplication.
    fired = (
        frame.select("__c", "customer_id", "id", "due", "day", "balance", "currency", "__fires")
        .explode("__fires")
        .filter(pl.col("__fires").is_not_null())
        .rename({"__fires": "step"})
    )
    pairs = fired.select("due", "step").unique()
    dates = [compiled.step_dates(due)[step] for due, step in pairs.iter_rows()]
    pairs = pairs.with_columns(pl.Series("__step_date", dates, dtype=pl.Int64))
    fired = fired.join(pairs, on=["due", "step"], how="left", maintain_order="left")
    # One integer per customer, step (by its priority: each step's is its own) and currency,
    # and the rows sorted on it (stably: within a group, the invoices stay in the reference's
    # order): each group is then a run, which polars aggregates without hashing three keys, and
    # the groups come out in the reference's order when each step of a customer has one
    # currency (at 1,000,000 invoices, first run: 69 ms against 175 ms for the grouping, and
    # the 52 ms sort after it saved).
    codes = sorted(fired.get_column("currency").unique().to_list())
    priority = dict(enumerate(compiled.priority))
    currency = (  # with no code polars would keep the texts: nothing fires, any number does
        pl.col("currency").replace_strict(codes, range(len(codes)), return_dtype=pl.Int64)
        if codes
        else pl.lit(0, dtype=pl.Int64)
    )
    key = (pl.col("__c") * len(compiled.steps) + pl.col("__priority")) * len(codes) + currency
    groups = (
        fired.with_columns(
            pl.col("step").replace_strict(priority, return_dtype=pl.Int64).alias("__priority")
        )
        .with_columns(key.alias("__group"))
        .sort("__group", maintain_order=True)
        .with_columns(pl.col("__group").set_sorted())
        .group_by("__group", maintain_order=True)
        .agg(
            pl.col("__c").first(),
            pl.col("step").first(),
            pl.col("currency").first(),
            pl.col("customer_id").first(),
            pl.col("id").alias("ids"),
            pl.col("due").first().alias("oldest"),
            pl.col("day").first(),
            pl.col("balance").sum().alias("amount"),
            pl.col("__step_date").min().alias("step_date"),
            pl.col("__priority").first(),
        )
        .drop("__group")
        .with_columns(pl.col("ids").alias("all_ids"))
    )
    if len(codes) > 1:  # a customer's step may fire in two currencies: the oldest debt first
        groups = groups.sort("__c", "__priority", "oldest", "currency")
    places = customers.select("__c", "state", "timezone", "__channels", "__days", "__pause")
    groups = groups.with_columns(position_in_run(pl, "__c").alias("__order"))
    return (
        looked_up(pl, groups, places, "__c")
        .with_columns(pl.col("__channels").list.get(pl.col("step")).alias("channel"))
        .drop("__channels")
    )


def _caps(
    pl: Any,
    engine: Engine,
    groups: Any,
    customers: Any,
    index_history: Callable[[Any], None],
) -> Any:
    """The groups with ``__capped``: the number of the skip that defers a contact action (cap
    or pause), null when it goes."""
    key = ["state", "timezone", "__days", "__pause", "__contact"]
    is_contact = groups.get_column("channel").is_not_null()
    contact = (
        groups.filter(is_contact)
        .group_by("__c", maintain_order=True)
        .agg(
            pl.col("customer_id").first(),
            pl.col("step").alias("__contact"),
            pl.col("currency"),
            pl.col("oldest"),
            pl.col("state").first(),
            pl.col("timezone").first(),
            pl.col("__days").first(),
            pl.col("__pause").first(),
        )
    )
    firsts = contact.unique(subset=key, keep="first", maintain_order=True)
    probes = firsts.get_column("customer_id")
    index_history(probes)
    people = _views_of(pl, customers, probes)
    outcomes = [
        _probe_caps(engine, people[customer_id], steps, currencies, oldest)
        for customer_id, steps, currencies, oldest in firsts.select(
            "customer_id", "__contact", "currency", "oldest"
        ).iter_rows()
    ]
    decided = firsts.select(key).with_columns(
        pl.Series("__capped", outcomes, dtype=pl.List(pl.Int64))
    )
    # One outcome per contact group, in the groups' order (each customer's contact groups are
    # a run of them), put back at the contact groups' positions instead of joined on (customer,
    # order): 102 ms less at 1,000,000 invoices, first run.
    capped = (
        contact.select(key)
        .join(decided, on=key, how="left", nulls_equal=True, maintain_order="left")
        .get_column("__capped")
        .explode()
    )
    column = pl.repeat(None, groups.height, dtype=pl.Int64, eager=True)
    return groups.with_columns(column.scatter(is_contact.arg_true(), capped).alias("__capped"))


def _probe_caps(
    engine: Engine,
    view: CustomerView,
    steps: list[int],
    currencies: list[str],
    oldest: list[int],
) -> list[int | None]:
    """The reference caps for a customer's ordered contact steps, on a probe: per contact
    step, None when it goes, else the number of the skip that defers it."""
    compiled = engine.compiled.steps
    run = start(engine, cast(Customer, view), [], None)
    fakes = []
    for n, step in enumerate(steps):
        fake = OpenInvoice(f"#{n}", oldest[n], _ONE, currencies[n], False, None, None, True)
        fakes.append(fake)
        run.fires.append((compiled[step], fake))
    actions(run)
    by_id = {fake_id: number for number, ids in run.skips.items() for fake_id in ids}
    return [by_id.get(fake.id) for fake in fakes]


def _actions(pl: Any, engine: Engine, groups: Any) -> Any:
    """The groups that go, as action columns (see :func:`regua.columnar.output.decided_frame`)."""
    compiled = engine.compiled
    schedule = engine.schedule
    going = groups.filter(pl.col("__capped").is_null()).with_columns(
        pl.col("ids").list.len().alias("__count"),
    )
    spots = going.select("state", "timezone").unique()
    starts, ends, sent = [], [], []
    for state, timezone in spots.iter_rows():
        place = engine.contact_place(state, timezone)
        starts.append((place.start - _EPOCH) // _MICROSECOND)
        ends.append((place.end - _EPOCH) // _MICROSECOND)
        sent.append(place.day)
    spots = spots.with_columns(
        pl.Series("window_start", starts, dtype=pl.Int64),
        pl.Series("window_end", ends, dtype=pl.Int64),
        pl.Series("__sent", sent, dtype=pl.Int64),
    )
    going = going.join(
        spots, on=["state", "timezone"], how="left", nulls_equal=True, maintain_order="left"
    )
    # The facts are those of the day the window opens (see regua.rules.consolidation._texts).
    texts_key = ["step", "step_date", "oldest", "__sent", "__count"]
    distinct = going.select(texts_key).unique()
    cache = engine.action_texts
    texts = []
    overdue = []
    for step, step_date, oldest, sent_day, count in distinct.iter_rows():
        stated, days = compiled.overdue(oldest, sent_day)
        key = (step, step_date, oldest, stated, days, count)
        found = cache.get(key)
        if found is None:
            found = cache[key] = action_wording(compiled.steps[step], *key[1:])
        texts.append(found)
        overdue.append(days)
    distinct = distinct.with_columns(
        pl.Series("days_overdue", overdue, dtype=pl.Int64),
        pl.Series("due_date", [t[0] for t in texts], dtype=pl.Date),
        pl.Series("reason", [t[1] for t in texts], dtype=pl.String),
        pl.Series("__step_date", [t[2] for t in texts], dtype=pl.String),
        pl.Series("template", [t[3] for t in texts], dtype=pl.String),
    )
    going = going.join(distinct, on=texts_key, how="left", maintain_order="left")
    ids = list(map(id_of_text, _id_texts(pl, going, compiled).to_list()))

    def per_step(values: list[Any], dtype: Any) -> Any:
        return pl.col("step").replace_strict(dict(enumerate(values)), return_dtype=dtype)

    return going.select(
        pl.Series("id", ids, dtype=pl.String),
        "customer_id",
        pl.col("ids").alias("invoice_ids"),
        per_step([s.id for s in compiled.steps], pl.String).alias("step_id"),
        per_step([s.action.value for s in compiled.steps], pl.String).alias("action"),
        "channel",
        "template",
        "window_start",
        "window_end",
        "currency",
        pl.col("amount").alias("amount_due"),
        "days_overdue",
        "due_date",
        "reason",
        pl.lit(schedule.guardrails.notice_days, dtype=pl.Int64).alias("notice_days"),
        per_step([s.description for s in compiled.steps], pl.String).alias("description"),
        pl.col("__step_date").alias("step_date"),
        pl.col("__order").cast(pl.Int64).alias("__pos"),
    )


def _id_texts(pl: Any, going: Any, compiled: Any) -> Any:
    """The text each action's id hashes (:func:`regua.rules.ids.hashed_id`'s: the step's
    prefix, then the customer, the currency and the sorted invoice ids, each written as its
    length in characters, a colon and itself), as a column."""

    def field(col: Any) -> Any:
        return pl.concat_str(col.str.len_chars().cast(pl.String), pl.lit(":"), col)

    prefixes = {step.index: step.id_prefix for step in compiled.steps}
    ids = pl.col("ids")
    # An action naming one invoice (27 % of the 1M first run's) needs no list work: this
    # phase of benchmarks/phases.py went from 0.63 s to 0.46 s.
    invoices = (
        pl.when(ids.list.len() == 1)
        .then(field(ids.list.first()))
        .otherwise(ids.list.sort().list.eval(field(pl.element())).list.join(""))
    )
    return going.select(
        pl.concat_str(
            pl.col("step").replace_strict(prefixes, return_dtype=pl.String),
            field(pl.col("customer_id")),
            field(pl.col("currency")),
            invoices,
        )
    ).to_series()


def _skip_rows(pl: Any, frame: Any, groups: Any) -> Any:
    """One row per customer, skip number and invoice (each once: an invoice joins a number
    once in its selection, and is in one group per step), with the invoice id and ``__seen``,
    its place in the order the reference meets skips (selection, invoice by invoice, then the
    caps, group by group)."""
    selection = (
        frame.select("customer_id", "id", "__rank", "__skips")
        .with_columns(pl.int_ranges(pl.col("__skips").list.len()).alias("__k"))
        .explode("__skips", "__k")
        .filter(pl.col("__skips").is_not_null())
        .select(
            "customer_id",
            pl.col("__skips").cast(pl.Int64).alias("number"),
            "id",
            (pl.col("__rank") * 1000 + pl.col("__k")).cast(pl.Int64).alias("__seen"),
        )
    )
    late = 1 << 40
    caps = (
        groups.filter(pl.col("__capped").is_not_null())
        .select(
            "customer_id",
            pl.col("__capped").cast(pl.Int64).alias("number"),
            pl.col("all_ids").alias("id"),
            pl.col("__order"),
            pl.int_ranges(pl.col("all_ids").list.len()).alias("__k"),
        )
        .explode("id", "__k")
        .select(
            "customer_id",
            "number",
            "id",
            (late + pl.col("__order") * 100_000 + pl.col("__k")).cast(pl.Int64).alias("__seen"),
        )
    )
    return pl.concat([selection, caps])


def _skip_numbers(pl: Any, frame: Any, groups: Any) -> Any:
    """Per customer (``__c``) and skip number, how many invoices it names (``__n``): the
    entries of :func:`_skip_rows` counted, without writing out their ids (an integer is
    cheaper to count than an id, and a capped group's invoices are its list's length)."""
    selection = (
        frame.select("__c", pl.col("__skips").alias("number"))
        .explode("number")
        .filter(pl.col("number").is_not_null())
        .select("__c", pl.col("number").cast(pl.Int64), pl.lit(1, dtype=pl.Int64).alias("__n"))
    )
    caps = groups.filter(pl.col("__capped").is_not_null()).select(
        "__c",
        pl.col("__capped").cast(pl.Int64).alias("number"),
        pl.col("all_ids").list.len().cast(pl.Int64).alias("__n"),
    )
    return pl.concat([selection, caps])


def _skip_table(pl: Any, engine: Engine, numbers: list[int]) -> Any:
    """What each skip number stands for, and ``__sort``: its place in the reference's report
    (by step, code and reason; equal ones in order of appearance)."""
    parts = engine.skip_parts
    order = engine.skip_order
    rank = {key: k for k, key in enumerate(sorted({order[n] for n in numbers}))}
    return pl.DataFrame(
        {
            "number": numbers,
            "__sort": [rank[order[n]] for n in numbers],
            "code": [parts[n][1].value for n in numbers],
            "reason": [parts[n][2] for n in numbers],
            "step_id": [parts[n][0] for n in numbers],
            "retry_on": [parts[n][3] for n in numbers],
        },
        schema={
            "number": pl.Int64,
            "__sort": pl.Int64,
            "code": pl.String,
            "reason": pl.String,
            "step_id": pl.String,
            "retry_on": pl.Date,
        },
    )


def _skip_counts(pl: Any, engine: Engine, frame: Any, groups: Any) -> Any:
    """Per step and code: the skip entries (one per customer and skip number) and the
    invoices they name, without building the entries."""
    per_number = (
        _skip_numbers(pl, frame, groups)
        .group_by("number")
        .agg(
            pl.col("__c").n_unique().cast(pl.Int64).alias("entries"),
            pl.col("__n").sum().alias("invoices"),
        )
    )
    table = _skip_table(pl, engine, per_number.get_column("number").to_list())
    return (
        per_number.join(table, on="number", how="left")
        .group_by("step_id", "code")
        .agg(pl.col("entries").sum(), pl.col("invoices").sum())
    )


def _skip_detail(pl: Any, engine: Engine, frame: Any, groups: Any) -> Any:
    """The skip entries: per customer and skip number, the invoice ids in order of appearance,
    sorted as the reference sorts them (step, code, reason, then appearance)."""
    both = _skip_rows(pl, frame, groups)
    table = _skip_table(pl, engine, both.get_column("number").unique().to_list())
    return (
        both.sort("__seen")
        .group_by("customer_id", "number", maintain_order=True)
        .agg(pl.col("id").unique(maintain_order=True).alias("invoice_ids"), pl.col("__seen").min())
        .join(table, on="number", how="left")
        .sort("customer_id", "__sort", "__seen")
        .with_columns(position_in_run(pl, "customer_id").alias("__pos"))
        .select("customer_id", "invoice_ids", "step_id", "code", "reason", "retry_on", "__pos")
    )

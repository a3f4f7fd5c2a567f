"""The decisions made on columns, for the customers in the common case.

A customer is in the common case when the run has nothing of theirs that only the per-customer
path reads: no history record, no agreement, no newly-due invoice that a guardrail may hold
back (disputed, or old enough to be prescribed), and a schedule whose conditions do not count
the customer's overdue invoices. For them (most customers of a first run):

1. each newly-due invoice's selection (which steps fire, which skips it joins) is a function
   of the customer's shape (what their attributes decide), its due date, the local date and,
   when a step has a condition on the invoice, its balance, currency, tags and agreement mark:
   the reference selection (:func:`regua.rules.selection.select_fresh`) runs once per distinct
   key, on a probe, and the outcome is joined back to every invoice with that key;
2. the fires are grouped per customer, step and currency and ordered as the reference orders
   them (most severe first, then the most advanced step, the oldest debt, the currency);
3. the caps (which contact actions go, which are deferred, to when) are a function of the
   contact place and the ordered contact steps: the reference consolidation
   (:func:`regua.rules.consolidation.actions`) runs once per distinct key, on a probe;
4. each action's id, amount, dates and texts (texts once per distinct key), and the skip
   entries in the reference's order.

Everything else goes to the per-customer path (:mod:`regua.columnar.reference`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from regua.columnar.reference import CustomerView
from regua.models import Customer
from regua.money import minor_unit
from regua.rules.consolidation import _texts, actions
from regua.rules.evaluation import shape, start
from regua.rules.ids import hashed_id
from regua.rules.records import OpenInvoice
from regua.rules.schedule import CatchUp
from regua.rules.selection import select_fresh
from regua.rules.state import Engine

__all__ = ["decide", "eligible"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_ONE = Decimal(1)


def eligible(pl: Any, engine: Engine, invoices: Any) -> Any:
    """The ids of the customers whose newly-due invoices are decided on columns."""
    if engine.compiled.counts_overdue or any(
        step.fee is not None for step in engine.compiled.steps
    ):
        return invoices.select(pl.col("customer_id")).head(0).to_series()
    fresh = invoices.filter(pl.col("fresh"))
    young = engine.young
    held = pl.col("disputed")
    if young is not None:
        held = held | ((pl.col("day") - pl.col("due")) > young)
    out = set(engine.history) | {k for k, v in engine.agreements.items() if v}
    return (
        fresh.group_by("customer_id")
        .agg(held.any().alias("held"))
        .filter(
            ~pl.col("held")
            & ~pl.col("customer_id").is_in(pl.Series(sorted(out), dtype=pl.String).implode())
        )
        .get_column("customer_id")
    )


def decide(
    pl: Any, engine: Engine, invoices: Any, views: dict[str, CustomerView]
) -> tuple[Any, Any]:
    """(action columns, skip entries) of the customers in ``views``, from their open
    ``invoices``; each with ``__pos``: the position among the customer's actions (or skips)."""
    compiled = engine.compiled
    profiles = engine.profiles
    # What selection reads of the customer: the shape's context and, for the steps with a
    # condition on the invoice, the shape's result of their conditions on the customer.
    conditional = compiled.invoice_conditional
    situations_of_customer: dict[tuple[Any, ...], int] = {}
    contexts = {}
    for cid, view in views.items():
        found = shape(engine, cast(Customer, view), None if profiles is None else profiles.get(cid))
        reading = (found.context, tuple(found.mismatch[step.index] for step in conditional))
        contexts[cid] = situations_of_customer.setdefault(reading, len(situations_of_customer))
    frame = (
        invoices.filter(pl.col("fresh"))
        .with_columns(
            pl.col("customer_id").replace_strict(contexts, return_dtype=pl.Int64).alias("__context")
        )
        .sort("customer_id", "due", "id")
        .with_columns(pl.int_range(pl.len()).over("customer_id").alias("__rank"))
    )
    pairs = frame.select("due", "day").unique()
    situations = [_situation(engine, due, day) for due, day in pairs.iter_rows()]
    frame = frame.join(
        pairs.with_columns(pl.Series("__situation", situations, dtype=pl.Int64)),
        on=["due", "day"],
        how="left",
        maintain_order="left",
    )
    key = ["__context", "__situation"]
    if conditional and all(step.index in compiled.amount_only for step in conditional):
        # Only whether the balance is within each step's bounds decides (a condition that
        # does not hold is not reported, but for a missing profile, a customer matter).
        for step in conditional:
            low, high = compiled.amount_only[step.index]
            within = pl.lit(True)
            if low is not None:
                within = within & (pl.col("balance") >= low)
            if high is not None:
                within = within & (pl.col("balance") <= high)
            frame = frame.with_columns(within.alias(f"__within{step.index}"))
            key.append(f"__within{step.index}")
    elif conditional:
        tags = {cid: ",".join(sorted(view.tags)) for cid, view in views.items()}
        frame = frame.with_columns(
            pl.col("customer_id").replace_strict(tags, return_dtype=pl.String).alias("__ctags"),
            pl.col("balance").cast(pl.String).alias("__balance"),
            pl.col("tags").list.sort().alias("__tags"),
            pl.col("agreement_id").is_not_null().alias("__agreement"),
        )
        key += ["__balance", "currency", "__tags", "__ctags", "__agreement"]
    firsts = frame.unique(subset=key, keep="first", maintain_order=True)
    fires: list[list[int]] = []
    skips: list[list[int]] = []
    for row in firsts.select(
        "customer_id", "due", "balance", "currency", "agreement_id", "tags"
    ).iter_rows():
        customer_id, due, balance, currency, agreement_id, tags = row
        amount = balance.quantize(minor_unit(currency))
        record = (
            "probe",
            due,
            amount,
            currency,
            False,
            agreement_id,
            frozenset(tags) if tags else None,
            True,
        )
        run = start(engine, cast(Customer, views[customer_id]), [record], None)
        select_fresh(run)
        fires.append([step.index for step, _ in run.fires])
        skips.append(list(run.skips))
    outcomes = firsts.select(key).with_columns(
        pl.Series("__fires", fires, dtype=pl.List(pl.Int64)),
        pl.Series("__skips", skips, dtype=pl.List(pl.Int64)),
    )
    frame = frame.join(outcomes, on=key, how="left", nulls_equal=True)
    groups = _groups(pl, engine, frame)
    capped, action_rows = _caps(pl, engine, groups, views)
    return _actions(pl, engine, action_rows, views), _skips(pl, engine, frame, capped)


def _situation(engine: Engine, due: int, day: int) -> int:
    """What of an invoice's due date decides its selection on ``day``: the steps due (and the
    order it meets them in), or under catch-up ``none`` the due date itself."""
    compiled = engine.compiled
    if engine.schedule.catch_up is CatchUp.NONE:
        return due
    dates = compiled.step_dates(due)
    due_steps = sum(1 << k for k, date_ in enumerate(dates) if date_ <= day)
    return due_steps | (compiled.order(due)[2] << len(compiled.steps))


def _groups(pl: Any, engine: Engine, frame: Any) -> Any:
    """One row per customer, step and currency that fires, in the reference's order."""
    compiled = engine.compiled
    fired = (
        frame.select("customer_id", "id", "due", "day", "balance", "currency", "__rank", "__fires")
        .explode("__fires")
        .filter(pl.col("__fires").is_not_null())
        .rename({"__fires": "step"})
    )
    pairs = fired.select("due", "step").unique()
    dates = [compiled.step_dates(due)[step] for due, step in pairs.iter_rows()]
    pairs = pairs.with_columns(pl.Series("__step_date", dates, dtype=pl.Int64))
    fired = fired.join(pairs, on=["due", "step"], how="left").sort("customer_id", "__rank")
    priority = dict(enumerate(compiled.priority))
    return (
        fired.group_by("customer_id", "step", "currency", maintain_order=True)
        .agg(
            pl.col("id").unique(maintain_order=True).alias("ids"),
            pl.col("due").first().alias("oldest"),
            pl.col("day").first(),
            pl.col("balance").sum().alias("amount"),
            pl.col("__step_date").min().alias("step_date"),
            pl.col("id").alias("all_ids"),
        )
        .with_columns(
            pl.col("step").replace_strict(priority, return_dtype=pl.Int64).alias("__priority")
        )
        .sort("customer_id", "__priority", "oldest", "currency")
        .with_columns(pl.int_range(pl.len()).over("customer_id").alias("__order"))
    )


def _caps(
    pl: Any, engine: Engine, groups: Any, views: dict[str, CustomerView]
) -> tuple[list[tuple[str, int, list[str], int]], list[tuple[Any, ...]]]:
    """The capped groups (customer, skip number, invoice ids, order) and the rows that go."""
    decided: dict[tuple[Any, ...], list[int | None]] = {}
    capped: list[tuple[str, int, list[str], int]] = []
    going: list[tuple[Any, ...]] = []
    per_customer = groups.group_by("customer_id", maintain_order=True).agg(
        pl.col("step"),
        pl.col("currency"),
        pl.col("oldest"),
        pl.col("ids"),
        pl.col("all_ids"),
        pl.col("amount"),
        pl.col("step_date"),
        pl.col("day"),
        pl.col("__order"),
    )
    for (
        customer_id,
        step_list,
        currencies,
        oldest,
        ids,
        all_ids,
        amounts,
        step_dates,
        days,
        orders,
    ) in per_customer.iter_rows():
        view = views[customer_id]
        channels = engine.channels_for(cast(Customer, view))
        contact = tuple(s for s in step_list if channels[s] is not None)
        outcome: list[int | None] = []
        if contact:
            key = (view.state, view.timezone, contact)
            found = decided.get(key)
            if found is None:
                found = decided[key] = _probe_caps(
                    engine, view, step_list, currencies, oldest, channels
                )
            outcome = found
        k = 0
        for n, step in enumerate(step_list):
            if channels[step] is not None:
                number = outcome[k]
                k += 1
                if number is not None:
                    capped.append((customer_id, number, all_ids[n], orders[n]))
                    continue
            going.append(
                (
                    customer_id,
                    step,
                    currencies[n],
                    ids[n],
                    oldest[n],
                    amounts[n],
                    step_dates[n],
                    days[n],
                    orders[n],
                )
            )
    return capped, going


def _probe_caps(
    engine: Engine,
    view: CustomerView,
    step_list: list[int],
    currencies: list[str],
    oldest: list[int],
    channels: list[Any],
) -> list[int | None]:
    """The reference caps for a customer's ordered contact steps, on a probe: per contact
    step, None when it goes, else the number of the skip that defers it."""
    steps = engine.compiled.steps
    run = start(engine, cast(Customer, view), [], None)
    fakes = []
    for n, step in enumerate(step_list):
        if channels[step] is None:
            continue
        fake = OpenInvoice(f"#{n}", oldest[n], _ONE, currencies[n], False, None, None, True)
        fakes.append(fake)
        run.fires.append((steps[step], fake))
    actions(run)
    by_id = {fake_id: number for number, ids in run.skips.items() for fake_id in ids}
    return [by_id.get(fake.id) for fake in fakes]


def _actions(
    pl: Any, engine: Engine, rows: list[tuple[Any, ...]], views: dict[str, CustomerView]
) -> Any:
    compiled = engine.compiled
    schedule = engine.schedule
    texts_cache = engine.action_texts
    columns: dict[str, list[Any]] = {
        name: []
        for name in (
            "id",
            "customer_id",
            "invoice_ids",
            "step_id",
            "action",
            "channel",
            "template",
            "window_start",
            "window_end",
            "currency",
            "amount_due",
            "days_overdue",
            "due_date",
            "reason",
            "notice_days",
            "description",
            "step_date",
            "__pos",
        )
    }
    instants: dict[datetime, int] = {}

    def micro(at: datetime) -> int:
        found = instants.get(at)
        if found is None:
            found = instants[at] = (at - _EPOCH) // _MICROSECOND
        return found

    for customer_id, step_index, currency, ids, oldest, amount, step_date, day, order in rows:
        step = compiled.steps[step_index]
        view = views[customer_id]
        channel = engine.channels_for(cast(Customer, view))[step_index]
        place = engine.contact_place(view.state, view.timezone)
        days = day - oldest
        count = len(ids)
        texts_key = (step_index, step_date, oldest, days, count)
        texts = texts_cache.get(texts_key)
        if texts is None:
            texts = texts_cache[texts_key] = _texts(step, step_date, oldest, days, count)
        due_text, reason, step_text, template = texts
        columns["id"].append(hashed_id(step.id_prefix, customer_id, currency, sorted(ids)))
        columns["customer_id"].append(customer_id)
        columns["invoice_ids"].append(ids)
        columns["step_id"].append(step.id)
        columns["action"].append(step.action.value)
        columns["channel"].append(None if channel is None else channel.value)
        columns["template"].append(template)
        columns["window_start"].append(micro(place.start))
        columns["window_end"].append(micro(place.end))
        columns["currency"].append(currency)
        columns["amount_due"].append(str(amount))
        columns["days_overdue"].append(days)
        columns["due_date"].append(due_text)
        columns["reason"].append(reason)
        columns["notice_days"].append(schedule.guardrails.notice_days)
        columns["description"].append(step.description)
        columns["step_date"].append(step_text)
        columns["__pos"].append(order)
    return columns


def _skips(
    pl: Any, engine: Engine, frame: Any, capped: list[tuple[str, int, list[str], int]]
) -> Any:
    """The skip entries: per customer and skip number, the invoice ids in order of appearance,
    sorted as the reference sorts them (step, code, reason, then appearance)."""
    selection = (
        frame.select("customer_id", "id", "__rank", "__skips")
        .with_columns(pl.int_ranges(pl.col("__skips").list.len()).alias("__k"))
        .explode("__skips", "__k")
        .filter(pl.col("__skips").is_not_null())
        .select(
            "customer_id",
            pl.col("__skips").alias("number"),
            "id",
            (pl.col("__rank") * 1000 + pl.col("__k")).alias("__seen"),
        )
    )
    late = 1 << 40
    rows = [
        (customer_id, number, invoice_id, late + order * 100_000 + k)
        for customer_id, number, ids, order in capped
        for k, invoice_id in enumerate(ids)
    ]
    caps = pl.DataFrame(
        rows,
        schema={"customer_id": pl.String, "number": pl.Int64, "id": pl.String, "__seen": pl.Int64},
        orient="row",
    )
    both = pl.concat([selection.cast({"number": pl.Int64, "__seen": pl.Int64}), caps])
    parts = engine.skip_parts
    order = engine.skip_order
    numbers = both.get_column("number").unique().to_list()
    table = pl.DataFrame(
        {
            "number": numbers,
            "__step": [order[n][0] for n in numbers],
            "code": [parts[n][1].value for n in numbers],
            "reason": [parts[n][2] for n in numbers],
            "step_id": [parts[n][0] for n in numbers],
            "retry_on": [parts[n][3] for n in numbers],
        },
        schema={
            "number": pl.Int64,
            "__step": pl.Int64,
            "code": pl.String,
            "reason": pl.String,
            "step_id": pl.String,
            "retry_on": pl.Date,
        },
    )
    return (
        both.sort("__seen")
        .group_by("customer_id", "number", maintain_order=True)
        .agg(pl.col("id").unique(maintain_order=True).alias("invoice_ids"), pl.col("__seen").min())
        .join(table, on="number", how="left")
        .sort("customer_id", "__step", "code", "reason", "__seen")
        .with_columns(pl.int_range(pl.len()).over("customer_id").alias("__pos"))
        .select("customer_id", "invoice_ids", "step_id", "code", "reason", "retry_on", "__pos")
    )

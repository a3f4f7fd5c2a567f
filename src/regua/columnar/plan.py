"""``regua.columnar.plan``: a portfolio planned from tables, the same decisions as ``regua.plan``.

Steps, on columns unless said otherwise:

1. the tables are read (:mod:`~regua.columnar.inputs`) and validated
   (:mod:`~regua.columnar.validate`); bad rows go to ``rejects``, the good ones are planned;
2. each customer's local date at ``as_of`` (once per time zone), each invoice's balance on it
   (payments on or before it), its due date as a day ordinal;
3. which open invoices have a step newly due (due, not recorded in the history, not passed),
   decided once per distinct (due date, local date, recorded steps) by the reference engine's
   own test, joined back;
4. the customers with something newly due are decided on columns when they are in the common
   case (:mod:`~regua.columnar.decisions`: no history, no agreement, no guardrail in play), the
   others by the reference engine, one customer at a time (:mod:`~regua.columnar.reference`),
   from records built from the columns;
5. the actions and skips as tables (:mod:`~regua.columnar.output`).

On a daily run most customers have nothing newly due and never leave the columns.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from regua.batch import from_records
from regua.columnar.decisions import decide, eligible
from regua.columnar.extra import require_polars
from regua.columnar.history import BIT_STEPS, history_keys, index_history_table
from regua.columnar.inputs import to_frame
from regua.columnar.lookup import looked_up
from regua.columnar.output import actions_frame, decided_frame, skip_counts
from regua.columnar.output import skip_detail as detail_frame
from regua.columnar.reference import RECORD_FIELDS, evaluate, is_exhausted, is_fresh, views
from regua.columnar.validate import ROW, validate, without_invoices
from regua.errors import InvalidInputError
from regua.models import Agreement, Payment, Profile, Promise
from regua.money import in_money_context, minor_unit
from regua.rules.engine import (
    check_promised,
    compile_schedule,
    issue_ordinal,
    missing_issue_date,
)
from regua.rules.holds import Hold, hold_of
from regua.rules.records import Record
from regua.rules.schedule import Schedule
from regua.rules.state import Engine, check_as_of

__all__ = ["ColumnarPlan", "plan"]

#: ``date(1970, 1, 1).toordinal()``: a polars Date counts days from 1970-01-01.
_EPOCH = 719163


@dataclass(frozen=True, slots=True)
class ColumnarPlan:
    """What :func:`plan` returns (all polars DataFrames).

    ``actions``: one row per action, the fields of :class:`~regua.models.Action`, in the order
    of ``regua.plan``. ``skipped``: per ``step_id`` and ``code``, the skip ``entries`` (one per
    customer, step, code and reason) and the ``invoices`` they name. ``skip_detail``: the
    entries themselves (``customer_id``, ``invoice_ids``, ``step_id``, ``code``, ``reason``,
    ``retry_on``), or None when not asked for. ``rejects``: the input rows not planned
    (``table``, ``row``, ``field``, ``reason``). ``evaluated``: how many customers had something
    newly due and were decided by the reference engine, of ``customers`` planned.
    ``not_applicable``: per ``step_id`` and ``condition``, how many ``invoices`` a step's
    ``when`` condition kept it from (:class:`regua.rules.NotApplicable`). ``exhausted``: per
    ``customer_id``, the ``invoice_ids`` whose ladder has nothing left to do and whether that is
    the ``account``'s every open invoice (:class:`regua.rules.Exhausted`).
    """

    as_of: datetime | date
    actions: Any
    skipped: Any
    skip_detail: Any
    rejects: Any
    customers: int
    evaluated: int
    not_applicable: Any
    exhausted: Any


def plan(
    schedule: Schedule | Mapping[str, Any],
    customers: Any,
    invoices: Any,
    *,
    as_of: datetime | date,
    history: Any = None,
    agreements: Any = None,
    profiles: Mapping[str, Profile | str] | Any = None,
    skip_detail: bool = False,
    promises: Any = None,
) -> ColumnarPlan:
    """Plan today's actions for a portfolio given as tables.

    ``customers``, ``invoices`` and ``history`` are polars or pandas DataFrames or pyarrow
    Tables with the fields of :class:`~regua.models.Customer`, :class:`~regua.models.Invoice`
    and :class:`~regua.models.ContactRecord` as columns (what :func:`regua.frames.to_polars` and
    :func:`regua.frames.to_pandas` make of the models; see :mod:`regua.columnar.inputs`).
    ``agreements`` and ``promises`` (few) are each a table or an iterable of
    :class:`~regua.models.Agreement` / :class:`~regua.models.Promise` or mappings; ``profiles``
    maps customer id to profile (a value naming no profile raises), or is a table of
    ``customer_id`` and ``profile`` (a row naming no profile is rejected with its customer, who
    planned without it could miss a step meant for their profile). Everything
    else is as in :func:`regua.plan`, whose decisions these are. A customer with a promise is
    decided by the reference engine.
    """
    pl = require_polars()
    compiled = compile_schedule(schedule)
    as_of = check_as_of(as_of)
    profile_of, bad_profiles = _profiles(pl, profiles)
    checked = validate(
        to_frame(customers, "customers"),
        to_frame(invoices, "invoices"),
        None if history is None else to_frame(history, "history"),
        bad_profiles,
    )
    # The tables as given are not read again; a caller that keeps no reference of its own
    # (regua plan) lets them go before the decisions.
    del invoices, history
    engine = Engine(
        compiled,
        as_of,
        (),
        profile_of,
        _side_models(pl, agreements, Agreement, "agreements"),
        _side_models(pl, promises, Promise, "promises"),
    )
    scale = checked.scale
    customers = _numbered(pl, checked.customers)
    history_table = checked.history
    # The history read once, per (customer, invoice) and per customer, for every customer: what
    # decides freshness and what keys the selection and the caps.
    recorded = contacted = None
    if history_table is not None:
        recorded, contacted = history_keys(pl, engine, history_table, customers)
    open_invoices = _open_invoices(pl, engine, customers, checked.invoices, history_table, recorded)
    if engine.issues is not None:  # a step counts from the issue date: one row, not the run
        undated = open_invoices.filter(pl.col("issue_date").is_null()).get_column(ROW)
        if undated.len():
            reason = missing_issue_date(compiled)
            checked = without_invoices(pl, checked, undated, "issue_date", reason)
            # Each open invoice's row is its own: the others' stand without it.
            open_invoices = open_invoices.filter(~pl.col(ROW).is_in(undated.implode()))
    if engine.promised:
        open_invoices = _pin_promised(pl, engine, checked.invoices, open_invoices)
        named = pl.Series(sorted(engine.promised), dtype=pl.String)
        planned = customers.filter(pl.col("id").is_in(named.implode()))
        check_promised(engine, set(planned.get_column("id").to_list()))
    # The validated tables (the invoices with their payments) and, below, the open invoices the
    # candidates were taken from are let go before the decisions, where the call peaks: the 1M
    # first run grew the process by 0.85-0.90 KB per invoice instead of 1.20 (mem phases, one
    # thread; benchmarks/portfolio.py's B/invoice measures the same growth).
    rejects = checked.rejects
    del checked
    fresh = open_invoices.select(pl.col("__c").filter(pl.col("fresh")).unique()).to_series()
    fresh = fresh.implode()
    fresh_customers = customers.filter(pl.col("__c").is_in(fresh))
    candidates = open_invoices.filter(pl.col("__c").is_in(fresh))
    engine.holds = _holds(pl, candidates)
    if engine.amounts is not None:  # a step's fee is a percentage of the original amount
        engine.amounts.update(
            ((customer_id, id_), amount)
            for customer_id, id_, amount in candidates.select(
                "customer_id", "id", "amount"
            ).iter_rows()
        )
    if engine.issues is not None:  # a step counts from the issue date
        for row, customer_id, id_, issue in (
            candidates.sort(ROW).select(ROW, "customer_id", "id", "issue_date").iter_rows()
        ):
            where = f"invoices[{row}].issue_date"
            engine.issues[(customer_id, id_)] = issue_ordinal(compiled, issue, where)

    def index_history(ids: Any) -> None:
        if history_table is not None:
            engine.history.update(index_history_table(pl, history_table, ids))

    # A host's pause or block (of the customer or of an invoice), and a promise to pay, are
    # decided one at a time.
    held = fresh_customers.filter(
        pl.col("dunning_blocked") | pl.col("dunning_paused_until").is_not_null()
    ).get_column("id")
    fast_ids = eligible(pl, engine, candidates)
    fast_ids = fast_ids.filter(
        ~pl.col("customer_id").is_in(pl.Series(sorted(engine.holds), dtype=pl.String).implode())
        & ~pl.col("customer_id").is_in(held.implode())
        & ~pl.col("customer_id").is_in(
            pl.Series(sorted(engine.promises), dtype=pl.String).implode()
        )
    )
    is_fast = pl.col("__c").is_in(fast_ids.get_column("__c").implode())
    slow_customers = fresh_customers.filter(~is_fast)
    index_history(slow_customers.get_column("id"))
    slow = views(pl, slow_customers)
    records = _records(pl, candidates.filter(~is_fast))
    planned, skipped = evaluate(engine, slow, records)
    position = pl.int_range(pl.len()).over("customer_id").cast(pl.Int64).alias("__pos")
    exhausted_parts = [
        open_invoices.filter(~pl.col("fresh") & pl.col("__done")).select(
            "customer_id", "due", "id"
        ),
        pl.DataFrame(
            [
                (customer_id, due, invoice_id)
                for customer_id, pairs in engine.exhausted.items()
                for due, invoice_id in pairs
            ],
            schema={"customer_id": pl.String, "due": pl.Int64, "id": pl.String},
            orient="row",
        ),
    ]
    totals = open_invoices.group_by("__c").agg(
        pl.col("customer_id").first(), pl.len().alias("__open")
    )
    del open_invoices
    action_parts = [actions_frame(pl, planned, scale).with_columns(position)]
    skip_parts = [detail_frame(pl, skipped).with_columns(position)]
    count_parts = [skip_counts(pl, skip_parts[0])]
    if fast_ids.height:
        fast_customers = fresh_customers.filter(is_fast)
        decided, counts, skips, done = decide(
            pl,
            engine,
            candidates.filter(is_fast),
            fast_customers,
            recorded is not None,
            contacted,
            index_history,
            detail=skip_detail,
        )
        schedule_model = engine.schedule
        action_parts.append(
            decided_frame(pl, decided, scale, schedule_model.name, schedule_model.version)
        )
        count_parts.append(counts)
        if skips is not None:
            skip_parts.append(skips)
        exhausted_parts.append(done)
    actions = _in_order(pl, action_parts)
    detail = _in_order(pl, skip_parts) if skip_detail else None
    return ColumnarPlan(
        as_of=as_of,
        actions=actions,
        skipped=pl.concat(count_parts)
        .group_by("step_id", "code")
        .agg(pl.col("entries").sum(), pl.col("invoices").sum())
        .sort("step_id", "code"),
        skip_detail=detail,
        rejects=rejects,
        customers=customers.height,
        evaluated=len(slow),
        not_applicable=pl.DataFrame(
            [(row.step_id, row.condition, row.invoices) for row in engine.report()[0]],
            schema={"step_id": pl.String, "condition": pl.String, "invoices": pl.Int64},
            orient="row",
        ),
        exhausted=_exhausted(pl, exhausted_parts, totals),
    )


def _exhausted(pl: Any, parts: list[Any], totals: Any) -> Any:
    """Per customer, the open invoices whose ladder is exhausted (in due-date order) and
    whether all are (``totals``: each customer's ``__open`` invoices): those with nothing newly
    due on columns, those decided on columns, and those the reference engine judged."""
    done = pl.concat(
        [part.select("customer_id", pl.col("due").cast(pl.Int64), "id") for part in parts]
    )
    return (
        done.sort("customer_id", "due", "id")
        .group_by("customer_id", maintain_order=True)
        .agg(pl.col("id").alias("invoice_ids"))
        .join(totals, on="customer_id", how="left")
        .select(
            "customer_id",
            "invoice_ids",
            (pl.col("invoice_ids").list.len() == pl.col("__open")).alias("account"),
        )
    )


def _in_order(pl: Any, parts: list[Any]) -> Any:
    """The rows of ``parts`` (each in customer order, with ``__pos`` within a customer; the
    customers of one part are not in another) in customer order."""
    rows = [part for part in parts if part.height] or parts[:1]
    frame = rows[0] if len(rows) == 1 else pl.concat(rows).sort("customer_id", "__pos")
    return frame.drop("__pos")


def _numbered(pl: Any, customers: Any) -> Any:
    """The customers with ``__c``, a number in the order of their ids: planning groups, joins
    and sorts on it instead of the ids (the ids' order is the reference's)."""
    return customers.with_columns(pl.col("id").rank("ordinal").cast(pl.Int64).alias("__c"))


def _profiles(pl: Any, profiles: Any) -> tuple[Mapping[str, Profile | str] | None, Any]:
    """The profile of each customer, and the rows of a profiles table that name no profile
    (``__row``, ``customer_id``, ``profile``; None for a mapping, which must be all good)."""
    if profiles is None or isinstance(profiles, Mapping):
        return profiles, None
    frame = to_frame_any(pl, profiles, "profiles")
    if frame.columns != ["customer_id", "profile"]:
        raise InvalidInputError("profiles", "expected a mapping, or columns customer_id, profile")
    frame = frame.with_row_index(ROW).with_columns(
        pl.col("customer_id").cast(pl.String), pl.col("profile").cast(pl.String)
    )
    unnamed = frame.filter(pl.col("customer_id").is_null() | (pl.col("customer_id") == ""))
    if unnamed.height:  # whose profile it is is unknown: anyone could be planned without it
        raise InvalidInputError(
            f"profiles[{unnamed.item(0, ROW)}].customer_id",
            "missing: whose profile the row gives is unknown; fix or remove the row",
        )
    repeated = frame.filter(pl.col("customer_id").is_duplicated())
    if repeated.height:  # a mapping cannot hold it twice: which row would win is a guess
        raise InvalidInputError(
            "profiles.customer_id",
            f"{repeated.item(0, 'customer_id')!r} appears more than once: give each customer one"
            " profile",
        )
    known = pl.col("profile").is_in([profile.value for profile in Profile]).fill_null(False)
    good = frame.filter(known)
    return dict(good.select("customer_id", "profile").iter_rows()), frame.filter(~known)


_Side = TypeVar("_Side", Agreement, Promise)


def _side_models(pl: Any, value: Any, model: type[_Side], table: str) -> list[_Side]:
    """The few agreements or promises, from a table or an iterable of models or mappings."""
    if value is None:
        return []
    if isinstance(value, Iterable) and not hasattr(value, "schema"):
        rows: list[Any] = list(value)
    else:
        rows = to_frame_any(pl, value, table).to_dicts()
    try:
        return from_records(
            [row if isinstance(row, model) else _drop_nulls(row) for row in rows], model
        )
    except InvalidInputError as error:  # from_records names them rows[i]: say which rows
        if not error.field.startswith("rows"):
            raise
        raise InvalidInputError(table + error.field.removeprefix("rows"), error.reason) from None


# Balances are rounded in regua's context here, in _records and in the columnar selection,
# as the reference engine rounds them: in the caller's, a KWD amount of 29 digits (below
# MAX_AMOUNT) raised InvalidOperation. Not around plan itself: the wrapper's arguments would
# keep the input tables alive past plan's ``del`` (+150 B per invoice from Parquet, daily).
@in_money_context
def _pin_promised(pl: Any, engine: Engine, invoices: Any, open_invoices: Any) -> Any:
    """Note the payments of every invoice a promise names (paid ones too: their payments keep
    a promise), checking its currency, and mark the open ones as having something newly due,
    as :func:`regua.rules.engine.group_records` does."""
    pairs = pl.DataFrame(
        [
            (customer_id, invoice_id, currency, k)
            for customer_id, named in engine.promised.items()
            for invoice_id, (currency, k) in named.items()
        ],
        schema={
            "customer_id": pl.String,
            "id": pl.String,
            "__promise_currency": pl.String,
            "__promise": pl.Int64,
        },
        orient="row",
    )
    named = invoices.join(pairs, on=["customer_id", "id"], how="inner").sort(ROW)
    for row, customer_id, id_, currency, promised_in, k, payments in named.select(
        ROW, "customer_id", "id", "currency", "__promise_currency", "__promise", "payments"
    ).iter_rows():
        if currency != promised_in:
            raise InvalidInputError(
                f"promises[{k}].currency",
                f"{promised_in} differs from the currency of invoice {id_!r} (invoices[{row}]:"
                f" {currency}); a promise is in its invoices' currency",
            )
        quantum = minor_unit(currency)  # a decimal column holds the widest scale of all rows
        engine.promise_payments.setdefault(customer_id, {})[id_] = tuple(
            Payment.model_validate(
                {"date": p["date"], "amount": p["amount"].quantize(quantum)},
                context={"currency": currency},
            )
            for p in payments
        )
    return (
        open_invoices.join(
            pairs.select("customer_id", "id", pl.lit(True).alias("__promised")),
            on=["customer_id", "id"],
            how="left",
            maintain_order="left",
        )
        .with_columns((pl.col("fresh") | pl.col("__promised").fill_null(False)).alias("fresh"))
        .drop("__promised")
    )


def _drop_nulls(row: Any) -> Any:
    """A table row as the model's mapping: a null cell is a field left out."""
    if isinstance(row, Mapping):
        return {key: _drop_nulls(value) for key, value in row.items() if value is not None}
    if isinstance(row, list):
        return [_drop_nulls(value) for value in row]
    return row


def to_frame_any(pl: Any, value: Any, table: str) -> Any:
    """A polars frame of a side table (profiles, agreements), whatever library made it."""
    if isinstance(value, pl.DataFrame):
        return value
    module = type(value).__module__.split(".")[0]
    if module == "pyarrow":
        return pl.from_arrow(value)
    if module == "pandas":
        pyarrow = importlib.import_module("pyarrow")
        return pl.from_arrow(pyarrow.Table.from_pandas(value, preserve_index=False))
    raise InvalidInputError(table, f"expected a table, got {type(value).__name__}")


def _open_invoices(
    pl: Any, engine: Engine, customers: Any, invoices: Any, history: Any, recorded: Any
) -> Any:
    """The invoices open at their customer's local date, with their balance, due ordinal,
    whether a step is newly due and, with a history, ``__recorded`` (``recorded``, the
    per-invoice table of :func:`~regua.columnar.history.history_keys`)."""
    zones = customers.get_column("timezone").unique().to_list()
    days = {zone: engine.local(zone)[0] for zone in zones}
    local = customers.select(
        pl.col(ROW).alias("__customer"),
        "__c",
        # With no customer the mapping is empty, and polars then keeps the text type (even
        # through a cast): the payments' dates would be compared with text.
        (
            pl.col("timezone").replace_strict(days, return_dtype=pl.Date)
            if days
            else pl.lit(None, dtype=pl.Date)
        ).alias("__today"),
    )
    # Every invoice validation kept has its customer among those it kept.
    frame = looked_up(pl, invoices, local, "__customer")
    paid = (
        frame.select(ROW, "__today", "payments")
        .explode("payments")
        .filter(pl.col("payments").struct.field("date") <= pl.col("__today"))
        .group_by(ROW)
        .agg(pl.col("payments").struct.field("amount").sum().alias("__paid"))
    )
    # The payments are read: every later pass over the open invoices is lighter without them.
    frame = (
        looked_up(pl, frame, paid, ROW)
        .with_columns(
            (pl.col("amount") - pl.col("__paid").fill_null(0)).alias("balance"),
            (pl.col("due_date").cast(pl.Int32) + _EPOCH).alias("due"),
            (pl.col("__today").cast(pl.Int32) + _EPOCH).alias("day"),
        )
        .drop("payments", "__paid", "__today")
    )
    frame = frame.filter(pl.col("balance") > 0)
    steps = [step.id for step in engine.compiled.steps]
    # The steps recorded for each invoice, as a bit set of their indexes when they fit in one
    # integer (a key far cheaper to group and join on than a list of ids). A recorded step the
    # schedule does not have changes nothing: ``is_fresh`` reads the schedule's steps only.
    bits = len(steps) <= BIT_STEPS
    if history is not None:
        frame = frame.join(recorded, on=["__c", "id"], how="left").with_columns(
            pl.col("__recorded").fill_null(0)
        )
        if bits:
            frame = frame.rename({"__fired": "fired"})
        else:
            fired = (
                history.select("customer_id", "step_id", pl.col("invoice_ids").alias("id"))
                .explode("id")
                .group_by("customer_id", "id")
                .agg(pl.col("step_id").unique().sort().alias("fired"))
            )
            frame = frame.drop("__fired").join(fired, on=["customer_id", "id"], how="left")
    else:
        dtype = pl.Int64 if bits else pl.List(pl.String)
        frame = frame.with_columns(pl.lit(None, dtype=dtype).alias("fired"))
    frame = frame.with_columns(pl.col("fired").fill_null(0 if bits else []))
    keys = frame.select("due", "day", "fired").unique()
    fresh = []
    done = []
    for due, day, fired in keys.iter_rows():
        recorded = tuple(s for k, s in enumerate(steps) if fired >> k & 1) if bits else tuple(fired)
        fresh.append(is_fresh(engine, due, day, recorded))
        done.append(is_exhausted(engine, due, day, recorded))
    keys = keys.with_columns(
        pl.Series("fresh", fresh, dtype=pl.Boolean), pl.Series("__done", done, dtype=pl.Boolean)
    )
    return frame.join(keys, on=["due", "day", "fired"], how="left")


@in_money_context
def _records(pl: Any, frame: Any) -> dict[str, list[Record]]:
    """Customer id -> the engine's records of its open invoices."""
    frame = frame.sort("customer_id", ROW)
    quantums: dict[str, Decimal] = {}
    records: dict[str, list[Record]] = {}
    columns = frame.select("customer_id", *RECORD_FIELDS)
    for (
        customer_id,
        id_,
        due,
        balance,
        currency,
        disputed,
        agreement_id,
        tags,
        fresh,
    ) in columns.iter_rows():
        quantum = quantums.get(currency)
        if quantum is None:
            quantum = quantums[currency] = minor_unit(currency)
        record: Record = (
            id_,
            due,
            balance.quantize(quantum),
            currency,
            disputed,
            agreement_id,
            frozenset(tags) if tags else None,
            fresh,
        )
        found = records.get(customer_id)
        if found is None:
            records[customer_id] = [record]
        else:
            found.append(record)
    return records


def _holds(pl: Any, frame: Any) -> dict[str, dict[str, Hold]]:
    """Customer id -> invoice id -> the hold of each paused or blocked invoice (few), as
    :func:`regua.rules.engine.group_records` notes them."""
    held = frame.filter(pl.col("dunning_blocked") | pl.col("dunning_paused_until").is_not_null())
    holds: dict[str, dict[str, Hold]] = {}
    for customer_id, id_, day, blocked, reason, until in held.select(
        "customer_id",
        "id",
        "day",
        "dunning_blocked",
        "dunning_block_reason",
        "dunning_paused_until",
    ).iter_rows():
        hold = hold_of("invoice", date.fromordinal(day), blocked, reason, until)
        if hold is not None:
            holds.setdefault(customer_id, {})[id_] = hold
    return holds

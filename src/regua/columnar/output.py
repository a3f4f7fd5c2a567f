"""Tables out: the actions, the skip counts and the opt-in skip detail, as polars frames.

``actions`` has the fields of :class:`~regua.models.Action`, one row per action, in the order
:func:`regua.plan` gives them: ``invoice_ids`` a list column, money a ``Decimal(38, s)`` column
(``s`` the most places of a currency in the portfolio), instants as ``Datetime("us", "UTC")``
(the same instants as the actions' own, which are in the customer's time zone), ``context`` as
``{key, value}`` entries like :func:`regua.frames.to_polars` writes mappings.
``skipped`` counts per step and code the skip entries (one per customer, step, code and reason,
as ``Plan.skipped`` has them) and the invoices they name; ``skip_detail`` has the entries.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from regua.models import Action
from regua.rules.results import Skipped

__all__ = ["actions_frame", "decided_frame", "skip_counts", "skip_detail"]


def _action_schema(pl: Any, scale: int) -> dict[str, Any]:
    return {
        "id": pl.String,
        "customer_id": pl.String,
        "invoice_ids": pl.List(pl.String),
        "step_id": pl.String,
        "action": pl.String,
        "channel": pl.String,
        "template": pl.String,
        "window_start": pl.Datetime("us", "UTC"),
        "window_end": pl.Datetime("us", "UTC"),
        "currency": pl.String,
        "amount_due": pl.Decimal(38, scale),
        "days_overdue": pl.Int64,
        "due_date": pl.Date,
        "reason": pl.String,
        "notice_days": pl.Int64,
        "context": pl.List(pl.Struct({"key": pl.String, "value": pl.String})),
        "fee": pl.Decimal(38, scale),
        "fees": pl.List(pl.Struct({"key": pl.String, "value": pl.Decimal(38, scale)})),
        "description": pl.String,
        "repetition": pl.Int64,
    }


def decided_frame(pl: Any, frame: Any, scale: int, name: str, version: str) -> Any:
    """The actions decided on columns (:mod:`regua.columnar.decisions`) as a table, with the
    ``__pos`` column: instants as microseconds, the step date as text."""
    schema = _action_schema(pl, scale)
    entry = [
        pl.struct(pl.lit("schedule").alias("key"), pl.lit(name).alias("value")),
        pl.struct(pl.lit("schedule_version").alias("key"), pl.lit(version).alias("value")),
        pl.struct(pl.lit("step_date").alias("key"), pl.col("step_date").alias("value")),
    ]
    # One context per step date, joined: building the entries row by row costs 30 times more.
    contexts = (
        frame.select("step_date").unique().with_columns(pl.concat_list(entry).alias("context"))
    )
    return (
        frame.join(contexts, on="step_date", how="left", maintain_order="left")
        .with_columns(
            pl.col("amount_due").cast(schema["amount_due"]),
            pl.col("window_start").cast(schema["window_start"]),
            pl.col("window_end").cast(schema["window_end"]),
            # Steps with a fee: one customer at a time.
            pl.lit(None, dtype=schema["fee"]).alias("fee"),
            pl.lit(None, dtype=schema["fees"]).alias("fees"),
            # Repeating steps: one customer at a time.
            pl.lit(None, dtype=schema["repetition"]).alias("repetition"),
        )
        .select([*schema, "__pos"])
    )


def actions_frame(pl: Any, actions: list[Action], scale: int) -> Any:
    """The actions as a table, in their order."""
    schema = _action_schema(pl, scale)
    if set(schema) != set(Action.model_fields):  # pragma: no cover - a change of Action
        raise AssertionError("the actions table must have the fields of Action")
    columns: dict[str, list[Any]] = {name: [] for name in schema}
    appenders = [(columns[name].append, name) for name in schema]
    for action in actions:
        for append, name in appenders:
            append(getattr(action, name))
    contexts = columns.pop("context")
    # Money as text and instants as integers: built from Python objects one by one, the
    # decimal and time-zone-aware columns cost polars ~20 times more.
    columns["amount_due"] = [str(amount) for amount in columns["amount_due"]]
    columns["fee"] = [None if fee is None else str(fee) for fee in columns["fee"]]
    columns["fees"] = [
        None if fees is None else [{"key": k, "value": str(v)} for k, v in fees.items()]
        for fees in columns["fees"]
    ]
    for name in ("window_start", "window_end"):
        columns[name] = _microseconds(columns[name])
    kinds = {name: schema[name] for name in columns}
    kinds.update(
        amount_due=pl.String,
        fee=pl.String,
        fees=pl.List(pl.Struct({"key": pl.String, "value": pl.String})),
        window_start=pl.Int64,
        window_end=pl.Int64,
    )
    frame = pl.DataFrame(columns, schema=kinds)
    return frame.with_columns(
        pl.col("amount_due").cast(schema["amount_due"]),
        pl.col("fee").cast(schema["fee"]),
        pl.col("fees").cast(schema["fees"]),
        pl.col("window_start").cast(schema["window_start"]),
        pl.col("window_end").cast(schema["window_end"]),
        _contexts(pl, contexts, schema["context"]),
    ).select(list(schema))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _microseconds(instants: list[datetime]) -> list[int]:
    """Microseconds since the epoch; an action's window is shared by many (one per place)."""
    known: dict[datetime, int] = {}
    out = []
    for at in instants:
        found = known.get(at)
        if found is None:
            found = known[at] = (at - _EPOCH) // _MICROSECOND
        out.append(found)
    return out


def _contexts(pl: Any, contexts: list[dict[str, str]], dtype: Any) -> Any:
    """The ``context`` column: ``{key, value}`` entries. Every action the engine plans has the
    same keys, so the column is built from one text column per key."""
    keys = list(contexts[0]) if contexts else []
    if all(list(context) == keys for context in contexts):
        values = pl.DataFrame(
            {key: [context[key] for context in contexts] for key in keys},
            schema=dict.fromkeys(keys, pl.String),
        )
        if not keys:
            return pl.Series("context", [[] for _ in contexts], dtype=dtype)
        return values.select(
            pl.concat_list(
                [pl.struct(pl.lit(key).alias("key"), pl.col(key).alias("value")) for key in keys]
            ).alias("context")
        ).to_series()
    entries = [[{"key": k, "value": v} for k, v in context.items()] for context in contexts]
    return pl.Series("context", entries, dtype=dtype)


def skip_detail(pl: Any, skipped: list[Skipped]) -> Any:
    """One row per skip entry (customer, step, code, reason, retry date, invoice ids)."""
    return pl.DataFrame(
        {
            "customer_id": [s.customer_id for s in skipped],
            "invoice_ids": [list(s.invoice_ids) for s in skipped],
            "step_id": [s.step_id for s in skipped],
            "code": [s.code.value for s in skipped],
            "reason": [s.reason for s in skipped],
            "retry_on": [s.retry_on for s in skipped],
        },
        schema={
            "customer_id": pl.String,
            "invoice_ids": pl.List(pl.String),
            "step_id": pl.String,
            "code": pl.String,
            "reason": pl.String,
            "retry_on": pl.Date,
        },
    )


def skip_counts(pl: Any, detail: Any) -> Any:
    """Per step and code: the skip entries and the invoices they name."""
    return (
        detail.group_by("step_id", "code")
        .agg(
            pl.len().cast(pl.Int64).alias("entries"),
            pl.col("invoice_ids").list.len().sum().cast(pl.Int64).alias("invoices"),
        )
        .sort("step_id", "code")
    )

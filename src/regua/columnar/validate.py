"""Validation on columns: the models' rules as column expressions, bad rows into a rejects table.

The rules are the models' (:class:`~regua.models.Customer`, :class:`~regua.models.Invoice`,
:class:`~regua.models.Payment`, :class:`~regua.models.ContactRecord`): identifiers non-empty and
free of control or invisible characters, known enums, exact money (parsed from its text, never
through a float) with no more places than the currency allows and within regua's bound, positive
invoice and payment amounts, valid ISO dates, aware instants, CPF/CNPJ check digits, contact
addresses checked per channel, IANA time zones, Brazilian state codes, unique ids, every
invoice's customer present, and the models' size bounds (a name's, a tag's and a payment
method's characters, how many tags and payments; :mod:`regua.limits`). A value's rule runs as
an expression over the column, or, where the rule is Python (a document's check digits, an
e-mail's syntax, a currency's places), once per distinct value, the result joined back.

A bad row is not planned; it comes back in the rejects table (``table``, ``row``: its position in
the input, ``field``, ``reason``), one entry per problem, like
``regua.batch.from_records(..., errors="collect")``. An invoice of a rejected or absent customer is
rejected too, and so is a customer with a rejected history row (planned without it, a step it
records could be sent again; a rejected history row naming no customer refuses the history).
Values are normalized as the models normalize them (surrounding spaces stripped, state codes
upper-cased, the time zone of the state filled in, documents and addresses in their canonical
form); money and dates are never coerced silently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any

from pydantic import AwareDatetime, TypeAdapter, ValidationError

from regua._validation import in_range, not_a_number
from regua.columnar.addresses import canonical
from regua.columnar.amounts import plain
from regua.columnar.cells import read_cell
from regua.columnar.documents import normal_documents
from regua.columnar.extra import require_polars
from regua.columnar.inputs import LISTS, PROBLEMS, TABLES, canonical_type
from regua.columnar.lookup import looked_up
from regua.contacts import normalize_contact
from regua.documents import normalize_document
from regua.errors import InvalidInputError
from regua.jurisdiction.brazil import DEFAULT_TIME_ZONE, STATE_TIME_ZONES
from regua.limits import (
    FIRST_DATE,
    LAST_DATE,
    MAX_ID_CHARS,
    MAX_NAME_CHARS,
    MAX_PAYMENTS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
)
from regua.models import Channel, Customer, CustomerKind, Outcome, Profile
from regua.models.history import MAX_EVIDENCE_ENTRIES
from regua.money import DEFAULT_CURRENCY, check_places, minor_units, to_decimal

__all__ = ["REJECTS_SCHEMA", "Validated", "validate", "without_invoices"]

ROW = "__row"
_EVIDENCE_KEY = r"^[a-z][a-z0-9_]*$"
REJECTS_SCHEMA = {"table": "String", "row": "Int64", "field": "String", "reason": "String"}

#: Characters an identifier may not hold (``regua.models`` refuses the same): control and
#: format characters, line and paragraph separators, every space but U+0020.
_UNSEEN = r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}[\p{Zs}--\x20]]"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
#: Columns of enum values, which the models read as written (``"consumer "`` is no kind, a
#: database's CHAR(10) padding included): not stripped like the other texts.
_CHOICES = frozenset({"kind", "preferred_channels", "opt_outs", "channel", "outcome"})
_INSTANT: TypeAdapter[Any] = TypeAdapter(AwareDatetime)


@dataclass(frozen=True, slots=True)
class Validated:
    """The good rows of each table (normalized, typed) and the rejects; each invoice with
    ``__customer``, the row (``__row``) of its customer."""

    customers: Any
    invoices: Any
    history: Any
    rejects: Any
    #: Decimal places of the money columns (the most any currency in use allows, at least 2).
    scale: int


class _Problems:
    """Reasons gathered per table: (row, field, reason) frames."""

    def __init__(self, pl: Any, table: str) -> None:
        self.pl = pl
        self.table = table
        self.parts: list[Any] = []

    def add(self, frame: Any, reason: Any, field: Any) -> None:
        """Rows of ``frame`` (with the row column) where ``reason`` is not null."""
        pl = self.pl
        field_expr = pl.lit(field) if isinstance(field, str) else field
        self.parts.append(
            frame.select(
                pl.lit(self.table).alias("table"),
                pl.col(ROW).cast(pl.Int64).alias("row"),
                field_expr.cast(pl.String).alias("field"),
                reason.cast(pl.String).alias("reason"),
            )
            .filter(pl.col("reason").is_not_null())
            .with_columns(_plain(pl, pl.col("reason"), pl.col("field")))
        )

    def frame(self) -> Any:
        pl = self.pl
        if not self.parts:
            return empty_rejects(pl)
        found = pl.concat(self.parts)
        # A cell refused as read (a value of the wrong type, a JSON cell of the wrong shape) is
        # null: its reason says why, "missing" would not.
        repeated = pl.len().over("row", "field") > 1
        return found.filter(~((pl.col("reason") == "missing") & repeated))


def _plain(pl: Any, reason: Any, field: Any) -> Any:
    """``reason`` as a reject says it: without pydantic's "Value error, " and without the name
    of its field (the last part of it: ``amount`` of ``payments[0].amount``), which the reject
    names on its own; the models' messages start with both."""
    named = pl.concat_str(field.str.split(".").list.last(), pl.lit(": "))
    return reason.str.strip_prefix("Value error, ").str.strip_prefix(named)


def without_invoices(pl: Any, checked: Validated, rows: Any, field: str, reason: str) -> Validated:
    """``checked`` with the invoices at ``rows`` moved to the rejects (``field``: ``reason``):
    a problem found once the schedule is known (an issue date an anchored step needs)."""
    problems = pl.DataFrame(
        {"table": "invoices", "row": rows.cast(pl.Int64), "field": field, "reason": reason},
        schema=_rejects_schema(pl),
    )
    return replace(
        checked,
        invoices=checked.invoices.filter(~pl.col(ROW).is_in(rows.implode())),
        rejects=_in_order(pl, [checked.rejects, problems]),
    )


def empty_rejects(pl: Any) -> Any:
    """A rejects table with no rows."""
    return pl.DataFrame(schema=_rejects_schema(pl))


def _rejects_schema(pl: Any) -> dict[str, Any]:
    return {name: getattr(pl, kind) for name, kind in REJECTS_SCHEMA.items()}


def _in_order(pl: Any, parts: list[Any]) -> Any:
    """Rejects tables as one, by table and row (a row's problems in the order found)."""
    return pl.concat(parts).sort(["table", "row"], maintain_order=True)


def _distinct(
    pl: Any, values: Any, check: Callable[[Any], tuple[Any, str | None]], dtype: Any
) -> tuple[Any, Any]:
    """``check`` once per distinct value of the series ``values``: (normalized, reason) series."""
    if not isinstance(values.dtype, pl.Struct):
        return _distinct_plain(pl, values, check, dtype)
    frame = values.to_frame("__value")
    distinct = frame.unique()
    found = [check(value) for value in distinct.get_column("__value").to_list()]
    distinct = distinct.with_columns(
        pl.Series("__normal", [pair[0] for pair in found], dtype=dtype),
        pl.Series("__why", [pair[1] for pair in found], dtype=pl.String),
    )
    joined = frame.join(distinct, on="__value", how="left", nulls_equal=True, maintain_order="left")
    return joined.get_column("__normal"), joined.get_column("__why")


def _unless(
    pl: Any,
    frame: Any,
    fast: Any,
    fields: tuple[str, ...],
    check: Callable[[Any], tuple[Any, str | None]],
    dtype: Any,
) -> tuple[Any, Any]:
    """:func:`_distinct` of ``check`` over the record of ``fields`` on the rows where the
    boolean series ``fast`` is False; where it is True (the value was checked on columns), the
    first field as it is and no reason."""
    # Only the other rows are gathered and checked, and put back in place: when nearly every
    # value was checked on columns (a million amounts), a record per row, nearly all of them
    # null, cost more than the checks (94 ms at 1,000,000 invoices, against 14 ms).
    slow = (~fast).arg_true()
    kept = frame.get_column(fields[0]).cast(dtype)
    reasons = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
    if slow.is_empty():
        return kept, reasons
    records = frame.select(pl.struct(*fields).gather(slow)).to_series()
    checked, why = _distinct(pl, records, check, dtype)
    return kept.scatter(slow, checked), reasons.scatter(slow, why)


def _distinct_plain(
    pl: Any, values: Any, check: Callable[[Any], tuple[Any, str | None]], dtype: Any
) -> tuple[Any, Any]:
    """:func:`_distinct` of a column of plain values, mapped back by value instead of a join
    (a currency column at 1,000,000 invoices: 27 ms against 76 ms)."""
    distinct = values.drop_nulls().unique()
    found = [check(value) for value in distinct.to_list()]
    normal, reason = check(None) if values.null_count() else (None, None)

    def mapped(results: list[Any], null: Any, kind: Any) -> Any:
        return (
            values.to_frame("__value")
            .select(
                pl.when(pl.col("__value").is_null())
                .then(pl.lit(null, dtype=kind))
                .otherwise(
                    pl.col("__value").replace_strict(
                        distinct, pl.Series(results, dtype=kind), default=None, return_dtype=kind
                    )
                )
            )
            .to_series()
        )

    return (
        mapped([pair[0] for pair in found], normal, dtype),
        mapped([pair[1] for pair in found], reason, pl.String),
    )


def _reason(error: Exception) -> str:
    if isinstance(error, InvalidInputError):
        return error.reason
    if isinstance(error, ValidationError):
        return str(error.errors()[0]["msg"])
    return str(error)


def _id_problem(pl: Any, name: str, *, required: bool = True) -> Any:
    col = pl.col(name)
    missing = pl.lit("missing") if required else pl.lit(None, dtype=pl.String)
    return (
        pl.when(col.is_null())
        .then(missing)
        .when(col == "")
        .then(pl.lit("must not be empty"))
        .when(col.str.len_chars() > MAX_ID_CHARS)
        .then(pl.lit(f"is longer than {MAX_ID_CHARS} characters"))
        .when(col.str.contains(_UNSEEN))
        .then(
            pl.lit(
                "holds an invisible or control character; identifiers may hold printable"
                " characters and plain spaces only"
            )
        )
    )


def _too_long(pl: Any, col: Any, most: int) -> Any:
    """Why a text is longer than the model's bound (in characters, as pydantic counts)."""
    return pl.when(col.str.len_chars() > most).then(pl.lit(f"is longer than {most} characters"))


def _tags_problem(pl: Any) -> Any:
    """The models' ``Tags``: at most ``MAX_TAGS`` distinct tags of ``MAX_TAG_CHARS`` each."""
    tags = pl.col("tags")
    return (
        pl.when(tags.list.eval(pl.element().str.len_chars() > MAX_TAG_CHARS).list.any())
        .then(pl.lit(f"a tag is longer than {MAX_TAG_CHARS} characters"))
        .when(tags.list.n_unique() > MAX_TAGS)
        .then(pl.lit(f"more than {MAX_TAGS} tags"))
    )


def _enum_problem(pl: Any, col: Any, enum: Any) -> Any:
    values = [member.value for member in enum]
    return pl.when(col.is_not_null() & ~col.is_in(values)).then(
        pl.format("'{}' is not one of " + ", ".join(values), col)
    )


def _prepared(pl: Any, frame: Any, table: str, problems: _Problems) -> Any:
    """``frame`` numbered by row, its lists and records given as JSON text (a CSV's) decoded,
    a cell that is not JSON of its column's shape being a problem of its row, and its texts
    stripped."""
    frame = frame.with_row_index(ROW)
    if PROBLEMS in frame.columns:  # values refused as read: left null, so not also "missing"
        read = frame.select(ROW, pl.col(PROBLEMS).explode()).drop_nulls(PROBLEMS)
        problems.add(read.unnest(PROBLEMS), pl.col("reason"), pl.col("field"))
        frame = frame.drop(PROBLEMS)
    kinds = {name: column.kind for name, column in TABLES[table].items()}
    for name, kind in kinds.items():
        if kind in LISTS and frame.schema[name] == pl.String:
            texts, reasons = _distinct_plain(
                pl, frame.get_column(name), functools.partial(read_cell, kind=kind), pl.String
            )
            problems.add(frame.with_columns(reasons.alias("__why")), pl.col("__why"), name)
            frame = frame.with_columns(texts.str.json_decode(canonical_type(pl, kind)).alias(name))
    exprs = []
    for name, kind in kinds.items():
        if name in _CHOICES:
            continue
        if kind in ("id", "text"):
            exprs.append(pl.col(name).str.strip_chars())
        elif kind in ("texts", "ids"):
            exprs.append(pl.col(name).list.eval(pl.element().str.strip_chars()))
    return frame.with_columns(exprs)


def _money(value: tuple[str | None, str], *, positive: str | None) -> tuple[str | None, str | None]:
    """(money text, currency) -> the amount quantized to the currency, as text, or why not."""
    text, currency = value
    if text is None:
        return None, "missing"
    if currency is None:  # an unknown currency, reported on its own field
        return None, None
    try:
        number = to_decimal(text)
        if number < 0:
            return None, f"must not be negative, got {number}"
        if positive is not None and number <= 0:
            return None, positive
        return str(check_places(number.copy_abs() if number.is_zero() else number, currency)), None
    except InvalidInputError as error:
        return None, error.reason


def _currency(value: str | None) -> tuple[str | None, str | None]:
    code = DEFAULT_CURRENCY if value is None else value.strip().upper()
    try:
        minor_units(code)
    except InvalidInputError as error:
        return None, error.reason
    return code, None


def validate(customers: Any, invoices: Any, history: Any, bad_profiles: Any = None) -> Validated:
    """The good rows of each (typed, see :mod:`regua.columnar.inputs`) table, and the rejects.
    ``bad_profiles``: the rows of a profiles table that name no profile (``__row``,
    ``customer_id``, ``profile``), rejected with their customers."""
    pl = require_polars()
    customers, customer_problems = _customers(pl, customers)
    profile_problems = empty_rejects(pl)
    if bad_profiles is not None and bad_profiles.height:
        known = ", ".join(profile.value for profile in Profile)
        profile_problems = bad_profiles.select(
            pl.lit("profiles").alias("table"),
            pl.col(ROW).cast(pl.Int64).alias("row"),
            pl.lit("profile").alias("field"),
            pl.when(pl.col("profile").is_null())
            .then(pl.lit("missing"))
            .otherwise(pl.format(f"'{{}}' is not a profile ({known})", pl.col("profile")))
            .alias("reason"),
        )
        held = _held(
            pl,
            customers,
            bad_profiles,
            "profile",
            "its profiles row {} was rejected: planned without it, a step for its profile could"
            " be missed or one for another sent",
        )
        customer_problems = _in_order(pl, [customer_problems, held])
    if history is None:
        good_history, history_problems = None, empty_rejects(pl)
    else:
        history, history_problems = _history(pl, history)
        bad = pl.col(ROW).is_in(_bad_rows(pl, history_problems))
        bad_history, good_history = history.filter(bad), history.filter(~bad)
        customer_problems = _in_order(
            pl, [customer_problems, _unrecorded(pl, customers, bad_history)]
        )
    good_customers = customers.filter(~pl.col(ROW).is_in(_bad_rows(pl, customer_problems)))
    invoices, invoice_problems, scale = _invoices(pl, invoices, good_customers)
    good_invoices = invoices.filter(~pl.col(ROW).is_in(_bad_rows(pl, invoice_problems)))
    rejects = _in_order(
        pl, [customer_problems, invoice_problems, history_problems, profile_problems]
    )
    return Validated(good_customers, good_invoices, good_history, rejects, scale)


def _unrecorded(pl: Any, customers: Any, bad_history: Any) -> Any:
    """The customers a rejected history row is of, as problems: planned without it, a step it
    records (a message sent yesterday) would be sent again. A rejected row that names no
    customer could be anyone's: the history is refused."""
    unnamed = bad_history.filter(pl.col("customer_id").is_null() | (pl.col("customer_id") == ""))
    if unnamed.height:
        raise InvalidInputError(
            f"history[{unnamed.item(0, ROW)}].customer_id",
            "missing, on a rejected row: whose contact it records is unknown, so no customer"
            " can be planned without it; fix or remove the row",
        )
    return _held(
        pl,
        customers,
        bad_history,
        "history",
        "history row {} of this customer was rejected: planned without it, a step it records"
        " could be sent again",
    )


def _held(pl: Any, customers: Any, bad_rows: Any, field: str, why: str) -> Any:
    """The customers ``bad_rows`` (``__row``, ``customer_id``) of another table are of, as
    problems of their ``field``: ``why``, with ``{}`` the first of their rows."""
    first = bad_rows.group_by("customer_id").agg(pl.col(ROW).min().alias("__first"))
    return (
        customers.select(ROW, "id")
        .join(first, left_on="id", right_on="customer_id", how="inner")
        .select(
            pl.lit("customers").alias("table"),
            pl.col(ROW).cast(pl.Int64).alias("row"),
            pl.lit(field).alias("field"),
            pl.format(why, pl.col("__first")).alias("reason"),
        )
    )


def _bad_rows(pl: Any, problems: Any) -> Any:
    return problems.get_column("row").unique().cast(pl.UInt32).implode()


def _customers(pl: Any, frame: Any) -> tuple[Any, Any]:
    problems = _Problems(pl, "customers")
    frame = _prepared(pl, frame, "customers", problems)
    problems.add(frame, _id_problem(pl, "id"), "id")
    name = pl.col("name")
    problems.add(
        frame, pl.when(name.is_null() | (name == "")).then(pl.lit("must not be empty")), "name"
    )
    problems.add(frame, _too_long(pl, name, MAX_NAME_CHARS), "name")
    problems.add(frame, _tags_problem(pl), "tags")
    problems.add(
        frame,
        pl.when(pl.col("kind").is_null())
        .then(pl.lit("missing"))
        .otherwise(_enum_problem(pl, pl.col("kind"), CustomerKind)),
        "kind",
    )
    for field in ("preferred_channels", "opt_outs"):
        items = frame.select(ROW, pl.col(field).alias("item")).explode("item")
        problems.add(items, _enum_problem(pl, pl.col("item"), Channel), field)
    problems.add(
        frame,
        pl.when(
            pl.col("preferred_channels").list.n_unique() < pl.col("preferred_channels").list.len()
        ).then(pl.lit("lists a channel more than once")),
        "preferred_channels",
    )

    # Documents (check digits; a business needs a CNPJ), once per distinct (kind, document).
    def document(value: dict[str, Any]) -> tuple[Any, str | None]:
        text = value["document"]
        if text is None:
            return None, None
        try:
            normal = normalize_document(text)
        except InvalidInputError as error:
            return None, error.reason
        if value["kind"] == CustomerKind.BUSINESS.value and len(normal) != 14:
            return None, "document: a business customer is identified by a CNPJ"
        return normal, None

    # Documents already normalized are checked on columns (kept as they are), the others here.
    business = pl.col("kind") == CustomerKind.BUSINESS.value
    fast = frame.select(
        normal_documents(pl, frame.get_column("document"))
        & ~(business & (pl.col("document").str.len_bytes() != 14)).fill_null(True)
    ).to_series()
    docs, doc_reasons = _unless(pl, frame, fast, ("document", "kind"), document, pl.String)
    frame = frame.with_columns(docs.alias("document"), doc_reasons.alias("__document"))
    problems.add(frame, pl.col("__document"), "document")

    # Locale, state and time zone as the model normalizes them, once per distinct triple.
    def place(value: dict[str, Any]) -> tuple[Any, str | None]:
        state = value["state"]
        zone = value["timezone"]
        if zone is None:
            zone = (
                STATE_TIME_ZONES.get(state.upper(), DEFAULT_TIME_ZONE)
                if state
                else DEFAULT_TIME_ZONE
            )
        probe = {
            "id": "probe",
            "name": "probe",
            "kind": "consumer",
            "timezone": zone,
            "state": state,
        }
        if value["locale"] is not None:
            probe["locale"] = value["locale"]
        try:
            made = Customer.model_validate(probe)
        except ValidationError as error:
            first = error.errors()[0]
            return None, f"{first['loc'][0]}: {first['msg']}"
        return {"locale": made.locale, "timezone": made.timezone, "state": made.state}, None

    places, place_reasons = _distinct(
        pl,
        frame.select(pl.struct("locale", "timezone", "state")).to_series(),
        place,
        pl.Struct({"locale": pl.String, "timezone": pl.String, "state": pl.String}),
    )
    frame = frame.with_columns(places.alias("__place"), place_reasons.alias("__place_reason"))
    problems.add(
        frame,
        pl.col("__place_reason").str.splitn(": ", 2).struct.field("field_1"),
        pl.col("__place_reason").str.splitn(": ", 2).struct.field("field_0"),
    )
    frame = frame.with_columns(
        pl.col("__place").struct.field("locale"),
        pl.col("__place").struct.field("timezone"),
        pl.col("__place").struct.field("state"),
    )
    # Contact addresses, once per distinct (channel, address).
    entries = (
        frame.select(ROW, pl.col("contacts").fill_null([]))
        .explode("contacts")
        .filter(pl.col("contacts").is_not_null())
        .select(
            ROW, pl.col("contacts").struct.field("key"), pl.col("contacts").struct.field("value")
        )
    )
    problems.add(
        entries, _enum_problem(pl, pl.col("key"), Channel), pl.format("contacts.{}", pl.col("key"))
    )

    def address(value: dict[str, Any]) -> tuple[Any, str | None]:
        if value["key"] not in Channel._value2member_map_:
            return None, None
        if not value["value"]:
            return None, "must not be empty"
        try:
            return normalize_contact(value["key"], value["value"]), None
        except InvalidInputError as error:
            return None, error.reason

    if entries.height:
        # Most addresses are already canonical: only the others are checked in Python.
        entries = entries.with_row_index("__entry").with_columns(
            canonical(pl, entries).alias("__canonical")
        )
        other = entries.filter(~pl.col("__canonical"))
        addresses, address_reasons = _distinct(
            pl, other.select(pl.struct("key", "value")).to_series(), address, pl.String
        )
        checked = other.select(
            "__entry", addresses.alias("__normal"), address_reasons.alias("__reason")
        )
        entries = entries.join(checked, on="__entry", how="left", maintain_order="left")
        entries = entries.with_columns(
            pl.when(pl.col("__canonical")).then(pl.col("value")).otherwise(pl.col("__normal"))
        )
        problems.add(entries, pl.col("__reason"), pl.format("contacts.{}", pl.col("key")))
        contacts = entries.group_by(ROW, maintain_order=True).agg(
            pl.struct("key", "value").alias("contacts")
        )
        frame = frame.drop("contacts").join(contacts, on=ROW, how="left")
    frame = frame.with_columns(
        pl.col("contacts").fill_null([]),
        pl.col("preferred_channels").fill_null([]),
        pl.col("opt_outs").fill_null([]),
        pl.col("tags").fill_null([]),
    )
    # Every copy is rejected: keeping one would plan on whichever came first (a blocked copy
    # after an unblocked one was contacted), and regua.plan refuses the portfolio.
    problems.add(
        _may_repeat(frame, "id"),
        pl.when(pl.col("id").is_not_null() & (pl.len().over("id") > 1)).then(
            pl.format("duplicate customer id '{}' (every copy is rejected)", pl.col("id"))
        ),
        "id",
    )
    frame = frame.drop("__document", "__place", "__place_reason")
    return _hold_columns(pl, frame, problems), problems.frame()


def _may_repeat(frame: Any, name: str) -> Any:
    """``frame``, or none of its rows when no two hold the same ``name`` (then no key that
    includes it repeats either). Counting the distinct values costs a third of the window that
    finds the repeats (70 ms against 230 ms for the invoices' ids at 1,000,000)."""
    return frame.head(0) if frame.get_column(name).n_unique() == frame.height else frame


#: The texts a flag may hold, as pydantic reads a boolean from text (in any case, with no
#: surrounding spaces): what the models accept from a CSV row, the columns accept too.
_TRUE = ("true", "t", "yes", "y", "on", "1")
_FALSE = ("false", "f", "no", "n", "off", "0")


def _flags(pl: Any, frame: Any, problems: _Problems, names: tuple[str, ...]) -> Any:
    """Text flag columns read as booleans; a text that is neither is a problem of its row."""
    texts = [name for name in names if frame.schema[name] == pl.String]
    for name in texts:
        problems.add(
            frame,
            pl.when(pl.col(name).is_not_null() & ~_word(pl, name).is_in(_TRUE + _FALSE)).then(
                pl.format("'{}' is not true or false", pl.col(name))
            ),
            name,
        )
    return frame.with_columns(
        pl.when(_word(pl, name).is_in(_TRUE))
        .then(True)
        .when(_word(pl, name).is_in(_FALSE))
        .then(False)
        .otherwise(None)
        .alias(name)
        for name in texts
    )


def _word(pl: Any, name: str) -> Any:
    return pl.col(name).str.to_lowercase()


def _hold_columns(pl: Any, frame: Any, problems: _Problems) -> Any:
    """The ``dunning_*`` columns checked as :mod:`regua.models._hold` checks the fields."""
    frame = _flags(pl, frame, problems, ("dunning_blocked",))
    frame = _dates(pl, frame, "dunning_paused_until", problems)
    reason = pl.col("dunning_block_reason")
    frame = frame.with_columns(pl.col("dunning_blocked").fill_null(False))
    problems.add(
        frame,
        pl.when(reason == "")
        .then(pl.lit("must not be empty"))
        .when(reason.str.len_chars() > MAX_TEXT_CHARS)
        .then(pl.lit(f"is longer than {MAX_TEXT_CHARS} characters"))
        .when(reason.is_not_null() & ~pl.col("dunning_blocked"))
        .then(pl.lit("set dunning_blocked too")),
        "dunning_block_reason",
    )
    return frame


def _dates(pl: Any, frame: Any, name: str, problems: _Problems, field: Any = None) -> Any:
    """Read a date column as the models read a date field: ISO text (``YYYY-MM-DD``, or another
    text pydantic reads as a date, such as a datetime at midnight) or a datetime column, each
    value at midnight read as its own (local) date; a bad one, one with a time of day, or one
    outside ``FIRST_DATE..LAST_DATE`` (:mod:`regua.limits`), is a problem."""
    col = pl.col(name)
    where = name if field is None else field
    if isinstance(frame.schema[name], pl.Datetime):
        problems.add(
            frame,
            pl.when(col.is_not_null() & (col.dt.time() != pl.lit(time(0)))).then(
                pl.format(f"{{}} {_TIME_OF_DAY}", col)
            ),
            where,
        )
        frame = frame.with_columns(
            pl.when(col.dt.time() == pl.lit(time(0))).then(col.dt.date()).alias(name)
        )
    elif frame.schema[name] != pl.Date:
        frame = _text_dates(pl, frame, name, problems, where)
    outside = (col < pl.lit(FIRST_DATE)) | (col > pl.lit(LAST_DATE))
    problems.add(
        frame,
        pl.when(col.is_not_null() & outside).then(
            pl.format(f"{{}} is outside the supported {FIRST_DATE} to {LAST_DATE}", col)
        ),
        where,
    )
    return frame


#: Why a datetime (or its text) with a time of day is not a date, in the models' words.
_TIME_OF_DAY = "has a time of day: datetimes given for dates should have zero time"
_DATE: TypeAdapter[date] = TypeAdapter(date)


def _text_dates(pl: Any, frame: Any, name: str, problems: _Problems, where: Any) -> Any:
    """Text dates: ``YYYY-MM-DD`` parsed on the column, any other text by pydantic once per
    distinct text (so a text is a date here exactly when it is one for the models)."""
    col = pl.col(name)
    parsed = pl.col("__parsed")
    frame = frame.with_columns(
        pl.when(col.str.contains(_ISO_DATE))
        .then(col.str.to_date("%Y-%m-%d", strict=False))
        .alias("__parsed")
    )
    if frame.select((col.is_not_null() & parsed.is_null()).any()).item():
        others = frame.select(pl.when(parsed.is_null()).then(col)).to_series()
        dates, reasons = _distinct_plain(pl, others, _text_date, pl.Date)
        frame = frame.with_columns(pl.coalesce(parsed, dates), reasons.alias("__why"))
        problems.add(frame, pl.col("__why"), where)
        frame = frame.drop("__why")
    return frame.with_columns(parsed.alias(name)).drop("__parsed")


def _text_date(text: str | None) -> tuple[date | None, str | None]:
    if text is None:
        return None, None
    try:
        return _DATE.validate_python(not_a_number(text, "date")), None
    except InvalidInputError as error:
        return None, error.reason
    except ValidationError as error:
        if error.errors()[0]["type"] == "date_from_datetime_inexact" and re.match(
            r"\d{4}-\d{2}-\d{2}", text
        ):
            return None, f"{text} {_TIME_OF_DAY}"
        return None, f"{text} is not a valid date (YYYY-MM-DD)"


def _money_column(
    pl: Any, frame: Any, name: str, problems: _Problems, field: Any, positive: str
) -> Any:
    """The amounts (text) checked as the models check them: the plain ones on columns (the
    text is kept: casting it to the money column gives the model's value), the others in
    Python, once per distinct (amount, currency)."""
    codes = frame.get_column("currency").drop_nulls().unique().to_list()
    places = pl.col("currency").replace_strict(
        codes, [minor_units(code) for code in codes], default=None, return_dtype=pl.Int64
    )
    fast = frame.select(plain(pl, pl.col(name), places)).to_series()
    checked, reasons = _unless(
        pl,
        frame,
        fast,
        (name, "currency"),
        lambda value: _money((value[name], value["currency"]), positive=positive),
        pl.String,
    )
    frame = frame.with_columns(checked.alias(name), reasons.alias("__reason"))
    problems.add(frame, pl.col("__reason"), field)
    return frame.drop("__reason")


def _invoices(pl: Any, frame: Any, customers: Any) -> tuple[Any, Any, int]:
    problems = _Problems(pl, "invoices")
    frame = _prepared(pl, frame, "invoices", problems)
    # Each invoice's customer, by the row of the customer in the good ones (``__customer``):
    # planning joins on it, an integer, instead of the id. A customer id found there passed the
    # customers' own id check, so only the others are checked (150 ms less at 1,000,000). Only
    # the ids are joined, the other columns are not copied (117 ms against 220 ms at 1,000,000).
    known = customers.select(pl.col("id").alias("customer_id"), pl.col(ROW).alias("__customer"))
    frame = frame.with_columns(
        frame.select("customer_id")
        .join(known, on="customer_id", how="left", maintain_order="left")
        .get_column("__customer")
    )
    problems.add(frame, _id_problem(pl, "id"), "id")
    problems.add(
        frame.filter(pl.col("__customer").is_null()), _id_problem(pl, "customer_id"), "customer_id"
    )
    problems.add(frame, _id_problem(pl, "agreement_id", required=False), "agreement_id")
    frame = _flags(pl, frame, problems, ("disputed",))
    problems.add(frame, _tags_problem(pl), "tags")
    problems.add(
        frame,
        pl.when(pl.col("payments").list.len() > MAX_PAYMENTS).then(
            pl.lit(f"more than {MAX_PAYMENTS} payments")
        ),
        "payments",
    )
    codes, code_reasons = _distinct(pl, frame.get_column("currency"), _currency, pl.String)
    frame = frame.with_columns(codes.alias("currency"), code_reasons.alias("__reason"))
    problems.add(frame, pl.col("__reason"), "currency")
    frame = frame.drop("__reason")
    frame = _money_column(
        pl, frame, "amount", problems, "amount", "amount: an invoice must be greater than zero"
    )
    problems.add(frame, pl.when(pl.col("due_date").is_null()).then(pl.lit("missing")), "due_date")
    frame = _dates(pl, frame, "due_date", problems)
    frame = _dates(pl, frame, "issue_date", problems)
    problems.add(
        frame,
        pl.when(pl.col("issue_date") > pl.col("due_date")).then(
            pl.lit("issue_date: must not be after due_date")
        ),
        "issue_date",
    )
    # Payments: one row per payment, checked like the model's, summed back per invoice.
    payments = (
        frame.select(ROW, "currency", "issue_date", pl.col("payments").fill_null([]))
        .with_columns(pl.int_ranges(pl.col("payments").list.len()).alias("__k"))
        .explode("payments", "__k")
        .filter(pl.col("payments").is_not_null())
        .select(
            ROW,
            "currency",
            "issue_date",
            "__k",
            pl.col("payments").struct.field("date"),
            pl.col("payments").struct.field("amount"),
            pl.col("payments").struct.field("method"),
        )
    )
    where = pl.format("payments[{}].", pl.col("__k"))
    problems.add(
        payments,
        pl.when(pl.col("date").is_null()).then(pl.lit("missing")),
        pl.concat_str(where, pl.lit("date")),
    )
    payments = _dates(pl, payments, "date", problems, pl.concat_str(where, pl.lit("date")))
    problems.add(
        payments,
        _too_long(pl, pl.col("method"), MAX_TEXT_CHARS),
        pl.concat_str(where, pl.lit("method")),
    )
    payments = _money_column(
        pl,
        payments,
        "amount",
        problems,
        pl.concat_str(where, pl.lit("amount")),
        "amount: a payment must be greater than zero",
    )
    problems.add(
        payments,
        pl.when(pl.col("date") < pl.col("issue_date")).then(
            pl.concat_str(where, pl.lit("date: before the invoice's issue_date"))
        ),
        "payments",
    )
    scale = max(
        [2, *(minor_units(code) for code in frame.get_column("currency").drop_nulls().unique())]
    )
    money = pl.Decimal(38, scale)
    frame = frame.with_columns(pl.col("amount").cast(money, strict=False))
    payments = payments.with_columns(pl.col("amount").cast(money, strict=False))
    frame = looked_up(
        pl,
        frame.drop("payments"),
        payments.group_by(ROW).agg(pl.struct("date", "amount", "method").alias("payments")),
        ROW,
    )
    frame = frame.with_columns(
        pl.col("payments").fill_null([]),
        pl.col("disputed").fill_null(False),
        pl.col("tags").fill_null([]),
    )
    problems.add(
        frame,
        pl.when(pl.col("customer_id").is_not_null() & pl.col("__customer").is_null()).then(
            pl.format("unknown customer '{}' (absent or rejected)", pl.col("customer_id"))
        ),
        "customer_id",
    )
    # An invoice is its (customer, id), as in the reference engine (regua._inputs). Every copy
    # is rejected: keeping the first planned a paid invoice whose paid copy came second.
    problems.add(
        _may_repeat(frame, "id"),
        pl.when(pl.col("id").is_not_null() & (pl.len().over("customer_id", "id") > 1)).then(
            pl.format(
                "invoice id '{}' appears more than once for customer '{}' (every copy is rejected)",
                pl.col("id"),
                pl.col("customer_id"),
            )
        ),
        "id",
    )
    frame = _hold_columns(pl, frame, problems)
    return frame.sort(ROW), problems.frame(), scale


def _instant(value: str | None) -> tuple[Any, str | None]:
    if value is None:
        return None, "missing"
    try:
        return in_range(_INSTANT.validate_python(value), "at"), None
    except ValidationError as error:
        if error.errors()[0]["type"] == "timezone_aware":
            return None, (
                f"{value} has no UTC offset: an instant is written with one"
                " (2026-03-13T08:00:00-03:00, or Z for UTC)"
            )
        return None, _reason(error)
    except InvalidInputError as error:
        return None, _reason(error)


def _history(pl: Any, frame: Any) -> tuple[Any, Any]:
    problems = _Problems(pl, "history")
    frame = _prepared(pl, frame, "history", problems)
    for name in ("action_id", "customer_id", "step_id"):
        problems.add(frame, _id_problem(pl, name), name)
    problems.add(
        frame,
        pl.when(pl.col("invoice_ids").is_null())
        .then(pl.lit("missing"))
        .when(pl.col("invoice_ids").list.len() == 0)
        .then(pl.lit("must list at least one invoice")),
        "invoice_ids",
    )
    ids = frame.select(ROW, pl.col("invoice_ids").alias("__id")).explode("__id")
    problems.add(ids.filter(pl.col("__id").is_not_null()), _id_problem(pl, "__id"), "invoice_ids")
    problems.add(frame, _enum_problem(pl, pl.col("channel"), Channel), "channel")
    frame = frame.with_columns(pl.col("outcome").fill_null(Outcome.SENT.value))
    problems.add(frame, _enum_problem(pl, pl.col("outcome"), Outcome), "outcome")
    if frame.schema["at"] == pl.String:
        instants, reasons = _distinct(
            pl, frame.get_column("at"), _instant, pl.Datetime("us", "UTC")
        )
        frame = frame.with_columns(instants.alias("at"), reasons.alias("__reason"))
        problems.add(frame, pl.col("__reason"), "at")
        frame = frame.drop("__reason")
    else:
        problems.add(frame, pl.when(pl.col("at").is_null()).then(pl.lit("missing")), "at")
    frame = frame.with_columns(pl.col("evidence").fill_null([]))
    problems.add(
        frame,
        pl.when(pl.col("evidence").list.len() > MAX_EVIDENCE_ENTRIES).then(
            pl.lit(f"holds more than {MAX_EVIDENCE_ENTRIES} entries")
        ),
        "evidence",
    )
    entries = (
        frame.select(ROW, pl.col("evidence").alias("__entry"))
        .explode("__entry")
        .filter(pl.col("__entry").is_not_null())
        .select(
            ROW,
            pl.col("__entry").struct.field("key").alias("__key"),
            pl.col("__entry").struct.field("value").alias("__value"),
        )
    )
    key = pl.col("__key")
    problems.add(
        entries,
        pl.when(
            key.is_null() | (key.str.len_chars() > MAX_ID_CHARS) | ~key.str.contains(_EVIDENCE_KEY)
        )
        .then(pl.format("key '{}' is not a lower-case name of at most 128 characters", key))
        .when(pl.col("__value").is_null())
        .then(pl.format("{}: missing value", key))
        .when(pl.col("__value").str.len_chars() > MAX_TEXT_CHARS)
        .then(pl.format(f"{{}}: longer than {MAX_TEXT_CHARS} characters", key)),
        "evidence",
    )
    return frame, problems.frame()

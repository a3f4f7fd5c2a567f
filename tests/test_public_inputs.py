"""Every public function takes the models or their plain-dict form, and names the parameter when
it gets ``None`` or a single object where a list belongs (issue 15, item 19).

The table below lists, for every function of the public API (``regua.__all__`` and the
subpackages' ``__all__``), each parameter that takes a model or a list; the first tests fail
when a public function or a model-typed parameter is added without a row here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

import regua
import regua.frames
import regua.installments
import regua.scoring
from regua.calendar import BusinessCalendar, CalendarSpec
from regua.charges import CobVAbatimento, CobVDesconto, CobVJuros, CobVMulta, LateTerms, update
from regua.errors import InvalidInputError
from regua.models import Agreement, Customer, Installment, Promise
from regua.partition import split_table
from regua.pix import txid_for
from regua.rules import plan
from regua.samples import (
    SAMPLE_AS_OF,
    sample_creditor,
    sample_customers,
    sample_invoices,
    sample_offer_policy,
    sample_schedule,
)
from regua.scoring import ProfilePolicy, classify_portfolio, default_credit_policy
from regua.templates import ChannelLimits, HostField, builtin_template

#: The public API: the root, every subpackage (found, so a new one cannot be missed) and the
#: public modules the root does not re-export.
PUBLIC_MODULES = (
    "regua",
    *sorted(
        info.name
        for info in pkgutil.walk_packages(regua.__path__, "regua.")
        if info.ispkg and not info.name.rsplit(".", 1)[-1].startswith("_")
    ),
    "regua.batch",
    "regua.boleto",
    "regua.frames",
    "regua.installments",
    "regua.offers",
    "regua.partition",
    "regua.prescription",
    "regua.schemas",
)

#: The root's clearer names for charges.update and scoring.score: the same functions, whose
#: rows are under their module names.
ROOT_ALIASES = {"regua.update_debt", "regua.risk_score"}

#: The model classes a parameter may name; a parameter annotated with one must have a row.
MODEL_NAMES = {
    name
    for module in PUBLIC_MODULES
    for name in importlib.import_module(module).__all__
    if inspect.isclass(obj := getattr(importlib.import_module(module), name))
    and issubclass(obj, BaseModel)
}


def _public_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in PUBLIC_MODULES:
        namespace = importlib.import_module(module)
        for name in namespace.__all__:
            obj = getattr(namespace, name)
            if inspect.isfunction(obj) and f"{module}.{name}" not in ROOT_ALIASES:
                # A name two functions share (regua.plan, regua.columnar.plan) is qualified
                # for the second.
                key = name if found.get(name, obj) is obj else f"{module}.{name}"
                found[key] = obj
    return found


# Inputs shared by the rows ---------------------------------------------------------------------

CUSTOMERS = sample_customers()
INVOICES = sample_invoices()
C01 = CUSTOMERS[0]
C01_INVOICES = [i for i in INVOICES if i.customer_id == C01.id]
SCHEDULE = sample_schedule()
PLAN = plan(SCHEDULE, CUSTOMERS, INVOICES, as_of=SAMPLE_AS_OF)
ACTION = PLAN.actions[0]
HISTORY = [ACTION.record("delivered")]
AGREEMENT = Agreement(
    id="ag1",
    customer_id=C01.id,
    invoice_ids=(C01_INVOICES[0].id,),
    signed_on=date(2026, 3, 1),
    original_debt="189.90",
    installments=(Installment(number=1, due_date=date(2026, 4, 10), amount="189.90"),),
)
PROMISE = Promise(
    id="p1",
    customer_id=C01.id,
    invoice_ids=(C01_INVOICES[-1].id,),
    amount="10.00",
    made_on=date(2026, 3, 2),
    due_date=date(2026, 3, 9),
)
DEBT = update("1000.00", date(2026, 1, 10), as_of=date(2026, 3, 2))
TEMPLATE = builtin_template("overdue_early")
SP = CalendarSpec(state="SP", extra_holidays=(date(2026, 1, 25),))
OWNER = next(c for c in CUSTOMERS if c.id == ACTION.customer_id)


def _dump(value: Any) -> Any:
    """The plain (JSON-shaped) form of a model, a list of models or a mapping of models."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return value


@dataclass(frozen=True)
class Row:
    """A public function and one of its parameters.

    ``kind``: ``model`` (a model: its mapping works, None is refused), ``optional`` (a model
    or None: its mapping works, another type is refused), ``models`` (a list of models: their
    mappings work; None and a single object are refused), ``mapping`` (a mapping of models:
    mappings of mappings work), ``list`` (a list of anything: None and a single object are
    refused).
    """

    function: str
    param: str
    kind: str
    call: Callable[..., Any] = field(repr=False)
    args: Callable[[], dict[str, Any]] = field(repr=False)


def _fn(name: str) -> Callable[..., Any]:
    return _public_functions()[name]


def _rows() -> list[Row]:
    rows: list[Row] = []

    def add(function: str, kinds: dict[str, str], args: Callable[[], dict[str, Any]]) -> None:
        fn = _fn(function)

        def call(**kw: Any) -> Any:
            result = fn(**kw)
            # Lazy results (iterators) are consumed, so a late error is seen too; a polars
            # table (or a columnar plan's) is compared by its rows (== compares elements).
            if hasattr(result, "to_dicts"):
                return result.to_dicts()
            if hasattr(result, "actions") and hasattr(result.actions, "to_dicts"):  # columnar
                return result.actions.to_dicts(), result.rejects.to_dicts()
            return list(result) if inspect.isgenerator(result) else result

        rows.extend(Row(function, p, k, call, args) for p, k in kinds.items())

    engine = {
        "schedule": "model",
        "customers": "models",
        "invoices": "models",
        "history": "models",
        "agreements": "models",
        "promises": "models",
    }
    add(
        "plan",
        engine,
        lambda: {
            "schedule": SCHEDULE,
            "customers": CUSTOMERS,
            "invoices": INVOICES,
            "as_of": SAMPLE_AS_OF,
            "history": HISTORY,
            "agreements": [AGREEMENT],
            "promises": [PROMISE],
        },
    )
    add(
        "simulate",
        {**engine, "payments": "mapping"},
        lambda: {
            "schedule": SCHEDULE,
            "customers": CUSTOMERS[:2],
            "invoices": [i for i in INVOICES if i.customer_id in ("c01", "c02")],
            "start": SAMPLE_AS_OF,
            "end": date(2026, 3, 18),
            "history": HISTORY,
            "agreements": [AGREEMENT],
            "payments": {},
            "promises": [PROMISE],
        },
    )
    add(
        "explain",
        {**{k: v for k, v in engine.items() if k != "customers"}, "customer": "model"},
        lambda: {
            "schedule": SCHEDULE,
            "customer": C01,
            "invoices": C01_INVOICES,
            "as_of": SAMPLE_AS_OF,
            "history": HISTORY,
            "agreements": [AGREEMENT],
            "promises": [PROMISE],
        },
    )
    period = {"start": date(2026, 2, 1), "end": date(2026, 2, 28), "as_of": SAMPLE_AS_OF}
    for name in ("delinquency_rate", "recovery_rate", "cash_by_day"):
        add(name, {"invoices": "models"}, lambda: {"invoices": INVOICES, **period})
    add("aging", {"invoices": "models"}, lambda: {"invoices": INVOICES, "as_of": SAMPLE_AS_OF})
    months = {"start": date(2026, 2, 15), "end": date(2026, 3, 15)}
    for name in ("roll_rates", "cure_rates"):
        add(name, {"invoices": "models"}, lambda: {"invoices": INVOICES, **months})
    month_ends = {"dates": [date(2026, 1, 31), date(2026, 2, 28)]}
    for name in ("roll_rate_series", "collection_indicators"):
        add(name, {"invoices": "models"}, lambda: {"invoices": INVOICES, **month_ends})
    add(
        "contact_load",
        {"schedules": "mapping", "customers": "models", "invoices": "models",
         "payments": "mapping"},
        lambda: {
            "schedules": {"a": SCHEDULE},
            "customers": CUSTOMERS[:2],
            "invoices": [i for i in INVOICES if i.customer_id in ("c01", "c02")],
            "start": SAMPLE_AS_OF,
            "end": date(2026, 3, 18),
            "payments": {},
        },
    )  # fmt: skip
    add(
        "compare_arms",
        {"invoices": "models", "history": "models"},
        lambda: {
            "invoices": INVOICES,
            "arms": {c.id: "A" if n % 2 else "B" for n, c in enumerate(CUSTOMERS)},
            "champion": "A",
            "start": date(2026, 1, 1),
            "end": date(2026, 2, 28),
            "as_of": SAMPLE_AS_OF,
            "history": HISTORY,
        },
    )
    add(
        "recovery_curves",
        {"invoices": "models"},
        lambda: {"invoices": INVOICES, "as_of": SAMPLE_AS_OF},
    )
    scored = {"invoices": "models", "policy": "optional"}
    for name in ("classify_portfolio", "score_portfolio"):
        add(
            name,
            scored,
            lambda: {"invoices": INVOICES, "as_of": SAMPLE_AS_OF, "policy": ProfilePolicy()},
        )
    for name in ("classify", "score"):
        add(
            name,
            scored,
            lambda: {"invoices": C01_INVOICES, "as_of": SAMPLE_AS_OF, "policy": ProfilePolicy()},
        )
    counting = ProfilePolicy(count_broken_promises=True)
    add(
        "classify_portfolio",
        {"promises": "models"},
        lambda: {
            "invoices": INVOICES,
            "as_of": SAMPLE_AS_OF,
            "policy": counting,
            "promises": [PROMISE],
        },
    )
    add(
        "classify",
        {"promises": "models"},
        lambda: {
            "invoices": C01_INVOICES,
            "as_of": SAMPLE_AS_OF,
            "policy": counting,
            "promises": [PROMISE],
        },
    )
    add(
        "score_result",
        {"policy": "optional"},
        lambda: {
            "result": classify_portfolio(INVOICES, as_of=SAMPLE_AS_OF)[0],
            "policy": ProfilePolicy(),
        },
    )
    add(
        "prioritize",
        {"customers": "models", "invoices": "models", "policy": "optional"},
        lambda: {
            "customers": CUSTOMERS,
            "invoices": INVOICES,
            "as_of": SAMPLE_AS_OF,
            "policy": ProfilePolicy(),
        },
    )
    credit = {"policy": "model", "invoices": "models", "agreements": "models"}
    add(
        "decide_credit",
        {**credit, "customer": "model"},
        lambda: {
            "policy": default_credit_policy(),
            "customer": C01,
            "invoices": C01_INVOICES,
            "as_of": SAMPLE_AS_OF,
            "agreements": [AGREEMENT],
        },
    )
    add(
        "decide_credit_portfolio",
        {**credit, "customers": "models"},
        lambda: {
            "policy": default_credit_policy(),
            "customers": CUSTOMERS,
            "invoices": INVOICES,
            "as_of": SAMPLE_AS_OF,
            "agreements": [AGREEMENT],
        },
    )
    for name in ("apply_discount", "discount_amount"):
        add(name, {"breakdown": "model"}, lambda: {"breakdown": DEBT, "percent": 10})
    add(
        "update",
        {"terms": "optional"},
        lambda: {
            "amount": "100.00",
            "due_date": date(2026, 1, 10),
            "as_of": SAMPLE_AS_OF,
            "terms": LateTerms(),
        },
    )
    add("is_individual", {"debtor": "optional"}, lambda: {"debtor": C01})
    add(
        "regua.columnar.plan",
        {"schedule": "model"},
        lambda: {
            "schedule": SCHEDULE,
            "customers": regua.frames.to_polars(CUSTOMERS),
            "invoices": regua.frames.to_polars(INVOICES),
            "as_of": SAMPLE_AS_OF,
        },
    )
    add("merge_columnar_plans", {"plans": "list"}, lambda: {"plans": _columnar_partitions()})
    # A calendar parameter takes the calendar, or its configuration (CalendarSpec or mapping).
    add(
        "update",
        {"calendar": "optional"},
        lambda: {
            "amount": "100.00",
            "due_date": date(2026, 1, 10),
            "as_of": SAMPLE_AS_OF,
            "terms": LateTerms(grace_to_next_business_day=True),
            "calendar": SP,
        },
    )
    add(
        "early_payment_discount",
        {"calendar": "optional"},
        lambda: {
            "amount": "100.00",
            "due_date": date(2026, 2, 20),
            "paid_on": date(2026, 2, 13),
            "percent": "0.5",
            "per_day": True,
            "calendar": SP,
        },
    )
    for name in ("price", "sac"):
        add(
            name,
            {"calendar": "optional"},
            lambda: {
                "principal": "1000.00",
                "rate": "0.02",
                "n": 3,
                "first_due": date(2026, 5, 1),
                "calendar": SP,
            },
        )
    cobv = {"due_date": date(2026, 2, 13), "calendar": SP}
    add("cobv_last_payable_day", {"calendar": "model"}, lambda: dict(cobv))
    add(
        "cobv_amount",
        {
            "calendar": "model",
            "multa": "optional",
            "juros": "optional",
            "desconto": "optional",
            "abatimento": "optional",
        },
        lambda: {
            "original": "100.00",
            "paid_on": date(2026, 3, 10),
            **cobv,
            "multa": CobVMulta(modalidade=2, valorPerc="2.00"),
            "juros": CobVJuros(modalidade=2, valorPerc="0.03"),
            "desconto": CobVDesconto(modalidade=3, valorPerc="0.50"),
            "abatimento": CobVAbatimento(modalidade=1, valorPerc="1.00"),
        },
    )
    add(
        "menu",
        {"debt": "model", "policy": "model", "calendar": "optional"},
        lambda: {
            "debt": DEBT,
            "policy": sample_offer_policy(),
            "as_of": date(2026, 3, 2),
            "calendar": SP,
        },
    )
    add("txid_for", {"action": "model"}, lambda: {"action": ACTION})
    add(
        "find_by_txid",
        {"candidates": "models"},
        lambda: {"txid": txid_for(HISTORY[0]), "candidates": [PLAN.actions[-1], *HISTORY]},
    )
    message = {"channel": "email", "customer": OWNER, "creditor": sample_creditor()}
    add(
        "render",
        {"template": "model", "customer": "optional", "creditor": "optional", "limits": "model"},
        lambda: {"template": TEMPLATE, "data": ACTION, **message, "limits": ChannelLimits()},
    )
    add(
        "render_action",
        {
            "action": "model",
            "customer": "model",
            "creditor": "model",
            "templates": "mapping",
            "limits": "optional",
        },
        lambda: {
            "action": ACTION,
            "customer": OWNER,
            "creditor": sample_creditor(),
            "templates": {TEMPLATE.id: TEMPLATE},
            "limits": ChannelLimits(),
        },
    )
    add(
        "build_context",
        {"customer": "optional", "creditor": "optional", "host_fields": "models"},
        lambda: {
            "data": ACTION,
            "locale": "pt_BR",
            "customer": OWNER,
            "creditor": sample_creditor(),
            "host_fields": [HostField(name="contract_number", required=False)],
        },
    )
    add(
        "resolve_template",
        {"action": "model", "templates": "mapping"},
        lambda: {"action": ACTION, "locale": "pt_BR", "templates": {TEMPLATE.id: TEMPLATE}},
    )
    add(
        "lint",
        {"creditor": "optional"},
        lambda: {
            "text": "Regua Telecom Ltda, CNPJ 45.678.901/0000-94",
            "creditor": sample_creditor(),
        },
    )
    add("lint_template", {"template": "model"}, lambda: {"template": TEMPLATE})
    add("merge_plans", {"plans": "list"}, lambda: {"plans": [PLAN, PLAN]})
    add(
        "merge_profiles",
        {"tables": "list"},
        lambda: {"tables": [classify_portfolio(INVOICES, as_of=SAMPLE_AS_OF)]},
    )
    add("split_by_customer", {"items": "list"}, lambda: {"items": INVOICES, "n": 3})
    add("merge_by_customer", {"parts": "list"}, lambda: {"parts": [INVOICES[:3], INVOICES[3:]]})
    add("to_records", {"items": "list"}, lambda: {"items": CUSTOMERS})
    for name in ("from_records", "iter_validate"):
        add(name, {"rows": "list"}, lambda: {"rows": _dump(CUSTOMERS), "model": Customer})
    for name in ("to_pandas", "to_polars"):
        add(name, {"items": "list"}, lambda: {"items": CUSTOMERS})
    for name in ("records_to_pandas", "records_to_polars"):
        add(name, {"records": "list"}, lambda: {"records": [{"a": 1}, {"a": 2}]})
    return rows


ROWS = _rows()

#: Public functions with no model or list parameter (text, numbers, dates, ids), or whose
#: other parameters are not models (``calendar`` takes a BusinessCalendar object).
NO_MODEL_INPUT = {
    "builtin_template",
    "default_template_id",
    "effective_rate",
    "equal",
    "format_days",
    "format_long_date",
    "format_money",
    "is_prescribed",
    "newcombe_interval",
    "json_schema",
    "monthly_due_dates",
    "pack_locale",
    "partition_key",
    "prescribed_on",
    "sms_info",
    "template_for",
    "validate_template",
    "wilson_interval",
    # The DataFrame readers take a frame (their own row below checks a non-frame is refused).
    "from_pandas",
    "from_polars",
    # Codes and lines in, codes and lines out.
    "brcode",
    "parse_brcode",
    "normalize_key",
    "parse_line",
    "due_date_for_factor",
    # The command line takes its arguments.
    "main",
    # A table in, tables out (its own check refuses anything but a DataFrame or Table).
    "split_table",
    # The jurisdiction registry takes a Jurisdiction value or a code (its checks are in
    # tests/test_jurisdiction_second.py).
    "jurisdiction",
    "register",
    "unregister",
}


def _columnar_partitions() -> list[Any]:
    """The columnar plans of the sample portfolio split in two by customer."""
    customers = split_table(regua.frames.to_polars(CUSTOMERS), 2, key="id")
    invoices = split_table(regua.frames.to_polars(INVOICES), 2)
    return [
        regua.columnar.plan(SCHEDULE, c, i, as_of=SAMPLE_AS_OF)
        for c, i in zip(customers, invoices, strict=True)
    ]


def _id(row: Row) -> str:
    return f"{row.function}-{row.param}"


def test_every_public_function_is_in_the_table() -> None:
    listed = {row.function for row in ROWS} | NO_MODEL_INPUT
    assert set(_public_functions()) == listed


#: Parameters that name a model but where a mapping means something else: the placeholder
#: values of a message (an action reloaded from JSON goes through ``render_action``).
CONTEXT_PARAMS = {("render", "data"), ("build_context", "data")}


def test_every_model_typed_parameter_has_a_row() -> None:
    rows = {(row.function, row.param) for row in ROWS} | CONTEXT_PARAMS
    missing = []
    for name, fn in _public_functions().items():
        if name in NO_MODEL_INPUT:
            continue
        for param, spec in inspect.signature(fn).parameters.items():
            words = str(spec.annotation).replace("[", " ").replace("|", " ").split()
            if MODEL_NAMES.intersection(words) and (name, param) not in rows:
                missing.append((name, param))
    assert missing == []


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind != "list"], ids=_id)
def test_the_dict_form_gives_the_same_result(row: Row) -> None:
    args = row.args()
    expected = row.call(**args)
    plain = {**args, row.param: _dump(args[row.param])}
    assert plain[row.param] is not args[row.param]
    assert row.call(**plain) == expected


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind in ("model", "models", "list")], ids=_id)
def test_none_is_refused_naming_the_parameter(row: Row) -> None:
    with pytest.raises(InvalidInputError) as info:
        row.call(**{**row.args(), row.param: None})
    assert info.value.field.split("[")[0] == row.param
    assert "None" in info.value.reason


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind in ("models", "list")], ids=_id)
def test_a_single_object_where_a_list_belongs_is_refused_naming_the_parameter(row: Row) -> None:
    args = row.args()
    one = next(iter(args[row.param]))
    for single in (one, _dump(one)):
        with pytest.raises(InvalidInputError) as info:
            row.call(**{**args, row.param: single})
        # (a single list of rows passed as a list of lists is named at its first element)
        assert info.value.field.split("[")[0] == row.param
        assert "single" in info.value.reason


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind == "models"], ids=_id)
def test_a_dataframe_where_rows_belong_is_refused_saying_how(row: Row) -> None:
    # Before: a pandas frame's column names were read as its items ("invoices[0]: expected
    # Invoice or a mapping of its fields, got str 'id'").
    pd = pytest.importorskip("pandas")
    args = row.args()
    frame = pd.DataFrame([_dump(item) for item in args[row.param]])
    if (row.function, row.param) in TAKE_TABLES:
        assert row.call(**{**args, row.param: frame}) == row.call(**args)
        return
    with pytest.raises(InvalidInputError) as info:
        row.call(**{**args, row.param: frame})
    assert info.value.field == row.param
    assert info.value.reason.startswith("got a pandas DataFrame, whose iteration gives columns")


#: The analysts' views that read a table of invoices as well as their rows.
TAKE_TABLES = {
    (function, "invoices")
    for function in (
        "roll_rates",
        "cure_rates",
        "roll_rate_series",
        "collection_indicators",
        "compare_arms",
        "recovery_curves",
    )
}


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind == "models"], ids=_id)
def test_a_bad_mapping_among_the_items_is_named_by_its_position_and_field(row: Row) -> None:
    # Before: pydantic's ValidationError named the field but not the item ("amount: ..." of
    # which of 10,000 invoices?).
    args = row.args()
    items = list(args[row.param])
    bad = {**_dump(items[-1]), "unheard_of": 1}
    with pytest.raises(InvalidInputError) as info:
        row.call(**{**args, row.param: [*items[:-1], bad]})
    assert info.value.field == f"{row.param}[{len(items) - 1}].unheard_of"
    assert info.value.reason == "Extra inputs are not permitted"


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r.kind in ("model", "optional", "mapping")], ids=_id
)
def test_another_type_is_refused_naming_the_parameter(row: Row) -> None:
    with pytest.raises(InvalidInputError) as info:
        row.call(**{**row.args(), row.param: 12.5})
    assert info.value.field == row.param


def test_frames_readers_refuse_what_is_not_a_frame() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    for reader in (regua.frames.from_pandas, regua.frames.from_polars):
        for bad in (None, [{"id": "c1"}], {"id": "c1"}):
            with pytest.raises(InvalidInputError) as info:
                reader(bad, Customer)
            assert info.value.field == "df"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: regua.render_action(ACTION, customer=OWNER, creditor=sample_creditor(),
                                     channel="fax"), "channel"),
        (lambda: regua.templates.default_template_id("nuke", 3), "action"),
    ],
)  # fmt: skip
def test_an_unknown_enum_value_names_its_parameter(call: Callable[[], Any], field: str) -> None:
    # Before: a bare ValueError ("'fax' is not a valid Channel") from inside enum.py.
    with pytest.raises(InvalidInputError) as info:
        call()
    assert info.value.field == field
    assert "is not one of" in info.value.reason


def test_render_action_takes_what_a_host_reloads_from_plan_json() -> None:
    # The shape `regua plan` prints: the action, and the customer and creditor as JSON objects.
    reloaded = regua.render_action(
        _dump(ACTION), customer=_dump(OWNER), creditor=_dump(sample_creditor())
    )
    assert reloaded == regua.render_action(ACTION, customer=OWNER, creditor=sample_creditor())
    assert reloaded.body


def test_scoring_takes_mappings() -> None:
    rows = _dump(INVOICES)
    assert regua.scoring.aging(rows, as_of=SAMPLE_AS_OF) == regua.scoring.aging(
        INVOICES, as_of=SAMPLE_AS_OF
    )
    assert regua.classify(_dump(C01_INVOICES), as_of=SAMPLE_AS_OF) == regua.classify(
        C01_INVOICES, as_of=SAMPLE_AS_OF
    )
    assert regua.scoring.prioritize(
        _dump(CUSTOMERS), rows, as_of=SAMPLE_AS_OF
    ) == regua.scoring.prioritize(CUSTOMERS, INVOICES, as_of=SAMPLE_AS_OF)


def test_a_bad_item_is_named_by_its_position() -> None:
    with pytest.raises(InvalidInputError) as info:
        regua.scoring.aging([*INVOICES[:2], 7], as_of=SAMPLE_AS_OF)
    assert info.value.field == "invoices[2]"
    with pytest.raises(InvalidInputError) as info:
        regua.plan(SCHEDULE, CUSTOMERS, INVOICES, as_of=SAMPLE_AS_OF, history=[HISTORY[0], "x"])
    assert info.value.field == "history[1]"


def test_a_calendar_parameter_takes_the_calendar_or_its_configuration() -> None:
    calendar = BusinessCalendar.brazil("SP", (date(2026, 1, 25),))
    given = {"principal": "1000.00", "rate": "0.02", "n": 12, "first_due": date(2026, 5, 9)}
    expected = regua.installments.price(**given, calendar=calendar)
    assert regua.installments.price(
        **given, calendar={"state": "SP", "extra_holidays": ["2026-01-25"]}
    ) == (expected)
    assert regua.installments.price(**given, calendar=SP) == expected
    # 2026-05-09 is a Saturday: the calendar did move the dates
    assert expected != regua.installments.price(**given)

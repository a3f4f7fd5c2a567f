"""Issue 15 items 9 and 10: far dates and huge inputs are refused at the boundary, cheaply, by
field; one bad row is a rejected row; every cache is bounded. (The battery of malformed inputs
across the whole API is ``test_malformed_inputs.py``.)"""

from __future__ import annotations

import importlib
import pkgutil
import tracemalloc
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import regua
from regua import ContactRecord, Customer, DebtBreakdown, Invoice, Schedule, lint, plan
from regua.batch import from_records
from regua.calendar import BusinessCalendar
from regua.errors import InvalidInputError
from regua.installments import price, sac
from regua.limits import (
    FIRST_DATE,
    LAST_DATE,
    MAX_ID_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_OFFER_INSTALLMENTS,
    MAX_QUOTED_CHARS,
    quote,
)
from regua.offers import OfferPolicy, menu
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule


def _measured(call: Any) -> tuple[Any, float]:
    """(result or raised error, traced peak MB). Memory, not time: a test that times a call
    fails on a loaded machine (menu took 5.6 s under tracemalloc there); speed is measured in
    benchmarks/, and the work these inputs would cost shows as memory."""
    tracemalloc.start()
    try:
        result = call()
    except Exception as error:
        result = error
    finally:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return result, peak


def test_one_far_invoice_is_a_rejected_row_not_a_crashed_run() -> None:
    # Before: an invoice due 9999-12-20 validated, then `plan` spent 30 s growing the calendar
    # and aborted the whole portfolio with OverflowError.
    rows = [i.model_dump() for i in sample_invoices()]
    rows.insert(3, {"id": "far", "customer_id": "c01", "amount": "10.00", "due_date": "9999-12-20"})
    result = from_records(rows, Invoice, errors="collect")
    assert [(e.index, e.errors[0].field) for e in result.errors] == [(3, "due_date")]
    assert len(result.items) == len(rows) - 1
    planned = plan(sample_schedule(), sample_customers(), result.items, as_of=SAMPLE_AS_OF)
    assert planned.actions


@pytest.mark.parametrize("due", [FIRST_DATE, LAST_DATE])
def test_the_first_and_last_dates_plan(due: date) -> None:
    far = Invoice(id="edge", customer_id="c01", amount="10.00", due_date=due)
    result = plan(sample_schedule(), sample_customers(), [*sample_invoices(), far], as_of=due)
    assert any("edge" in action.invoice_ids for action in result.actions) or result.skipped


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: price("1000.00", "0.02", 12, first_due=date(9999, 12, 1)), "first_due"),
        (lambda: sac("1000.00", "0.02", 100_000, first_due=SAMPLE_AS_OF), "n"),
        (lambda: price("1000.00", "1E-40", 12, first_due=SAMPLE_AS_OF), "rate"),
        (lambda: price("1000.00", Decimal("1E+999999"), 12, first_due=SAMPLE_AS_OF), "rate"),
        (lambda: price("1000.00", "0.01", 480, first_due=date(2170, 1, 1)), "n"),
    ],
)
def test_installment_plans_refuse_what_used_to_raise_raw_errors(call: Any, field: str) -> None:
    # Before: ValueError "year 10000 is out of range", decimal.DivisionByZero, decimal.Overflow.
    with pytest.raises(InvalidInputError) as caught:
        call()
    assert caught.value.field == field


def test_the_longest_plans_still_work() -> None:
    assert price("100000.00", "0.02", 480, first_due=SAMPLE_AS_OF).n == 480
    assert sac("100000.00", "0.02", 480, first_due=date(2159, 12, 1)).n == 480
    assert price("1000.00", Decimal("1E-28"), 12, first_due=SAMPLE_AS_OF).n == 12


@pytest.mark.parametrize(
    "data",
    [
        {"offset": 10**7},
        {"offset": "-10000000bd"},
        {"after": {"step": "a", "min_days": 10**9}},
    ],
)
def test_schedule_counts_are_bounded(data: dict[str, Any]) -> None:
    steps = [{"id": "a", "offset": 0, "channels": ["email"]}]
    steps.append({"id": "b", "offset": 1, "channels": ["email"], **data})
    with pytest.raises(ValidationError, match="3650"):
        Schedule.model_validate({"name": "s", "steps": steps})


def test_a_ten_megabyte_amount_is_refused_cheaply_with_a_short_message() -> None:
    # Before: 33 s, 690 MB traced, and the 10M digits echoed in the message.
    digits = "1" * 10_000_000
    error, peak_mb = _measured(
        lambda: Invoice(id="i", customer_id="c", amount=digits, due_date=SAMPLE_AS_OF)
    )
    assert isinstance(error, ValidationError)
    assert error.errors()[0]["loc"] == ("amount",)
    assert len(str(error)) < 600
    assert "(10000000 characters)" in str(error)
    assert peak_mb < 50, peak_mb


def test_a_ten_megabyte_schedule_name_is_refused() -> None:
    # Before: accepted, and hashed into every action id (planning 200 customers took 14 s).
    error, _ = _measured(
        lambda: Schedule.model_validate(
            {"name": "x" * 10_000_000, "steps": [{"id": "a", "offset": 1, "channels": ["email"]}]}
        )
    )
    assert isinstance(error, ValidationError)
    assert error.errors()[0]["loc"] == ("name",)
    assert error.errors()[0]["type"] == "string_too_long"


def test_identifiers_and_names_show_their_bounds_in_the_json_schema() -> None:
    invoice = Invoice.model_json_schema()["properties"]
    assert invoice["id"]["maxLength"] == MAX_ID_CHARS
    assert invoice["payments"]["maxItems"] == 10_000
    assert Customer.model_json_schema()["properties"]["name"]["maxLength"] == 256
    step = Schedule.model_json_schema()["$defs"]["Step"]["properties"]
    assert step["offset"]["anyOf"][0]["maximum"] == 3650
    assert Schedule.model_json_schema()["properties"]["steps"]["maxItems"] == 200


def test_lint_reads_a_bounded_text_and_keeps_a_bounded_cache() -> None:
    # Before: lint on 1 MB took 4.8 s and kept a global cache that reached 200 MB.
    text = "x" * 1_000_000
    error, peak_mb = _measured(lambda: lint(text))
    assert isinstance(error, InvalidInputError)
    assert error.field == "text"
    assert peak_mb < 1, peak_mb
    from regua.templates.lint import _fold_char

    lint("".join(map(chr, range(0x4E00, 0x4E00 + MAX_MESSAGE_CHARS // 2))))
    info = _fold_char.cache_info()
    assert info.maxsize is not None
    assert info.currsize <= info.maxsize


def test_menu_is_bounded_by_its_installment_limit() -> None:
    # Before: max_installments had no bound and menu's work grows with its square.
    with pytest.raises(ValidationError, match="max_installments"):
        OfferPolicy(max_installments=MAX_OFFER_INSTALLMENTS + 1)
    policy = OfferPolicy(max_installments=MAX_OFFER_INSTALLMENTS, min_installment="1.00")
    debt = DebtBreakdown(principal="90000.00", fine="20.00", interest="30.00")
    offers, peak_mb = _measured(lambda: menu(debt, policy=policy, as_of=SAMPLE_AS_OF))
    assert [o.n for o in offers] == list(range(1, MAX_OFFER_INSTALLMENTS + 1))
    assert peak_mb < 100, peak_mb


def test_history_at_year_one_is_refused_by_field() -> None:
    with pytest.raises(ValidationError) as caught:
        ContactRecord.model_validate(
            {
                "action_id": "a",
                "customer_id": "c",
                "step_id": "s",
                "invoice_ids": ["i"],
                "at": "0001-01-01T12:00:00+00:00",
            }
        )
    assert caught.value.errors()[0]["loc"] == ("at",)


def test_quote_cuts_what_it_repeats() -> None:
    assert quote("abc") == "'abc'"
    long = quote("y" * 10_000_000)
    assert long.startswith("'" + "y" * MAX_QUOTED_CHARS + "…'")
    assert long.endswith("characters)")
    assert len(quote(list(range(10**6)))) <= MAX_QUOTED_CHARS + 1
    assert quote(10**5000) == "an int of 16610 bits"


def _regua_modules() -> list[Any]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(regua.__path__, "regua.")
        if info.name != "regua.__main__"
    ]


# Unbounded caches allowed, each because its keys come from a closed set.
_CLOSED_KEYS = {
    "regua.money._known_currencies",  # no arguments
    "regua.money.minor_units",  # only known ISO 4217 codes return (others raise, uncached)
    "regua.money.minor_unit",  # the same codes
    "regua.models.customer._iana_zone_names",  # no arguments
    "regua._validation._identifier_pattern",  # no arguments
    "regua._json_schema._places_groups",  # no arguments
}


def test_every_cache_is_bounded() -> None:
    unbounded = []
    for module in _regua_modules():
        for name, value in vars(module).items():
            info = getattr(value, "cache_info", None)
            if info is None or getattr(value, "__module__", None) != module.__name__:
                continue
            if info().maxsize is None and f"{module.__name__}.{name}" not in _CLOSED_KEYS:
                unbounded.append(f"{module.__name__}.{name}")
    assert unbounded == []


def test_every_model_string_and_list_field_is_bounded() -> None:
    # The JSON Schema of every input model shows a maxLength (strings) or maxItems (lists and
    # sets) wherever a caller can pass free text or a collection; enums, dates and
    # patterns with a fixed shape need none.
    from regua.charges import LateTerms
    from regua.templates import Creditor, Template

    models: list[type[BaseModel]] = [
        Invoice,
        Customer,
        ContactRecord,
        Schedule,
        OfferPolicy,
        Creditor,
        Template,
        LateTerms,
        regua.Agreement,
        regua.Action,
    ]
    missing = []
    for model in models:
        schema = model.model_json_schema()
        for owner, definition in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
            for field, spec in definition.get("properties", {}).items():
                for branch in spec.get("anyOf", [spec]):
                    kind = branch.get("type")
                    shaped = any(key in branch for key in ("enum", "const", "pattern", "format"))
                    if kind == "string" and not shaped and "maxLength" not in branch:
                        missing.append(f"{owner}.{field}")
                    if kind == "array" and "maxItems" not in branch and "prefixItems" not in branch:
                        missing.append(f"{owner}.{field}")
    assert sorted(set(missing)) == [], sorted(set(missing))


def test_calendar_far_query_stays_small() -> None:
    cal = BusinessCalendar()
    cal.is_business_day(date(2026, 1, 5))
    _, peak_mb = _measured(lambda: cal.is_business_day(date(2250, 1, 5)))
    assert cal._index is not None
    assert cal._index.first_year >= 2200
    assert peak_mb < 10, peak_mb

"""The JSON Schemas agree with the validators: checked with an independent JSON Schema validator
(``jsonschema``) on documents regua writes and on generated valid and invalid documents."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from regua import Agreement, ContactRecord, Customer, Invoice, Payment, Plan, Schedule, plan
from regua._validation import Frozen
from regua.cli.example import example as cli_example
from regua.errors import InvalidInputError
from regua.money import Rate
from regua.samples import (
    SAMPLE_AS_OF,
    sample_creditor,
    sample_customers,
    sample_invoices,
    sample_schedule,
)
from regua.schemas import JSON_SCHEMA_DOCUMENTS, json_schema

_DECIMAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")
DETERMINISTIC = settings(max_examples=400, derandomize=True, database=None)


def _validator(document: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json_schema(document), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


VALIDATORS = {name: _validator(name) for name in JSON_SCHEMA_DOCUMENTS}


def _schema_accepts(document: str, instance: Any) -> bool:
    return VALIDATORS[document].is_valid(instance)


def _model_accepts(parse: Callable[[Any], object], instance: Any) -> bool:
    try:
        parse(instance)
    except (ValidationError, InvalidInputError):
        return False
    return True


def _walk(node: Any) -> list[Any]:
    found = [node]
    if isinstance(node, dict):
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


@pytest.mark.parametrize("document", JSON_SCHEMA_DOCUMENTS)
def test_each_schema_is_a_valid_2020_12_schema_with_its_own_id(document: str) -> None:
    schema = json_schema(document)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:regua:schema:{document}"
    text = json.dumps(schema)
    assert "x-regua" not in text
    descriptions = [
        n["description"] for n in _walk(schema) if isinstance(n, dict) and "description" in n
    ]
    descriptions = [d for d in descriptions if isinstance(d, str)]
    assert descriptions
    for description in descriptions:
        assert ">>>" not in description
        assert "``" not in description
        assert ":class:" not in description
        assert ":func:" not in description


def test_the_documents_the_issue_asked_for_exist() -> None:
    assert {"portfolio", "action", "plan", "schedule"} <= set(JSON_SCHEMA_DOCUMENTS)
    with pytest.raises(InvalidInputError, match=r"^document: 'plans' is not one of"):
        json_schema("plans")
    for wrong in (None, ["invoice"], 7, "x" * 10_000):
        with pytest.raises(InvalidInputError, match=r"^document: "):
            json_schema(wrong)  # type: ignore[arg-type]


def test_schemas_are_fresh_dicts() -> None:
    json_schema("invoice")["title"] = "changed"
    assert json_schema("invoice")["title"] == "Invoice"


def test_model_json_schema_is_the_same_schema() -> None:
    assert Invoice.model_json_schema() == json_schema("invoice")


# -- The issue's examples ---------------------------------------------------------------------

INVOICE = {"id": "i1", "customer_id": "c1", "amount": "100.00", "due_date": "2026-03-05"}


@pytest.mark.parametrize(
    ("changes", "valid"),
    [
        ({"amount": "-5.00"}, False),  # accepted by the schema before
        ({"amount": "99.999"}, False),  # accepted by the schema before
        ({"amount": "0.00"}, False),  # an invoice must be greater than zero
        ({"amount": "99.99"}, True),
        ({"amount": "99.990"}, True),  # 99.99: trailing zeros are not decimals
        ({"amount": "7"}, True),
        ({"amount": "10.125", "currency": "KWD"}, True),  # 3 decimals in dinars
        ({"amount": "10.1255", "currency": "KWD"}, False),
        ({"amount": "10.50", "currency": "JPY"}, False),  # yen have none
        ({"amount": "1050", "currency": "JPY"}, True),
        ({"amount": "10.00", "currency": "XYZ"}, False),
        ({"payments": [{"date": "2026-03-06", "amount": "1.005"}]}, False),
        ({"currency": "KWD", "payments": [{"date": "2026-03-06", "amount": "1.005"}]}, True),
        ({"payments": [{"date": "2026-03-06", "amount": "0"}]}, False),
        ({"amount": "1" + "0" * 26}, False),  # amounts are below 1E+26
        ({"amount": "9" * 26 + ".99"}, True),
        ({"amount": "9" * 26, "currency": "JPY"}, True),
        ({"amount": "1" + "0" * 26, "currency": "JPY"}, False),
        ({"amount": "9" * 26 + ".999", "currency": "KWD"}, True),
        ({"id": ""}, False),
        ({"id": "   "}, False),
    ],
)
def test_invoice_schema_and_validator_agree_on_the_issue_examples(
    changes: dict[str, Any], valid: bool
) -> None:
    document = {**INVOICE, **changes}
    assert _model_accepts(Invoice.model_validate, document) is valid
    assert _schema_accepts("invoice", document) is valid


@pytest.mark.parametrize(
    ("offset", "valid"),
    [
        ("5BD", True),  # refused by the schema before
        ("5", True),  # refused by the schema before
        ("5bd", True),
        ("-2bd", True),
        ("+3", True),
        ("5 bd", True),
        (5, True),
        (-3, True),
        (5.0, True),  # the same JSON number as 5
        (5.5, False),
        ("3650bd", True),  # the largest offset (limits.MAX_DAYS)
        ("-3650", True),
        ("0003650", True),
        ("3651bd", False),
        (-3651, False),
        ("0" * 130 + "5", False),  # longer than any identifier
        ("5 days", False),
        ("bd", False),
        ("5b", False),
        (True, False),
        (None, False),
    ],
)
def test_offset_schema_and_validator_agree(offset: Any, valid: bool) -> None:
    document = {"name": "t", "steps": [{"id": "s", "offset": offset, "channels": ["email"]}]}
    assert _model_accepts(Schedule.model_validate, document) is valid
    assert _schema_accepts("schedule", document) is valid


# -- What regua writes satisfies its schemas ---------------------------------------------------


def _dumps(models: list[BaseModel]) -> list[Any]:
    return [model.model_dump(mode="json") for model in models]


def test_the_sample_documents_satisfy_their_schemas() -> None:
    customers, invoices = sample_customers(), sample_invoices()
    today = plan(sample_schedule(), customers, invoices, as_of=SAMPLE_AS_OF)
    documents = {
        "customer": _dumps(list(customers)),
        "invoice": _dumps(list(invoices)),
        "payment": _dumps([p for i in invoices for p in i.payments]),
        "action": _dumps(list(today.actions)),
        "contact-record": _dumps([a.record("delivered") for a in today.actions]),
        "schedule": _dumps([sample_schedule()]),
        "creditor": _dumps([sample_creditor()]),
        "plan": [TypeAdapter(Plan).dump_python(today, mode="json")],
        "portfolio": [{"customers": _dumps(list(customers)), "invoices": _dumps(list(invoices))}],
    }
    for name, instances in documents.items():
        assert instances, name
        for instance in instances:
            errors = [e.message for e in VALIDATORS[name].iter_errors(instance)]
            assert not errors, (name, errors[:3])


def test_a_plan_printed_by_the_command_line_satisfies_the_plan_schema() -> None:
    today = plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
    printed = json.loads(TypeAdapter(Plan).dump_json(today))
    assert _schema_accepts("plan", printed)
    assert TypeAdapter(Plan).validate_python(printed) == today
    assert not _schema_accepts("plan", {**printed, "actions": [{"id": "a1"}]})


# -- Generated documents: the schema never accepts what the validator refuses, and accepts what
# -- the validator accepts in the spelling regua writes.

_DIGITS = st.text("0123456789", min_size=1, max_size=30)
_AMOUNTS = st.one_of(
    st.builds(
        lambda whole, frac: whole + frac,
        _DIGITS,
        st.sampled_from(["", "."])
        | st.text("0123456789", min_size=1, max_size=5).map(lambda f: "." + f),
    ),
    st.sampled_from(["-5.00", "1e2", "+5", " 5", "5.", ".5", "5,00", "1_000", "", "NaN"]),
    st.integers(-5, 10**30),
)
_CURRENCIES = st.sampled_from([None, "BRL", "JPY", "KWD", "CLF", "USD", "XYZ", "brl"])


@st.composite
def invoices(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = {**INVOICE, "amount": draw(_AMOUNTS)}
    currency = draw(_CURRENCIES)
    if currency is not None:
        document["currency"] = currency
    payments = draw(st.lists(_AMOUNTS, max_size=2))
    if payments:
        document["payments"] = [{"date": "2026-03-06", "amount": a} for a in payments]
    return document


def _written_as_regua_writes(document: dict[str, Any]) -> bool:
    """Amounts as decimal strings without superfluous leading zeros, known upper-case codes."""
    amounts = [document["amount"], *(p["amount"] for p in document.get("payments", []))]
    canonical = all(isinstance(a, str) and _DECIMAL.fullmatch(a) for a in amounts)
    return canonical and document.get("currency", "BRL") in {"BRL", "JPY", "KWD", "CLF", "USD"}


@DETERMINISTIC
@given(invoices())
@example({**INVOICE, "amount": "99.999"})
@example({**INVOICE, "amount": "-5.00"})
@example({**INVOICE, "amount": "10.125", "currency": "KWD"})
def test_invoice_schema_agrees_with_the_validator(document: dict[str, Any]) -> None:
    by_model = _model_accepts(Invoice.model_validate, document)
    by_schema = _schema_accepts("invoice", document)
    if by_schema:
        assert by_model, "the schema accepts what the validator refuses"
    if by_model and _written_as_regua_writes(document):
        assert by_schema, "the schema refuses what the validator accepts"


@DETERMINISTIC
@given(_AMOUNTS)
def test_payment_schema_agrees_with_the_validator(amount: Any) -> None:
    document = {"date": "2026-03-06", "amount": amount}
    by_model = _model_accepts(Payment.model_validate, document)
    by_schema = _schema_accepts("payment", document)
    if by_schema:
        assert by_model
    if by_model and _written_as_regua_writes({"amount": amount}):
        assert by_schema


_WRITINGS = st.builds(
    lambda sign, whole, point, frac, exponent: sign + whole + point + frac + exponent,
    st.sampled_from(["", "+", "-"]),
    st.text("0123456789_\u0662\uff15", max_size=6),
    st.sampled_from(["", "."]),
    st.text("0123456789\u0660", max_size=3),
    st.sampled_from(["", "e2", "E-1", "e+0"]),
)


@DETERMINISTIC
@given(_WRITINGS, st.sampled_from(["BRL", "JPY", "KWD"]))
@example("2.5e2", "BRL")
@example("1_000.00", "BRL")
@example("\u0662\u0665\u0660.\u0660\u0660", "BRL")
def test_an_amount_the_validator_reads_is_one_the_schema_accepts(text: str, currency: str) -> None:
    # Before: Decimal() read "2.5e2", "1_000.00", "+250", ".5" and non-ASCII digits, which the
    # schema refuses ("a document the schema refuses is refused by the validator too").
    document = {**INVOICE, "amount": text, "currency": currency}
    if _model_accepts(Invoice.model_validate, document):
        assert _schema_accepts("invoice", document), text


_OFFSETS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.builds(
        lambda sign, digits, space, unit: sign + digits + space + unit,
        st.sampled_from(["", "+", "-"]),
        st.text("0123456789", min_size=0, max_size=6),
        st.sampled_from(["", " ", "  ", "\t"]),
        st.sampled_from(["", "bd", "BD", "Bd", "b", "d", "days"]),
    ),
    st.floats(-100, 100).filter(lambda f: f == f),
)


@DETERMINISTIC
@given(_OFFSETS)
def test_offset_schema_agrees_with_the_validator(offset: Any) -> None:
    document = {"name": "t", "steps": [{"id": "s", "offset": offset, "channels": ["email"]}]}
    by_model = _model_accepts(Schedule.model_validate, document)
    by_schema = _schema_accepts("schedule", document)
    if by_schema:
        assert by_model, "the schema accepts what the validator refuses"
    written = isinstance(offset, int) or (
        isinstance(offset, str) and " " not in offset and "\t" not in offset
    )
    if by_model and written:
        assert by_schema, "the schema refuses what the validator accepts"


_STATES = st.sampled_from(["SP", "sp", "Ac", "XX", "", "S P", None, 7])
_ZONES = st.sampled_from(
    [None, "America/Rio_Branco", "UTC", "localtime", "Factory", "/etc/localtime", "", "Mars/Base"]
)


@DETERMINISTIC
@given(_STATES, _ZONES)
def test_customer_state_and_time_zone_schema_agrees_with_the_validator(
    state: Any, zone: Any
) -> None:
    document: dict[str, Any] = {"id": "c1", "name": "Ana", "kind": "consumer", "state": state}
    if zone is not None or state == "SP":
        document["timezone"] = zone
    by_model = _model_accepts(Customer.model_validate, document)
    assert _schema_accepts("customer", document) is by_model


def test_portfolio_schema_refuses_unknown_keys_like_the_command_line() -> None:
    assert _schema_accepts("portfolio", {"customers": [], "invoices": []})
    assert not _schema_accepts("portfolio", {"customers": [], "invoice": []})
    assert not _schema_accepts("portfolio", {"customers": [], "invoices": [], "History": []})
    assert not _schema_accepts(
        "portfolio", {"customers": [], "invoices": [], "profiles": {"c1": "great"}}
    )
    assert _schema_accepts(
        "portfolio", {"customers": [], "invoices": [], "profiles": {"c1": "recurring"}}
    )


@pytest.mark.parametrize(
    ("due", "valid"),
    [
        ("1899-12-31", False),  # limits.FIRST_DATE is 1900-01-01
        ("1900-01-01", True),
        ("2199-12-31", True),  # limits.LAST_DATE
        ("2200-01-01", False),
        ("9999-12-20", False),
    ],
)
def test_dates_outside_the_supported_range_are_refused_by_both(due: str, valid: bool) -> None:
    document = {**INVOICE, "due_date": due}
    assert _model_accepts(Invoice.model_validate, document) is valid
    assert _schema_accepts("invoice", document) is valid
    record = {
        "action_id": "a1",
        "customer_id": "c1",
        "step_id": "s1",
        "invoice_ids": ["i1"],
        "at": f"{due}T10:00:00-03:00",
    }
    assert _model_accepts(ContactRecord.model_validate, record) is valid
    assert _schema_accepts("contact-record", record) is valid


def test_dates_are_checked_as_dates() -> None:
    assert not _schema_accepts("invoice", {**INVOICE, "due_date": "2026-02-30"})
    assert not _model_accepts(Invoice.model_validate, {**INVOICE, "due_date": "2026-02-30"})
    assert _schema_accepts("invoice", {**INVOICE, "due_date": date(2026, 2, 28).isoformat()})


_ID_TEXT = st.text(
    st.sampled_from(["a", "7", " ", "\t", "\n", "\x00", "\x1f", "\x85", "\u00a0", "\u200b"])
    | st.sampled_from(["\u2028", "\u202e", "\ufeff", "\U000e0001", "ç", "😀", "-", "/"]),
    max_size=6,
)


@DETERMINISTIC
@given(_ID_TEXT)
@example("c1\x1f")
@example("   ")
def test_identifier_schema_agrees_with_the_validator(identifier: str) -> None:
    document = {**INVOICE, "id": identifier}
    by_model = _model_accepts(Invoice.model_validate, document)
    by_schema = _schema_accepts("invoice", document)
    if by_schema:
        assert by_model, "the schema accepts what the validator refuses"
    if by_model and identifier == identifier.strip():  # the validator strips, regua writes
        assert by_schema, "the schema refuses what the validator accepts"


@pytest.mark.parametrize("what", ["schedule", "portfolio", "creditor"])
def test_the_command_lines_examples_satisfy_their_schemas(what: str) -> None:
    errors = [e.message for e in VALIDATORS[what].iter_errors(cli_example(what))]
    assert not errors, errors[:3]


def test_an_agreements_installments_follow_its_currency() -> None:
    installments = [
        {"number": 0, "due_date": "2026-04-01", "amount": "90.005"},
        {"number": 1, "due_date": "2026-05-01", "amount": "90.90"},
    ]
    document = {
        "id": "ag1",
        "customer_id": "c1",
        "invoice_ids": ["i1"],
        "signed_on": "2026-04-01",
        "original_debt": "180.905",
        "installments": installments,
    }
    for changes, valid in [({}, False), ({"currency": "KWD"}, True), ({"currency": "JPY"}, False)]:
        instance = {**document, **changes}
        assert _model_accepts(Agreement.model_validate, instance) is valid
        assert _schema_accepts("agreement", instance) is valid


class _Rated(Frozen):
    rate: Rate


_RATED = jsonschema.Draft202012Validator(_Rated.model_json_schema())
_RATES = st.one_of(
    st.builds(
        lambda whole, frac: whole + frac,
        st.text("0123456789", min_size=1, max_size=5),
        st.sampled_from(["", "."]) | st.text("0123456789", max_size=32).map(lambda f: "." + f),
    ),
    st.sampled_from(["1000", "1000.00", "1000.01", "-0.01", "1E-40", "0" * 70, "1e2"]),
)


@DETERMINISTIC
@given(_RATES)
def test_rate_schema_agrees_with_the_validator(rate: str) -> None:
    by_model = _model_accepts(_Rated.model_validate, {"rate": rate})
    by_schema = _RATED.is_valid({"rate": rate})
    if by_schema:
        assert by_model, "the schema accepts what the validator refuses"
    if by_model and _DECIMAL.fullmatch(rate):
        assert by_schema, "the schema refuses what the validator accepts"


@pytest.mark.parametrize("length", [64, 65])
def test_an_amount_longer_than_the_number_bound_is_refused_by_both(length: int) -> None:
    amount = "5." + "0" * (length - 2)
    document = {**INVOICE, "amount": amount}
    assert _model_accepts(Invoice.model_validate, document) is (length <= 64)
    assert _schema_accepts("invoice", document) is (length <= 64)

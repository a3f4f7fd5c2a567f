"""Domain models: bad input names its field, valid input round-trips, invoice math by hand."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from holidays.countries.brazil import Brazil
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from regua.errors import InvalidInputError
from regua.models import (
    UF_CODES,
    Action,
    ActionKind,
    Agreement,
    Channel,
    ContactRecord,
    Customer,
    CustomerKind,
    Installment,
    Invoice,
    Outcome,
    Payment,
)

D = Decimal
BRT = timezone(timedelta(hours=-3))

CUSTOMER: dict[str, Any] = {"id": "c1", "name": "Ana", "kind": "consumer"}
INVOICE: dict[str, Any] = {
    "id": "i1",
    "customer_id": "c1",
    "amount": "100.00",
    "due_date": "2026-03-05",
}
RECORD: dict[str, Any] = {
    "action_id": "a1",
    "customer_id": "c1",
    "step_id": "d+3",
    "invoice_ids": ["i1"],
    "channel": "email",
    "at": "2026-03-08T10:00:00-03:00",
}
ACTION: dict[str, Any] = {
    "id": "a1",
    "customer_id": "c1",
    "invoice_ids": ["i1"],
    "step_id": "d+3",
    "action": "message",
    "channel": "whatsapp",
    "template": "lembrete",
    "window_start": "2026-03-08T08:00:00-03:00",
    "window_end": "2026-03-08T20:00:00-03:00",
    "amount_due": "100.00",
    "days_overdue": 3,
    "due_date": "2026-03-05",
    "reason": "3 days overdue",
}
AGREEMENT: dict[str, Any] = {
    "id": "ag1",
    "customer_id": "c1",
    "invoice_ids": ["i1", "i2"],
    "signed_on": "2026-04-01",
    "original_debt": "300.00",
    "discount": "30.00",
    "rate": "0.01",
    "installments": [
        {"number": 0, "due_date": "2026-04-01", "amount": "90.00"},
        {"number": 1, "due_date": "2026-05-01", "amount": "90.90"},
        {"number": 2, "due_date": "2026-06-01", "amount": "90.90"},
    ],
}


def _with(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


def _installments(*numbers: int) -> list[dict[str, Any]]:
    return [{"number": n, "due_date": f"2026-0{4 + n}-01", "amount": "10.00"} for n in numbers]


BAD_INPUTS: list[tuple[type[BaseModel], dict[str, Any], str, str]] = [
    # (model, data, field the error must name, fragment of its message)
    (Customer, _with(CUSTOMER, id=""), "id", "must not be empty"),
    (Customer, _with(CUSTOMER, id="   "), "id", "must not be empty"),
    (Customer, _with(CUSTOMER, id=1.5), "id", "valid string"),
    (Customer, _with(CUSTOMER, name=""), "name", "at least 1 character"),
    (Customer, _with(CUSTOMER, kind="person"), "kind", "'consumer', 'business'"),
    (Customer, _with(CUSTOMER, document="529.982.247-24"), "document", "not a valid CPF"),
    (Customer, _with(CUSTOMER, document="12345"), "document", "neither a CPF"),
    (
        Customer,
        _with(CUSTOMER, kind="business", document="529.982.247-25"),
        "document",
        "identified by a CNPJ",
    ),
    (Customer, _with(CUSTOMER, contacts={"fax": "x"}), "contacts.fax.[key]", "'email'"),
    (Customer, _with(CUSTOMER, contacts={"email": ""}), "contacts.email", "at least 1"),
    (Customer, _with(CUSTOMER, preferred_channels=["sms", "sms"]), "preferred_channels", "more"),
    (Customer, _with(CUSTOMER, opt_outs=["pigeon"]), "opt_outs.0", "'email'"),
    (Customer, _with(CUSTOMER, locale="xx_YY"), "locale", "unknown locale"),
    (Customer, _with(CUSTOMER, timezone="America/Sao_Pablo"), "timezone", "unknown IANA"),
    (Customer, _with(CUSTOMER, timezone="localtime"), "timezone", "depends on the server"),
    (Customer, _with(CUSTOMER, contacts={"email": "not-an-email"}), "contacts.email", "@-sign"),
    (Customer, _with(CUSTOMER, contacts={"sms": "21 3333-0000"}), "contacts.sms", "landline"),
    (Customer, _with(CUSTOMER, contacts={"phone": "99999-0000"}), "contacts.phone", "DDD"),
    (
        Customer,
        _with(CUSTOMER, contacts={"whatsapp": "+55 11 9999 x1"}),
        "contacts.whatsapp",
        "no letters",
    ),
    (Customer, _with(CUSTOMER, state="XX"), "state", "not a Brazilian state"),
    (Customer, _with(CUSTOMER, email="ana@example.com"), "email", "Extra inputs"),
    (Customer, {"id": "c1", "kind": "consumer"}, "name", "Field required"),
    (Invoice, _with(INVOICE, id=""), "id", "must not be empty"),
    (Invoice, _with(INVOICE, customer_id=None), "customer_id", "valid string"),
    (Invoice, _with(INVOICE, amount="-1"), "amount", "must not be negative"),
    (Invoice, _with(INVOICE, amount="0"), "amount", "greater than zero"),
    (Invoice, _with(INVOICE, amount=0.1), "amount", "no exact binary value"),
    (Invoice, _with(INVOICE, amount="10.005"), "amount", "more than 2 decimal places for BRL"),
    (Invoice, _with(INVOICE, amount="NaN"), "amount", "not a finite number"),
    (Invoice, _with(INVOICE, amount=True), "amount", "bool"),
    (
        Invoice,
        _with(INVOICE, currency="JPY", amount="10.5"),
        "amount",
        "more than 0 decimal places for JPY",
    ),
    (Invoice, _with(INVOICE, currency="XYZ"), "currency", "unknown ISO 4217"),
    (Invoice, _with(INVOICE, due_date="2026-02-30"), "due_date", "valid date"),
    (Invoice, _with(INVOICE, due_date=datetime(2026, 3, 5, 10)), "due_date", "zero time"),
    (Invoice, _with(INVOICE, issue_date="2026-03-06"), "issue_date", "not be after due_date"),
    (Invoice, _with(INVOICE, disputed="maybe"), "disputed", "valid boolean"),
    (Invoice, _with(INVOICE, colour="red"), "colour", "Extra inputs"),
    (
        Invoice,
        _with(INVOICE, payments=[{"date": "2026-03-10", "amount": "0"}]),
        "payments.0.amount",
        "greater than zero",
    ),
    (
        Invoice,
        _with(INVOICE, payments=[{"date": "2026-03-10", "amount": "1.001"}]),
        "payments.0.amount",
        "more than 2 decimal places",
    ),
    (
        Invoice,
        _with(INVOICE, payments=[{"date": "2026-03-10", "amount": "1", "note": "pix"}]),
        "payments.0.note",
        "Extra inputs",
    ),
    (
        Invoice,
        _with(INVOICE, issue_date="2026-02-05", payments=[{"date": "2026-02-01", "amount": "1"}]),
        "payments[0].date",
        "before the invoice's issue_date",
    ),
    (ContactRecord, _with(RECORD, invoice_ids=[]), "invoice_ids", "at least 1 item"),
    (ContactRecord, _with(RECORD, invoice_ids=[""]), "invoice_ids.0", "must not be empty"),
    (ContactRecord, _with(RECORD, at="2026-03-08T10:00:00"), "at", "timezone info"),
    (ContactRecord, _with(RECORD, at=datetime(2026, 3, 8, 10)), "at", "timezone info"),
    (ContactRecord, _with(RECORD, channel="fax"), "channel", "'email'"),
    (ContactRecord, _with(RECORD, outcome="ghosted"), "outcome", "'sent'"),
    (
        Action,
        _with(ACTION, window_end="2026-03-08T08:00:00-03:00"),
        "window_end",
        "must be after window_start",
    ),
    (Action, _with(ACTION, action="nuke"), "action", "'message'"),
    # Before: accepted, and rendered as "sua fatura de -R$ 1,00".
    (Action, _with(ACTION, amount_due="-1.00"), "amount_due", "greater than 0"),
    (Action, _with(ACTION, amount_due="0.00"), "amount_due", "greater than 0"),
    (Action, _with(ACTION, currency="BRX"), "currency", "unknown ISO 4217"),
    (Agreement, _with(AGREEMENT, discount="300.01"), "discount", "not exceed original_debt"),
    (Agreement, _with(AGREEMENT, installments=[]), "installments", "at least 1 item"),
    (Agreement, _with(AGREEMENT, installments=_installments(1, 3)), "installments", "without gaps"),
    (Agreement, _with(AGREEMENT, installments=_installments(2, 3)), "installments", "0 or 1"),
    (Agreement, _with(AGREEMENT, signed_on="2026-05-02"), "installments", "before signed_on"),
    (
        Agreement,
        _with(AGREEMENT, installments=[{"number": -1, "due_date": "2026-04-01", "amount": "1"}]),
        "installments.0.number",
        "greater than or equal to 0",
    ),
    (Agreement, _with(AGREEMENT, rate="-0.01"), "rate", "must not be negative"),
    (Agreement, _with(AGREEMENT, tolerance_days=-1), "tolerance_days", "greater than or equal"),
]


def _named_field(error: Any) -> str:
    """The field an error names: its location, or for a model-level rule the message prefix."""
    if error["loc"]:
        return ".".join(str(part) for part in error["loc"])
    return str(error["msg"]).removeprefix("Value error, ").partition(":")[0]


@pytest.mark.parametrize(
    ("model", "data", "field", "fragment"),
    BAD_INPUTS,
    ids=[f"{m.__name__}-{field}-{i}" for i, (m, _, field, _) in enumerate(BAD_INPUTS)],
)
def test_bad_input_raises_a_validation_error_naming_the_field(
    model: type[BaseModel], data: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    errors = info.value.errors()
    assert _named_field(errors[0]) == field
    assert fragment in errors[0]["msg"]
    # Nothing else is blamed: any further error concerns the same top-level field.
    top = field.split(".")[0].split("[")[0]
    assert {_named_field(e).split(".")[0].split("[")[0] for e in errors} == {top}


def test_there_are_at_least_thirty_distinct_bad_inputs() -> None:
    assert len({(m.__name__, f, frag) for m, _, f, frag in BAD_INPUTS}) >= 30


def _valid_models() -> list[BaseModel]:
    return [
        Customer(
            id=42,
            name=" Condomínio Edifício Aurora ",
            kind=CustomerKind.CONDOMINIUM,
            document="11.222.333/0001-81",
            contacts={Channel.EMAIL: "sindico@example.com", Channel.WHATSAPP: "+5511999990000"},
            preferred_channels=(Channel.WHATSAPP,),
            opt_outs=frozenset({Channel.SMS}),
            locale="pt-BR",
            timezone="America/Manaus",
            state="am",
            tags=frozenset({"vip"}),
        ),
        Invoice.model_validate(
            _with(
                INVOICE,
                issue_date="2026-02-05",
                currency="KWD",
                amount="10.125",
                payments=[{"date": "2026-03-10", "amount": "1.005", "method": "pix"}],
                disputed=True,
                agreement_id="ag1",
                tags=["fatura"],
            )
        ),
        Payment(date=date(2026, 3, 10), amount=D("40.00"), method="boleto"),
        ContactRecord.model_validate(_with(RECORD, outcome="promise_to_pay")),
        Action.model_validate(_with(ACTION, context={"link": "https://pay.example/1"})),
        Agreement.model_validate(AGREEMENT),
        Installment(number=1, due_date=date(2026, 5, 1), amount=D("90.90"), interest=D("2.70")),
    ]


@pytest.mark.parametrize("model", _valid_models(), ids=lambda m: type(m).__name__)
def test_valid_models_round_trip_through_json(model: BaseModel) -> None:
    cls = type(model)
    assert cls.model_validate(model.model_dump(mode="json")) == model
    assert cls.model_validate_json(model.model_dump_json()) == model
    assert cls.model_validate(model.model_dump()) == model


@pytest.mark.parametrize("model", _valid_models(), ids=lambda m: type(m).__name__)
def test_json_schema_export(model: BaseModel) -> None:
    schema = type(model).model_json_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(type(model).model_fields) == set(schema["properties"])
    assert set(model.model_dump()) <= set(schema["properties"])
    required = set(schema.get("required", []))
    assert required <= set(schema["properties"])


def test_models_are_frozen() -> None:
    customer = Customer.model_validate(CUSTOMER)
    with pytest.raises(ValidationError, match="frozen"):
        customer.name = "Bia"  # type: ignore[misc]


def test_customer_normalization_and_defaults() -> None:
    customer = _valid_models()[0]
    assert isinstance(customer, Customer)
    assert customer.id == "42"
    assert customer.name == "Condomínio Edifício Aurora"
    assert customer.document == "11222333000181"
    assert customer.locale == "pt_BR"
    assert customer.state == "AM"
    plain = Customer.model_validate(CUSTOMER)
    assert (plain.locale, plain.timezone, plain.state, plain.document) == (
        "pt_BR",
        "America/Sao_Paulo",
        None,
        None,
    )
    # A company buying as a final consumer is a consumer with a CNPJ (CDC art. 2).
    assert Customer.model_validate(_with(CUSTOMER, document="11.222.333/0001-81")).document


def test_reachable_channels_puts_preferred_first_and_drops_opt_outs() -> None:
    customer = Customer.model_validate(
        _with(
            CUSTOMER,
            contacts={
                "email": "a@example.com",
                "sms": "+5511999990000",
                "whatsapp": "+5511999990000",
                "letter": "Rua 1",
            },
            preferred_channels=["whatsapp", "push", "sms"],
            opt_outs=["sms"],
        )
    )
    assert customer.reachable_channels() == (Channel.WHATSAPP, Channel.EMAIL, Channel.LETTER)


def test_uf_codes_are_the_27_states_the_holidays_package_knows() -> None:
    assert len(UF_CODES) == 27
    assert set(Brazil.subdivisions) - UF_CODES == {"São Paulo Capital"}


def _invoice(**changes: Any) -> Invoice:
    return Invoice.model_validate(_with(INVOICE, **changes))


PAYMENTS = [
    {"date": "2026-03-20", "amount": "60.00"},  # deliberately out of order
    {"date": "2026-03-10", "amount": "40.00"},
    {"date": "2026-04-01", "amount": "5.00"},
]


@pytest.mark.parametrize(
    ("as_of", "paid", "balance", "is_open", "days_overdue"),
    [
        (date(2026, 3, 1), "0.00", "100.00", True, 0),
        (date(2026, 3, 5), "0.00", "100.00", True, 0),  # due today is not overdue
        (date(2026, 3, 6), "0.00", "100.00", True, 1),
        (date(2026, 3, 10), "40.00", "60.00", True, 5),
        (date(2026, 3, 19), "40.00", "60.00", True, 14),
        (date(2026, 3, 20), "100.00", "0.00", False, 0),
        (date(2026, 4, 1), "105.00", "-5.00", False, 0),  # overpaid: visible, negative
    ],
)
def test_invoice_as_of_methods(
    as_of: date, paid: str, balance: str, is_open: bool, days_overdue: int
) -> None:
    invoice = _invoice(payments=PAYMENTS)
    assert str(invoice.paid(as_of)) == paid
    assert str(invoice.balance(as_of)) == balance
    assert invoice.is_open(as_of) is is_open
    assert invoice.days_overdue(as_of) == days_overdue


def test_paid_on() -> None:
    assert _invoice(payments=PAYMENTS).paid_on() == date(2026, 3, 20)
    assert _invoice(payments=PAYMENTS[1:2]).paid_on() is None
    assert _invoice().paid_on() is None
    assert _invoice(payments=[{"date": "2026-03-01", "amount": "150.00"}]).paid_on() == date(
        2026, 3, 1
    )


def test_unpaid_invoice_days_overdue_counts_calendar_days() -> None:
    # 2026-03-05 to 2026-12-31: 26 days left in March + 275 days April–December = 301.
    assert _invoice().days_overdue(date(2026, 12, 31)) == 301
    assert _invoice().days_overdue(date(2027, 3, 5)) == 365


def test_invoice_in_other_currencies() -> None:
    jpy = _invoice(currency="JPY", amount=1000, payments=[{"date": "2026-03-10", "amount": 400}])
    assert str(jpy.balance(date(2026, 3, 31))) == "600"
    kwd = _invoice(
        currency="KWD", amount="10.000", payments=[{"date": "2026-03-10", "amount": "1.005"}]
    )
    assert str(kwd.balance(date(2026, 3, 31))) == "8.995"
    with pytest.raises(ValidationError, match="more than 3 decimal places for KWD"):
        _invoice(currency="KWD", amount="10", payments=[{"date": "2026-03-10", "amount": "0.0001"}])


def test_as_of_must_be_a_date() -> None:
    invoice = _invoice()
    untyped: Any = invoice
    with pytest.raises(InvalidInputError, match=r"^as_of: expected a date, got a datetime"):
        untyped.balance(datetime(2026, 3, 10, 12, tzinfo=BRT))
    with pytest.raises(InvalidInputError, match=r"^as_of: expected a date, got str"):
        untyped.days_overdue("2026-03-10")


def test_action_kinds_and_outcomes() -> None:
    assert ActionKind.PROTEST.is_escalation
    assert not ActionKind.MESSAGE.is_escalation
    assert Outcome.DELIVERED.reached_customer
    assert not Outcome.SENT.reached_customer
    assert not Outcome.BOUNCED.reached_customer


payment_rows = st.lists(
    st.fixed_dictionaries(
        {
            "date": st.dates(date(2026, 1, 1), date(2026, 12, 31)),
            "amount": st.integers(1, 20_000).map(lambda cents: D(cents).scaleb(-2)),
        }
    ),
    max_size=8,
)


@settings(max_examples=200)
@given(
    payment_rows,
    payment_rows,
    st.integers(1, 50_000).map(lambda cents: D(cents).scaleb(-2)),
    st.dates(date(2026, 1, 1), date(2026, 12, 31)),
)
def test_payments_after_as_of_never_change_an_as_of_answer(
    before: list[dict[str, Any]], after: list[dict[str, Any]], amount: Decimal, as_of: date
) -> None:
    known = [p for p in before if p["date"] <= as_of]
    late = [
        _with(p, date=p["date"] + (as_of - date(2026, 1, 1)) + timedelta(days=1)) for p in after
    ]
    assert all(p["date"] > as_of for p in late)
    row = _with(INVOICE, amount=amount, due_date="2026-03-05", payments=known)
    snapshot = copy.deepcopy(row)
    invoice = Invoice.model_validate(row)
    later = Invoice.model_validate(_with(row, payments=known + late))
    assert row == snapshot  # validation did not mutate the caller's dict
    for method in ("paid", "balance", "is_open", "days_overdue"):
        assert getattr(later, method)(as_of) == getattr(invoice, method)(as_of), method
    assert invoice.balance(as_of) == amount - sum((p["amount"] for p in known), D(0))
    assert later == Invoice.model_validate(snapshot | {"payments": known + late})
    dumped = later.model_dump()
    later.balance(as_of), later.paid_on(), later.days_overdue(as_of)
    assert later.model_dump() == dumped  # methods never change the model


def test_an_action_records_as_the_contact_record_carrying_its_id() -> None:
    action = Action.model_validate(ACTION)
    sent = action.record()
    assert sent == ContactRecord(
        action_id=action.id,
        customer_id=action.customer_id,
        step_id=action.step_id,
        invoice_ids=action.invoice_ids,
        channel=action.channel,
        at=action.window_start,
        outcome=Outcome.SENT,
    )
    later = action.window_start + timedelta(hours=2)
    done = action.record("delivered", at=later)
    assert (done.at, done.outcome) == (later, Outcome.DELIVERED)
    with pytest.raises(ValidationError, match="outcome"):
        action.record("maybe")
    with pytest.raises(ValidationError, match="at"):
        action.record(at=datetime(2026, 3, 6, 9))  # naive: ambiguous


@pytest.mark.parametrize("day", ["20260310", "05032026", "1773100800", 1773100800, 20260310.0])
def test_a_number_is_no_date(day: object) -> None:
    # Before: pydantic read a number as a Unix timestamp: 1773100800 was 2026-03-10, and
    # 20260310 "should have zero time".
    with pytest.raises(ValidationError, match=r"is not a date: write it as YYYY-MM-DD"):
        Invoice(id="i1", customer_id="c1", amount="1.00", due_date=day)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"payments\.0\.date"):
        Invoice(
            id="i1",
            customer_id="c1",
            amount="1.00",
            due_date="2026-03-10",
            payments=[{"date": day, "amount": "1.00"}],  # type: ignore[list-item]
        )

"""Contact addresses: e-mail syntax checked, phones in E.164, each per its channel."""

from __future__ import annotations

from datetime import date
from typing import Any

import email_validator
import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType
from pydantic import ValidationError

from regua import Customer, InvalidInputError, Invoice, Schedule, plan
from regua.contacts import normalize_contact, normalize_email, normalize_phone


def _customer(**contacts: str) -> dict[str, Any]:
    return {"id": "c1", "name": "Cliente", "kind": "consumer", "contacts": contacts}


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("11 99999-0000", "+5511999990000"),  # the example: a São Paulo mobile
        ("(11) 99999-0000", "+5511999990000"),
        ("011 99999-0000", "+5511999990000"),  # with the national trunk prefix
        ("+55 11 99999-0000", "+5511999990000"),
        ("+5511999990000", "+5511999990000"),
        ("21 3333-0000", "+552133330000"),  # Rio landline
        ("+55 (92) 3333-0000", "+559233330000"),  # Manaus landline
        ("68 99988-7766", "+5568999887766"),  # Rio Branco mobile
        ("0800 123 4567", "+558001234567"),  # toll free
        ("+1 650-253-0000", "+16502530000"),  # abroad: a + is needed
        ("+44 20 7946 0958", "+442079460958"),
        ("+39 06 1234 5678", "+390612345678"),  # Italy keeps its leading zero
    ],
)
def test_phone_numbers_are_stored_in_e164(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164
    assert Customer.model_validate(_customer(phone=raw)).contacts["phone"] == e164


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("99999-0000", "no area code (DDD)"),
        ("3333-0000", "no area code (DDD)"),
        ("+55", "not a phone number"),
        ("123", "too few digits"),
        ("+5520999990000", "not a number in use"),  # DDD 20 does not exist
        ("+55 11 9999-0000", "not a number in use"),  # a mobile without its ninth digit
        ("+551199999000000", "too many digits"),
        ("+999 1234 5678", "unknown country code"),
        ("650-253-0000", "for region BR"),  # a US number without +1
        ("+55 11 99999-0000 ext. 12", "no letters or extensions"),
        ("0800-FLORES", "no letters or extensions"),
        ("tel:+5511999990000", "no letters or extensions"),
        ("+55 11 99999\x000000", "no letters or extensions"),
        ("１１ ９９９９９-００００", "no letters or extensions"),  # full-width digits
        ("9" * 41, "too long"),
    ],
)
def test_bad_phone_numbers_are_refused_with_the_reason(raw: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=r"^phone: ") as info:
        normalize_phone(raw)
    assert fragment in info.value.reason
    assert len(str(info.value)) < 200


def test_an_sms_needs_a_mobile_whatsapp_and_calls_take_a_landline() -> None:
    with pytest.raises(InvalidInputError, match="sms: '21 3333-0000' is a landline number"):
        normalize_contact("sms", "21 3333-0000")
    with pytest.raises(InvalidInputError, match="non-mobile"):
        normalize_contact("sms", "0800 123 4567")
    assert normalize_contact("whatsapp", "21 3333-0000") == "+552133330000"
    assert normalize_contact("phone", "21 3333-0000") == "+552133330000"
    assert normalize_contact("sms", "+1 650-253-0000") == "+16502530000"  # US: fixed or mobile


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("ana@example.com", "ana@example.com"),
        ("Ana.Souza@Example.COM.br", "Ana.Souza@example.com.br"),  # the domain is lower-cased
        ("financeiro+cobranca@empresa.com.br", "financeiro+cobranca@empresa.com.br"),
        ("joão@exemplo.com.br", "joão@exemplo.com.br"),
        ("ana@xn--bcher-kva.example", "ana@bücher.example"),
        ("fin@bia.example", "fin@bia.example"),
    ],
)
def test_email_addresses_are_checked_and_normalized(raw: str, stored: str) -> None:
    assert normalize_email(raw) == stored
    assert Customer.model_validate(_customer(email=raw)).contacts["email"] == stored


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("not-an-email", "must have an @-sign"),
        ("a@x", "should have a period"),
        ("a@localhost", "should have a period"),
        ("ana@exemplo.test", "special-use"),
        ("ana..souza@x.com.br", "two periods"),
        (".ana@x.com.br", "period"),
        ("ana souza@x.com.br", "invalid characters"),
        ("Ana <ana@x.com.br>", "display name"),
        ('"ana"@x.com.br', "Quoting"),
        ("ana@[127.0.0.1]", "bracketed IP"),
        ("ana@-x.com.br", "hyphen"),
        ("ana@x.123", "top-level domain"),
        ("ana@" + "x" * 64 + ".com.br", "periods cannot be separated by so many"),
        ("ana@x.com.br\nBcc: b@x.com.br", "not an e-mail"),
        ("ana@x.com.br\u2028Bcc: b@x.com", "not an e-mail"),
        ("a" * 300 + "@x.com.br", "a value of 309 characters"),
    ],
)
def test_bad_email_addresses_are_refused_with_the_reason(raw: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=r"^email: ") as info:
        normalize_email(raw)
    assert fragment in info.value.reason
    assert len(str(info.value)) < 300


def test_a_customer_error_names_each_bad_channel() -> None:
    with pytest.raises(ValidationError) as info:
        Customer.model_validate(
            _customer(email="not-an-email", sms="11 3333-0000", whatsapp="11 99999-0000")
        )
    errors = {e["loc"]: e["msg"] for e in info.value.errors()}
    assert set(errors) == {("contacts", "email"), ("contacts", "sms")}
    assert "'not-an-email' is not an e-mail address" in errors[("contacts", "email")]
    assert "landline" in errors[("contacts", "sms")]


def test_letters_and_push_tokens_are_kept_as_given() -> None:
    customer = Customer.model_validate(_customer(letter="Rua Um, 1 - Centro", push="tok:AbC/1"))
    assert customer.contacts == {"letter": "Rua Um, 1 - Centro", "push": "tok:AbC/1"}


def test_an_unknown_channel_is_named() -> None:
    with pytest.raises(InvalidInputError, match=r"^channel: 'fax' is not one of"):
        normalize_contact("fax", "+5511999990000")


def test_the_planned_action_goes_to_a_checked_address() -> None:
    schedule = Schedule.model_validate(
        {"name": "t", "steps": [{"id": "d1", "offset": 1, "channels": ["sms", "email"]}]}
    )
    invoice = Invoice(id="i1", customer_id="c1", amount="100.00", due_date=date(2026, 3, 5))
    day = date(2026, 3, 10)
    with pytest.raises(InvalidInputError, match=r"customers\[0\]\.contacts\.sms: '11 3333"):
        plan(schedule, [_customer(sms="11 3333-0000")], [invoice], as_of=day)
    (action,) = plan(schedule, [_customer(sms="11 99999-0000")], [invoice], as_of=day).actions
    assert action.channel == "sms"


# The shortcuts for addresses already in canonical form must answer exactly as the libraries.

_PLAIN_EMAILS = st.from_regex(
    r"\A[A-Za-z0-9_+-]{1,12}(\.[A-Za-z0-9_+-]{1,8}){0,2}@([a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?\.)"
    r"{1,3}[a-z]{1,8}\Z"
)


@settings(max_examples=300, derandomize=True, database=None)
@given(_PLAIN_EMAILS)
def test_the_plain_email_shortcut_agrees_with_email_validator(address: str) -> None:
    try:
        expected: str | None = email_validator.validate_email(
            address, check_deliverability=False
        ).normalized
    except email_validator.EmailNotValidError:
        expected = None
    try:
        got: str | None = normalize_email(address)
    except InvalidInputError:
        got = None
    assert got == expected


@settings(max_examples=500, derandomize=True, database=None)
@given(st.from_regex(r"\A\+55[1-9][0-9]{9,10}\Z"), st.booleans())
def test_the_brazilian_e164_shortcut_agrees_with_phonenumbers(raw: str, mobile: bool) -> None:
    parsed = phonenumbers.parse(raw, "BR")
    kind = phonenumbers.number_type(parsed)
    mobiles = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
    valid = phonenumbers.is_valid_number(parsed) and (not mobile or kind in mobiles)
    try:
        got: str | None = normalize_phone(raw, mobile=mobile)
    except InvalidInputError:
        got = None
    expected = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    assert got == (expected if valid else None)

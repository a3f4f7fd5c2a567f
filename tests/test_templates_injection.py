"""Values that try to get text past render's checks: str subclasses whose text and str() differ,
Enum members, subclasses of the formatted types, and every line break some mail or SMS stack
honours, in a subject and in a body."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from regua import Action, TemplateError
from regua.templates import Creditor, Template, build_context, render
from regua.templates.safety import MAX_VALUE_CHARS

# A valid BR Code (the BCB manual's static example): host Pix codes are checked as codes.
PIX = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)

# What str.splitlines() ends a line at: \n, \r, \v, \f, the ASCII file/group/record separators,
# NEL, and the Unicode line and paragraph separators.
# Unicode line and paragraph separators, and the bidi overrides that hide text from reviewers.
SEPARATORS = "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
LINE_BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
SUBJECT = Template(id="t", subject="Aviso para $customer_name", body="Olá, $customer_name.")


class _Disguised(str):
    """Text whose str() is something else: the checks used to read the text, render the str()."""

    def __str__(self) -> str:
        return "Ana\x00" + "x" * (MAX_VALUE_CHARS * 2)


class _Short(str):
    """Text that lies about its length."""

    def __len__(self) -> int:
        return 1


class _Status(str, Enum):  # noqa: UP042 - the older idiom, whose str() is "_Status.PAID"
    PAID = "paid"


class _Tone(StrEnum):
    FIRM = "firme"


class _Count(IntEnum):
    TWO = 2


class _LoudInt(int):
    def __str__(self) -> str:
        return "not a number\x00"

    __repr__ = __str__


class _LoudDecimal(Decimal):
    def __str__(self) -> str:
        return "not a number\x00"


class _LoudDate(date):
    def isoformat(self) -> str:
        return "not a date\x00"

    def strftime(self, fmt: str) -> str:
        return "not a date\x00"


def test_str_subclass_with_its_own_str_is_refused() -> None:
    # Before: the NUL and the 4,000 characters of str() reached the body unchecked.
    with pytest.raises(TemplateError, match=r"context\.customer_name: _Disguised is a str whose"):
        render("Oi $customer_name", {"customer_name": _Disguised("Ana")}, channel="sms")


def test_str_subclass_in_action_context_is_refused() -> None:
    action = Action.model_validate(
        {
            "id": "a1",
            "customer_id": "c1",
            "invoice_ids": ["NF-1"],
            "step_id": "d3",
            "action": "message",
            "channel": "sms",
            "window_start": "2026-03-08T11:00:00Z",
            "window_end": "2026-03-08T23:00:00Z",
            "amount_due": "10.00",
            "days_overdue": 3,
            "due_date": "2026-03-05",
            "reason": "3 days overdue",
            "context": {"pix_code": "abc"},
        }
    )
    # pydantic stores plain str; a host that swaps the dict afterwards is still checked
    object.__setattr__(action, "context", {"pix_code": _Disguised("abc")})
    with pytest.raises(TemplateError, match=r"context\.pix_code"):
        build_context(action, locale="pt_BR")


def test_str_subclass_without_its_own_str_is_checked_by_its_real_length() -> None:
    long_text = _Short("a" * (MAX_VALUE_CHARS + 1))
    with pytest.raises(TemplateError, match=rf"is {MAX_VALUE_CHARS + 1} characters long"):
        render("Pix: $pix_code", {"pix_code": long_text}, channel="sms")
    message = render("Pix: $pix_code", {"pix_code": _Short(PIX)}, channel="sms")
    assert message.body == f"Pix: {PIX}"
    assert type(message.body) is str


def test_template_text_subclass_is_checked_by_its_real_length() -> None:
    with pytest.raises(TemplateError, match="characters long"):
        render(_Short("a" * 10_001), {}, channel="letter")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(_Status.PAID, "paid"), (_Tone.FIRM, "firme"), (_Count.TWO, "2")],
    ids=["str-mixin Enum", "StrEnum", "IntEnum"],
)
def test_enum_members_render_their_value(value: Enum, shown: str) -> None:
    # Before: the str-mixin Enum rendered as "_Status.PAID".
    assert render("[$customer_name]", {"customer_name": value}, channel="sms").body == f"[{shown}]"


def test_int_enum_count_fills_the_invoice_wording() -> None:
    body = render("$invoices", {"invoice_count": _Count.TWO}, channel="sms").body
    assert body == "suas 2 faturas"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (_LoudInt(1234), "1.234"),
        (_LoudDecimal("1234.5"), "R$\xa01.234,50"),
        (_LoudDate(2026, 3, 5), "5 de março de 2026"),
    ],
    ids=["int", "Decimal", "date"],
)
def test_subclasses_of_formatted_types_render_their_data(value: object, shown: str) -> None:
    # Before: an int subclass with its own __str__ raised decimal.InvalidOperation from Babel.
    assert render("$customer_name", {"customer_name": value}, channel="sms").body == shown


def test_out_of_range_values_name_the_placeholder() -> None:
    # Before: a raw ValueError (int too large to print) and errors naming "value".
    with pytest.raises(TemplateError, match=r"context\.invoice_count: is too large a number"):
        render("$invoice_count", {"invoice_count": 10**5000}, channel="sms")
    with pytest.raises(TemplateError, match=r"context\.amount_due: .*not a finite number"):
        render("$amount_due", {"amount_due": Decimal("NaN")}, channel="sms")


def test_non_text_placeholder_names_are_refused() -> None:
    with pytest.raises(TemplateError, match="context: placeholder names are text, got int"):
        render("x", {1: "a"}, channel="sms")  # type: ignore[dict-item]


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=repr)
def test_no_line_break_reaches_a_subject(brk: str) -> None:
    # Before: U+2028 and U+2029 went into the subject (a second header line for some stacks).
    value = f"Ana{brk}Bcc: all@example.com"
    with pytest.raises(TemplateError, match=r"subject|context\.customer_name"):
        render(SUBJECT, {"customer_name": value}, channel="email")


@pytest.mark.parametrize("brk", ["\u2028", "\u2029"], ids=repr)
def test_unicode_line_separators_are_refused_in_every_value(brk: str) -> None:
    with pytest.raises(TemplateError, match=r"context\.customer_name: .*line separator"):
        render("Olá, $customer_name.", {"customer_name": f"Ana{brk}x"}, channel="sms")


@pytest.mark.parametrize("brk", ["\u2028", "\u2029"], ids=repr)
def test_unicode_line_separators_are_refused_in_templates(brk: str) -> None:
    with pytest.raises(TemplateError, match="line separator"):
        render(f"Olá{brk}$customer_name", {"customer_name": "Ana"}, channel="sms")
    with pytest.raises(ValueError, match="line separator"):
        Template(id="t", subject=f"Aviso{brk}urgente", body="x")


def test_lone_carriage_return_is_refused_in_a_value() -> None:
    with pytest.raises(TemplateError, match=r"context\.creditor_address: .*carriage return"):
        render("$creditor_address", {"creditor_address": "Rua A\rBcc: x"}, channel="letter")


def test_lone_carriage_return_is_refused_in_a_template() -> None:
    # Before: refused in a value but accepted in the template's own text, where it breaks the
    # line for some mail and SMS stacks and not for others.
    with pytest.raises(TemplateError, match=r"template contains a carriage return .* line 1"):
        render("Olá,\r$customer_name", {"customer_name": "Ana"}, channel="sms")
    with pytest.raises(ValueError, match="carriage return"):
        Template(id="t", body="Olá,\rAna")
    assert render("Olá,\r\n$customer_name", {"customer_name": "Ana"}, channel="sms").body == (
        "Olá,\r\nAna"
    )


def test_values_may_break_body_lines_with_newlines() -> None:
    address = "Rua das Flores, 100\r\nSão Paulo - SP\nBrasil"
    assert render("$creditor_address", {"creditor_address": address}, channel="letter").body == (
        address
    )


def test_builtin_multi_line_payment_options_still_render() -> None:
    acme = Creditor(name="Acme", document="11.222.333/0001-81")
    body = render(
        "$payment_options",
        {"pix_code": PIX, "payment_link": "https://pay.example/1"},
        channel="email",
        creditor=acme,
    ).body
    assert body == f"Link para pagamento: https://pay.example/1\nPix copia e cola: {PIX}"


# Any text, with line breaks, controls and separators mixed in.
INJECTED = st.lists(
    st.text(st.characters(codec="utf-8"), max_size=4)
    | st.sampled_from([*LINE_BREAKS, "Bcc: x@y", "\x00", "\u202e"]),
    max_size=12,
).map("".join)


def _unsafe(char: str, *, allowed: str) -> bool:
    """Independent oracle: a control character (every line break but the Unicode separators is
    one) other than ``allowed``, a Unicode line or paragraph separator, or a bidi override."""
    return (unicodedata.category(char) == "Cc" and char not in allowed) or char in SEPARATORS


@given(INJECTED)
@example("Ana\u2028Bcc: all@example.com")
@example("Ana\r\nBcc: all@example.com")
def test_injected_values_never_break_a_subject(value: str) -> None:
    if any(_unsafe(c, allowed="\t") for c in value):
        with pytest.raises(TemplateError) as refused:
            render(SUBJECT, {"customer_name": value}, channel="email")
        assert refused.value.field in ("context.customer_name", "context.first_name", "subject")
        return
    message = render(SUBJECT, {"customer_name": value}, channel="email")
    # what was checked is what was substituted, and nothing else
    assert message.subject == f"Aviso para {value}"
    assert message.subject.splitlines() == [message.subject]


@given(INJECTED)
@example("Rua A\r\nBcc: all@example.com")
@example("Rua A\rBcc: all@example.com")
@example("Rua A\x85Bcc: all@example.com")
def test_injected_values_break_body_lines_with_newlines_only(value: str) -> None:
    lone_cr = "\r" in value.replace("\r\n", "")
    if lone_cr or any(_unsafe(c, allowed="\t\n\r") for c in value):
        with pytest.raises(TemplateError) as refused:
            render("Endereço: $creditor_address.", {"creditor_address": value}, channel="letter")
        assert refused.value.field == "context.creditor_address"
        return
    body = render(
        "Endereço: $creditor_address.", {"creditor_address": value}, channel="letter"
    ).body
    assert body == f"Endereço: {value}."
    # the only line breaks in the body are \n and \r\n
    assert body.splitlines() == body.replace("\r\n", "\n").split("\n")


@pytest.mark.parametrize("field", ["name", "address", "contact"])
@pytest.mark.parametrize("brk", ["\n", "\r", "\x85", "\u2028", "\u2029"], ids=repr)
def test_creditor_text_is_one_line_and_refused_under_its_own_name(field: str, brk: str) -> None:
    # Before: accepted, then refused at render time as "subject" or "context.creditor_name".
    fields = {"name": "Acme", "document": "11.222.333/0001-81", field: f"Acme{brk}Bcc: x@y"}
    with pytest.raises(ValidationError) as caught:
        Creditor.model_validate(fields)
    assert caught.value.errors()[0]["loc"] == (field,)


def test_creditor_control_characters_are_refused_at_construction() -> None:
    with pytest.raises(ValidationError, match="name: text contains control character"):
        Creditor(name="Acme\x00", document="11.222.333/0001-81")

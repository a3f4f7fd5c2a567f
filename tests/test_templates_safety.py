"""Template validation against real server-side template injection payloads and size abuse."""

from __future__ import annotations

import tracemalloc

import pytest
from pydantic import ValidationError

from regua import TemplateError
from regua.templates import PLACEHOLDERS, Template, render, validate_template
from regua.templates.safety import (
    MAX_MESSAGE_CHARS,
    MAX_PLACEHOLDER_USES,
    MAX_TEMPLATE_CHARS,
    MAX_VALUE_CHARS,
    placeholders_in,
)

# Payloads from SSTI cheat sheets (Jinja2/Twig, Python str.format, Ruby ERB, Java EL/Freemarker,
# Velocity, Mako, Handlebars, string.Template attribute tricks).
SSTI_PAYLOADS = [
    "${x.__class__}",
    "${customer_name.__class__.__mro__}",
    "{0.__globals__}",
    "{customer_name.__init__.__globals__[os]}",
    "{{7*7}}",
    "{{config.items()}}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for x in ().__class__.__base__.__subclasses__() %}{{x}}{% endfor %}",
    "{% import os %}{{ os.popen('id').read() }}",
    "${''.join}",
    "${7*7}",
    "${amount_due:.2f}",
    "${amount_due!r}",
    "${amount_due[0]}",
    "#{7*7}",
    "<%= 7*7 %>",
    "<% import os %>",
    "${T(java.lang.Runtime).getRuntime().exec('id')}",
    "#set($x = 7*7)$x",
    '{{#with "s" as |string|}}{{/with}}',
    "$amount_due.__class__",
    "__import__('os').system('id')",
    "{{request.application.__globals__.__builtins__}}",
    "$__class__",
    "${__import__}",
    "$",
    "price: $ 10",
    "R$ 10",
    "$1",
    "$Customer_name",
]


@pytest.mark.parametrize("payload", SSTI_PAYLOADS)
def test_injection_payloads_are_rejected(payload: str) -> None:
    with pytest.raises(TemplateError):
        validate_template(f"Olá $first_name. {payload} Obrigado.")


@pytest.mark.parametrize("payload", SSTI_PAYLOADS)
def test_injection_payloads_as_values_are_inert(payload: str) -> None:
    message = render("Oi $customer_name!", {"customer_name": payload}, channel="email")
    assert message.body == f"Oi {payload}!"


@pytest.mark.parametrize("payload", SSTI_PAYLOADS)
def test_template_model_rejects_payloads(payload: str) -> None:
    with pytest.raises(ValidationError):
        Template(id="evil", body="Olá", short=payload)


def test_error_names_position_and_fix() -> None:
    with pytest.raises(TemplateError) as caught:
        validate_template("linha 1\nvalor: R$ 10")
    assert caught.value.field == "template"
    assert "line 2, column 9" in caught.value.reason
    assert "$$" in caught.value.reason


def test_unknown_placeholder_lists_known_ones() -> None:
    with pytest.raises(TemplateError) as caught:
        validate_template("Olá $nome", field="body")
    assert caught.value.field == "body"
    assert "$nome" in caught.value.reason
    assert "first_name" in caught.value.reason


def test_every_documented_placeholder_is_accepted() -> None:
    text = " ".join(f"${name} ${{{name}}}" for name in PLACEHOLDERS)
    validate_template(text)
    assert placeholders_in(text) == [n for name in PLACEHOLDERS for n in (name, name)]


def test_extra_placeholders() -> None:
    with pytest.raises(TemplateError):
        validate_template("Contrato $contract_id")
    validate_template("Contrato $contract_id", extra_placeholders={"contract_id"})
    template = Template(id="t", body="Contrato $contract_id", extra_placeholders={"contract_id"})
    assert render(template, {"contract_id": "C-9"}, channel="sms").body == "Contrato C-9"
    with pytest.raises(TemplateError, match="contract_id"):
        render(template, {}, channel="sms")


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u2066"], ids=repr
)
def test_control_and_bidi_characters_are_rejected(char: str) -> None:
    with pytest.raises(TemplateError, match="control character"):
        validate_template(f"Olá{char}mundo")
    with pytest.raises(TemplateError, match="control character"):
        render("Oi $customer_name", {"customer_name": f"Ana{char}"}, channel="sms")


def test_tabs_and_newlines_are_fine() -> None:
    validate_template("Olá,\r\n\t$first_name")


def test_template_size_limit() -> None:
    validate_template("a" * MAX_TEMPLATE_CHARS)
    with pytest.raises(TemplateError, match="characters long"):
        validate_template("a" * (MAX_TEMPLATE_CHARS + 1))


def test_placeholder_count_limit() -> None:
    validate_template("$first_name " * MAX_PLACEHOLDER_USES)
    with pytest.raises(TemplateError, match="placeholders"):
        validate_template("$first_name " * (MAX_PLACEHOLDER_USES + 1))


def test_value_size_limit() -> None:
    render("$customer_name", {"customer_name": "a" * MAX_VALUE_CHARS}, channel="email")
    with pytest.raises(TemplateError, match="characters long"):
        render("$customer_name", {"customer_name": "a" * (MAX_VALUE_CHARS + 1)}, channel="email")


def test_billion_laughs_is_bounded_before_building() -> None:
    # 100 uses x 2,000 characters would be 200,000 characters: refused, never built.
    template = "$customer_name" * MAX_PLACEHOLDER_USES
    value = "lol" * (MAX_VALUE_CHARS // 3)
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError, match=str(MAX_MESSAGE_CHARS)):
            render(template, {"customer_name": value}, channel="email")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


def test_values_are_not_expanded_recursively() -> None:
    # A value that looks like a template is substituted once, as text.
    context = {"customer_name": "$first_name$first_name", "first_name": "x" * 100}
    message = render("$customer_name", context, channel="email")
    assert message.body == "$first_name$first_name"


def test_non_text_template_is_rejected() -> None:
    with pytest.raises(TemplateError, match="expected text"):
        validate_template(b"bytes")  # type: ignore[arg-type]


def test_subject_must_be_single_line() -> None:
    with pytest.raises(ValidationError, match="single line"):
        Template(id="t", subject="a\nb", body="x")


def test_template_model_validates_from_dict_and_reports_field() -> None:
    ok = Template.model_validate({"id": "m", "locale": "en-US", "body": "Hi $first_name"})
    assert ok.locale == "en_US"
    with pytest.raises(ValidationError) as caught:
        Template.model_validate({"id": "m", "body": "Hi", "subject": "Hi ${first_name"})
    assert "subject" in str(caught.value)
    with pytest.raises(ValidationError):
        Template.model_validate({"id": "m", "body": "Hi", "colour": "red"})
    with pytest.raises(ValidationError):
        Template.model_validate({"id": "m", "body": "Hi", "locale": "xx_QQ"})
    with pytest.raises(ValidationError):
        Template.model_validate({"id": "m", "body": "Hi", "extra_placeholders": ["Bad-Name"]})

"""Rendering: Babel formatting (checked against Babel itself and hand-written strings), context
building from an Action or a mapping, payment options, locale choice and channel limits."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency

from regua import Action, Customer, InvalidInputError, TemplateError
from regua.templates import (
    ChannelLimits,
    Creditor,
    Template,
    build_context,
    format_days,
    format_long_date,
    format_money,
    render,
    render_action,
)
from regua.templates.safety import MAX_VALUE_CHARS

NBSP = "\xa0"
ACME = Creditor(
    name="Acme Serviços Ltda",
    document="11222333000181",
    address="Rua das Flores, 100, São Paulo - SP",
    contact="(11) 4000-1234",
)
ANA = Customer(id="c1", name="Ana Maria Souza", kind="consumer")
# A valid BR Code (the BCB manual's static example) and a valid boleto line: host codes are
# checked before they are rendered.
PIX = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
BOLETO = "10492.00650 61000.100042 00997.263900 9 89810000021403"


def _action(**changes: object) -> Action:
    fields: dict[str, object] = {
        "id": "a1",
        "customer_id": "c1",
        "invoice_ids": ("NF-10", "NF-11"),
        "step_id": "d5",
        "action": "message",
        "channel": "email",
        "window_start": datetime(2026, 3, 10, 11, tzinfo=UTC),
        "window_end": datetime(2026, 3, 10, 23, tzinfo=UTC),
        "amount_due": Decimal("1234.50"),
        "days_overdue": 5,
        "due_date": date(2026, 3, 5),
        "reason": "5 days overdue",
    }
    fields.update(changes)
    return Action.model_validate(fields)


# --- Babel formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1234.5", "BRL", "pt_BR", f"R${NBSP}1.234,50"),
        ("0.01", "BRL", "pt_BR", f"R${NBSP}0,01"),
        ("1000000", "BRL", "pt_BR", f"R${NBSP}1.000.000,00"),
        ("1234.5", "BRL", "en", "R$1,234.50"),
        ("1234.5", "USD", "en_US", "$1,234.50"),
        ("1234.5", "BRL", "es", f"1.234,50{NBSP}BRL"),
        ("1234.555", "BRL", "pt_BR", f"R${NBSP}1.234,56"),  # half-up to the cent
        ("7", "JPY", "ja", "￥7"),
    ],
)
def test_money_matches_hand_written_strings(
    amount: str, currency: str, locale: str, expected: str
) -> None:
    assert format_money(Decimal(amount), currency, locale) == expected


@pytest.mark.parametrize("locale", ["pt_BR", "en", "es", "pt_PT", "fr"])
def test_money_matches_babel_oracle(locale: str) -> None:
    value = Decimal("98765.43")
    assert format_money(value, "BRL", locale) == format_currency(value, "BRL", locale=locale)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("pt_BR", "5 de março de 2026"), ("en", "March 5, 2026"), ("es", "5 de marzo de 2026")],
)
def test_long_date(locale: str, expected: str) -> None:
    assert format_long_date(date(2026, 3, 5), locale) == expected
    assert expected == format_date(date(2026, 3, 5), "long", locale=locale)


@pytest.mark.parametrize(
    ("count", "locale", "expected"),
    [
        (1, "pt_BR", "1 dia"),
        (2, "pt_BR", "2 dias"),
        (0, "pt_BR", "0 dia"),  # CLDR: Portuguese "one" covers 0 and 1
        (1000, "pt_BR", "1.000 dias"),
        (1, "en", "1 day"),
        (0, "en", "0 days"),
        (2, "en", "2 days"),
        (1, "es", "1 día"),
        (31, "es", "31 días"),
        (2, "fr", f"2{NBSP}jours"),  # outside the packs: Babel's unit data
    ],
)
def test_days_plural(count: int, locale: str, expected: str) -> None:
    assert format_days(count, locale) == expected


# --- Action context ------------------------------------------------------------------------


def test_action_context_values() -> None:
    values = build_context(_action(), locale="pt_BR", customer=ANA, creditor=ACME)
    assert values["amount_due"] == f"R${NBSP}1.234,50"
    assert values["due_date"] == "5 de março de 2026"
    assert values["due_date_short"] == "05/03/2026"
    assert values["days_overdue"] == "5"
    assert values["days_overdue_text"] == "5 dias"
    assert values["days_until_due_text"] == "0 dia"
    assert values["invoice_ids"] == "NF-10, NF-11"
    assert values["first_name"] == "Ana"
    assert values["creditor_document"] == "CNPJ 11.222.333/0001-81"
    assert values["creditor_identification"] == (
        "Acme Serviços Ltda, CNPJ 11.222.333/0001-81, Rua das Flores, 100, São Paulo - SP"
    )
    # window start 10 March + 10 days
    assert values["deadline"] == "20 de março de 2026"
    assert values["notice_days_text"] == "10 dias"
    assert values["boleto_line"] == values["pix_code"] == values["payment_link"] == ""
    assert (
        values["payment_options"]
        == "Fale conosco para receber o boleto, o código Pix ou um link de pagamento: "
        "(11) 4000-1234."
    )


def test_before_due_counts_days_left() -> None:
    values = build_context(_action(days_overdue=-3), locale="en", customer=ANA, creditor=ACME)
    assert values["days_until_due_text"] == "3 days"
    assert values["days_overdue_text"] == "0 days"
    assert values["days_overdue"] == "-3"


def test_notice_days_moves_the_deadline() -> None:
    values = build_context(_action(), locale="pt_BR", creditor=ACME, notice_days=15)
    assert values["deadline"] == "25 de março de 2026"
    assert values["notice_days_text"] == "15 dias"


def test_host_context_supplies_payment_options_in_order() -> None:
    action = _action(
        context={
            "boleto_line": BOLETO,
            "pix_code": PIX,
            "payment_link": "https://pay.example/x",
        }
    )
    values = build_context(action, locale="pt_BR", customer=ANA, creditor=ACME)
    assert values["payment_options"].splitlines() == [
        "Link para pagamento: https://pay.example/x",
        f"Pix copia e cola: {PIX}",
        f"Linha digitável do boleto: {BOLETO}",
    ]
    assert values["payment_options_short"] == "Link para pagamento: https://pay.example/x"


def test_only_pix_becomes_the_short_option() -> None:
    action = _action(context={"pix_code": PIX})
    values = build_context(action, locale="es", creditor=ACME)
    assert values["payment_options_short"] == f"Código Pix copia y pega: {PIX}"


def test_longest_host_payment_values_fill_the_derived_options() -> None:
    # Before: a payment_link of MAX_VALUE_CHARS - 10 characters (valid) failed with
    # "context.payment_options: is 2008 characters long", a field the host never set.
    link = "https://pay.example/" + "9" * (MAX_VALUE_CHARS - 30)
    action = _action(channel="sms", context={"payment_link": link})
    message = render_action(action, customer=ANA, creditor=ACME)
    values = build_context(action, locale="pt_BR", creditor=ACME)
    assert (
        values["payment_options"]
        == values["payment_options_short"]
        == f"Link para pagamento: {link}"
    )
    assert link in message.body
    # every option at its limit: a link of MAX_VALUE_CHARS, a Pix code and a boleto line
    longest = {"payment_link": "9" * MAX_VALUE_CHARS, "pix_code": PIX, "boleto_line": BOLETO}
    options = render("$payment_options", longest, channel="letter").body
    assert options.split("\n") == [
        f"Link para pagamento: {'9' * MAX_VALUE_CHARS}",
        f"Pix copia e cola: {PIX}",
        f"Linha digitável do boleto: {BOLETO}",
    ]


def test_host_payment_values_are_still_checked_under_their_own_names() -> None:
    with pytest.raises(TemplateError, match=r"^context\.pix_code: is 2001 characters long"):
        build_context({"pix_code": "0" * (MAX_VALUE_CHARS + 1)}, locale="pt_BR")
    with pytest.raises(TemplateError, match=r"^context\.payment_link: value contains control"):
        build_context({"payment_link": "https://x\x00"}, locale="pt_BR")


def test_deadline_past_the_last_date_names_the_window_start() -> None:
    # Before: a raw OverflowError from date arithmetic.
    late = _action(
        window_start=datetime(9999, 12, 30, 11, tzinfo=UTC),
        window_end=datetime(9999, 12, 30, 23, tzinfo=UTC),
        due_date=date(9999, 12, 25),
    )
    with pytest.raises(InvalidInputError, match=r"^action\.window_start: 9999-12-30 plus the 10"):
        build_context(late, locale="pt_BR")


def test_host_context_sets_a_later_deadline_as_a_date() -> None:
    # The notice period ends on 2026-03-20 (window start 2026-03-10, 10 days).
    action = _action(context={"deadline": "2026-04-01"})
    assert build_context(action, locale="pt_BR", creditor=ACME)["deadline"] == "1 de abril de 2026"
    last = _action(context={"deadline": "2026-03-20"})
    assert build_context(last, locale="pt_BR", creditor=ACME)["deadline"] == "20 de março de 2026"


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        # Before: shown as given ("Você tem 10 dias, até amanhã").
        ("2026-03-19", "2026-03-19 is before 2026-03-20, the end of the notice period"),
        ("amanhã", "must be a date (YYYY-MM-DD), got 'amanhã'"),
        ("1º de abril", "must be a date (YYYY-MM-DD), got '1º de abril'"),
        ("2026-02-30", "'2026-02-30' is not a valid date"),
    ],
)
def test_a_host_deadline_before_the_notice_period_ends_or_not_a_date_is_refused(
    given: str, reason: str
) -> None:
    with pytest.raises(TemplateError, match=f"^context.deadline: {re.escape(reason)}"):
        build_context(_action(context={"deadline": given}), locale="pt_BR", creditor=ACME)


@pytest.mark.parametrize(
    "name",
    [
        "creditor_identification",
        "creditor_name",
        "creditor_document",
        "creditor_address",
        "customer_name",
        "amount_due",
        "due_date",
        "days_overdue_text",
        "invoice_ids",
        "notice_days_text",
    ],
)
def test_the_context_may_not_restate_what_a_message_must_say_as_computed(name: str) -> None:
    # Before: context={"creditor_identification": "", "amount_due": "R$ 99,00"} rendered a
    # bureau notice with no creditor and another amount than the action's R$ 1.234,50.
    with pytest.raises(TemplateError, match=rf"^context\.{name}: is computed from the action"):
        build_context(_action(context={name: "x"}), locale="pt_BR", creditor=ACME)


def test_without_a_creditor_the_context_may_give_its_address_and_contact() -> None:
    action = _action(context={"creditor_address": "Rua X, 1", "creditor_contact": "(11) 4000"})
    values = build_context(action, locale="pt_BR")
    assert (values["creditor_address"], values["creditor_contact"]) == ("Rua X, 1", "(11) 4000")


def test_action_currency_is_used() -> None:
    values = build_context(_action(currency="USD"), locale="en_US", creditor=ACME)
    assert values["amount_due"] == "$1,234.50"


def test_no_contact_gives_plain_request() -> None:
    bare = Creditor(name="Acme", document="11222333000181")
    values = build_context(_action(), locale="en", creditor=bare)
    assert (
        values["payment_options"] == "Contact us to receive a boleto, a Pix code or a payment link."
    )
    assert values["creditor_identification"] == "Acme, CNPJ 11.222.333/0001-81"


def test_cpf_creditor_is_labelled_cpf() -> None:
    person = Creditor(name="João Locador", document="529.982.247-25")
    assert person.document_text == "CPF 529.982.247-25"


# --- render --------------------------------------------------------------------------------


def test_render_mapping_formats_by_type() -> None:
    message = render(
        "$customer_name: $amount_due em $due_date ($days_overdue dias)",
        {
            "customer_name": "Ana",
            "amount_due": Decimal("1234.5"),
            "due_date": date(2026, 3, 5),
            "days_overdue": 1234,
        },
        channel="email",
        locale="pt-BR",
    )
    assert message.body == f"Ana: R${NBSP}1.234,50 em 5 de março de 2026 (1.234 dias)"
    assert message.locale == "pt_BR"
    assert message.subject is None
    assert message.template_id is None


def test_render_mapping_currency_key() -> None:
    message = render(
        "$amount_due", {"amount_due": Decimal("10"), "currency": "EUR"}, channel="sms", locale="en"
    )
    assert message.body == "€10.00"


def test_value_with_placeholder_syntax_stays_literal() -> None:
    message = render(
        "Oi $customer_name", {"customer_name": "$creditor_name ${x.__class__}"}, channel="sms"
    )
    assert message.body == "Oi $creditor_name ${x.__class__}"


def test_dollar_escape() -> None:
    assert render("R$$ 10", {}, channel="sms").body == "R$ 10"


def test_missing_value_is_named() -> None:
    with pytest.raises(TemplateError) as caught:
        render("Oi $customer_name, $amount_due", {}, channel="email")
    assert caught.value.field == "context.amount_due"
    assert "customer_name" in caught.value.reason


@pytest.mark.parametrize(
    "value", [True, 1.5, ["a"], None, b"bytes"], ids=["bool", "float", "list", "none", "bytes"]
)
def test_unsupported_value_types(value: object) -> None:
    with pytest.raises(TemplateError, match=r"context\.customer_name"):
        render("Oi $customer_name", {"customer_name": value}, channel="sms")


def test_render_action_email_uses_subject_and_body() -> None:
    template = Template(
        id="t1",
        subject="Fatura de $due_date_short",
        body="Olá, $first_name. Valor: $amount_due.\n$creditor_identification",
        short="$creditor_name: fatura de $due_date_short",
    )
    email = render(template, _action(), channel="email", customer=ANA, creditor=ACME)
    assert email.subject == "Fatura de 05/03/2026"
    assert email.body.startswith(f"Olá, Ana. Valor: R${NBSP}1.234,50.")
    assert email.template_id == "t1"
    sms = render(template, _action(), channel="sms", customer=ANA, creditor=ACME)
    assert sms.subject is None
    assert sms.body == "Acme Serviços Ltda: fatura de 05/03/2026"
    assert sms.sms is not None
    assert sms.sms.segments == 1
    phone = render(template, _action(), channel="phone", customer=ANA, creditor=ACME)
    assert phone.subject is None
    assert phone.body == email.body


def test_locale_priority() -> None:
    template = Template(id="t", locale="es", body="$due_date")
    english = Customer(id="c2", name="Bob", kind="consumer", locale="en")
    assert render(template, _action(), channel="email").body == "5 de marzo de 2026"
    # An English speaker still gets Spanish dates in a Spanish text ...
    assert render(template, _action(), channel="email", customer=english).body == (
        "5 de marzo de 2026"
    )
    # ... and a regional variant of the template's language gets its own formats.
    mexican = Customer(id="c3", name="Eva", kind="consumer", locale="es_MX")
    assert render("$due_date_short", _action(), channel="sms", customer=mexican).body == "05/03/26"
    assert render(template, _action(), channel="email", customer=mexican).body == (
        "5 de marzo de 2026"
    )
    pt_template = Template(id="p", body="$due_date_short")
    portuguese = Customer(id="c4", name="Rui", kind="consumer", locale="pt_PT")
    assert render(pt_template, _action(), channel="sms", customer=portuguese).body == "05/03/26"
    assert (
        render(template, _action(), channel="email", customer=english, locale="pt_BR").body
        == "5 de março de 2026"
    )


def test_unknown_locale_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="locale"):
        render("x", {}, channel="sms", locale="xx_ZZ")


def test_line_break_in_subject_value_is_rejected() -> None:
    template = Template(id="t", subject="Oi $customer_name", body="x")
    with pytest.raises(TemplateError, match="subject"):
        render(template, {"customer_name": "Ana\nBcc: all@example.com"}, channel="email")


def test_sms_over_limit_warns_or_fails() -> None:
    text = "ã" * 300  # UCS-2: 300 units -> ceil(300 / 67) = 5 segments
    message = render(text, {}, channel="sms")
    assert message.sms is not None
    assert message.sms == ("ucs2", 300, 5)
    assert message.warnings == ("sms: 300 ucs2 units need 5 segments; the limit is 4",)
    with pytest.raises(TemplateError, match="5 segments"):
        render(text, {}, channel="sms", on_limit="fail")
    relaxed = render(text, {}, channel="sms", limits=ChannelLimits(sms_max_segments=5))
    assert relaxed.warnings == ()


def test_whatsapp_and_email_limits() -> None:
    long_text = "a" * 4097
    assert render(long_text, {}, channel="whatsapp").warnings == (
        "whatsapp: 4097 characters; the limit is 4096",
    )
    assert render("a" * 4096, {}, channel="whatsapp").warnings == ()
    template = Template(id="t", subject="s" * 151, body="b")
    assert render(template, {}, channel="email").warnings == (
        "email: subject has 151 characters; the limit is 150",
    )
    assert render("p" * 179, {}, channel="push").warnings == (
        "push: 179 characters; the limit is 178",
    )
    assert render("l" * 9_000, {}, channel="letter").warnings == ()


def test_on_limit_must_be_known() -> None:
    with pytest.raises(TemplateError, match="on_limit"):
        render("x", {}, channel="sms", on_limit="ignore")  # type: ignore[arg-type]


def test_render_action_default_template_and_channel() -> None:
    action = _action(channel="sms", context={"payment_link": "https://pay.example/x"})
    message = render_action(action, customer=ANA, creditor=ACME)
    assert message.template_id == "overdue_early"
    assert message.channel == "sms"
    assert message.body == (
        "Acme Serviços Ltda (CNPJ 11.222.333/0001-81): não identificamos o pagamento de suas 2 "
        "faturas, a mais antiga vencida em 05/03/2026. Link para pagamento: https://pay.example/x"
    )
    assert message.sms is not None
    assert message.sms.encoding == "ucs2"


def test_render_action_user_template_wins() -> None:
    mine = Template(id="overdue_early", body="$creditor_identification: pague $amount_due")
    message = render_action(
        _action(), customer=ANA, creditor=ACME, templates={"overdue_early": mine}
    )
    assert message.body.endswith(f"pague R${NBSP}1.234,50")


def test_render_action_unknown_template() -> None:
    with pytest.raises(TemplateError, match="nope"):
        render_action(_action(template="nope"), customer=ANA, creditor=ACME)


def test_render_action_no_channel_defaults_to_email() -> None:
    action = _action(action="bureau_listing", channel=None, days_overdue=40)
    message = render_action(action, customer=ANA, creditor=ACME, tone="firm")
    assert message.channel == "email"
    assert message.template_id == "bureau_listing"
    assert message.subject == "Aviso de registro em cadastro de proteção ao crédito"


def test_render_does_not_mutate_inputs() -> None:
    context: dict[str, object] = {"customer_name": "Ana"}
    action = _action(context={"pix_code": PIX})
    before = action.model_dump()
    render("$customer_name", context, channel="sms")
    render_action(action, customer=ANA, creditor=ACME)
    assert context == {"customer_name": "Ana"}
    assert action.model_dump() == before


def test_deadline_counts_from_the_customers_local_day() -> None:
    # 02:00 UTC on 10 March is 23:00 on 9 March in São Paulo.
    late = _action(
        window_start=datetime(2026, 3, 10, 2, tzinfo=UTC),
        window_end=datetime(2026, 3, 10, 3, tzinfo=UTC),
    )
    assert build_context(late, locale="pt_BR", customer=ANA)["deadline"] == "19 de março de 2026"
    assert build_context(late, locale="pt_BR")["deadline"] == "20 de março de 2026"


def test_bad_channel_and_notice_days_are_named() -> None:
    with pytest.raises(InvalidInputError, match="channel"):
        render("x", {}, channel="fax")
    for bad in (-1, True, 1.5):
        with pytest.raises(InvalidInputError, match="notice_days"):
            render("x", {}, channel="sms", notice_days=bad)  # type: ignore[arg-type]


# --- Invoice count wording -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "days", "expected"),
    [
        ("pt_BR", 5, ("2", "suas 2 faturas", "no total de", "a mais antiga vencida em")),
        ("pt_BR", -3, ("2", "suas 2 faturas", "no total de", "a primeira com vencimento em")),
        ("en", 5, ("2", "your 2 invoices", "totalling", "the oldest due on")),
        ("en", 0, ("2", "your 2 invoices", "totalling", "the first due on")),
        ("es", 5, ("2", "sus 2 facturas", "por un total de", "la más antigua vencida el")),
        ("es", 0, ("2", "sus 2 facturas", "por un total de", "la primera con vencimiento el")),
        ("fr", 5, ("2", "your 2 invoices", "totalling", "the oldest due on")),  # no pack
    ],
)
def test_consolidated_action_wording(locale: str, days: int, expected: tuple[str, ...]) -> None:
    values = build_context(_action(days_overdue=days), locale=locale, creditor=ACME)
    names = ("invoice_count", "invoices", "amount_of", "due_on")
    assert tuple(values[name] for name in names) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("pt_BR", ("1", "sua fatura", "de", "vencida em")),
        ("pt_PT", ("1", "sua fatura", "de", "vencida em")),
        ("en_GB", ("1", "your invoice", "of", "due on")),
        ("es", ("1", "su factura", "de", "vencida el")),
    ],
)
def test_single_invoice_wording(locale: str, expected: tuple[str, ...]) -> None:
    action = _action(invoice_ids=("NF-10",))
    values = build_context(action, locale=locale, creditor=ACME)
    names = ("invoice_count", "invoices", "amount_of", "due_on")
    assert tuple(values[name] for name in names) == expected


def test_repeated_invoice_ids_count_once_and_big_counts_are_grouped() -> None:
    repeated = _action(invoice_ids=("NF-10", "NF-10"))
    assert build_context(repeated, locale="pt_BR")["invoices"] == "sua fatura"
    many = {"invoice_count": 1234}
    assert build_context(many, locale="pt_BR")["invoices"] == "suas 1.234 faturas"
    assert build_context(many, locale="en")["invoice_count"] == "1,234"


def test_host_context_overrides_invoice_wording() -> None:
    action = _action(context={"invoices": "as mensalidades de março"})
    assert build_context(action, locale="pt_BR")["invoices"] == "as mensalidades de março"


def test_mapping_with_an_int_invoice_count_gets_the_wording() -> None:
    text = "Pagamento de $invoices $amount_of $amount_due, $due_on $due_date."
    three = {
        "invoice_count": 3,
        "days_overdue": 40,
        "amount_due": Decimal("90"),
        "due_date": date(2026, 1, 31),
    }
    assert render(text, three, channel="email").body == (
        f"Pagamento de suas 3 faturas no total de R${NBSP}90,00, a mais antiga vencida em 31 de "
        "janeiro de 2026."
    )
    # Without days_overdue regua cannot tell whether the date passed: the neutral wording.
    one = {"invoice_count": 1, "amount_due": Decimal("30"), "due_date": date(2026, 1, 31)}
    assert render(text, one, channel="email").body == (
        f"Pagamento de sua fatura de R${NBSP}30,00, com vencimento em 31 de janeiro de 2026."
    )
    # A text count is the host's own wording: nothing is derived from it.
    with pytest.raises(TemplateError, match=r"context\.invoices"):
        render("$invoices", {"invoice_count": "3"}, channel="sms")


@pytest.mark.parametrize("bad", [0, -2])
def test_mapping_invoice_count_below_one_is_an_error(bad: int) -> None:
    with pytest.raises(TemplateError, match=r"context\.invoice_count"):
        render("$invoices", {"invoice_count": bad}, channel="sms")


def test_an_action_over_thousands_of_invoices_still_renders_with_the_ids_counted() -> None:
    ids = tuple(f"NF-{n:06d}" for n in range(3000))
    message = render_action(_action(invoice_ids=ids), customer=ANA, creditor=ACME)
    listed = build_context(_action(invoice_ids=ids), locale="pt_BR")["invoice_ids"]
    # "NF-000000, " is 11 characters: 181 ids fit before the count of the other 2819.
    assert listed.startswith("NF-000000, NF-000001, ")
    assert listed.endswith("NF-000180, … (+2819)")
    assert len(listed) <= 2000
    assert "3.000 faturas" in message.body


def test_ids_that_fit_are_listed_whole() -> None:
    context = build_context(_action(invoice_ids=("NF-1", "NF-2")), locale="pt_BR")
    assert context["invoice_ids"] == "NF-1, NF-2"


def test_a_user_template_is_rendered_with_what_the_lint_finds_in_it() -> None:
    # Before: both rendered with no sign; identification and CDC art. 42/71 hung on the host
    # remembering to call lint_template.
    bare = Template(id="mine", body="Pague $amount_due.")
    message = render(bare, _action(), channel="email", customer=ANA, creditor=ACME)
    assert [(f.rule, f.severity.value) for f in message.findings] == [
        ("missing_creditor_id", "error")
    ]
    rude = Template(
        id="rude", body="Pague hoje ou avisaremos seu chefe, caloteiro! $creditor_identification"
    )
    message = render(rude, _action(), channel="email", customer=ANA, creditor=ACME)
    assert {f.rule for f in message.findings} == {"exposure", "pressure", "shaming"}
    assert "findings" in message.to_dict()
    assert message.warnings == ()  # channel limits only


def test_the_builtin_pack_renders_with_no_findings() -> None:
    for channel in ("email", "sms", "whatsapp"):
        message = render_action(_action(channel=channel), customer=ANA, creditor=ACME)
        assert message.findings == ()
        assert "findings" not in message.to_dict()


def test_the_short_payment_option_is_the_shortest_one() -> None:
    # Before: the first supplied (the 150-character Pix code) although the boleto line is 54.
    boleto = "10492.00650 61000.100042 00997.263900 9 89810000021403"
    both = _action(channel="sms", context={"pix_code": PIX, "boleto_line": boleto})
    values = build_context(both, locale="pt_BR", creditor=ACME)
    assert values["payment_options_short"] == "Linha digitável do boleto: " + boleto
    assert values["payment_options"].splitlines()[0].endswith(PIX)  # the full list keeps order


def test_a_host_code_for_another_amount_or_key_is_rendered_with_a_caution() -> None:
    # Before: a boleto for R$ 214.03 and a Pix code paying R$ 9.99 to another key were shown
    # beside the action's R$ 1.234,50 with no sign (a forged or stale code is what this catches).
    from regua.pix import brcode

    keyed = ACME.model_copy(update={"pix_key": "11222333000181", "pix_city": "Sao Paulo"})
    forged = brcode(
        key="contato@golpe.com", merchant_name="Acme", merchant_city="Rio", amount="9.99"
    )
    action = _action(context={"pix_code": forged, "boleto_line": BOLETO})
    message = render_action(action, customer=ANA, creditor=keyed)
    assert message.warnings == (
        "pix_code: charges 9.99, not the action's amount due 1234.50",
        "pix_code: pays the key contato@golpe.com, not the creditor's 11222333000181",
        "boleto_line: charges 214.03, not the action's amount due 1234.50",
    )
    right = brcode(
        key="11222333000181", merchant_name="Acme", merchant_city="Rio", amount="1234.50"
    )
    fine = render_action(_action(context={"pix_code": right}), customer=ANA, creditor=keyed)
    assert fine.warnings == ()
    open_amount = render_action(_action(context={"pix_code": PIX}), customer=ANA, creditor=ACME)
    assert open_amount.warnings == ()  # no amount in the code, no key of the creditor's to match


def test_a_debt_no_pix_code_can_carry_renders_without_one_and_says_so() -> None:
    # Before: rendering raised for an amount above the BR Code's 9,999,999,999.99, so
    # `regua render` stopped at the first such action and rendered none of the others.
    keyed = ACME.model_copy(update={"pix_key": "11222333000181", "pix_city": "Sao Paulo"})
    largest = render_action(
        _action(amount_due=Decimal("9999999999.99")), customer=ANA, creditor=keyed
    )
    assert "000201" in largest.body  # a BR Code starts with its payload format indicator
    assert largest.warnings == ()
    above = render_action(
        _action(amount_due=Decimal("10000000000.00"), context={"boleto_line": BOLETO}),
        customer=ANA,
        creditor=keyed,
    )
    assert "000201" not in above.body
    assert BOLETO in above.body  # the other ways to pay stay
    assert above.warnings == (
        "pix_code: none, the amount due 10000000000.00 is more than a Pix code can carry"
        " (9999999999.99)",
        "boleto_line: charges 214.03, not the action's amount due 10000000000.00",
    )

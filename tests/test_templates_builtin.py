"""The built-in packs: complete, lawful by the lint, minimal towards third parties, and rendering
every id in every tone, locale and channel."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from regua import Action, ActionKind, Customer, InvalidInputError
from regua.templates import (
    BUILTIN_LOCALES,
    BUILTIN_TEMPLATE_IDS,
    TONES,
    Creditor,
    Tone,
    builtin_template,
    default_template_id,
    lint,
    render,
    render_action,
)
from regua.templates.builtin import _PACKS, pack_locale

ACME = Creditor(
    name="Acme Serviços Ltda",
    document="11222333000181",
    address="Rua das Flores, 100, São Paulo - SP",
    contact="(11) 4000-1234",
)
CUSTOMERS = {
    "pt_BR": Customer(id="c1", name="Ana Maria Souza", kind="consumer"),
    "en": Customer(id="c2", name="Bob Smith", kind="consumer", locale="en"),
    "es": Customer(id="c3", name="Carmen Ruiz", kind="consumer", locale="es"),
}
AMOUNTS = {"pt_BR": "R$\xa01.234,50", "en": "R$1,234.50", "es": "1.234,50\xa0BRL"}
LINK = "https://pay.example/a1b2c3"
BOLETO = "10492.00650 61000.100042 00997.263900 9 89810000021403"
PIX = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
ALL = list(itertools.product(sorted(BUILTIN_TEMPLATE_IDS), sorted(BUILTIN_LOCALES), TONES))


def _action(template_id: str, **changes: object) -> Action:
    fields: dict[str, object] = {
        "id": "a1",
        "customer_id": "c1",
        "invoice_ids": ("NF-10",),
        "step_id": "s1",
        "action": "message",
        "channel": "email",
        "template": template_id,
        "window_start": datetime(2026, 3, 10, 11, tzinfo=UTC),
        "window_end": datetime(2026, 3, 10, 23, tzinfo=UTC),
        "amount_due": Decimal("1234.50"),
        "days_overdue": 5,
        "due_date": date(2026, 3, 5),
        "reason": "test",
    }
    fields.update(changes)
    return Action.model_validate(fields)


def test_every_pack_has_exactly_the_builtin_ids() -> None:
    assert len(BUILTIN_TEMPLATE_IDS) == 15
    for pack in _PACKS.values():
        assert set(pack.entries) == BUILTIN_TEMPLATE_IDS


@pytest.mark.parametrize(("template_id", "locale", "tone"), ALL)
def test_template_texts_lint_clean(template_id: str, locale: str, tone: Tone) -> None:
    template = builtin_template(template_id, locale=locale, tone=tone)
    assert template.subject
    assert template.short
    assert lint(template.subject, locale=locale, require_identification=False) == []
    assert lint(template.body, locale=locale) == []
    assert lint(template.short, locale=locale) == []


@pytest.mark.parametrize(("template_id", "locale", "tone"), ALL)
def test_rendered_messages_lint_clean_and_identify_creditor(
    template_id: str, locale: str, tone: Tone
) -> None:
    customer = CUSTOMERS[locale]
    action = _action(template_id, context={"payment_link": LINK})
    for channel in ("email", "sms", "whatsapp", "phone"):
        message = render_action(
            action,
            customer=customer,
            creditor=ACME,
            tone=tone,
            channel=channel,
        )
        assert lint(message.body, locale=locale, creditor=ACME) == [], (channel, message.body)
        assert "$" not in message.body.replace("R$", "")
        assert message.warnings == (), message.warnings
        if message.subject is not None:
            assert lint(message.subject, locale=locale, require_identification=False) == []


@pytest.mark.parametrize(("template_id", "locale", "tone"), ALL)
def test_subjects_and_short_forms_never_state_the_amount(
    template_id: str, locale: str, tone: Tone
) -> None:
    template = builtin_template(template_id, locale=locale, tone=tone)
    assert template.subject is not None
    assert template.short is not None
    for text in (template.subject, template.short):
        assert "amount_due" not in text
        assert "invoice_ids" not in text
    message = render_action(
        _action(template_id),
        customer=CUSTOMERS[locale],
        creditor=ACME,
        tone=tone,
        channel="sms",
    )
    assert AMOUNTS[locale] not in message.body


@pytest.mark.parametrize(("template_id", "locale", "tone"), ALL)
def test_short_forms_fit_four_sms_segments(template_id: str, locale: str, tone: Tone) -> None:
    message = render_action(
        _action(template_id, channel="sms", context={"payment_link": LINK}),
        customer=CUSTOMERS[locale],
        creditor=ACME,
        tone=tone,
    )
    assert message.sms is not None
    assert message.sms.segments <= 4


@pytest.mark.parametrize(
    ("locale", "word"), [("pt_BR", "contestar"), ("en", "contest"), ("es", "impugnar")]
)
@pytest.mark.parametrize("template_id", ["bureau_notice", "protest_notice"])
@pytest.mark.parametrize("tone", TONES)
def test_prior_notices_give_deadline_period_and_ways_to_pay_or_contest(
    locale: str, word: str, template_id: str, tone: Tone
) -> None:
    action = _action(template_id, action="bureau_notice", context={"boleto_line": BOLETO})
    message = render_action(action, customer=CUSTOMERS[locale], creditor=ACME, tone=tone)
    deadline = {"pt_BR": "20 de março de 2026", "en": "March 20, 2026", "es": "20 de marzo de 2026"}
    period = {"pt_BR": "10 dias", "en": "10 days", "es": "10 días"}
    assert deadline[locale] in message.body
    assert message.subject is not None
    assert deadline[locale] in message.subject
    assert period[locale] in message.body
    assert word in message.body
    assert BOLETO in message.body
    short = render_action(
        action,
        customer=CUSTOMERS[locale],
        creditor=ACME,
        tone=tone,
        channel="sms",
    )
    assert deadline[locale] in short.body


@pytest.mark.parametrize("locale", sorted(BUILTIN_LOCALES))
def test_payment_options_appear_only_when_supplied(locale: str) -> None:
    supplied = _action(
        "overdue_early", context={"boleto_line": BOLETO, "pix_code": PIX, "payment_link": LINK}
    )
    body = render_action(supplied, customer=CUSTOMERS[locale], creditor=ACME).body
    assert BOLETO in body
    assert PIX in body
    assert LINK in body
    bare = render_action(_action("overdue_early"), customer=CUSTOMERS[locale], creditor=ACME).body
    assert "(11) 4000-1234" in bare  # the creditor contact, to ask for a way to pay
    assert "https://" not in bare


def test_golden_pt_br_email() -> None:
    action = _action("due_today", days_overdue=0, context={"payment_link": LINK})
    message = render_action(action, customer=CUSTOMERS["pt_BR"], creditor=ACME, tone="friendly")
    assert message.subject == "Hoje é o dia do vencimento"
    assert message.body == (
        "Olá, Ana!\n\n"
        "Hoje é o dia do vencimento de sua fatura de R$\xa01.234,50. Se ainda não pagou, ainda dá "
        "tempo!\n\n"
        "Formas de pagamento:\n"
        "Link para pagamento: https://pay.example/a1b2c3\n\n"
        "Um abraço,\n"
        "Acme Serviços Ltda\n\n"
        "Credor: Acme Serviços Ltda, CNPJ 11.222.333/0001-81, Rua das Flores, 100, São Paulo - "
        "SP\n"
        "Se o pagamento já foi feito, por favor desconsidere esta mensagem. Mensagem pessoal para "
        "Ana Maria Souza: se não for você, por favor desconsidere-a."
    )


def test_golden_en_sms() -> None:
    action = _action(
        "reminder_before_due", days_overdue=-3, channel="sms", context={"payment_link": LINK}
    )
    message = render_action(action, customer=CUSTOMERS["en"], creditor=ACME)
    assert message.body == (
        "Acme Serviços Ltda (CNPJ 11.222.333/0001-81): reminder about your invoice, due on "
        "3/5/26. Payment link: https://pay.example/a1b2c3"
    )
    # "ç" is not GSM-7, so the text is UCS-2: 130 units in 2 parts of at most 67
    assert message.sms == ("ucs2", 130, 2)


def test_call_script_checks_identity_first_and_has_no_footer() -> None:
    for locale in BUILTIN_LOCALES:
        body = builtin_template("call_script", locale=locale).body
        assert body.startswith("1. ")
        assert body.index("$customer_name") < body.index("$amount_due")
        assert "$creditor_identification" not in body


@pytest.mark.parametrize("locale", sorted(BUILTIN_LOCALES))
@pytest.mark.parametrize("template_id", sorted(BUILTIN_TEMPLATE_IDS))
def test_tones_differ(locale: str, template_id: str) -> None:
    bodies = {builtin_template(template_id, locale=locale, tone=tone).body for tone in TONES}
    assert len(bodies) == 3


@pytest.mark.parametrize(
    ("kind", "days", "expected"),
    [
        ("message", -10, "reminder_before_due"),
        ("message", -1, "reminder_before_due"),
        ("message", 0, "due_today"),
        ("message", 1, "overdue_early"),
        ("message", 14, "overdue_early"),
        ("message", 15, "overdue_late"),
        ("message", 400, "overdue_late"),
        ("call_task", 20, "call_script"),
        ("formal_notice", 30, "formal_notice"),
        ("bureau_notice", 30, "bureau_notice"),
        ("bureau_listing", 40, "bureau_listing"),
        ("protest", 40, "protest_notice"),
        ("handoff", 90, "handoff_notice"),
        ("suspend_service", 20, "suspension_notice"),
        ("legal", 120, "handoff_notice"),
    ],
)
def test_default_template_id(kind: str, days: int, expected: str) -> None:
    assert default_template_id(ActionKind(kind), days) == expected
    assert expected in BUILTIN_TEMPLATE_IDS


def test_every_action_kind_has_a_default() -> None:
    for kind in ActionKind:
        assert default_template_id(kind, 30) in BUILTIN_TEMPLATE_IDS


@pytest.mark.parametrize(
    ("locale", "pack"),
    [
        ("pt_BR", "pt_BR"),
        ("pt-BR", "pt_BR"),
        ("pt", "pt_BR"),
        ("pt_PT", "pt_BR"),
        ("en_GB", "en"),
        ("es_MX", "es"),
    ],
)
def test_pack_locale(locale: str, pack: str) -> None:
    assert pack_locale(locale) == pack


def test_builtin_errors() -> None:
    with pytest.raises(InvalidInputError, match="built-in template"):
        builtin_template("nope")
    with pytest.raises(InvalidInputError, match="tone"):
        builtin_template("due_today", tone="angry")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="no built-in messages"):
        builtin_template("due_today", locale="fr")


def test_rendering_is_deterministic() -> None:
    action = _action("overdue_late", days_overdue=30, context={"pix_code": PIX})
    first = render_action(action, customer=CUSTOMERS["pt_BR"], creditor=ACME, tone="firm")
    second = render_action(action, customer=CUSTOMERS["pt_BR"], creditor=ACME, tone="firm")
    assert first == second


def test_builtin_renders_from_a_plain_mapping_too() -> None:
    template = builtin_template("agreement_installment_reminder", locale="en")
    message = render(
        template,
        {
            "customer_name": "Bob Smith",
            "creditor_name": "Acme",
            "creditor_document": "CNPJ 11.222.333/0001-81",
            "creditor_identification": "Acme, CNPJ 11.222.333/0001-81",
            "amount_due": Decimal("250"),
            "due_date": date(2026, 4, 10),
            "due_date_short": "4/10/26",
        },
        channel="email",
    )
    assert "R$250.00" in message.body
    assert "April 10, 2026" in message.body


# --- One invoice or several: the engine consolidates a customer's invoices into one action ------

ONE = {"invoice_ids": ("NF-01",), "amount_due": Decimal("1320.00")}
TWO = {"invoice_ids": ("NF-01", "NF-02"), "amount_due": Decimal("2640.00")}


def _late(template_id: str, invoices: dict[str, object], **changes: object) -> Action:
    """65 days after 10 January 2026; the notice deadline is 16 + 10 = 26 March 2026."""
    fields: dict[str, object] = {
        "due_date": date(2026, 1, 10),
        "days_overdue": 65,
        "window_start": datetime(2026, 3, 16, 11, tzinfo=UTC),
        "window_end": datetime(2026, 3, 16, 23, tzinfo=UTC),
        "context": {"payment_link": LINK},
    }
    fields.update(invoices)
    fields.update(changes)
    return _action(template_id, **fields)


def _lead(message_body: str) -> str:
    return message_body.split("\n\n")[1]


def test_golden_pt_br_bureau_notice_for_one_and_for_two_invoices() -> None:
    ana = CUSTOMERS["pt_BR"]
    single = render_action(_late("bureau_notice", ONE), customer=ana, creditor=ACME)
    assert _lead(single.body) == (
        "Comunicamos que o pagamento de sua fatura de R$\xa01.320,00, vencida em 10 de janeiro "
        "de 2026, continua pendente."
    )
    both = render_action(_late("bureau_notice", TWO), customer=ana, creditor=ACME)
    assert both.subject == "Aviso prévio: pague ou conteste até 26 de março de 2026"
    assert both.body.startswith(
        "Olá, Ana Maria Souza.\n\n"
        "Comunicamos que o pagamento de suas 2 faturas no total de R$\xa02.640,00, a mais antiga "
        "vencida em 10 de janeiro de 2026, continua pendente.\n\n"
        "Você tem 10 dias, até 26 de março de 2026, para pagar ou contestar o débito."
    )
    sms = render_action(_late("bureau_notice", TWO), customer=ana, creditor=ACME, channel="sms")
    assert sms.body == (
        "Acme Serviços Ltda (CNPJ 11.222.333/0001-81): aviso: o débito de suas 2 faturas, a mais "
        "antiga vencida em 10/01/2026, poderá ir a cadastro de proteção ao crédito após 26 de "
        "março de 2026. Pague ou conteste até lá: Link para pagamento: https://pay.example/a1b2c3"
    )
    sms_one = render_action(_late("bureau_notice", ONE), customer=ana, creditor=ACME, channel="sms")
    assert sms_one.body.startswith(
        "Acme Serviços Ltda (CNPJ 11.222.333/0001-81): aviso: o débito de sua fatura, vencida em "
        "10/01/2026, poderá ir a cadastro"
    )


def test_golden_pt_br_reminder_before_the_first_due_date() -> None:
    action = _late("reminder_before_due", TWO, due_date=date(2026, 3, 19), days_overdue=-3)
    message = render_action(action, customer=CUSTOMERS["pt_BR"], creditor=ACME, tone="friendly")
    assert _lead(message.body) == (
        "Passando para lembrar de suas 2 faturas no total de R$\xa02.640,00, a primeira com "
        "vencimento em 19 de março de 2026, daqui a 3 dias. Pagando em dia você evita multa e "
        "juros."
    )


def test_golden_en_overdue_late_for_one_and_for_two_invoices() -> None:
    bob = CUSTOMERS["en"]
    single = render_action(_late("overdue_late", ONE), customer=bob, creditor=ACME)
    assert single.subject == "Payment 65 days past due"
    assert _lead(single.body) == (
        "The payment of your invoice of R$1,320.00, due on January 10, 2026, has been "
        "outstanding for 65 days. If it helps, we can talk about payment terms."
    )
    both = render_action(_late("overdue_late", TWO), customer=bob, creditor=ACME)
    assert _lead(both.body) == (
        "The payment of your 2 invoices totalling R$2,640.00, the oldest due on January 10, "
        "2026, has been outstanding for 65 days. If it helps, we can talk about payment terms."
    )
    sms = render_action(_late("overdue_late", TWO), customer=bob, creditor=ACME, channel="sms")
    assert sms.body == (
        "Acme Serviços Ltda (CNPJ 11.222.333/0001-81): the payment of your 2 invoices, the oldest "
        "due on 1/10/26, is still outstanding. Payment link: https://pay.example/a1b2c3"
    )


def test_golden_es_formal_notice_for_one_and_for_two_invoices() -> None:
    carmen = CUSTOMERS["es"]
    single = render_action(_late("formal_notice", ONE), customer=carmen, creditor=ACME, tone="firm")
    assert _lead(single.body) == (
        "Por la presente notificación extrajudicial le comunicamos que la deuda de "
        "1.320,00\xa0BRL, correspondiente a su factura (NF-01), vencida el 10 de enero de 2026, "
        "lleva 65 días pendiente. Le pedimos el pago hasta el 26 de marzo de 2026 o el contacto "
        "para negociar."
    )
    both = render_action(_late("formal_notice", TWO), customer=carmen, creditor=ACME, tone="firm")
    assert _lead(both.body) == (
        "Por la presente notificación extrajudicial le comunicamos que la deuda de "
        "2.640,00\xa0BRL, correspondiente a sus 2 facturas (NF-01, NF-02), la más antigua vencida "
        "el 10 de enero de 2026, lleva 65 días pendiente. Le pedimos el pago hasta el 26 de marzo "
        "de 2026 o el contacto para negociar."
    )
    sms = render_action(_late("formal_notice", TWO), customer=carmen, creditor=ACME, channel="sms")
    assert sms.body == (
        "Acme Serviços Ltda (CNPJ 11.222.333/0001-81): le enviamos una notificación formal sobre "
        "sus 2 facturas, la más antigua vencida el 10/1/26. Detalles y pago: Enlace de pago: "
        "https://pay.example/a1b2c3"
    )


# The invoice noun, singular and plural, as a whole word; the ids ("NF-1") never match.
NOUNS = {
    "pt_BR": (r"\bfatura\b", r"\bfaturas\b"),
    "en": (r"\binvoice\b", r"\binvoices\b"),
    "es": (r"\bfactura\b", r"\bfacturas\b"),
}
# An installment reminder is about one installment of an agreement, not about invoices.
INSTALLMENT_IDS = {"agreement_installment_reminder", "broken_agreement"}
DAYS = {"reminder_before_due": -3, "due_today": 0}


def _every_text(template_id: str, locale: str, tone: Tone, count: int) -> list[str]:
    action = _action(
        template_id,
        invoice_ids=tuple(f"NF-{n}" for n in range(1, count + 1)),
        days_overdue=DAYS.get(template_id, 30),
        context={"payment_link": LINK},
    )
    texts: list[str] = []
    for channel in ("email", "sms", "whatsapp", "phone"):
        message = render_action(
            action, customer=CUSTOMERS[locale], creditor=ACME, tone=tone, channel=channel
        )
        assert message.warnings == (), (count, channel, message.warnings)
        assert lint(message.body, locale=locale, creditor=ACME) == [], (count, message.body)
        texts.extend(t for t in (message.subject, message.body) if t is not None)
    return texts


@pytest.mark.parametrize(("template_id", "locale", "tone"), ALL)
def test_builtins_speak_of_one_invoice_or_of_three(
    template_id: str, locale: str, tone: Tone
) -> None:
    singular, plural = NOUNS[locale]
    one, three = (_every_text(template_id, locale, tone, count) for count in (1, 3))
    for text in one:
        assert not re.search(plural, text, re.IGNORECASE), text
    for text in three:
        assert not re.search(singular, text, re.IGNORECASE), text
        assert "a fatura de" not in text
    if template_id not in INSTALLMENT_IDS:
        # one[1] and three[1] are the e-mail bodies
        assert re.search(singular, one[1], re.IGNORECASE), one[1]
        assert re.search(rf"\b3 {plural[2:]}", three[1]), three[1]
    if template_id in DAYS and locale != "en":
        # Before or on the due date nothing is called overdue ("vencida").
        for text in one + three:
            assert "vencida" not in text, text

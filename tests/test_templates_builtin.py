"""The built-in packs: complete, lawful by the lint, minimal towards third parties, and rendering
every id in every tone, locale and channel."""

from __future__ import annotations

import itertools
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
BOLETO = "23793.38128 60000.000003 00000.000400 1 84340000012345"
PIX = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
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
    assert len(BUILTIN_TEMPLATE_IDS) == 14
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

"""The ways to pay a message offers follow the debt's currency.

Found by a new-user trial: a USD action rendered with the built-in pt_BR pack said "Fale conosco
para receber o boleto, o código Pix ou um link de pagamento". Pix settles only in reais (a BR
Code's currency is 986), and so does a boleto (its line's currency digit 9 is the real): a debt
in another currency is offered neither. A Pix code or boleto line the host puts in such an
action's context is shown, with a caution.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from regua import Action, Schedule, plan, render, render_action
from regua.samples import sample_creditor
from regua.templates import Creditor, build_context

FIRM = {"id": "f", "name": "Firma Ltda", "kind": "business", "contacts": {"email": "f@example.com"}}
SCHEDULE = Schedule.model_validate(
    {"name": "f", "steps": [{"id": "d5", "offset": 5, "channels": ["email"]}]}
)
EVP = "123e4567-e12b-12d1-a456-426655440000"
# The creditor has a Pix key: a BRL action would get a code generated from it.
ACME = Creditor(
    name="Acme Ltda",
    document="11222333000181",
    contact="0800 000 1234",
    pix_key=EVP,
    pix_city="Rio",
)
PIX = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
BOLETO = "10492.00650 61000.100042 00997.263900 9 89810000021403"


def _action(currency: str, context: dict[str, str] | None = None) -> Action:
    invoice = {
        "id": "n1",
        "customer_id": "f",
        "amount": "100.00",
        "currency": currency,
        "due_date": "2026-03-02",
    }
    (action,) = plan(SCHEDULE, [FIRM], [invoice], as_of=date(2026, 3, 9)).actions
    return action if context is None else action.model_copy(update={"context": context})


ASK_OTHER_CURRENCY = {
    "pt_BR": "Fale conosco para receber um link ou as instruções de pagamento: 0800 000 1234.",
    "en": "Contact us to receive a payment link or payment instructions: 0800 000 1234.",
    "es": "Contáctenos para recibir un enlace o las instrucciones de pago: 0800 000 1234.",
}


@pytest.mark.parametrize("locale", sorted(ASK_OTHER_CURRENCY))
@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_a_debt_in_another_currency_is_offered_no_pix_nor_boleto(
    locale: str, currency: str
) -> None:
    action = _action(currency)
    message = render_action(action, customer=FIRM, creditor=sample_creditor(), locale=locale)
    assert ASK_OTHER_CURRENCY[locale] in message.body
    assert "Pix" not in message.body
    assert "boleto" not in message.body
    assert message.warnings == ()
    # Nor is a Pix code generated from the creditor's key.
    values = build_context(action, locale=locale, creditor=ACME)
    assert values["pix_code"] == ""
    assert values["payment_options"] == values["payment_options_short"]
    assert values["payment_options"] == ASK_OTHER_CURRENCY[locale]


@pytest.mark.parametrize(
    ("locale", "ask"),
    [
        ("pt_BR", "Fale conosco para receber o boleto, o código Pix ou um link de pagamento"),
        ("en", "Contact us to receive a boleto, a Pix code or a payment link"),
        ("es", "Contáctenos para recibir un boleto, un código Pix o un enlace de pago"),
    ],
)
def test_a_debt_in_reais_is_still_offered_them(locale: str, ask: str) -> None:
    message = render_action(
        _action("BRL"), customer=FIRM, creditor=sample_creditor(), locale=locale
    )
    assert f"{ask}: 0800 000 1234." in message.body


def test_a_mapping_in_another_currency_is_offered_neither() -> None:
    assert render("$payment_options", {"currency": "EUR"}, channel="sms").body == (
        "Fale conosco para receber um link ou as instruções de pagamento."
    )
    assert render("$payment_options", {}, channel="sms").body == (
        "Fale conosco para receber o boleto, o código Pix ou um link de pagamento."
    )
    options = render(
        "$payment_options", {"amount_due": Decimal("5"), "currency": "USD"}, channel="sms"
    )
    assert "Pix" not in options.body


def test_a_host_pix_code_or_boleto_line_on_another_currency_is_shown_with_a_caution() -> None:
    action = _action("USD", {"pix_code": PIX, "boleto_line": BOLETO})
    message = render_action(action, customer=FIRM, creditor=ACME)
    assert f"Pix copia e cola: {PIX}" in message.body
    assert f"Linha digitável do boleto: {BOLETO}" in message.body
    assert message.warnings == (
        "pix_code: pays reais (BRL), but the action is in USD",
        "boleto_line: pays reais (BRL), but the action is in USD",
    )
    # In reais, no such caution.
    in_reais = _action("BRL", {"pix_code": PIX})
    assert render_action(in_reais, customer=FIRM, creditor=sample_creditor()).warnings == ()


# A bank boleto's value field has 10 digits of cents: R$ 99.999.999,99 at most (found by a
# new-user trial: a R$ 120 septillion debt was still asked to "receber o boleto").
NO_KEY = ACME.model_copy(update={"pix_key": None, "pix_city": None})


@pytest.mark.parametrize(
    ("amount", "asked"),
    [
        ("99999999.99", "Fale conosco para receber o boleto, o código Pix ou um link de pagamento"),
        ("100000000.00", "Fale conosco para receber um link ou as instruções de pagamento"),
    ],
)
def test_a_debt_no_boleto_can_carry_is_not_offered_one(amount: str, asked: str) -> None:
    action = _action("BRL").model_copy(update={"amount_due": Decimal(amount)})
    body = render_action(action, customer=FIRM, creditor=NO_KEY, locale="pt_BR").body
    assert f"{asked}: 0800 000 1234." in body

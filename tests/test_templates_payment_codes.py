"""Issue 14 item 4: Pix codes generated for actions from the creditor's key, host codes checked.

Before, ``pix_code`` and ``boleto_line`` were opaque host strings passed through unchecked, so a
truncated code reached every debtor; and a creditor had no way to have a code generated.
"""

from __future__ import annotations

import binascii
import string
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from regua import Action, ContactRecord, Customer, TemplateError
from regua.errors import InvalidInputError
from regua.pix import find_by_txid, parse_brcode, txid_for
from regua.rules import plan
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule
from regua.templates import Creditor, build_context, render, render_action

EVP = "123e4567-e12b-12d1-a456-426655440000"
PIX = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
WEB_BAD_LENGTH = (
    "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.66"
    "5802BR5907EMPRESA6008BRASILIA62080503***6304170E"
)
BOLETO = "10492.00650 61000.100042 00997.263900 9 89810000021403"
ANA = Customer(id="c1", name="Ana Maria Souza", kind="consumer")
PLAIN = Creditor(name="Acme Serviços Ltda", document="11222333000181")
ACME = Creditor(
    name="Acme Serviços de Cobrança Ltda",
    document="11222333000181",
    pix_key="11.222.333/0001-81",
    pix_city="São Paulo",
)


def _action(**changes: object) -> Action:
    fields: dict[str, object] = {
        "id": "act_0123456789abcdef01234567",
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


def test_a_creditor_with_a_pix_key_gets_a_code_for_the_actions_amount() -> None:
    action = _action()
    message = render_action(action, customer=ANA, creditor=ACME)
    line = next(x for x in message.body.splitlines() if x.startswith("Pix copia e cola: "))
    code = line.removeprefix("Pix copia e cola: ")
    parsed = parse_brcode(code)
    assert (parsed.key, parsed.key_kind, parsed.amount) == (
        "11222333000181",
        "cnpj",
        Decimal("1234.50"),
    )
    assert parsed.merchant_name == "Acme Servicos de Cobranca"  # transliterated, 25 characters
    assert parsed.merchant_city == "Sao Paulo"
    assert parsed.txid == txid_for(action)
    assert code[-4:] == f"{binascii.crc_hqx(code[:-4].encode(), 0xFFFF):04X}"
    # The payment that arrives with that txid leads back to the action and its invoices.
    found = find_by_txid(parsed.txid, [_action(id="other"), action])
    assert found is action
    assert found.invoice_ids == ("NF-10", "NF-11")
    # Deterministic: the same action renders the same code.
    assert render_action(action, customer=ANA, creditor=ACME).body == message.body


def test_generated_code_for_planned_actions_matches_back_through_their_records() -> None:
    result = plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
    customers = {c.id: c for c in sample_customers()}
    records: list[ContactRecord] = []
    txids = set()
    for action in result.actions:
        if action.currency != "BRL" or action.amount_due <= 0:
            continue
        values = build_context(action, locale="pt_BR", creditor=ACME)
        parsed = parse_brcode(values["pix_code"])
        assert parsed.amount == action.amount_due
        txids.add(parsed.txid)
        records.append(action.record())
        render_action(action, customer=customers[action.customer_id], creditor=ACME)
    assert len(txids) == len(records) > 0
    for record in records:
        assert find_by_txid(txid_for(record).lower(), records) is record


def test_host_pix_code_wins_and_is_kept_as_given() -> None:
    values = build_context(_action(context={"pix_code": PIX}), locale="pt_BR", creditor=ACME)
    assert values["pix_code"] == PIX


@pytest.mark.parametrize(
    ("context", "field", "reason"),
    [
        ({"pix_code": WEB_BAD_LENGTH}, "context.pix_code", "after tag 62"),
        ({"pix_code": PIX[:-1]}, "context.pix_code", "tag 63"),  # truncated
        ({"pix_code": PIX[:-4] + "1D3E"}, "context.pix_code", "CRC"),
        ({"pix_code": "abc"}, "context.pix_code", "not a valid Pix code"),
        ({"boleto_line": BOLETO[:-1]}, "context.boleto_line", "46 digits"),
        (
            {"boleto_line": BOLETO.replace("89810000021403", "89810000021503")},
            "context.boleto_line",
            "general check digit",
        ),
        ({"boleto_line": "pague na lotérica"}, "context.boleto_line", "not a valid boleto line"),
    ],
)
def test_bad_host_codes_are_errors_naming_the_field(
    context: dict[str, str], field: str, reason: str
) -> None:
    # Before: each of these rendered into the message unchanged.
    for creditor in (PLAIN, ACME):
        with pytest.raises(TemplateError, match=reason) as caught:
            render_action(_action(context=context), customer=ANA, creditor=creditor)
        assert caught.value.field == field
    with pytest.raises(TemplateError, match=reason) as caught:
        render("$payment_options", context, channel="email")
    assert caught.value.field == field


def test_good_host_codes_render() -> None:
    body = render(
        "$boleto_line | $pix_code", {"boleto_line": BOLETO, "pix_code": PIX}, channel="email"
    ).body
    assert body == f"{BOLETO} | {PIX}"


def test_no_key_no_code() -> None:
    values = build_context(_action(), locale="pt_BR", creditor=PLAIN)
    assert values["pix_code"] == ""
    assert values["payment_options"].startswith("Fale conosco")


def test_pix_pays_reais_only() -> None:
    values = build_context(_action(currency="USD"), locale="pt_BR", creditor=ACME)
    assert values["pix_code"] == ""


def test_an_amount_above_what_a_pix_code_holds_gets_none() -> None:
    # Refused before, which stopped the render of every other message; render_action now
    # says why the message has no Pix code (test_templates_render).
    values = build_context(
        _action(amount_due=Decimal("10000000000.00")), locale="pt_BR", creditor=ACME
    )
    assert values["pix_code"] == ""
    largest = build_context(
        _action(amount_due=Decimal("9999999999.99")), locale="pt_BR", creditor=ACME
    )
    assert "5413" + "9999999999.99" in largest["pix_code"]  # field 54, 13 characters


def test_an_amount_with_more_places_than_reais_have_is_refused_by_field() -> None:
    with pytest.raises(InvalidInputError) as caught:
        build_context(_action(amount_due=Decimal("10.005")), locale="pt_BR", creditor=ACME)
    assert caught.value.field == "action.amount_due"


def test_mapping_data_gets_no_generated_code() -> None:
    # Without an action there is no amount owed and no id to derive a txid from.
    values = build_context({"customer_name": "Ana"}, locale="pt_BR", creditor=ACME)
    assert values["pix_code"] == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pix_key": "11943214321"}, "pix_key"),  # a phone without +55 is read as a CPF
        ({"pix_key": "chave"}, "pix_key"),
        ({"pix_city": None}, "pix_city"),
        ({"pix_city": "東京"}, "pix_city"),
        ({"pix_city": "Recife\nBcc: x"}, "pix_city"),
        ({"name": "日本株式会社"}, "name"),
        ({"pix_name": "日本"}, "pix_name"),
        ({"pix_key": None}, "pix_key"),  # a city without a key
    ],
)
def test_creditor_pix_fields_are_checked_at_construction(
    changes: dict[str, Any], field: str
) -> None:
    fields: dict[str, Any] = {
        "name": "Acme",
        "document": "11222333000181",
        "pix_key": EVP,
        "pix_city": "Recife",
    } | changes
    with pytest.raises(ValidationError) as caught:
        Creditor(**fields)
    assert caught.value.errors()[0]["loc"] in ((field,), ())
    assert field in str(caught.value)


def test_creditor_pix_key_is_normalized_and_pix_name_used() -> None:
    creditor = Creditor(
        name="日本株式会社",
        document="11222333000181",
        pix_key="+55 (11) 94321-4321",
        pix_city="Recife",
        pix_name="Nihon KK",
    )
    assert creditor.pix_key == "+5511943214321"
    code = build_context(_action(), locale="pt_BR", creditor=creditor)["pix_code"]
    assert parse_brcode(code).merchant_name == "Nihon KK"


@settings(max_examples=200)
@given(st.text(min_size=1, max_size=128).filter(lambda s: s.isprintable() and s.strip()))
def test_txid_for_any_action_id_is_in_the_alphabet_and_length(action_id: str) -> None:
    txid = txid_for(action_id)
    assert len(txid) == 25
    assert set(txid) <= set(string.ascii_uppercase + string.digits)
    assert txid == txid_for(action_id)
    assert find_by_txid(txid, ["x", action_id]) == action_id or action_id == "x"


def test_txid_for_refuses_what_is_not_an_action() -> None:
    with pytest.raises(InvalidInputError, match="expected an Action"):
        txid_for(3)  # type: ignore[arg-type]
    assert find_by_txid("RG0", ["a", "b"]) is None

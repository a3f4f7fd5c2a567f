"""``$collection_fee``: the fee an action charges, in the message (issue 11 item 1: the debtor
was never told of the fee the action charged; CDC art. 42 wants the debt stated as it is).
Empty when the action charges none, so one template serves both."""

from __future__ import annotations

from datetime import date

from regua import Schedule, plan, render, render_action
from regua.samples import sample_creditor

BODY = "Olá $first_name: $amount_due. Tarifa de cobrança: $collection_fee. $creditor_identification"
FIRM = {"id": "f", "name": "Firma Ltda", "kind": "business", "contacts": {"email": "f@example.com"}}
INVOICES = [{"id": "n1", "customer_id": "f", "amount": "100.00", "due_date": "2026-03-02"}]


def _body(fee: str | None) -> str:
    step = {"id": "d5", "offset": 5, "channels": ["email"], "template": "t"}
    schedule = Schedule.model_validate({
        "name": "f",
        "steps": [step if fee is None else {**step, "fee": fee}],
        "templates": {"t": {"id": "t", "locale": "pt_BR", "subject": "Cobrança", "body": BODY}},
    })  # fmt: skip
    (action,) = plan(schedule, [FIRM], INVOICES, as_of=date(2026, 3, 9)).actions
    message = render_action(
        action, customer=FIRM, creditor=sample_creditor(), templates=schedule.templates
    )
    return message.body


def test_the_fee_an_action_charges_is_in_its_message() -> None:
    assert _body("10.00").startswith("Olá Firma: R$\xa0100,00. Tarifa de cobrança: R$\xa010,00. ")
    # 15 % of 100.00, formatted for the locale.
    assert "Tarifa de cobrança: R$\xa015,00." in _body("15%")


def test_no_fee_renders_empty() -> None:
    assert "Tarifa de cobrança: . " in _body(None)
    assert render("Tarifa: [$collection_fee]", {}, channel="email").body == "Tarifa: []"

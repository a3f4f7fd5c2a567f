"""Fees per step (issue 11 item 1), as tables of dates → expected actions and fees, by hand.

Tryton's case: a 100.00 invoice due Thursday 2026-03-05; level 1 at D+5 (Tuesday 03-10) charges
a fixed 10.00, level 2 at D+10 (Sunday 03-15, moved to Monday 03-16) charges 15 % of the original
amount (15.00, not 15 % of 110.00): after both the debt is 100 + 10 + 15 = 125.00.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from regua import ContactRecord, Customer, Invoice, plan
from regua.charges import update
from regua.rules import Schedule
from schedule_schema import assert_schema_and_model_agree

DUE = date(2026, 3, 5)
NO_CAPS = {"per_customer_per_day": None, "per_customer_per_week": None}
TRYTON = [
    {"id": "nivel1", "offset": 5, "channels": ["email"], "fee": "10.00"},
    {"id": "nivel2", "offset": 10, "channels": ["email"], "fee": "15%"},
]
NO_CHARGES = {"fine_percent": "0", "interest_percent": "0"}


def _schedule(steps: list[dict[str, Any]] = TRYTON, **guardrails: Any) -> Schedule:
    return Schedule.model_validate(
        {"name": "tryton", "limits": NO_CAPS, "guardrails": guardrails, "steps": steps}
    )


def _customer(kind: str = "business") -> Customer:
    return Customer.model_validate(
        {"id": "c1", "name": "Party", "kind": kind, "contacts": {"email": "p@example.com"}}
    )


def _invoice(iid: str = "i1", amount: str = "100.00", currency: str = "BRL") -> Invoice:
    return Invoice.model_validate(
        {"id": iid, "customer_id": "c1", "amount": amount, "currency": currency, "due_date": DUE}
    )


def _daily(
    schedule: Schedule, customer: Customer, invoices: list[Invoice], last: date
) -> list[tuple[date, str, Decimal | None]]:
    history: list[ContactRecord] = []
    rows = []
    day = DUE
    while day <= last:
        for action in plan(schedule, [customer], invoices, as_of=day, history=history).actions:
            rows.append((day, action.step_id, action.fee))
            history.append(action.record("delivered"))
        day += timedelta(days=1)
    return rows


def test_tryton_fixed_then_percentage_gives_125() -> None:
    rows = _daily(_schedule(), _customer(), [_invoice()], date(2026, 3, 31))
    assert rows == [
        (date(2026, 3, 10), "nivel1", Decimal("10.00")),
        (date(2026, 3, 16), "nivel2", Decimal("15.00")),
    ]
    charged = sum((fee for _, _, fee in rows if fee is not None), Decimal(0))
    debt = update("100.00", DUE, as_of=date(2026, 3, 31), terms=NO_CHARGES, fees=charged)
    assert (debt.fees, debt.total) == (Decimal("25.00"), Decimal("125.00"))


def test_fees_never_count_toward_the_fine_cap_nor_compound() -> None:
    # Default terms: 2 % fine and 1 % a month on the amount alone (26 days late on 03-31:
    # 100 × 1 % × 26/30 = 0.8667 → 0.87); the 25.00 of fees are added as they are.
    debt = update("100.00", DUE, as_of=date(2026, 3, 31), fees="25.00")
    assert (debt.fine, debt.interest, debt.fees, debt.total) == (
        Decimal("2.00"),
        Decimal("0.87"),
        Decimal("25.00"),
        Decimal("127.87"),
    )
    assert "fees" not in update("100.00", DUE, as_of=date(2026, 3, 31)).model_dump()


def test_the_action_reason_reports_the_fee_and_ids_do_not_depend_on_it() -> None:
    (action,) = plan(_schedule(), [_customer()], [_invoice()], as_of=date(2026, 3, 10)).actions
    assert action.reason.endswith("; fee 10.00 (10.00 per invoice)")
    plain = [{k: v for k, v in step.items() if k != "fee"} for step in TRYTON]
    (same,) = plan(_schedule(plain), [_customer()], [_invoice()], as_of=date(2026, 3, 10)).actions
    assert same.id == action.id
    assert same.fee is None
    assert "fee" not in same.model_dump()


@pytest.mark.parametrize(
    ("currency", "amount", "fixed", "charged"),
    [
        # 10.005 → 10.01; 15 % of 99.99 = 14.9985 → 15.00
        ("BRL", "99.99", "10.005", ["10.01", "15.00"]),
        # 15 % of 1005 = 150.75 → 151 (no minor unit); 10.4 → 10
        ("JPY", "1005", "10.4", ["10", "151"]),
        # 15 % of 10.125 = 1.51875 → 1.519
        ("KWD", "10.125", "1.5", ["1.500", "1.519"]),
    ],
)
def test_fees_are_rounded_half_up_to_the_currency(
    currency: str, amount: str, fixed: str, charged: list[str]
) -> None:
    steps = [
        {"id": "nivel1", "offset": 5, "channels": ["email"], "fee": fixed},
        {"id": "nivel2", "offset": 10, "channels": ["email"], "fee": "15%"},
    ]
    invoices = [_invoice(amount=amount, currency=currency)]
    rows = _daily(_schedule(steps), _customer(), invoices, date(2026, 3, 20))
    assert [str(fee) for _, _, fee in rows] == charged


def test_a_consolidated_action_charges_once_per_invoice() -> None:
    invoices = [_invoice("a", "100.00"), _invoice("b", "40.00")]
    (first,) = plan(_schedule(), [_customer()], invoices, as_of=date(2026, 3, 10)).actions
    assert (first.invoice_ids, first.fee) == (("a", "b"), Decimal("20.00"))
    (second,) = plan(
        _schedule(),
        [_customer()],
        invoices,
        as_of=date(2026, 3, 16),
        history=[first.record("delivered")],
    ).actions
    assert second.fee == Decimal("21.00")  # 15.00 + 6.00: 15 % of each original amount


def test_a_partly_paid_invoice_pays_the_percentage_of_its_original_amount() -> None:
    paid = Invoice.model_validate(
        {
            "id": "i1",
            "customer_id": "c1",
            "amount": "100.00",
            "due_date": DUE,
            "payments": [{"date": "2026-03-06", "amount": "60.00"}],
        }
    )
    (action,) = plan(_schedule(), [_customer()], [paid], as_of=date(2026, 3, 16)).actions
    assert (action.amount_due, action.fee) == (Decimal("40.00"), Decimal("15.00"))


def test_a_consumer_fee_needs_the_guardrail_key_cdc_51_xii() -> None:
    (held,) = plan(
        _schedule(), [_customer("consumer")], [_invoice()], as_of=date(2026, 3, 10)
    ).actions
    assert held.fee is None
    assert held.reason.endswith(
        "; fee 10.00 not charged: the customer is a consumer (CDC art. 51 XII: a contract"
        " clause and reciprocity; set guardrails.consumer_fees)"
    )
    (charged,) = plan(
        _schedule(consumer_fees=True),
        [_customer("consumer")],
        [_invoice()],
        as_of=date(2026, 3, 10),
    ).actions
    assert charged.fee == Decimal("10.00")
    assert charged.reason.endswith(
        "; fee 10.00 (10.00 per invoice) charged to a consumer under guardrails.consumer_fees"
        " (CDC art. 51 XII)"
    )
    assert charged.id == held.id


@pytest.mark.parametrize(
    ("fee", "message"),
    [
        ("abc", "fee: 'abc' is not a fee: write an amount ('10.00') or a percentage"),
        ("0", "fee.fixed: Input should be greater than 0"),
        ("0%", "fee.percent: Input should be greater than 0"),
        ("101%", "fee.percent: Input should be less than or equal to 100"),
        ("-1", "fee: '-1' is not a fee"),
        # A JSON number: the message said "10.00 is not a fee: write an amount ('10.00')".
        (5, "fee: the number 5 is not a fee: write it as text"),
        (Decimal("10.00"), "fee: the number 10.00 is not a fee: write it as text"),
        ({"fixed": "1", "percent": "2"}, "fee: fixed: give exactly one of fixed or percent"),
        ({}, "fee: fixed: give exactly one of fixed or percent"),
    ],
)
def test_refused_fees_name_the_field(fee: Any, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        _schedule([{"id": "s", "offset": 1, "channels": ["email"], "fee": fee}])
    assert f"steps[0] ('s').{message}" in str(error.value)


@pytest.mark.parametrize(
    ("fee", "valid"),
    [
        ("10.00", True),
        ("15%", True),
        ("2.5 %", True),
        ({"percent": "15"}, True),
        ("x", False),
        ("-5", False),
        (None, True),
    ],
)
def test_json_schema_agrees_on_fees(fee: Any, valid: bool) -> None:
    document = {"name": "t", "steps": [{"id": "s", "offset": 1, "channels": ["email"], "fee": fee}]}
    assert_schema_and_model_agree(document, valid)


def test_update_refuses_bad_fees_by_name() -> None:
    from regua.errors import InvalidInputError

    for fees, reason in (("-1.00", "must not be negative"), ("1.005", "more than 2 decimal")):
        with pytest.raises(InvalidInputError, match=f"^fees: .*{reason}"):
            update("100.00", DUE, as_of=date(2026, 3, 31), fees=fees)


def test_actions_with_a_fee_and_a_description_round_trip() -> None:
    from regua import Action

    steps = [{**TRYTON[0], "description": "Tryton level 1"}, TRYTON[1]]
    (action,) = plan(_schedule(steps), [_customer()], [_invoice()], as_of=date(2026, 3, 10)).actions
    assert (action.fee, action.description) == (Decimal("10.00"), "Tryton level 1")
    again = Action.model_validate(action.model_dump())
    assert again == action
    assert again.model_dump_json() == action.model_dump_json()
    assert again.model_fields_set == action.model_fields_set


def test_erpnext_fee_and_interest_on_a_365_day_year_gives_110_41() -> None:
    # ERPNext's dunning: 100.00 due Thursday 2026-01-01, one dunning level at D+15 (Friday
    # 01-16) charging a fee of 10.00, interest 10 % a year on a 365-day year, no fine.
    # Interest: 100 × 0.10 × 15/365 = 0.41095… → 0.41; debt 100 + 0.41 + 10 = 110.41.
    due = date(2026, 1, 1)
    schedule = Schedule.model_validate(
        {
            "name": "erpnext",
            "limits": NO_CAPS,
            "steps": [{"id": "dunning", "offset": 15, "channels": ["email"], "fee": "10.00"}],
        }
    )
    invoice = Invoice.model_validate(
        {"id": "i1", "customer_id": "c1", "amount": "100.00", "due_date": due}
    )
    history: list[ContactRecord] = []
    planned = {}
    day = due
    while day <= date(2026, 1, 20):  # the host runs every day and records what it sends
        for action in plan(schedule, [_customer()], [invoice], as_of=day, history=history).actions:
            planned[action.id] = (day, action.step_id, action.fee)
            history.append(action.record("delivered"))
        day += timedelta(days=1)
    assert list(planned.values()) == [(date(2026, 1, 16), "dunning", Decimal("10.00"))]
    # The fees charged so far: those of the actions the history records.
    charged = sum(
        (fee for record in history if (fee := planned[record.action_id][2]) is not None),
        Decimal(0),
    )
    terms = {
        "fine_percent": "0",
        "interest_percent": "10",
        "interest_period": "year",
        "year_basis": "365",
        "grace_to_next_business_day": False,
    }
    debt = update(
        invoice.amount,
        due,
        as_of=date(2026, 1, 16),
        terms=terms,
        customer_kind="business",
        fees=charged,
    )
    assert (debt.days_late, debt.interest, debt.fees, debt.total) == (
        15,
        Decimal("0.41"),
        Decimal("10.00"),
        Decimal("110.41"),
    )
    assert debt.model_dump()["fees"] == Decimal("10.00")

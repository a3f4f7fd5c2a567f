"""``Action.fees``: what an action charges on each invoice, summing to ``fee``, so a host adds
each invoice's own fees to its debt (``update(..., fees=...)``). Before, a notice over several
invoices carried only the total: a 15 % fee on 100.00 and 33.33 was 20.00, with no way to tell
15.00 from 5.00 but to redo the schedule's arithmetic."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

import regua.columnar
import regua.frames
from regua import Action, Customer, Invoice, plan
from regua.charges import update
from regua.rules import Schedule

D = Decimal
DUE = date(2026, 3, 5)
NO_CAPS = {"per_customer_per_day": None, "per_customer_per_week": None}
FIRM = Customer.model_validate(
    {"id": "f", "name": "Firm", "kind": "business", "contacts": {"email": "ap@firm.example"}}
)


def _invoice(iid: str, amount: str, due: date = DUE) -> Invoice:
    return Invoice.model_validate(
        {"id": iid, "customer_id": "f", "amount": amount, "due_date": due}
    )


def _schedule(*steps: dict[str, Any], **options: Any) -> Schedule:
    return Schedule.model_validate({"name": "f", "limits": NO_CAPS, "steps": steps, **options})


def _fees(schedule: Schedule, invoices: list[Invoice], day: date, **kw: Any) -> list[Any]:
    return [
        (a.step_id, a.fee, a.fees)
        for a in plan(schedule, [FIRM], invoices, as_of=day, **kw).actions
    ]


def test_a_percentage_fee_per_invoice_of_its_original_amount() -> None:
    # 15 % of 100.00 = 15.00; of 33.33 = 4.9995 -> 5.00 (half-up); the action: 20.00.
    schedule = _schedule({"id": "d5", "offset": 5, "channels": ["email"], "fee": "15%"})
    invoices = [_invoice("a", "100.00"), _invoice("b", "33.33")]
    assert _fees(schedule, invoices, date(2026, 3, 10)) == [
        ("d5", D("20.00"), {"a": D("15.00"), "b": D("5.00")})
    ]


def test_a_fixed_fee_per_invoice_and_update_per_invoice() -> None:
    schedule = _schedule({"id": "d5", "offset": 5, "channels": ["email"], "fee": "10.00"})
    invoices = [_invoice("a", "100.00"), _invoice("b", "33.33")]
    [action] = plan(schedule, [FIRM], invoices, as_of=date(2026, 3, 10)).actions
    assert (action.fee, action.fees) == (D("20.00"), {"a": D("10.00"), "b": D("10.00")})
    terms = {"fine_percent": "0", "interest_percent": "0"}
    debt = update("33.33", DUE, as_of=date(2026, 3, 10), terms=terms, fees=action.fees["b"])
    assert debt.total == D("43.33")


def test_an_invoice_raised_into_a_notice_its_when_excludes_is_not_charged() -> None:
    # 03-11: 'big' 600.00 (due 03-01) is at d10, 'small' 50.00 (due 03-10) at d1, raised into
    # d10's notice; d10's when (>= 500) excludes 'small': 10 % of 600.00 only.
    schedule = _schedule(
        {"id": "d1", "offset": 1, "channels": ["email"]},
        {"id": "d10", "offset": 10, "channels": ["email"], "fee": "10%",
         "when": {"min_amount": "500.00"}},
        consolidate="customer",
    )  # fmt: skip
    invoices = [
        _invoice("big", "600.00", date(2026, 3, 1)),
        _invoice("small", "50.00", date(2026, 3, 10)),
    ]
    assert _fees(schedule, invoices, date(2026, 3, 11)) == [
        ("d10", D("60.00"), {"big": D("60.00")})
    ]


def test_no_fees_where_no_fee_is_charged() -> None:
    # A consumer without guardrails.consumer_fees, a step without a fee, and a repeat.
    consumer = FIRM.replace(kind="consumer")
    schedule = _schedule(
        {"id": "d5", "offset": 5, "channels": ["email"], "fee": "10.00",
         "repeat": {"every": 2, "max": 1}},
    )  # fmt: skip
    [action] = plan(
        schedule, [consumer], [_invoice("a", "100.00")], as_of=date(2026, 3, 10)
    ).actions
    assert (action.fee, action.fees) == (None, None)
    first = plan(schedule, [FIRM], [_invoice("a", "100.00")], as_of=date(2026, 3, 10)).actions
    assert first[0].fees == {"a": D("10.00")}
    history = [a.record("delivered") for a in first]
    again = plan(
        schedule, [FIRM], [_invoice("a", "100.00")], as_of=date(2026, 3, 12), history=history
    )
    assert [(a.repetition, a.fee, a.fees) for a in again.actions] == [(1, None, None)]


def test_the_columnar_engine_gives_the_same_fees() -> None:
    schedule = _schedule({"id": "d5", "offset": 5, "channels": ["email"], "fee": "15%"})
    invoices = [_invoice("a", "100.00"), _invoice("b", "33.33")]
    result = regua.columnar.plan(
        schedule,
        regua.frames.to_polars([FIRM]),
        regua.frames.to_polars(invoices),
        as_of=date(2026, 3, 10),
    )
    assert result.actions.get_column("fees").to_list() == [
        [{"key": "a", "value": D("15.00")}, {"key": "b", "value": D("5.00")}]
    ]


def _action(**changes: Any) -> dict[str, Any]:
    start = datetime(2026, 3, 10, 11, tzinfo=UTC)
    return {
        "id": "act_1", "customer_id": "f", "invoice_ids": ["a", "b"], "step_id": "d5",
        "action": "message", "channel": "email", "window_start": start,
        "window_end": start.replace(hour=20), "amount_due": "133.33", "days_overdue": 5,
        "due_date": DUE, "reason": "x", "fee": "20.00", "fees": {"a": "15.00", "b": "5.00"},
        **changes,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fees": {"a": "15.00", "c": "5.00"}}, "fees: 'c' is not one of the action's invoice_ids"),
        ({"fees": {"a": "15.00", "b": "4.99"}}, "fees: they sum to 19.99, not to fee 20.00"),
        ({"fee": None}, "fees: set fee too (their sum)"),
        ({"fees": {"a": "-1.00"}}, "greater than or equal to 0"),
    ],
)
def test_an_action_whose_fees_do_not_add_up_is_refused(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Action.model_validate(_action(**changes))


def test_fees_round_trip_through_json_and_are_left_out_when_none() -> None:
    action = Action.model_validate(_action())
    assert Action.model_validate_json(action.model_dump_json()) == action
    assert action.model_dump(mode="json")["fees"] == {"a": "15.00", "b": "5.00"}
    assert "fees" not in Action.model_validate(_action(fee=None, fees=None)).model_dump()

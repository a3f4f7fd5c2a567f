"""One notice per customer (``consolidate: "customer"``) never charges or claims more than the
invoices owe at the notice's step: a step's fee is charged on the invoices due for that step
themselves, never on the ones the notice lists above their own step; and an invoice not yet
overdue is never raised into a notice of overdue debt (its reminder stays its own). Computed by
hand; March 2026: Mon 02, Mon 09, Wed 11."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from regua import Customer, Invoice, explain, plan
from regua.rules import Schedule

FIRM = Customer.model_validate(
    {"id": "f", "name": "F", "kind": "business", "contacts": {"email": "f@example.com"}}
)


def _invoice(iid: str, due: date, amount: str) -> Invoice:
    return Invoice.model_validate(
        {"id": iid, "customer_id": "f", "amount": amount, "due_date": due}
    )


def _schedule(*steps: dict[str, Any]) -> Schedule:
    return Schedule.model_validate({"name": "c", "consolidate": "customer", "steps": steps})


def _actions(schedule: Schedule, invoices: list[Invoice], day: date) -> list[Any]:
    return [
        (a.step_id, a.invoice_ids, a.amount_due, a.fee)
        for a in plan(schedule, [FIRM], invoices, as_of=day).actions
    ]


def test_an_invoice_not_yet_due_stays_out_of_an_overdue_notice_and_its_fee() -> None:
    # 03-09: 'old' (due 03-02) is at d7 (03-09); 'new' (due 03-12) at its reminder l (03-09),
    # not overdue. Before: one d7 notice listed both, 300.00 "overdue" and a 20.00 fee.
    schedule = _schedule(
        {"id": "l", "offset": -3, "channels": ["email"]},
        {"id": "d7", "offset": 7, "channels": ["email"], "fee": "10.00"},
    )
    invoices = [
        _invoice("old", date(2026, 3, 2), "100.00"),
        _invoice("new", date(2026, 3, 12), "200.00"),
    ]
    # One contact a day: the reminder waits (capped) behind the overdue notice.
    assert _actions(schedule, invoices, date(2026, 3, 9)) == [
        ("d7", ("old",), Decimal("100.00"), Decimal("10.00"))
    ]
    skipped = plan(schedule, [FIRM], invoices, as_of=date(2026, 3, 9)).skipped
    assert [(s.invoice_ids, s.step_id, s.code.value, s.retry_on) for s in skipped] == [
        (("new",), "l", "capped", date(2026, 3, 10)),
        (("old",), "l", "superseded", None),
    ]
    rows = explain(schedule, FIRM, invoices, as_of=date(2026, 3, 9)).rows
    assert [(r.step_id, r.state.value) for r in rows if r.invoice_id == "new"] == [
        ("l", "skipped"),
        ("d7", "not_yet"),
    ]


def test_a_fee_is_charged_on_the_invoices_due_for_its_step_only() -> None:
    # 03-11: 'big' 600.00 (due 03-01) is at d10 (03-11, 600 >= 500); 'small' 50.00 (due 03-10)
    # at d1 (03-11), overdue, raised into d10's notice, which its own when would not reach.
    # The fee is 10 % of 600.00 = 60.00 (before: 65.00, 10 % of both).
    schedule = _schedule(
        {"id": "d1", "offset": 1, "channels": ["email"]},
        {"id": "d10", "offset": 10, "channels": ["email"], "fee": "10%",
         "when": {"min_amount": "500.00"}},
    )  # fmt: skip
    invoices = [
        _invoice("big", date(2026, 3, 1), "600.00"),
        _invoice("small", date(2026, 3, 10), "50.00"),
    ]
    assert _actions(schedule, invoices, date(2026, 3, 11)) == [
        ("d10", ("big", "small"), Decimal("650.00"), Decimal("60.00"))
    ]

"""Under ``ladder: "customer"`` the ladder's exhausted state is every open member's, in
``explain`` as in ``plan``: an installment of a cancelled agreement whose own step was recorded
is not exhausted while the ladder runs on (explain listed it; plan did not). Found by
``tests/test_plan_reports.py``'s property; by hand: c4 owes i4-0 (due Mon 2026-03-16) and the
installment i4-a1 (issued 03-15) of agreement a4, signed 03-15 and cancelled 03-20. The listing
step s0 goes one business day after the issue date: for i4-a1 on 03-16 (the agreement covers
i4-0), and once the agreement is cancelled, for i4-0, which carries the debt, on 03-20."""

from __future__ import annotations

from datetime import date

from regua import Customer, Invoice, Outcome, explain, plan
from regua.models import Agreement

SCHEDULE = {
    "name": "padrao", "ladder": "customer", "consolidate": "customer", "non_business_day": "keep",
    "steps": [{"id": "s0", "offset": "1bd", "action": "bureau_listing", "anchor": "issue_date"}],
    "guardrails": {"contact_window": False, "notice_before_listing": False},
}  # fmt: skip
C4 = Customer.model_validate({"id": "c4", "name": "Cliente 4", "kind": "consumer", "state": "SP"})
INVOICES = [
    Invoice.model_validate({"id": "i4-0", "customer_id": "c4", "amount": "49.90",
                            "due_date": "2026-03-16", "issue_date": "2026-03-16"}),
    Invoice.model_validate({"id": "i4-a1", "customer_id": "c4", "amount": "90.00",
                            "due_date": "2026-04-14", "issue_date": "2026-03-15",
                            "agreement_id": "a4"}),
]  # fmt: skip
AGREEMENTS = [
    Agreement.model_validate({
        "id": "a4", "customer_id": "c4", "invoice_ids": ["i4-0"], "signed_on": "2026-03-15",
        "original_debt": "300.00", "rate": "0", "cancelled_on": "2026-03-20",
        "installments": [
            {"number": k, "due_date": due, "amount": "90.00", "interest": "0.00",
             "amortization": "0.00", "balance_after": "0.00"}
            for k, due in ((1, "2026-04-14"), (2, "2026-05-14"), (3, "2026-06-13"))
        ],
    })
]  # fmt: skip


def test_a_members_own_record_does_not_exhaust_a_running_ladder() -> None:
    history = []
    seen = {}
    for day in (date(2026, 3, 16), date(2026, 3, 20)):
        result = plan(SCHEDULE, [C4], INVOICES, as_of=day, history=history, agreements=AGREEMENTS)
        told = explain(SCHEDULE, C4, INVOICES, as_of=day, history=history, agreements=AGREEMENTS)
        seen[day] = ([a.invoice_ids for a in result.actions], result.exhausted, told.exhausted)
        history += [a.record(Outcome.DELIVERED) for a in result.actions]
    assert seen == {
        date(2026, 3, 16): ([("i4-a1",)], (), ()),
        date(2026, 3, 20): ([("i4-0",)], (), ()),  # explain said ('i4-a1',)
    }

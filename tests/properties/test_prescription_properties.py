"""Invariant: no planned action reaches a prescribed invoice, except a named neutral offer.

The oracle for "prescribed" is written out here, not taken from ``regua.prescription``: the
day after the due date, ``years`` later, compared as (year, month, day) so that a 29 February
that does not exist counts as passed on 1 March.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from regua.rules import Schedule, SkipCode, plan

STEPS: list[dict[str, Any]] = [
    {"id": "lembrete", "offset": -3, "channels": ["email"]},
    {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
    {"id": "oferta", "offset": 15, "channels": ["email"], "template": "agreement_proposal"},
    {"id": "ligacao", "offset": 20, "action": "call_task", "channels": ["phone"]},
    {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["email"]},
    {"id": "negativacao", "offset": 45, "action": "bureau_listing"},
    {"id": "protesto", "offset": 60, "action": "protest"},
]
CUSTOMER = {
    "id": "c1",
    "name": "Ana",
    "kind": "consumer",
    "contacts": {"email": "ana@example.com", "sms": "+5511999990000", "phone": "+551133330000"},
}
AS_OF = date(2026, 3, 16)


def _prescribed(due: date, years: int | None) -> bool:
    if years is None:
        return False
    start = due + timedelta(days=1)
    return (AS_OF.year, AS_OF.month, AS_OF.day) >= (start.year + years, start.month, start.day)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=6 * 366), min_size=1, max_size=6),
    st.sampled_from(["latest", "all", "none"]),
    st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
    st.booleans(),
    st.booleans(),
)
def test_no_action_reaches_a_prescribed_invoice_but_a_named_offer(
    ages: list[int], catch_up: str, years: int | None, offers: bool, uncapped: bool
) -> None:
    guardrails: dict[str, Any] = {"prescription_years": years}
    if offers and years is not None:
        guardrails["prescribed_offer_steps"] = ["oferta"]
    schedule = Schedule.model_validate(
        {
            "name": "p",
            "catch_up": catch_up,
            "steps": STEPS,
            "guardrails": guardrails,
            "limits": {"per_customer_per_day": None, "per_customer_per_week": None}
            if uncapped
            else {},
        }
    )
    dues = {f"i{k}": AS_OF - timedelta(days=age) for k, age in enumerate(ages)}
    invoices = [
        {"id": iid, "customer_id": "c1", "amount": "100.00", "due_date": due}
        for iid, due in dues.items()
    ]
    result = plan(schedule, [CUSTOMER], invoices, as_of=AS_OF)
    allowed = set(schedule.guardrails.prescribed_offer_steps)
    for action in result.actions:
        if action.step_id in allowed:
            continue
        assert not any(_prescribed(dues[iid], years) for iid in action.invoice_ids)
    for skip in result.skipped:
        if skip.code is SkipCode.PRESCRIBED:
            assert skip.step_id not in allowed
            assert all(_prescribed(dues[iid], years) for iid in skip.invoice_ids)
    # Every prescribed invoice with a step due is reported, so a host can tell why it is silent.
    reported = {
        iid for s in result.skipped if s.code is SkipCode.PRESCRIBED for iid in s.invoice_ids
    }
    offered = {iid for a in result.actions for iid in a.invoice_ids}
    for iid, due in dues.items():
        if _prescribed(due, years):
            assert iid in reported or iid in offered

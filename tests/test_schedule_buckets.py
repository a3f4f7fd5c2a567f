"""Buckets and thresholds in ``when`` (issue 11 item 5): days-overdue ranges, customer totals and
amounts per currency, as tables of dates → expected actions computed by hand.

The ladder is the seeds' 1–5 / 6–30 / 31+ buckets, due Thursday 2026-03-05, every step date
kept as is (``non_business_day: keep``) and no caps, so each row below is plain arithmetic:
``cedo`` is due from 03-06 (D+1), ``medio`` from 03-11 (D+6), ``tarde`` from 04-05 (D+31).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from regua import Customer, Invoice, explain, plan
from regua.rules import Schedule
from schedule_schema import assert_schema_and_model_agree

DUE = date(2026, 3, 5)
NO_CAPS = {"per_customer_per_day": None, "per_customer_per_week": None}


def _schedule(catch_up: str, steps: list[dict[str, Any]]) -> Schedule:
    return Schedule.model_validate(
        {
            "name": "faixas",
            "catch_up": catch_up,
            "non_business_day": "keep",
            "limits": NO_CAPS,
            "steps": steps,
        }
    )


BUCKETS = [
    {
        "id": "cedo",
        "offset": 1,
        "channels": ["email"],
        "when": {"days_overdue": {"min": 1, "max": 5}},
    },
    {
        "id": "medio",
        "offset": 6,
        "channels": ["email"],
        "when": {"days_overdue": {"min": 6, "max": 30}},
    },
    {
        "id": "tarde",
        "offset": 31,
        "action": "call_task",
        "channels": ["phone"],
        "when": {"days_overdue": {"min": 31}},
    },
]

ANA = Customer.model_validate(
    {
        "id": "ana",
        "name": "Ana",
        "kind": "business",
        "contacts": {"email": "ana@example.com", "phone": "+551133330000"},
    }
)


def _invoice(iid: str, amount: str = "100.00", currency: str = "BRL", due: date = DUE) -> Invoice:
    return Invoice.model_validate(
        {"id": iid, "customer_id": "ana", "amount": amount, "currency": currency, "due_date": due}
    )


@pytest.mark.parametrize("catch_up", ["all", "latest"])
@pytest.mark.parametrize(
    ("first_run", "expected"),
    [
        (date(2026, 3, 5), []),  # due today: no bucket yet
        (date(2026, 3, 6), ["cedo"]),  # 1 day overdue
        (date(2026, 3, 10), ["cedo"]),  # 5 days
        (date(2026, 3, 11), ["medio"]),  # 6 days: 'cedo' is due but outside 1–5
        (date(2026, 4, 4), ["medio"]),  # 30 days
        (date(2026, 4, 5), ["tarde"]),  # 31 days: only the last bucket applies
        (date(2026, 9, 1), ["tarde"]),  # 180 days: open-ended bucket
    ],
)
def test_a_first_run_fires_the_bucket_of_the_day(
    catch_up: str, first_run: date, expected: list[str]
) -> None:
    result = plan(_schedule(catch_up, BUCKETS), [ANA], [_invoice("i1")], as_of=first_run)
    assert [a.step_id for a in result.actions] == expected


def test_explain_says_why_a_bucket_does_not_apply() -> None:
    told = explain(_schedule("all", BUCKETS), ANA, [_invoice("i1")], as_of=date(2026, 3, 11))
    rows = {row.step_id: (row.state.value, row.reason) for row in told.rows}
    assert rows["cedo"] == ("not_applicable", "when.days_overdue: 6 days overdue, outside [1, 5]")
    assert rows["medio"][0] == "planned"
    assert rows["tarde"][0] == "not_yet"


PER_CURRENCY = [
    {
        "id": "aviso",
        "offset": 5,
        "channels": ["email"],
        "when": {"min_amount": {"BRL": "50.00", "EUR": "10.00"}},
    }
]


def test_amount_thresholds_per_currency_and_no_threshold_no_dunning() -> None:
    # Lago's rule: a currency with no threshold is not dunned by the step.
    invoices = [
        _invoice("brl_40", "40.00"),  # below 50.00
        _invoice("brl_60", "60.00"),  # above 50.00
        _invoice("eur_12", "12.00", "EUR"),  # above 10.00
        _invoice("eur_9", "9.00", "EUR"),  # below 10.00
        _invoice("usd_500", "500.00", "USD"),  # no USD threshold
    ]
    result = plan(_schedule("latest", PER_CURRENCY), [ANA], invoices, as_of=date(2026, 3, 10))
    assert [(a.currency, a.invoice_ids, a.amount_due) for a in result.actions] == [
        ("BRL", ("brl_60",), _invoice("x", "60.00").amount),
        ("EUR", ("eur_12",), _invoice("x", "12.00", "EUR").amount),
    ]
    told = explain(_schedule("latest", PER_CURRENCY), ANA, invoices, as_of=date(2026, 3, 10))
    reasons = {row.invoice_id: row.reason for row in told.rows}
    assert reasons["usd_500"] == "when.min_amount: no amount for USD (only BRL, EUR)"
    assert reasons["brl_40"] == "when.min_amount: balance 40.00 is below 50.00"
    assert reasons["eur_9"] == "when.min_amount: balance 9.00 is below 10.00"


def test_customer_total_per_currency_kill_bill_style() -> None:
    # Kill Bill's totalUnpaidInvoiceBalanceEqualsOrExceeds, per currency: BRL 40 + 70 = 110 ≥ 100
    # (both BRL invoices fire); EUR 30 < 80 (the EUR invoice does not).
    steps = [
        {
            "id": "total",
            "offset": 5,
            "channels": ["email"],
            "when": {"min_total_overdue": {"BRL": "100.00", "EUR": "80.00"}, "min_invoices": 2},
        }
    ]
    invoices = [
        _invoice("b1", "40.00"),
        _invoice("b2", "70.00", due=date(2026, 3, 1)),
        _invoice("e1", "30.00", "EUR"),
    ]
    result = plan(_schedule("latest", steps), [ANA], invoices, as_of=date(2026, 3, 10))
    assert [(a.currency, a.invoice_ids) for a in result.actions] == [("BRL", ("b2", "b1"))]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ({"days_overdue": {}}, "when.days_overdue: min: give min, max or both"),
        ({"days_overdue": {"min": 6, "max": 5}}, "when.days_overdue: min: 6 is above max 5"),
        ({"days_overdue": {"min": 10**6}}, "when.days_overdue.min: Input should be less"),
        ({"min_amount": {}}, "when.min_amount: an empty mapping of currencies never matches"),
        ({"min_amount": {"XYZ": "1.00"}}, "when.min_amount: 'XYZ' is not an ISO 4217"),
        ({"min_amount": {"BRL": "x"}}, "when.min_amount: amount for BRL: 'x' is not a decimal"),
        # Before: {"BRL": "50.00", "brl": "10"} loaded as {BRL: 10}, the last key winning.
        (
            {"min_amount": {"BRL": "50.00", "brl": "10"}},
            "when.min_amount: 'brl' names BRL a second time",
        ),
        ({"min_amount": "-5"}, "when.min_amount: -5 is negative"),
        (
            {"max_total_overdue": {"EUR": "-1"}},
            "when.max_total_overdue: amount for EUR: -1 is negative",
        ),
        (
            {"min_amount": {"JPY": "10.50"}},
            "when.min_amount: amount for JPY: 10.50 has more than 0",
        ),
        (
            {"min_amount": {"BRL": "60"}, "max_amount": {"BRL": "50", "EUR": "9"}},
            "when: min_amount.BRL: 60 is above max_amount.BRL 50",
        ),
        (
            {"min_amount": "60", "max_amount": {"BRL": "50"}},
            "when: min_amount.BRL: 60 is above max_amount.BRL 50",
        ),
    ],
)
def test_refused_buckets_and_thresholds_name_the_field(when: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        _schedule("latest", [{"id": "s", "offset": 1, "channels": ["email"], "when": when}])
    assert f"steps[0] ('s').{message}" in str(error.value)


@pytest.mark.parametrize(
    ("when", "valid"),
    [
        ({"days_overdue": {"min": 1, "max": 5}}, True),
        ({"days_overdue": {"max": -1}}, True),
        ({"days_overdue": {}}, False),
        ({"days_overdue": {"min": 3651}}, False),
        ({"min_amount": {"BRL": "50.00", "EUR": "10.00"}}, True),
        ({"max_total_overdue": {"USD": "1000"}}, True),
        ({"min_amount": {}}, False),
        ({"min_amount": {"XYZ": "1"}}, False),
        ({"min_amount": {"BRL": "abc"}}, False),
        ({"min_amount": {"BRL": None}}, False),
        ({"min_amount": {"BRL": "50.00", "brl": "10"}}, False),
        ({"min_amount": "-5"}, False),
    ],
)
def test_json_schema_agrees_on_buckets_and_thresholds(when: dict[str, Any], valid: bool) -> None:
    document = {
        "name": "t",
        "steps": [{"id": "s", "offset": 1, "channels": ["email"], "when": when}],
    }
    assert_schema_and_model_agree(document, valid)

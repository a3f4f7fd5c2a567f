"""Credit decisions: the default policy rule by rule (hand-computed), agreements, reasons,
policy validation, input errors, and the portfolio form equal to the per-customer one."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from pydantic import ValidationError

from regua.__main__ import main
from regua.errors import InvalidInputError
from regua.frames import to_polars
from regua.models import Agreement, Invoice
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices
from regua.scoring import (
    CreditPolicy,
    classify,
    decide_credit,
    decide_credit_portfolio,
    default_credit_policy,
)

AS_OF = date(2026, 6, 30)
CUSTOMER = {"id": "c1", "name": "Acme Ltda", "kind": "business", "tags": ["key"]}
POLICY = default_credit_policy()


def invoice(month: int, delay: int | None = 0, amount: str = "1000.00") -> dict[str, Any]:
    """An invoice due on the 10th of ``month`` 2026, paid ``delay`` days late (None: open)."""
    due = date(2026, month, 10)
    row: dict[str, Any] = {
        "id": f"i{month}",
        "customer_id": "c1",
        "amount": amount,
        "due_date": due,
    }
    if delay is not None:
        row["payments"] = [{"date": due + timedelta(days=delay), "amount": amount}]
    return row


def history(late: dict[int, int | None] | None = None) -> list[dict[str, Any]]:
    """Six monthly invoices of 1,000.00 (January to June), on time except ``late``."""
    late = late or {}
    return [invoice(m, late.get(m, 0)) for m in range(1, 7)]


# Six invoices of 1,000.00 due in the six months before 30 June: billing 1,000.00 a month.
@pytest.mark.parametrize(
    ("late", "rule", "limit", "terms", "guarantee", "restricted"),
    [
        ({}, "good", "2000.00", 30, False, False),
        ({2: 10}, "one_off", "2000.00", 21, False, True),
        ({1: 10, 4: 10}, "occasional", "1000.00", 21, False, True),
        ({1: 10, 2: 10, 3: 10}, "recurring", "1000.00", 14, True, True),
    ],
)
def test_default_policy_by_profile(
    late: dict[int, int | None],
    rule: str,
    limit: str,
    terms: int,
    guarantee: bool,
    restricted: bool,
) -> None:
    decision = decide_credit(POLICY, CUSTOMER, history(late), as_of=AS_OF)
    assert decision.rule == rule
    assert decision.limit == Decimal(limit)
    assert decision.exposure == Decimal("0.00")
    assert decision.available == Decimal(limit)
    assert decision.terms_days == terms
    assert decision.guarantee_required is guarantee
    assert decision.restricted is restricted
    assert decision.no_new_credit is False
    assert decision.facts.average_monthly_billing == Decimal("1000.00")


def test_more_than_30_days_overdue_gets_no_new_credit() -> None:
    # May's invoice (due 10 May) open on 30 June: 51 days overdue; June's open too (20 days).
    decision = decide_credit(
        POLICY, CUSTOMER, history({5: None, 6: None}), as_of=AS_OF, order_amount="10.00"
    )
    assert decision.rule == "overdue"
    assert (decision.limit, decision.exposure, decision.available) == (
        Decimal("0.00"),
        Decimal("2000.00"),
        Decimal("-2000.00"),
    )
    assert decision.fits is False
    assert decision.no_new_credit
    assert decision.terms_days == 0
    assert decision.payment_methods == ("prepayment",)
    assert decision.facts.days_overdue == 51
    assert decision.facts.overdue_amount == Decimal("2000.00")
    assert decision.reasons[1] == "because 51 days overdue now (from 31)"


def test_30_days_overdue_is_not_yet_the_overdue_rule() -> None:
    # Due 31 May, open on 30 June: exactly 30 days; the one late invoice makes it one_off.
    late = [*history(), {**invoice(5), "id": "x", "due_date": date(2026, 5, 31), "payments": []}]
    decision = decide_credit(POLICY, CUSTOMER, late, as_of=AS_OF)
    assert decision.facts.days_overdue == 30
    assert decision.rule == "one_off"


def test_limit_is_billing_in_window_over_its_months_rounded_down() -> None:
    # 333.33 + 333.34 + 333.33 billed in the window: 1000.00 / 6 months = 166.666… ; 2 × = 333.33
    bills = [invoice(4, 0, "333.33"), invoice(5, 0, "333.34"), invoice(6, 0, "333.33")]
    # One invoice due before the window (30 Dec 2025 excluded) does not count.
    day = date(2025, 12, 30)
    old = {
        **invoice(1),
        "id": "old",
        "due_date": day,
        "payments": [{"date": day, "amount": "1.00"}],
    }
    old["amount"] = "1.00"
    decision = decide_credit(POLICY, CUSTOMER, [*bills, old], as_of=AS_OF)
    assert decision.rule == "good"
    assert decision.facts.billed_in_window == Decimal("1000.00")
    assert decision.facts.average_monthly_billing == Decimal("166.67")
    assert decision.limit == Decimal("333.33")
    assert decision.facts.months_history == 6  # 30 Dec 2025 to 30 June 2026


def test_order_fits_within_available() -> None:
    # An open invoice due after as_of: exposure 1000.00, nothing overdue.
    future = {**invoice(6, None), "id": "next", "due_date": date(2026, 7, 10)}
    bills = [*history(), future]
    fits = decide_credit(POLICY, CUSTOMER, bills, as_of=AS_OF, order_amount="1000.00")
    over = decide_credit(POLICY, CUSTOMER, bills, as_of=AS_OF, order_amount="1000.01")
    assert (fits.limit, fits.exposure, fits.available) == (
        Decimal("2000.00"),
        Decimal("1000.00"),
        Decimal("1000.00"),
    )
    assert fits.fits is True
    assert over.fits is False
    assert decide_credit(POLICY, CUSTOMER, bills, as_of=AS_OF).fits is None


def _agreement(paid: int, *, first_month: int | None = None) -> dict[str, Any]:
    """An agreement signed 1 March on invoices i1 and i2 (both open): six installments of
    350.00 due on the 5th of consecutive months from ``first_month`` (default: so that exactly
    ``paid`` are due by 30 June), the first ``paid`` paid on their due date."""
    first = first_month if first_month is not None else 7 - paid
    installments = []
    for n in range(1, 7):
        due = date(2026, first + n - 1, 5)
        row: dict[str, Any] = {"number": n, "due_date": due, "amount": "350.00"}
        if n <= paid:
            row["payments"] = [{"date": due, "amount": "350.00"}]
        installments.append(row)
    return {
        "id": "a1",
        "customer_id": "c1",
        "invoice_ids": ["i1", "i2"],
        "signed_on": date(2026, 3, 1),
        "original_debt": "2100.00",
        "installments": installments,
    }


def _renegotiated() -> list[dict[str, Any]]:
    """January's and February's invoices open (renegotiated), March to June paid on time."""
    return [invoice(1, None), invoice(2, None)] + [invoice(m) for m in range(3, 7)]


# Billing: the six invoices due in the window (renegotiated ones too): 1000.00 a month.
# Exposure: i1 and i2 are the agreement's now; what is left of the agreement counts instead.
@pytest.mark.parametrize(
    ("paid", "rule", "limit", "terms", "left"),
    [
        (0, "agreement_started", "500.00", 7, "2100.00"),
        (2, "agreement_started", "500.00", 7, "1400.00"),
        (3, "agreement_kept", "1000.00", 14, "1050.00"),
        (4, "agreement_kept", "1000.00", 14, "700.00"),
    ],
)
def test_a_kept_agreement_restores_credit_gradually(
    paid: int, rule: str, limit: str, terms: int, left: str
) -> None:
    decision = decide_credit(
        POLICY, CUSTOMER, _renegotiated(), as_of=AS_OF, agreements=[_agreement(paid)]
    )
    assert decision.rule == rule
    assert decision.facts.agreement is True
    assert decision.facts.installments_paid == paid
    assert decision.facts.days_overdue == 0
    assert decision.exposure == Decimal(left)
    assert decision.limit == Decimal(limit)
    assert decision.terms_days == terms
    assert decision.guarantee_required is (rule == "agreement_started")
    assert decision.restricted


def test_a_broken_agreement_restores_nothing() -> None:
    # The first installment, due 5 March, unpaid 30 days later: broken from 5 April.
    decision = decide_credit(
        POLICY, CUSTOMER, _renegotiated(), as_of=AS_OF, agreements=[_agreement(0, first_month=3)]
    )
    assert decision.rule == "overdue"
    assert decision.facts.agreement is False
    assert decision.facts.days_overdue == (AS_OF - date(2026, 1, 10)).days
    assert decision.exposure == Decimal("2000.00")


def test_installment_invoices_passed_are_counted_once() -> None:
    agreement = Agreement.model_validate(_agreement(2))
    bills = _renegotiated()
    with_installments = bills + [i.model_dump() for i in agreement.to_invoices()]
    alone = decide_credit(POLICY, CUSTOMER, bills, as_of=AS_OF, agreements=[agreement])
    both = decide_credit(POLICY, CUSTOMER, with_installments, as_of=AS_OF, agreements=[agreement])
    assert alone.exposure == both.exposure == Decimal("1400.00")
    assert alone.facts.billed_in_window == both.facts.billed_in_window
    assert both.rule == "agreement_started"


def test_profile_override_and_reasons_name_the_rule_and_facts() -> None:
    decision = decide_credit(POLICY, CUSTOMER, history(), as_of=AS_OF, profile="recurring")
    assert decision.rule == "recurring"
    assert decision.reasons[0] == (
        "rule 'recurring' (rules[3]): recurring late payer: prepayment, or credit against a "
        "guarantee"
    )
    assert decision.reasons[1] == "because profile recurring"
    assert "credit only against a guarantee (garantia); otherwise pagamento antecipado" in (
        decision.reasons
    )


def test_reasons_of_a_recurring_late_payer() -> None:
    decision = decide_credit(POLICY, CUSTOMER, history({1: 10, 2: 12, 3: 9}), as_of=AS_OF)
    assert decision.reasons[1] == (
        "because profile recurring (3 late of 6 invoices due in the last 365 days, 1 late stretch)"
    )
    assert decision.reasons[3] == (
        "limit 1 × average monthly billing 1000.00 (6000.00 due in the last 6 months) = 1000.00"
    )


def test_paying_a_late_invoice_even_later_never_earns_more_credit() -> None:
    # 90, 60 and 30 days before as_of; the middle one paid on time, the others 10 days late:
    # two separate slips (occasional). Paying the first 70 days late instead keeps it unpaid
    # when the third falls due: classify makes that one episode (one_off), which under the
    # default policy would double the limit. The credit profile counts the two stretches.
    def bills(first_delay: int) -> list[dict[str, Any]]:
        rows = []
        for n, (age, delay) in enumerate(((90, first_delay), (60, 0), (30, 10))):
            due = AS_OF - timedelta(days=age)
            rows.append(
                {
                    "id": f"i{n}",
                    "customer_id": "c1",
                    "amount": "1000.00",
                    "due_date": due,
                    "payments": [{"date": due + timedelta(days=delay), "amount": "1000.00"}],
                }
            )
        return rows

    slips = decide_credit(POLICY, CUSTOMER, bills(10), as_of=AS_OF)
    later = decide_credit(POLICY, CUSTOMER, bills(70), as_of=AS_OF)
    assert (
        classify([Invoice.model_validate(b) for b in bills(70)], as_of=AS_OF).profile == "one_off"
    )
    assert (slips.rule, later.rule) == ("occasional", "occasional")
    assert later.limit == slips.limit == Decimal("500.00")
    assert later.facts.late_stretches == 2


def _policy(*rules: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"rules": list(rules), **extra}


DEFAULT = {"id": "rest", "decide": {"limit": "100.00", "terms_days": 30}}


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (
            _policy({"id": "all", "decide": {"limit": "1.00", "terms_days": 1}}, DEFAULT),
            "rules[1] ('rest'): can never fire: rules[0] ('all') matches every customer",
        ),
        (
            _policy(
                {
                    "id": "bad",
                    "when": {"profile": ["occasional", "recurring"]},
                    "decide": {"no_new_credit": True},
                },
                {
                    "id": "worse",
                    "when": {"profile": ["recurring"], "min_score": 50},
                    "decide": {"no_new_credit": True},
                },
                DEFAULT,
            ),
            "rules[1] ('worse'): can never fire: rules[0] ('bad')",
        ),
        (
            _policy(
                {"id": "late", "when": {"min_days_overdue": 31}, "decide": {"no_new_credit": True}},
                {
                    "id": "very",
                    "when": {"min_days_overdue": 61, "max_days_overdue": 90},
                    "decide": {"no_new_credit": True},
                },
                DEFAULT,
            ),
            "rules[1] ('very'): can never fire: rules[0] ('late')",
        ),
        (
            _policy(
                {
                    "id": "x",
                    "when": {"min_days_overdue": 60, "max_days_overdue": 30},
                    "decide": {"no_new_credit": True},
                },
                DEFAULT,
            ),
            "min_days_overdue: 60 is above max_days_overdue 30; the rule could never fire",
        ),
        (
            _policy(
                {
                    "id": "x",
                    "when": {"min_score": 80, "max_score": "79.9"},
                    "decide": {"no_new_credit": True},
                },
                DEFAULT,
            ),
            "min_score: 80 is above max_score 79.9",
        ),
        (
            _policy(
                {"id": "x", "when": {"profile": []}, "decide": {"no_new_credit": True}}, DEFAULT
            ),
            "profile: an empty list never matches",
        ),
        (
            _policy(
                {"id": "only", "when": {"min_days_overdue": 1}, "decide": {"no_new_credit": True}}
            ),
            "rules[0] ('only').when: the last rule is the default and must have no condition",
        ),
        (_policy(DEFAULT, DEFAULT), "rules[1] ('rest').id: duplicate rule id"),
        (
            _policy(
                {"id": "x", "decide": {"limit": "1.00", "limit_multiple": "2", "terms_days": 1}}
            ),
            "limit: give exactly one of limit and limit_multiple",
        ),
        (
            _policy({"id": "x", "decide": {"limit": "1.00"}}),
            "terms_days: required unless no_new_credit",
        ),
        (
            _policy(
                {
                    "id": "x",
                    "when": {"agreement": False},
                    "decide": {"no_new_credit": True, "terms_days": 10},
                },
                DEFAULT,
            ),
            "terms_days: a no_new_credit decision grants no credit",
        ),
        (
            _policy(
                {
                    "id": "x",
                    "when": {"min_installments_paid": 2},
                    "decide": {"no_new_credit": True},
                },
                DEFAULT,
            ),
            "min_installments_paid: installments are counted under an active agreement",
        ),
        (_policy(DEFAULT, favourable_rule="nope"), "favourable_rule: 'nope' is not a rule id"),
        (
            _policy({"id": "x", "decide": {"limit": "1.001", "terms_days": 1}}),
            "limit",
        ),
        (
            _policy(
                {
                    "id": "x",
                    "decide": {"limit": "1.00", "terms_days": 1, "payment_methods": ["pix", "pix"]},
                }
            ),
            "lists a method more than once",
        ),
        (
            _policy({"id": "x", "decide": {"limit": "1.00", "terms_days": 1, "colour": "red"}}),
            "colour",
        ),
    ],
)
def test_bad_policies_are_refused_naming_the_field(policy: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        CreditPolicy.model_validate(policy)
    assert message in str(raised.value)


def test_amounts_follow_the_policy_currency() -> None:
    policy = CreditPolicy.model_validate(
        {"currency": "KWD", "rules": [{"id": "x", "decide": {"limit": "1.005", "terms_days": 1}}]}
    )
    assert policy.rules[0].decide.limit == Decimal("1.005")


def test_tags_and_kinds_cover_checks() -> None:
    # tags_any {a, b} before tags_any {a}: the second can never fire.
    with pytest.raises(ValidationError, match=r"rules\[1\] \('a'\): can never fire"):
        CreditPolicy.model_validate(
            _policy(
                {"id": "ab", "when": {"tags_any": ["a", "b"]}, "decide": {"no_new_credit": True}},
                {
                    "id": "a",
                    "when": {"tags_any": ["a"], "customer_kind": ["business"]},
                    "decide": {"no_new_credit": True},
                },
                DEFAULT,
            )
        )
    # The other way round both can fire.
    policy = CreditPolicy.model_validate(
        _policy(
            {"id": "a", "when": {"tags_any": ["a"]}, "decide": {"no_new_credit": True}},
            {
                "id": "ab",
                "when": {"tags_any": ["a", "b"]},
                "decide": {"limit": "5.00", "terms_days": 7},
            },
            DEFAULT,
        )
    )
    tagged_b = {**CUSTOMER, "tags": ["b"]}
    assert decide_credit(policy, tagged_b, [], as_of=AS_OF).rule == "ab"
    assert decide_credit(policy, CUSTOMER, [], as_of=AS_OF).rule == "rest"


def test_policy_round_trips_through_json_and_has_a_schema() -> None:
    again = CreditPolicy.model_validate(POLICY.model_dump(mode="json"))
    assert again == POLICY
    schema = CreditPolicy.model_json_schema()
    assert "rules" in schema["properties"]
    assert default_credit_policy() is default_credit_policy()


def test_the_command_line_prints_the_policy_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "credit-policy"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "CreditPolicy"
    assert schema["required"] == ["rules"]


def test_default_policy_is_a_fresh_frozen_value() -> None:
    with pytest.raises(ValidationError):
        POLICY.rules[0].decide.no_new_credit = False  # type: ignore[misc]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: decide_credit(POLICY, None, [], as_of=AS_OF), "customer"),
        (lambda: decide_credit(POLICY, CUSTOMER, None, as_of=AS_OF), "invoices"),
        (lambda: decide_credit(POLICY, CUSTOMER, invoice(1), as_of=AS_OF), "invoices"),
        (lambda: decide_credit(None, CUSTOMER, [], as_of=AS_OF), "policy"),
        (
            lambda: decide_credit(
                POLICY, CUSTOMER, [{**invoice(1), "customer_id": "c2"}], as_of=AS_OF
            ),
            "invoices[0].customer_id",
        ),
        (
            lambda: decide_credit(
                POLICY, CUSTOMER, [{**invoice(1), "currency": "USD"}], as_of=AS_OF
            ),
            "invoices[0].currency",
        ),
        (
            lambda: decide_credit(POLICY, CUSTOMER, [], as_of=AS_OF, order_amount="-1"),
            "order_amount",
        ),
        (
            lambda: decide_credit(POLICY, CUSTOMER, [], as_of=AS_OF, order_amount="1.001"),
            "order_amount",
        ),
        (lambda: decide_credit(POLICY, CUSTOMER, [], as_of=AS_OF, profile="bad"), "profile"),
        (lambda: decide_credit(POLICY, CUSTOMER, [], as_of="2026-06-30"), "as_of"),  # type: ignore[arg-type]
        (
            lambda: decide_credit(
                POLICY,
                CUSTOMER,
                [],
                as_of=AS_OF,
                agreements=[{**_agreement(0), "customer_id": "c9"}],
            ),
            "agreements[0].customer_id",
        ),
        (
            lambda: decide_credit(POLICY, CUSTOMER, [], as_of=AS_OF, agreements=_agreement(0)),
            "agreements",
        ),
    ],
)
def test_bad_inputs_name_the_parameter(call: Any, field: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        call()
    assert raised.value.field == field


def test_a_bad_invoice_dict_is_named_by_its_position() -> None:
    with pytest.raises(InvalidInputError, match=r"invoices\[0\]\.amount: must not be negative"):
        decide_credit(POLICY, CUSTOMER, [{**invoice(1), "amount": "-5"}], as_of=AS_OF)


def test_inputs_are_not_mutated_and_models_equal_dicts() -> None:
    bills = history({5: None})
    agreements = [_agreement(1)]
    before = copy.deepcopy((bills, agreements))
    from_dicts = decide_credit(POLICY, CUSTOMER, bills, as_of=AS_OF, agreements=agreements)
    assert (bills, agreements) == before
    models = [Invoice.model_validate(b) for b in bills]
    from_models = decide_credit(
        POLICY, CUSTOMER, models, as_of=AS_OF, agreements=[Agreement.model_validate(agreements[0])]
    )
    assert from_models == from_dicts


def _expected_row(decision: Any) -> dict[str, Any]:
    return {
        "customer_id": decision.customer_id,
        "rule": decision.rule,
        "restricted": decision.restricted,
        "limit": decision.limit,
        "exposure": decision.exposure,
        "available": decision.available,
        "order_amount": decision.order_amount,
        "fits": decision.fits,
        "terms_days": decision.terms_days,
        "payment_methods": None
        if decision.payment_methods is None
        else list(decision.payment_methods),
        "guarantee_required": decision.guarantee_required,
        "no_new_credit": decision.no_new_credit,
        "profile": decision.facts.profile.value,
        "score": decision.facts.score,
        "days_overdue": decision.facts.days_overdue,
        "overdue_amount": decision.facts.overdue_amount,
        "average_monthly_billing": decision.facts.average_monthly_billing,
        "months_history": decision.facts.months_history,
        "agreement": decision.facts.agreement,
        "reasons": list(decision.reasons),
    }


def test_portfolio_equals_the_per_customer_decisions() -> None:
    customers, invoices = sample_customers(), sample_invoices()
    orders = {"c01": "500.00", "c04": "10.00"}
    profiles = {"c02": "recurring"}
    expected = [
        _expected_row(
            decide_credit(
                POLICY,
                customer,
                [i for i in invoices if i.customer_id == customer.id],
                as_of=SAMPLE_AS_OF,
                order_amount=orders.get(customer.id),
                profile=profiles.get(customer.id),
            )
        )
        for customer in sorted(customers, key=lambda c: c.id)
    ]
    from_lists = decide_credit_portfolio(
        POLICY, customers, reversed(invoices), as_of=SAMPLE_AS_OF, orders=orders, profiles=profiles
    )
    from_frames = decide_credit_portfolio(
        POLICY.model_dump(mode="json"),
        to_polars(customers),
        to_polars(invoices),
        as_of=SAMPLE_AS_OF,
        orders=orders,
        profiles=profiles,
    )
    assert from_lists.to_dicts() == expected
    assert from_frames.to_dicts() == expected
    assert from_lists.schema["limit"] == pl.Decimal(38, 2)
    # Restricted by a rule other than the favourable one, every time.
    assert [row["restricted"] for row in expected] == [row["rule"] != "good" for row in expected]


def test_portfolio_with_agreements_matches() -> None:
    bills = _renegotiated()
    other = {**CUSTOMER, "id": "c2"}
    table = decide_credit_portfolio(
        POLICY, [other, CUSTOMER], bills, as_of=AS_OF, agreements=[_agreement(4)]
    )
    one = decide_credit(POLICY, CUSTOMER, bills, as_of=AS_OF, agreements=[_agreement(4)])
    alone = decide_credit(POLICY, other, [], as_of=AS_OF)
    assert table.to_dicts() == [_expected_row(one), _expected_row(alone)]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"invoices": [{**invoice(1), "customer_id": "zz"}]}, "invoices[0].customer_id"),
        ({"customers": [CUSTOMER, CUSTOMER]}, "customers[1].id"),
        ({"orders": {"zz": "1.00"}}, "orders['zz']"),
        ({"profiles": {"zz": "good"}}, "profiles['zz']"),
        ({"profiles": {"c1": "excellent"}}, "profiles['c1']"),
        ({"orders": {"c1": "-5"}}, "orders['c1']"),
        ({"orders": ["c1"]}, "orders"),
        ({"agreements": [{**_agreement(0), "customer_id": "zz"}]}, "agreements[0].customer_id"),
        ({"customers": None}, "customers"),
    ],
)
def test_portfolio_bad_inputs_name_the_parameter(kwargs: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {"customers": [CUSTOMER], "invoices": history(), **kwargs}
    with pytest.raises(InvalidInputError) as raised:
        decide_credit_portfolio(POLICY, as_of=AS_OF, **arguments)
    assert raised.value.field == field


def test_an_agreement_in_a_three_decimal_currency() -> None:
    # Kuwaiti dinars have three decimals: the covered invoice's balance, settled at signing,
    # keeps them (before, the settling payment was checked as BRL and refused).
    policy = default_credit_policy("KWD")
    bills = [
        {**invoice(1, None), "currency": "KWD", "amount": "100.125"},
        *({**invoice(m), "currency": "KWD"} for m in range(2, 7)),
    ]
    agreement = {
        **_agreement(0),
        "currency": "KWD",
        "invoice_ids": ["i1"],
        "original_debt": "100.125",
    }
    decision = decide_credit(policy, CUSTOMER, bills, as_of=AS_OF, agreements=[agreement])
    assert decision.rule == "agreement_started"
    assert decision.exposure == Decimal("2100.000")
    # 0.5 × (100.125 + 5 × 1000.00) / 6 = 425.0104…, rounded down to the fils.
    assert decision.limit == Decimal("425.010")


def test_every_condition_matches_and_names_its_fact() -> None:
    # Customer c1 (business, tagged "key"): February's invoice paid 10 days late, May's open on
    # 30 June (51 days, 1000.00): two late stretches; 5 months since the first due date.
    rules = [
        {
            "id": "all",
            "when": {
                "profile": ["occasional"],
                "min_score": "20",
                "max_score": "60",
                "min_days_overdue": 50,
                "max_days_overdue": 60,
                "min_overdue_amount": "1000.00",
                "max_exposure": "1000.00",
                "tags_any": ["key", "vip"],
                "tags_none": ["blocked"],
                "customer_kind": ["business"],
                "min_months_history": 5,
                "max_months_history": 5,
                "agreement": False,
            },
            "decide": {"limit": "300.00", "terms_days": 10, "payment_methods": ["pix"]},
        },
        {"id": "rest", "decide": {"limit": "100.00", "terms_days": 30}},
    ]
    policy = CreditPolicy.model_validate({"rules": rules})
    decision = decide_credit(
        policy, CUSTOMER, history({2: 10, 5: None}), as_of=AS_OF, order_amount="299.99"
    )
    assert decision.rule == "all"
    assert decision.facts.score == Decimal("32.0")
    assert decision.reasons[1] == (
        "because profile occasional (2 late of 6 invoices due in the last 365 days, "
        "2 late stretches); score 32.0 (from 20 to 60); 51 days overdue now (from 50 to 60); "
        "1000.00 overdue (from 1000.00); exposure 1000.00 (up to 1000.00); 5 months of history "
        "(from 5 to 5); tagged key; none of the tags blocked; a business customer; "
        "no active agreement"
    )
    assert (decision.limit, decision.available, decision.fits) == (
        Decimal("300.00"),
        Decimal("-700.00"),
        False,
    )
    assert decision.reasons[-1] == "payment methods: pix"
    # Each condition, failing alone, hands the customer to the default rule.
    failing = {
        "profile": ["recurring"],
        "min_score": "32.1",
        "max_days_overdue": 50,
        "max_overdue_amount": "999.99",
        "min_exposure": "1000.01",
        "tags_any": ["vip"],
        "tags_none": ["key"],
        "customer_kind": ["consumer"],
        "max_months_history": 4,
        "agreement": True,
    }
    for name, value in failing.items():
        when = {**rules[0]["when"], name: value}
        counterpart = {"min": "max", "max": "min"}.get(name[:3])
        if counterpart is not None:  # the bound on the other side would contradict this one
            when.pop(counterpart + name[3:], None)
        if name == "tags_none":
            when.pop("tags_any")
        changed = CreditPolicy.model_validate({"rules": [{**rules[0], "when": when}, rules[1]]})
        other = decide_credit(changed, CUSTOMER, history({2: 10, 5: None}), as_of=AS_OF)
        assert other.rule == "rest", name


def test_listing_every_profile_is_no_condition() -> None:
    with pytest.raises(ValidationError, match=r"rules\[1\] \('late'\): can never fire"):
        CreditPolicy.model_validate(
            _policy(
                {
                    "id": "any",
                    "when": {"profile": ["good", "one_off", "occasional", "recurring"]},
                    "decide": {"no_new_credit": True},
                },
                {"id": "late", "when": {"min_days_overdue": 31}, "decide": {"no_new_credit": True}},
                DEFAULT,
            )
        )

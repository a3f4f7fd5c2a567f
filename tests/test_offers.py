"""Renegotiation menus (BRAZIL_RULES §5 offer example)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from regua.calendar import BusinessCalendar
from regua.charges import DebtBreakdown, apply_discount
from regua.errors import InvalidInputError
from regua.installments import effective_rate
from regua.offers import Offer, OfferKind, OfferPolicy, menu

D = Decimal
DEBT = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")
AS_OF = date(2026, 3, 2)
EXAMPLE = OfferPolicy(
    rate="0.0199",
    cash_charges_discount_percent=100,
    cash_principal_discount_percent=10,
    min_down_payment_percent=20,
    max_installments=12,
)


def _by_n(offers: list[Offer]) -> dict[int, Offer]:
    return {o.n: o for o in offers if o.kind is OfferKind.INSTALLMENTS}


def test_worked_example_cash_900_or_entry_plus_ten() -> None:
    offers = menu(DEBT, policy=EXAMPLE, as_of=AS_OF)
    cash = offers[0]
    assert cash.kind is OfferKind.CASH
    assert (cash.total_paid, cash.discount, cash.effective_rate) == (D("900.00"), D("150.00"), 0)
    assert cash.plan.installments[0].due_date == AS_OF
    ten = _by_n(offers)[10]
    assert ten.down_payment == D("210.00")
    assert ten.installment == D("93.47")
    assert ten.plan.payments()[-1] == D("93.41")
    assert ten.plan.installments[0].due_date == AS_OF
    assert ten.plan.installments[1].due_date == date(2026, 4, 2)
    assert ten.total_paid == D("210.00") + 9 * D("93.47") + D("93.41")
    assert ten.discount == 0
    assert abs(ten.effective_rate - D("0.0199")) < D("0.0001")
    assert ten.effective_rate == effective_rate(D("1050.00"), ten.plan.payments(), start=0)


def test_installment_counts_ordered_and_floor_respected() -> None:
    offers = menu(DEBT, policy=EXAMPLE, as_of=AS_OF)
    counts = [o.n for o in offers[1:]]
    assert counts == sorted(counts)
    # 840 financed: 12 × ~79 is allowed; the floor of 50 cuts nothing here …
    assert counts == list(range(2, 13))
    # … but a floor of 100 drops every count whose installment would be smaller
    strict = EXAMPLE.model_copy(update={"min_installment": D("100.00")})
    kept = _by_n(menu(DEBT, policy=strict, as_of=AS_OF))
    assert all(min(o.plan.payments()[1:]) >= D("100.00") for o in kept.values())
    assert max(kept) == 9


def test_principal_discount_never_beyond_policy() -> None:
    debt = DebtBreakdown(principal="999.99", fine="0.01")
    policy = OfferPolicy(cash_principal_discount_percent=10)
    cash = menu(debt, policy=policy, as_of=AS_OF)[0]
    assert cash.discount == D("0.01") + D("99.99")  # 10 % of 999.99 = 99.999 → 99.99


def test_per_profile_overrides() -> None:
    policy = OfferPolicy(
        **EXAMPLE.model_dump(exclude={"profiles"}),
        profiles={
            "recurring": {"max_installments": 3, "cash_principal_discount_percent": 0},
            "good": {"rate": "0.01"},
        },
    )
    recurring = menu(DEBT, policy=policy, profile="recurring", as_of=AS_OF)
    assert recurring[0].total_paid == D("1000.00")
    assert [o.n for o in recurring[1:]] == [2, 3]
    good = menu(DEBT, policy=policy, profile="good", as_of=AS_OF)
    assert all(o.rate == D("0.01") for o in good[1:])
    assert menu(DEBT, policy=policy, profile="one_off", as_of=AS_OF) == menu(
        DEBT, policy=policy, as_of=AS_OF
    )
    # Before: a bare "ValueError: 'Recurring' is not a valid Profile" from inside enum.py.
    with pytest.raises(InvalidInputError, match=r"profile: 'Recurring' is not one of good"):
        menu(DEBT, policy=policy, profile="Recurring", as_of=AS_OF)


def test_installment_charges_discount_and_counts_list() -> None:
    policy = OfferPolicy(installment_charges_discount_percent=50, installment_counts=[6, 3, 3])
    offers = menu(DEBT, policy=policy, as_of=AS_OF)
    assert [o.n for o in offers[1:]] == [3, 6]
    assert offers[1].discount == D("25.00")
    assert offers[1].plan.principal == D("1025.00")
    assert offers[1].down_payment == 0


def test_calendar_rolls_due_dates() -> None:
    saturday = date(2026, 3, 7)
    offers = menu(DEBT, policy=EXAMPLE, as_of=saturday, calendar=BusinessCalendar())
    assert offers[0].plan.installments[0].due_date == date(2026, 3, 9)
    assert _by_n(offers)[2].plan.installments[1].due_date == date(2026, 4, 7)


def test_tiny_debt_gets_only_cash() -> None:
    offers = menu(DebtBreakdown(principal="60.00"), policy=OfferPolicy(), as_of=AS_OF)
    assert [o.kind for o in offers] == [OfferKind.CASH]


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="already discounted"):
        menu(apply_discount(DEBT, 10, "total"), policy=EXAMPLE, as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="DebtBreakdown"):
        menu(D("100"), policy=EXAMPLE, as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="nothing is owed"):
        menu(DebtBreakdown(principal="0"), policy=EXAMPLE, as_of=AS_OF)
    with pytest.raises(ValidationError, match="percentage"):
        OfferPolicy(cash_principal_discount_percent=101)
    with pytest.raises(ValidationError, match="rate"):
        OfferPolicy(rate="-0.01")
    with pytest.raises(ValidationError, match="max_installments"):
        OfferPolicy(max_installments=0)
    with pytest.raises(ValidationError, match="installment_counts"):
        OfferPolicy(installment_counts=[0])
    with pytest.raises(ValidationError, match="profiles"):
        OfferPolicy(profiles={"vip": {}})
    with pytest.raises(ValidationError, match="percentage"):
        OfferPolicy(profiles={"good": {"min_down_payment_percent": 200}})


def test_an_installment_count_above_max_installments_is_refused_not_dropped() -> None:
    # Before: OfferPolicy(installment_counts=[1, 48]) offered the 1-installment plan only, with
    # no sign that 48 was left out by the default max_installments of 12.
    with pytest.raises(ValidationError, match="installment_counts: 48 is above max_installments"):
        OfferPolicy(installment_counts=[1, 48])
    assert OfferPolicy(installment_counts=[1, 48], max_installments=48).installment_counts == (
        1,
        48,
    )
    # A profile may lower the maximum: its offers leave out the longer plans on purpose.
    policy = OfferPolicy(
        installment_counts=[2, 10], profiles={"recurring": {"max_installments": 3}}
    )
    assert policy.for_profile("recurring").max_installments == 3

"""Due-date extensions (prorrogação) in ``offers.menu``: hand-computed amounts and dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from regua.calendar import BusinessCalendar
from regua.charges import DebtBreakdown
from regua.models import Agreement, Invoice
from regua.offers import OfferKind, OfferPolicy, menu

DEBT = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")  # total 1050.00
MONDAY = date(2026, 3, 2)


def _extensions(policy: OfferPolicy, **kwargs: object) -> list:  # type: ignore[type-arg]
    offers = menu(DEBT, policy=policy, as_of=MONDAY, **kwargs)  # type: ignore[arg-type]
    return [o for o in offers if o.kind is OfferKind.EXTENSION]


def test_no_extension_unless_the_policy_lists_days() -> None:
    assert _extensions(OfferPolicy()) == []
    assert OfferPolicy().extension_days == ()


def test_extension_amounts_are_simple_interest_pro_rata_die() -> None:
    # 1050.00 × 0.0199 × 15/30 = 10.4475 → 10.45; × 30/30 = 20.895 → 20.90.
    fifteen, thirty = _extensions(OfferPolicy(extension_days=[30, 15, 30]))
    assert (fifteen.extension_days, thirty.extension_days) == (15, 30)
    assert fifteen.plan.installments[0].interest == Decimal("10.45")
    assert fifteen.installment == fifteen.total_paid == Decimal("1060.45")
    assert fifteen.plan.installments[0].due_date == date(2026, 3, 17)
    assert thirty.total_paid == Decimal("1070.90")
    assert thirty.plan.installments[0].due_date == date(2026, 4, 1)
    # Nothing forgiven, the whole debt moves; one payment, nothing at signing.
    assert fifteen.discount == Decimal("0.00")
    assert fifteen.debt == DEBT
    assert (fifteen.n, fifteen.down_payment) == (1, Decimal("0.00"))
    assert fifteen.rate == Decimal("0.0199")
    assert fifteen.plan.installments[0].amortization == Decimal("1050.00")
    assert fifteen.plan.method.value == "single"


def test_effective_rate_discounts_the_payment_back_to_the_debt() -> None:
    # 30 days: (1070.90 / 1050)^1 − 1 = 20.90/1050 = 0.019904761904…
    # 15 days: (1060.45 / 1050)^2 − 1 = 1.00995238…² − 1 = 0.0200038117…
    fifteen, thirty = _extensions(OfferPolicy(extension_days=[15, 30]))
    assert thirty.effective_rate == Decimal("0.019904761905")
    assert fifteen.effective_rate == Decimal("0.020003811791")


def test_extensions_come_after_cash_and_installments() -> None:
    policy = OfferPolicy(extension_days=[10], installment_counts=[2, 3])
    kinds = [(o.kind.value, o.n) for o in menu(DEBT, policy=policy, as_of=MONDAY)]
    assert kinds == [("cash", 1), ("installments", 2), ("installments", 3), ("extension", 1)]


def test_a_due_date_on_a_weekend_rolls_but_interest_counts_the_days() -> None:
    # 2026-03-02 + 5 days = Saturday 03-07 → Monday 03-09; interest for 5 days:
    # 1050 × 0.0199 × 5/30 = 3.4825 → 3.48.
    (five,) = _extensions(OfferPolicy(extension_days=[5]), calendar=BusinessCalendar())
    assert five.plan.installments[0].due_date == date(2026, 3, 9)
    assert five.plan.installments[0].interest == Decimal("3.48")


def test_profiles_override_the_days() -> None:
    policy = OfferPolicy(extension_days=[30], profiles={"recurring": {"extension_days": [7]}})
    offers = menu(DEBT, policy=policy, profile="recurring", as_of=MONDAY)
    assert [o.extension_days for o in offers if o.kind is OfferKind.EXTENSION] == [7]


@pytest.mark.parametrize("days", [0, -1, 366])
def test_days_out_of_bounds_are_refused_naming_the_field(days: int) -> None:
    with pytest.raises(ValidationError) as err:
        OfferPolicy(extension_days=[days])
    assert err.value.errors()[0]["loc"][0] == "extension_days"


def test_signed_extension_keeps_its_days() -> None:
    (fifteen,) = _extensions(OfferPolicy(extension_days=[15]))
    inv = Invoice(id="i1", customer_id="c1", amount="1000.00", due_date=date(2026, 1, 2))
    agreement = Agreement.from_offer(fifteen, [inv], start=date(2026, 3, 4))
    (only,) = agreement.installments
    assert (only.number, only.due_date, only.amount) == (1, date(2026, 3, 19), Decimal("1060.45"))
    assert agreement.original_debt == Decimal("1050.00")


def test_an_extension_offer_round_trips() -> None:
    (offer,) = _extensions(OfferPolicy(extension_days=[15]))
    assert type(offer).model_validate_json(offer.model_dump_json()) == offer
    (cash,) = [o for o in menu(DEBT, policy=OfferPolicy(), as_of=MONDAY) if o.n == 1]
    assert "extension_days" not in cash.model_dump()

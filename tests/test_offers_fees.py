"""Collection fees in renegotiation offers bear no interest (issue 11 item 1: fees never
compound): an extension charges its interest on the debt without the fees, and an installment
plan takes the fees in its down payment, never financing them. Hand-computed and checked with
numpy-financial."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy_financial as npf
from hypothesis import given, settings
from hypothesis import strategies as st

from regua.charges import DebtBreakdown
from regua.offers import OfferKind, OfferPolicy, menu

AS_OF = date(2026, 4, 2)
POLICY = OfferPolicy(rate="0.0199", extension_days=[30], installment_counts=[2])
# update("1000.00", due 2026-01-02, as_of 2026-04-02, business, fees="100.00"):
DEBT = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00", fees="100.00")


def test_an_extension_charges_no_interest_on_the_fees() -> None:
    # 1,050.00 bears interest: 1050 × 0.0199 × 30/30 = 20.895 → 20.90; 1,150.00 + 20.90.
    extension = next(o for o in menu(DEBT, policy=POLICY, as_of=AS_OF) if o.extension_days)
    assert extension.plan.installments[0].interest == Decimal("20.90")
    assert extension.total_paid == Decimal("1170.90")  # was 1,172.89: interest on 1,150.00


def test_an_installment_plan_takes_the_fees_in_its_down_payment() -> None:
    plan = next(o for o in menu(DEBT, policy=POLICY, as_of=AS_OF) if o.n == 2)
    pmt = Decimal(str(round(npf.pmt(0.0199, 2, -1050), 2)))  # 540.7227 → 540.72
    assert plan.down_payment == Decimal("100.00")
    assert plan.plan.payments() == [Decimal("100.00"), pmt, Decimal("540.73")]
    assert plan.total_paid == Decimal("1181.45")  # was 1,184.45: 1,150.00 financed


@settings(max_examples=100, derandomize=True, database=None)
@given(
    principal=st.integers(10_000, 10_000_000).map(lambda c: Decimal(c) / 100),
    fees=st.integers(1, 100_000).map(lambda c: Decimal(c) / 100),
    days=st.integers(1, 90),
)
def test_fees_add_exactly_themselves_to_every_offer(
    principal: Decimal, fees: Decimal, days: int
) -> None:
    policy = OfferPolicy(
        rate="0.0199", extension_days=[days], installment_counts=[3], min_installment="0.01"
    )
    without = menu(DebtBreakdown(principal=principal), policy=policy, as_of=AS_OF)
    with_fees = menu(DebtBreakdown(principal=principal, fees=fees), policy=policy, as_of=AS_OF)
    assert [o.kind for o in with_fees] == [o.kind for o in without]
    for before, after in zip(without, with_fees, strict=True):
        assert after.total_paid - before.total_paid == fees, after.kind
        if after.kind is OfferKind.INSTALLMENTS:
            assert (
                after.plan.payments()[1:]
                == before.plan.payments()[1 if before.down_payment else 0 :]
            )

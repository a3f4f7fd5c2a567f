"""Agreement lifecycle: from an offer to fulfilled or broken, and its installment invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from regua.calendar import BusinessCalendar
from regua.charges import DebtBreakdown
from regua.errors import InvalidInputError
from regua.models import Agreement, AgreementStatus, Installment, Invoice, Payment
from regua.offers import Offer, OfferPolicy, menu

D = Decimal
AS_OF = date(2026, 1, 30)
DEBT = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")
POLICY = OfferPolicy(
    cash_principal_discount_percent=10, min_down_payment_percent=20, installment_counts=[3]
)
INVOICES = [
    Invoice(id="i1", customer_id="c1", amount="600.00", due_date=date(2025, 10, 10)),
    Invoice(id="i2", customer_id="c1", amount="400.00", due_date=date(2025, 11, 10)),
]


def _offers() -> tuple[Offer, Offer]:
    cash, three = menu(DEBT, policy=POLICY, as_of=AS_OF)
    return cash, three


def _pay(agreement: Agreement, paid: dict[int, date]) -> Agreement:
    rows = tuple(
        i.model_copy(update={"payments": (Payment(date=paid[i.number], amount=i.amount),)})
        if i.number in paid
        else i
        for i in agreement.installments
    )
    return agreement.model_copy(update={"installments": rows})


def test_from_installment_offer_dates_and_amounts() -> None:
    _, three = _offers()
    start = date(2026, 1, 31)
    agreement = Agreement.from_offer(three, INVOICES, start=start)
    assert agreement.invoice_ids == ("i1", "i2")
    assert agreement.customer_id == "c1"
    assert agreement.original_debt == D("1050.00")
    assert agreement.discount == 0
    assert agreement.rate == D("0.0199")
    assert [i.number for i in agreement.installments] == [0, 1, 2, 3]
    # day of month kept from the signing date and clamped: Jan 31 → Feb 28 → Mar 31 → Apr 30
    assert [i.due_date for i in agreement.installments] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert [i.amount for i in agreement.installments] == three.plan.payments()
    assert agreement.total == three.total_paid
    assert agreement.id.startswith("agr-")
    assert Agreement.from_offer(three, INVOICES, start=start).id == agreement.id
    assert Agreement.from_offer(three, INVOICES, start=start, id="a-7").id == "a-7"


def test_from_cash_offer_is_one_payment_at_signing() -> None:
    cash, _ = _offers()
    agreement = Agreement.from_offer(cash, INVOICES, start=AS_OF)
    assert [(i.number, i.due_date, i.amount) for i in agreement.installments] == [
        (1, AS_OF, D("900.00"))
    ]
    assert agreement.discount == D("150.00")


def test_business_day_roll() -> None:
    _, three = _offers()
    agreement = Agreement.from_offer(
        three, INVOICES, start=date(2026, 1, 31), calendar=BusinessCalendar()
    )
    # 01-31 is a Saturday; 02-28 Saturday; 03-31 Tuesday; 04-30 Thursday
    assert [i.due_date for i in agreement.installments] == [
        date(2026, 2, 2),
        date(2026, 3, 2),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_status_lifecycle() -> None:
    _, three = _offers()
    agreement = Agreement.from_offer(three, INVOICES, start=AS_OF)
    dues = [i.due_date for i in agreement.installments]
    assert agreement.status(AS_OF) is AgreementStatus.ACTIVE
    assert agreement.broken_on() == date(2026, 3, 2)  # Jan 30 + 30 days + 1
    assert agreement.status(date(2026, 3, 1)) is AgreementStatus.ACTIVE
    assert agreement.status(date(2026, 3, 2)) is AgreementStatus.BROKEN

    paid = _pay(agreement, dict(enumerate(dues)))
    assert paid.status(dues[-1]) is AgreementStatus.FULFILLED
    assert paid.status(dues[2]) is AgreementStatus.ACTIVE
    assert paid.broken_on() is None

    # installment 2 paid late, but within tolerance: still fine
    late_ok = _pay(agreement, {0: dues[0], 1: dues[1], 2: date(2026, 4, 29), 3: dues[3]})
    assert late_ok.status(date(2026, 6, 1)) is AgreementStatus.FULFILLED
    # due 03-30, tolerance ends 04-29: paid on 04-30 is too late; it broke and stays broken
    assert dues[2] == date(2026, 3, 30)
    too_late = _pay(agreement, {0: dues[0], 1: dues[1], 2: date(2026, 4, 30), 3: dues[3]})
    assert too_late.broken_on() == date(2026, 4, 30)
    assert too_late.status(date(2026, 4, 29)) is AgreementStatus.ACTIVE
    assert too_late.status(date(2026, 6, 1)) is AgreementStatus.BROKEN

    cancelled = agreement.model_copy(update={"cancelled_on": date(2026, 2, 1)})
    assert cancelled.status(date(2026, 2, 1)) is AgreementStatus.CANCELLED
    assert cancelled.status(AS_OF) is AgreementStatus.ACTIVE


def test_owed_on_break_with_and_without_discount() -> None:
    cash, _ = _offers()
    agreement = Agreement.from_offer(cash, INVOICES, start=AS_OF)
    assert agreement.owed_on_break(AS_OF) == D("1050.00")
    partial = agreement.model_copy(
        update={
            "installments": (
                agreement.installments[0].model_copy(
                    update={"payments": (Payment(date=AS_OF, amount="300.00"),)}
                ),
            )
        }
    )
    assert partial.owed_on_break(AS_OF) == D("750.00")
    keep = partial.model_copy(update={"restore_discount_on_break": False})
    assert keep.owed_on_break(AS_OF) == D("600.00")  # 1050 − 150 − 300
    assert keep.owed_on_break(date(2026, 1, 29)) == D("900.00")  # payment not yet made


def test_to_invoices_for_the_schedule_engine() -> None:
    _, three = _offers()
    agreement = Agreement.from_offer(three, INVOICES, start=AS_OF, id="a1")
    invoices = agreement.to_invoices()
    assert [inv.id for inv in invoices] == ["a1-0", "a1-1", "a1-2", "a1-3"]
    assert all(inv.agreement_id == "a1" and inv.customer_id == "c1" for inv in invoices)
    assert [inv.amount for inv in invoices] == three.plan.payments()
    assert [inv.due_date for inv in invoices] == [i.due_date for i in agreement.installments]
    assert invoices[1].due_date == date(2026, 2, 28)
    assert invoices[1].days_overdue(date(2026, 3, 5)) == 5


def test_from_offer_rejects_bad_input() -> None:
    _, three = _offers()
    other = Invoice(id="x", customer_id="c2", amount="1.00", due_date=AS_OF)
    with pytest.raises(InvalidInputError, match="same customer"):
        Agreement.from_offer(three, [*INVOICES, other], start=AS_OF)
    with pytest.raises(InvalidInputError, match="at least one"):
        Agreement.from_offer(three, [], start=AS_OF)
    with pytest.raises(InvalidInputError, match="twice"):
        Agreement.from_offer(three, [INVOICES[0], INVOICES[0]], start=AS_OF)
    with pytest.raises(InvalidInputError, match="start"):
        Agreement.from_offer(three, INVOICES, start=date(2026, 1, 1))
    usd = Invoice(id="u", customer_id="c1", currency="USD", amount="1.00", due_date=AS_OF)
    with pytest.raises(InvalidInputError, match="currency"):
        Agreement.from_offer(three, [usd], start=AS_OF)


def test_from_offer_refuses_invoices_the_offer_was_not_made_for() -> None:
    # Before: a paid R$ 10.00 invoice of another customer was signed into an agreement for
    # the offer's whole debt.
    _, three = _offers()
    owed = sum(inv.balance(three.as_of) for inv in INVOICES)
    assert owed == three.debt.principal
    paid = Invoice(
        id="p",
        customer_id="c2",
        amount="10.00",
        due_date=AS_OF,
        payments=[{"date": AS_OF, "amount": "10.00"}],
    )
    for invoices in ([paid], INVOICES[:1], [*INVOICES, INVOICES[0].replace(id="extra")]):
        with pytest.raises(InvalidInputError, match=r"invoices: their open balance on the"):
            Agreement.from_offer(three, invoices, start=AS_OF)


def test_installments_in_the_wrong_order_are_rejected() -> None:
    rows = (
        Installment(number=1, due_date=date(2026, 3, 1), amount="10.00"),
        Installment(number=2, due_date=date(2026, 2, 1), amount="10.00"),
    )
    with pytest.raises(ValidationError, match="backwards"):
        Agreement(
            id="a",
            customer_id="c",
            invoice_ids=("i",),
            signed_on=date(2026, 1, 1),
            original_debt="20.00",
            installments=rows,
        )


def test_payments_recorded_on_installment_invoices_drive_the_status() -> None:
    _, three = _offers()
    agreement = Agreement.from_offer(three, INVOICES, start=AS_OF, id="a1")
    invoices = [
        inv.model_copy(update={"payments": (Payment(date=inv.due_date, amount=inv.amount),)})
        for inv in agreement.to_invoices()
    ]
    unrelated = Invoice(id="x-1", customer_id="c1", amount="5.00", due_date=AS_OF)
    synced = agreement.with_payments([*invoices, unrelated])
    # the one rule for ids: the same (customer, id) twice is refused, here as everywhere
    clash = unrelated.model_copy(update={"id": "a1-1"})
    with pytest.raises(
        InvalidInputError, match=r"invoices\[4\].id: invoice id 'a1-1' appears twice"
    ):
        agreement.with_payments([*invoices, clash])
    # and the installment invoices may come back as plain rows (from JSON)
    rows = [inv.model_dump(mode="json") for inv in invoices]
    assert agreement.with_payments(rows) == synced
    assert synced.status(date(2026, 12, 1)) is AgreementStatus.FULFILLED
    assert agreement.status(date(2026, 12, 1)) is AgreementStatus.BROKEN
    partial = agreement.with_payments(invoices[:2])
    assert partial.broken_on() == date(2026, 4, 30)  # installment 2 (due 03-30) + 30 days + 1
    wrong = invoices[1].model_copy(update={"amount": D("1.00")})
    with pytest.raises(InvalidInputError, match="does not match"):
        agreement.with_payments([wrong])


def test_payoff_drops_future_interest() -> None:
    _, three = _offers()
    agreement = Agreement.from_offer(three, INVOICES, start=AS_OF)
    # at signing, the Price installments discounted at their own rate give back the financed
    # amount (up to the rounding of the installments and the 30-day month convention)
    entry = agreement.installments[0].amount
    assert abs(agreement.payoff(AS_OF) - (D("1050.00"))) < D("1.00")
    # independent oracle: installment k is k whole months away, Σ amount / 1.0199^k
    oracle = sum(float(i.amount) / 1.0199**i.number for i in agreement.installments)
    assert agreement.payoff(AS_OF) == D(f"{oracle:.2f}")
    # on 02-14 the dues 02-28, 03-30, 04-30 are 14 days, 1 month 16 days, 2 months 16 days away
    later = date(2026, 2, 14)
    amounts = [float(i.amount) for i in agreement.installments[1:]]
    exponents = [14 / 30, 1 + 16 / 30, 2 + 16 / 30]
    oracle = sum(a / 1.0199**t for a, t in zip(amounts, exponents, strict=True))
    assert agreement.payoff(later) == D(f"{oracle:.2f}") + D("210.00")  # entry overdue: in full
    assert agreement.payoff(AS_OF) < agreement.total
    paid_entry = _pay(agreement, {0: AS_OF})
    assert abs(paid_entry.payoff(AS_OF) - (D("1050.00") - entry)) < D("1.00")
    # on the last due date everything left is due in full
    last = agreement.installments[-1].due_date
    assert agreement.payoff(last) == agreement.total
    everything = _pay(agreement, {i.number: i.due_date for i in agreement.installments})
    assert everything.payoff(last) == 0


def test_installments_are_checked_against_the_agreements_own_currency() -> None:
    # KWD has 3 decimals: installments and their payments may carry them; BRL ones may not.
    row = {
        "id": "a",
        "customer_id": "c",
        "invoice_ids": ["i"],
        "signed_on": "2026-01-01",
        "currency": "KWD",
        "original_debt": "10.005",
        "installments": [
            {
                "number": 1,
                "due_date": "2026-02-01",
                "amount": "10.005",
                "payments": [{"date": "2026-02-01", "amount": "1.001"}],
            }
        ],
    }
    agreement = Agreement.model_validate(row)
    assert agreement.installments[0].amount == Decimal("10.005")
    assert agreement.installments[0].payments[0].amount == Decimal("1.001")
    with pytest.raises(ValidationError, match=r"installments\.0\.amount"):
        Agreement.model_validate({**row, "currency": "BRL", "original_debt": "10.00"})

"""One rule for repeated identities across the library (issue 15, item 20): within one call an
invoice is its (customer, id), a customer or an agreement its id, and a repeat is an error naming
it, paid copies included. Before, plan refused a repeat only among open invoices, and aging and
delinquency_rate counted both copies (two copies of a 100.00 invoice reported 200.00)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import regua
import regua.columnar
import regua.frames
import regua.scoring
from regua.errors import InvalidInputError
from regua.models import Agreement, Customer, Installment, Invoice, Payment
from regua.samples import sample_schedule

AS_OF = date(2026, 3, 16)
ANA = Customer(id="c1", name="Ana", kind="consumer", contacts={"email": "ana@example.com"})
BIA = Customer(id="c2", name="Bia", kind="consumer", contacts={"email": "bia@example.com"})
OPEN = Invoice(id="i1", customer_id="c1", amount="100.00", due_date=date(2026, 2, 10))
PAID = OPEN.model_copy(
    update={"payments": (Payment(date=date(2026, 2, 10), amount=Decimal("100.00")),)}
)

PERIOD = {"start": date(2026, 2, 1), "end": date(2026, 2, 28), "as_of": AS_OF}
SCHEDULE = sample_schedule()

TAKING_INVOICES: dict[str, Callable[[list[Any]], Any]] = {
    "plan": lambda invs: regua.plan(SCHEDULE, [ANA, BIA], invs, as_of=AS_OF),
    "explain": lambda invs: regua.explain(SCHEDULE, ANA, invs, as_of=AS_OF),
    "simulate": lambda invs: regua.simulate(SCHEDULE, [ANA], invs, start=AS_OF, end=AS_OF),
    "aging": lambda invs: regua.scoring.aging(invs, as_of=AS_OF),
    "delinquency_rate": lambda invs: regua.scoring.delinquency_rate(invs, **PERIOD),
    "recovery_rate": lambda invs: regua.scoring.recovery_rate(invs, **PERIOD),
    "cash_by_day": lambda invs: regua.scoring.cash_by_day(invs, **PERIOD),
    "classify": lambda invs: regua.classify(invs, as_of=AS_OF),
    "classify_portfolio": lambda invs: regua.classify_portfolio(invs, as_of=AS_OF),
    "score": lambda invs: regua.scoring.score(invs, as_of=AS_OF),
    "score_portfolio": lambda invs: regua.scoring.score_portfolio(invs, as_of=AS_OF),
    "prioritize": lambda invs: regua.scoring.prioritize([ANA, BIA], invs, as_of=AS_OF),
}


@pytest.mark.parametrize("name", sorted(TAKING_INVOICES))
@pytest.mark.parametrize(
    "copies",
    [(OPEN, OPEN), (OPEN, PAID), (PAID, OPEN), (PAID, PAID)],
    ids=["open-open", "open-paid", "paid-open", "paid-paid"],
)
def test_an_invoice_passed_twice_is_an_error_naming_it(
    name: str, copies: tuple[Invoice, Invoice]
) -> None:
    with pytest.raises(InvalidInputError) as info:
        TAKING_INVOICES[name]([*copies])
    assert info.value.field == "invoices[1].id"
    assert "'i1' appears twice for customer 'c1'" in info.value.reason


@pytest.mark.parametrize("name", sorted(TAKING_INVOICES))
def test_a_repeat_among_mappings_is_found_too(name: str) -> None:
    row = OPEN.model_dump(mode="json")
    with pytest.raises(InvalidInputError, match="appears twice"):
        TAKING_INVOICES[name]([row, PAID.model_dump(mode="json")])


def test_one_invoice_is_counted_once() -> None:
    assert regua.scoring.aging([OPEN], as_of=AS_OF).total == Decimal("100.00")
    rate = regua.scoring.delinquency_rate([OPEN], **PERIOD)
    assert (rate.amount_due, rate.amount_overdue) == (Decimal("100.00"), Decimal("100.00"))


def test_the_same_invoice_id_at_two_customers_is_two_invoices() -> None:
    # Ids are per customer, as actions and contact records name them.
    other = OPEN.model_copy(update={"customer_id": "c2"})
    assert regua.scoring.aging([OPEN, other], as_of=AS_OF).total == Decimal("200.00")
    planned = regua.plan(SCHEDULE, [ANA, BIA], [OPEN, other], as_of=AS_OF)
    assert sorted(a.customer_id for a in planned.actions) == ["c1", "c2"]
    # and a third copy, back at the first customer, is still a repeat
    with pytest.raises(InvalidInputError, match="'i1' appears twice for customer 'c1'"):
        regua.scoring.aging([OPEN, other, PAID], as_of=AS_OF)


@pytest.mark.parametrize(
    "call",
    [
        lambda cs: regua.plan(SCHEDULE, cs, [OPEN], as_of=AS_OF),
        lambda cs: regua.simulate(SCHEDULE, cs, [OPEN], start=AS_OF, end=AS_OF),
        lambda cs: regua.scoring.prioritize(cs, [OPEN], as_of=AS_OF),
    ],
    ids=["plan", "simulate", "prioritize"],
)
def test_a_customer_passed_twice_is_an_error(call: Callable[[list[Customer]], Any]) -> None:
    with pytest.raises(InvalidInputError) as info:
        call([ANA, BIA, ANA.model_copy(update={"name": "Ana Souza"})])
    assert info.value.field == "customers[2].id"
    assert "duplicate customer id 'c1'" in info.value.reason


def test_an_agreement_passed_twice_is_an_error() -> None:
    agreement = Agreement(
        id="ag1",
        customer_id="c1",
        invoice_ids=("i1",),
        signed_on=date(2026, 3, 1),
        original_debt="100.00",
        installments=(Installment(number=1, due_date=date(2026, 4, 1), amount="100.00"),),
    )
    for call in (
        lambda ags: regua.plan(SCHEDULE, [ANA], [OPEN], as_of=AS_OF, agreements=ags),
        lambda ags: regua.explain(SCHEDULE, ANA, [OPEN], as_of=AS_OF, agreements=ags),
        lambda ags: regua.simulate(SCHEDULE, [ANA], [OPEN], start=AS_OF, end=AS_OF, agreements=ags),
    ):
        with pytest.raises(InvalidInputError) as info:
            call([agreement, agreement])
        assert info.value.field == "agreements[1].id"
        assert "duplicate agreement id 'ag1'" in info.value.reason


def test_simulated_payments_must_name_one_invoice() -> None:
    # payments are keyed by invoice id alone: an id two customers use is ambiguous there.
    other = OPEN.model_copy(update={"customer_id": "c2"})
    pay = {"i1": [{"date": "2026-03-17", "amount": "100.00"}]}
    with pytest.raises(InvalidInputError) as info:
        regua.simulate(SCHEDULE, [ANA, BIA], [OPEN, other], start=AS_OF, end=AS_OF, payments=pay)
    assert info.value.field == "payments['i1']"
    assert "belongs to customers 'c1' and 'c2'" in info.value.reason
    # one invoice with that id: the payment applies to it, and nothing is dunned any more
    paid = {"i1": [{"date": "2026-03-16", "amount": "100.00"}]}
    assert regua.simulate(SCHEDULE, [ANA], [OPEN], start=AS_OF, end=AS_OF).timeline
    assert not regua.simulate(
        SCHEDULE, [ANA], [OPEN], start=AS_OF, end=AS_OF, payments=paid
    ).timeline


def test_the_columnar_engine_applies_the_same_rule() -> None:
    # Tables report bad rows in `rejects` instead of raising; the identity is the same.
    pytest.importorskip("polars")
    customers = regua.frames.to_polars([ANA, BIA])
    other = OPEN.model_copy(update={"customer_id": "c2"})

    def run(invoices: list[Invoice]) -> Any:
        frame = regua.frames.to_polars(invoices)
        return regua.columnar.plan(SCHEDULE, customers, frame, as_of=AS_OF)

    shared = run([OPEN, other])
    assert shared.rejects.height == 0
    assert sorted(shared.actions.get_column("customer_id").to_list()) == ["c1", "c2"]
    # Every copy is rejected (the first was kept: with the paid copy second, a paid invoice
    # was dunned; with it first, it was not: the plan hung on the rows' order).
    reason = "invoice id 'i1' appears more than once for customer 'c1' (every copy is rejected)"
    for invoices in ([OPEN, PAID], [PAID, OPEN]):
        repeated = run(invoices)
        assert repeated.rejects.select("table", "row", "field", "reason").rows() == [
            ("invoices", 0, "id", reason),
            ("invoices", 1, "id", reason),
        ]
        assert "c1" not in repeated.actions.get_column("customer_id").to_list()


def test_the_columnar_engine_rejects_every_copy_of_a_customer() -> None:
    # The first copy was kept: an unblocked copy before a blocked one was contacted.
    pytest.importorskip("polars")
    blocked = ANA.replace(dunning_blocked=True, dunning_block_reason="em juízo")
    for customers in ([ANA, BIA, blocked], [blocked, BIA, ANA]):
        frame = regua.frames.to_polars(customers)
        invoices = regua.frames.to_polars([OPEN])
        result = regua.columnar.plan(SCHEDULE, frame, invoices, as_of=AS_OF)
        reason = "duplicate customer id 'c1' (every copy is rejected)"
        assert result.rejects.rows() == [
            ("customers", 0, "id", reason),
            ("customers", 2, "id", reason),
            ("invoices", 0, "customer_id", "unknown customer 'c1' (absent or rejected)"),
        ]
        assert result.actions.height == 0

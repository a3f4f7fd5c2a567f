"""Money arithmetic runs in regua's own decimal context and returns amounts quantized to the
currency's minor unit (issue 15 item 8): nothing changes under a hostile caller context, and
amounts at the bound (just below ``MAX_AMOUNT`` = 1E+26) keep their cents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    Clamped,
    Context,
    Decimal,
    Inexact,
    Rounded,
    localcontext,
)
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import regua.columnar
import regua.frames
from regua import Agreement, Customer, Invoice, plan
from regua.calendar import BusinessCalendar
from regua.charges import (
    DebtBreakdown,
    IndexSeries,
    LateTerms,
    apply_discount,
    cobv_amount,
    discount_amount,
    early_payment_discount,
    update,
)
from regua.errors import InvalidInputError
from regua.installments import effective_rate, equal, price, sac
from regua.money import MAX_AMOUNT, add, allocate, check_places, quantize, split
from regua.offers import OfferPolicy, menu
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule
from regua.scoring import aging, delinquency_rate, prioritize, recovery_rate
from regua.scoring.metrics import cash_by_day
from regua.templates import format_money

D = Decimal
HUGE = D("90000000000000000000000000.01")  # 28 digits, below MAX_AMOUNT
DUE = date(2026, 1, 2)
AS_OF = date(2026, 3, 31)
CAL = BusinessCalendar(holidays=[date(2026, 1, 1)])
IPCA = IndexSeries(monthly_percent={"2026-01": "0.16", "2026-02": "0.33", "2026-03": "0.56"})


def _invoice(id: str, amount: Decimal | str, *, paid: str | None = None) -> Invoice:
    payments = [{"date": date(2026, 2, 10), "amount": paid}] if paid else []
    return Invoice(id=id, customer_id="c1", amount=amount, due_date=DUE, payments=payments)


def test_two_invoices_at_the_largest_amounts_sum_to_the_cent() -> None:
    # issue 15 item 8: they summed to 180000000000000000000000000.0 in Python's 28 digits.
    invoices = [_invoice("a", HUGE), _invoice("b", HUGE)]
    expected = D("180000000000000000000000000.02")
    table = aging(invoices, as_of=AS_OF)
    assert table.total == expected
    assert sum(row.balance for row in table if row.invoices) == HUGE * 2  # as hosts sum it
    rate = delinquency_rate(invoices, start=DUE, end=DUE, as_of=AS_OF)
    assert (rate.amount_due, rate.amount_overdue) == (expected, expected)
    assert recovery_rate(invoices, start=AS_OF, end=AS_OF, as_of=AS_OF).amount_overdue == 0
    assert add(inv.amount for inv in invoices) == expected


def test_update_of_the_largest_amount_comes_back_quantized() -> None:
    # issue 15 item 8: the total came back as 1.050000000000000000000000000E+26, not in cents.
    largest = D("99999999999999999999999999.99")  # the largest amount below MAX_AMOUNT
    debt = update(largest, DUE, as_of=date(2026, 4, 2))  # 90 days: 2 % + 1 % a month × 3
    assert debt.fine == D("2000000000000000000000000.00")
    assert debt.interest == D("3000000000000000000000000.00")
    assert str(debt.total) == "104999999999999999999999999.99"
    assert debt.model_dump(mode="json")["total"] == "104999999999999999999999999.99"


def test_an_invoice_paid_in_part_near_the_bound_keeps_its_cents() -> None:
    invoice = _invoice("a", HUGE, paid="0.02")
    assert invoice.balance(AS_OF) == D("89999999999999999999999999.99")
    assert aging([invoice], as_of=AS_OF).total == D("89999999999999999999999999.99")


def test_amounts_at_or_above_the_bound_are_refused_with_the_field() -> None:
    assert D("1E+26") == MAX_AMOUNT
    assert check_places(D("99999999999999999999999999.99")) == D("99999999999999999999999999.99")
    with pytest.raises(ValidationError, match="amount"):
        _invoice("a", "100000000000000000000000000.00")
    for value in ("1E+26", "1E+999999", "-1E+30"):
        with pytest.raises(InvalidInputError) as caught:
            check_places(D(value), field="principal")
        assert caught.value.field == "principal"
        assert len(str(caught.value)) < 120  # the value is quoted short, not in full
    with pytest.raises(InvalidInputError, match="principal"):
        price("1E+26", "0.01", 12, first_due=DUE)


def test_every_amount_of_a_price_plan_is_quantized_zero_rows_included() -> None:
    # issue 15 item 8: the down payment's interest was Decimal('0'), not Decimal('0.00').
    with_entry = price("1000.00", "0.02", 3, first_due=DUE, down_payment="100.00")
    at_signing = price("1000.00", "0.02", 3, first_due=DUE, first_at_signing=True)
    free = equal("100.00", 3, first_due=DUE)
    for computed in (with_entry, at_signing, free):
        for row in computed.installments:
            for value in (row.amount, row.interest, row.amortization, row.balance_after):
                assert value.as_tuple().exponent == -2, row
    assert str(with_entry.installments[0].interest) == "0.00"
    assert str(at_signing.installments[0].interest) == "0.00"


def _dumped(value: object) -> object:
    """A comparable text form: models by their JSON dump, sequences item by item."""
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if isinstance(value, (list, tuple)):
        return [_dumped(item) for item in value]
    return repr(value)


def _calls(cents: int) -> dict[str, Callable[[], Any]]:
    """One representative call of every public function that returns money, on ``cents``."""
    with localcontext(Context(prec=60)):  # the test's own arithmetic, in any caller context
        amount = D(cents).scaleb(-2)
        plus_1, plus_100, payment = amount + 1, amount + 100, amount / 10 + 11
        third = amount / 3
    debt = update(amount, DUE, as_of=AS_OF, terms=LateTerms(correction_index=IPCA))
    policy = OfferPolicy(min_down_payment_percent=20, min_installment="0.01")
    offers = menu(debt, policy=policy, as_of=AS_OF)
    # The offer is for what these two invoices owe: ``amount`` in all.
    invoices = [_invoice("a", amount), _invoice("b", "1.00", paid="1.00")]
    agreement = Agreement.from_offer(offers[-1], invoices, start=AS_OF)
    return {
        "quantize": lambda: quantize(third),
        "check_places": lambda: check_places(amount),
        "allocate": lambda: allocate(amount, [1, 2, 3]),
        "split": lambda: split(amount, 7),
        "add": lambda: add([amount] * 3),
        "price": lambda: price(plus_1, "0.0199", 24, first_due=DUE),
        "price_at_signing": lambda: price(plus_1, "0.02", 5, first_due=DUE, first_at_signing=True),
        "price_long": lambda: price(plus_100, "0.0486", 194, first_due=DUE),
        "sac": lambda: sac(plus_1, "0.01", 12, first_due=DUE, down_payment="0.50"),
        "equal": lambda: equal(plus_1, 7, first_due=DUE),
        "plan_totals": lambda: (lambda p: (p.total, p.total_interest, p.financed))(
            price(plus_1, "0.03", 10, first_due=DUE, down_payment="0.50")
        ),
        "effective_rate": lambda: effective_rate(plus_100, [payment] * 12),
        "update": lambda: update(
            amount,
            DUE,
            as_of=AS_OF,
            terms=LateTerms(interest_method="compound", correction_index=IPCA),
            calendar=CAL,
        ),
        "update_total": lambda: update(amount, DUE, as_of=AS_OF).total,
        "combine": lambda: DebtBreakdown.combine([debt, debt]),
        "discount_amount": lambda: discount_amount(debt, "33.33", "total"),
        "apply_discount": lambda: apply_discount(debt, "12.5", "principal"),
        "early_payment_discount": lambda: early_payment_discount(
            amount, due_date=AS_OF, paid_on=DUE, percent="0.07", per_day=True
        ),
        "cobv_amount": lambda: cobv_amount(
            min(amount, D("9999999999.99")),
            due_date=DUE,
            paid_on=date(2026, 1, 20),
            multa={"modalidade": 2, "valorPerc": "2.00"},
            juros={"modalidade": 3, "valorPerc": "1.33"},
            abatimento={"modalidade": 2, "valorPerc": "3.33"},
            calendar=CAL,
        ),
        "index_factor": lambda: IPCA.factor(date(2026, 1, 10), date(2026, 3, 17)),
        "menu": lambda: menu(debt, policy=policy, as_of=AS_OF),
        "invoice_balance": lambda: [(i.paid(AS_OF), i.balance(AS_OF)) for i in invoices],
        "agreement": lambda: (
            agreement.total,
            agreement.paid(AS_OF),
            agreement.owed_on_break(AS_OF),
            agreement.payoff(AS_OF),
            agreement.payoff(date(2026, 6, 17)),
        ),
        "aging": lambda: aging(invoices, as_of=AS_OF),
        "aging_total": lambda: aging(invoices, as_of=AS_OF).total,
        "delinquency_rate": lambda: delinquency_rate(invoices, start=DUE, end=DUE, as_of=AS_OF),
        "recovery_rate": lambda: recovery_rate(
            invoices, start=date(2026, 1, 3), end=date(2026, 1, 3), as_of=AS_OF
        ),
        "cash_by_day": lambda: cash_by_day(invoices, start=DUE, end=AS_OF, as_of=AS_OF),
        "prioritize": lambda: prioritize(
            [Customer(id="c1", name="Ana", kind="consumer")], invoices, as_of=AS_OF
        ),
        "format_money": lambda: format_money(amount, "BRL", "pt_BR"),
    }


def _plan_amounts() -> tuple[list[Decimal], list[Decimal]]:
    """The actions' amounts of both engines (the columnar one from the frames made here)."""
    actions = plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
    columnar = regua.columnar.plan(
        sample_schedule(),
        regua.frames.to_polars(sample_customers()),
        regua.frames.to_polars(sample_invoices()),
        as_of=SAMPLE_AS_OF,
    )
    return (
        [action.amount_due for action in actions.actions],
        columnar.actions.get_column("amount_due").to_list(),
    )


hostile_contexts = st.fixed_dictionaries(
    {
        "prec": st.integers(min_value=1, max_value=12),
        "rounding": st.sampled_from([ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR]),
        "traps": st.sampled_from([[], [Inexact], [Inexact, Rounded], [Rounded, Clamped]]),
        "Emax": st.sampled_from([None, 30]),
    }
)


@settings(max_examples=25)
@given(
    cents=st.one_of(
        st.integers(min_value=1, max_value=10**6),
        st.integers(min_value=10**6, max_value=10**25),
    ),
    context=hostile_contexts,
)
def test_no_money_result_changes_under_a_hostile_caller_context(
    cents: int, context: dict[str, Any]
) -> None:
    expected = {name: _dumped(call()) for name, call in _calls(cents).items()}
    with localcontext(**{k: v for k, v in context.items() if v is not None}):
        # the inputs (invoices, the debt, the offers, the agreement) are built in it too
        got = {name: _dumped(call()) for name, call in _calls(cents).items()}
    assert got == expected


def test_planning_amounts_do_not_change_under_a_hostile_caller_context() -> None:
    expected = _plan_amounts()
    with localcontext(prec=3, traps=[Inexact, Rounded]):
        assert _plan_amounts() == expected


def test_weights_too_large_to_compute_with_are_a_clear_error() -> None:
    # 1E+999999 × the total overflowed regua's context: a raw decimal.Overflow
    for weights in ([D("1E+999999"), D(1)], [D("9E+999999"), D("9E+999999")]):
        with pytest.raises(InvalidInputError, match="weights: too large"):
            allocate(D("100.00"), weights)
    assert allocate(D("100.00"), [D("1E-999999"), D(1)]) == [D("0.00"), D("100.00")]


def test_zero_defaults_of_host_built_models_are_quantized() -> None:
    # Decimal('0') before: an installment or agreement built without its zero parts.
    agreement = Agreement(
        id="a1",
        customer_id="c1",
        invoice_ids=["i1"],
        signed_on=DUE,
        currency="KWD",
        original_debt="10.000",
        installments=[{"number": 1, "due_date": AS_OF, "amount": "10.000"}],
    )
    row = agreement.installments[0]
    assert [str(v) for v in (agreement.discount, row.interest, row.amortization)] == [
        "0.000",
        "0.000",
        "0.000",
    ]

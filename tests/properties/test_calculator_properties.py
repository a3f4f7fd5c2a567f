"""Invariants of the calculators, and Price plans checked against numpy-financial."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st

from regua.calendar import BusinessCalendar
from regua.charges import (
    CONSUMER_FINE_CAP_PERCENT,
    ChargeWarningCode,
    DebtBreakdown,
    IndexSeries,
    LateTerms,
    apply_discount,
    cobv_amount,
    cobv_last_payable_day,
    update,
)
from regua.errors import InvalidInputError, LegalLimitError
from regua.installments import effective_rate, equal, price, sac
from regua.offers import OfferKind, OfferPolicy, menu

D = Decimal
FIRST = date(2026, 1, 31)
CAL = BusinessCalendar(holidays=[date(2020, 12, 25), date(2021, 1, 1)])

cents = st.integers(min_value=1, max_value=10**9).map(lambda c: D(c) / 100)
principals = st.integers(min_value=10_000, max_value=10**8).map(lambda c: D(c) / 100)
rates = st.integers(min_value=0, max_value=800).map(lambda b: D(b) / 10_000)  # 0–8 % a.m.
counts = st.integers(min_value=1, max_value=120)
percents = st.integers(min_value=0, max_value=10_000).map(lambda b: D(b) / 100)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def _check_price_against_numpy_financial(pv: Decimal, rate: Decimal, n: int) -> None:
    plan = price(pv, rate, n, first_due=FIRST)
    rows = plan.installments
    assert plan.total_amortization == pv
    assert rows[-1].balance_after == 0
    assert all(r.amount > 0 and r.interest >= 0 and r.amortization >= 0 for r in rows)
    balance = pv
    for row in rows:  # each interest is the balance before it times the rate, half-up
        assert row.interest == (balance * rate).quantize(D("0.01"), ROUND_HALF_UP)
        balance -= row.amortization
    r, fpv = float(rate), float(pv)
    exact_pmt = -float(npf.pmt(r, n, fpv)) if r else fpv / n
    # The stated bound: every installment, the last included, within n cents of the exact PMT.
    bound = 0.01 * n + 1e-9 * fpv
    assert all(abs(float(row.amount) - exact_pmt) <= bound for row in rows)
    half_up = D(exact_pmt).quantize(D("0.01"), ROUND_HALF_UP)
    if all(row.amount == rows[0].amount for row in rows[:-1]):
        # equal installments: numpy-financial's PMT rounded half-up (up to float noise)
        assert abs(rows[0].amount - half_up) <= D("0.01")
        event("equal installments")
    else:
        # re-amortized: each installment is the rounded PMT of the balance left
        event("re-amortized")
    periods = np.arange(1, n + 1)
    ipmt = -np.asarray(npf.ipmt(r, periods, n, fpv), dtype=float) if r else np.zeros(n)
    ppmt = -np.asarray(npf.ppmt(r, periods, n, fpv), dtype=float) if r else np.full(n, fpv / n)
    # PMT rounding (< 0.01) and interest rounding (≤ 0.005) each period compound through the
    # balance; bound the drift by their future value.
    drift = 0.015 * float(npf.fv(r, n, -1, 0)) + 0.01 if r else 0.01 * n
    for k, row in enumerate(rows):
        assert abs(float(row.interest) - ipmt[k]) <= drift
        if k < n - 1:
            assert abs(float(row.amortization) - ppmt[k]) <= drift


@settings(max_examples=1000)
@given(pv=principals, rate=rates, n=counts)
def test_price_matches_numpy_financial(pv: Decimal, rate: Decimal, n: int) -> None:
    _check_price_against_numpy_financial(pv, rate, n)


@settings(max_examples=300)
@given(
    pv=st.integers(min_value=1, max_value=10**9).map(lambda c: D(c) / 100),
    rate=st.integers(min_value=0, max_value=5_000).map(lambda b: D(b) / 10_000),  # to 50 %
    n=st.integers(min_value=1, max_value=360),
)
@example(pv=D("5095.65"), rate=D("0.0486"), n=194)  # issue 15: last was 990.13 after 247.67s
@example(pv=D("28.81"), rate=D("0.0001"), n=224)  # issue 15: refused though payable
def test_price_within_n_cents_of_the_exact_pmt_at_any_plausible_rate(
    pv: Decimal, rate: Decimal, n: int
) -> None:
    assume(pv * 100 >= n)  # fewer cents than installments: refused ("n"), tested elsewhere
    _check_price_against_numpy_financial(pv, rate, n)


@settings(max_examples=300)
@given(pv=principals, rate=rates.filter(lambda r: r > 0), n=st.integers(1, 120))
def test_price_at_signing_matches_numpy_financial_begin(pv: Decimal, rate: Decimal, n: int) -> None:
    plan = price(pv, rate, n, first_due=FIRST, first_at_signing=True)
    exact = -float(npf.pmt(float(rate), n, float(pv), when="begin"))
    assert abs(float(plan.installments[0].amount) - exact) < 0.01 + 1e-9 * float(pv)
    assert plan.installments[0].interest == 0
    assert plan.total_amortization == pv


@settings(max_examples=300)
@given(pv=principals, rate=rates, n=counts)
def test_sac_and_equal_sum_to_the_principal(pv: Decimal, rate: Decimal, n: int) -> None:
    plan = sac(pv, rate, n, first_due=FIRST)
    assert plan.total_amortization == pv
    steps = {r.amortization for r in plan.installments[:-1]}
    assert len(steps) <= 1
    assert 0 <= plan.installments[-1].amortization - (pv / n) < D("0.01") * n
    # SAC interest is i·PV·(n+1)/2, up to a half-cent of rounding a period plus the interest
    # on the (under a cent a period) amortization rounded down
    bound = D("0.005") * n + rate * D("0.01") * n * (n + 1) / 2 + D("0.01")
    assert abs(plan.total_interest - rate * pv * (n + 1) / 2) <= bound
    split = equal(pv, n, first_due=FIRST)
    assert split.total == pv
    amounts = split.payments()
    assert max(amounts) - min(amounts) < D("0.01") * n


@settings(max_examples=300)
@given(pv=principals, rate=rates, n=st.integers(min_value=1, max_value=60), entry=percents)
def test_down_payment_plans_sum(pv: Decimal, rate: Decimal, n: int, entry: Decimal) -> None:
    down = (pv * entry / 100).quantize(D("0.01"))
    assume(pv - down >= n)  # at least R$ 1 financed per installment
    plan = price(pv, rate, n, first_due=FIRST, down_payment=down)
    assert plan.total_amortization == pv
    assert plan.installments[0].number == (0 if down else 1)
    assert plan.total == pv + plan.total_interest


@settings(max_examples=200)
@given(pv=principals, rate=rates.filter(lambda r: r > 0), n=st.integers(1, 60))
def test_effective_rate_recovers_the_plan_rate(pv: Decimal, rate: Decimal, n: int) -> None:
    plan = price(pv, rate, n, first_due=FIRST)
    found = effective_rate(pv, plan.payments())
    exact = float(npf.rate(n, -float(plan.installments[0].amount), float(pv), 0))
    if n > 1:
        # a rounded PMT moves the implied rate slightly; numpy-financial on the same stream agrees
        assert abs(found - rate) < D("0.0005")
    assert abs(float(found) - exact) < 1e-6 or n > 1


@settings(max_examples=300)
@given(
    amount=cents,
    due=days,
    late=st.integers(min_value=0, max_value=2000),
    more=st.integers(min_value=0, max_value=400),
    fine=st.integers(min_value=0, max_value=200).map(lambda b: D(b) / 100),
    interest=st.integers(min_value=0, max_value=1000).map(lambda b: D(b) / 100),
    method=st.sampled_from(["simple", "compound"]),
    count=st.sampled_from(["calendar", "business"]),
    kind=st.sampled_from(["consumer", "condominium", "business"]),
)
def test_more_days_late_never_lowers_the_debt(
    amount: Decimal,
    due: date,
    late: int,
    more: int,
    fine: Decimal,
    interest: Decimal,
    method: str,
    count: str,
    kind: str,
) -> None:
    terms = LateTerms(
        fine_percent=fine, interest_percent=interest, interest_method=method, day_count=count
    )
    first = update(amount, due, as_of=due + timedelta(days=late), terms=terms, customer_kind=kind)
    later = update(
        amount, due, as_of=due + timedelta(days=late + more), terms=terms, customer_kind=kind
    )
    assert first.total <= later.total
    assert first.days_late <= later.days_late
    for d in (first, later):
        assert min(d.principal, d.fine, d.interest, d.correction, d.discount, d.total) >= 0
        assert d.total == d.principal + d.correction + d.fine + d.interest
        # the consumer cap: the fine is never above 2 % of the amount (plus half a cent)
        if kind != "business":
            assert d.fine <= amount * CONSUMER_FINE_CAP_PERCENT / 100 + D("0.005")


@settings(max_examples=200)
@given(
    amount=cents,
    due=st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)),
    late=st.integers(min_value=0, max_value=400),
    more=st.integers(min_value=0, max_value=300),
    monthly=st.lists(st.integers(0, 200).map(lambda b: D(b) / 100), min_size=48, max_size=48),
)
def test_correction_with_inflation_never_lowers_the_debt(
    amount: Decimal, due: date, late: int, more: int, monthly: list[Decimal]
) -> None:
    series = {date(2024 + k // 12, k % 12 + 1, 1): p for k, p in enumerate(monthly)}
    terms = LateTerms(correction_index=IndexSeries(monthly_percent=series))
    first = update(amount, due, as_of=due + timedelta(days=late), terms=terms)
    later = update(amount, due, as_of=due + timedelta(days=late + more), terms=terms)
    assert first.correction <= later.correction
    assert first.total <= later.total
    factor = terms.correction_index.factor(due, due + timedelta(days=late))  # type: ignore[union-attr]
    assert factor >= 1
    if first.days_late:
        assert abs(first.correction - amount * (factor - 1)) <= D("0.005")


@settings(max_examples=300)
@given(amount=cents, fine=st.integers(min_value=201, max_value=10_000).map(lambda b: D(b) / 100))
def test_consumer_fine_above_cap_always_raises(amount: Decimal, fine: Decimal) -> None:
    terms = LateTerms(fine_percent=fine)
    for kind in ("consumer", "condominium"):
        with pytest.raises(LegalLimitError):
            update(amount, FIRST, as_of=FIRST + timedelta(days=40), terms=terms, customer_kind=kind)
    business = update(
        amount, FIRST, as_of=FIRST + timedelta(days=40), terms=terms, customer_kind="business"
    )
    assert business.fine > 0 or amount * fine / 100 < D("0.005")


@settings(max_examples=300)
@given(
    principal=cents,
    fine=cents,
    interest=cents,
    small=percents,
    extra=percents,
    scope=st.sampled_from(["charges", "principal", "total"]),
)
def test_bigger_discount_never_raises_the_total(
    principal: Decimal, fine: Decimal, interest: Decimal, small: Decimal, extra: Decimal, scope: str
) -> None:
    big = min(D(100), small + extra)
    debt = DebtBreakdown(principal=principal, fine=fine, interest=interest)
    a = apply_discount(debt, small, scope)
    b = apply_discount(debt, big, scope)
    assert b.total <= a.total <= debt.total
    assert b.total >= 0
    assert a.discount <= debt.gross * small / 100


@settings(max_examples=300)
@given(
    original=cents,
    due=st.dates(min_value=date(2020, 6, 1), max_value=date(2021, 6, 30)),
    offset=st.integers(min_value=-60, max_value=40),
    multa=st.one_of(st.none(), st.tuples(st.sampled_from([1, 2]), percents)),
    juros=st.one_of(st.none(), st.tuples(st.integers(1, 8), percents)),
    desconto=st.one_of(st.none(), st.tuples(st.integers(3, 6), percents)),
    abat=st.one_of(st.none(), st.tuples(st.sampled_from([1, 2]), percents)),
)
def test_cobv_components_and_rejections(
    original: Decimal,
    due: date,
    offset: int,
    multa: tuple[int, Decimal] | None,
    juros: tuple[int, Decimal] | None,
    desconto: tuple[int, Decimal] | None,
    abat: tuple[int, Decimal] | None,
) -> None:
    def spec(t: tuple[int, Decimal] | None) -> dict[str, object] | None:
        return None if t is None else {"modalidade": t[0], "valorPerc": str(t[1])}

    paid = due + timedelta(days=offset)
    call = {
        "due_date": due,
        "paid_on": paid,
        "multa": spec(multa),
        "juros": spec(juros),
        "desconto": spec(desconto),
        "abatimento": spec(abat),
        "calendar": CAL,
        # the legal cap and the plausibility bound are tested apart: only the spec's rules here
        "customer_kind": "business",
        "max_monthly_rate": 100,
    }
    rebate_bad = abat is not None and abat[1] >= (original if abat[0] == 1 else 100)
    discount_bad = desconto is not None and desconto[1] >= (
        original if desconto[0] in (3, 4) else 100
    )
    too_late = paid > cobv_last_payable_day(due, calendar=CAL)
    if rebate_bad or discount_bad or too_late:
        # the spec's rejections, and only those
        with pytest.raises(InvalidInputError, match=r"abatimento|desconto|paid_on"):
            cobv_amount(original, **call)  # type: ignore[arg-type]
        return
    r = cobv_amount(original, **call)  # type: ignore[arg-type]
    parts = (r.original, r.multa, r.juros, r.abatimento, r.desconto)
    assert all(p >= 0 for p in parts)
    assert r.final == r.original + r.multa + r.juros - r.abatimento - r.desconto
    assert r.final >= D("0.01")
    assert r.multa == r.juros == 0 or r.desconto == 0  # never late and early at once


@settings(max_examples=300)
@given(
    original=cents,
    modalidade=st.sampled_from([1, 2]),
    value=percents,
    kind=st.sampled_from(["consumer", "condominium", "business"]),
)
def test_cobv_fine_above_two_percent_is_refused_unless_business(
    original: Decimal, modalidade: int, value: Decimal, kind: str
) -> None:
    # issue 15 item 6: the consumer fine cap (CDC art. 52 §1) holds for Pix cobv too.
    percent = value if modalidade == 2 else value / original * 100
    call = {
        "due_date": date(2021, 3, 1),
        "paid_on": date(2021, 3, 3),
        "multa": {"modalidade": modalidade, "valorPerc": str(value)},
        "calendar": CAL,
        "customer_kind": kind,
    }
    if kind != "business" and percent > CONSUMER_FINE_CAP_PERCENT:
        with pytest.raises(LegalLimitError) as caught:
            cobv_amount(original, **call)  # type: ignore[arg-type]
        assert caught.value.field == "multa.valorPerc"
    else:
        assert cobv_amount(original, **call).final >= original  # type: ignore[arg-type]


@settings(max_examples=100)
@given(
    principal=principals,
    fine=cents,
    interest=cents,
    cash_principal=percents,
    entry=st.integers(0, 50).map(D),
    floor=st.integers(min_value=1, max_value=50_000).map(lambda c: D(c) / 100),
)
def test_offers_respect_the_policy_floor(
    principal: Decimal,
    fine: Decimal,
    interest: Decimal,
    cash_principal: Decimal,
    entry: Decimal,
    floor: Decimal,
) -> None:
    debt = DebtBreakdown(principal=principal, fine=fine, interest=interest)
    policy = OfferPolicy(
        cash_principal_discount_percent=cash_principal,
        min_down_payment_percent=entry,
        min_installment=floor,
        max_installments=12,
    )
    for offer in menu(debt, policy=policy, as_of=FIRST):
        assert offer.debt.discount <= debt.charges + principal * cash_principal / 100
        assert offer.total_paid >= offer.debt.total
        assert offer.plan.total_amortization == offer.debt.total
        if offer.kind is OfferKind.INSTALLMENTS:
            assert all(i.amount >= floor for i in offer.plan.installments if i.number > 0)
            assert offer.down_payment >= (offer.debt.total * entry / 100).quantize(D("0.01"))


def _months(terms: LateTerms) -> Decimal:
    """Months in one rate period under late.py's conventions (30 calendar / 21 business days a
    month, 360 / 252 a year): the independent oracle of the individual-consumer warning."""
    period = terms.interest_period.value
    if period == "day":
        return D(30) if terms.day_count.value == "calendar" else D(21)
    return D(1) if period == "month" else D(1) / 12


@st.composite
def _interest_terms(draw: st.DrawFn) -> LateTerms:
    # Rates from 0 to 3 × the period's 1 %-a-month rate, drawn as an offset from it so that
    # hypothesis's preference for small numbers lands close to the boundary, on both sides.
    terms = LateTerms(
        interest_period=draw(st.sampled_from(["day", "month", "year"])),
        interest_method=draw(st.sampled_from(["simple", "compound"])),
        day_count=draw(st.sampled_from(["calendar", "business"])),
    )
    places = draw(st.integers(min_value=2, max_value=24))
    months = _months(terms)
    with localcontext() as ctx:
        ctx.prec = 30
        if terms.interest_method.value == "simple":
            near = D("0.01") / months
        else:
            near = D("1.01") ** (1 / months) - 1
    units = int((near * 100).scaleb(places))
    offset = draw(st.integers(min_value=-units, max_value=2 * units))
    return terms.model_copy(update={"interest_percent": D(units + offset).scaleb(-places)})


@settings(max_examples=400, deadline=None)
@given(
    amount=cents,
    late=st.integers(min_value=0, max_value=400),
    terms=_interest_terms(),
    kind=st.sampled_from(["consumer", "consumer", "condominium", "business"]),
    individual=st.sampled_from([True, True, False, None]),
)
def test_warning_iff_individual_consumer_above_one_percent_a_month(
    amount: Decimal, late: int, terms: LateTerms, kind: str, individual: bool | None
) -> None:
    months = _months(terms)
    rate = terms.interest_percent / 100
    with localcontext() as ctx:
        ctx.prec = 60
        if terms.interest_method.value == "simple":
            monthly = rate * months
        else:
            monthly = (1 + rate) ** months - 1
        assume(abs(monthly - D("0.01")) > D("1e-40"))  # exact ties: tests/test_charges_late.py
    as_of = FIRST + timedelta(days=late)
    debt = update(
        amount,
        FIRST,
        as_of=as_of,
        terms=terms,
        customer_kind=kind,
        individual=individual,
        calendar=CAL,
    )
    expected = individual is True and kind == "consumer" and monthly > D("0.01")
    event(f"above 1 % a month: {monthly > D('0.01')}")
    individual_codes = [
        w.code
        for w in debt.warnings
        if w.code is ChargeWarningCode.INDIVIDUAL_INTEREST_ABOVE_1PCT_MONTH
    ]
    assert individual_codes == (
        [ChargeWarningCode.INDIVIDUAL_INTEREST_ABOVE_1PCT_MONTH] if expected else []
    )
    fraction = ChargeWarningCode.INTEREST_PERCENT_LOOKS_LIKE_A_FRACTION
    tiny = D(0) < monthly <= D("0.001")  # at most 0.1 % a month
    assert (fraction in [w.code for w in debt.warnings]) == tiny
    # the warning is advice: the amounts are those of the same call without it
    unknown = update(amount, FIRST, as_of=as_of, terms=terms, customer_kind=kind, calendar=CAL)
    assert debt.model_copy(update={"warnings": ()}) == unknown.model_copy(update={"warnings": ()})

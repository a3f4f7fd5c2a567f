"""regua.scoring invariants: order independence, no look-ahead, monotone score, aging sums."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import holidays
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regua import plan
from regua.models import Customer, Invoice, Payment
from regua.prescription import prescribed_on
from regua.scoring import (
    aging,
    cash_by_day,
    classify,
    classify_portfolio,
    delinquency_rate,
    prioritize,
    recovery_rate,
    score,
)

AS_OF = date(2026, 3, 16)

# One invoice: (days before as_of it fell due, amount in cents, delays of its payments in days
# after the due date with their share of the amount in percent).
_invoice_spec = st.tuples(
    st.integers(min_value=-40, max_value=500),
    st.integers(min_value=1, max_value=500_000),
    st.lists(
        st.tuples(
            st.integers(min_value=-15, max_value=400), st.integers(min_value=1, max_value=120)
        ),
        max_size=3,
    ),
    st.booleans(),
)
_history_spec = st.lists(_invoice_spec, max_size=14)


def build(specs: list, customer: str = "c1") -> list[Invoice]:
    invoices = []
    for n, (days_before, cents, payments, disputed) in enumerate(specs):
        amount = Decimal(cents) / 100
        due = AS_OF - timedelta(days=days_before)
        invoices.append(
            Invoice(
                id=f"{customer}-{n}",
                customer_id=customer,
                amount=amount,
                due_date=due,
                payments=tuple(
                    Payment(
                        date=due + timedelta(days=delay),
                        amount=max(
                            Decimal("0.01"), (amount * share / 100).quantize(Decimal("0.01"))
                        ),
                    )
                    for delay, share in payments
                ),
                disputed=disputed and n % 3 == 0,
            )
        )
    return invoices


@settings(max_examples=200, deadline=None)
@given(_history_spec, st.randoms(use_true_random=False))
def test_classification_never_depends_on_input_order(specs: list, rng) -> None:
    invoices = build(specs)
    shuffled = invoices[:]
    rng.shuffle(shuffled)
    assert classify(shuffled, as_of=AS_OF) == classify(invoices, as_of=AS_OF)
    assert score(shuffled, as_of=AS_OF) == score(invoices, as_of=AS_OF)


@settings(max_examples=200, deadline=None)
@given(
    _history_spec,
    st.lists(st.tuples(st.integers(0, 20), st.integers(1, 400), st.integers(1, 10_000))),
)
def test_payments_after_as_of_change_nothing(specs: list, extra: list) -> None:
    invoices = build(specs)
    later = list(invoices)
    for index, delay, cents in extra:
        if not later:
            break
        i = index % len(later)
        payment = Payment(date=AS_OF + timedelta(days=delay), amount=Decimal(cents) / 100)
        later[i] = later[i].model_copy(update={"payments": (*later[i].payments, payment)})
    assert classify(later, as_of=AS_OF) == classify(invoices, as_of=AS_OF)
    assert score(later, as_of=AS_OF) == score(invoices, as_of=AS_OF)
    assert aging(later, as_of=AS_OF) == aging(invoices, as_of=AS_OF)


def _paid_once(n: int, due: date, paid: date | None) -> Invoice:
    payments = () if paid is None else (Payment(date=paid, amount=Decimal("10.00")),)
    return Invoice(id=f"m{n}", customer_id="c1", amount="10.00", due_date=due, payments=payments)


# Simple histories for monotonicity: each invoice paid once, in full, ``delay`` days after due
# (None = never paid).
_simple = st.lists(
    st.tuples(st.integers(min_value=0, max_value=500),
              st.one_of(st.none(), st.integers(min_value=-10, max_value=500))),
    min_size=1,
    max_size=12,
)  # fmt: skip


def _build_simple(specs: list) -> list[Invoice]:
    return [
        _paid_once(n, AS_OF - timedelta(days=back),
                   None if delay is None else AS_OF - timedelta(days=back) + timedelta(days=delay))
        for n, (back, delay) in enumerate(specs)
    ]  # fmt: skip


@settings(max_examples=250, deadline=None)
@given(_simple, st.integers(min_value=0), st.integers(min_value=1, max_value=400))
def test_longer_delay_never_lowers_the_score(specs: list, pick: int, more: int) -> None:
    invoices = _build_simple(specs)
    i = pick % len(invoices)
    before = score(invoices, as_of=AS_OF).score
    target = invoices[i]
    if not target.payments:
        return
    later = target.payments[0].date + timedelta(days=more)
    invoices[i] = _paid_once(i, target.due_date, later)
    assert score(invoices, as_of=AS_OF).score >= before


@settings(max_examples=250, deadline=None)
@given(_simple, st.integers(min_value=0, max_value=500), st.integers(min_value=6, max_value=500))
def test_another_late_invoice_never_lowers_the_score(specs: list, back: int, delay: int) -> None:
    invoices = _build_simple(specs)
    before = score(invoices, as_of=AS_OF).score
    due = AS_OF - timedelta(days=back)
    invoices.append(_paid_once(len(invoices), due, due + timedelta(days=delay)))
    assert score(invoices, as_of=AS_OF).score >= before


@settings(max_examples=250, deadline=None)
@given(_simple, st.integers(min_value=0), st.integers(min_value=1, max_value=400))
def test_same_delay_more_recently_never_lowers_the_score(
    specs: list, pick: int, shift: int
) -> None:
    # Facts known at as_of stay the same kind: a paid invoice moved later stays paid by as_of.
    invoices = _build_simple(specs)
    i = pick % len(invoices)
    target = invoices[i]
    if not target.payments or target.payments[0].date + timedelta(days=shift) > AS_OF:
        return
    before = score(invoices, as_of=AS_OF).score
    invoices[i] = _paid_once(
        i, target.due_date + timedelta(days=shift), target.payments[0].date + timedelta(days=shift)
    )
    assert score(invoices, as_of=AS_OF).score >= before


@settings(max_examples=200, deadline=None)
@given(_history_spec)
def test_score_is_within_bounds_and_explained_exactly(specs: list) -> None:
    risk = score(build(specs), as_of=AS_OF)
    assert Decimal(0) <= risk.score <= Decimal(100)
    assert sum(risk.contributions().values()) == risk.score
    assert all(v >= 0 for v in risk.contributions().values())


@settings(max_examples=200, deadline=None)
@given(_history_spec, _history_spec, st.randoms(use_true_random=False))
def test_aging_buckets_sum_to_the_open_balance(a: list, b: list, rng) -> None:
    invoices = build(a, "c1") + build(b, "c2")
    rng.shuffle(invoices)
    table = aging(iter(invoices), as_of=AS_OF)
    open_balances = [i.balance(AS_OF) for i in invoices if i.balance(AS_OF) > 0]
    assert table.total == sum(open_balances, Decimal(0))
    assert sum(r.invoices for r in table) == len(open_balances)


@settings(max_examples=100, deadline=None)
@given(_history_spec, _history_spec, st.randoms(use_true_random=False))
def test_portfolio_equals_per_customer(a: list, b: list, rng) -> None:
    first, second = build(a, "c1"), build(b, "c2")
    mixed = first + second
    rng.shuffle(mixed)
    table = classify_portfolio(iter(mixed), as_of=AS_OF)
    expected = [classify(group, as_of=AS_OF) for group in (first, second) if group]
    assert list(table) == expected


@settings(max_examples=150, deadline=None)
@given(_history_spec, st.integers(0, 200), st.integers(0, 120), st.integers(0, 60))
def test_rates_are_fractions_and_cash_adds_up(
    specs: list, back: int, span: int, after: int
) -> None:
    invoices = build(specs)
    end = AS_OF - timedelta(days=back)
    start, as_of = end - timedelta(days=span), end + timedelta(days=after)
    for rate in (
        delinquency_rate(invoices, start=start, end=end, as_of=as_of),
        recovery_rate(invoices, start=start, end=end, as_of=as_of),
    ):
        assert rate.rate is None or Decimal(0) <= rate.rate <= Decimal(1)
    days = cash_by_day(invoices, start=start, end=end, as_of=as_of)
    assert len(days) == span + 1
    assert sum(d.received for d in days) == sum(
        (p.amount for i in invoices for p in i.payments if start <= p.date <= end),
        Decimal(0),
    )
    assert sum(d.expected for d in days) == sum(
        (i.amount for i in invoices if start <= i.due_date <= end), Decimal(0)
    )


# Portfolios reaching back up to ~7 years, so some debts are prescribed under 1..5-year terms.
_old_invoice = st.tuples(
    st.integers(min_value=-30, max_value=2600),
    st.integers(min_value=1, max_value=500_000),
    st.lists(
        st.tuples(
            st.integers(min_value=-15, max_value=2600), st.integers(min_value=1, max_value=60)
        ),
        max_size=2,
    ),
    st.booleans(),
)
_old_portfolio = st.lists(st.lists(_old_invoice, max_size=5), min_size=1, max_size=6)


def _day_after_plus_years(due: date, years: int) -> tuple[int, int, int]:
    """Oracle: (year, month, day) of the day after ``due``, ``years`` on; 29 Feb may not exist."""
    start = due + timedelta(days=1)
    return (start.year + years, start.month, start.day)


@settings(max_examples=200, deadline=None)
@given(_old_portfolio, st.one_of(st.none(), st.integers(min_value=1, max_value=5)))
def test_prescribed_are_never_ranked_and_amounts_add_up(portfolio: list, years: int | None) -> None:
    customers = [Customer(id=f"c{k}", name=f"C{k}", kind="consumer") for k in range(len(portfolio))]
    invoices = [i for k, specs in enumerate(portfolio) for i in build(specs, f"c{k}")]
    ranking = prioritize(customers, invoices, as_of=AS_OF, prescription_years=years)
    # A wholly prescribed debt is set aside (no contact at all), never ranked.
    assert not any(r.prescribed for r in ranking)
    assert all(r.prescribed and r.rank == 0 for r in ranking.set_aside)
    rows = [*ranking, *ranking.set_aside]
    for row in rows:
        assert row.collectable_amount + row.prescribed_amount == row.amount_at_risk
        assert row.collectable_amount.as_tuple().exponent == -2
        assert row.prescribed_amount.as_tuple().exponent == -2
        past_due = [i for i in invoices if i.customer_id == row.customer_id
                    and i.days_overdue(AS_OF) > 0 and not i.disputed]  # fmt: skip
        expected = sum(
            (i.balance(AS_OF) for i in past_due
             if years is not None and (AS_OF.year, AS_OF.month, AS_OF.day)
             >= _day_after_plus_years(i.due_date, years)),
            Decimal("0.00"),
        )  # fmt: skip
        assert row.prescribed_amount == expected
        assert row.prescribed == (row.collectable_amount == 0)
        if row.prescribed:
            assert row.priority == 0
            assert "nothing collectable: set aside, not ranked" in row.reasons
        else:
            exact = row.collectable_amount * row.score / 100
            assert row.priority == exact.quantize(Decimal("0.01"), ROUND_HALF_UP)
    # Customers with no prescribed debt keep their rows and their relative order.
    unlimited = prioritize(customers, invoices, as_of=AS_OF, prescription_years=None)
    untouched = {r.customer_id for r in ranking if r.prescribed_amount == 0}
    assert [r.customer_id for r in ranking if r.customer_id in untouched] == [
        r.customer_id for r in unlimited if r.customer_id in untouched
    ]


_PROTEST_ONLY = {"name": "p", "steps": [{"id": "p", "offset": 30, "action": "protest"}]}


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=1, max_value=5),
)
def test_priority_and_dunning_engine_agree_on_the_day_a_debt_prescribes(
    due: date, years: int
) -> None:
    customers = [Customer(id="a", name="A", kind="consumer")]
    invoices = [Invoice(id="i", customer_id="a", amount="100.00", due_date=due)]
    schedule = dict(_PROTEST_ONLY, guardrails={"prescription_years": years})
    last_day = prescribed_on(due, years)
    # The engine judges prescription on the day the action is carried out, when the contact
    # window opens: as_of itself only on a contact day (test_rules_window_day.py pins the
    # others). Weekdays that are no holiday, optional ones (Carnival) included, are.
    eve = last_day - timedelta(days=1)
    closed = holidays.country_holidays("BR", years=eve.year, categories=("public", "optional"))
    assume(eve.weekday() < 5 and eve not in closed)
    for as_of, expected in ((last_day - timedelta(days=1), False), (last_day, True)):
        ranking = prioritize(customers, invoices, as_of=as_of, prescription_years=years)
        (row,) = [*ranking, *ranking.set_aside]
        assert (row in ranking.set_aside) is expected
        skipped = plan(schedule, customers, invoices, as_of=as_of).skipped
        engine = [s.reason for s in skipped if s.code.value == "prescribed"]
        assert row.prescribed is expected
        assert bool(engine) is expected
        if engine:
            assert f"debt prescribed on {last_day}" in engine[0]

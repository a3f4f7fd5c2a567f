"""Roll rates, cure rates, recovery curves and indicators on a hand-built portfolio whose
transitions are known; every expected value below is worked out by hand in the comments, and
checked on the models, on their plain-dict form and on a polars and a pandas table of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regua import frames
from regua.errors import InvalidInputError
from regua.models import Invoice
from regua.scoring import (
    collection_indicators,
    cure_rates,
    recovery_curves,
    roll_rate_series,
    roll_rates,
)

START, END = date(2026, 3, 1), date(2026, 4, 1)
D = Decimal


def inv(
    customer: str, n: int, amount: str, due: date, *paid: tuple[date, str], **extra: Any
) -> Invoice:
    return Invoice(id=f"{customer}{n}", customer_id=customer, amount=amount, due_date=due,
                   payments=[{"date": d, "amount": a} for d, a in paid], **extra)  # fmt: skip


# State on 1 March 2026 -> state on 1 April 2026 (days past due in brackets).
PORTFOLIO = [
    inv("A", 1, "100.00", date(2026, 3, 5), (date(2026, 3, 20), "100.00")),  # current -> paid
    inv("A", 2, "200.00", date(2026, 2, 27)),  # 1-5 [2] -> 31-60 [33]
    inv("B", 1, "300.00", date(2026, 2, 10), (date(2026, 3, 10), "100.00")),  # 6-30 [19] -> 31-60
    inv("B", 2, "50.00", date(2026, 1, 1), (date(2026, 3, 15), "50.00")),  # 31-60 [59] -> paid
    inv("C", 1, "400.00", date(2020, 6, 1)),  # prescribed since 2025-06-02 -> prescribed
    inv("C", 2, "80.00", date(2026, 2, 25), (date(2026, 3, 2), "80.00")),  # 1-5 [4] -> paid
    inv("D", 1, "60.00", date(2026, 2, 1), (date(2026, 2, 20), "60.00")),  # paid before: not a row
    inv("D", 2, "90.00", date(2026, 3, 20), (date(2026, 3, 20), "90.00"),
        issue_date=date(2026, 3, 10)),  # not issued on 1 March: not a row
    inv("D", 3, "70.00", date(2026, 1, 30), (date(2026, 3, 25), "70.00")),  # 6-30 [30] -> paid
    inv("E", 1, "120.00", date(2026, 2, 20), (date(2026, 3, 5), "120.00")),  # 6-30 [9] -> paid
    inv("F", 1, "30.00", date(2026, 2, 15)),  # 6-30 [14] -> 31-60 [45]
]  # fmt: skip

FORMS: dict[str, Callable[[list[Invoice]], Any]] = {
    "models": list,
    "mappings": lambda invoices: [i.model_dump() for i in invoices],
    "polars": frames.to_polars,
    "pandas": frames.to_pandas,
}


@pytest.fixture(params=sorted(FORMS))
def portfolio(request: pytest.FixtureRequest) -> Any:
    return FORMS[request.param](PORTFOLIO)


def cells(table: Any, *columns: str) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {
        (r["from"], r["to"]): tuple(r[c] for c in columns)
        for r in table.iter_rows(named=True)
        if r["invoices"]
    }


def test_roll_rates_equal_the_hand_values(portfolio: Any) -> None:
    table = roll_rates(portfolio, start=START, end=END)
    got = cells(table, "invoices", "balance", "balance_end", "invoice_share", "balance_share")
    assert got == {
        ("a vencer", "paid"): (1, D("100.00"), D("0.00"), D("1.0000"), D("1.0000")),
        # 1-5 holds 280.00: 200/280 = 0.714285… and 80/280 = 0.285714…; the last
        # ten-thousandth goes to the larger remainder (0.714285 - 0.7142 > 0.285714 - 0.2857).
        ("1-5", "31-60"): (1, D("200.00"), D("200.00"), D("0.5000"), D("0.7143")),
        ("1-5", "paid"): (1, D("80.00"), D("0.00"), D("0.5000"), D("0.2857")),
        # 6-30 holds 520.00: 330 (B1 300 + F1 30) to 31-60 = 0.634615…, 190 (D3 + E1) paid
        # = 0.365384…; rounded down 0.6346 + 0.3653, the larger remainder (paid) takes 0.0001.
        ("6-30", "31-60"): (2, D("330.00"), D("230.00"), D("0.5000"), D("0.6346")),
        ("6-30", "paid"): (2, D("190.00"), D("0.00"), D("0.5000"), D("0.3654")),
        ("31-60", "paid"): (1, D("50.00"), D("0.00"), D("1.0000"), D("1.0000")),
        ("prescribed", "prescribed"): (1, D("400.00"), D("400.00"), D("1.0000"), D("1.0000")),
    }
    assert table.height == 8 * 9  # every pair, zeros included: 8 rows (no "paid"), 9 columns
    assert str(table.schema["balance"]) == "Decimal(precision=38, scale=2)"
    empty = table.filter(table["from"] == "91-180")
    assert set(empty["balance_share"].to_list()) == {D("0.0000")}


def test_each_roll_rate_row_sums_to_one_or_zero() -> None:
    table = roll_rates(PORTFOLIO, start=START, end=END)
    sums = {
        name: (sum(group["balance_share"].to_list()), sum(group["invoice_share"].to_list()))
        for (name,), group in table.group_by(["from"])
    }
    assert sums == {
        "a vencer": (1, 1), "1-5": (1, 1), "6-30": (1, 1), "31-60": (1, 1), "61-90": (0, 0),
        "91-180": (0, 0), "180+": (0, 0), "prescribed": (1, 1),
    }  # fmt: skip


def test_roll_rate_series_stacks_consecutive_periods() -> None:
    series = roll_rate_series(PORTFOLIO, dates=[date(2026, 2, 1), START, END])
    assert series["start"].unique().sort().to_list() == [date(2026, 2, 1), START]
    second = series.filter(series["start"] == START)
    assert second.equals(roll_rates(PORTFOLIO, start=START, end=END))
    # On 1 February: B2 (31 days, 31-60), D3 (2 days), C1 prescribed; A1, A2, B1, C2, E1 and
    # F1 not yet due; D1 due that day. B2 rolled from 31-60 to 31-60 [59], untouched.
    first = cells(series.filter(series["start"] == date(2026, 2, 1)), "invoices", "balance")
    assert first[("31-60", "31-60")] == (1, D("50.00"))
    assert first[("1-5", "6-30")] == (1, D("70.00"))


def test_cure_rates_equal_the_hand_values(portfolio: Any) -> None:
    table = cure_rates(portfolio, start=START, end=END)
    got = {
        r["bucket"]: (r["debtors"], r["cured"], r["cure_rate"], r["overdue_balance"],
                      r["cured_balance"])
        for r in table.iter_rows(named=True)
    }  # fmt: skip
    assert got == {
        # A: worst is A2 (1-5); A2 is 31-60 on 1 April: not cured. Owed past due: 200.
        "1-5": (1, 0, D("0.0000"), D("200.00"), D("0.00")),
        # D (D3), E (E1), F (F1): D and E paid everything due; F1 still late. 2/3.
        "6-30": (3, 2, D("0.6667"), D("220.00"), D("190.00")),
        # B: worst B2 (31-60) paid, but B1 still owes 200: not cured. 300 + 50.
        "31-60": (1, 0, D("0.0000"), D("350.00"), D("0.00")),
        "61-90": (0, 0, D("0.0000"), D("0.00"), D("0.00")),
        "91-180": (0, 0, D("0.0000"), D("0.00"), D("0.00")),
        "180+": (0, 0, D("0.0000"), D("0.00"), D("0.00")),
        # C: C1 prescribed (worst of all), C2 1-5; C1 still open. 400 + 80.
        "prescribed": (1, 0, D("0.0000"), D("480.00"), D("0.00")),
    }


def test_recovery_curves_equal_the_hand_values(portfolio: Any) -> None:
    groups = {"A": "x", "B": "x", "C": "y", "D": "y", "E": "y", "F": "y"}
    table = recovery_curves(portfolio, as_of=END, by=groups, days=[5, 30])
    got = [tuple(r.values()) for r in table.iter_rows(named=True)]
    assert got == [
        # x: A1 100 (27 days old), A2 200, B1 300, B2 50: nothing within 5 days.
        ("x", 5, 4, D("650.00"), D("0.00"), D("0.0000")),
        # At 30 days A1 (27 days old) is not yet seen; B1 got 100 on day 28. 100/550.
        ("x", 30, 3, D("550.00"), D("100.00"), D("0.1818")),
        # y: C1 400, C2 80 (paid on day 5), D1 60 (day 19), D3 70 (day 54), E1 120 (day 13),
        # F1 30; D2 was paid on its due date, so never overdue. 80/760 = 0.10526…
        ("y", 5, 6, D("760.00"), D("80.00"), D("0.1053")),
        ("y", 30, 6, D("760.00"), D("260.00"), D("0.3421")),  # (80 + 60 + 120)/760
    ]


def test_recovery_curves_group_by_a_function_and_by_period() -> None:
    table = recovery_curves(
        PORTFOLIO, as_of=END, by=lambda i: i.customer_id, days=[30],
        start=date(2026, 2, 1), end=date(2026, 2, 28),
    )  # fmt: skip
    # Fell overdue in February (due 31 January to 27 February): A2, B1, C2, D1, E1, F1; D3
    # (due 30 January) fell overdue on 31 January. Recovered within 30 days of the due date:
    # B1 100 (day 28), C2 80, D1 60, E1 120.
    assert table["group"].to_list() == ["A", "B", "C", "D", "E", "F"]
    assert table["amount_recovered"].to_list() == [
        D("0.00"),
        D("100.00"),
        D("80.00"),
        D("60.00"),
        D("120.00"),
        D("0.00"),
    ]
    assert table["amount_overdue"].to_list() == [
        D("200.00"),
        D("300.00"),
        D("80.00"),
        D("60.00"),
        D("120.00"),
        D("30.00"),
    ]


def test_indicators_equal_the_hand_values(portfolio: Any) -> None:
    row = collection_indicators(portfolio, dates=[date(2026, 2, 28), END]).row(0, named=True)
    # On 1 April open: A2 200 (33 days), B1 200 (50), C1 400 (2130), F1 30 (45) = 830, all late.
    # Days weighted by balance: (6600 + 10000 + 852000 + 1350) / 830 = 1048.13…
    # Billed 1 March to 1 April: A1 100 + D2 90 = 190; DSO 830 / 190 × 32 days = 139.78…
    # Fell overdue in the period: A1 (100, recovered) only; D2 was paid on its due date.
    assert row == {
        "start": START, "end": END, "receivables": D("830.00"), "overdue": D("830.00"),
        "overdue_share": D("1.0000"), "average_days_late": D("1048.1"), "billed": D("190.00"),
        "dso": D("139.8"), "recovery_index": D("1.0000"),
    }  # fmt: skip


def test_tables_convert_to_pandas() -> None:
    df = roll_rates(PORTFOLIO, start=START, end=END).to_pandas()
    assert df["balance"].sum() == D("1350.00")  # 100 + 280 + 520 + 50 + 400


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: roll_rates(PORTFOLIO, start=END, end=START), "end"),
        (lambda: roll_rates(PORTFOLIO + PORTFOLIO[:1], start=START, end=END), "invoices[11].id"),
        (lambda: roll_rates(PORTFOLIO[0], start=START, end=END), "invoices"),
        (lambda: roll_rates(None, start=START, end=END), "invoices"),
        (lambda: roll_rates(PORTFOLIO, start=START, end=END,
                            buckets=[("paid", None, 0), ("late", 1, None)]), "buckets"),
        (lambda: roll_rates(PORTFOLIO, start=START, end=END, prescription_years=0),
         "prescription_years"),
        (lambda: cure_rates(PORTFOLIO, start=START, end=END, prescription_years="5"),
         "prescription_years"),
        (lambda: roll_rate_series(PORTFOLIO, dates=[END, START]), "dates[1]"),
        (lambda: roll_rate_series(PORTFOLIO, dates=[END]), "dates"),
        (lambda: cure_rates(PORTFOLIO, start=END, end=START), "end"),
        (lambda: recovery_curves(PORTFOLIO, as_of=END, by={"A": "x"}), "by"),
        (lambda: recovery_curves(PORTFOLIO, as_of=END, days=[30, 5]), "days[1]"),
        (lambda: recovery_curves(PORTFOLIO, as_of=END, days=[-1]), "days[0]"),
        (lambda: collection_indicators(PORTFOLIO, dates=[END]), "dates"),
    ],
)  # fmt: skip
def test_bad_input_names_the_parameter(call: Callable[[], object], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call()
    assert caught.value.field == field


def test_inputs_are_not_mutated_and_empty_portfolios_give_empty_tables() -> None:
    before = [i.model_dump() for i in PORTFOLIO]
    roll_rates(PORTFOLIO, start=START, end=END)
    assert [i.model_dump() for i in PORTFOLIO] == before
    assert recovery_curves([], as_of=END).height == 0
    assert roll_rates([], start=START, end=END)["balance_share"].sum() == 0


amounts = st.integers(1, 10_000).map(lambda cents: Decimal(cents).scaleb(-2))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(amounts, st.integers(-60, 400), st.integers(0, 120)), max_size=25))
def test_rows_sum_to_one_and_money_is_conserved(specs: list[tuple[Decimal, int, int]]) -> None:
    invoices = [
        inv("c", n, str(amount), date.fromordinal(START.toordinal() - age),
            *([(date.fromordinal(START.toordinal() - age + pay), str(amount))] if pay else []))
        for n, (amount, age, pay) in enumerate(specs)
    ]  # fmt: skip
    table = roll_rates(invoices, start=START, end=END)
    for (_,), group in table.group_by(["from"]):
        assert sum(group["balance_share"].to_list()) in (0, 1)
        assert sum(group["invoice_share"].to_list()) in (0, 1)
    open_at_start = [i.balance(START) for i in invoices if i.balance(START) > 0]
    assert sum(table["balance"].to_list()) == sum(open_at_start)
    assert sum(table["invoices"].to_list()) == len(open_at_start)


def test_indicator_tables_of_two_periods_stack() -> None:
    # Before: a period billing nothing had dso as a text column of nulls, and a later period's
    # table could not be stacked on an earlier one's (polars' SchemaError).
    pl = pytest.importorskip("polars")
    invoices = [{"id": "m1", "customer_id": "c1", "amount": "100.00", "due_date": "2026-01-10"}]
    january = collection_indicators(invoices, dates=[date(2025, 12, 31), date(2026, 1, 31)])
    february = collection_indicators(invoices, dates=[date(2026, 1, 31), date(2026, 2, 28)])
    assert february.schema == january.schema
    both = pl.concat([january, february])
    assert both.get_column("dso").to_list() == [Decimal("31.0"), None]
    assert str(both.schema["recovery_index"]) == "Decimal(precision=38, scale=4)"

"""Notebook objects show as readable HTML tables, every text escaped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from regua import installments
from regua.charges import update
from regua.rules import plan, simulate
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule
from regua.scoring import aging, classify_portfolio, prioritize
from regua.scoring.rows import Rows


def test_plan_and_simulation() -> None:
    result = plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
    page = result._repr_html_()
    assert page.startswith(f"<div><strong>Plan as of 2026-03-16: {len(result.actions)} actions")
    assert page.count("<tr>") == len(result.actions) + 1  # the header, one row per action
    assert f"<td>{result.actions[0].id}</td>" not in page  # ids are noise; the step shows
    assert f"<td>{result.actions[0].step_id}</td>" in page
    two = [i for i in sample_invoices() if i.customer_id in ("c01", "c02")]
    run = simulate(sample_schedule(), sample_customers()[:2], two,
                   start=SAMPLE_AS_OF, end=date(2026, 3, 20))  # fmt: skip
    assert "<th>day</th>" in run._repr_html_()


def test_scoring_tables() -> None:
    page = aging(sample_invoices(), as_of=SAMPLE_AS_OF)._repr_html_()
    assert "<strong>AgingTable: 7 rows</strong>" in page
    assert "<td>7308.80</td>" in page
    profiles = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)
    assert "<td>recurring</td>" in profiles._repr_html_()
    one = profiles[3]._repr_html_()
    assert one.startswith("<div><strong>c04: recurring as of 2026-03-16</strong>")
    assert "<td>7 of 7 invoices due in the last 365 days were late" in one
    ranking = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
    assert "<td>c04</td>" in ranking._repr_html_()


def test_money_objects() -> None:
    debt = update("1000.00", date(2026, 1, 10), as_of=date(2026, 3, 2))
    page = debt._repr_html_()
    assert f"<td>total</td><td>{debt.total}</td>" in page
    price = installments.price(Decimal("1000.00"), Decimal("0.02"), 3, first_due=date(2026, 4, 10))
    page = price._repr_html_()
    assert page.count("<tr>") == 4
    assert f"<td>{price.installments[0].amount}</td>" in page


def test_text_is_escaped() -> None:
    profile = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)[0]
    hostile = replace(profile, reasons=("<script>alert(1)</script> & more",))
    page = hostile._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "&lt;b&gt;" in Rows([replace(profile, customer_id="<b>")])._repr_html_()


def test_long_tables_are_cut() -> None:
    profile = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)[0]
    page = Rows([profile] * 60)._repr_html_()
    assert page.count("<tr>") == 51
    assert "… and 10 more rows" in page

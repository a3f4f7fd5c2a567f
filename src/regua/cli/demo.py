"""``regua demo``: what regua does with the built-in sample portfolio, as one text report.

It works on the sample portfolio at its fixed date, so its output is the same on every machine
and every day.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from regua import classify_portfolio, plan, render_action
from regua.calendar import BusinessCalendar
from regua.charges import DebtBreakdown, is_individual, update
from regua.offers import OfferKind, menu
from regua.samples import (
    SAMPLE_AS_OF,
    sample_creditor,
    sample_customers,
    sample_invoices,
    sample_late_terms,
    sample_offer_policy,
    sample_schedule,
)
from regua.scoring import aging, prioritize, score_portfolio
from regua.templates import format_money

__all__ = ["demo"]


def _money(value: Any) -> str:
    return format_money(value, "BRL", "pt_BR").rjust(14)


def _heading(title: str) -> list[str]:
    return ["", title, "=" * len(title)]


def demo() -> str:
    """The report ``python -m regua demo`` prints, as text."""
    customers = sample_customers()
    by_id = {c.id: c for c in customers}
    invoices = sample_invoices()
    as_of = SAMPLE_AS_OF
    lines = [f"regua demo — sample portfolio of {len(customers)} customers, as of {as_of}"]

    lines += _heading("Aging of what is owed")
    table = aging(invoices, as_of=as_of)
    lines += [f"  {row.bucket:<9} {row.invoices:>3} inv. {_money(row.balance)}" for row in table]
    lines.append(f"  {'total':<9} {'':>8} {_money(table.total)}")

    lines += _heading("Delinquency profiles and risk")
    profiles = classify_portfolio(invoices, as_of=as_of)
    scores = {row.customer_id: row for row in score_portfolio(invoices, as_of=as_of)}
    mix = ", ".join(f"{row.profile.value} {row.customers}" for row in profiles.mix())
    lines.append(f"  mix: {mix}")
    for result in profiles:
        if result.customer_id is None:  # only a single-customer classify() leaves it unset
            continue
        lines.append(
            f"  {result.customer_id} {by_id[result.customer_id].name:<28} "
            f"{result.profile.value:<10} score {scores[result.customer_id].score:>5}"
        )

    lines += _heading("Who to call first")
    ranking = prioritize(customers, invoices, as_of=as_of)
    for row in ranking[:5]:
        lines.append(
            f"  {row.rank}. {row.name:<28} {_money(row.amount_at_risk)} "
            f"{row.days_overdue:>5} days  {row.profile.value}"
        )
    for row in ranking.set_aside:
        lines.append(
            f"  set aside, prescribed: {row.name} {_money(row.prescribed_amount).strip()}"
            " (no contact at all: STJ REsp 2.088.100/SP)"
        )

    today = plan(sample_schedule(), customers, invoices, as_of=as_of, profiles=profiles.profiles())
    lines += _heading(f"Today's plan: {len(today.actions)} actions")
    for action in today.actions:
        channel = action.channel.value if action.channel else "-"
        lines.append(
            f"  {by_id[action.customer_id].name:<28} {action.step_id:<18} {channel:<8} "
            f"{action.window_start:%H:%M}-{action.window_end:%H:%M %Z}"
        )
        lines.append(f"      {action.reason}")
    held = Counter(skip.code.value for skip in today.skipped)
    lines.append("  held back: " + ", ".join(f"{code} {n}" for code, n in sorted(held.items())))

    lines += _heading("Today's messages")
    creditor = sample_creditor()
    for action in today.actions:
        customer = by_id[action.customer_id]
        message = render_action(action, customer=customer, creditor=creditor)
        lines.append(f"--- to {customer.name} by {message.channel.value} ({message.locale})")
        if message.subject:
            lines.append(f"Subject: {message.subject}")
        lines += message.body.splitlines()

    first = ranking[0]
    customer = by_id[first.customer_id]
    lines += _heading(f"Negotiating with {customer.name} ({first.profile.value})")
    calendar = BusinessCalendar.brazil(state=customer.state)
    owed = [
        update(
            inv.balance(as_of),
            inv.due_date,
            as_of=as_of,
            terms=sample_late_terms(),
            customer_kind=customer.kind,
            calendar=calendar,
            individual=is_individual(customer),
        )
        for inv in invoices
        if inv.customer_id == customer.id and inv.days_overdue(as_of) > 0
    ]
    debt = DebtBreakdown.combine(owed)
    lines.append(
        f"  principal {_money(debt.principal)}  fine {_money(debt.fine)}  "
        f"interest {_money(debt.interest)}  total {_money(debt.total)}"
    )
    lines += [f"  caution: {warning.message}" for warning in debt.warnings]
    for offer in menu(debt, policy=sample_offer_policy(), profile=first.profile, as_of=as_of):
        terms = (
            "cash"
            if offer.kind is OfferKind.CASH
            else f"{_money(offer.down_payment).strip()} down + {offer.n} x "
            f"{_money(offer.installment).strip()}"
        )
        lines.append(
            f"  {terms:<34} total {_money(offer.total_paid)}  discount {_money(offer.discount)}"
        )
    return "\n".join(lines)

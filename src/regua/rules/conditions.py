"""A step's ``when`` conditions: the first one that does not hold, and why.

A condition that does not hold is not a skip (the step does not apply; ``explain`` shows the
reason), except a missing profile, which is missing input the host should know about: hence
the optional :class:`~regua.rules.results.SkipCode` beside each reason. The conditions on the
customer alone are evaluated once per :class:`~regua.rules.state.CustomerShape`; those on
the invoice once per invoice, or once per run for the balance-only ones that fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from regua.models import CustomerKind, Profile
from regua.rules.compiled import CompiledStep
from regua.rules.records import OpenInvoice
from regua.rules.results import SkipCode
from regua.rules.schedule import When, threshold_in
from regua.rules.state import CustomerRun, Mismatch

__all__ = ["customer_mismatch", "invoice_conditions", "mismatch"]


def customer_mismatch(
    when: When, profile: Profile | None, kind: CustomerKind, state: str | None
) -> Mismatch | None:
    """The first condition of ``when`` on the customer alone that does not hold, if any."""
    if when.profile is not None:
        if profile is None:
            return SkipCode.PROFILE_UNKNOWN, "when.profile: no profile given for the customer"
        if profile not in when.profile:
            return None, f"when.profile: {profile.value} is not in {_names(when.profile)}"
    if when.customer_kind is not None and kind not in when.customer_kind:
        return None, f"when.customer_kind: {kind.value} is not in {_names(when.customer_kind)}"
    if when.state is not None and state not in when.state:
        return None, f"when.state: {state} is not in {list(when.state)}"
    return None


def mismatch(run: CustomerRun, step: CompiledStep, inv: OpenInvoice) -> Mismatch | None:
    """The first ``when`` condition of ``step`` that does not hold for ``inv``, if any."""
    when = step.when
    assert when is not None
    # The conditions on the customer alone come first (evaluated once per shape).
    found = run.shape.mismatch[step.index]
    if found is not None:
        return found
    return _invoice_mismatch(run, when, inv)


def invoice_conditions(
    run: CustomerRun, inv: OpenInvoice, dates: tuple[int, ...]
) -> tuple[Mismatch | None, ...]:
    """The ``when`` results of the steps due for ``inv`` that read the invoice.

    For a step whose invoice conditions are on the balance alone, a balance within the
    bounds needs no more work, and the reason a balance fails them is memoized per run on
    (step, balance, currency): the currency fixes how the balance is written. (Only the
    failures are kept: they are as many as the distinct outcomes they lead to anyway.)
    """
    today = run.today_ord
    customer_level = run.shape.mismatch
    amount_only = run.compiled.amount_only
    failures = run.engine.amount_failures
    results = []
    for step in run.compiled.invoice_conditional:
        index = step.index
        if dates[index] > today:
            continue
        found = customer_level[index]
        if found is None:
            when = step.when
            assert when is not None
            bounds = amount_only.get(index)
            if bounds is None:
                found = _invoice_mismatch(run, when, inv)
            else:
                low, high = bounds
                balance = inv.balance
                if (low is None or balance >= low) and (high is None or balance <= high):
                    found = None
                else:
                    key = (index, balance, inv.currency)
                    found = failures.get(key)
                    if found is None:
                        found = failures[key] = _invoice_mismatch(run, when, inv)
        results.append(found)
    return tuple(results)


def _invoice_mismatch(run: CustomerRun, when: When, inv: OpenInvoice) -> Mismatch | None:
    customer = run.customer
    if when.days_overdue is not None:
        # The bucket the action's message states: its days overdue on the day its window
        # opens (a step for "1 day late" planned on Friday night goes on Saturday, 2 days late).
        days = run.engine.compiled.overdue(inv.due, run.window_ord)[1]
        if not when.days_overdue.holds(days):
            return None, f"when.days_overdue: {days} days overdue, outside {_range(when)}"
    if when.min_amount is not None:
        low = threshold_in(when.min_amount, inv.currency)
        if low is None:
            return _no_threshold("min_amount", when.min_amount, inv.currency)
        if inv.balance < low:
            return None, f"when.min_amount: balance {inv.balance} is below {low}"
    if when.max_amount is not None:
        high = threshold_in(when.max_amount, inv.currency)
        if high is None:
            return _no_threshold("max_amount", when.max_amount, inv.currency)
        if inv.balance > high:
            return None, f"when.max_amount: balance {inv.balance} is above {high}"
    count = run.overdue_count
    if when.min_invoices is not None and count < when.min_invoices:
        return None, f"when.min_invoices: {count} overdue invoices, below {when.min_invoices}"
    if when.max_invoices is not None and count > when.max_invoices:
        return None, f"when.max_invoices: {count} overdue invoices, above {when.max_invoices}"
    total = run.overdue_total.get(inv.currency, Decimal(0))
    if when.min_total_overdue is not None:
        low = threshold_in(when.min_total_overdue, inv.currency)
        if low is None:
            return _no_threshold("min_total_overdue", when.min_total_overdue, inv.currency)
        if total < low:
            return None, f"when.min_total_overdue: {total} is below {low}"
    if when.max_total_overdue is not None:
        high = threshold_in(when.max_total_overdue, inv.currency)
        if high is None:
            return _no_threshold("max_total_overdue", when.max_total_overdue, inv.currency)
        if total > high:
            return None, f"when.max_total_overdue: {total} is above {high}"
    if when.tags_any is not None or when.tags_none:
        tags = customer.tags | inv.tags if inv.tags else customer.tags
        if when.tags_any is not None and not tags & when.tags_any:
            return None, f"when.tags_any: none of {sorted(when.tags_any)}"
        if tags & when.tags_none:
            return None, f"when.tags_none: has {sorted(tags & when.tags_none)}"
    if when.agreement is not None and (inv.agreement_id is not None) != when.agreement:
        kind = "an agreement installment" if inv.agreement_id else "not an installment"
        return None, f"when.agreement: the invoice is {kind}"
    return None


def _range(when: When) -> str:
    span = when.days_overdue
    assert span is not None
    low = "" if span.min is None else str(span.min)
    high = "" if span.max is None else str(span.max)
    return f"[{low}, {high}]"


def _no_threshold(name: str, amounts: Decimal | dict[str, Decimal], currency: str) -> Mismatch:
    """An invoice in a currency the per-currency amounts do not name is not dunned (Lago)."""
    assert isinstance(amounts, dict)
    return None, f"when.{name}: no amount for {currency} (only {', '.join(sorted(amounts))})"


def _names(values: Iterable[Any]) -> str:
    return "[" + ", ".join(str(getattr(v, "value", v)) for v in values) + "]"

"""The customer's ladder (``ladder: customer``): one ladder per customer and currency.

Kill Bill's account-level overdue states, without its drift (killbill#2297): the ladder counts
from the customer's **earliest unpaid invoice** in the currency, its *anchor* (by due date, then
id, among the open invoices no guardrail holds back as a whole: a pause or block of the
invoice, an agreement, a pending promise to pay, a dispute under ``disputes: block_all``,
prescription; when every one is
held back, the earliest open invoice, so the hold is reported). Each step counts from the
anchor's due date or issue date, as the step's ``anchor`` says.

- **Selection** runs on the anchor alone, with the anchor's history: a step has fired in this
  ladder when a record of it lists the anchor. So a new unpaid invoice does not restart the
  ladder (the anchor, and what fired for it, stay), and paying the anchor re-anchors the ladder
  on the next unpaid invoice, whose own records say where it stands: the steps whose actions
  listed it count as fired (escalation does not go back), and its next step counts from its
  own dates. An invoice that was on no earlier action starts the ladder afresh.
- **The action** of a step lists the anchor and every other open invoice of the currency due
  by the planning day (``amount_due`` is their total), except an invoice a guardrail holds
  back for that step (reported in ``skipped`` with its own code) or one the step was already
  recorded for. Its id hashes the anchor alone (with the schedule, step, customer and
  currency): it is stable for the ladder, so an invoice joining before the host records the
  action does not change it.
- A ``when`` condition on the invoice (amount, days overdue, tags, agreement) reads the anchor;
  the conditions on the customer's overdue invoices (``min_total_overdue``, ``min_invoices``)
  read them all, as they always do.
- ``explain`` shows every open invoice with the ladder's dates; an invoice other than the
  anchor carries the anchor's state for each step, its reason naming the anchor, and
  ``planned`` where the action lists it. ``simulate`` records each action with every invoice it
  lists, as a host does, so the ladder carries over from day to day.
"""

from __future__ import annotations

from datetime import date

from regua.prescription import is_prescribed
from regua.rules.compiled import CompiledStep
from regua.rules.guardrails import block, guarded
from regua.rules.records import OpenInvoice
from regua.rules.results import TraceRow
from regua.rules.schedule import DisputePolicy
from regua.rules.selection import select_one
from regua.rules.state import CustomerRun

__all__ = ["anchors", "select_ladders"]

_NO_STEPS: dict[str, object] = {}


def anchors(run: CustomerRun) -> dict[str, OpenInvoice]:
    """Currency -> the invoice the customer's ladder in that currency counts from."""
    found: dict[str, OpenInvoice] = {}
    fallback: dict[str, OpenInvoice] = {}
    for inv in run.invoices:  # by due date, then id
        if inv.balance <= 0 or inv.currency in found:
            continue
        fallback.setdefault(inv.currency, inv)
        if not _held_as_a_whole(run, inv):
            found[inv.currency] = inv
    return {currency: found.get(currency, first) for currency, first in fallback.items()}


def _held_as_a_whole(run: CustomerRun, inv: OpenInvoice) -> bool:
    """Whether a guardrail holds every step of the schedule back for ``inv``."""
    if (run.held and inv.id in run.held) or inv.id in run.covered:
        return True
    promised = run.promised.get(inv.id) if run.promised else None
    if promised is not None and promised.held is not None:  # a pending promise pauses it
        return True
    guard = run.schedule.guardrails
    if inv.disputed and guard.disputes is DisputePolicy.BLOCK_ALL:
        return True
    years = guard.prescription_years
    return years is not None and is_prescribed(
        date.fromordinal(inv.due), date.fromordinal(run.window_ord), years
    )


def select_ladders(run: CustomerRun) -> None:
    """Selection for each ladder of the customer (on its anchor), each fire listing the
    ladder's invoices; under ``explain`` every open invoice's steps are traced."""
    assert run.anchors is not None
    for currency, anchor in run.anchors.items():
        start = len(run.fires)
        mark = len(run.trace) if run.trace is not None else 0
        counted = len(run.conditions)
        done = select_one(run, anchor, guarded(run, anchor))
        fired = run.fires[start:]
        del run.fires[start:]
        members = [
            inv
            for inv in run.invoices
            if inv.currency == currency and inv.balance > 0 and inv is not anchor
        ]
        # The ladder's state is every member's: exhausted with it, and kept from a step by the
        # same conditions (as explain mirrors the anchor's rows on each).
        conditions = run.conditions[counted:]
        for inv in members:
            run.conditions.extend(conditions)
            if done:
                run.finished.append(inv)
        if members and not done:
            run.live = True
        for step, _ in fired:
            for inv in _listed(run, step, anchor, members):
                run.fires.append((step, inv))
        if run.trace is not None:
            _mirror(run, anchor, members, run.trace[mark:])


def _listed(
    run: CustomerRun, step: CompiledStep, anchor: OpenInvoice, members: list[OpenInvoice]
) -> list[OpenInvoice]:
    """The invoices the action of ``step`` lists, in due-date order: the anchor, and the
    others due by today that nothing holds back and the step was not recorded for."""
    listed = [anchor]
    fired = run.history.fired
    for inv in members:
        if inv.due > run.today_ord or step.id in fired.get(inv.id, _NO_STEPS):
            continue
        held = block(run, step, inv) if guarded(run, inv) else None
        if held is not None:
            run.skip(step, inv, held[0], held[1])
            continue
        listed.append(inv)
    listed.sort(key=lambda inv: (inv.due, inv.id))
    return listed


def _mirror(
    run: CustomerRun, anchor: OpenInvoice, members: list[OpenInvoice], rows: list[TraceRow]
) -> None:
    """Trace each other open invoice's steps as the anchor's, its reason naming the anchor."""
    assert run.trace is not None
    own = {row.step_index: row for row in rows if row.invoice_id == anchor.id}
    traced = {(row.invoice_id, row.step_index) for row in rows}
    for inv in members:
        for step in run.compiled.steps:
            if (inv.id, step.index) in traced:
                continue
            row = own.get(step.index)
            if row is None and step.id in run.history.fired.get(inv.id, _NO_STEPS):
                run.note(inv, step, "fired", "recorded in history for this invoice")
                continue
            if row is None:  # the step fires for the anchor: listed, or not yet due
                run.note(
                    inv,
                    step,
                    "not_applicable",
                    f"not on the customer's ladder action (due {date.fromordinal(inv.due)})",
                )
                continue
            run.trace.append(
                row._replace(
                    invoice_id=inv.id,
                    reason=f"{row.reason} (the customer's ladder, anchored on {anchor.id})",
                )
            )

"""The guardrails that hold a step back for an invoice: the host's pause or block (Mahnstopp)
of the invoice or its customer (see :mod:`~regua.rules.holds`), an agreement, a dispute,
prescription, a pending promise to pay (:mod:`~regua.rules.promises`), reported in that order.

A prescribed debt gets no step at all, but the neutral offers the schedule names in
``guardrails.prescribed_offer_steps`` (see :class:`~regua.rules.schedule.Guardrails` for the
case law).

A guardrail outranks a ``when`` condition on the profile (a disputed invoice is not
"unknown"), and the invoices none can touch skip this work: an invoice not disputed, not
covered by an agreement and too young to be prescribed shares its selection with the invoices
in the same situation (see :func:`~regua.rules.selection.select_fresh`).
"""

from __future__ import annotations

from datetime import date

from regua.prescription import is_prescribed, prescribed_on
from regua.rules.compiled import CompiledStep
from regua.rules.records import OpenInvoice
from regua.rules.results import SkipCode
from regua.rules.schedule import DisputePolicy
from regua.rules.state import CustomerRun

__all__ = ["block", "guarded", "resume_on"]


def resume_on(run: CustomerRun, inv: OpenInvoice, code: SkipCode) -> int | None:
    """The day a ``code`` skip of ``inv`` can go, when the hold says it: a pause's end, or the
    day after a pending promise's grace."""
    if code is SkipCode.DUNNING_PAUSED:
        return run.held[inv.id][2]
    if code is SkipCode.PROMISED:
        held = run.promised[inv.id].held
        assert held is not None
        return held[1]
    return None


def guarded(run: CustomerRun, inv: OpenInvoice) -> bool:
    """Whether some guardrail may hold a step back for ``inv``."""
    young = run.engine.young
    return (
        inv.disputed
        or inv.id in run.held
        or inv.id in run.covered
        or inv.id in run.promised
        or (young is not None and run.window_ord - inv.due > young)
    )


def block(run: CustomerRun, step: CompiledStep, inv: OpenInvoice) -> tuple[SkipCode, str] | None:
    """The guardrail that holds ``step`` back for ``inv``, if any."""
    hold = run.held.get(inv.id) if run.held else None
    if hold is not None:
        return hold[0], hold[1]
    held = run.covered.get(inv.id)
    if held is not None:
        return SkipCode.AGREEMENT, held
    guard = run.schedule.guardrails
    if inv.disputed and (
        guard.disputes is DisputePolicy.BLOCK_ALL
        or (guard.disputes is DisputePolicy.BLOCK_ESCALATION and step.is_escalation)
    ):
        return SkipCode.DISPUTED, f"invoice disputed (guardrails.disputes: {guard.disputes})"
    years = guard.prescription_years
    if years is not None and step.id not in guard.prescribed_offer_steps:
        due = date.fromordinal(inv.due)
        # Judged on the day the action is carried out: planned the night before a debt
        # prescribes, a message sent the next morning would collect a prescribed debt.
        if is_prescribed(due, date.fromordinal(run.window_ord), years):
            prescribed = prescribed_on(due, years)
            return SkipCode.PRESCRIBED, (
                f"debt prescribed on {prescribed} ({years} years after the due date): no"
                " contact, judicial or extrajudicial"
                f" ({run.compiled.jurisdiction.prescription_contact_law})"
            )
    promised = run.promised.get(inv.id) if run.promised else None
    if promised is not None and promised.held is not None:
        return SkipCode.PROMISED, promised.held[0]
    return None

"""What fires, consolidated into actions under the caps, and the report of what was skipped.

One action per step and currency (under ``consolidate: customer``, one notice per customer and
currency at the highest contact step due: :func:`_one_notice`); contact actions go in priority
order (most severe first, then the most advanced step, then the oldest debt) until a cap or a
pause defers the rest.

Speed: the caps decision for a customer (which contact actions go, which are deferred to
when) is a function of the contact place, the recorded contact days, the opt-out pause and
the ordered steps that fire, so it runs once per distinct key; an action's texts are built
once per (step, dates, days overdue, count).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from regua.models import Action, CustomerKind
from regua.money import add, minor_unit, money_context
from regua.rules.caps import CapCounter
from regua.rules.compiled import CompiledStep
from regua.rules.conditions import mismatch
from regua.rules.history import NO_HISTORY
from regua.rules.ids import hashed_id, repetition_prefix
from regua.rules.records import OpenInvoice, new_action
from regua.rules.results import SkipCode, Skipped, TraceRow
from regua.rules.schedule import CatchUp, Consolidate
from regua.rules.state import CustomerRun
from regua.rules.windows import ContactPlace, next_contact_day
from regua.templates import template_for

__all__ = ["action_wording", "actions", "skipped"]


def actions(run: CustomerRun) -> list[Action]:
    """One action per step and currency, in priority order, under the caps."""
    steps = run.compiled.steps
    fires = run.fires
    merged = _NO_MERGES
    consolidating = run.schedule.consolidate is Consolidate.CUSTOMER
    if consolidating and len(fires) > 1:
        fires, merged = _one_notice(run, fires)
    # Fires come in invoice order (by due date, then id), so each group's invoices are
    # already sorted and its first invoice is its oldest debt.
    ordered: list[tuple[CompiledStep, str, list[OpenInvoice]]]
    if run.repetitions and not consolidating:  # (one notice lists every repetition due)
        ordered = _by_repetition(run, fires)
    elif len(fires) == 1:
        step, inv = fires[0]
        ordered = [(step, inv.currency, [inv])]
    else:
        groups: dict[tuple[int, str], list[OpenInvoice]] = {}
        for step, inv in fires:
            key = (step.index, inv.currency)
            invs = groups.get(key)
            if invs is None:
                groups[key] = [inv]
            else:
                invs.append(inv)
        ordered = [(steps[index], currency, invs) for (index, currency), invs in groups.items()]
        if len(ordered) > 1:
            # Highest escalation, then the most advanced step, then the oldest debt.
            priority = run.compiled.priority
            ordered.sort(key=lambda item: (priority[item[0].index], item[2][0].due, item[1]))
    customer = run.customer
    place = run.engine.contact_place(customer.state, customer.timezone)
    channels = run.channels
    contact = tuple([step.index for step, _, _ in ordered if channels[step.index] is not None])
    deferred = _caps(run, place, contact) if contact else ()
    out: list[Action] = []
    k = 0
    for step, currency, invs in ordered:
        channel = channels[step.index]
        if channel is not None:
            number = deferred[k]
            k += 1
            if number is not None:
                _skip_all(run, number, step, invs, merged)
                continue
        out.append(_action(run, step, currency, invs, channel, place, merged))
    return out


def _by_repetition(
    run: CustomerRun, fires: list[tuple[CompiledStep, OpenInvoice]]
) -> list[tuple[CompiledStep, str, list[OpenInvoice]]]:
    """One group per step, repetition and currency (each repetition is its own action), in
    priority order; then the oldest debt, the currency and the earlier repetition."""
    repetitions = run.repetitions
    groups: dict[tuple[int, int, str], list[OpenInvoice]] = {}
    for step, inv in fires:
        groups.setdefault(
            (step.index, repetitions.get((inv.id, step.index), 0), inv.currency), []
        ).append(inv)
    steps = run.compiled.steps
    priority = run.compiled.priority
    keyed = sorted(
        groups.items(),
        key=lambda item: (priority[item[0][0]], item[1][0].due, item[0][2], item[0][1]),
    )
    return [(steps[index], currency, invs) for (index, _, currency), invs in keyed]


class _Merged(NamedTuple):
    """What one notice per customer moved. ``lower``: (step index, invoice id) -> the steps the
    invoice was due for that the notice at that step lists it above; ``raised``: the (step
    index, invoice id) of invoices listed at a step they were not due for themselves (the
    action's reason names them; its date and repetition are those of the others)."""

    lower: dict[tuple[int, str], list[CompiledStep]]
    raised: frozenset[tuple[int, str]]


_NO_MERGES = _Merged({}, frozenset())  # shared, never written to


def _one_notice(
    run: CustomerRun, fires: list[tuple[CompiledStep, OpenInvoice]]
) -> tuple[list[tuple[CompiledStep, OpenInvoice]], _Merged]:
    """The fires with each contact step moved to the highest one due in its currency (the step
    listed last), each invoice listed once per step, and what was moved.

    A credit-bureau notice is a notice of its own (CDC art. 43 §2: it names the debts to be
    listed): the bureau notices due merge among themselves, the other contact steps among
    themselves. A step off the ladder (``trigger``) is a notice of its own too: it answers one
    event (a broken promise) with its own template. An invoice stays at its own step when a
    guardrail holds what it may receive (disputed, or old enough to be prescribed), when it is
    not overdue yet (a notice of overdue debt must not claim it: CDC art. 42), when it
    meets the highest step before its own (a business-day offset), or when moving would pass a
    bureau notice it has not had: recording the notice records that step for the invoice, and
    the steps it passes never fire.
    """
    channels = run.channels

    def mergeable(step: CompiledStep, inv: OpenInvoice) -> bool:
        return (
            channels[step.index] is not None
            and step.trigger is None
            and inv.due < run.today_ord
            and not _guarded(run, inv)
        )

    highest: dict[tuple[str, bool], CompiledStep] = {}
    for step, inv in fires:
        if mergeable(step, inv):
            key = (inv.currency, step.is_escalation)
            top = highest.get(key)
            if top is None or step.index > top.index:
                highest[key] = step
    own = {(step.index, inv.id) for step, inv in fires}
    listed = set(own)
    moved: list[tuple[CompiledStep, OpenInvoice]] = []
    lower: dict[tuple[int, str], list[CompiledStep]] = {}
    for step, inv in fires:
        top = highest.get((inv.currency, step.is_escalation))
        if top is None or top is step or not mergeable(step, inv) or _passes(run, inv, step, top):
            moved.append((step, inv))
            continue
        slot = (top.index, inv.id)
        lower.setdefault(slot, []).append(step)
        if slot not in listed:  # due for two steps under it (catch_up none): listed once
            listed.add(slot)
            moved.append((top, inv))
    if not lower:
        return fires, _NO_MERGES
    # Back in invoice order (by due date, then id), as the groups read their oldest debt first.
    moved.sort(key=lambda fire: (fire[1].due, fire[1].id))
    return moved, _Merged(lower, frozenset(slot for slot in lower if slot not in own))


def _guarded(run: CustomerRun, inv: OpenInvoice) -> bool:
    young = run.engine.young
    return inv.disputed or (young is not None and run.window_ord - inv.due > young)


def _passes(run: CustomerRun, inv: OpenInvoice, own: CompiledStep, top: CompiledStep) -> bool:
    """Whether ``inv`` meets ``top`` before its ``own`` step, or a bureau notice between them."""
    compiled = run.compiled
    if compiled.reorders or compiled.anchored:
        sequence, ranks, _ = run.order(inv)
        if ranks[top.index] < ranks[own.index]:
            return True
        between: Sequence[int] = sequence[ranks[own.index] + 1 : ranks[top.index]]
    else:
        between = range(own.index + 1, top.index)
    steps = compiled.steps
    return any(steps[k].is_escalation for k in between)


def _skip_all(
    run: CustomerRun,
    number: int,
    step: CompiledStep,
    invs: list[OpenInvoice],
    merged: _Merged,
) -> None:
    if run.trace is not None:
        _, code, reason, retry = run.engine.skip_keys[number]
        for inv in invs:
            run.skip(step, inv, code, reason, retry)
            # Traced, not reported: the skip of the notice carries it.
            for own in merged.lower.get((step.index, inv.id), ()):
                run.trace.append(
                    TraceRow(
                        inv.id,
                        own.index,
                        f"skipped:{code.value}",
                        f"listed in the notice at step {step.id!r} (consolidate: customer): "
                        + reason,
                        retry_on=None if retry is None else date.fromordinal(retry),
                    )
                )
        return
    skips = run.skips
    for inv in invs:
        ids = skips.get(number)
        if ids is None:
            skips[number] = [inv.id]
        else:
            ids.append(inv.id)


def _caps(
    run: CustomerRun, place: ContactPlace, contact: tuple[int, ...]
) -> tuple[int | None, ...]:
    """For each contact action, in priority order: None when it goes, else the skip key
    number that defers it (cap or pause); memoized per run (see the module docstring)."""
    history = run.history
    pause = run.schedule.limits.pause_days_after_opt_out
    if history is NO_HISTORY:
        days: tuple[int, ...] = ()
        pause_until = -1
    else:
        local_day = run.local_day
        days = tuple(sorted([local_day(at) for at in history.contacts.values()]))
        opted_out = history.opted_out
        pause_until = -1 if opted_out is None or not pause else local_day(opted_out) + pause
    key = (place, days, pause_until, contact)
    cache = run.engine.caps_outcomes
    found = cache.get(key)
    if found is None:
        found = cache[key] = _decide_caps(run, place, days, pause_until, contact)
    return found


def _decide_caps(
    run: CustomerRun,
    place: ContactPlace,
    days: tuple[int, ...],
    pause_until: int,
    contact: tuple[int, ...],
) -> tuple[int | None, ...]:
    limits = run.schedule.limits
    pause = limits.pause_days_after_opt_out
    skip_number = run.engine.skip_number
    day = place.day
    counter = CapCounter.of(limits, days)
    projection: CapCounter | None = None
    decided: list[int | None] = []
    for index in contact:
        if day < pause_until:
            resume = next_contact_day(place.window, date.fromordinal(pause_until), place.is_holiday)
            reason = (
                f"the customer asked to stop on {date.fromordinal(pause_until - pause)}:"
                f" no contact for {pause} days (limits.pause_days_after_opt_out)"
            )
            retry = None if resume is None else resume.toordinal()
            decided.append(skip_number((index, SkipCode.PAUSED, reason, retry)))
            continue
        if not counter.fits(day):
            # Deferred actions queue up in priority order: each takes the first day with
            # room after the ones before it, as if the host sent each on its day.
            if projection is None:
                projection = counter.copy()
            found = projection.next_fit(day, place.allows)
            if found is not None:
                projection.add(found)
            reason = (
                f"contact cap reached on {date.fromordinal(day)} (per day"
                f" {limits.per_customer_per_day}, per week {limits.per_customer_per_week})"
            )
            if run.schedule.catch_up is CatchUp.NONE:
                # Under "none" a step goes on its own date or never.
                reason += "; not retried (catch_up: none)"
                found = None
            decided.append(skip_number((index, SkipCode.CAPPED, reason, found)))
            continue
        counter.add(day)
        decided.append(None)
    return tuple(decided)


def _action(
    run: CustomerRun,
    step: CompiledStep,
    currency: str,
    invs: list[OpenInvoice],
    channel: Any,
    place: ContactPlace,
    merged: _Merged,
) -> Action:
    """The action of ``step`` for ``invs`` (sorted oldest debt first) in ``currency``."""
    # The invoices due for the step themselves (not those one notice raised to it): the step's
    # date and repetition are theirs.
    own = [inv for inv in invs if (step.index, inv.id) not in merged.raised]
    repetition = _repetition(run, step, own) if run.repetitions else None
    ids = run.ids([inv.id for inv in invs])
    identifier = _identifier(run, step, currency, ids, repetition)
    if run.trace is not None:
        _trace_planned(run.trace, step, invs, merged, identifier)
    days, (due_text, reason, step_text, template) = _texts(
        run, step, invs, own, repetition, len(ids)
    )
    reason += _merged_note(merged, step, invs) + _repetition_note(step, repetition)
    fee = fees = None
    if step.fee is not None:
        fee, fees, note = _fee(run, step, currency, _charged(run, step, invs, merged))
        reason += note
    schedule = run.schedule
    return new_action(
        {
            "id": identifier,
            "customer_id": run.customer.id,
            "invoice_ids": ids,
            "step_id": step.id,
            "action": step.action,
            "channel": channel,
            "template": template,
            "window_start": place.start,
            "window_end": place.end,
            "currency": currency,
            "amount_due": add([inv.balance for inv in invs]),
            "days_overdue": days,
            "due_date": due_text,
            "reason": reason,
            "notice_days": schedule.guardrails.notice_days,
            "context": {
                "schedule": schedule.name,
                "schedule_version": schedule.version,
                "step_date": step_text,
            },
            "fee": fee,
            "fees": fees,
            "description": step.description,
            "repetition": repetition,
        }
    )


def _texts(
    run: CustomerRun,
    step: CompiledStep,
    invs: list[OpenInvoice],
    own: list[OpenInvoice],
    repetition: int | None,
    count: int,
) -> tuple[int, tuple[date, str, str, str]]:
    """The days overdue of an action for ``invs`` (oldest debt first), and its due date,
    reason, step date text and template (:func:`action_wording`), on the day its window
    opens: planned after the window closed, a message goes on a later day and must state
    that day's facts (not "due today" on the day after the due date)."""
    oldest = invs[0].due
    stated, days = run.engine.compiled.overdue(oldest, run.window_ord)
    # Many customers' actions share the due date, step date and wording: build them once.
    key = (step.index, _step_date(run, step, invs, own, repetition), oldest, stated, days, count)
    texts = run.engine.action_texts.get(key)
    if texts is None:
        texts = run.engine.action_texts[key] = action_wording(step, *key[1:])
    return days, texts


def _charged(
    run: CustomerRun, step: CompiledStep, invs: list[OpenInvoice], merged: _Merged
) -> list[OpenInvoice]:
    """The invoices a step's fee is charged on: an invoice the notice raised takes the step,
    and its fee, only where the step's when holds for it (a fee the step's own conditions
    exclude is never charged)."""
    return [
        inv for inv in invs if (step.index, inv.id) not in merged.raised or _meets(run, step, inv)
    ]


def _meets(run: CustomerRun, step: CompiledStep, inv: OpenInvoice) -> bool:
    """Whether the ``when`` of ``step`` holds for ``inv``."""
    return step.when is None or mismatch(run, step, inv) is None


def _step_date(
    run: CustomerRun,
    step: CompiledStep,
    invs: list[OpenInvoice],
    own: list[OpenInvoice],
    repetition: int | None,
) -> int:
    """The date (an ordinal) of an action's step: the earliest of its own invoices' (a lone
    invoice one notice raised to the step has the step's date for it), counted from the event
    for a triggered step; a repetition's own date for a repetition."""
    index = step.index
    if repetition is not None:
        return min(
            run.compiled.repetition_date(
                step, run.dates(inv)[index], run.repetitions.get((inv.id, index), 0)
            )
            for inv in own
        )
    if step.trigger is not None:  # off the ladder: its date counts from the event
        events = [run.promised[inv.id].broken_on for inv in invs]
        return min([day for day in events if day is not None]) + step.days
    return min(run.dates(inv)[index] for inv in own or invs)


def _identifier(
    run: CustomerRun,
    step: CompiledStep,
    currency: str,
    ids: Sequence[str],
    repetition: int | None,
) -> str:
    """The action's stable id (:mod:`~regua.rules.ids`): each repetition has its own; on a
    customer's ladder the id names the ladder (its anchor), not who joined it."""
    sorted_ids = sorted(ids) if run.anchors is None else [run.anchors[currency].id]
    if repetition is None:
        prefix = step.id_prefix
    else:
        prefix = repetition_prefix(run.schedule.name, step.id, repetition)
    return hashed_id(prefix, run.customer.id, currency, sorted_ids)


def _trace_planned(
    trace: list[TraceRow],
    step: CompiledStep,
    invs: list[OpenInvoice],
    merged: _Merged,
    identifier: str,
) -> None:
    """For ``explain``: each invoice's step is planned in the action, and so are the steps
    below it that one notice listed there."""
    for inv in invs:
        trace.append(TraceRow(inv.id, step.index, "planned", f"action {identifier}", identifier))
        for below in merged.lower.get((step.index, inv.id), ()):
            trace.append(
                TraceRow(
                    inv.id,
                    below.index,
                    "planned",
                    f"listed in action {identifier} at step {step.id!r}, one notice per"
                    " customer (consolidate: customer)",
                    identifier,
                )
            )


def _repetition_note(step: CompiledStep, repetition: int | None) -> str:
    """What an action's reason adds for a repetition of its step."""
    if repetition is None:
        return ""
    assert step.repeat is not None
    cap = step.repeat.max
    return f"; repetition {repetition}" + ("" if cap is None else f" of {cap}")


def _repetition(run: CustomerRun, step: CompiledStep, invs: list[OpenInvoice]) -> int | None:
    """The repetition of ``step`` an action for ``invs`` is: theirs (one notice per customer
    may list several, the latest names it); None for the step's own date."""
    repetitions = run.repetitions
    found = [repetitions.get((inv.id, step.index), 0) for inv in invs]
    return max(found) or None


def _by_index(step: CompiledStep) -> int:
    return step.index


def _merged_note(merged: _Merged, step: CompiledStep, invs: list[OpenInvoice]) -> str:
    """What an action's reason adds for the invoices one notice listed above their own step
    (each counted at the highest step it was due for)."""
    lower = [
        max(merged.lower[key], key=_by_index)
        for inv in invs
        if (key := (step.index, inv.id)) in merged.raised
    ]
    if not lower:
        return ""
    counts: dict[str, int] = {}
    for below in sorted(lower, key=_by_index):
        counts[below.id] = counts.get(below.id, 0) + 1
    listed = ", ".join(
        f"{n} invoice{'s' if n > 1 else ''} due for step {step_id!r}"
        for step_id, n in counts.items()
    )
    return f"; one notice per customer (consolidate: customer), also listing {listed}"


def _fee(
    run: CustomerRun, step: CompiledStep, currency: str, invs: list[OpenInvoice]
) -> tuple[Decimal | None, dict[str, Decimal] | None, str]:
    """The fee an action charges, the same per invoice it charges (once per invoice), and what
    its reason adds."""
    fee = step.fee
    assert fee is not None
    if step.repeat is not None:  # charged once, by the step's first firing for the invoice
        fired = run.history.fired
        invs = [inv for inv in invs if step.id not in fired.get(inv.id, ())]
        if not invs:
            return None, None, f"; fee {fee.text()} already charged by the step's first firing"
    consumer = run.customer.kind is CustomerKind.CONSUMER
    law = run.compiled.jurisdiction.consumer_fees_law
    if consumer and not run.schedule.guardrails.consumer_fees:
        return (
            None,
            None,
            (
                f"; fee {fee.text()} not charged: the customer is a consumer ({law}: a"
                " contract clause and reciprocity; set guardrails.consumer_fees)"
            ),
        )
    unit = minor_unit(currency)
    with money_context():
        if fee.fixed is not None:
            each = fee.fixed.quantize(unit, rounding=ROUND_HALF_UP)
            fees = {inv.id: each for inv in invs}
        else:
            assert fee.percent is not None
            assert run.engine.amounts is not None
            amounts = run.engine.amounts
            customer_id = run.customer.id
            fees = {
                inv.id: (
                    amounts.get((customer_id, inv.id), inv.balance) * fee.percent / 100
                ).quantize(unit, rounding=ROUND_HALF_UP)
                for inv in invs
            }
    total = add(list(fees.values()))
    note = f"; fee {total} ({fee.text()} per invoice)"
    if consumer:
        note += f" charged to a consumer under guardrails.consumer_fees ({law})"
    return total, fees, note


def action_wording(
    step: CompiledStep, step_date: int, oldest: int, stated: int, days: int, count: int
) -> tuple[date, str, str, str]:
    """An action's due date, reason, step date text and template, for the oldest invoice due
    on ``oldest``, the due date ``stated`` and ``days`` overdue
    (:meth:`~regua.rules.compiled.CompiledSchedule.overdue`)."""
    invoices = f"{count} invoices, oldest" if count > 1 else "invoice"
    due = date.fromordinal(oldest)
    if stated != oldest:
        due_text = f"{due}, not a business day: payable until {date.fromordinal(stated)}"
    else:
        due_text = str(due)
    step_day = date.fromordinal(step_date)
    return (
        date.fromordinal(stated),
        f"{step.reason_head} {step_day}; {invoices} due {due_text}, {_days_text(days)}",
        step_day.isoformat(),
        template_for(step.template, step.action, days),
    )


def _days_text(days: int) -> str:
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} overdue"
    if days < 0:
        return f"due in {-days} day{'s' if days != -1 else ''}"
    return "due today"


def skipped(run: CustomerRun) -> list[Skipped]:
    """The customer's skips, one per skip key, in the order of the plan's report."""
    engine = run.engine
    customer_id = run.customer.id
    parts = engine.skip_parts
    skips = run.skips
    numbers = list(skips)
    if len(numbers) > 1:
        # By step, code and reason (SkipCode is a StrEnum: it orders as its value); a
        # stable sort keeps ties in order of appearance.
        numbers.sort(key=engine.skip_order.__getitem__)
    shared_ids = run.ids
    out = []
    for number in numbers:
        step_id, code, reason, retry_on = parts[number]
        out.append(Skipped(customer_id, shared_ids(skips[number]), step_id, code, reason, retry_on))
    return out

"""Per open invoice: the candidate steps, and what the catch-up policy fires among them.

The *candidates* are the steps whose date has come, not recorded in the history, not passed
(under ``latest`` and ``none``, a step before the last one recorded never fires: escalation
does not go back), whose ``when`` holds and that no guardrail or missing channel holds back.
The catch-up policy then picks what fires, resolving requirements (``after``, and the
delivered notice a listing needs): under ``latest`` a required step that has not fired fires
first and the dependent step waits.

A repeating step (``Step.repeat``) is a candidate again while it is the last step recorded for
the invoice: at the latest repetition due (by date) that no record of the step covers (a record
on or after a repetition's date covers it and the earlier ones), and only when no step the
invoice meets later is a candidate too (escalation goes first; once a later step fired, the
repetitions end). A step never recorded whose repetitions are due fires once, at the latest.

Speed: without guardrails in play, the selection for an invoice is a function of a small key
(which steps are due, the customer's shape, the local days of its recorded steps, its ``when``
results), so it runs once per distinct key and is replayed for the other invoices. A
schedule with a repeating step is selected invoice by invoice: which repetition is due depends
on the dates themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from regua.rules.compiled import CompiledStep
from regua.rules.conditions import invoice_conditions, mismatch
from regua.rules.guardrails import block, guarded, resume_on
from regua.rules.history import last_record
from regua.rules.records import OpenInvoice
from regua.rules.results import SkipCode
from regua.rules.schedule import CatchUp
from regua.rules.state import CustomerRun

__all__ = ["select_fresh", "select_one", "select_traced"]

_NO_STEPS: dict[str, datetime] = {}


class _Fire(NamedTuple):
    step: CompiledStep
    inv: OpenInvoice


class _Wait(NamedTuple):
    reason: str
    retry_on: int | None


class _Blocked(NamedTuple):
    reason: str


def select_traced(run: CustomerRun, inv: OpenInvoice) -> None:
    """Selection for one invoice, every step's status noted in the trace."""
    if inv.balance <= 0:
        for step in run.compiled.steps:
            run.note(inv, step, "closed", "invoice paid: the ladder stopped")
        return
    select_one(run, inv, guarded(run, inv))


def select_one(run: CustomerRun, inv: OpenInvoice, guards: bool) -> bool:
    """Selection for one open invoice, by the direct path (its dates from ``run.dates``);
    whether its ladder is exhausted."""
    return _select(run, inv, run.dates(inv), run.history.fired.get(inv.id, _NO_STEPS), guards)


def select_fresh(run: CustomerRun) -> None:
    """Selection for every invoice with something new due (no trace).

    Without guardrails in play, what happens to an invoice depends only on which steps
    are due (under "none", on the dates themselves), the customer's shape, the local days
    its steps were recorded and delivered, and its ``when`` results: the outcome recorded for
    the first invoice in the same situation is replayed for the others (:func:`_select_shared`).
    This pays: selecting every invoice on its own took ``plan`` at 100,000 invoices
    (benchmarks/run.py) from 3.25 s to 5.32 s CPU on a first run and from 2.38 s to 2.99 s on
    a daily one. Issue-anchored dates and repeating steps depend on the dates themselves, so
    those schedules select every invoice on its own.
    """
    compiled = run.compiled
    shared = not (compiled.by_issue or compiled.repeating)
    for inv in run.invoices:
        if not inv.fresh:
            continue  # nothing new is due (paid invoices are never fresh)
        guards = guarded(run, inv)
        if shared and not guards:
            _select_shared(run, inv)
        else:
            select_one(run, inv, guards)


def _select_shared(run: CustomerRun, inv: OpenInvoice) -> None:
    """Selection for an invoice no guardrail can touch, replayed from the first invoice in the
    same situation: the skip key numbers it joins (in order), the steps that fire for it, the
    conditions that fail and whether its ladder is exhausted."""
    dates = run.dates(inv)
    fired = run.history.fired.get(inv.id, _NO_STEPS)
    key = (
        _situation(run, inv.due),
        run.shape.context,
        _recorded(run, inv.id, fired),
        invoice_conditions(run, inv, dates) if run.compiled.invoice_conditional else (),
    )
    found = run.engine.outcomes.get(key)
    if found is None:
        run.capture = ([], [], [])
        done = _select(run, inv, dates, fired, False)
        numbers, steps, conditions = run.capture
        run.engine.outcomes[key] = (tuple(numbers), tuple(steps), tuple(conditions), done)
        run.capture = None
    else:
        _replay(run, inv, *found)


def _replay(
    run: CustomerRun,
    inv: OpenInvoice,
    numbers: tuple[int, ...],
    steps: tuple[CompiledStep, ...],
    conditions: tuple[int, ...],
    done: bool,
) -> None:
    """What :func:`_select` did for another invoice in the same situation, done for ``inv``."""
    for number in numbers:
        run.skips.setdefault(number, []).append(inv.id)
    for step in steps:
        run.fires.append((step, inv))
    run.conditions.extend(conditions)
    if done:
        run.finished.append(inv)
    else:
        run.live = True


def _situation(run: CustomerRun, due: int) -> int:
    """What selection reads of an invoice's due date: under "none" the date itself, else
    which steps are due by today (and the order they are met in, when it can differ)."""
    if run.schedule.catch_up is CatchUp.NONE:
        return due
    due_sets = run.shape.due_sets
    situation = due_sets.get(due)
    if situation is None:
        compiled = run.compiled
        today = run.today_ord
        situation = sum(1 << k for k, day in enumerate(compiled.step_dates(due)) if day <= today)
        if compiled.reorders:  # the same due steps met in another order decide otherwise
            situation |= compiled.order(due)[2] << len(compiled.steps)
        due_sets[due] = situation
    return situation


def _recorded(
    run: CustomerRun, invoice_id: str, fired: dict[str, datetime]
) -> tuple[tuple[int, int, int | None], ...]:
    """(step index, local day recorded, local day delivered) of the schedule's steps
    recorded for an invoice: all that selection reads of its history."""
    index_of = run.compiled.index_of
    reached = run.history.reached.get(invoice_id, _NO_STEPS)
    local_day = run.local_day
    return tuple(
        sorted(
            [
                (
                    index_of[step_id],
                    local_day(at),
                    local_day(reached[step_id]) if step_id in reached else None,
                )
                for step_id, at in fired.items()
                if step_id in index_of
            ]
        )
    )


@dataclass(slots=True)
class _Scan:
    """What the steps an invoice meets say, in order: the candidates, the most advanced step
    held back per skip code, the repeating steps due again (step index -> (repetition, its
    date)), and whether a step has something left to do (not yet due, or due and not done)."""

    candidates: list[CompiledStep] = field(default_factory=list)
    blocked: dict[SkipCode, tuple[CompiledStep, str]] = field(default_factory=dict)
    repeats: dict[int, tuple[int, int]] = field(default_factory=dict)
    pending: bool = False


def _select(
    run: CustomerRun,
    inv: OpenInvoice,
    dates: tuple[int, ...],
    fired: dict[str, datetime],
    guards: bool,
) -> bool:
    """Candidates, blocks and what fires for one open invoice with something new due; whether
    its ladder is exhausted (noted in ``run.finished``, else ``run.live`` is set): some step
    fired and every step fired, was passed or does not apply."""
    ranks, met = _met(run, inv)
    index_of = run.compiled.index_of
    last_fired = max((ranks[index_of[s]] for s in fired if s in index_of), default=-1)
    scan = _Scan()
    for step in met:  # in the order the invoice meets them: the last is the most advanced
        if _is_due(run, inv, step, dates[step.index], fired, ranks[step.index], last_fired, scan):
            _consider(run, inv, step, guards, scan)
    for code, (step, reason) in scan.blocked.items():
        run.skip(step, inv, code, reason, resume_on(run, inv, code))
    _fire_candidates(run, inv, dates, fired, ranks, scan)
    pending = scan.pending
    some_fired = last_fired >= 0
    if run.compiled.triggered:
        pending = _triggered(run, inv, fired, guards) or pending
        # A step off the ladder (a broken promise's) that fired counts as one that fired.
        some_fired = some_fired or any(step.id in fired for step in run.compiled.triggered)
    done = some_fired and not pending
    if done:
        run.finished.append(inv)
    else:
        run.live = True
    return done


def _met(run: CustomerRun, inv: OpenInvoice) -> tuple[Sequence[int], Sequence[CompiledStep]]:
    """Each step's rank in the order the invoice meets its steps, and the ladder's steps in
    that order."""
    compiled = run.compiled
    ranks: Sequence[int]
    met: Sequence[CompiledStep]
    if compiled.reorders:
        sequence, ranks, _ = run.order(inv)
        met = [compiled.steps[k] for k in sequence]
    else:
        ranks, met = range(len(compiled.steps)), compiled.steps
    if compiled.triggered:
        met = [step for step in met if step.trigger is None]
    return ranks, met


def _is_due(
    run: CustomerRun,
    inv: OpenInvoice,
    step: CompiledStep,
    step_date: int,
    fired: dict[str, datetime],
    rank: int,
    last_fired: int,
    scan: _Scan,
) -> bool:
    """Whether ``step`` (at ``rank`` in the order the invoice meets its steps) is due for the
    invoice: its date has come, it is not recorded (or a repetition of it is due) and not
    passed; notes in ``scan`` a repetition due or something left to do, in the trace why not."""
    tracing = run.trace is not None
    if step.id in fired:
        if step.repeat is None or rank != last_fired:
            if tracing:
                when = date.fromordinal(run.local_day(fired[step.id]))
                ended = "; its repetitions ended: a later step fired" if step.repeat else ""
                run.note(inv, step, "fired", f"recorded in history on {when}{ended}")
            return False
        again = _repetition_due(run, inv, step, step_date, fired[step.id])
        if again is None:
            if _repetitions_left(run, step, step_date):
                scan.pending = True
            return False
        scan.repeats[step.index] = again
        return True
    if step_date > run.today_ord:
        scan.pending = True
        if tracing:
            run.note(inv, step, "not_yet", f"due on {date.fromordinal(step_date)}")
        return False
    if run.schedule.catch_up is not CatchUp.ALL and rank < last_fired:
        if tracing:
            run.note(inv, step, "passed", "a later step already fired for this invoice")
        return False
    if step.repeat is not None:
        k = run.compiled.latest_repetition(step, step_date, run.today_ord)
        if k:  # catch-up: the latest repetition due stands for the missed ones
            scan.repeats[step.index] = (k, run.compiled.repetition_date(step, step_date, k))
    return True


def _consider(
    run: CustomerRun, inv: OpenInvoice, step: CompiledStep, guards: bool, scan: _Scan
) -> None:
    """A due step becomes a candidate unless a condition, a guardrail or a missing channel
    holds it back (one report per invoice and reason: the most advanced step so held)."""
    held = _held_back(run, step, inv, guards)
    if held is _NOT_APPLICABLE:
        return
    scan.pending = True
    if held is _UNKNOWN_PROFILE:
        return
    if held is not None:
        scan.blocked[held[0]] = (step, held[1])
        if run.trace is not None:
            run.note(inv, step, "blocked", held[1])
        return
    scan.candidates.append(step)


def _fire_candidates(
    run: CustomerRun,
    inv: OpenInvoice,
    dates: tuple[int, ...],
    fired: dict[str, datetime],
    ranks: Sequence[int],
    scan: _Scan,
) -> None:
    """What the catch-up policy fires among the candidates (a repetition first yields to a
    later step due now)."""
    candidates, repeats = scan.candidates, scan.repeats
    if repeats and candidates:
        _escalation_first(run, inv, candidates, ranks, fired, repeats)
    mode = run.schedule.catch_up
    if mode is CatchUp.NONE:
        candidates = _on_their_day(run, inv, dates, candidates, repeats)
    if repeats:
        run.due_repetitions = {index: k for index, (k, _) in repeats.items()}
    if mode is CatchUp.LATEST:
        _latest(run, inv, candidates)
    elif mode is CatchUp.ONE_PER_RUN:
        _one_per_run(run, inv, candidates, fired)
    else:
        _every(run, inv, candidates)
    run.due_repetitions = None


def _on_their_day(
    run: CustomerRun,
    inv: OpenInvoice,
    dates: tuple[int, ...],
    candidates: list[CompiledStep],
    repeats: dict[int, tuple[int, int]],
) -> list[CompiledStep]:
    """Under ``catch_up: none``, the candidates whose date (or repetition's) is today; the
    others are skipped as missed."""
    exact = []
    for step in candidates:
        again = repeats.get(step.index)
        day = dates[step.index] if again is None else again[1]
        if day == run.today_ord:
            exact.append(step)
        else:
            run.skip(
                step,
                inv,
                SkipCode.MISSED,
                f"its date {date.fromordinal(day)} has passed (catch_up: none)",
            )
    return exact


def _triggered(
    run: CustomerRun, inv: OpenInvoice, fired: dict[str, datetime], guards: bool
) -> bool:
    """The steps off the ladder (``trigger``) for one open invoice: each is due ``offset`` days
    after its event and fires once, whatever the catch-up policy (see
    :mod:`~regua.rules.promises` for the event). Whether one has something left to do."""
    pending = False
    tracing = run.trace is not None
    state = run.promised.get(inv.id) if run.promised else None
    broken = None if state is None else state.broken_on
    for step in run.compiled.triggered:
        if step.id in fired:
            if tracing:
                when = date.fromordinal(run.local_day(fired[step.id]))
                run.note(inv, step, "fired", f"recorded in history on {when}")
            continue
        if broken is None:
            if tracing:
                run.note(inv, step, "not_applicable", "trigger broken_promise: no broken promise")
            continue
        day = broken + step.days
        if day > run.today_ord:
            pending = True
            if tracing:
                run.note(inv, step, "not_yet", f"due on {date.fromordinal(day)}")
            continue
        held = _held_back(run, step, inv, guards)
        if held is _NOT_APPLICABLE:
            continue
        pending = True
        if held is _UNKNOWN_PROFILE:
            continue
        if held is not None:
            if tracing:
                run.note(inv, step, "blocked", held[1])
            run.skip(step, inv, held[0], held[1], resume_on(run, inv, held[0]))
            continue
        outcome = _resolve(run, step, inv, [step], redirect=False)
        if isinstance(outcome, _Fire):
            _fire(run, outcome)
        elif isinstance(outcome, _Wait):
            run.skip(step, inv, SkipCode.WAITING, outcome.reason, outcome.retry_on)
        else:
            run.skip(step, inv, SkipCode.REQUIREMENT, outcome.reason)
    return pending


# What _held_back says of a step a `when` condition keeps from the invoice, and of one whose
# condition needs a profile the run does not have (both already reported; the second, a skip,
# leaves the step something to do).
_NOT_APPLICABLE = (SkipCode.PROFILE_UNKNOWN, "not applicable")
_UNKNOWN_PROFILE = (SkipCode.PROFILE_UNKNOWN, "unknown profile")


def _held_back(
    run: CustomerRun, step: CompiledStep, inv: OpenInvoice, guards: bool
) -> tuple[SkipCode, str] | None:
    """Whether a due step may go on to fire for the invoice: None when it may, the skip code and
    reason of what holds it back (a guardrail, a missing channel), ``_NOT_APPLICABLE`` when a
    ``when`` condition keeps it from the invoice (counted in ``Plan.not_applicable``), or
    ``_UNKNOWN_PROFILE`` when the condition needs a missing profile (skipped); noted either way."""
    found = mismatch(run, step, inv) if step.when is not None else None
    held = None
    if guards and (found is None or found[0] is SkipCode.PROFILE_UNKNOWN):
        # A guardrail outranks a missing profile: a disputed invoice is not "unknown".
        held = block(run, step, inv)
    if found is not None and held is None:
        code, reason = found
        if code is SkipCode.PROFILE_UNKNOWN:
            run.skip(step, inv, code, reason)
        else:
            run.not_applicable(step, reason)
        if run.trace is not None:
            run.note(inv, step, "not_applicable", reason)
        return _UNKNOWN_PROFILE if code is SkipCode.PROFILE_UNKNOWN else _NOT_APPLICABLE
    if held is None and step.channels and run.channels[step.index] is None:
        held = (SkipCode.NO_CHANNEL, run.compiled.no_channel_reason[step.index])
    return held


def _repetitions_left(run: CustomerRun, step: CompiledStep, step_date: int) -> bool:
    """Whether a repeating step whose repetitions due so far are recorded has more to come."""
    cap = step.repeat.max if step.repeat is not None else 0
    return cap is None or run.compiled.latest_repetition(step, step_date, run.today_ord) < cap


def _escalation_first(
    run: CustomerRun,
    inv: OpenInvoice,
    candidates: list[CompiledStep],
    ranks: Sequence[int],
    fired: dict[str, datetime],
    repeats: dict[int, tuple[int, int]],
) -> None:
    """A repetition of the step the invoice is on yields to a later step due now: it repeats
    the rung while there is nothing to escalate to, and ends once that step fires."""
    again = next((step for step in candidates if step.id in fired), None)
    if again is None:
        return
    later = [step for step in candidates if ranks[step.index] > ranks[again.index]]
    if later:
        candidates.remove(again)
        k = repeats.pop(again.index)[0]
        run.skip(
            again,
            inv,
            SkipCode.SUPERSEDED,
            f"repetition {k} superseded by step {later[-1].id!r}, which the invoice meets later",
        )


def _repetition_due(
    run: CustomerRun, inv: OpenInvoice, step: CompiledStep, step_date: int, first: datetime
) -> tuple[int, int] | None:
    """(repetition, its date) when a repetition of a recorded repeating step is due and no
    record covers it (a record on or after a repetition's date covers it and every earlier
    one); otherwise None, with the step's state noted in the trace."""
    compiled = run.compiled
    assert step.repeat is not None
    k = compiled.latest_repetition(step, step_date, run.today_ord)
    at = last_record(run.history, inv.id, step.id)
    last = run.local_day(at if at is not None else first)
    if k and last < compiled.repetition_date(step, step_date, k):
        return k, compiled.repetition_date(step, step_date, k)
    if run.trace is not None:
        cap = step.repeat.max
        recorded = f"recorded in history on {date.fromordinal(run.local_day(first))}"
        if last != run.local_day(first):
            recorded += f", last on {date.fromordinal(last)}"
        if cap is not None and k >= cap:
            run.note(inv, step, "fired", f"{recorded}; its {cap} repetitions are done")
        else:
            after = date.fromordinal(compiled.repetition_date(step, step_date, k + 1))
            left = "" if cap is None else f" of {cap}"
            run.note(inv, step, "not_yet", f"{recorded}; repetition {k + 1}{left} due on {after}")
    return None


def _fire(run: CustomerRun, fire: _Fire) -> None:
    if run.capture is not None:
        run.capture[1].append(fire.step)
    if run.due_repetitions is not None:
        k = run.due_repetitions.get(fire.step.index)
        if k is not None:
            run.repetitions[(fire.inv.id, fire.step.index)] = k
    run.fires.append(fire)


def _latest(run: CustomerRun, inv: OpenInvoice, candidates: list[CompiledStep]) -> None:
    remaining = list(candidates)
    while remaining:
        target = remaining[-1]
        outcome = _resolve(run, target, inv, candidates, redirect=True)
        if isinstance(outcome, _Blocked):
            run.skip(target, inv, SkipCode.REQUIREMENT, outcome.reason)
            remaining.pop()
            continue
        if isinstance(outcome, _Fire):
            # The step that fires may be one the target requires: the others are superseded
            # by the step that fired, not by the target that now waits for it.
            chosen = outcome.step
            _fire(run, outcome)
            if chosen is not target:
                run.skip(
                    target, inv, SkipCode.WAITING, f"waits for step {chosen.id!r} to fire first"
                )
            reason = run.compiled.superseded_reason[chosen.index]
        else:
            chosen = target
            run.skip(target, inv, SkipCode.WAITING, outcome.reason, outcome.retry_on)
            reason = run.compiled.superseded_waiting_reason[target.index]
        for step in remaining:
            if step is not chosen and step is not target:
                run.skip(step, inv, SkipCode.SUPERSEDED, reason)
        return


def _one_per_run(
    run: CustomerRun,
    inv: OpenInvoice,
    candidates: list[CompiledStep],
    fired: dict[str, datetime],
) -> None:
    """The first candidate the invoice meets fires (or the step it requires); the rest wait
    for later runs. A step recorded today for the invoice already was this run's step."""
    if not candidates:
        return
    index_of = run.compiled.index_of
    today = run.today_ord
    repeating = run.compiled.repeating
    done = next(
        (
            step_id
            for step_id, at in fired.items()
            if step_id in index_of
            and run.local_day(
                (last_record(run.history, inv.id, step_id) or at) if step_id in repeating else at
            )
            == today
        ),
        None,
    )
    if done is not None:
        reason = f"step {done!r} was recorded today; one step per run (catch_up: one_per_run)"
        for step in candidates:
            run.skip(step, inv, SkipCode.WAITING, reason, today + 1)
        return
    rest = list(candidates)
    while rest:
        target = rest.pop(0)
        outcome = _resolve(run, target, inv, candidates, redirect=True)
        if isinstance(outcome, _Blocked):
            run.skip(target, inv, SkipCode.REQUIREMENT, outcome.reason)
            continue
        if isinstance(outcome, _Fire):
            _fire(run, outcome)
            chosen = outcome.step
            reason = f"step {chosen.id!r} goes first; one step per run (catch_up: one_per_run)"
            retry: int | None = today + 1
        else:
            chosen = target
            run.skip(target, inv, SkipCode.WAITING, outcome.reason, outcome.retry_on)
            reason = f"waits for step {chosen.id!r}; one step per run (catch_up: one_per_run)"
            retry = None
        for step in rest:
            if step is not chosen:
                run.skip(step, inv, SkipCode.WAITING, reason, retry)
        return


def _every(run: CustomerRun, inv: OpenInvoice, candidates: list[CompiledStep]) -> None:
    for step in candidates:
        outcome = _resolve(run, step, inv, candidates, redirect=False)
        if isinstance(outcome, _Fire):
            _fire(run, outcome)
        elif isinstance(outcome, _Wait):
            run.skip(step, inv, SkipCode.WAITING, outcome.reason, outcome.retry_on)
        else:
            run.skip(step, inv, SkipCode.REQUIREMENT, outcome.reason)


def _resolve(
    run: CustomerRun,
    target: CompiledStep,
    inv: OpenInvoice,
    candidates: list[CompiledStep],
    *,
    redirect: bool,
) -> _Fire | _Wait | _Blocked:
    """Fire ``target``, or what must fire first, or say why it waits or cannot go."""
    steps = run.compiled.steps
    if target.after_index is not None:
        required = steps[target.after_index]
        outcome = _requirement(
            run,
            target,
            inv,
            candidates,
            (required,),
            target.after_min_days,
            target.after_delivered,
            redirect=redirect,
        )
        if outcome is not None:
            return outcome
    if target.needs_notice:
        notices = tuple(steps[i] for i in run.compiled.notice_indexes if i < target.index)
        outcome = _requirement(
            run,
            target,
            inv,
            candidates,
            notices,
            run.schedule.guardrails.notice_days,
            True,
            redirect=redirect,
        )
        if outcome is not None:
            return outcome
    return _Fire(target, inv)


def _requirement(
    run: CustomerRun,
    target: CompiledStep,
    inv: OpenInvoice,
    candidates: list[CompiledStep],
    required: tuple[CompiledStep, ...],
    min_days: int,
    delivered: bool,
    *,
    redirect: bool,
) -> _Fire | _Wait | _Blocked | None:
    """None when one of ``required`` was carried out long enough ago."""
    names = " or ".join(repr(step.id) for step in required)
    fired = run.history.fired.get(inv.id, {})
    source = run.history.reached.get(inv.id, {}) if delivered else fired
    done = [run.local_day(source[s.id]) for s in required if s.id in source]
    if done:
        ready = min(done) + min_days
        if ready <= run.today_ord:
            return None
        return _Wait(
            f"waits {min_days} days after step {names} ({date.fromordinal(min(done))})",
            ready,
        )
    if any(s.id in fired for s in required):
        return _Wait(
            f"step {names} was carried out but not delivered; this step needs proof of"
            " delivery (STJ Tema 1.315)",
            None,
        )
    pending = [s for s in candidates if s in required]
    if pending:
        if redirect:
            return _resolve(run, pending[-1], inv, candidates, redirect=True)
        return _Wait(f"waits for step {names}, planned now, plus {min_days} days", None)
    kind = "a delivered bureau_notice" if target.needs_notice and delivered else "step"
    return _Blocked(
        f"requires {kind} {names} at least {min_days} days earlier, and it has not fired"
        " and cannot fire for this invoice now"
    )

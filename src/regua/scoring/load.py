"""Before a champion/challenger test: each schedule's contact load over the same portfolio.

:func:`contact_load` runs :func:`regua.rules.simulate` once per schedule over the same customers,
invoices and days (each planned action carried out at the start of its window and recorded as
delivered, so no step repeats) and counts the actions by day, channel and kind: what the
challenger would ask of the team and the channels, day by day, and how many escalations
(credit bureau, protest, legal) it would start, before a customer is put under it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from regua._inputs import as_model, many
from regua.errors import InvalidInputError
from regua.limits import MAX_NAME_CHARS
from regua.models import Customer, Invoice, Payment, Profile
from regua.rules import Schedule, simulate
from regua.scoring._states import table

if TYPE_CHECKING:
    import polars as pl

__all__ = ["contact_load"]

_MAX_SCHEDULES = 10
_COLUMNS = {
    "schedule": "str",
    "day": "date",
    "channel": "str",
    "action": "str",
    "escalation": "bool",
    "actions": "int",
}


def contact_load(
    schedules: Mapping[str, Schedule | Mapping[str, Any]],
    customers: Iterable[Customer | Mapping[str, Any]],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    start: date,
    end: date,
    payments: Mapping[str, Iterable[Payment | Mapping[str, Any]]] | None = None,
    profiles: Mapping[str, Profile | str] | None = None,
) -> pl.DataFrame:
    """The actions each schedule of ``schedules`` (name -> schedule, at most 10) would carry
    out on each day of ``[start, end]``, by channel and action kind; one row per non-zero
    count, sorted. ``channel`` is ``"none"`` for a back-office action (listing, protest…);
    ``escalation`` marks the actions a dispute holds back (:attr:`ActionKind.is_escalation`).
    ``payments`` (invoice id -> payments expected during the period) and ``profiles`` are
    passed to :func:`~regua.rules.simulate`.

    >>> from datetime import date
    >>> from regua.samples import sample_customers, sample_invoices, sample_schedule
    >>> base = sample_schedule()
    >>> lean = base.model_copy(update={"steps": base.steps[:2], "name": "lean"})
    >>> load = contact_load({"padrao": base, "lean": lean}, sample_customers(),
    ...                     sample_invoices(), start=date(2026, 3, 16), end=date(2026, 3, 31))
    >>> import polars as pl
    >>> totals = load.group_by("schedule").agg(pl.col("actions").sum()).sort("schedule")
    >>> totals.rows()
    [('lean', 8), ('padrao', 16)]
    """
    if not isinstance(schedules, Mapping):
        raise InvalidInputError("schedules", "expected a mapping of name to schedule")
    if not 1 <= len(schedules) <= _MAX_SCHEDULES:
        raise InvalidInputError("schedules", f"from 1 to {_MAX_SCHEDULES} schedules")
    # Read once, simulated once per schedule.
    people = list(many(customers, Customer, "customers"))
    portfolio = list(many(invoices, Invoice, "invoices"))
    records: list[dict[str, Any]] = []
    for name, schedule in schedules.items():
        if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_CHARS:
            raise InvalidInputError(
                "schedules", f"a schedule's name is a str of 1 to {MAX_NAME_CHARS} characters"
            )
        rules = as_model(schedule, Schedule, f"schedules[{name!r}]")
        run = simulate(
            rules, people, portfolio, start=start, end=end, payments=payments,
            profiles=profiles,
        )  # fmt: skip
        counts: Counter[tuple[date, str, str, bool]] = Counter()
        for entry in run.timeline:
            action = entry.action
            channel = "none" if action.channel is None else action.channel.value
            kind = action.action
            counts[entry.executed_on, channel, kind.value, kind.is_escalation] += 1
        records.extend(
            {"schedule": name, "day": day, "channel": channel, "action": kind,
             "escalation": escalation, "actions": n}
            for (day, channel, kind, escalation), n in sorted(counts.items())
        )  # fmt: skip
    return table(records, _COLUMNS)

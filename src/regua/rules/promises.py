"""What a customer's promises to pay (:class:`~regua.models.Promise`) do to their invoices on
the planning day.

A promise is made on ``made_on`` for ``amount`` on its ``invoice_ids`` by ``due_date``; it holds
until ``due_date`` plus the schedule's ``promises.grace_days`` (its *end*, inclusive). On a day
from ``made_on`` to its end, the payments on its invoices dated from ``made_on`` up to that day
either reach ``amount`` (it is **kept**) or not (it is **pending**); from the day after its end,
a promise not kept is **broken**. Before ``made_on`` it does not exist.

- A pending promise holds every step of its open invoices back (skip code ``promised``, with
  ``retry_on`` the day after its end, when the ladder resumes if it is not kept), the neutral
  offers on a prescribed debt included. It comes after the other guardrails: a host's pause or
  block, an agreement, a dispute and prescription are reported first.
- A kept promise ends: the ladder goes on for whatever is still owed (a promise may be for part
  of the debt).
- A broken promise ends too, and the ladder resumes as if it had never paused (under
  ``catch_up: latest``, the most advanced step due fires). The steps with ``trigger:
  broken_promise`` become due ``offset`` days after the day it broke (the day after its end),
  for its open invoices; each fires once per invoice (the history says it has).

Several promises on one invoice: any pending one holds it (until the latest end among them),
and the trigger looks at the invoice's latest promise (by ``made_on``, then end, then id) only:
a broken promise followed by a new one is replaced by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from regua.models import Payment, Promise, PromiseStatus

__all__ = ["PromiseState", "promise_states"]


class PromiseState(NamedTuple):
    """What the promises on one invoice do on the planning day.

    ``held``: (reason, the day ordinal the ladder resumes) while a promise is pending.
    ``broken_on``: the day ordinal the invoice's latest promise broke, if it did.
    """

    held: tuple[str, int] | None
    broken_on: int | None


_NO_PAYMENTS: tuple[Payment, ...] = ()


def promise_states(
    promises: Iterable[Promise],
    today: date,
    grace_days: int,
    payments: Mapping[str, tuple[Payment, ...]],
) -> dict[str, PromiseState]:
    """Invoice id -> its :class:`PromiseState`, for the invoices some promise in force names.

    ``payments`` holds each invoice's payments (by invoice id, the customer's).
    """
    held: dict[str, tuple[str, int]] = {}
    latest: dict[str, tuple[tuple[date, date, str], PromiseStatus, date]] = {}
    for promise in promises:
        paid_in = [p for inv_id in promise.invoice_ids for p in payments.get(inv_id, _NO_PAYMENTS)]
        status = promise.status_from(paid_in, today, grace_days)
        if status is None:
            continue  # not made yet
        end = promise.ends_on(grace_days)
        if status is PromiseStatus.PENDING:
            paid = promise.paid_from(paid_in, today, grace_days)
            reason = (
                f"promise {promise.id!r} (made on {promise.made_on}) to pay {promise.amount} by"
                f" {promise.due_date}: {paid} paid so far; no dunning until {end}"
                f" (promises.grace_days: {grace_days})"
            )
            resume = (end + timedelta(days=1)).toordinal()
            for invoice_id in promise.invoice_ids:
                found = held.get(invoice_id)
                if found is None or resume > found[1]:
                    held[invoice_id] = (reason, resume)
        key = (promise.made_on, end, promise.id)
        for invoice_id in promise.invoice_ids:
            last = latest.get(invoice_id)
            if last is None or key > last[0]:
                latest[invoice_id] = (key, status, end)
    states = {}
    for invoice_id, (_, status, end) in latest.items():
        hold = held.get(invoice_id)
        broken = (
            (end + timedelta(days=1)).toordinal()
            if status is PromiseStatus.BROKEN and hold is None
            else None
        )
        if hold is not None or broken is not None:
            states[invoice_id] = PromiseState(hold, broken)
    return states

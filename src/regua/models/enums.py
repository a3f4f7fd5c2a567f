"""The closed vocabularies shared by models, schedules, scoring and templates.

``Channel`` is defined with the addresses it names, in :mod:`regua.contacts` (which the
customer model calls to check them), and is one of this vocabulary too.
"""

from __future__ import annotations

from enum import StrEnum

from regua.contacts import Channel

__all__ = ["ActionKind", "AgreementStatus", "Channel", "CustomerKind", "Outcome", "Profile"]


class CustomerKind(StrEnum):
    """Legal kind of the debtor; decides which consumer protections apply.

    ``consumer`` covers people (PF) and companies buying as final consumers (CDC art. 2): the 2%
    fine cap applies. ``business`` is a B2B contract (PJ). ``condominium`` is a condo fee debtor
    (CC 1.336: 2% fine cap too).
    """

    CONSUMER = "consumer"
    BUSINESS = "business"
    CONDOMINIUM = "condominium"


class Profile(StrEnum):
    """Delinquency profile of a customer, from :func:`regua.scoring.classify`."""

    GOOD = "good"
    ONE_OFF = "one_off"
    OCCASIONAL = "occasional"
    RECURRING = "recurring"


class AgreementStatus(StrEnum):
    """Where a renegotiation agreement stands on a given date (``Agreement.status(as_of)``)."""

    ACTIVE = "active"
    FULFILLED = "fulfilled"
    BROKEN = "broken"
    CANCELLED = "cancelled"


class ActionKind(StrEnum):
    """What a schedule step asks the host to do, from the mildest to the most severe."""

    MESSAGE = "message"
    CALL_TASK = "call_task"
    FORMAL_NOTICE = "formal_notice"
    BUREAU_NOTICE = "bureau_notice"
    BUREAU_LISTING = "bureau_listing"
    PROTEST = "protest"
    HANDOFF = "handoff"
    SUSPEND_SERVICE = "suspend_service"
    LEGAL = "legal"

    @property
    def is_escalation(self) -> bool:
        """Credit-bureau, protest and legal actions: what ``disputes: block_escalation`` holds
        back (a prescribed debt gets no step at all)."""
        return self in _ESCALATIONS


_ESCALATIONS = frozenset(
    {ActionKind.BUREAU_NOTICE, ActionKind.BUREAU_LISTING, ActionKind.PROTEST, ActionKind.LEGAL}
)


class Outcome(StrEnum):
    """What happened when the host carried out an action (recorded in a ContactRecord)."""

    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    ANSWERED = "answered"
    PROMISE_TO_PAY = "promise_to_pay"
    NO_ANSWER = "no_answer"
    FAILED = "failed"
    BOUNCED = "bounced"
    REFUSED = "refused"
    DISPUTED = "disputed"
    OPTED_OUT = "opted_out"
    DONE = "done"

    @property
    def reached_customer(self) -> bool:
        """True when there is evidence the customer received it (STJ Tema 1.315 asks for it)."""
        return self in _REACHED


_REACHED = frozenset(
    {
        Outcome.DELIVERED,
        Outcome.READ,
        Outcome.ANSWERED,
        Outcome.PROMISE_TO_PAY,
        Outcome.REFUSED,
        Outcome.DISPUTED,
        Outcome.DONE,
    }
)

"""Dated events a simulation applies as it goes (``simulate(..., events=[...])``): what the host
would record on a day, so that the days after it are planned as they would be in production.

Each event is a frozen model with a ``kind`` (they validate from plain dicts, told apart by it):

- ``dispute_raised`` / ``dispute_cleared``: the invoice is disputed from ``on`` / no longer;
- ``promise_made``: a :class:`~regua.models.Promise`, from its ``made_on``;
- ``agreement_signed``: an :class:`~regua.models.Agreement`, from its ``signed_on``; its
  installments join the portfolio as invoices (:meth:`~regua.models.Agreement.to_invoices`),
  those the portfolio does not already hold;
- ``agreement_broken``: the host ends an agreement on ``on`` because the debtor broke it (its
  ``cancelled_on`` is set): what it covered is dunned again, as after any break;
- ``pause_set`` / ``pause_lifted``: a pause until ``until`` or a block (Mahnstopp) of one
  invoice, or of every invoice of the customer when ``invoice_id`` is left out / cleared.

Payments stay in ``simulate``'s ``payments`` (they carry their own dates already).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import Discriminator, Field, StrictBool, model_validator

from regua._config_model import ConfigModel
from regua._validation import Day, Identifier
from regua.limits import MAX_TEXT_CHARS
from regua.models import Agreement, Promise

__all__ = [
    "AgreementBroken",
    "AgreementSigned",
    "DisputeCleared",
    "DisputeRaised",
    "PauseLifted",
    "PauseSet",
    "PromiseMade",
    "SimulationEvent",
]


class DisputeRaised(ConfigModel):
    """The customer disputes ``invoice_id`` from ``on``."""

    kind: Literal["dispute_raised"] = "dispute_raised"
    on: Day
    customer_id: Identifier
    invoice_id: Identifier


class DisputeCleared(ConfigModel):
    """The dispute of ``invoice_id`` is settled on ``on``: it may be dunned again."""

    kind: Literal["dispute_cleared"] = "dispute_cleared"
    on: Day
    customer_id: Identifier
    invoice_id: Identifier


class PromiseMade(ConfigModel):
    """The customer makes ``promise``, on its ``made_on``."""

    kind: Literal["promise_made"] = "promise_made"
    promise: Promise

    @property
    def on(self) -> date:
        """The day it applies: the promise's ``made_on``."""
        return self.promise.made_on


class AgreementSigned(ConfigModel):
    """The customer signs ``agreement``, on its ``signed_on``."""

    kind: Literal["agreement_signed"] = "agreement_signed"
    agreement: Agreement

    @property
    def on(self) -> date:
        """The day it applies: the agreement's ``signed_on``."""
        return self.agreement.signed_on


class AgreementBroken(ConfigModel):
    """The host ends agreement ``agreement_id`` on ``on``, broken by the debtor."""

    kind: Literal["agreement_broken"] = "agreement_broken"
    on: Day
    customer_id: Identifier
    agreement_id: Identifier


class PauseSet(ConfigModel):
    """From ``on``, dunning of ``invoice_id`` (or of every invoice of the customer, when it is
    left out) pauses until ``until``, or stops (``blocked``, with an optional ``reason``)."""

    kind: Literal["pause_set"] = "pause_set"
    on: Day
    customer_id: Identifier
    invoice_id: Identifier | None = None
    until: Day | None = None
    blocked: StrictBool = False
    reason: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT_CHARS)

    @model_validator(mode="after")
    def _one_hold(self) -> Self:
        if (self.until is None) == (not self.blocked):
            raise ValueError("until: give a day to pause until, or blocked: true (not both)")
        if self.until is not None and self.until <= self.on:
            raise ValueError(f"until: {self.until} is not after on {self.on}")
        if self.reason is not None and not self.blocked:
            raise ValueError("reason: a reason goes with blocked: true")
        return self

    def fields(self) -> dict[str, Any]:
        """The ``dunning_*`` fields it sets on an invoice or a customer."""
        return {
            "dunning_paused_until": self.until,
            "dunning_blocked": self.blocked,
            "dunning_block_reason": self.reason,
        }


class PauseLifted(ConfigModel):
    """From ``on``, the pause or block of ``invoice_id`` (or of the customer, when it is left
    out) is cleared."""

    kind: Literal["pause_lifted"] = "pause_lifted"
    on: Day
    customer_id: Identifier
    invoice_id: Identifier | None = None

    @staticmethod
    def fields() -> dict[str, Any]:
        """The ``dunning_*`` fields it clears."""
        return {
            "dunning_paused_until": None,
            "dunning_blocked": False,
            "dunning_block_reason": None,
        }


SimulationEvent = Annotated[
    DisputeRaised
    | DisputeCleared
    | PromiseMade
    | AgreementSigned
    | AgreementBroken
    | PauseSet
    | PauseLifted,
    Discriminator("kind"),
    Field(description="a dated event a simulation applies on its day"),
]
"""One of the simulation's events, told apart by ``kind``."""

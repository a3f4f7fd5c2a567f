"""The portfolio a simulation plans, changed by its dated events (:mod:`regua.rules.events`).

Events apply in date order (ties in the order given) at the start of their day, before that
day is planned; an event dated before the simulation's first day applies before it. Every
reference an event makes (a customer, an invoice of that customer, an agreement) is checked
before the first day, against the portfolio and the agreements signed by earlier events, so a
bad one fails at once, naming ``events[i]`` and the field. So is what an event undoes: a
dispute cleared must be of an invoice disputed then, a pause lifted of a pause or block in force
then, an agreement broken of one not ended already; a dispute raised twice, or an agreement or a
promise made twice, is refused too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, InitErrorDetails

from regua._inputs import InvoiceIds, many
from regua.errors import InvalidInputError
from regua.models import Agreement, Customer, Invoice, Promise
from regua.rules.events import (
    AgreementBroken,
    AgreementSigned,
    DisputeCleared,
    DisputeRaised,
    PauseLifted,
    PauseSet,
    PromiseMade,
    SimulationEvent,
)

__all__ = ["SimulatedPortfolio", "dated_events"]

_EVENT: TypeAdapter[SimulationEvent] = TypeAdapter(SimulationEvent)
_EVENT_TYPES = (
    DisputeRaised,
    DisputeCleared,
    PromiseMade,
    AgreementSigned,
    AgreementBroken,
    PauseSet,
    PauseLifted,
)


def dated_events(events: Iterable[Any]) -> list[tuple[int, SimulationEvent]]:
    """The events as models (mappings validated by their ``kind``), each with its position as
    given, in the order they apply."""
    checked: list[tuple[date, int, SimulationEvent]] = []
    for i, raw in enumerate(many(events, "events (models or mappings with a 'kind')", "events")):
        if isinstance(raw, _EVENT_TYPES):
            event: SimulationEvent = raw
        elif isinstance(raw, Mapping):
            try:
                event = _EVENT.validate_python(raw)
            except ValidationError as error:
                # Titled by its position: pydantic would title it by the union of event types.
                raise ValidationError.from_exception_data(
                    f"events[{i}]", [_init_details(e) for e in error.errors()]
                ) from None
        else:
            raise InvalidInputError(
                f"events[{i}]", f"expected an event or a mapping with a 'kind', got {raw!r:.80}"
            )
        checked.append((event.on, i, event))
    checked.sort(key=lambda item: (item[0], item[1]))
    return [(i, event) for _, i, event in checked]


def _init_details(error: ErrorDetails) -> InitErrorDetails:
    details = InitErrorDetails(type=error["type"], loc=error["loc"], input=error["input"])
    if "ctx" in error:
        details["ctx"] = error["ctx"]
    return details


class SimulatedPortfolio:
    """Customers, invoices, agreements and promises as of the day being simulated."""

    __slots__ = ("agreements", "customers", "invoices", "promises")

    def __init__(
        self,
        customers: dict[str, Customer],
        invoices: list[Invoice],
        agreements: list[Agreement],
        promises: list[Promise],
    ) -> None:
        self.customers = dict(customers)
        seen = InvoiceIds()  # a repeat must fail as in plan, not be folded into one entry
        for i, invoice in enumerate(invoices):
            seen.add(invoice.customer_id, invoice.id, i)
        #: (customer id, invoice id) -> invoice, in the order given.
        self.invoices = {(inv.customer_id, inv.id): inv for inv in invoices}
        self.agreements = list(agreements)
        self.promises = list(promises)

    def check(self, events: list[tuple[int, SimulationEvent]]) -> None:
        """Refuse an event whose customer, invoice or agreement does not exist when it applies,
        or that undoes what is not so then: a dispute cleared on an invoice not disputed, a pause
        lifted where none is in force, an agreement broken that has ended already (``events``
        as :func:`dated_events` gives them, in the order they apply)."""
        state = _State(self)
        for i, event in events:
            where = f"events[{i}]"
            if isinstance(event, AgreementSigned):
                customer_id, field = event.agreement.customer_id, f"{where}.agreement.customer_id"
            elif isinstance(event, PromiseMade):
                customer_id, field = event.promise.customer_id, f"{where}.promise.customer_id"
            else:
                customer_id, field = event.customer_id, f"{where}.customer_id"
            if customer_id not in self.customers:
                raise InvalidInputError(field, f"unknown customer {customer_id!r}")
            invoice_id = getattr(event, "invoice_id", None)
            if invoice_id is not None and (customer_id, invoice_id) not in state.invoices:
                raise InvalidInputError(
                    f"{where}.invoice_id",
                    f"no invoice {invoice_id!r} of customer {customer_id!r} at that point",
                )
            state.check(where, event)

    def apply(self, event: SimulationEvent) -> None:
        """Change the portfolio as ``event`` says (checked already by :meth:`check`)."""
        if isinstance(event, DisputeRaised | DisputeCleared):
            self._invoice(
                event.customer_id, event.invoice_id, disputed=event.kind == "dispute_raised"
            )
        elif isinstance(event, PromiseMade):
            self.promises.append(event.promise)
        elif isinstance(event, AgreementSigned):
            self.agreements.append(event.agreement)
            for invoice in event.agreement.to_invoices():
                self.invoices.setdefault((invoice.customer_id, invoice.id), invoice)
        elif isinstance(event, AgreementBroken):
            self.agreements = [
                _ended(a, event.on)
                if (a.customer_id, a.id) == (event.customer_id, event.agreement_id)
                else a
                for a in self.agreements
            ]
        elif event.invoice_id is not None:
            self._invoice(event.customer_id, event.invoice_id, **event.fields())
        else:
            customer = self.customers[event.customer_id]
            self.customers[event.customer_id] = Customer.model_validate(
                {**dict(customer), **event.fields()}
            )

    def _invoice(self, customer_id: str, invoice_id: str, **changes: Any) -> None:
        invoice = self.invoices[(customer_id, invoice_id)]
        self.invoices[(customer_id, invoice_id)] = Invoice.model_validate(
            {**dict(invoice), **changes}
        )


class _State:
    """What the events change, as it stands at each event while :meth:`SimulatedPortfolio.check`
    walks them in the order they apply."""

    def __init__(self, world: SimulatedPortfolio) -> None:
        #: (customer id, invoice id) -> (disputed, the invoice's pause until or blocked).
        self.invoices = {
            key: (inv.disputed, _hold(inv.dunning_blocked, inv.dunning_paused_until))
            for key, inv in world.invoices.items()
        }
        self.customers = {
            key: _hold(c.dunning_blocked, c.dunning_paused_until)
            for key, c in world.customers.items()
        }
        #: (customer id, agreement id) -> the day it was signed and the day it ended, if it has.
        self.agreements = {
            (a.customer_id, a.id): (a.signed_on, a.cancelled_on) for a in world.agreements
        }
        self.promises = {p.id for p in world.promises}

    def check(self, where: str, event: SimulationEvent) -> None:
        """Refuse ``event`` (at ``where``) if it cannot apply now; else note what it changes."""
        if isinstance(event, DisputeRaised | DisputeCleared):
            self._dispute(where, event)
        elif isinstance(event, PauseSet | PauseLifted):
            self._pause(where, event)
        elif isinstance(event, PromiseMade):
            self._promise(where, event.promise)
        elif isinstance(event, AgreementSigned):
            agreement = event.agreement
            key = (agreement.customer_id, agreement.id)
            if key in self.agreements:
                raise InvalidInputError(
                    f"{where}.agreement.id",
                    f"agreement {agreement.id!r} of customer {agreement.customer_id!r} exists"
                    " already",
                )
            self.agreements[key] = (agreement.signed_on, agreement.cancelled_on)
            for inv in agreement.to_invoices():
                self.invoices.setdefault((inv.customer_id, inv.id), (False, None))
        else:
            self._broken(where, event)

    def _dispute(self, where: str, event: DisputeRaised | DisputeCleared) -> None:
        key = (event.customer_id, event.invoice_id)
        disputed, hold = self.invoices[key]
        raised = isinstance(event, DisputeRaised)
        if disputed == raised:
            said = (
                "is disputed already"
                if raised
                else "is not disputed (no earlier dispute_raised, and the invoice is not disputed)"
            )
            raise InvalidInputError(
                f"{where}.invoice_id",
                f"invoice {event.invoice_id!r} of customer {event.customer_id!r} {said} at"
                " that point",
            )
        self.invoices[key] = (raised, hold)

    def _pause(self, where: str, event: PauseSet | PauseLifted) -> None:
        invoice_id = event.invoice_id
        key = (event.customer_id, invoice_id or "")
        hold = self.customers[event.customer_id] if invoice_id is None else self.invoices[key][1]
        if isinstance(event, PauseSet):
            hold = _hold(event.blocked, event.until)
        elif hold is None or hold <= event.on:
            whose = f"customer {event.customer_id!r}"
            if invoice_id is not None:
                whose = f"invoice {invoice_id!r} of {whose}"
            raise InvalidInputError(
                f"{where}.customer_id" if invoice_id is None else f"{where}.invoice_id",
                f"no pause or block of {whose} to lift at that point"
                + ("" if hold is None else f" (its pause ended on {hold})"),
            )
        else:
            hold = None
        if invoice_id is None:
            self.customers[event.customer_id] = hold
        else:
            self.invoices[key] = (self.invoices[key][0], hold)

    def _promise(self, where: str, promise: Promise) -> None:
        if promise.id in self.promises:
            raise InvalidInputError(f"{where}.promise.id", f"promise {promise.id!r} exists already")
        self.promises.add(promise.id)
        for k, invoice_id in enumerate(promise.invoice_ids):
            if (promise.customer_id, invoice_id) not in self.invoices:
                raise InvalidInputError(
                    f"{where}.promise.invoice_ids[{k}]",
                    f"no invoice {invoice_id!r} of customer {promise.customer_id!r} at that point",
                )

    def _broken(self, where: str, event: AgreementBroken) -> None:
        key = (event.customer_id, event.agreement_id)
        found = self.agreements.get(key)
        if found is None or found[0] > event.on:
            raise InvalidInputError(
                f"{where}.agreement_id",
                f"no agreement {event.agreement_id!r} of customer {event.customer_id!r} at that"
                " point",
            )
        if found[1] is not None and found[1] <= event.on:
            raise InvalidInputError(
                f"{where}.agreement_id",
                f"agreement {event.agreement_id!r} of customer {event.customer_id!r} ended"
                f" already, on {found[1]}",
            )
        self.agreements[key] = (found[0], event.on)


def _hold(blocked: bool, paused_until: date | None) -> date | None:
    """The day a customer's or an invoice's hold ends: never (``date.max``) when blocked."""
    return date.max if blocked else paused_until


def _ended(agreement: Agreement, on: date) -> Agreement:
    """The agreement, cancelled on ``on`` unless it already was earlier."""
    if agreement.cancelled_on is not None and agreement.cancelled_on <= on:
        return agreement
    return Agreement.model_validate({**dict(agreement), "cancelled_on": on})

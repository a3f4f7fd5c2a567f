"""What regua plans (Action) and what the host did about it (ContactRecord).

A ``ContactRecord`` carrying an action's ``id`` is how planning becomes idempotent: once the host
records it, the same step never fires again for those invoices.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from regua._validation import Frozen, Identifier, Instant
from regua.limits import (
    FIRST_DATE,
    LAST_DATE,
    MAX_CONTEXT_VALUES,
    MAX_DAYS,
    MAX_ID_CHARS,
    MAX_INVOICES_PER_ACTION,
    MAX_NUMBER_CHARS,
    MAX_TEXT_CHARS,
    MAX_VALUE_CHARS,
)
from regua.models.enums import ActionKind, Channel, Outcome
from regua.money import DEFAULT_CURRENCY, MAX_TOTAL, CurrencyCode, add, to_decimal

__all__ = ["Action", "ContactRecord"]


def _number(value: Any, info: ValidationInfo) -> Decimal:
    return to_decimal(value, info.field_name or "amount_due")


# Decimals read without float noise and from at most MAX_NUMBER_CHARS characters; their places
# are checked where they are used (a Pix code names the amount it cannot hold).

#: An amount owed, greater than zero (a message never asks for -R$ 1,00) and below
#: MAX_TOTAL: a total of up to MAX_INVOICES_PER_ACTION invoices.
_Owed = Annotated[
    Decimal,
    BeforeValidator(_number),
    Field(gt=0, lt=MAX_TOTAL),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(?=[0-9.]*[1-9])\d+(\.\d+)?$",
            "maxLength": MAX_NUMBER_CHARS,
        }
    ),
]

#: A fee, not negative.
_Fee = Annotated[
    Decimal,
    BeforeValidator(_number),
    Field(ge=0, lt=MAX_TOTAL),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d+)?$", "maxLength": MAX_NUMBER_CHARS}),
]


#: At most this many ``ContactRecord.evidence`` entries.
MAX_EVIDENCE_ENTRIES = 32

_EVIDENCE_KEY = r"^[a-z][a-z0-9_]*$"


class ContactRecord(Frozen):
    """One thing the host did (or tried) for a planned action, and how it went.

    ``evidence`` keeps what proves it, for good faith (CDC art. 42): the provider's message id,
    a hash of the text sent, a delivery receipt's id. Up to 32 entries; each key is a
    lower-case name (``provider_message_id``) of at most 128 characters, each value text of at
    most 2,000. regua stores and returns it and never reads it.

    >>> ContactRecord(action_id="a1", customer_id="c1", step_id="d1", invoice_ids=["i1"],
    ...               at="2026-03-16T12:00:00+00:00", outcome="delivered",
    ...               evidence={"provider_message_id": "msg-42", "sha256": "9f86d0"}).evidence
    {'provider_message_id': 'msg-42', 'sha256': '9f86d0'}
    """

    action_id: Identifier
    customer_id: Identifier
    step_id: Identifier
    invoice_ids: tuple[Identifier, ...] = Field(min_length=1, max_length=MAX_INVOICES_PER_ACTION)
    channel: Channel | None = None
    at: Instant
    outcome: Outcome = Outcome.SENT
    evidence: dict[
        Annotated[str, Field(max_length=MAX_ID_CHARS, pattern=_EVIDENCE_KEY)],
        Annotated[str, Field(max_length=MAX_TEXT_CHARS)],
    ] = Field(default_factory=dict, max_length=MAX_EVIDENCE_ENTRIES)


class Action(Frozen):
    """One planned contact or escalation for one customer, covering one or more invoices.

    ``window_start``/``window_end`` bound when the host may carry it out (inside the contact
    window, in the customer's time zone). ``amount_due`` is the open balance of the covered
    invoices at planning time. ``context`` holds extra values for message templates.
    ``notice_days`` is the notice period its messages quote (``$notice_days_text``, and
    ``$deadline`` = window start + that many days): the schedule's ``guardrails.notice_days`` on
    every action the engine plans; None on an action built by hand, which renders with the
    default (10).
    ``fee`` is the collection fee the step charges when carried out (its ``fee``, once per
    covered invoice, in ``currency``; see :class:`~regua.rules.schedule.Fee`), None when it
    charges none; ``fees`` is the same per invoice (by invoice id, summing to ``fee``; an
    invoice the action covers but does not charge is not listed: one raised into a notice
    whose ``when`` excludes it, one a repeating step charged already), which the host adds to
    that invoice's debt (``regua.update(..., fees=...)``).
    ``days_overdue`` counts, on the day the window opens (the day the action is carried out,
    later than ``as_of`` when planned after the window closed; the ``template`` and ``reason``
    read the same day), from the oldest covered invoice's due date, ``due_date``; except that
    a due date on a weekend or holiday is payable on the next business day without charges
    (Lei 7.089/83), so on that day the action is 0 days overdue and ``due_date`` is that day.
    ``description`` is the step's own ``description``. ``repetition`` says which repetition of
    a repeating step (``Step.repeat``) the action is: 1 for the first repeat, 2 for the second
    …; None for a step's first firing and for steps that do not repeat. These four are left
    out of dumps when None.
    """

    id: Identifier
    customer_id: Identifier
    invoice_ids: tuple[Identifier, ...] = Field(min_length=1, max_length=MAX_INVOICES_PER_ACTION)
    step_id: Identifier
    action: ActionKind
    channel: Channel | None
    template: Identifier | None = None
    window_start: AwareDatetime
    window_end: AwareDatetime
    currency: CurrencyCode = DEFAULT_CURRENCY
    amount_due: _Owed
    days_overdue: int
    due_date: date
    reason: str = Field(max_length=MAX_TEXT_CHARS)
    notice_days: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    context: dict[
        Annotated[str, Field(max_length=MAX_ID_CHARS)],
        Annotated[str, Field(max_length=MAX_VALUE_CHARS)],
    ] = Field(default_factory=dict, max_length=MAX_CONTEXT_VALUES)
    fee: _Fee | None = Field(default=None, exclude_if=lambda fee: fee is None)
    fees: dict[Identifier, _Fee] | None = Field(
        default=None,
        max_length=MAX_INVOICES_PER_ACTION,
        exclude_if=lambda fees: fees is None,
        json_schema_extra={"examples": [{"NF-1001": "10.00", "NF-1002": "10.00"}]},
    )
    description: str | None = Field(
        default=None, max_length=MAX_TEXT_CHARS, exclude_if=lambda text: text is None
    )
    repetition: int | None = Field(
        # Repetitions are a day apart at least: no number is larger than the dates' range.
        default=None,
        ge=1,
        le=(LAST_DATE - FIRST_DATE).days,
        exclude_if=lambda number: number is None,
    )

    @model_validator(mode="after")
    def _window(self) -> Action:
        if self.window_end <= self.window_start:
            raise ValueError("window_end: must be after window_start")
        if self.fees is not None:
            _check_fees(self.fees, self.fee, self.invoice_ids)
        return self

    def record(
        self,
        outcome: Outcome | str = Outcome.SENT,
        *,
        at: datetime | None = None,
        evidence: dict[str, str] | None = None,
    ) -> ContactRecord:
        """The :class:`ContactRecord` a host keeps once it carried this action out, at ``at``
        (by default the start of its window), with ``outcome`` and ``evidence`` (see
        :class:`ContactRecord`); validated like any record.

        Pass the outcome your channel's evidence supports. The default, ``"sent"``, says only
        that the provider accepted the message: it is not proof of delivery, so a
        ``bureau_notice`` recorded as sent never lets a later ``bureau_listing`` go (the notice
        guardrail waits for ``"delivered"``, CDC art. 43 §2). Record ``"delivered"`` when the
        provider confirms delivery (an e-mail delivery event, an SMS delivery report, a
        registered letter's AR), ``"read"`` when it confirms reading.

        >>> from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices
        >>> from regua.samples import sample_schedule
        >>> from regua.rules import plan
        >>> action = plan(sample_schedule(), sample_customers(), sample_invoices(),
        ...               as_of=SAMPLE_AS_OF).actions[0]
        >>> done = action.record("delivered")
        >>> (done.action_id == action.id, done.at == action.window_start, done.outcome.value)
        (True, True, 'delivered')
        """
        return ContactRecord(
            action_id=self.id,
            customer_id=self.customer_id,
            step_id=self.step_id,
            invoice_ids=self.invoice_ids,
            channel=self.channel,
            at=self.window_start if at is None else at,
            outcome=outcome,
            evidence={} if evidence is None else evidence,
        )


def _check_fees(
    fees: dict[str, Decimal], fee: Decimal | None, invoice_ids: tuple[str, ...]
) -> None:
    """``fees`` names only covered invoices and sums to ``fee``."""
    unknown = [invoice_id for invoice_id in fees if invoice_id not in invoice_ids]
    if unknown:
        raise ValueError(f"fees: {unknown[0]!r} is not one of the action's invoice_ids")
    if fee is None:
        raise ValueError("fees: set fee too (their sum)")
    total = add(list(fees.values()))
    if total != fee:
        raise ValueError(f"fees: they sum to {total}, not to fee {fee}")

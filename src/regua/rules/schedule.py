"""The declarative dunning schedule (régua): configuration models that validate from a plain dict.

A :class:`Schedule` is data: the host parses JSON/TOML/YAML and calls ``Schedule.model_validate``;
``Schedule.model_json_schema()`` documents the format. Every rule the engine applies is visible
here, including the legal guardrails (on by default; loosening one needs an explicit key under
``guardrails``). A schedule that cannot work as written (a dependency on a later step, an empty
contact window, a listing with no prior notice step …) fails validation with the step id and
the field, instead of planning something surprising later.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from regua._config_model import ConfigModel
from regua._validation import Frozen, Identifier, Tags
from regua.calendar import CalendarSpec
from regua.errors import InvalidInputError
from regua.jurisdiction import DEFAULT_CODE, JURISDICTIONS, Jurisdiction
from regua.jurisdiction.brazil import UF_CODES, state_code
from regua.limits import (
    MAX_DAYS,
    MAX_ID_CHARS,
    MAX_PER_DAY,
    MAX_PLACEHOLDER_USES,
    MAX_PRESCRIPTION_YEARS,
    MAX_REPEATS,
    MAX_STEPS,
    MAX_TEMPLATES,
    MAX_TEXT_CHARS,
    at_most_pattern,
    quote,
)
from regua.models import ActionKind, Channel, CustomerKind, Profile
from regua.money import (
    CURRENCY_SCHEMA_MARK,
    MAX_AMOUNT,
    check_places,
    to_decimal,
    validate_currency,
)
from regua.rules.jurisdiction_defaults import legal_terms_schema, with_jurisdiction_defaults
from regua.templates import BUILTIN_TEMPLATE_IDS, HostField, Template

__all__ = [
    "After",
    "Anchor",
    "CatchUp",
    "Consolidate",
    "ContactWindow",
    "DaysRange",
    "DisputePolicy",
    "Fee",
    "Guardrails",
    "Ladder",
    "Limits",
    "NonBusinessDay",
    "Promises",
    "Repeat",
    "Schedule",
    "Step",
    "Trigger",
    "When",
    "parse_offset",
]

#: The jurisdiction whose law gives the models' own defaults (a schedule of another country
#: takes its defaults from that country: :mod:`regua.rules.jurisdiction_defaults`).
_DEFAULT: Jurisdiction = JURISDICTIONS[DEFAULT_CODE]

#: Actions that contact the debtor: they need a channel, obey caps and say something.
CONTACT_ACTIONS = frozenset(
    {
        ActionKind.MESSAGE,
        ActionKind.CALL_TASK,
        ActionKind.FORMAL_NOTICE,
        ActionKind.BUREAU_NOTICE,
    }
)


class CatchUp(StrEnum):
    """What fires when several steps of an invoice are due at once (a late or sparse run).

    ``latest``: only the most advanced due step (the one the invoice meets last, by date, ties
    to the step listed later; earlier ones are reported skipped), except that a step another
    step's ``after`` requires is never skipped over. ``all``: every missed step.
    ``none``: only steps whose date is exactly the planning day; missed ones are skipped.
    ``one_per_run``: at most one new step per invoice per planning day, the next one the invoice
    meets after the last recorded (Tryton, OCA, Odoo: one level per run); the others wait for
    later runs, and nothing new fires for an invoice on a day a step was recorded for it.
    """

    LATEST = "latest"
    ALL = "all"
    NONE = "none"
    ONE_PER_RUN = "one_per_run"


class Anchor(StrEnum):
    """The date a step's offset counts from: the invoice's due date (default) or its issue date
    (``Invoice.issue_date``, Invoice Ninja's "after invoice date", Kill Bill's invoice date)."""

    DUE_DATE = "due_date"
    ISSUE_DATE = "issue_date"


class Ladder(StrEnum):
    """Whose ladder a schedule runs.

    ``invoice`` (default): each open invoice climbs its own ladder, counted from its own dates.
    ``customer``: one ladder per customer and currency (Kill Bill's account-level overdue
    states), counted from the customer's earliest unpaid invoice in that currency: a new
    unpaid invoice joins the ladder where it stands instead of restarting it, and paying the
    oldest invoice re-anchors it on the next one. See :mod:`regua.rules.ladder`.
    """

    INVOICE = "invoice"
    CUSTOMER = "customer"


class Consolidate(StrEnum):
    """How the contact steps that fire for a customer on one day become actions.

    ``step`` (the default): one action per step and currency, listing the invoices due for that
    step; the caps defer the rest to later days. ``customer``: **one notice per customer and
    currency** (OCA's "group under the highest level", ERPNext's and Lago's one dunning per
    customer): every invoice due for a contact step that day is listed in one action at the
    highest level among them, the step listed last in the schedule (the ladder's order), with
    the total amount. Recording that action records its step for every invoice it lists, so an
    invoice listed above its own step moves up the ladder to it: the lower steps it passed never
    fire later (hence ``catch_up: all``, which fires every missed step, is refused with it).
    A credit-bureau notice stays a notice of its own (CDC art. 43 §2: it names the debts to be
    listed): bureau notices merge among themselves, the other contact steps among themselves.
    An invoice keeps its own step when it is disputed or prescribed (a guardrail holds what it
    may get), when it meets the highest step before its own (business-day offsets), or when
    moving up would pass a bureau notice it has not had. Back-office steps (no channel) and
    steps off the ladder (``trigger``: they answer their own event) are never merged. A
    repeating step's notice is its latest repetition among the invoices due for it; an invoice
    listed above its own repeating step moves up the ladder, which ends its repetitions.
    """

    STEP = "step"
    CUSTOMER = "customer"


class NonBusinessDay(StrEnum):
    """Where a step date that falls on a weekend or bank holiday goes."""

    NEXT = "next"
    PREVIOUS = "previous"
    KEEP = "keep"


class DisputePolicy(StrEnum):
    """What a disputed invoice still receives: nothing (default), reminders only, or everything."""

    BLOCK_ALL = "block_all"
    BLOCK_ESCALATION = "block_escalation"
    ALLOW = "allow"


class Trigger(StrEnum):
    """An event a step waits for instead of a date on the ladder.

    ``broken_promise``: a promise to pay (:class:`~regua.models.Promise`) on the invoice broke;
    the step's ``offset`` counts calendar days from the day it broke (the day after its date
    plus ``promises.grace_days``).
    """

    BROKEN_PROMISE = "broken_promise"


#: The most days of grace a promise gets after its date (a quarter: beyond it, it is an
#: agreement, not a promise).
MAX_PROMISE_GRACE_DAYS = 90


class Promises(ConfigModel):
    """How promises to pay (:class:`~regua.models.Promise`) hold dunning back.

    ``grace_days``: a promise holds every step of its invoices back until its ``due_date`` plus
    this many calendar days, inclusive, so a payment made on the promised day is known before
    the ladder resumes. The default, 3, covers a boleto paid on a Friday: the bank credits it on
    the next business day (FEBRABAN's clearing, D+1) and the host reads the bank's return file
    that day, so the ladder resumes on the Tuesday. Pix is credited in seconds; a host that only
    takes Pix may set 1.
    """

    grace_days: int = Field(default=3, ge=0, le=MAX_PROMISE_GRACE_DAYS, examples=[2])


_OFFSET = re.compile(r"^([+-]?\d+)\s*(bd)?$", re.IGNORECASE)


def parse_offset(value: int | str) -> tuple[int, bool]:
    """``(days, business)`` of a step offset: ``-3`` → ``(-3, False)``, ``"1bd"`` → ``(1, True)``.

    >>> parse_offset(-3), parse_offset("5bd"), parse_offset("10")
    ((-3, False), (5, True), (10, False))
    """
    if isinstance(value, bool):
        raise ValueError("expected an int (calendar days) or 'Nbd' (business days)")
    if isinstance(value, int):
        days, business = value, False
    elif isinstance(value, float) and value.is_integer():  # JSON's 5.0 is the integer 5
        days, business = int(value), False
    else:
        text = value.strip() if isinstance(value, str) and len(value) <= MAX_ID_CHARS else None
        match = _OFFSET.match(text) if text is not None else None
        if match is None:
            raise ValueError(
                f"{quote(value)} is not an offset: use an int (calendar days, negative = before"
                " the due date) or 'Nbd' for N business days, e.g. '3bd' or '-2bd'"
            )
        days, business = int(match.group(1)), match.group(2) is not None
    if not -MAX_DAYS <= days <= MAX_DAYS:
        raise ValueError(f"{quote(value)} is more than {MAX_DAYS} days from the due date")
    return days, business


def _normalize_offset(value: Any) -> int | str:
    days, business = parse_offset(value)
    return f"{days}bd" if business else days


Offset = Annotated[
    int | str,
    BeforeValidator(_normalize_offset),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": -MAX_DAYS, "maximum": MAX_DAYS},
                {
                    "type": "string",
                    "pattern": rf"^[+-]?0*({at_most_pattern(MAX_DAYS)}) ?([bB][dD])?$",
                    "maxLength": MAX_ID_CHARS,
                },
            ],
            "description": "calendar days relative to the due date, or 'Nbd' business days",
        }
    ),
]


def _decimal(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Mapping):
        if not value:
            raise ValueError("an empty mapping of currencies never matches; omit it instead")
        if len(value) > _MAX_CURRENCIES:
            raise ValueError(f"more than {_MAX_CURRENCIES} currencies")
        amounts = {}
        for code, amount in value.items():
            try:
                key = validate_currency(code)
            except InvalidInputError:
                raise ValueError(f"{quote(code)} is not an ISO 4217 currency code") from None
            if key in amounts:  # 'brl' beside 'BRL': one would silently win
                raise ValueError(f"{quote(code)} names {key} a second time")
            amounts[key] = _threshold(amount, f"amount for {key}", key)
        return amounts
    return _threshold(value, "amount", None)


def _threshold(value: Any, field: str, currency: str | None) -> Decimal:
    """A threshold: an exact decimal, not negative, and within its currency's places."""
    amount = to_decimal(value, field)
    if amount < 0:
        prefix = "" if currency is None else f"{field}: "
        raise ValueError(f"{prefix}{amount} is negative")
    if currency is not None:
        try:
            check_places(amount, currency, field)
        except InvalidInputError as error:
            raise ValueError(str(error)) from None
    return amount


_DECIMAL_TEXT: dict[str, Any] = {"type": "string", "pattern": r"^\d+(\.\d+)?$"}

#: At most this many currencies in a per-currency threshold (ISO 4217 has fewer than 200).
_MAX_CURRENCIES = 300

Threshold = Annotated[
    Decimal | dict[str, Decimal] | None,
    BeforeValidator(_decimal),
    WithJsonSchema(
        {
            "anyOf": [
                _DECIMAL_TEXT,
                {
                    "type": "object",
                    "propertyNames": {"type": "string", CURRENCY_SCHEMA_MARK: True},
                    "additionalProperties": _DECIMAL_TEXT,
                    "minProperties": 1,
                    "maxProperties": _MAX_CURRENCIES,
                    "examples": [{"BRL": "50.00", "EUR": "10.00"}],
                },
                {"type": "null"},
            ],
            "description": (
                "an amount, or amounts per currency (an invoice in a currency with no amount"
                " is not dunned by the step)"
            ),
        }
    ),
]


def threshold_in(value: Decimal | dict[str, Decimal], currency: str) -> Decimal | None:
    """The threshold that applies to an invoice in ``currency`` (None: none for it)."""
    if isinstance(value, dict):
        return value.get(currency)
    return value


class DaysRange(ConfigModel):
    """A bucket of days overdue (the local date minus the due date; negative before it), both
    ends included: ``{"min": 1, "max": 5}``. Either end may be left out."""

    model_config = ConfigDict(
        **Frozen.model_config,
        json_schema_extra={
            "anyOf": [
                {"required": ["min"], "properties": {"min": {"type": "integer"}}},
                {"required": ["max"], "properties": {"max": {"type": "integer"}}},
            ],
            "examples": [{"min": 1, "max": 5}, {"min": 31}],
        },
    )

    min: int | None = Field(default=None, ge=-MAX_DAYS, le=MAX_DAYS)
    max: int | None = Field(default=None, ge=-MAX_DAYS, le=MAX_DAYS)

    @model_validator(mode="after")
    def _bounded(self) -> DaysRange:
        if self.min is None and self.max is None:
            raise ValueError("min: give min, max or both; an open range always matches")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min: {self.min} is above max {self.max}; the range is empty")
        return self

    def holds(self, days: int) -> bool:
        """Whether ``days`` overdue is inside the range."""
        return (self.min is None or days >= self.min) and (self.max is None or days <= self.max)


UF = Annotated[str, Field(max_length=2), AfterValidator(state_code)]


class When(ConfigModel):
    """Conditions a step needs besides its date; all given ones must hold.

    Per invoice: ``days_overdue`` (a bucket, ``{"min": 1, "max": 5}``: the local date minus the
    due date), ``min_amount``/``max_amount`` (its open balance), ``agreement`` (True: only
    installments of a renegotiation agreement; False: only ordinary invoices), and ``tags_any``
    / ``tags_none``, matched against the customer's tags plus the invoice's. Per customer:
    ``profile`` (from the ``profiles`` given to ``plan``), ``customer_kind``, ``state`` (UF),
    and Kill Bill's vocabulary over the customer's overdue open invoices: ``min_invoices`` /
    ``max_invoices`` (how many) and ``min_total_overdue`` / ``max_total_overdue`` (their total
    balance, in the invoice's currency). Each amount is one number, or a mapping of amounts per
    currency (``{"BRL": "50.00", "EUR": "10.00"}``): an invoice in a currency the mapping does
    not name is not dunned by the step (Lago's rule).
    """

    profile: tuple[Profile, ...] | None = Field(default=None, max_length=len(Profile))
    customer_kind: tuple[CustomerKind, ...] | None = Field(
        default=None, max_length=len(CustomerKind)
    )
    state: tuple[UF, ...] | None = Field(default=None, max_length=len(UF_CODES))
    days_overdue: DaysRange | None = None
    min_amount: Threshold = Field(
        default=None, examples=["50.00", {"BRL": "50.00", "EUR": "10.00"}]
    )
    max_amount: Threshold = Field(default=None, examples=["5000.00"])
    min_invoices: int | None = Field(default=None, ge=1, le=MAX_PER_DAY, examples=[2])
    max_invoices: int | None = Field(default=None, ge=1, le=MAX_PER_DAY, examples=[5])
    min_total_overdue: Threshold = Field(default=None, examples=["1000.00", {"BRL": "1000.00"}])
    max_total_overdue: Threshold = Field(default=None, examples=["20000.00"])
    tags_any: Tags | None = None
    tags_none: Tags = frozenset()
    agreement: StrictBool | None = None

    @model_validator(mode="after")
    def _satisfiable(self) -> When:
        for name in ("profile", "customer_kind", "state", "tags_any"):
            if getattr(self, name) is not None and not getattr(self, name):
                raise ValueError(f"{name}: an empty list never matches; omit it instead")
        for low, high in (
            ("min_amount", "max_amount"),
            ("min_invoices", "max_invoices"),
            ("min_total_overdue", "max_total_overdue"),
        ):
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is None or hi is None:
                continue
            if isinstance(lo, dict) or isinstance(hi, dict):
                self._per_currency(low, lo, high, hi)
            elif lo > hi:
                raise ValueError(f"{low}: {lo} is above {high} {hi}; the step could never fire")
        if self.tags_any is not None and self.tags_any <= self.tags_none:
            raise ValueError("tags_any: every tag is also in tags_none; the step could never fire")
        return self

    @staticmethod
    def _per_currency(low: str, lo: Any, high: str, hi: Any) -> None:
        """Per-currency bounds: low <= high in each currency both give."""
        lows = lo if isinstance(lo, dict) else None
        highs = hi if isinstance(hi, dict) else None
        codes = set(lows or ()) | set(highs or ())
        for code in sorted(codes):
            a = lows.get(code) if lows is not None else lo
            b = highs.get(code) if highs is not None else hi
            if a is not None and b is not None and a > b:
                raise ValueError(
                    f"{low}.{code}: {a} is above {high}.{code} {b}; the step could never fire"
                )

    @property
    def is_empty(self) -> bool:
        """True when the step has no condition besides its date."""
        return self == _NO_CONDITIONS


_NO_CONDITIONS = When()


class After(ConfigModel):
    """A step that must have been carried out (recorded in history) before this one.

    ``min_days``: calendar days between that record and this step. ``delivered``: count only a
    record whose outcome shows the customer received it (``Outcome.reached_customer``).
    """

    step: Identifier
    min_days: int = Field(default=0, ge=0, le=MAX_DAYS)
    delivered: StrictBool = False


_FEE_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")


def _parse_fee(value: Any) -> Any:
    """``"10.00"`` → a fixed fee, ``"15%"`` → 15 % of the invoice's original amount."""
    if value is None or isinstance(value, Mapping):
        return value
    if isinstance(value, (int, float, Decimal)):
        # A fee is text, so "10" and "10%" read alike; a JSON number (10.00) is not one.
        raise ValueError(
            f"the number {quote(value)} is not a fee: write it as text, an amount ('10.00') or"
            " a percentage of the invoice's original amount ('15%')"
        )
    if isinstance(value, str) and len(value) <= MAX_ID_CHARS:
        match = _FEE_TEXT.match(value)
        if match is not None:
            number, percent = match.groups()
            return {"percent": number} if percent else {"fixed": number}
    raise ValueError(
        f"{quote(value)} is not a fee: write an amount ('10.00') or a percentage of the"
        " invoice's original amount ('15%')"
    )


class Fee(ConfigModel):
    """A charge a step adds once per invoice when it fires (collection costs): ``fixed`` in the
    invoice's currency (rounded half-up to its minor unit), or ``percent`` of the invoice's
    original amount (never of the amount plus earlier fees: fees do not compound).

    Written ``"10.00"`` or ``"15%"`` in a schedule. Fees are not the late-payment fine: they
    never count toward the 2 % fine cap (CDC art. 52 §1). Charging them to a consumer needs a
    contract clause and reciprocity (CDC art. 51 XII): see ``Guardrails.consumer_fees``.
    """

    fixed: Annotated[Decimal | None, BeforeValidator(_decimal)] = Field(
        default=None, gt=0, json_schema_extra={"examples": ["10.00"]}
    )
    percent: Annotated[Decimal | None, BeforeValidator(_decimal)] = Field(
        default=None, gt=0, le=100, json_schema_extra={"examples": ["15"]}
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Fee:
        if (self.fixed is None) == (self.percent is None):
            raise ValueError("fixed: give exactly one of fixed or percent")
        if self.fixed is not None and self.fixed >= MAX_AMOUNT:
            raise ValueError(f"fixed: {self.fixed} is not below {MAX_AMOUNT}")
        return self

    def text(self) -> str:
        """How the schedule writes it: ``10.00`` or ``15%``."""
        return f"{self.percent}%" if self.percent is not None else str(self.fixed)


FeeSpec = Annotated[
    Fee | None,
    BeforeValidator(_parse_fee),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*%?\s*$",
                    "maxLength": MAX_ID_CHARS,
                },
                {
                    "type": "object",
                    "properties": {"fixed": _DECIMAL_TEXT, "percent": _DECIMAL_TEXT},
                    "additionalProperties": False,
                    "minProperties": 1,
                    "maxProperties": 1,
                },
                {"type": "null"},
            ],
            "description": "a fixed amount ('10.00') or a percent of the original amount ('15%')",
            "examples": ["10.00", "15%"],
        }
    ),
]


#: The offsets an issue-anchored step takes, and those an end-of-month step takes (no
#: business days): 0 or more (``"-0"`` is 0).
_NOT_NEGATIVE: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": r"^(\+?[0-9]+|-0+) ?([bB][dD])?$"},
    ]
}
_CALENDAR_NOT_NEGATIVE: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": r"^(\+?[0-9]+|-0+)$"},
    ]
}


def _normalize_every(value: Any) -> int | str:
    try:
        days, business = parse_offset(value)
    except ValueError:
        days, business = 0, False
    if days < 1 or (isinstance(value, str) and value.strip().startswith(("+", "-"))):
        raise ValueError(
            f"{quote(value)} is not a repeat interval: use a whole number of days, at least 1"
            f" and at most {MAX_DAYS} (14), or 'Nbd' for N business days ('5bd')"
        )
    return f"{days}bd" if business else days


Every = Annotated[
    int | str,
    BeforeValidator(_normalize_every),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_DAYS},
                {
                    "type": "string",
                    "pattern": rf"^0*({at_most_pattern(MAX_DAYS)}) ?([bB][dD])?$",
                    "maxLength": MAX_ID_CHARS,
                },
            ],
            "description": "calendar days between repetitions, or 'Nbd' business days",
            "examples": [14, "2bd"],
        }
    ),
]


class Repeat(ConfigModel):
    """A step that fires again while the invoice stays open: Invoice Ninja's "endless"
    reminders, Lago's ``max_attempts`` with ``days_between_attempts``.

    Repetition ``k`` (``k = 1 .. max``) is due ``k * every`` days after the step's own date
    (business days when written ``"Nbd"``; a calendar date that falls on a non-business day
    moves as the step's ``non_business_day`` says). ``max`` counts the repetitions *after* the
    step's first firing, so a step with ``max: 2`` fires at most three times (Lago's
    ``max_attempts: 3`` is ``max: 2``); left out, the step repeats until the invoice is paid
    (Invoice Ninja's endless reminders). Repetitions end when a step the invoice meets later
    fires: they repeat the rung the invoice is on, never go back to it.
    """

    model_config = ConfigDict(
        **Frozen.model_config,
        json_schema_extra={"examples": [{"every": 14}, {"every": 2, "max": 2}]},
    )

    every: Every
    max: int | None = Field(default=None, ge=1, le=MAX_REPEATS, examples=[2])

    @property
    def every_days(self) -> int:
        """The number of days between repetitions (calendar or business)."""
        return parse_offset(self.every)[0]

    @property
    def business_days(self) -> bool:
        """True when ``every`` counts business days (``"Nbd"``)."""
        return parse_offset(self.every)[1]

    def text(self) -> str:
        """How the schedule writes it, in words: ``every 14 days, at most 2 times``."""
        days, business = parse_offset(self.every)
        unit = "business day" if business else "day"
        times = "until paid" if self.max is None else f"at most {self.max} times"
        return f"every {days} {unit}{'s' if days != 1 else ''}, {times}"


class Step(ConfigModel):
    """One rung of the ladder: when (offset from the due date), what, through which channels.

    ``anchor``: what the offset counts from, the invoice's ``due_date`` (default) or its
    ``issue_date`` (an issue-anchored step needs invoices that have one, and an offset of 0 or
    more; it may come before the due date, and is not moved past it). ``end_of_month``: the
    step goes on the last day of the month of the date the offset gives (OCA credit control's
    ``end_of_month`` computation mode: a due date of 10 January plus 10 days gives 31 January;
    before the non-business-day policy moves it); only for calendar-day offsets of 0 or more.

    ``channels`` are tried in order (the customer's ``preferred_channels`` move ahead); contact
    actions (message, call task, formal notice, bureau notice) need at least one. Other actions
    (listing, protest, hand-off, suspension, legal) are back-office operations and may have none.
    ``template`` names the step's message (a built-in id or one of the schedule's ``templates``);
    left out, the built-in one for the action and its timing. A named built-in message that
    states the timing (``reminder_before_due``, ``due_today``, ``overdue_early``,
    ``overdue_late``) gives way to the one for the action's own timing where they disagree (a
    reminder that goes on the due date, its window having closed the day before).
    ``non_business_day`` overrides the schedule's policy for this step. ``fee`` charges a
    collection fee once per invoice when the step fires (:class:`Fee`); the action carries it.
    ``trigger`` takes the step off the ladder: it fires once per invoice, ``offset`` calendar
    days after its event (:class:`Trigger`), whatever the ladder did, and the ladder does not
    count it (it neither passes nor supersedes the ladder's steps); its default template is
    the event's (``broken_promise``).
    ``repeat`` makes a contact step fire again every so many days (:class:`Repeat`); each
    repetition is its own action (its own id, under the caps), and the fee is charged once, by
    the step's first firing for the invoice.
    """

    model_config = ConfigDict(
        **Frozen.model_config,
        json_schema_extra={
            "allOf": [
                {
                    "if": {
                        "required": ["anchor"],
                        "properties": {"anchor": {"const": "issue_date"}},
                    },
                    "then": {"properties": {"offset": _NOT_NEGATIVE}},
                },
                {
                    "if": {
                        "required": ["end_of_month"],
                        "properties": {"end_of_month": {"const": True}},
                    },
                    "then": {"properties": {"offset": _CALENDAR_NOT_NEGATIVE}},
                },
            ]
        },
    )

    id: Identifier
    offset: Offset
    action: ActionKind = ActionKind.MESSAGE
    channels: tuple[Channel, ...] = Field(default=(), max_length=len(Channel))
    template: Identifier | None = None
    when: When = Field(default_factory=When)
    after: After | None = None
    non_business_day: NonBusinessDay | None = None
    description: str | None = Field(
        default=None, max_length=MAX_TEXT_CHARS, examples=["Second reminder, by SMS"]
    )
    fee: FeeSpec = None
    trigger: Trigger | None = Field(default=None, examples=["broken_promise"])
    anchor: Anchor = Field(default=Anchor.DUE_DATE, examples=["issue_date"])
    end_of_month: StrictBool = Field(default=False, examples=[True])
    repeat: Repeat | None = None

    @field_validator("channels")
    @classmethod
    def _no_repeats(cls, value: tuple[Channel, ...]) -> tuple[Channel, ...]:
        if len(set(value)) != len(value):
            raise ValueError("lists a channel more than once")
        return value

    @model_validator(mode="after")
    def _contact_needs_channel(self) -> Step:
        if self.action in CONTACT_ACTIONS and not self.channels:
            raise ValueError(f"channels: a {self.action.value} step needs at least one channel")
        if self.trigger is not None:
            if self.business_days or self.offset_days < 0:
                raise ValueError(
                    f"offset: a step with trigger {self.trigger.value} counts calendar days from"
                    f" its event: 0 or more, not {self.offset!r}"
                )
            if self.after is not None:
                raise ValueError(
                    f"after: a step with trigger {self.trigger.value} fires on its event; it"
                    " cannot wait for another step"
                )
        if self.repeat is not None and self.action not in CONTACT_ACTIONS:
            raise ValueError(
                f"repeat: a {self.action.value} step happens once; only a step that contacts the"
                " customer (message, call_task, formal_notice, bureau_notice) repeats"
            )
        if self.repeat is not None and self.trigger is not None:
            raise ValueError(
                f"repeat: a step with trigger {self.trigger.value} fires once per invoice"
            )
        return self

    @model_validator(mode="after")
    def _countable(self) -> Step:
        days, business = parse_offset(self.offset)
        if self.trigger is not None and (self.anchor is not Anchor.DUE_DATE or self.end_of_month):
            key = "anchor" if self.anchor is not Anchor.DUE_DATE else "end_of_month"
            raise ValueError(
                f"{key}: a step with trigger {self.trigger.value} counts from its event, not"
                " from a date of the invoice"
            )
        if self.anchor is Anchor.ISSUE_DATE and days < 0:
            raise ValueError(
                f"offset: {self.offset} is before the issue date; an issue_date anchor counts"
                " 0 or more days from it"
            )
        if self.end_of_month and business:
            raise ValueError(
                f"end_of_month: the offset {self.offset} counts business days; an end-of-month"
                " step counts calendar days (write the offset without 'bd')"
            )
        if self.end_of_month and days < 0:
            raise ValueError(
                f"end_of_month: the offset {self.offset} is before the due date, and the end of"
                " that month may fall after it; use an offset of 0 or more"
            )
        return self

    @property
    def offset_days(self) -> int:
        """The offset's number of days (calendar or business)."""
        return parse_offset(self.offset)[0]

    @property
    def business_days(self) -> bool:
        """True when the offset counts business days (``"Nbd"``)."""
        return parse_offset(self.offset)[1]

    @property
    def is_contact(self) -> bool:
        """True when the step contacts the customer (it has channels): caps apply to it."""
        return bool(self.channels)


END_OF_DAY = time.max
"""A window's end written ``"24:00"``: the window runs to midnight (an all-day window is
``["00:00", "24:00"]``)."""


def _end_of_day(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in ("24:00", "24:00:00"):
        return END_OF_DAY
    return value


def _window_end_text(value: time) -> str:
    return "24:00" if value == END_OF_DAY else value.isoformat()


_WindowEnd = Annotated[
    time,
    BeforeValidator(_end_of_day),
    PlainSerializer(_window_end_text, when_used="json"),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "time"}, {"const": "24:00"}]}),
]
TimeRange = tuple[time, _WindowEnd]


class ContactWindow(ConfigModel):
    """When the debtor may be contacted, in the customer's own time zone.

    Each entry is ``[start, end]`` (``"08:00"``, ``"20:00"``) or null (no contact that day); an
    end of ``"24:00"`` runs to midnight, so ``["00:00", "24:00"]`` is the whole day.
    ``holidays`` applies instead of the weekday's window on holidays of the national calendar
    plus the customer's state. The defaults are the contact hours of the schedule's
    jurisdiction (``calendar.country``); Brazil's (:data:`regua.jurisdiction.brazil.BRAZIL`: the
    São Paulo rule, Lei 15.426/2014, art. 2, the strictest general one) are weekdays 08–20,
    Saturdays 08–14, never Sundays or holidays.
    """

    weekdays: TimeRange | None = _DEFAULT.contact_hours.weekdays
    saturday: TimeRange | None = _DEFAULT.contact_hours.saturday
    sunday: TimeRange | None = _DEFAULT.contact_hours.sunday
    holidays: TimeRange | None = _DEFAULT.contact_hours.holidays

    @model_validator(mode="after")
    def _not_empty(self) -> ContactWindow:
        for name in ("weekdays", "saturday", "sunday", "holidays"):
            span: TimeRange | None = getattr(self, name)
            if span is not None:
                start, end = span
                if start.tzinfo is not None or end.tzinfo is not None:
                    raise ValueError(f"{name}: times are local to the customer; drop the offset")
                if end <= start:
                    raise ValueError(f"{name}: the window {start}–{end} is empty")
        if self.weekdays is None and self.saturday is None and self.sunday is None:
            raise ValueError("weekdays: a window with no day open would never contact anyone")
        return self

    def span(self, weekday: int, holiday: bool) -> TimeRange | None:
        """The window on a day of the given weekday (Monday=0) and holiday status."""
        if holiday:
            return self.holidays
        if weekday < 5:
            return self.weekdays
        return self.saturday if weekday == 5 else self.sunday


#: The built-in templates that offer a renegotiation without demanding payment.
_NEUTRAL_OFFER_TEMPLATES = frozenset({"agreement_proposal"})


class Limits(ConfigModel):
    """Contact-pressure caps per customer, over all their invoices and channels.

    Counted over the customer's history plus this plan, by local day of the contact;
    ``per_customer_per_week`` is a rolling 7-day window (the day and the 6 before it). Null
    disables a cap. Only contact steps (with channels) count; back-office actions do not.
    ``pause_days_after_opt_out``: after a record with outcome ``opted_out`` (the debtor asked to
    stop), no contact for this many days from that record's local day (0 disables).
    """

    per_customer_per_day: int | None = Field(default=1, ge=1, le=MAX_PER_DAY)
    per_customer_per_week: int | None = Field(default=3, ge=1, le=MAX_PER_DAY)
    pause_days_after_opt_out: int = Field(default=7, ge=0, le=MAX_DAYS)


class Guardrails(ConfigModel):
    """Legal defaults. Each key loosens one guardrail only when set explicitly.

    The law quoted here is Brazil's, the default jurisdiction; a schedule of another
    (``calendar.country``) takes that country's notice days and prescription term as its
    defaults and bounds (:mod:`regua.jurisdiction`).

    - ``contact_window``: the window must stay inside weekdays 08–20 and Saturdays 08–14 with no
      Sunday or holiday contact (SP Lei 15.426/2014); ``false`` allows any window.
    - ``notice_before_listing``: a ``bureau_listing`` needs a delivered ``bureau_notice`` at least
      ``notice_days`` (≥ 10) days earlier for the same invoice (CDC art. 43 §2, STJ Súmula 359,
      Tema 1.315). Every planned action carries ``notice_days``, so the messages quote this
      period and the deadline it sets.
    - ``disputes``: disputed invoices get nothing (``block_all``), only reminders
      (``block_escalation``) or everything (``allow``).
    - ``prescription_years``: once this many years have passed since the day after the due date
      (CC 206 §5 I: five; 3 for rents, §3 I) the debt is prescribed and gets **no contact at
      all**: every step is skipped with code ``prescribed``. The STJ's 3rd Panel (REsp
      2.088.100/SP and 2.094.303/SP, 2023; REsp 2.103.726/SP, 2024) holds that a prescribed debt
      cannot be demanded judicially *or extrajudicially* (no calls, e-mails, SMS, letters), and
      CDC art. 43 §5 bars the credit-bureau listing. May be shortened, or null to disable (for
      debts the host knows are not subject to it, e.g. an interrupted term). Judged on the
      day the action's contact window opens, when it is carried out: planned on the eve of
      prescription after the window closed, nothing goes.
    - ``prescribed_offer_steps``: the ids of steps that may still go on a prescribed debt, as a
      *neutral offer* (the same decisions hold that a debt kept on a negotiation platform the
      debtor visits of their own accord is not collection). Empty by default. Each must be a
      ``message`` step whose ``template`` is the built-in ``agreement_proposal`` or one of the
      schedule's own ``templates``: a renegotiation offer that demands nothing and threatens
      nothing (render it in the ``neutral`` tone). STJ Tema Repetitivo 1.264 is pending on the
      question; opting in is the host's legal decision.
    - ``consumer_fees``: a step's ``fee`` is charged to a consumer only when this is true:
      passing collection costs to a consumer needs a contract clause giving the consumer the
      same right (CDC art. 51 XII). Without it a consumer's action carries no fee and its
      reason says why; with it the reason reports the fee as charged under this key.
    """

    contact_window: StrictBool = True
    notice_before_listing: StrictBool = True
    # The jurisdiction's bounds (at least its notice days, at most its prescription term) are
    # checked by the Schedule, which knows the jurisdiction.
    notice_days: int = Field(default=_DEFAULT.notice_days, ge=0, le=MAX_DAYS)
    disputes: DisputePolicy = DisputePolicy.BLOCK_ALL
    prescription_years: int | None = Field(
        default=_DEFAULT.prescription_years, ge=1, le=MAX_PRESCRIPTION_YEARS
    )
    prescribed_offer_steps: tuple[Identifier, ...] = Field(default=(), max_length=MAX_STEPS)
    consumer_fees: StrictBool = Field(default=False, examples=[True])

    @field_validator("prescribed_offer_steps")
    @classmethod
    def _distinct_offers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("lists a step more than once")
        return value

    @model_validator(mode="after")
    def _offers_need_prescription(self) -> Guardrails:
        if self.prescribed_offer_steps and self.prescription_years is None:
            raise ValueError(
                "prescribed_offer_steps: prescription_years is null, so no debt is ever"
                " prescribed; drop one of the two"
            )
        return self


def _named_templates(value: Any) -> Any:
    """``{"my_id": {...}}``: the key is the template's id (``id`` may be left out)."""
    if not isinstance(value, Mapping):
        return value
    named = {}
    for key, template in value.items():
        if isinstance(template, Mapping):
            template = {"id": key, **template}
            if template["id"] != key:
                raise ValueError(
                    f"{key}: the template's id {quote(template['id'])} differs from its key"
                )
        named[key] = template
    return named


def _field_name(field: Any) -> Any:
    return field.get("name") if isinstance(field, Mapping) else getattr(field, "name", None)


def _schedule_schema(schema: dict[str, Any]) -> None:
    """The jurisdictions' guardrail bounds, and ``consolidate: customer`` refusing ``catch_up:
    all`` (it records the highest step for every invoice it lists, which firing every missed
    step contradicts; see ``Schedule._coherent``)."""
    legal_terms_schema(schema)
    schema.setdefault("allOf", []).append(
        {
            "if": {
                "required": ["consolidate"],
                "properties": {"consolidate": {"const": "customer"}},
            },
            "then": {"properties": {"catch_up": {"not": {"const": "all"}}}},
        }
    )


class Schedule(ConfigModel):
    """A complete régua: steps plus the calendar, contact window, caps and guardrails they obey.

    ``state_contact_windows`` replaces the contact window for customers of a state (UF), for
    local rules stricter than the default, e.g. ``{"RJ": {"weekdays": ["09:00", "19:00"],
    "saturday": null}}``. ``templates`` holds the host's own message templates by id (each
    validated as a :class:`~regua.templates.Template`); a step's ``template`` names one of them or
    a built-in id. ``host_fields`` declares placeholders every one of those templates may use for
    values the host supplies in ``Action.context`` (:class:`~regua.templates.HostField`: a
    name, a kind and bounds); a template's own ``host_fields`` entry of the same name wins.
    ``promises`` says how long a promise to pay holds dunning back (:class:`Promises`).
    ``consolidate: "customer"`` sends one notice per customer and currency a day, at the highest
    step due, listing every invoice due for a contact step (:class:`Consolidate`).
    ``version`` labels edits of a campaign; history records name step ids, so keep an id when a
    step keeps its meaning across versions, and give a new id to a step whose meaning changes.
    ``ladder``: ``invoice`` (default, one ladder per invoice) or ``customer`` (one ladder per
    customer and currency, from the earliest unpaid invoice: :class:`Ladder`).

    >>> s = Schedule.model_validate({"name": "basic", "steps": [
    ...     {"id": "d1", "offset": "1bd", "channels": ["email"]},
    ...     {"id": "d10", "offset": 10, "action": "call_task", "channels": ["phone"]}]})
    >>> [(step.id, step.offset) for step in s.steps], s.catch_up.value
    ([('d1', '1bd'), ('d10', 10)], 'latest')

    ``calendar.country`` names the schedule's jurisdiction (:mod:`regua.jurisdiction`; Brazil by
    default): its banking calendar, its contact hours as the default and widest contact window,
    its notice days and prescription term as the defaults and bounds of the guardrails.
    """

    model_config = ConfigDict(**Frozen.model_config, json_schema_extra=_schedule_schema)

    name: Identifier
    version: Identifier = "1"
    calendar: CalendarSpec = Field(default_factory=CalendarSpec)
    contact_window: ContactWindow = Field(default_factory=ContactWindow)
    state_contact_windows: dict[UF, ContactWindow] = Field(default_factory=dict)
    limits: Limits = Field(default_factory=Limits)
    catch_up: CatchUp = Field(default=CatchUp.LATEST, examples=["one_per_run"])
    ladder: Ladder = Field(default=Ladder.INVOICE, examples=["customer"])
    consolidate: Consolidate = Field(
        default=Consolidate.STEP, json_schema_extra={"examples": ["step", "customer"]}
    )
    non_business_day: NonBusinessDay = NonBusinessDay.NEXT
    guardrails: Guardrails = Field(default_factory=Guardrails)
    templates: Annotated[dict[Identifier, Template], BeforeValidator(_named_templates)] = Field(
        default_factory=dict, max_length=MAX_TEMPLATES
    )
    promises: Promises = Field(default_factory=Promises, examples=[{"grace_days": 3}])
    host_fields: tuple[HostField, ...] = Field(
        default=(),
        max_length=MAX_PLACEHOLDER_USES,
        examples=[
            [{"name": "contract_number", "max_length": 40}, {"name": "fee", "kind": "money"}]
        ],
    )
    steps: tuple[Step, ...] = Field(min_length=1, max_length=MAX_STEPS)

    @model_validator(mode="before")
    @classmethod
    def _jurisdiction_defaults(cls, data: Any) -> Any:
        """What the schedule leaves out of its windows and guardrails is its jurisdiction's."""
        return with_jurisdiction_defaults(data) if isinstance(data, Mapping) else data

    @model_validator(mode="before")
    @classmethod
    def _templates_know_the_host_fields(cls, data: Any) -> Any:
        """Every template of the schedule may use its ``host_fields``; a template's own
        declaration of a name wins."""
        if not isinstance(data, Mapping):
            return data
        fields = data.get("host_fields")
        templates = data.get("templates")
        if not isinstance(fields, (list, tuple)) or not fields:
            return data  # nothing to share, or field validation reports what is wrong
        if not isinstance(templates, Mapping):
            return data
        merged = {}
        for key, template in templates.items():
            if isinstance(template, Template):
                template = template.model_dump()
            if isinstance(template, Mapping) and isinstance(
                own := template.get("host_fields", ()), (list, tuple)
            ):
                names = {_field_name(f) for f in own}
                shared = [f for f in fields if _field_name(f) not in names]
                template = {**template, "host_fields": [*own, *shared]}
            merged[key] = template
        return {**data, "templates": merged}

    @field_validator("steps", mode="wrap")
    @classmethod
    def _name_failing_steps(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Re-word step errors so they name the step id, not only its position."""
        try:
            return handler(value)
        except ValidationError as error:
            if not isinstance(value, (list, tuple)):
                raise
            messages = []
            for item in error.errors():
                loc = item["loc"]
                if not loc or not isinstance(loc[0], int):
                    # The tuple's own length check also fails once its items were rejected.
                    if item["type"] == "too_short" and len(error.errors()) > 1:
                        continue
                    raise
                raw = value[loc[0]]
                label = f"steps[{loc[0]}]"
                if isinstance(raw, Mapping) and raw.get("id") is not None:
                    label += f" ({quote(raw['id'])})"
                field = ".".join(str(part) for part in loc[1:])
                message = item["msg"].removeprefix("Value error, ")
                messages.append(f"{label}{'.' + field if field else ''}: {message}")
            raise ValueError("; ".join(messages)) from None

    @property
    def jurisdiction(self) -> Jurisdiction:
        """The jurisdiction whose law the schedule follows (its ``calendar.country``)."""
        return self.calendar.jurisdiction

    @field_validator("host_fields")
    @classmethod
    def _distinct_host_fields(cls, value: tuple[HostField, ...]) -> tuple[HostField, ...]:
        # As a Template refuses it: which declaration a template would read is not clear.
        repeated = HostField.repeated(value)
        if repeated is not None:
            raise ValueError(f"[{repeated[0]}].name: {repeated[1]!r} is declared twice")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Schedule:
        self._check_legal_terms()
        self._check_window()
        position: dict[str, int] = {}
        last_of: dict[Anchor, Step] = {}  # the ladder's step before this one, per anchor
        for i, step in enumerate(self.steps):
            where = f"steps[{i}] ({step.id!r})"
            if step.id in position:
                raise ValueError(f"{where}.id: duplicate step id (also steps[{position[step.id]}])")
            if step.trigger is not None and self.ladder is Ladder.CUSTOMER:
                raise ValueError(
                    f"{where}.trigger: a step on an invoice's event does not go with"
                    " ladder: customer (one ladder per customer); use ladder: invoice"
                )
            if step.repeat is not None and self.ladder is Ladder.CUSTOMER:
                raise ValueError(
                    f"{where}.repeat: repeating steps run on an invoice's own ladder, not with"
                    " ladder: customer; use ladder: invoice"
                )
            if step.trigger is None:
                # Offsets of different anchors do not compare: list order holds per anchor.
                previous = last_of.get(step.anchor)
                if previous is not None and step.offset_days < previous.offset_days:
                    raise ValueError(
                        f"{where}.offset: {step.offset} comes before the previous step's"
                        f" {previous.offset} ({previous.id!r}); list steps from first to last"
                    )
                last_of[step.anchor] = step
            if step.after is not None:
                self._check_after(where, step, position)
            if (
                step.action is ActionKind.BUREAU_LISTING
                and self.guardrails.notice_before_listing
                and not any(
                    s.action is ActionKind.BUREAU_NOTICE and s.trigger is None
                    for s in self.steps[:i]
                )
            ):
                law = self.jurisdiction.notice_law
                raise ValueError(
                    f"{where}.action: a bureau_listing needs an earlier bureau_notice step"
                    f" ({law}); add one, or set guardrails.notice_before_listing: false"
                )
            position[step.id] = i
        self._check_templates()
        self._check_prescribed_offers()
        if self.consolidate is Consolidate.CUSTOMER and self.catch_up is CatchUp.ALL:
            raise ValueError(
                "consolidate: 'customer' lists every invoice at the highest step due and records"
                " that step for it, so the lower steps it passed never fire; catch_up 'all'"
                " fires every missed step: use 'latest', 'none' or 'one_per_run'"
            )
        return self

    def _check_window(self) -> None:
        if not self.guardrails.contact_window:
            return
        windows = [("contact_window", self.contact_window)] + [
            (f"state_contact_windows.{uf}", window)
            for uf, window in self.state_contact_windows.items()
        ]
        hours = self.jurisdiction.contact_hours
        for where, window in windows:
            for name in ("weekdays", "saturday", "sunday", "holidays"):
                span: TimeRange | None = getattr(window, name)
                legal: TimeRange | None = getattr(hours, name)
                if span is None:
                    continue
                if legal is None or span[0] < legal[0] or span[1] > legal[1]:
                    allowed = (
                        "no contact"
                        if legal is None
                        else f"{legal[0]:%H:%M}–{_window_end_text(legal[1])[:5]}"
                    )
                    raise ValueError(
                        f"{where}.{name}: outside the legal default ({allowed}, {hours.law});"
                        " set guardrails.contact_window: false to allow it"
                    )

    def _check_legal_terms(self) -> None:
        where = self.jurisdiction
        guard = self.guardrails
        if guard.notice_days < where.notice_days:
            raise ValueError(
                f"guardrails.notice_days: {guard.notice_days} is less than the"
                f" {where.notice_days} days {where.name} requires between a notice and a listing"
                f" ({where.notice_law})"
            )
        years = guard.prescription_years
        if years is not None and years > where.prescription_years:
            raise ValueError(
                f"guardrails.prescription_years: {years} is longer than {where.name}'s"
                f" {where.prescription_years}-year term ({where.prescription_law}); shorten it,"
                " or set null for debts the term does not apply to"
            )

    def window_for(self, state: str | None) -> ContactWindow:
        """The contact window of a customer in ``state`` (a UF code, or None)."""
        if state is not None:
            window = self.state_contact_windows.get(state)
            if window is not None:
                return window
        return self.contact_window

    def _check_after(self, where: str, step: Step, position: dict[str, int]) -> None:
        assert step.after is not None
        target = step.after.step
        if target == step.id:
            raise ValueError(f"{where}.after.step: a step cannot wait for itself")
        if target not in position:
            later = any(s.id == target for s in self.steps)
            raise ValueError(
                f"{where}.after.step: {target!r} is "
                + ("a later step; it must come earlier" if later else "not a step of this schedule")
            )
        if self.steps[position[target]].trigger is not None:
            raise ValueError(
                f"{where}.after.step: {target!r} waits for an event (trigger); only a step of the"
                " ladder can be waited for"
            )

    def _check_prescribed_offers(self) -> None:
        """Only a neutral offer may reach a prescribed debt (see :class:`Guardrails`)."""
        for k, step_id in enumerate(self.guardrails.prescribed_offer_steps):
            where = f"guardrails.prescribed_offer_steps[{k}]"
            step = next((s for s in self.steps if s.id == step_id), None)
            if step is None:
                raise ValueError(f"{where}: {step_id!r} is not a step of this schedule")
            if step.action is not ActionKind.MESSAGE:
                raise ValueError(
                    f"{where}: step {step_id!r} is a {step.action.value}; only a message step"
                    " with a neutral offer may reach a prescribed debt"
                )
            if (
                step.template not in _NEUTRAL_OFFER_TEMPLATES
                and step.template not in self.templates
            ):
                raise ValueError(
                    f"{where}: step {step_id!r} must name the template 'agreement_proposal' or"
                    f" one of the schedule's own templates (a neutral offer), not"
                    f" {step.template!r}: a prescribed debt cannot be demanded"
                )

    def _check_templates(self) -> None:
        for key, template in self.templates.items():
            if template.id != key:
                raise ValueError(f"templates.{key}: the template's id {template.id!r} differs")
        known = BUILTIN_TEMPLATE_IDS | set(self.templates)
        for i, step in enumerate(self.steps):
            if step.template is not None and step.template not in known:
                raise ValueError(
                    f"steps[{i}] ({step.id!r}).template: unknown template {step.template!r};"
                    " use a built-in id or define it under 'templates'"
                )

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError when there is none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

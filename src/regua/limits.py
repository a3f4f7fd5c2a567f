"""Every bound on what a caller can pass to regua, in one place (see ``docs/limits.md``).

regua is embedded in hosts that feed it rows from files, forms and other systems, so nothing a
caller passes may make one call take unbounded time or memory, or make a far-off date overflow
deep inside the engine. Each bound below is checked where the value enters (a model field or a
function parameter) and refused with a :class:`~regua.errors.InvalidInputError` or a pydantic
``ValidationError`` that names the field; models show the string and list bounds in their JSON
Schema (``maxLength``, ``maxItems``, ``maximum``).

Dates. Every date a caller passes (due dates, payments, ``as_of``, history, agreements, holidays)
lies in ``FIRST_DATE..LAST_DATE``. Everything regua derives from one stays far inside
``datetime.date``: a step is at most :data:`MAX_DAYS` (business) days from its due date, a
debt prescribes 5 years after it, an installment plan runs :data:`MAX_INSTALLMENTS` months. The
business calendars serve ``CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR``, which holds every such
derived date, so a calendar's cache never grows past those years.

>>> FIRST_DATE, LAST_DATE
(datetime.date(1900, 1, 1), datetime.date(2199, 12, 31))
>>> quote("1" * 100)
"'1111111111111111111111111111111111111111…' (100 characters)"
"""

from __future__ import annotations

import reprlib
from datetime import date
from decimal import Decimal

__all__ = [
    "CALENDAR_FIRST_YEAR",
    "CALENDAR_LAST_YEAR",
    "FIRST_DATE",
    "LAST_DATE",
    "MAX_BILLING_WINDOW_MONTHS",
    "MAX_BUCKETS",
    "MAX_BUSINESS_DAYS",
    "MAX_CONTACT_CHARS",
    "MAX_CONTEXT_VALUES",
    "MAX_CREDIT_RULES",
    "MAX_DAYS",
    "MAX_DOCUMENT_CHARS",
    "MAX_EXTRA_HOLIDAYS",
    "MAX_ID_CHARS",
    "MAX_INSTALLMENTS",
    "MAX_INVOICES_PER_ACTION",
    "MAX_MESSAGE_CHARS",
    "MAX_NAME_CHARS",
    "MAX_NUMBER_CHARS",
    "MAX_OFFER_INSTALLMENTS",
    "MAX_PARTITIONS",
    "MAX_PARTS",
    "MAX_PAYMENTS",
    "MAX_PAYMENT_METHODS",
    "MAX_PER_DAY",
    "MAX_PLACEHOLDER_USES",
    "MAX_PRESCRIPTION_YEARS",
    "MAX_QUOTED_CHARS",
    "MAX_RATE",
    "MAX_RATE_PLACES",
    "MAX_REPEATS",
    "MAX_SIMULATION_DAYS",
    "MAX_STEPS",
    "MAX_TAGS",
    "MAX_TAG_CHARS",
    "MAX_TEMPLATES",
    "MAX_TEMPLATE_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_VALUE_CHARS",
    "at_most_pattern",
    "quote",
]

FIRST_DATE = date(1900, 1, 1)
"""Earliest date regua accepts from a caller."""
LAST_DATE = date(2199, 12, 31)
"""Latest date regua accepts from a caller."""

MAX_DAYS = 3_650
"""Largest count of days a caller can pass: a step offset (calendar or business days, either
sign), ``after.min_days``, ``notice_days``, ``pause_days_after_opt_out``, ``tolerance_days``."""
MAX_BUSINESS_DAYS = 30_000
"""Most business days ``BusinessCalendar.add_business_days`` moves (about 120 years)."""
MAX_INSTALLMENTS = 480
"""Most installments of a plan or agreement (40 years of monthly payments): ``n`` of
``price``/``sac``/``equal`` and the installments of an agreement."""
MAX_OFFER_INSTALLMENTS = 120
"""Most installments an offer policy may propose (``max_installments``, ``installment_counts``):
``menu`` prices every count up to it, so its work grows with the square of this bound."""
MAX_PRESCRIPTION_YEARS = 20
"""Longest prescription term a function takes (the Civil Code's longest is 10 years; a
schedule's guardrail allows at most 5)."""
MAX_SIMULATION_DAYS = 3_660
"""Most days ``simulate`` plans in one call (each day is a full plan)."""
MAX_PARTITIONS = 100_000
"""Most partitions ``partition_key`` and ``split_by_customer`` split customers into."""
MAX_PARTS = 100_000
"""Most parts ``regua.money.split`` and ``allocate`` divide an amount into."""
MAX_BUCKETS = 100
"""Most buckets of an aging table."""
MAX_PER_DAY = 1_000
"""Largest contact cap or invoice count a schedule may name (``limits``, ``when``)."""

CALENDAR_FIRST_YEAR = FIRST_DATE.year - 20
"""First year a business calendar answers for (a due date minus :data:`MAX_DAYS` business
days is at most about 15 years earlier)."""
CALENDAR_LAST_YEAR = LAST_DATE.year + 60
"""Last year a business calendar answers for (a due date plus a step offset, prescription or a
:data:`MAX_INSTALLMENTS`-month plan)."""

MAX_ID_CHARS = 128
"""Longest identifier (customer, invoice, step, schedule, template, action ids, versions)."""
MAX_NAME_CHARS = 256
"""Longest name (a customer's, a creditor's, a holiday's)."""
MAX_TEXT_CHARS = 2_000
"""Longest free text that is not a template (a step's description, a payment method)."""
MAX_DOCUMENT_CHARS = 32
"""Longest CPF/CNPJ as typed, punctuation included."""
MAX_CONTACT_CHARS = 320
"""Longest contact address (the longest valid e-mail address is 320 characters)."""
MAX_TAG_CHARS = 64
"""Longest tag."""
MAX_TAGS = 100
"""Most tags on one customer or invoice, or in one ``when`` condition."""
MAX_NUMBER_CHARS = 64
"""Longest text read as a number (an amount or a rate written as a string), and the most digits
of an int read as one."""
MAX_RATE = 1_000
"""Largest rate or percentage a field or parameter takes; real ones are orders of magnitude
smaller, and this keeps ``(1 + rate) ** MAX_INSTALLMENTS`` finite."""
MAX_RATE_PLACES = 28
"""Most decimal places of a rate or percentage (far more than any real rate has; ``1E-40`` and
smaller say nothing a 28-place rate does not)."""

MAX_STEPS = 200
"""Most steps in one schedule."""
MAX_REPEATS = 1_000
"""Most repetitions a repeating step may declare (``repeat.max``); a step whose ``repeat`` has
no ``max`` repeats until the invoice is paid or a later step fires."""
MAX_CREDIT_RULES = 200
"""Most rules in one credit policy (each customer is matched against them in order)."""
MAX_PAYMENT_METHODS = 20
"""Most payment methods a credit rule may list."""
MAX_BILLING_WINDOW_MONTHS = 120
"""Longest billing window of a credit policy, in months (its average monthly billing)."""
MAX_TEMPLATES = 200
"""Most templates a schedule defines."""
MAX_PAYMENTS = 10_000
"""Most payments on one invoice."""
MAX_EXTRA_HOLIDAYS = 10_000
"""Most host-supplied holidays in one calendar."""
MAX_INVOICES_PER_ACTION = 100_000
"""Most invoice ids one action or contact record may cover."""

MAX_TEMPLATE_CHARS = 10_000
"""Longest template text accepted (a long formal notice is about 3,000 characters)."""
MAX_PLACEHOLDER_USES = 100
"""Most placeholder occurrences in one template."""
MAX_VALUE_CHARS = 2_000
"""Longest value a placeholder may receive (a Pix copia-e-cola code is at most a few hundred)."""
MAX_MESSAGE_CHARS = 50_000
"""Longest rendered text, and the longest text ``lint`` reads; checked before the text is built
or scanned, so output memory and lint time are bounded."""

MAX_CONTEXT_VALUES = 1_000
"""Most values a template context (a mapping given to ``render``, an action's ``context``) holds."""

MAX_QUOTED_CHARS = 40
"""Most characters of a caller's value that an error message repeats."""


def quote(value: object) -> str:
    """``repr(value)`` for an error message, cut to :data:`MAX_QUOTED_CHARS` characters.

    A message that names a rejected value must not echo megabytes back to a log or a user; the
    value is shortened before ``repr`` reads it, so a huge string costs nothing to quote.

    >>> quote("abc"), quote(12)
    ("'abc'", '12')
    """
    if isinstance(value, str) and len(value) > MAX_QUOTED_CHARS:
        head = repr(value[:MAX_QUOTED_CHARS])
        return f"{head[:-1]}…{head[-1]} ({len(value)} characters)"
    if isinstance(value, Decimal) and len(value.as_tuple().digits) <= MAX_QUOTED_CHARS:
        return str(value)
    if isinstance(value, int) and value.bit_length() > 4 * MAX_QUOTED_CHARS:
        return f"an int of {value.bit_length()} bits"
    text = _SHORT.repr(value)
    return text if len(text) <= MAX_QUOTED_CHARS else text[:MAX_QUOTED_CHARS] + "…"


# reprlib stops reading a container or a long number after a few items or digits.
_SHORT = reprlib.Repr()
_SHORT.maxlevel = 2
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = MAX_QUOTED_CHARS


def at_most_pattern(limit: int) -> str:
    """A regular expression for the whole numbers 0 to ``limit`` written without leading zeros:
    how a JSON Schema bounds a number written as a string.

    >>> at_most_pattern(3650)
    '[0-9]{1,3}|[1-2][0-9]{3}|3[0-5][0-9]{2}|36[0-4][0-9]{1}|3650'
    """
    digits = str(limit)
    if len(digits) == 1:
        return f"[0-{digits}]"
    alternatives = [f"[0-9]{{1,{len(digits) - 1}}}"]
    for i, digit in enumerate(digits):
        lowest = 1 if i == 0 else 0
        if int(digit) > lowest:
            rest = len(digits) - i - 1
            tail = f"[0-9]{{{rest}}}" if rest else ""
            alternatives.append(f"{digits[:i]}[{lowest}-{int(digit) - 1}]{tail}")
    alternatives.append(digits)
    return "|".join(alternatives)

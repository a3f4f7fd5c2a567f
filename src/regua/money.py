"""Money as :class:`~decimal.Decimal`, quantized to the currency's minor unit.

The number of decimal places of a currency comes from Babel's CLDR data (BRL 2, JPY 0, KWD 3).
Amounts never pass through ``float``: a float is accepted only when its binary value is exactly
the decimal it prints as (``0.5`` yes, ``0.1`` no), which catches the classic ``0.1 + 0.2``
spreadsheet noise at the boundary instead of letting it turn into a wrong cent.

Rounding residue: :func:`allocate` rounds every part with the given rounding mode and then moves
the residue (always fewer minor units than there are parts) one minor unit at a time onto the
parts whose rounding moved them furthest from their exact share, earliest part first on ties.
:func:`split` gives the extra minor units to the first parts: ``split(Decimal("100"), 3)`` is
``[33.34, 33.33, 33.33]``. Either way the parts sum exactly to the total.

Exact arithmetic. Every amount regua accepts is below :data:`MAX_AMOUNT` (``10**26``: 26 integer
digits, beyond any real debt in any currency, and every 28-digit amount of a two-place currency
such as BRL) with at most four decimal places (the most any ISO 4217 currency has). regua does
its money arithmetic in its own :mod:`decimal` context of :data:`MONEY_PRECISION` (50)
significant digits, never the caller's: a sum of up to ``10**20`` such amounts is exact, so
results do not change under the caller's ``decimal.localcontext(prec=6)`` or with ``Inexact``
trapped. :func:`money_context` enters that context (:func:`in_money_context` decorates a
function to run in it); :func:`add` sums amounts in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import cache, reduce, wraps
from typing import Annotated, Any, ParamSpec, TypeVar

from babel.core import Locale
from babel.numbers import get_currency_precision, list_currencies
from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic.functional_validators import AfterValidator

from regua.errors import InvalidInputError
from regua.limits import (
    MAX_INVOICES_PER_ACTION,
    MAX_NUMBER_CHARS,
    MAX_PARTS,
    MAX_RATE,
    MAX_RATE_PLACES,
    at_most_pattern,
    quote,
)

__all__ = [
    "CURRENCY_SCHEMA_MARK",
    "DEFAULT_CURRENCY",
    "MAX_AMOUNT",
    "MAX_MONTHLY_RATE",
    "MAX_TOTAL",
    "MONEY_PRECISION",
    "ROUND_HALF_UP",
    "Amount",
    "CurrencyCode",
    "Rate",
    "add",
    "allocate",
    "check_places",
    "check_rate",
    "check_rate_bounds",
    "currencies",
    "in_money_context",
    "minor_unit",
    "minor_units",
    "minus",
    "money_context",
    "plus",
    "quantize",
    "split",
    "to_decimal",
    "validate_currency",
]

DEFAULT_CURRENCY = "BRL"

MAX_AMOUNT = Decimal("1E+26")
"""Every amount regua accepts is below this; a larger one is an
:class:`~regua.errors.InvalidInputError` naming the field."""

MAX_TOTAL = (MAX_AMOUNT * MAX_INVOICES_PER_ACTION).normalize()
"""Every total regua computes of amounts it accepted is below this (``1E+31``): an action's
``amount_due`` sums up to ``MAX_INVOICES_PER_ACTION`` invoices, each below :data:`MAX_AMOUNT`.
An action states and :func:`quantize` with ``limit=MAX_TOTAL`` rounds such a total."""

MAX_MONTHLY_RATE = Decimal("0.5")
"""Default plausibility bound of a monthly interest rate, as a fraction (0.5 = 50 % a month).

A rate above it is almost always a unit mistake (``1.99`` meaning 1.99 %, i.e. ``0.0199``), so
regua refuses it with a hint; every function and model that takes a rate also takes
``max_monthly_rate`` to raise the bound on purpose.
"""

# The most max_monthly_rate may be raised to: any rate up to it still computes in 50 digits
# (installments of 101 times the balance, powers down to 101**-n).
_HIGHEST_BOUND = Decimal(100)

MONEY_PRECISION = 50
"""Significant digits of regua's decimal context: 26 integer digits of :data:`MAX_AMOUNT`, four
decimal places, and 20 more, so that sums of up to ``10**20`` amounts are exact."""

# Private: a Context is mutable, so callers get a copy through ``money_context``. Overflow,
# division by zero and invalid operations raise (callers turn them into field-named errors);
# Inexact and Rounded never do (a division or a power is rounded to 50 digits, then quantized).
_CONTEXT = Context(
    prec=MONEY_PRECISION,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_ZERO = Decimal(0)
_P = ParamSpec("_P")
_R = TypeVar("_R")
# Room for any exponent a caller can write (a rate of 1E+999999 is refused, not an Overflow),
# at full precision to compare, at ten digits to quote in a message.
_UNBOUNDED = Context(prec=MONEY_PRECISION, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
_SHOWN = Context(prec=10, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])


def money_context() -> AbstractContextManager[Context]:
    """regua's decimal context, entered with ``with``: what regua computes money in.

    >>> from decimal import localcontext
    >>> with localcontext(prec=6), money_context():
    ...     Decimal("90000000000000000000000000.01") * 2
    Decimal('180000000000000000000000000.02')
    """
    return localcontext(_CONTEXT)


def in_money_context(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorate ``function`` to run in regua's context (see :func:`money_context`)."""

    @wraps(function)
    def in_context(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with localcontext(_CONTEXT):
            return function(*args, **kwargs)

    return in_context


def add(values: Iterable[Decimal], start: Decimal = _ZERO) -> Decimal:
    """The exact sum of ``values`` (plus ``start``) in regua's context, whatever the caller's.

    >>> add([Decimal("90000000000000000000000000.01")] * 2)
    Decimal('180000000000000000000000000.02')
    """
    return reduce(plus, values, start)


# ``a + b`` and ``a - b`` in regua's context, for the per-invoice loops (balances): the context's
# own methods need no context switch (``localcontext`` costs ten times an addition). They only
# ever set the shared context's flags, which nothing reads.
plus = _CONTEXT.add
minus = _CONTEXT.subtract


#: ISO 4217 codes Babel lists with the currencies that name no money a debt is billed in:
#: precious metals, bond-market and fund units of account, the SDR and other units of
#: settlement, the test code, and XXX, "no currency" (what an export may write for a missing
#: one: planned, it was a debt of no currency).
_NOT_MONEY = frozenset(
    {"XAG", "XAU", "XPD", "XPT", "XBA", "XBB", "XBC", "XBD", "XDR", "XEU", "XFO", "XFU", "XRE"}
    | {"XSU", "XUA", "XTS", "XXX"}
)


@cache
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies(Locale("en"))) - _NOT_MONEY


def currencies() -> frozenset[str]:
    """The ISO 4217 codes regua knows (Babel's CLDR list), each with its :func:`minor_units`.

    >>> {"BRL", "JPY", "KWD"} <= currencies()
    True
    """
    return _known_currencies()


@cache
def minor_units(currency: str = DEFAULT_CURRENCY) -> int:
    """Decimal places of ``currency`` per Babel/CLDR: ``minor_units("BRL") == 2``."""
    if currency in _NOT_MONEY:
        raise InvalidInputError(
            "currency",
            f"{quote(currency)} is an ISO 4217 code for no money a debt is billed in (no"
            " currency, a test, a precious metal or a unit of account)",
        )
    if currency not in _known_currencies():
        raise InvalidInputError("currency", f"unknown ISO 4217 currency code {quote(currency)}")
    return int(get_currency_precision(currency))


@cache
def minor_unit(currency: str = DEFAULT_CURRENCY) -> Decimal:
    """The smallest amount of ``currency`` as a Decimal exponent: ``Decimal("0.01")`` for BRL."""
    return Decimal(1).scaleb(-minor_units(currency))


def to_decimal(value: object, field: str = "amount") -> Decimal:
    """Convert ``value`` to a finite Decimal without float noise.

    Accepts Decimal, int, str (``"1234.50"``: ASCII digits and a "." only, as the JSON Schema
    writes numbers; surrounding spaces allowed) and floats whose binary value is exactly the
    decimal they print as. Rejects bool, NaN, infinities, noisy floats, other writings of a
    number (``"2.5e2"``, ``"1_000"``, ``"+1"``, ``".5"``, non-ASCII digits) and text or ints
    longer than ``MAX_NUMBER_CHARS`` (64) characters, before parsing them.

    >>> to_decimal("10.50")
    Decimal('10.50')
    >>> to_decimal(0.25)
    Decimal('0.25')
    >>> to_decimal(0.1)
    Traceback (most recent call last):
    ...
    regua.errors.InvalidInputError: amount: float 0.1 has no exact binary value; pass a str ...
    """
    if isinstance(value, bool):
        raise InvalidInputError(field, "a bool is not a number")
    if isinstance(value, Decimal):
        if len(value.as_tuple().digits) > MAX_NUMBER_CHARS:
            raise InvalidInputError(
                field, f"{quote(value)} has more than {MAX_NUMBER_CHARS} digits"
            )
        result = value
    elif isinstance(value, int):
        if value.bit_length() > _MAX_INT_BITS:
            raise InvalidInputError(
                field, f"{quote(value)} has more than {MAX_NUMBER_CHARS} digits"
            )
        result = Decimal(value)
    elif isinstance(value, float):
        exact = Decimal(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidInputError(field, f"{quote(value)} is not a finite number")
        if exact != Decimal(repr(value)):
            raise InvalidInputError(
                field, f"float {quote(value)} has no exact binary value; pass a str or Decimal"
            )
        result = Decimal(repr(value))
    elif isinstance(value, str):
        if len(value) > MAX_NUMBER_CHARS and len(text := value.strip()) > MAX_NUMBER_CHARS:
            raise InvalidInputError(
                field, f"{quote(text)} is longer than {MAX_NUMBER_CHARS} characters"
            )
        text = value.strip()
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise InvalidInputError(field, f"{quote(value)} is not a decimal number") from None
        # Decimal() also reads "2.5e2", "1_000.00", "+250", ".5", non-ASCII digits ("٢٥٠"):
        # the JSON Schema's patterns refuse each, so the validator does too.
        if result.is_finite() and not _PLAIN_NUMBER.fullmatch(text):
            raise InvalidInputError(
                field, f"{quote(value)} is not written as plain digits (e.g. 1234.50)"
            )
    else:
        raise InvalidInputError(field, f"expected a decimal number, got {type(value).__name__}")
    if not result.is_finite():
        raise InvalidInputError(field, f"{quote(value)} is not a finite number")
    return result


#: A number as the schemas write one: ASCII digits, a "." and decimals if any, and a "-" (which
#: the amounts then refuse with their own message).
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]*)?")

# An int of this many bits has at most MAX_NUMBER_CHARS decimal digits.
_MAX_INT_BITS = int(MAX_NUMBER_CHARS * 3.32)


def _places(value: Decimal) -> int:
    # Counted on the digits, not via normalize(), which rounds to the context precision.
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite values only reach here
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing_zeros)) if any(digits) else 0


def _quantized(
    value: Decimal, currency: str, field: str, rounding: str, limit: Decimal = MAX_AMOUNT
) -> Decimal:
    if value.copy_abs() >= limit:
        raise InvalidInputError(
            field,
            f"{_quoted(value)} is too large: an amount must be below {limit} in absolute value",
        )
    with localcontext(_CONTEXT):
        return value.quantize(minor_unit(currency), rounding=rounding)


def check_places(
    value: Decimal, currency: str = DEFAULT_CURRENCY, field: str = "amount"
) -> Decimal:
    """Return ``value`` quantized to ``currency`` if it has no more decimals than allowed.

    >>> check_places(Decimal("12.5"))
    Decimal('12.50')
    >>> check_places(Decimal("12.505"))
    Traceback (most recent call last):
    ...
    regua.errors.InvalidInputError: amount: 12.505 has more than 2 decimal places for BRL
    """
    if _places(value) > minor_units(currency):
        raise InvalidInputError(
            field, f"{value} has more than {minor_units(currency)} decimal places for {currency}"
        )
    return _quantized(value, currency, field, ROUND_HALF_UP)


def quantize(
    value: Decimal | int | str,
    currency: str = DEFAULT_CURRENCY,
    rounding: str = ROUND_HALF_UP,
    *,
    limit: Decimal = MAX_AMOUNT,
) -> Decimal:
    """Round ``value`` to the minor unit of ``currency`` with ``rounding`` (half-up by default).
    ``value`` must be below ``limit`` in absolute value: :data:`MAX_AMOUNT` for an amount,
    :data:`MAX_TOTAL` for a total of them (at most; a larger limit is refused).

    Half-up is the default because finance teams reconcile against spreadsheets, which round
    half away from zero; pass ``decimal.ROUND_HALF_EVEN`` for banker's rounding.

    >>> quantize(Decimal("10.005"))
    Decimal('10.01')
    >>> quantize(Decimal("1234.5"), "JPY")
    Decimal('1235')
    """
    if not 0 < limit <= MAX_TOTAL:
        raise InvalidInputError("limit", f"must be above 0 and at most {MAX_TOTAL}, got {limit}")
    return _quantized(to_decimal(value, "value"), currency, "value", rounding, limit)


def allocate(
    total: Decimal,
    weights: Sequence[Decimal | int],
    *,
    currency: str = DEFAULT_CURRENCY,
    rounding: str = ROUND_HALF_UP,
) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights``; the parts sum exactly to ``total``.

    Each part is the exact share rounded with ``rounding``; the residue is then moved, one minor
    unit at a time, to the parts whose rounding moved them furthest from their exact share
    (earliest part first on ties). Zero weights get exactly zero.

    >>> allocate(Decimal("100.00"), [1, 1, 1])
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    >>> allocate(Decimal("10.00"), [Decimal("0.5"), Decimal("0.3"), Decimal("0.2")])
    [Decimal('5.00'), Decimal('3.00'), Decimal('2.00')]
    """
    total = check_places(to_decimal(total, "total"), currency, "total")
    if len(weights) > MAX_PARTS:
        raise InvalidInputError("weights", f"{len(weights)} weights; the limit is {MAX_PARTS}")
    ws = [to_decimal(w, f"weights[{i}]") for i, w in enumerate(weights)]
    if not ws:
        raise InvalidInputError("weights", "at least one weight is required")
    for i, w in enumerate(ws):
        if w < 0:
            raise InvalidInputError(f"weights[{i}]", "weights must not be negative")
    try:
        weight_sum = add(ws)
        with localcontext(_CONTEXT):
            exact = [total * w / weight_sum for w in ws] if weight_sum else []
    except Overflow:
        raise InvalidInputError("weights", "too large to compute with; scale them down") from None
    if weight_sum == 0:
        raise InvalidInputError("weights", "weights must not all be zero")
    with localcontext(_CONTEXT):
        unit = minor_unit(currency)
        parts = [e.quantize(unit, rounding=rounding) for e in exact]
        steps = int((total - sum(parts, Decimal(0))) / unit)
        if steps:
            sign = 1 if steps > 0 else -1
            # Parts that rounding moved furthest against the residue's direction take it first.
            order = sorted(
                (i for i, w in enumerate(ws) if w != 0),
                key=lambda i: (-(sign * (exact[i] - parts[i])), i),
            )
            for i in order[: abs(steps)]:
                parts[i] += sign * unit
        return parts


def split(total: Decimal, n: int, *, currency: str = DEFAULT_CURRENCY) -> list[Decimal]:
    """Split ``total`` into ``n`` parts differing by at most one minor unit; residue goes first.

    Parts that differ by at most one minor unit and sum to ``total`` are unique up to order, so
    no rounding mode applies: the first parts carry the extra minor units.

    >>> split(Decimal("100.00"), 3)
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    >>> split(Decimal("0.02"), 3)
    [Decimal('0.01'), Decimal('0.01'), Decimal('0.00')]
    >>> split(Decimal("-0.05"), 2)
    [Decimal('-0.03'), Decimal('-0.02')]
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_PARTS:
        raise InvalidInputError(
            "n", f"must be a whole number from 1 to {MAX_PARTS}, got {quote(n)}"
        )
    total = check_places(to_decimal(total, "total"), currency, "total")
    unit = minor_unit(currency)
    with localcontext(_CONTEXT):
        units = int(total.copy_abs() / unit)
        base, extra = divmod(units, n)
        sign = -1 if total < 0 else 1
        return [(sign * (base + (i < extra)) * unit).quantize(unit) for i in range(n)]


def check_rate(
    value: object,
    field: str = "rate",
    *,
    max_monthly_rate: Decimal | int | str = MAX_MONTHLY_RATE,
    percent: bool = False,
    per: str = "month",
    periods_a_month: Decimal | int = 1,
) -> Decimal:
    """``value`` as a non-negative interest rate that is plausible, returned as given.

    regua's convention: a parameter named ``rate`` is a **fraction** per period (``0.0199`` =
    1.99 % a month); one named ``*_percent`` is a **percentage** (``1.99`` = 1.99 %): pass
    ``percent=True`` for those. ``periods_a_month`` converts a rate ``per`` day or year to its
    monthly equivalent (simply: a rate per day times 30); that equivalent must not exceed
    ``max_monthly_rate`` (a fraction; default :data:`MAX_MONTHLY_RATE`, 50 % a month). A rate
    above it is refused as a probable unit mistake, with a hint.

    >>> check_rate("0.0199")
    Decimal('0.0199')
    >>> check_rate("1.99")
    Traceback (most recent call last):
    ...
    regua.errors.InvalidInputError: rate: 1.99 is 199% a month, above the plausible 50% ...
    >>> check_rate("60", "interest_percent", percent=True)
    Traceback (most recent call last):
    ...
    regua.errors.InvalidInputError: interest_percent: 60% a month is above the plausible 50% ...
    """
    number = to_decimal(value, field)
    if number < 0:
        raise InvalidInputError(field, f"must not be negative, got {_quoted(number)}")
    number = number.copy_abs()  # never a negative zero
    bound = _max_monthly_rate(max_monthly_rate)
    with localcontext(_UNBOUNDED):
        monthly = (number.scaleb(-2) if percent else number) * periods_a_month
    if monthly > bound:
        raise InvalidInputError(field, _implausible(number, monthly, bound, percent, per))
    return number


def _max_monthly_rate(value: object) -> Decimal:
    if value is MAX_MONTHLY_RATE:
        return MAX_MONTHLY_RATE
    bound = to_decimal(value, "max_monthly_rate")
    if not 0 <= bound <= _HIGHEST_BOUND:
        raise InvalidInputError(
            "max_monthly_rate",
            f"must be a fraction from 0 to 100 (10,000 % a month), got {_quoted(bound)}",
        )
    return bound


def _implausible(value: Decimal, monthly: Decimal, bound: Decimal, percent: bool, per: str) -> str:
    """Why a rate whose monthly equivalent is above ``bound`` is refused, with a hint when
    a fraction divided by 100 would be plausible (a percentage passed as a fraction)."""
    limit = f"{_quoted(bound.scaleb(2, _SHOWN))}% (max_monthly_rate)"
    in_percent = _quoted(monthly.scaleb(2, _SHOWN))
    if percent:
        given = f"{_quoted(value)}% a {per}"
        text = given if per == "month" else f"{given} ({in_percent}% a month)"
        text += f" is above the plausible {limit}: a *_percent is a percentage (2 = 2 %)"
    else:
        text = (
            f"{_quoted(value)} is {in_percent}% a month"
            if per == "month"
            else (f"{_quoted(value)} a {per} is {in_percent}% a month")
        )
        text += f", above the plausible {limit}: a rate is a fraction (0.02 = 2 %)"
        hundredth = value.scaleb(-2, _SHOWN)
        if monthly.scaleb(-2, _SHOWN) <= bound:
            text += f", did you mean {_quoted(hundredth)}?"
    return f"{text}; raise max_monthly_rate if {in_percent}% a month is meant"


def _quoted(value: Decimal) -> str:
    """``value`` short enough to quote in a message: plain when short, else 10 digits."""
    # Any number as long as the inputs allow is quoted as written (the user searches for it).
    plain = MAX_NUMBER_CHARS
    if value.is_zero() or (-7 < value.adjusted() < plain and len(value.as_tuple().digits) <= plain):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    short = _SHOWN.plus(value).normalize(_SHOWN)
    return f"{short:f}" if -7 < short.adjusted() < 13 else f"{short:G}"


def _validate_amount(value: Any, info: ValidationInfo) -> Decimal:
    field = info.field_name or "amount"
    number = to_decimal(value, field)
    if number < 0:
        raise InvalidInputError(field, f"must not be negative, got {number}")
    # The model's own currency field, else the one its parent passed down in the validation
    # context (a Payment inside a KWD Invoice), else BRL.
    currency = (info.data or {}).get("currency") or (info.context or {}).get("currency")
    currency = currency if isinstance(currency, str) else DEFAULT_CURRENCY
    return check_places(number.copy_abs() if number.is_zero() else number, currency, field)


def _validate_rate(value: Any, info: ValidationInfo) -> Decimal:
    field = info.field_name or "rate"
    return check_rate_bounds(to_decimal(value, field), field)


def check_rate_bounds(number: Decimal, field: str = "rate") -> Decimal:
    """``number`` when it is a rate regua can compute with: not negative, at most ``MAX_RATE``
    and with at most ``MAX_RATE_PLACES`` decimal places (see :mod:`regua.limits`).

    >>> check_rate_bounds(Decimal("0.0199"))
    Decimal('0.0199')
    >>> check_rate_bounds(Decimal("1E-40"))
    Traceback (most recent call last):
    ...
    regua.errors.InvalidInputError: rate: 1E-40 has more than 28 decimal places
    """
    if number < 0:
        raise InvalidInputError(field, f"must not be negative, got {quote(number)}")
    if number > MAX_RATE:
        raise InvalidInputError(field, f"{quote(number)} is above the limit of {MAX_RATE}")
    if _places(number) > MAX_RATE_PLACES:
        raise InvalidInputError(
            field, f"{quote(number)} has more than {MAX_RATE_PLACES} decimal places"
        )
    return number


def validate_currency(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("currency", "must be an ISO 4217 code such as 'BRL'")
    code = value.strip().upper()
    minor_units(code)
    return code


#: Key by which regua's JSON Schema generator (``regua._json_schema``) finds each amount, to
#: limit its decimals to its currency's; the generator removes it.
_AMOUNT_SCHEMA_MARK = "x-regua-amount"
#: Key by which the generator finds each currency code, to list the known codes.
CURRENCY_SCHEMA_MARK = "x-regua-currency"
_NON_NEGATIVE = r"^[0-9]+(\.[0-9]*)?$"

Amount = Annotated[
    Decimal,
    BeforeValidator(_validate_amount),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _NON_NEGATIVE,
            "maxLength": MAX_NUMBER_CHARS,
            "examples": ["1234.50"],
            "description": "a decimal string, at most as many decimals as the currency has",
            _AMOUNT_SCHEMA_MARK: True,
        }
    ),
]
"""A non-negative money amount with no more decimals than its currency allows.

In a model that declares ``currency`` before its amount fields, the places are checked against
that currency; in a model validated with a ``{"currency": ...}`` validation context (how an
``Invoice`` validates its payments) against that one; elsewhere against BRL. ``-0`` becomes
``0``. Floats are accepted only when exact (see :func:`to_decimal`).
"""

Rate = Annotated[
    Decimal,
    BeforeValidator(_validate_rate),
    WithJsonSchema(
        {
            "type": "string",
            # At most MAX_RATE, with at most MAX_RATE_PLACES decimals besides trailing zeros.
            "pattern": (
                rf"^0*(({at_most_pattern(MAX_RATE - 1)})(\.[0-9]{{0,{MAX_RATE_PLACES}}}0*)?"
                rf"|{MAX_RATE}(\.0*)?)$"
            ),
            "maxLength": MAX_NUMBER_CHARS,
            "examples": ["0.0199"],
        }
    ),
]
"""A non-negative exact Decimal, never a noisy float: a rate (a field named ``rate``, a fraction:
``0.0199`` = 1.99 %) or a percentage (a field named ``*_percent``: ``2`` = 2 %). Models that
hold an interest rate also check it against their ``max_monthly_rate`` (see :func:`check_rate`)."""

CurrencyCode = Annotated[
    str,
    AfterValidator(validate_currency),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "examples": ["BRL"],
            CURRENCY_SCHEMA_MARK: True,
        }
    ),
]
"""An ISO 4217 code known to Babel, upper-cased."""

"""Render a template for one action (or a plain mapping) into a :class:`Message`.

Values are formatted by regua for the message locale (see :mod:`regua.templates.formats`), checked
for size, control characters and line separators, and substituted in a single ``string.Template``
pass: a value that contains ``$name`` stays literal text. The text checked is the text substituted:
host values are first copied into plain ``str``/``Decimal``/``int``/``date`` (an Enum member by its
value), and a subject may hold no line break of any kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from babel.core import Locale
from babel.numbers import format_decimal
from pydantic import Field

from regua._inputs import as_model, as_models, as_optional
from regua._result import Result
from regua.boleto import MAX_AMOUNT as MAX_BOLETO_AMOUNT
from regua.errors import InvalidInputError, TemplateError
from regua.jurisdiction.brazil import NOTICE_DAYS
from regua.limits import MAX_CONTEXT_VALUES, MAX_DAYS, quote
from regua.models import Action, Channel, Customer
from regua.money import DEFAULT_CURRENCY
from regua.templates.action_facts import checked_deadline, refuse_restated_facts
from regua.templates.channels import ChannelLimits, SmsInfo, channel_problems, sms_info
from regua.templates.creditor import Creditor
from regua.templates.formats import (
    format_days,
    format_long_date,
    format_money,
    format_short_date,
    normalize_locale,
)
from regua.templates.host_fields import HostField
from regua.templates.lint import Finding, lint
from regua.templates.payment_codes import payment_cautions, payment_codes
from regua.templates.placeholders import HOST_PLACEHOLDERS
from regua.templates.safety import (
    MAX_VALUE_CHARS,
    check_value,
    line_break_in,
    substitute,
    validate_template,
)
from regua.templates.template import Template
from regua.templates.wording import invoice_wording

__all__ = ["DEFAULT_NOTICE_DAYS", "Message", "build_context", "notice_period", "render"]

#: The notice period a message quotes when no schedule set one (the law's minimum).
DEFAULT_NOTICE_DAYS = NOTICE_DAYS
"""Days between a credit-bureau or protest notice and the action (market practice, [S]): the
default of a schedule's ``guardrails.notice_days`` and of a message about an action that carries
no notice period of its own."""

_DEFAULT_LIMITS = ChannelLimits()

# Labels of the payment options block, by language; English is the fallback. A boleto and a Pix
# code pay reais only (the line's currency digit 9, a BR Code's currency 986), and a boleto at
# most boleto.MAX_AMOUNT, so a debt in another currency or above that is asked for with
# "ask_instructions", which offers neither.
_PAYMENT_LABELS: dict[str, dict[str, str]] = {
    "pt": {
        "boleto_line": "Linha digitável do boleto: ",
        "pix_code": "Pix copia e cola: ",
        "payment_link": "Link para pagamento: ",
        "ask": "Fale conosco para receber o boleto, o código Pix ou um link de pagamento",
        "ask_instructions": "Fale conosco para receber um link ou as instruções de pagamento",
    },
    "en": {
        "boleto_line": "Boleto line: ",
        "pix_code": "Pix copy-and-paste code: ",
        "payment_link": "Payment link: ",
        "ask": "Contact us to receive a boleto, a Pix code or a payment link",
        "ask_instructions": "Contact us to receive a payment link or payment instructions",
    },
    "es": {
        "boleto_line": "Línea digitable del boleto: ",
        "pix_code": "Código Pix copia y pega: ",
        "payment_link": "Enlace de pago: ",
        "ask": "Contáctenos para recibir un boleto, un código Pix o un enlace de pago",
        "ask_instructions": "Contáctenos para recibir un enlace o las instrucciones de pago",
    },
}
_PAYMENT_ORDER = ("payment_link", "pix_code", "boleto_line")

# Counts and day numbers are far below it; Python refuses to print ints past 4,300 digits.
_MAX_NUMBER = 10**18
_Plain = str | Decimal | int | date
"""What a host value becomes before regua checks and formats it (see :func:`_plain`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Message(Result):
    """A rendered message, ready for the host to send on ``channel``.

    ``sms`` reports the encoding and segment count when the channel is SMS; ``warnings`` lists
    channel limits the text exceeds (``render(..., on_limit="fail")`` raises instead), then
    where a host's Pix code or boleto line disagrees with the action (another amount, another
    Pix key than the creditor's, reais for an action in another currency) and where the
    creditor's key gets no Pix code because the amount is more than one can carry.
    ``findings`` are what :func:`~regua.templates.lint` finds in the template's text for the
    channel (a missing creditor identification, a threat, shaming…), so a text a user wrote is
    never rendered unlinted without a sign (a host should send none with an ``error`` finding);
    left out of ``to_dict()`` when empty. The
    rendered text is kept exactly, whitespace included. ``to_dict()`` / ``to_json()`` give its
    JSON (what ``regua render --format json`` prints for each action).
    """

    channel: Channel
    locale: str
    subject: str | None
    body: str
    template_id: str | None = None
    sms: SmsInfo | None = None
    warnings: tuple[str, ...] = ()
    findings: Annotated[tuple[Finding, ...], Field(exclude_if=lambda found: not found)] = ()


def _language(locale: str) -> str:
    return Locale.parse(locale).language


def _plain(name: str, value: object) -> _Plain:
    """``value`` as a plain ``str``, ``Decimal``, ``int`` or ``date`` holding the same data.

    An Enum member stands for its value (``Status.PAID`` shows as ``paid``). A subclass is copied
    into its base type, because regua checks and formats the copy and a subclass may override
    what the checks read (``__len__``) or what gets substituted (``__str__``); a ``str`` subclass
    with its own ``__str__`` is refused, since its text and its ``str()`` disagree.
    """
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        raise TemplateError(f"context.{name}", "a boolean has no message text")
    if isinstance(value, str):
        if type(value).__str__ is not str.__str__:
            raise TemplateError(
                f"context.{name}",
                f"{type(value).__name__} is a str whose str() differs from its text; "
                "pass plain str",
            )
        return str.__str__(value)
    if isinstance(value, Decimal):
        return Decimal(value)
    if isinstance(value, int):
        number = int.__int__(value)
        if abs(number) >= _MAX_NUMBER:
            raise TemplateError(
                f"context.{name}",
                "is too large a number to show (the limit is 10**18); pass an identifier as text",
            )
        return number
    if isinstance(value, date):
        return date.fromordinal(date.toordinal(value))
    raise TemplateError(
        f"context.{name}", f"cannot show a {type(value).__name__}; pass str, Decimal, int or date"
    )


def _plain_values(supplied: Mapping[str, object]) -> dict[str, _Plain]:
    if len(supplied) > MAX_CONTEXT_VALUES:
        raise TemplateError(
            "context", f"holds {len(supplied)} values; the limit is {MAX_CONTEXT_VALUES}"
        )
    plain: dict[str, _Plain] = {}
    for key, value in supplied.items():
        if not isinstance(key, str):
            raise TemplateError("context", f"placeholder names are text, got {type(key).__name__}")
        name = str.__str__(key)
        plain[name] = _plain(name, value)
    return plain


def _format_value(name: str, value: _Plain, currency: str, locale: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        try:
            return format_money(value, currency, locale)
        except InvalidInputError as err:
            if err.field != "value":
                raise
            raise TemplateError(f"context.{name}", err.reason) from None
    if isinstance(value, int):
        return format_decimal(value, locale=locale)
    return format_long_date(value, locale)


def _payment_options(values: Mapping[str, str], language: str, codes_pay: bool) -> tuple[str, str]:
    """The ways to pay, full and shortest; without any, the request to get in touch for the
    boleto or Pix code when ``codes_pay`` (a debt in reais a boleto can carry), else for a
    link or instructions."""
    labels = _PAYMENT_LABELS.get(language, _PAYMENT_LABELS["en"])
    lines = [labels[key] + values[key] for key in _PAYMENT_ORDER if values.get(key)]
    if lines:
        # The shortest for SMS and WhatsApp (the first of equals): a 54-digit boleto line
        # before a 150-character Pix code.
        return "\n".join(lines), min(lines, key=len)
    contact = values.get("creditor_contact", "")
    request = labels["ask" if codes_pay else "ask_instructions"]
    ask = f"{request}: {contact}." if contact else f"{request}."
    return ask, ask


def _id_list(ids: tuple[str, ...]) -> str:
    """The ids comma-separated, cut to fit one placeholder value: a consolidated action may cover
    thousands of invoices and must still render, so the ids that do not fit are counted instead
    ("NF-1, NF-2, … (+218)")."""
    text = ", ".join(ids)
    if len(text) <= MAX_VALUE_CHARS:
        return text
    shown: list[str] = []
    size = 0
    for invoice_id in ids:
        room = MAX_VALUE_CHARS - len(f"… (+{len(ids) - len(shown)})")
        if size + len(invoice_id) + 2 > room:
            break
        shown.append(invoice_id)
        size += len(invoice_id) + 2
    return ", ".join([*shown, f"… (+{len(ids) - len(shown)})"])


def _action_values(
    action: Action, locale: str, notice_days: int, customer: Customer | None
) -> dict[str, str]:
    days = action.days_overdue
    deadline = _deadline(action, notice_days, customer)
    # Repeated ids would not be more invoices.
    count = len(dict.fromkeys(action.invoice_ids))
    return invoice_wording(count, locale, overdue=days > 0) | {
        "amount_due": format_money(action.amount_due, action.currency, locale),
        "collection_fee": (
            "" if action.fee is None else format_money(action.fee, action.currency, locale)
        ),
        "due_date": format_long_date(action.due_date, locale),
        "due_date_short": format_short_date(action.due_date, locale),
        "days_overdue": format_decimal(days, locale=locale),
        "days_overdue_text": format_days(max(days, 0), locale),
        "days_until_due_text": format_days(max(-days, 0), locale),
        "invoice_ids": _id_list(action.invoice_ids),
        "deadline": format_long_date(deadline, locale),
    }


def _deadline(action: Action, notice_days: int, customer: Customer | None) -> date:
    """The last day of the notice period: the action's window start plus ``notice_days``."""
    start = action.window_start
    if customer is not None:
        # The notice is sent on the customer's calendar day, not UTC's.
        start = start.astimezone(ZoneInfo(customer.timezone))
    try:
        return start.date() + timedelta(days=notice_days)
    except OverflowError:
        raise InvalidInputError(
            "action.window_start",
            f"{start.date()} plus the {notice_days}-day notice period passes {date.max}, "
            "the last date a message can show",
        ) from None


def _mapping_wording(supplied: Mapping[str, _Plain], locale: str) -> dict[str, str]:
    count = supplied.get("invoice_count")
    # A text count is the host's own wording: shown as given, nothing derived from it.
    if not isinstance(count, int):
        return {}
    if count < 1:
        raise TemplateError("context.invoice_count", f"expected a whole number >= 1, got {count}")
    days = supplied.get("days_overdue")
    overdue = isinstance(days, int) and days > 0
    return invoice_wording(count, locale, overdue=overdue)


def notice_period(data: Action | Mapping[str, object], notice_days: int | None) -> int:
    """The notice period a message about ``data`` quotes: the action's own (the schedule's
    ``guardrails.notice_days``), else ``notice_days``, else :data:`DEFAULT_NOTICE_DAYS`.

    An explicit ``notice_days`` that contradicts the action's is refused: the message would
    announce a deadline the engine does not keep.
    """
    if notice_days is not None and (
        isinstance(notice_days, bool)
        or not isinstance(notice_days, int)
        or not 0 <= notice_days <= MAX_DAYS
    ):
        raise InvalidInputError(
            "notice_days",
            f"expected a whole number of days from 0 to {MAX_DAYS}, got {quote(notice_days)}",
        )
    own = data.notice_days if isinstance(data, Action) else None
    if own is None:
        return DEFAULT_NOTICE_DAYS if notice_days is None else notice_days
    if notice_days is not None and notice_days != own:
        raise InvalidInputError(
            "notice_days",
            f"{notice_days} contradicts the action's notice period of {own} days (its"
            " schedule's guardrails.notice_days); leave notice_days out",
        )
    return own


def build_context(
    data: Action | Mapping[str, object],
    *,
    locale: str,
    customer: Customer | Mapping[str, Any] | None = None,
    creditor: Creditor | Mapping[str, Any] | None = None,
    notice_days: int | None = None,
    host_fields: Iterable[HostField | Mapping[str, Any]] = (),
) -> dict[str, str]:
    """Every placeholder value regua can derive from ``data``, formatted for ``locale``.

    From an :class:`~regua.models.Action`: amounts, dates, day counts and the count-aware invoice
    wording (``$invoices``, ``$amount_of``, ``$due_on``); the deadline is the action's window start
    plus the notice period (:func:`notice_period`: the action's ``notice_days``, which the engine
    sets from the schedule, else ``notice_days``, else 10). ``Action.context`` (the host's values:
    boleto line, Pix code, payment link, ...) is applied last and wins, except over what
    :mod:`regua.templates.action_facts` keeps as computed (refused by name); a context
    ``deadline`` is a date no earlier than the end of the notice period. From a plain mapping: a
    ``Decimal`` is money in the mapping's ``currency`` (default BRL), a ``date`` a long date, an
    ``int`` a number, a ``str`` passes through; an ``int`` ``invoice_count`` also fills the
    invoice wording. An Enum member counts as its value; a ``str`` subclass with its own
    ``__str__`` is refused. Values may break lines with ``\\n`` (or ``\\r\\n``) only: see
    :func:`~regua.templates.safety.check_value`. ``customer`` and ``creditor`` may be the models
    or their mappings. A value named by one of ``host_fields`` (the template's) is read as that
    field's kind and checked against its bounds instead (see :class:`HostField`); an optional
    field with no value is an empty string.
    """
    declared = {field.name: field for field in as_models(host_fields, HostField, "host_fields")}
    customer = as_optional(customer, Customer, "customer")
    creditor = as_optional(creditor, Creditor, "creditor")
    notice_days = notice_period(data, notice_days)
    locale = normalize_locale(locale)
    language = _language(locale)
    values: dict[str, str] = dict.fromkeys(HOST_PLACEHOLDERS, "")
    values["notice_days_text"] = format_days(notice_days, locale)
    if customer is not None:
        values["customer_name"] = customer.name
    if creditor is not None:
        values["creditor_name"] = creditor.name
        values["creditor_document"] = creditor.document_text
        values["creditor_identification"] = creditor.identification
        values["creditor_address"] = creditor.address or ""
        values["creditor_contact"] = creditor.contact or ""
    if isinstance(data, Action):
        values.update(_action_values(data, locale, notice_days, customer))
        supplied = _plain_values(data.context)
        refuse_restated_facts(supplied, creditor_given=creditor is not None)
        if "deadline" in supplied:
            supplied["deadline"] = checked_deadline(
                supplied["deadline"], _deadline(data, notice_days, customer)
            )
        currency = data.currency
    else:
        supplied = _plain_values(data)
        values.update(_mapping_wording(supplied, locale))
        raw_currency = supplied.get("currency", DEFAULT_CURRENCY)
        if not isinstance(raw_currency, str):
            raise TemplateError("context.currency", "must be a currency code such as 'BRL'")
        currency = raw_currency
    for name, field in declared.items():
        if name in supplied:
            values[name] = field.format(supplied[name], currency=currency, locale=locale)
        elif not field.required:
            values[name] = ""
    values.update(
        {k: _format_value(k, v, currency, locale) for k, v in supplied.items() if k not in declared}
    )
    checked = {name: check_value(name, text) for name, text in values.items()}
    # The host's Pix code and boleto line are checked as codes too; a Pix code regua generates
    # for the action is ASCII and at most 512 characters.
    host_codes: dict[str, str] = {
        name: checked[name] for name in ("pix_code", "boleto_line") if name in supplied
    }
    checked.update(payment_codes(data, host_codes, creditor))
    # Values derived from checked ones are as safe as their sources and bounded by them (the
    # payment options hold up to three host values and their labels): checking them again
    # would refuse a valid pix_code under a name the host never set.
    if "customer_name" in checked and "first_name" not in supplied:
        words = checked["customer_name"].split()
        checked["first_name"] = words[0] if words else checked["customer_name"]
    if "payment_options" not in supplied:
        codes_pay = currency == "BRL" and not (
            isinstance(data, Action) and data.amount_due > MAX_BOLETO_AMOUNT
        )
        checked["payment_options"], checked["payment_options_short"] = _payment_options(
            checked, language, codes_pay
        )
    return checked


def _message_locale(
    explicit: str | None, customer: Customer | None, template_locale: str, bare: bool
) -> str:
    if explicit:
        return normalize_locale(explicit)
    if customer is None:
        return template_locale
    # Values follow the customer's regional formats, but never switch the text's language: a
    # Portuguese template keeps Portuguese dates for an English-speaking customer.
    if bare or _language(customer.locale) == _language(template_locale):
        return normalize_locale(customer.locale)
    return template_locale


def render(
    template: Template | Mapping[str, Any] | str,
    data: Action | Mapping[str, object],
    *,
    channel: Channel | str,
    locale: str | None = None,
    customer: Customer | Mapping[str, Any] | None = None,
    creditor: Creditor | Mapping[str, Any] | None = None,
    notice_days: int | None = None,
    on_limit: Literal["warn", "fail"] = "warn",
    limits: ChannelLimits | Mapping[str, Any] = _DEFAULT_LIMITS,
) -> Message:
    """Render ``template`` (a :class:`Template` or bare template text) for ``channel``.

    ``data`` is an :class:`~regua.models.Action` (pass the ``customer`` and the ``creditor`` too)
    or a mapping of placeholder values. Values are formatted for ``locale`` when given; else for
    the customer's locale when it is in the template's language (``pt_PT`` customer, ``pt_BR``
    template); else for the template's locale (bare text counts as pt_BR).
    When the text exceeds a channel limit, ``on_limit="warn"`` records it in ``Message.warnings``
    and ``"fail"`` raises :class:`~regua.errors.TemplateError`. ``notice_days``: see
    :func:`notice_period` (leave it out for an action the engine planned).
    ``template`` (unless text), ``customer``, ``creditor`` and ``limits`` may be the models or
    their mappings; a mapping ``data`` is the placeholder values themselves, so an action reloaded
    from JSON goes through :func:`~regua.templates.render_action`.
    """
    if not isinstance(template, str):
        template = as_model(template, Template, "template")
    customer = as_optional(customer, Customer, "customer")
    creditor = as_optional(creditor, Creditor, "creditor")
    limits = as_model(limits, ChannelLimits, "limits")
    try:
        kind = Channel(channel)
    except ValueError:
        raise InvalidInputError(
            "channel", f"unknown channel {quote(channel)}; known: {', '.join(Channel)}"
        ) from None
    if on_limit not in ("warn", "fail"):
        raise TemplateError("on_limit", f"expected 'warn' or 'fail', got {quote(on_limit)}")
    if isinstance(template, str):
        validate_template(template)
        template_id, subject_text, body_text = None, None, str.__str__(template)
        template_locale = "pt_BR"
    else:
        template_id = template.id
        subject_text, body_text = template.text_for(kind)
        template_locale = template.locale
    chosen = _message_locale(locale, customer, template_locale, isinstance(template, str))
    values = build_context(
        data,
        locale=chosen,
        customer=customer,
        creditor=creditor,
        notice_days=notice_days,
        host_fields=() if isinstance(template, str) else template.host_fields,
    )
    subject = None if subject_text is None else substitute(subject_text, values, "subject")
    broken = None if subject is None else line_break_in(subject)
    if broken is not None:
        # A line break in a subject would let a value inject e-mail headers.
        raise TemplateError("subject", f"a value put a line break ({broken!r}) into the subject")
    body = substitute(body_text, values, "body")
    problems = channel_problems(kind, subject, body, limits)
    if problems and on_limit == "fail":
        raise TemplateError("channel", "; ".join(problems))
    if isinstance(data, Action):
        problems += payment_cautions(data, creditor)
    findings = [
        *([] if subject_text is None else _findings(subject_text, template_locale, False)),
        *_findings(body_text, template_locale, True),
    ]
    return Message(
        channel=kind,
        locale=chosen,
        subject=subject,
        body=body,
        template_id=template_id,
        sms=sms_info(body) if kind is Channel.SMS else None,
        warnings=tuple(problems),
        findings=tuple(findings),
    )


@lru_cache(maxsize=1024)
def _findings(text: str, locale: str, require_identification: bool) -> tuple[Finding, ...]:
    """:func:`~regua.templates.lint` of a template's text, once per distinct text: a host
    renders the same few templates for every action (0.55 ms a lint of a 300-character text)."""
    return tuple(lint(text, locale=locale, require_identification=require_identification))

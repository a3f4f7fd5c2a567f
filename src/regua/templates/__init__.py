"""Collection messages: safe templates, Babel formatting, channel limits and a compliance lint.

>>> from datetime import date
>>> from decimal import Decimal
>>> render("Olá, $customer_name: $amount_due venceu em $due_date.",
...        {"customer_name": "Ana", "amount_due": Decimal("1234.5"), "due_date": date(2026, 3, 5)},
...        channel="email", locale="pt_BR").body
'Olá, Ana: R$\\xa01.234,50 venceu em 5 de março de 2026.'
"""

from regua.templates.builtin import (
    BUILTIN_LOCALES,
    BUILTIN_TEMPLATE_IDS,
    TONES,
    Tone,
    builtin_template,
    default_template_id,
    template_for,
)
from regua.templates.channels import ChannelLimits, SmsInfo, sms_info
from regua.templates.compose import render_action, resolve_template
from regua.templates.creditor import Creditor
from regua.templates.formats import format_days, format_long_date, format_money
from regua.templates.host_fields import HostField, HostFieldKind
from regua.templates.lint import Finding, Severity, lint, lint_template
from regua.templates.placeholders import PLACEHOLDERS
from regua.templates.render import DEFAULT_NOTICE_DAYS, Message, build_context, render
from regua.templates.safety import validate_template
from regua.templates.template import Template

__all__ = [
    "BUILTIN_LOCALES",
    "BUILTIN_TEMPLATE_IDS",
    "DEFAULT_NOTICE_DAYS",
    "PLACEHOLDERS",
    "TONES",
    "ChannelLimits",
    "Creditor",
    "Finding",
    "HostField",
    "HostFieldKind",
    "Message",
    "Severity",
    "SmsInfo",
    "Template",
    "Tone",
    "build_context",
    "builtin_template",
    "default_template_id",
    "format_days",
    "format_long_date",
    "format_money",
    "lint",
    "lint_template",
    "render",
    "render_action",
    "resolve_template",
    "sms_info",
    "template_for",
    "validate_template",
]

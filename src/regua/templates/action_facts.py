"""What a message about an action states as regua computed it, which ``Action.context`` may not
replace.

``Action.context`` carries the host's values for one action: a boleto line, a Pix code, a
payment link, the host's own fields. It may not restate what regua derives from the action, the
customer and the creditor, since a message must say those truthfully: the creditor's name,
document and address (CDC art. 42-A), the debtor's name (the message's personal-use notice
names them, LGPD), the debt (amount, fee, invoices, dates, days overdue: CDC art. 42, 71) and
the notice period before a listing (CDC art. 43 §2). The wording around them (``$invoices``,
``$amount_of``, ``$due_on``: "sua fatura", "no total de") is the host's to change. A host's
fixed ``deadline`` is allowed, as a date no earlier than the end of that notice period: a
message may give more time than the engine keeps, never less.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

from regua.errors import TemplateError

__all__ = ["ACTION_FACTS", "checked_deadline", "refuse_restated_facts"]

ACTION_FACTS: frozenset[str] = frozenset(
    {
        "customer_name",
        "creditor_name",
        "creditor_document",
        "creditor_identification",
        "amount_due",
        "collection_fee",
        "due_date",
        "due_date_short",
        "days_overdue",
        "days_overdue_text",
        "days_until_due_text",
        "invoice_ids",
        "invoice_count",
        "notice_days_text",
    }
)
"""Placeholders regua computes for an action that its ``context`` may not replace."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

#: The creditor's own values, which the context may supply only when no creditor is given.
_CREDITOR_VALUES = frozenset({"creditor_address", "creditor_contact"})


def refuse_restated_facts(supplied: Mapping[str, object], *, creditor_given: bool) -> None:
    """Raise :class:`~regua.errors.TemplateError` naming the first context value that would
    replace one of :data:`ACTION_FACTS` (or a creditor's address or contact)."""
    protected = ACTION_FACTS | (_CREDITOR_VALUES if creditor_given else frozenset())
    restated = sorted(name for name in supplied if name in protected)
    if restated:
        raise TemplateError(
            f"context.{restated[0]}",
            "is computed from the action, the customer and the creditor, and a message must"
            " state it as computed (CDC art. 42, 42-A, 43); give the host's own value another"
            " name (e.g. updated_total) and use it in the template",
        )


def checked_deadline(value: object, notice_ends: date) -> date:
    """A host's fixed ``deadline``: a date (or ``YYYY-MM-DD`` text) on or after ``notice_ends``,
    the last day of the notice period the engine keeps."""
    day = value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise TemplateError("context.deadline", f"{value!r} is not a valid date") from None
    if not isinstance(day, date) or isinstance(day, datetime):
        raise TemplateError("context.deadline", f"must be a date (YYYY-MM-DD), got {value!r}")
    if day < notice_ends:
        raise TemplateError(
            "context.deadline",
            f"{day.isoformat()} is before {notice_ends.isoformat()}, the end of the notice"
            " period: a message may not give less notice than the engine keeps (CDC art. 43 §2)",
        )
    return day

"""The closed set of names a message template may use, and what each one holds."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["HOST_PLACEHOLDERS", "PLACEHOLDERS"]

PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "customer_name": "the customer's name as registered (Customer.name)",
        "first_name": "the first word of the customer's name, for friendly greetings",
        "creditor_name": "the creditor's (supplier's) name, required by CDC art. 42-A",
        "creditor_document": "the creditor's CNPJ or CPF with its label: 'CNPJ 12.345.678/0001-95'",
        "creditor_address": "the creditor's address (empty when the host gave none)",
        "creditor_contact": "how to reach the creditor: phone, e-mail or site (empty when none)",
        "creditor_identification": "name, CNPJ/CPF and address in one line (CDC art. 42-A)",
        "amount_due": "the open balance in the action's currency, formatted for the locale",
        "collection_fee": "the collection fee this action charges (Action.fee), formatted for "
        "the locale; empty when it charges none",
        "due_date": "the due date as a long date: '5 de março de 2026'",
        "due_date_short": "the due date as a short date, for SMS: '05/03/2026'",
        "days_overdue": "days past the due date as a number (negative before the due date)",
        "days_overdue_text": "days past due with the plural word: '1 dia', '12 dias' "
        "(0 before the due date)",
        "days_until_due_text": "days left until the due date: '3 dias' (0 once due)",
        "invoice_ids": "the covered invoices' identifiers, comma-separated",
        "invoice_count": "how many invoices the action covers, as a number: '2'",
        "invoices": "the covered invoices with the count's plural: 'sua fatura', 'suas 2 faturas'",
        "amount_of": "joins $invoices to the amount: 'de' for one invoice, 'no total de' for more",
        "due_on": "introduces the (oldest) due date: 'vencida em', 'a mais antiga vencida em' "
        "('com vencimento em' before it)",
        "boleto_line": "the boleto's linha digitável, when the host supplies it (checked; else "
        "empty)",
        "pix_code": "the Pix copia-e-cola code: the host's (checked), else one for the action's "
        "amount from the creditor's pix_key (else empty)",
        "payment_link": "a payment link, when the host supplies it (else empty)",
        "payment_options": "one line per payment option the host supplied, or how to ask for one",
        "payment_options_short": "the single most compact payment option, for SMS and WhatsApp",
        "deadline": "the last day to pay or contest before a listing or protest, as a long date",
        "notice_days_text": "the notice period before a listing or protest: '10 dias'",
    }
)
"""Every placeholder name a template may use, mapped to what it holds."""

HOST_PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "boleto_line",
        "pix_code",
        "payment_link",
        "creditor_address",
        "creditor_contact",
        "collection_fee",
    }
)
"""Placeholders that render as an empty string when the host supplied no value."""

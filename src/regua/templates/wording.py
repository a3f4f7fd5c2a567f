"""Count-aware words for the invoices an action covers, so one template reads right for 1 or N.

The engine folds every invoice of a customer due at the same step into one action, so a message
may speak of one invoice or of several. Templates have no conditionals; instead regua fills four
placeholders whose wording follows the count (CLDR plural rules, as for day counts) and, for the
due-date connector, whether the (oldest) due date has passed:

>>> words = invoice_wording(2, "pt_BR", overdue=True)
>>> " ".join([words["invoices"], words["amount_of"], "R$ 10,00,", words["due_on"], "5/3"])
'suas 2 faturas no total de R$ 10,00, a mais antiga vencida em 5/3'
>>> words = invoice_wording(1, "pt_BR", overdue=True)
>>> " ".join([words["invoices"], words["amount_of"], "R$ 10,00,", words["due_on"], "5/3"])
'sua fatura de R$ 10,00, vencida em 5/3'
>>> invoice_wording(3, "en", overdue=False)["due_on"], invoice_wording(1, "es", overdue=True)
('the first due on', {'invoice_count': '1', 'invoices': 'su factura', 'amount_of': 'de', ...})
>>> invoice_wording(1000, "es", overdue=True)["invoices"]
'sus 1.000 facturas'

The noun phrase is possessive ("sua fatura", "your invoice", "su factura") because Portuguese
contracts a preposition with an article ("de" + "a fatura" = "da fatura") but not with a
possessive: "o pagamento de $invoices" is correct for any count. Built-in templates never make
``$invoices`` the subject of a verb, whose ending would have to agree with the count.
"""

from __future__ import annotations

from babel.core import Locale
from babel.numbers import format_decimal

__all__ = ["invoice_wording"]

# Per language: the singular form, then the plural form with "{n}" for the formatted count.
# English is the fallback for languages regua ships no pack for, like the payment labels.
_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "pt": {
        "invoices": ("sua fatura", "suas {n} faturas"),
        "amount_of": ("de", "no total de"),
        "due_on_past": ("vencida em", "a mais antiga vencida em"),
        "due_on_future": ("com vencimento em", "a primeira com vencimento em"),
    },
    "en": {
        "invoices": ("your invoice", "your {n} invoices"),
        "amount_of": ("of", "totalling"),
        "due_on_past": ("due on", "the oldest due on"),
        "due_on_future": ("due on", "the first due on"),
    },
    "es": {
        "invoices": ("su factura", "sus {n} facturas"),
        "amount_of": ("de", "por un total de"),
        "due_on_past": ("vencida el", "la más antigua vencida el"),
        "due_on_future": ("con vencimiento el", "la primera con vencimiento el"),
    },
}


def invoice_wording(count: int, locale: str, *, overdue: bool) -> dict[str, str]:
    """``invoice_count``, ``invoices``, ``amount_of`` and ``due_on`` for ``count`` invoices.

    The singular wording is used when CLDR puts ``count`` in the locale's ``one`` category;
    ``overdue`` says whether the (oldest) due date has passed ("vencida em" or "com vencimento
    em"). ``count`` must be at least 1: an action always covers an invoice.
    """
    parsed = Locale.parse(locale)
    words = _WORDS.get(parsed.language, _WORDS["en"])
    number = format_decimal(count, locale=parsed)
    index = 0 if parsed.plural_form(count) == "one" else 1
    due_on = words["due_on_past" if overdue else "due_on_future"]
    return {
        "invoice_count": number,
        "invoices": words["invoices"][index].format(n=number),
        "amount_of": words["amount_of"][index],
        "due_on": due_on[index],
    }

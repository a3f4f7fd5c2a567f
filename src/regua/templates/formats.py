"""Locale-aware formatting of template values with Babel (CLDR data).

Every value a template can show is formatted here, once, for the message locale: money with
Babel's exact spacing (``R$\\xa01.234,50`` in pt_BR: a no-break space), dates as long dates
(``5 de março de 2026``) and day counts with the locale's plural rules (``1 dia`` / ``2 dias``).

>>> format_money(Decimal("1234.5"), "BRL", "pt_BR")
'R$\\xa01.234,50'
>>> format_long_date(date(2026, 3, 5), "pt_BR")
'5 de março de 2026'
>>> format_days(1, "pt_BR"), format_days(2, "en"), format_days(15, "es")
('1 dia', '2 days', '15 días')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from regua.errors import InvalidInputError
from regua.limits import quote
from regua.money import MAX_TOTAL, in_money_context, quantize

__all__ = [
    "format_days",
    "format_document",
    "format_long_date",
    "format_money",
    "format_short_date",
    "normalize_locale",
]

# Babel 2.18 has no Portuguese "duration-day" unit pattern (it prints "2 day"), so the word for
# the languages regua ships packs for is spelled here; the plural category still comes from CLDR.
_DAY_WORDS: dict[str, dict[str, str]] = {
    "pt": {"one": "dia", "other": "dias"},
    "en": {"one": "day", "other": "days"},
    "es": {"one": "día", "other": "días"},
}


def normalize_locale(value: str, field: str = "locale") -> str:
    """``pt-BR`` → ``pt_BR``; an unknown locale is an :class:`InvalidInputError`."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(field, "expected a locale such as 'pt_BR'")
    name = value.strip().replace("-", "_")
    try:
        return str(Locale.parse(name))
    except (ValueError, UnknownLocaleError):
        raise InvalidInputError(field, f"unknown locale {quote(value)}") from None


@in_money_context
def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """``amount`` rounded to ``currency``'s minor unit, in the locale's currency format (in
    regua's decimal context: Babel computes in the current one)."""
    # An action's amount_due is a total of up to MAX_INVOICES_PER_ACTION amounts.
    return format_currency(quantize(amount, currency, limit=MAX_TOTAL), currency, locale=locale)


def format_long_date(value: date, locale: str) -> str:
    """The locale's long date: ``5 de março de 2026``, ``March 5, 2026``."""
    return format_date(value, "long", locale=locale)


def format_short_date(value: date, locale: str) -> str:
    """The locale's short date, for SMS: ``05/03/2026`` in pt_BR."""
    return format_date(value, "short", locale=locale)


def format_days(count: int, locale: str) -> str:
    """A count of days with the plural word CLDR's rules pick for ``locale``.

    CLDR puts 0 and 1 in Portuguese's ``one`` category, so pt_BR says ``0 dia``.
    """
    parsed = Locale.parse(locale)
    words = _DAY_WORDS.get(parsed.language)
    if words is None:
        return format_unit(count, "duration-day", length="long", locale=parsed)
    category = parsed.plural_form(count)
    word = words.get(category, words["other"])
    return f"{format_decimal(count, locale=parsed)} {word}"


def format_document(document: str) -> str:
    """Punctuate a normalized CPF (``529.982.247-25``) or CNPJ (``12.345.678/0001-95``)."""
    if len(document) == 11:
        return f"{document[:3]}.{document[3:6]}.{document[6:9]}-{document[9:]}"
    if len(document) == 14:
        return f"{document[:2]}.{document[2:5]}.{document[5:8]}/{document[8:12]}-{document[12:]}"
    return document

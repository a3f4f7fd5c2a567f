"""Amounts written plainly, recognized on columns.

Validation reads an amount as the models do (:func:`regua.money.to_decimal`, then
:func:`regua.money.check_places` for its currency). Done in Python, that costs microseconds per
distinct amount, and in real billing nearly every amount is distinct: 1,000,000 invoices with
431,568 distinct amounts took 3.5 s more CPU to plan than the same invoices with 8 (commit
``f6fbb05``, one polars thread). :func:`plain` says with column expressions which amounts
those two functions accept as the same number; only the others are read in Python, where
every message about a bad amount is written. ``tests/test_columnar_amounts.py`` holds the two
equal.

An amount is plain when its text (a decimal or integer column arrives as text, with all its
places) is ASCII digits, at most 24 of them before an optional point that has digits after it,
no more decimals than its currency has, and not zero: below ``MAX_AMOUNT`` (1E+26), within
``MAX_NUMBER_CHARS``, positive, and exact in a ``Decimal(38, scale)`` column whose scale is at
least the currency's places.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plain"]

_PLAIN = r"^[0-9]{1,24}(?:\.[0-9]+)?$"


def plain(pl: Any, amount: Any, places: Any) -> Any:
    """Whether the text ``amount`` is a positive amount with at most ``places`` (an integer
    expression: its currency's decimals, null when the currency is unknown) decimal places,
    written as :func:`regua.money.to_decimal` reads it; False where unsure."""
    dot = amount.str.find(".", literal=True)
    decimals = pl.when(dot.is_null()).then(0).otherwise(amount.str.len_bytes() - dot - 1)
    return (
        amount.str.contains(_PLAIN) & amount.str.contains("[1-9]") & (decimals <= places)
    ).fill_null(False)

"""Monetary correction (atualização monetária) from a host-supplied monthly index series.

regua ships no index data: the host passes the monthly variations it trusts (IPCA is the legal
default, CC 389) as percentages keyed by month. The factor over a period is
``F = Π (1 + I_k/100)^(f_k)`` where ``f_k`` is the fraction of month ``k`` inside the period
(days of the month in the period / days in that month), so a whole month counts its full
variation and a partial month counts it pro rata, compounded (BRAZIL_RULES §2 convention [U]).
The period is ``(start, end]``: the start day is excluded, the end day included, as days late
are counted.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field, field_validator

from regua._validation import Frozen, as_date
from regua.errors import InvalidInputError
from regua.limits import MAX_NAME_CHARS, quote
from regua.money import in_money_context, to_decimal

__all__ = ["IndexSeries"]


def _month_key(value: Any) -> date:
    if isinstance(value, str):
        text = value.strip()
        try:
            year, month = (int(part) for part in text.split("-")[:2])
            return date(year, month, 1)
        except ValueError:
            raise InvalidInputError(
                "monthly_percent", f"{quote(value)} is not a month (YYYY-MM)"
            ) from None
    day = as_date(value, "monthly_percent")
    if day.day != 1:
        raise InvalidInputError("monthly_percent", f"{day} is not the first day of a month")
    return day


class IndexSeries(Frozen):
    """Monthly variations of a price index, in percent: ``{"2026-01": "0.16", …}``.

    Keys are months as ``"YYYY-MM"`` strings or first-of-month dates; values are percentages
    (``"0.56"`` = 0.56 % in the month; negative for deflation).

    >>> ipca = IndexSeries(name="IPCA", monthly_percent={"2026-01": "0.16", "2026-02": "0.33",
    ...                                                  "2026-03": "0.56"})
    >>> ipca.factor(date(2025, 12, 31), date(2026, 3, 31))
    Decimal('1.010532749568')
    """

    name: str = Field(default="IPCA", max_length=MAX_NAME_CHARS)
    monthly_percent: dict[date, Decimal] = Field(min_length=1)

    @field_validator("monthly_percent", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> dict[date, Decimal]:
        if not isinstance(value, dict):
            raise InvalidInputError("monthly_percent", "expected a mapping of month → percent")
        parsed: dict[date, Decimal] = {}
        for key, percent in value.items():
            month = _month_key(key)
            number = to_decimal(percent, f"monthly_percent[{month:%Y-%m}]")
            if number <= -100:
                raise InvalidInputError(f"monthly_percent[{month:%Y-%m}]", "must be above -100")
            parsed[month] = number
        return parsed

    @in_money_context
    def factor(self, start: date, end: date) -> Decimal:
        """Correction factor over ``(start, end]``; 1 when ``end <= start``.

        Every month the period touches must be in the series, otherwise
        :class:`~regua.errors.InvalidInputError` names the missing month (regua never guesses an
        unpublished index). The factor is computed in regua's context
        (:data:`~regua.money.MONEY_PRECISION` significant digits, whatever the caller's
        context); callers round the money amount, not the factor.
        """
        first = as_date(start, "start")
        last = as_date(end, "end")
        result = Decimal(1)
        if last <= first:
            return result
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            days_in_month = _cal.monthrange(year, month)[1]
            lo = first.day if (year, month) == (first.year, first.month) else 0
            hi = last.day if (year, month) == (last.year, last.month) else days_in_month
            days = hi - lo
            if days > 0:
                key = date(year, month, 1)
                if key not in self.monthly_percent:
                    raise InvalidInputError(
                        "correction_index", f"{self.name} has no value for {key:%Y-%m}"
                    )
                growth = 1 + self.monthly_percent[key] / 100
                if days == days_in_month:
                    result *= growth
                else:
                    result *= growth ** (Decimal(days) / days_in_month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

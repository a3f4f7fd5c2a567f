"""Shares of a whole to four places (0.0001 = one hundredth of a percent)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["share", "shares"]

_SHARE = Decimal("0.0001")


def share(part: Decimal, whole: Decimal) -> Decimal:
    """``part / whole`` rounded half-up to four places; zero when ``whole`` is zero."""
    return (part / whole).quantize(_SHARE, ROUND_HALF_UP) if whole else _SHARE * 0


def shares(values: Sequence[Decimal | int]) -> list[Decimal]:
    """Each value's share of their sum to four places, the shares summing exactly to 1
    (largest remainders take the last ten-thousandths; earliest first on ties); all zeros
    when the sum is zero.

    >>> [str(s) for s in shares([1, 1, 1])]
    ['0.3334', '0.3333', '0.3333']
    >>> [str(s) for s in shares([0, 0])]
    ['0.0000', '0.0000']
    """
    total = sum((Decimal(v) for v in values), Decimal(0))
    if not total:
        return [_SHARE * 0 for _ in values]
    exact = [Decimal(v) / total for v in values]
    parts = [e.quantize(_SHARE, rounding="ROUND_DOWN") for e in exact]
    missing = int((1 - sum(parts, Decimal(0))) / _SHARE)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:missing]:
        parts[i] += _SHARE
    return parts

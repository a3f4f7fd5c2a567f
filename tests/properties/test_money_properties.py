"""split/allocate invariants: exact sums, fair parts, determinism, for any total and currency."""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from regua.money import allocate, minor_unit, quantize, split, to_decimal

currencies = st.sampled_from(["BRL", "JPY", "KWD", "USD"])
roundings = st.sampled_from([ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_UP])


@st.composite
def totals(draw: st.DrawFn) -> tuple[Decimal, str]:
    currency = draw(currencies)
    units = draw(st.integers(-(10**15), 10**15))
    return Decimal(units) * minor_unit(currency), currency


weights = st.lists(
    st.one_of(
        st.integers(0, 10**6),
        st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False),
    ),
    min_size=1,
    max_size=20,
).filter(lambda ws: any(w != 0 for w in ws))


@settings(max_examples=300)
@given(totals(), st.integers(1, 200))
def test_split_sums_exactly_and_parts_differ_by_at_most_one_unit(
    total_currency: tuple[Decimal, str], n: int
) -> None:
    total, currency = total_currency
    parts = split(total, n, currency=currency)
    unit = minor_unit(currency)
    assert len(parts) == n
    assert sum(parts) == total
    assert max(parts) - min(parts) <= unit
    assert all(p.as_tuple().exponent == unit.as_tuple().exponent for p in parts)
    assert all(p == 0 or (p > 0) == (total > 0) for p in parts)
    assert parts == sorted(parts, key=abs, reverse=True)  # the extra units go first
    assert split(total, n, currency=currency) == parts


@settings(max_examples=300)
@given(totals(), weights, roundings)
def test_allocate_sums_exactly_and_each_part_is_within_one_unit_of_its_share(
    total_currency: tuple[Decimal, str], ws: list[int | Decimal], rounding: str
) -> None:
    total, currency = total_currency
    parts = allocate(total, ws, currency=currency, rounding=rounding)
    unit = Fraction(minor_unit(currency))
    weight_sum = sum(Fraction(w) for w in ws)
    assert len(parts) == len(ws)
    assert sum(parts) == total
    for part, w in zip(parts, ws, strict=True):
        share = Fraction(total) * Fraction(w) / weight_sum
        assert abs(Fraction(part) - share) < unit
        if w == 0:
            assert part == 0
    assert allocate(total, list(ws), currency=currency, rounding=rounding) == parts


@settings(max_examples=300)
@given(totals(), st.integers(1, 50))
def test_allocate_with_equal_weights_agrees_with_split_up_to_order(
    total_currency: tuple[Decimal, str], n: int
) -> None:
    total, currency = total_currency
    assert sorted(allocate(total, [1] * n, currency=currency)) == sorted(
        split(total, n, currency=currency)
    )


@settings(max_examples=500)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_is_accepted_only_when_its_binary_value_is_what_it_prints(value: float) -> None:
    exact = math.isfinite(value) and Fraction(value) == Fraction(repr(value))
    try:
        result = to_decimal(value)
    except ValueError:
        assert not exact
    else:
        assert exact
        assert Fraction(result) == Fraction(value)


@settings(max_examples=300)
@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=6), currencies)
def test_quantize_is_within_half_a_unit_and_idempotent(value: Decimal, currency: str) -> None:
    rounded = quantize(value, currency)
    unit = minor_unit(currency)
    assert abs(rounded - value) <= unit / 2
    assert quantize(rounded, currency) == rounded

"""Calendar arithmetic against a brute-force day-by-day walk, and its algebraic laws."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter
from holidays.countries.brazil import Brazil
from hypothesis import given, settings
from hypothesis import strategies as st

from regua.calendar import BusinessCalendar

BR = BusinessCalendar.brazil()
SP = BusinessCalendar.brazil("SP")
ONE = timedelta(days=1)

dates = st.dates(date(1995, 1, 1), date(2090, 12, 31))
steps = st.integers(-800, 800)


def oracle_business_day(d: date) -> bool:
    """ANBIMA from the holidays package's own national list + Carnival and Corpus Christi."""
    if d.weekday() >= 5 or (d.month, d.day) == (12, 31):
        return False
    sunday = easter(d.year)
    bank = {sunday - timedelta(days=48), sunday - timedelta(days=47), sunday + timedelta(days=60)}
    return d not in bank and d not in Brazil(years=d.year)


@settings(max_examples=300)
@given(dates)
def test_business_day_matches_an_independent_definition(d: date) -> None:
    assert BR.is_business_day(d) == oracle_business_day(d)


def walk(cal: BusinessCalendar, d: date, n: int) -> date:
    step = ONE if n > 0 else -ONE
    for _ in range(abs(n)):
        d += step
        while not cal.is_business_day(d):
            d += step
    return d


@settings(max_examples=300)
@given(dates, st.integers(-60, 60))
def test_add_business_days_equals_walking_one_business_day_at_a_time(d: date, n: int) -> None:
    assert SP.add_business_days(d, n) == walk(SP, d, n)


@settings(max_examples=300)
@given(dates, dates)
def test_business_days_between_counts_the_half_open_interval(a: date, b: date) -> None:
    lo, hi = min(a, b), max(a, b)
    if (hi - lo).days > 2000:
        hi = lo + timedelta(days=2000)
        a, b = (lo, hi) if a <= b else (hi, lo)
    count = sum(1 for k in range(1, (hi - lo).days + 1) if BR.is_business_day(lo + k * ONE))
    assert BR.business_days_between(a, b) == (count if a <= b else -count)


@settings(max_examples=300)
@given(dates, steps)
def test_round_trip_on_business_days(d: date, n: int) -> None:
    start = BR.next_business_day(d)
    assert BR.add_business_days(BR.add_business_days(start, n), -n) == start


@settings(max_examples=300)
@given(dates, steps)
def test_between_inverts_add(d: date, n: int) -> None:
    target = BR.add_business_days(d, n)
    assert BR.is_business_day(target) or n == 0
    if n >= 0 or BR.is_business_day(d):
        assert BR.business_days_between(d, target) == n
    assert (target > d) == (n > 0)
    assert (target < d) == (n < 0)


@settings(max_examples=300)
@given(dates, dates, dates)
def test_between_is_antisymmetric_and_additive(a: date, b: date, c: date) -> None:
    ab, bc, ac = (
        BR.business_days_between(a, b),
        BR.business_days_between(b, c),
        BR.business_days_between(a, c),
    )
    assert ab == -BR.business_days_between(b, a)
    assert ab + bc == ac


@settings(max_examples=300)
@given(dates)
def test_next_and_previous_business_day_are_the_nearest_ones(d: date) -> None:
    nxt, prev = BR.next_business_day(d), BR.previous_business_day(d)
    assert BR.is_business_day(nxt)
    assert BR.is_business_day(prev)
    assert prev <= d <= nxt
    assert (nxt == d) == (prev == d) == BR.is_business_day(d)
    assert all(not BR.is_business_day(prev + k * ONE) for k in range(1, (nxt - prev).days))
    assert BR.add_business_days(d, 1) == BR.next_business_day(d + ONE)
    assert BR.add_business_days(d, -1) == BR.previous_business_day(d - ONE)


@st.composite
def custom_calendars(draw: st.DrawFn) -> tuple[BusinessCalendar, frozenset[date], frozenset[int]]:
    weekend = draw(st.frozensets(st.integers(0, 6), max_size=6))
    closed = draw(st.frozensets(st.dates(date(2008, 1, 1), date(2032, 12, 31)), max_size=300))
    return BusinessCalendar(closed, weekend=weekend), closed, weekend


@settings(max_examples=100)
@given(custom_calendars(), st.dates(date(2005, 1, 1), date(2035, 12, 31)), st.integers(-40, 40))
def test_custom_calendars_across_decade_boundaries(
    built: tuple[BusinessCalendar, frozenset[date], frozenset[int]], d: date, n: int
) -> None:
    cal, closed, weekend = built

    def is_open(day: date) -> bool:
        return day.weekday() not in weekend and day not in closed

    assert cal.is_business_day(d) == is_open(d)
    assert cal.is_holiday(d) == (d in closed)
    expected = d
    step = ONE if n > 0 else -ONE
    for _ in range(abs(n)):
        expected += step
        while not is_open(expected):
            expected += step
    assert cal.add_business_days(d, n) == expected
    rolled = d
    while not is_open(rolled):
        rolled += ONE
    assert cal.next_business_day(d) == rolled

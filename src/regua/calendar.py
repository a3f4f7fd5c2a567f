"""Business days: the banking calendar of a jurisdiction and business-day arithmetic.

:meth:`BusinessCalendar.of_country` builds the banking calendar of a registered jurisdiction
(:mod:`regua.jurisdiction`) from its holiday rule. :meth:`BusinessCalendar.brazil`, the default,
is the calendar Brazilian banks settle on (ANBIMA's): the national holidays
of the ``holidays`` package (Nov 20 from 2024) plus Carnival Monday and Tuesday and Corpus
Christi, with 31 December closed by default (no public banking hours, so a boleto due that day
can be paid on the next business day), optional state holidays and host-supplied municipal dates.
Ash Wednesday is a business day (banks open at noon).

Conventions follow the ``bizdays`` package, the reference for Brazilian business-day math:

- ``business_days_between(a, b)`` counts the business days in ``(a, b]``: it excludes ``a`` and
  includes ``b``, and is negative when ``b < a``;
- ``add_business_days(d, n)`` is the ``n``-th business day after ``d`` (before it when ``n < 0``),
  counted from ``d`` whether or not ``d`` is itself a business day; ``n == 0`` returns ``d``
  unchanged (bizdays' ``offset``). Use :meth:`~BusinessCalendar.next_business_day` to roll a date.

Speed: holidays are computed once per year, lazily, and the calendar keeps a prefix count of
business days over the decades seen so far, so every query is a few list look-ups.

Bounds: a calendar answers for the years ``CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR`` of
:mod:`regua.limits` (1880 to 2259), which hold every date regua accepts or derives; a date outside
them is an :class:`~regua.errors.InvalidInputError` naming the parameter. So what a calendar
caches is bounded (a few MB at most, for all 380 years), and ``BusinessCalendar.of_country``
keeps at most 64 calendars.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, NamedTuple

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from regua._config_model import ConfigModel
from regua._inputs import as_model
from regua._validation import Day, as_date
from regua.errors import InvalidInputError
from regua.jurisdiction import DEFAULT_CODE, Jurisdiction, jurisdiction
from regua.limits import (
    CALENDAR_FIRST_YEAR,
    CALENDAR_LAST_YEAR,
    MAX_BUSINESS_DAYS,
    MAX_EXTRA_HOLIDAYS,
    MAX_NAME_CHARS,
    quote,
)

__all__ = ["BusinessCalendar", "CalendarSpec", "as_calendar"]

_MIN_YEAR = CALENDAR_FIRST_YEAR
_MAX_YEAR = CALENDAR_LAST_YEAR
_CHUNK_YEARS = 10
_JOIN_YEARS = 60
_DEFAULT_HOLIDAY_NAME = "Feriado"


class _Index(NamedTuple):
    """Business days over the covered years ``first_year..last_year``.

    ``before[i]`` = business days in ``[origin, origin + i)``; ``days`` = those days, sorted.
    """

    first_year: int
    last_year: int
    origin: int
    size: int
    flags: bytes
    before: array[int]
    days: list[date]


def _check_int(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(field, f"expected an int, got {type(value).__name__}")
    return value


def _named_dates(values: Iterable[date] | Mapping[date, str], field: str) -> dict[date, str]:
    if isinstance(values, (str, bytes, date)):
        raise InvalidInputError(field, "expected a collection of dates")
    try:
        items: list[tuple[date, object]] = (
            list(itertools.islice(values.items(), MAX_EXTRA_HOLIDAYS + 1))
            if isinstance(values, Mapping)
            else [
                (d, _DEFAULT_HOLIDAY_NAME) for d in itertools.islice(values, MAX_EXTRA_HOLIDAYS + 1)
            ]
        )
    except TypeError:
        raise InvalidInputError(field, "expected a collection of dates") from None
    if len(items) > MAX_EXTRA_HOLIDAYS:
        raise InvalidInputError(field, f"more than {MAX_EXTRA_HOLIDAYS} dates")
    named: dict[date, str] = {}
    for day, name in items:
        checked = as_date(day, field)
        if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_CHARS:
            raise InvalidInputError(
                field, f"the name of {checked} must be a str of 1 to {MAX_NAME_CHARS} characters"
            )
        named[checked] = name
    return named


def _weekend_days(values: Iterable[int]) -> frozenset[int]:
    try:
        days = list(itertools.islice(values, 8))
    except TypeError:
        raise InvalidInputError(
            "weekend", "expected weekday numbers (Monday=0 … Sunday=6)"
        ) from None
    if len(days) > 7:
        raise InvalidInputError("weekend", "lists more than the 7 days of a week")
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise InvalidInputError("weekend", f"{quote(day)} is not a weekday number 0..6")
    if len(set(days)) == 7:
        raise InvalidInputError("weekend", "a week with no working day has no business days")
    return frozenset(days)


def _check_year(day: date, field: str) -> date:
    if not _MIN_YEAR <= day.year <= _MAX_YEAR:
        raise InvalidInputError(
            field, f"{day} is outside the years {_MIN_YEAR} to {_MAX_YEAR} that calendars cover"
        )
    return day


def _merge(names: dict[date, str], day: date, name: str) -> None:
    current = names.get(day)
    if current is None:
        names[day] = name
    elif name not in current.split("; "):
        names[day] = f"{current}; {name}"


def _banking_year(
    where: Jurisdiction, year: int, state: str | None, dec_31_closed: bool, dec_24_closed: bool
) -> dict[date, str]:
    """Banking holidays of one year (the jurisdiction's :class:`~regua.jurisdiction.HolidayRule`,
    :func:`regua.jurisdiction.brazil.bank_holidays` for Brazil), merged."""
    names: dict[date, str] = {}
    for pair in where.bank_holidays(
        year, state, dec_31_closed=dec_31_closed, dec_24_closed=dec_24_closed
    ):
        # The host's rule: what it gives would otherwise fail deep inside date arithmetic.
        if (
            not isinstance(pair, tuple)
            or len(pair) != 2
            or type(pair[0]) is not date
            or not isinstance(pair[1], str)
        ):
            raise InvalidInputError(
                "jurisdiction.bank_holidays",
                f"{where.code}'s holiday rule must give (day, name) pairs, got {pair!r:.80}"
                f" for {year}",
            )
        _merge(names, *pair)
    return names


class BusinessCalendar:
    """Which days are business days, and arithmetic over them.

    ``holidays`` may be a collection of dates or a mapping of date to holiday name; ``weekend``
    lists the weekday numbers that are never business days (Monday=0 … Sunday=6). Instances are
    immutable and safe to share between threads.

    >>> from datetime import date
    >>> cal = BusinessCalendar([date(2026, 1, 1)], name="example")
    >>> cal.is_business_day(date(2026, 1, 1)), cal.is_business_day(date(2026, 1, 2))
    (False, True)
    >>> cal.add_business_days(date(2026, 1, 2), 1)  # Friday + 1 = Monday
    datetime.date(2026, 1, 5)
    """

    __slots__ = ("_explicit", "_index", "_name", "_recipe", "_weekend", "_yearly", "_years")

    _explicit: dict[date, str]
    _index: _Index | None
    _name: str
    _weekend: frozenset[int]
    _recipe: tuple[str, str | None, tuple[tuple[date, str], ...], bool, bool] | None
    _yearly: Callable[[int], dict[date, str]] | None
    _years: dict[int, dict[date, str]]

    def __init__(
        self,
        holidays: Iterable[date] | Mapping[date, str] = (),
        *,
        weekend: Iterable[int] = (5, 6),
        name: str = "custom",
    ) -> None:
        if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_CHARS:
            raise InvalidInputError("name", f"must be a str of 1 to {MAX_NAME_CHARS} characters")
        self._name = name
        self._explicit = _named_dates(holidays, "holidays")
        self._weekend = _weekend_days(weekend)
        self._yearly = None
        self._recipe = None
        self._years = {}
        self._index = None

    @classmethod
    def brazil(
        cls,
        state: str | None = None,
        extra_holidays: Iterable[date] | Mapping[date, str] = (),
        *,
        dec_31_closed: bool = True,
        dec_24_closed: bool = False,
    ) -> BusinessCalendar:
        """The Brazilian banking calendar; equal arguments return the same (cached) object.

        ``state`` is a UF code (``"SP"`` adds 9 July); ``extra_holidays`` are the municipal
        holidays of the place of payment, which no package knows. The same as
        ``BusinessCalendar.of_country("BR", ...)``.

        >>> from datetime import date
        >>> cal = BusinessCalendar.brazil()
        >>> cal.holiday_name(date(2026, 2, 16))
        'Carnaval'
        >>> cal.add_business_days(date(2026, 2, 13), 5)
        datetime.date(2026, 2, 24)
        >>> BusinessCalendar.brazil() is cal is BusinessCalendar.of_country("BR")
        True
        """
        return cls.of_country(
            DEFAULT_CODE,
            state,
            extra_holidays,
            dec_31_closed=dec_31_closed,
            dec_24_closed=dec_24_closed,
        )

    @classmethod
    def of_country(
        cls,
        country: str,
        state: str | None = None,
        extra_holidays: Iterable[date] | Mapping[date, str] = (),
        *,
        dec_31_closed: bool = True,
        dec_24_closed: bool = False,
    ) -> BusinessCalendar:
        """The banking calendar of the jurisdiction registered as ``country``
        (:mod:`regua.jurisdiction`); equal arguments return the same (cached) object.

        ``state`` is one of the jurisdiction's state codes (its regional holidays are added);
        ``extra_holidays`` are the municipal holidays of the place of payment.
        """
        where = jurisdiction(country)
        if state is not None:
            if not isinstance(state, str):
                raise InvalidInputError("state", f"{quote(state)} is not a {where.state_name}")
            try:
                state = where.state_code(state.strip())
            except ValueError as error:
                raise InvalidInputError("state", str(error)) from None
        for flag, value in (("dec_31_closed", dec_31_closed), ("dec_24_closed", dec_24_closed)):
            if not isinstance(value, bool):
                raise InvalidInputError(flag, f"expected a bool, got {type(value).__name__}")
        extras = _named_dates(extra_holidays, "extra_holidays")
        return _cached_calendar(
            where, state, tuple(sorted(extras.items())), dec_31_closed, dec_24_closed
        )

    @property
    def name(self) -> str:
        """A label for explanations and reports, e.g. ``"BR-SP"``."""
        return self._name

    def __repr__(self) -> str:
        return f"BusinessCalendar(name={self._name!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle the recipe, not the caches (a host may ship a calendar to worker processes);
        # a country's calendar unpickles to the cached instance of its process (which must
        # have registered the same jurisdiction).
        if self._recipe is not None:
            return (_from_recipe, self._recipe)
        return (_custom, (self._explicit, tuple(sorted(self._weekend)), self._name))

    def holidays_in(self, year: int) -> dict[date, str]:
        """The holidays of ``year`` (weekends included), sorted by date.

        >>> from datetime import date
        >>> len(BusinessCalendar.brazil().holidays_in(2026))
        14
        """
        year = _check_int(year, "year")
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            raise InvalidInputError("year", f"must be between {_MIN_YEAR} and {_MAX_YEAR}")
        return dict(sorted(self._holidays_of_year(year).items()))

    def is_holiday(self, d: date) -> bool:
        """True when ``d`` is a holiday of this calendar (a weekend day may be one too)."""
        day = _check_year(d if type(d) is date else as_date(d, "d"), "d")
        return day in self._holidays_of_year(day.year)

    def holiday_name(self, d: date) -> str | None:
        """The holiday's name (``"; "``-joined when several fall on ``d``), or None."""
        day = _check_year(d if type(d) is date else as_date(d, "d"), "d")
        return self._holidays_of_year(day.year).get(day)

    def is_business_day(self, d: date) -> bool:
        """True when ``d`` is neither a weekend day nor a holiday."""
        day = d if type(d) is date else as_date(d, "d")
        ordinal = day.toordinal()
        index = self._index
        if index is None or not 0 <= ordinal - index.origin < index.size:
            index = self._cover(ordinal, ordinal)
        return index.flags[ordinal - index.origin] == 1

    def next_business_day(self, d: date) -> date:
        """``d`` itself when it is a business day, else the first business day after it."""
        day = d if type(d) is date else as_date(d, "d")
        index = self._index
        if index is not None:
            i = day.toordinal() - index.origin
            if 0 <= i < index.size:
                if index.flags[i]:
                    return day
                k = index.before[i]
                if k < len(index.days):
                    return index.days[k]
        return self._offset(day, 1, roll=True)

    def previous_business_day(self, d: date) -> date:
        """``d`` itself when it is a business day, else the last business day before it."""
        day = d if type(d) is date else as_date(d, "d")
        index = self._index
        if index is not None:
            i = day.toordinal() - index.origin
            if 0 <= i < index.size:
                if index.flags[i]:
                    return day
                k = index.before[i]
                if k > 0:
                    return index.days[k - 1]
        return self._offset(day, -1, roll=True)

    def add_business_days(self, d: date, n: int) -> date:
        """The ``n``-th business day after ``d`` (before it when ``n < 0``); ``d`` when ``n == 0``.

        ``d`` need not be a business day: Saturday + 1 is Monday and Saturday - 1 is Friday.
        """
        day = d if type(d) is date else as_date(d, "d")
        steps = n if type(n) is int else _check_int(n, "n")
        if steps == 0:
            return day
        if not -MAX_BUSINESS_DAYS <= steps <= MAX_BUSINESS_DAYS:
            raise InvalidInputError(
                "n", f"{quote(steps)} is more than {MAX_BUSINESS_DAYS} business days away"
            )
        index = self._index
        if index is not None:
            i = day.toordinal() - index.origin
            if 0 <= i < index.size:
                k = index.before[i + 1] + steps - 1 if steps > 0 else index.before[i] + steps
                if 0 <= k < len(index.days):
                    return index.days[k]
        return self._offset(day, steps, roll=False)

    def business_days_between(self, a: date, b: date) -> int:
        """Business days in ``(a, b]`` (excludes ``a``, includes ``b``); negative when ``b < a``."""
        first = a if type(a) is date else as_date(a, "a")
        last = b if type(b) is date else as_date(b, "b")
        lo, hi = first.toordinal(), last.toordinal()
        index = self._index
        if index is None or not (
            0 <= lo - index.origin < index.size and 0 <= hi - index.origin < index.size
        ):
            _check_year(first, "a")
            index = self._cover(min(lo, hi), max(lo, hi), "b")
        before = index.before
        return before[hi - index.origin + 1] - before[lo - index.origin + 1]

    def _offset(self, day: date, n: int, *, roll: bool) -> date:
        """Shared body of next/previous/add: position ``n`` business days away in ``days``.

        With ``roll`` a business ``day`` counts as step one, so ``n = ±1`` rolls to itself.
        """
        field = "d" if roll else "n"
        ordinal = day.toordinal()
        index = self._index
        if index is None or not 0 <= ordinal - index.origin < index.size:
            index = self._cover(ordinal, ordinal)
        while True:
            i = ordinal - index.origin
            if n > 0:
                # business days up to and including day (excluding it when rolling)
                k = index.before[i if roll else i + 1] + n - 1
                if k < len(index.days):
                    return index.days[k]
                shortfall = k - len(index.days) + 1
                index = self._grow(index, field, forward=True, business_days=shortfall)
            else:
                k = index.before[i + 1 if roll else i] + n
                if k >= 0:
                    return index.days[k]
                index = self._grow(index, field, forward=False, business_days=-k)

    def _holidays_of_year(self, year: int) -> dict[date, str]:
        names = self._years.get(year)
        if names is None:
            # Only years in range reach here (callers check), so the cache has a bounded size.
            names = self._yearly(year) if self._yearly is not None else {}
            for day, name in self._explicit.items():
                if day.year == year:
                    _merge(names, day, name)
            self._years[year] = names
        return names

    def _grow(self, index: _Index, field: str, *, forward: bool, business_days: int) -> _Index:
        # A year has at least (7 - len(weekend)) * 52 weekdays minus its holidays; grow in
        # whole chunks, generously, and let the caller retry until it finds its day.
        years = max(_CHUNK_YEARS, business_days // 150 + 1)
        if forward:
            if index.last_year >= _MAX_YEAR:
                raise InvalidInputError(field, "the result is after the last representable date")
            return self._build(index.first_year, min(_MAX_YEAR, index.last_year + years))
        if index.first_year <= _MIN_YEAR:
            raise InvalidInputError(field, "the result is before the first representable date")
        return self._build(max(_MIN_YEAR, index.first_year - years), index.last_year)

    def _cover(self, lo: int, hi: int, field: str = "d") -> _Index:
        _check_year(date.fromordinal(lo), field)
        _check_year(date.fromordinal(hi), field)
        first = (date.fromordinal(lo).year // _CHUNK_YEARS) * _CHUNK_YEARS
        last = first + _CHUNK_YEARS - 1
        last = max(last, (date.fromordinal(hi).year // _CHUNK_YEARS) * _CHUNK_YEARS + 9)
        index = self._index
        if index is not None:
            wider = min(first, index.first_year), max(last, index.last_year)
            # Far from what is covered, start afresh: joining 2026 and 2199 would compute the
            # holidays of every year between. Holidays stay cached per year, so moving back is
            # only the day loop of _build.
            if wider[1] - wider[0] < _JOIN_YEARS:
                first, last = wider
        return self._build(max(_MIN_YEAR, first), min(_MAX_YEAR, last))

    def _build(self, first_year: int, last_year: int) -> _Index:
        origin = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal() + 1
        closed = {
            day.toordinal()
            for year in range(first_year, last_year + 1)
            for day in self._holidays_of_year(year)
        }
        weekend = self._weekend
        flags = bytearray(end - origin)
        before = array("q", [0]) * (end - origin + 1)
        days: list[date] = []
        count = 0
        weekday = date.fromordinal(origin).weekday()
        for i, ordinal in enumerate(range(origin, end)):
            if weekday not in weekend and ordinal not in closed:
                flags[i] = 1
                days.append(date.fromordinal(ordinal))
                count += 1
            before[i + 1] = count
            weekday = 0 if weekday == 6 else weekday + 1
        index = _Index(first_year, last_year, origin, end - origin, bytes(flags), before, days)
        # One attribute assignment publishes the whole index atomically to other threads.
        self._index = index
        return index


@lru_cache(maxsize=64)
def _cached_calendar(
    where: Jurisdiction,
    state: str | None,
    extras: tuple[tuple[date, str], ...],
    dec_31_closed: bool,
    dec_24_closed: bool,
) -> BusinessCalendar:
    # Keyed by the jurisdiction itself (compared by identity), not its code: a code registered
    # again after unregister() gets its own calendars.
    label = where.code if state is None else f"{where.code}-{state}"
    if extras:
        label += f"+{len(extras)}"
    calendar = BusinessCalendar(dict(extras), name=label)
    calendar._yearly = lambda year: _banking_year(where, year, state, dec_31_closed, dec_24_closed)
    calendar._recipe = (where.code, state, extras, dec_31_closed, dec_24_closed)
    return calendar


def _from_recipe(
    country: str,
    state: str | None,
    extras: tuple[tuple[date, str], ...],
    dec_31_closed: bool,
    dec_24_closed: bool,
) -> BusinessCalendar:
    return _cached_calendar(jurisdiction(country), state, extras, dec_31_closed, dec_24_closed)


def _custom(holidays: dict[date, str], weekend: tuple[int, ...], name: str) -> BusinessCalendar:
    return BusinessCalendar(holidays, weekend=weekend, name=name)


def _no_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        raise ValueError("expected a date, got a datetime")
    return value


def _registered(value: str) -> str:
    try:
        return jurisdiction(value).code
    except InvalidInputError as error:
        raise ValueError(error.reason) from None


_Country = Annotated[
    str,
    AfterValidator(_registered),
    WithJsonSchema(
        {"type": "string", "pattern": "^[A-Z]{2}$", "default": DEFAULT_CODE, "examples": ["BR"]}
    ),
]


class CalendarSpec(ConfigModel):
    """A business calendar as configuration data (what a ``Schedule`` embeds).

    ``country`` names the schedule's jurisdiction (:mod:`regua.jurisdiction`: ``"BR"``, or a
    country the host registered), whose banking calendar, contact hours and legal defaults the
    schedule follows; ``state`` is one of its state codes.

    >>> spec = CalendarSpec.model_validate({"state": "SP", "extra_holidays": ["2026-01-25"]})
    >>> cal = spec.build()
    >>> cal.name, cal.holiday_name(date(2026, 7, 9))
    ('BR-SP+1', 'Revolução Constitucionalista')
    >>> CalendarSpec(state="sp").build() is CalendarSpec(state="SP").build()
    True
    >>> spec.jurisdiction.name
    'Brazil'
    """

    country: _Country = DEFAULT_CODE
    state: Annotated[str, Field(max_length=2)] | None = None
    extra_holidays: tuple[Annotated[Day, BeforeValidator(_no_datetime)], ...] = Field(
        default=(), max_length=MAX_EXTRA_HOLIDAYS
    )
    dec_31_closed: StrictBool = True
    dec_24_closed: StrictBool = False

    @field_validator("state")
    @classmethod
    def _state_of_the_country(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if value is None or country is None:  # a bad country is reported on its own
            return value
        return jurisdiction(country).state_code(value)

    @property
    def jurisdiction(self) -> Jurisdiction:
        """The jurisdiction ``country`` names."""
        return jurisdiction(self.country)

    def build(self) -> BusinessCalendar:
        """The calendar this spec describes; equal specs give the same cached object."""
        return BusinessCalendar.of_country(
            self.country,
            self.state,
            self.extra_holidays,
            dec_31_closed=self.dec_31_closed,
            dec_24_closed=self.dec_24_closed,
        )


def as_calendar(
    value: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None, param: str = "calendar"
) -> BusinessCalendar | None:
    """A ``calendar`` parameter as a :class:`BusinessCalendar`: the calendar itself, or its
    configuration (a :class:`CalendarSpec` or its mapping, as a schedule's ``calendar`` key is
    written) built into one; ``None`` stays ``None``.

    >>> as_calendar({"state": "SP"}) is BusinessCalendar.brazil("SP")
    True
    """
    if value is None or isinstance(value, BusinessCalendar):
        return value
    if isinstance(value, CalendarSpec | Mapping):
        return as_model(value, CalendarSpec, param).build()
    raise InvalidInputError(
        param,
        f"expected a BusinessCalendar, a CalendarSpec or its mapping, got {type(value).__name__}",
    )

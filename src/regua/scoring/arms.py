"""Champion/challenger: how the customers under each schedule (arm) paid, with intervals.

The host records which arm each customer was under (``arms``: customer id -> arm name) and
passes the invoices and the contact history of the test. For each arm:

- **recovery rate**: of the balances that fell overdue in ``[start, end]`` (as in
  :func:`~regua.scoring.recovery_rate`), the share received by ``as_of``;
- **cure rate**: of the arm's debtors (customers with such a balance), the share with nothing
  past due at the end of ``as_of``;
- **contacts per real recovered**: the arm's contact records dated ``start`` to ``as_of``, over
  the money recovered; **cost by channel**: those records per channel times the unit cost passed
  in ``costs`` (a record without a channel, a back-office action, is channel ``"none"``).

Intervals (``confidence``, 95 % by default) are computed, not resampled, so they are
deterministic:

- a cure rate is a proportion of debtors: the **Wilson score interval**; the difference of two
  arms' cure rates: **Newcombe's hybrid score interval** (Newcombe 1998, method 10);
- a recovery rate is a ratio of two sums over debtors (what they paid over what they owed), and
  debtors differ in size: the **delta-method (linearization) interval of a ratio estimator**,
  clustered by debtor (variance ``Σ (y_i − R·x_i)² / X² · n/(n−1)``, as in survey sampling); the
  difference of two arms: the normal interval with the two variances added.

The verdict is on the recovery rate, the money: a winner is named only when the interval of the
difference excludes zero and each arm has at least :data:`MIN_DEBTORS` debtors. Intervals of a
rate are clipped to [0, 1], of a difference to [-1, 1]. A test's 200 seeded repetitions check
that the 95 % interval of the difference covers the true one at least 90 % of the time, and that
equal arms get a winner in at most 10 % of them (``tests/test_scoring_arms.py``). Customers
not in ``arms`` are outside the test and ignored.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

from regua._inputs import as_models, many
from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.limits import MAX_NAME_CHARS
from regua.models import ContactRecord, Invoice
from regua.models.invoice import paid_by
from regua.money import DEFAULT_CURRENCY, in_money_context, minor_unit, to_decimal
from regua.scoring._shares import share
from regua.scoring._states import invoice_list, table

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "MIN_DEBTORS",
    "ArmComparison",
    "compare_arms",
    "newcombe_interval",
    "wilson_interval",
]

_RATE = Decimal("0.0001")
MIN_DEBTORS = 30
"""Fewest debtors an arm needs before the verdict names a winner: below it the normal
approximations behind the intervals are not to be trusted, and the verdict says so."""
_NO_CHANNEL = "none"
_ARM_COLUMNS = {
    "arm": "str",
    "debtors": "int",
    "amount_overdue": "money",
    "amount_recovered": "money",
    "recovery_rate": "share",
    "recovery_low": "share",
    "recovery_high": "share",
    "cured": "int",
    "cure_rate": "share",
    "cure_low": "share",
    "cure_high": "share",
    "contacts": "int",
    "contacts_per_real": "share",
    "cost": "money",
    "cost_per_real": "share",
}
_COST_COLUMNS = {
    "arm": "str",
    "channel": "str",
    "contacts": "int",
    "unit_cost": "money",
    "cost": "money",
}
_DIFF_COLUMNS = {
    "challenger": "str",
    "metric": "str",
    "difference": "share",
    "low": "share",
    "high": "share",
}


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion; ``(0.0, 1.0)`` when there is no trial.

    Newcombe (1998, *Statistics in Medicine* 17:857) gives 0.2553 to 0.3662 for 81 of 263:

    >>> [round(x, 4) for x in wilson_interval(81, 263)]
    [0.2553, 0.3662]
    """
    if trials == 0:
        return 0.0, 1.0
    z = _z(confidence)
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z / (1 + z * z / trials) * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials**2))
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_interval(
    successes_a: int, trials_a: int, successes_b: int, trials_b: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval of ``p_b - p_a`` from the two Wilson intervals.

    Newcombe (1998, *Statistics in Medicine* 17:873, method 10) gives 0.0524 to 0.3339 for
    56/70 - 48/80:

    >>> [round(x, 4) for x in newcombe_interval(48, 80, 56, 70)]
    [0.0524, 0.3339]
    """
    p_a = successes_a / trials_a if trials_a else 0.0
    p_b = successes_b / trials_b if trials_b else 0.0
    low_a, high_a = wilson_interval(successes_a, trials_a, confidence)
    low_b, high_b = wilson_interval(successes_b, trials_b, confidence)
    d = p_b - p_a
    return (
        d - math.sqrt((p_b - low_b) ** 2 + (high_a - p_a) ** 2),
        d + math.sqrt((high_b - p_b) ** 2 + (p_a - low_a) ** 2),
    )


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


@dataclass(frozen=True, eq=False)
class ArmComparison:
    """What :func:`compare_arms` found: per-arm ``arms``, per-arm-and-channel ``costs``, the
    ``differences`` of each challenger from the champion, and the plain ``verdict``."""

    champion: str
    confidence: float
    arms: pl.DataFrame
    costs: pl.DataFrame
    differences: pl.DataFrame
    verdict: str
    method: str = field(repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArmComparison):
            return NotImplemented
        return (self.champion, self.confidence, self.verdict) == (
            other.champion,
            other.confidence,
            other.verdict,
        ) and all(
            mine.equals(theirs)
            for mine, theirs in (
                (self.arms, other.arms),
                (self.costs, other.costs),
                (self.differences, other.differences),
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def _repr_html_(self) -> str:
        parts = [f"<p><strong>{html.escape(self.verdict)}</strong></p>"]
        for frame in (self.arms, self.differences, self.costs):
            parts.append(_frame_html(frame))
        parts.append(f"<p><small>{html.escape(self.method)}</small></p>")
        return "\n".join(parts)


def _frame_html(frame: pl.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.iter_rows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


class _Arm:
    __slots__ = ("contacts", "late_at_end", "owed", "paid")

    def __init__(self) -> None:
        self.owed: dict[str, Decimal] = {}  # per debtor: what fell overdue
        self.paid: dict[str, Decimal] = {}  # per debtor: what was recovered of it
        self.late_at_end: set[str] = set()
        self.contacts: dict[str, int] = {}


@in_money_context
def compare_arms(
    invoices: Iterable[Invoice | Mapping[str, Any]] | Any,
    *,
    arms: Mapping[str, str],
    champion: str,
    start: date,
    end: date,
    as_of: date,
    history: Iterable[ContactRecord | Mapping[str, Any]] = (),
    costs: Mapping[str, Decimal | str | int] | None = None,
    confidence: float = 0.95,
) -> ArmComparison:
    """Recovery rate, cure rate, contacts and cost per arm, the differences of each challenger
    from ``champion`` with their intervals, and a verdict line.

    ``costs`` maps each channel (``"sms"``, ``"phone"``…; ``"none"`` for back-office actions)
    to the cost of one contact; every channel in the history needs one when it is passed. With
    no ``costs`` the cost columns are zero.

    >>> from datetime import date
    >>> from regua.samples import SAMPLE_AS_OF, sample_invoices
    >>> arms = {f"c{n:02d}": "A" if n % 2 else "B" for n in range(1, 13)}
    >>> result = compare_arms(sample_invoices(), arms=arms, champion="A",
    ...                       start=date(2025, 10, 1), end=date(2026, 2, 28), as_of=SAMPLE_AS_OF)
    >>> result.verdict
    'too few debtors to tell (fewer than 30 in an arm): challenger B recovers 63.3 pp more than
     champion A, 95 % CI 8.4 to 100.0'
    >>> result.arms.select("arm", "debtors", "recovery_rate", "cured", "cure_rate").rows()
    [('A', 3, Decimal('0.2343'), 0, Decimal('0.0000')), ('B', 5, Decimal('0.8671'), 2,
      Decimal('0.4000'))]
    """
    first, last, day = as_date(start, "start"), as_date(end, "end"), as_date(as_of)
    if last < first:
        raise InvalidInputError("end", "must not be before start")
    if day < last:
        raise InvalidInputError("as_of", "must not be before end")
    if isinstance(confidence, bool) or not isinstance(confidence, float | int):
        raise InvalidInputError("confidence", "expected a number between 0 and 1")
    if not 0.5 <= confidence < 1:
        raise InvalidInputError("confidence", f"must be from 0.5 to below 1, got {confidence}")
    groups = _arm_map(arms, champion)
    unit_costs = _costs(costs)
    portfolio = invoice_list(invoices)
    by_arm = {name: _Arm() for name in sorted(set(groups.values()))}
    for invoice in portfolio:
        name = groups.get(invoice.customer_id)
        if name is None:
            continue
        arm, customer, due = by_arm[name], invoice.customer_id, invoice.due_date
        amount, payments = invoice.amount, invoice.payments
        if due < day and amount - paid_by(amount, payments, day) > 0:
            arm.late_at_end.add(customer)
        if not first <= due + timedelta(days=1) <= last:
            continue
        at_due = amount - paid_by(amount, payments, due)
        if at_due <= 0:
            continue
        arm.owed[customer] = arm.owed.get(customer, Decimal(0)) + at_due
        got = min(at_due, paid_by(amount, payments, day) - (amount - at_due))
        arm.paid[customer] = arm.paid.get(customer, Decimal(0)) + got
    for i, record in enumerate(as_models(history, ContactRecord, "history")):
        name = groups.get(record.customer_id)
        if name is None or not first <= record.at.date() <= day:
            continue
        channel = _NO_CHANNEL if record.channel is None else record.channel.value
        if unit_costs is not None and channel not in unit_costs:
            raise InvalidInputError("costs", f"no cost for channel {channel!r} (history[{i}])")
        counts = by_arm[name].contacts
        counts[channel] = counts.get(channel, 0) + 1
    unit = minor_unit(portfolio[0].currency if portfolio else DEFAULT_CURRENCY)
    return _compare(by_arm, champion, confidence, unit_costs or {}, unit)


def _arm_map(arms: Mapping[str, str], champion: str) -> dict[str, str]:
    if not isinstance(arms, Mapping):
        raise InvalidInputError("arms", "expected a mapping of customer id to arm name")
    out = {}
    for customer, name in arms.items():
        if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_CHARS:
            raise InvalidInputError(
                f"arms[{customer!r}]", f"an arm name is a str of 1 to {MAX_NAME_CHARS} characters"
            )
        out[str(customer)] = name
    names = set(out.values())
    if champion not in names:
        raise InvalidInputError("champion", f"{champion!r} is not an arm of arms")
    if len(names) < 2:
        raise InvalidInputError("arms", "a comparison needs at least two arms")
    return out


def _costs(costs: Mapping[str, Decimal | str | int] | None) -> dict[str, Decimal] | None:
    if costs is None:
        return None
    if not isinstance(costs, Mapping):
        raise InvalidInputError("costs", "expected a mapping of channel to the cost of a contact")
    out = {}
    for channel, value in many(costs.items(), "channel costs", "costs"):
        amount = to_decimal(value, f"costs[{channel!r}]")
        if amount < 0:
            raise InvalidInputError(f"costs[{channel!r}]", "a cost must not be negative")
        out[str(channel)] = amount
    return out


def _ratio(arm: _Arm) -> tuple[float, float]:
    """The recovery rate and the delta-method variance of the ratio estimator."""
    owed = [float(v) for v in arm.owed.values()]
    paid = [float(arm.paid[c]) for c in arm.owed]
    n, total = len(owed), sum(owed)
    if n == 0 or total == 0:
        return 0.0, 0.0
    rate = sum(paid) / total
    if n == 1:
        return rate, 0.0
    residuals = sum((y - rate * x) ** 2 for x, y in zip(owed, paid, strict=True))
    return rate, residuals / total**2 * n / (n - 1)


def _d(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(_RATE, ROUND_HALF_UP)


def _compare(
    by_arm: dict[str, _Arm],
    champion: str,
    confidence: float,
    unit_costs: dict[str, Decimal],
    unit: Decimal,
) -> ArmComparison:
    z = _z(confidence)
    rows, cost_rows, diff_rows = [], [], []
    stats: dict[str, tuple[float, float, int, int]] = {}
    for name, arm in by_arm.items():
        owed = sum(arm.owed.values(), Decimal(0))
        paid = sum(arm.paid.values(), Decimal(0))
        rate, variance = _ratio(arm)
        debtors = len(arm.owed)
        cured = sum(1 for c in arm.owed if c not in arm.late_at_end)
        stats[name] = (rate, variance, cured, debtors)
        half = z * math.sqrt(variance)
        cure_low, cure_high = wilson_interval(cured, debtors, confidence)
        contacts = sum(arm.contacts.values())
        cost = Decimal(0)
        for channel, count in sorted(arm.contacts.items()):
            each = unit_costs.get(channel, Decimal(0))
            cost += each * count
            cost_rows.append(
                {
                    "arm": name,
                    "channel": channel,
                    "contacts": count,
                    "unit_cost": each.quantize(unit),
                    "cost": (each * count).quantize(unit),
                }
            )
        rows.append(
            {
                "arm": name,
                "debtors": debtors,
                "amount_overdue": owed.quantize(unit),
                "amount_recovered": paid.quantize(unit),
                "recovery_rate": share(paid, owed),
                "recovery_low": _d(max(0.0, rate - half)),
                "recovery_high": _d(min(1.0, rate + half)) if debtors else _d(1.0),
                "cured": cured,
                "cure_rate": share(Decimal(cured), Decimal(debtors)),
                "cure_low": _d(cure_low),
                "cure_high": _d(cure_high),
                "contacts": contacts,
                "contacts_per_real": (Decimal(contacts) / paid).quantize(_RATE, ROUND_HALF_UP)
                if paid
                else None,
                "cost": cost.quantize(unit),
                "cost_per_real": (cost / paid).quantize(_RATE, ROUND_HALF_UP) if paid else None,
            }
        )
    base_rate, base_var, base_cured, base_debtors = stats[champion]
    verdicts = []
    for name, (rate, variance, cured, debtors) in stats.items():
        if name == champion:
            continue
        d = rate - base_rate
        half = z * math.sqrt(variance + base_var)
        low, high = max(-1.0, d - half), min(1.0, d + half)
        diff_rows.append(
            {"challenger": name, "metric": "recovery_rate", "difference": _d(d), "low": _d(low),
             "high": _d(high)}
        )  # fmt: skip
        c_low, c_high = newcombe_interval(base_cured, base_debtors, cured, debtors, confidence)
        cure_d = (cured / debtors if debtors else 0.0) - (
            base_cured / base_debtors if base_debtors else 0.0
        )
        diff_rows.append(
            {"challenger": name, "metric": "cure_rate", "difference": _d(cure_d),
             "low": _d(c_low), "high": _d(c_high)}
        )  # fmt: skip
        few = min(debtors, base_debtors) < MIN_DEBTORS
        verdicts.append(_verdict(name, champion, d, (low, high), confidence, few))
    return ArmComparison(
        champion=champion,
        confidence=confidence,
        arms=table(rows, _ARM_COLUMNS),
        costs=table(cost_rows, _COST_COLUMNS),
        differences=table(diff_rows, _DIFF_COLUMNS),
        verdict="; ".join(verdicts),
        method=(
            "recovery rate: delta-method interval of a ratio estimator, clustered by debtor; "
            "cure rate: Wilson score interval, difference by Newcombe's hybrid score method"
        ),
    )


def _verdict(
    name: str, champion: str, d: float, ci: tuple[float, float], level: float, few: bool
) -> str:
    def pp(x: float) -> str:
        return f"{Decimal(repr(x * 100)).quantize(Decimal('0.1'), ROUND_HALF_UP)}"

    low, high = ci
    more = "more" if d >= 0 else "less"
    interval = f"{_percent(level)} % CI {pp(low)} to {pp(high)}"
    # An arm named for its role is named once: "challenger", not "challenger challenger".
    challenger = name if name == "challenger" else f"challenger {name}"
    held = champion if champion == "champion" else f"champion {champion}"
    said = f"{challenger} recovers {pp(abs(d))} pp {more} than {held}, {interval}"
    if few:
        return f"too few debtors to tell (fewer than {MIN_DEBTORS} in an arm): {said}"
    if low > 0:
        return f"{challenger} wins: {said}"
    if high < 0:
        return f"{held} holds: {said}"
    return f"no clear difference: {said}"


def _percent(level: float) -> str:
    return f"{level * 100:g}"

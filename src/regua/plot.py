"""matplotlib views of regua's tables (``pip install regua[plot]``).

Each function draws one view on ``ax`` (a new figure's axes when omitted) and returns the axes,
like seaborn: titles, axis labels with their units and legends are set, and the caller keeps
control of the figure (size, layout, saving). Money and shares on the axes, and dates, follow
``locale`` through Babel: with ``locale="pt_BR"`` an axis reads ``R$ 1.500`` and ``15/03``.
Values are converted to floats only to be drawn; the tables keep their exact decimals.

The views take what the analyses return: :func:`aging_bars` an aging table, :func:`delinquency`
the indicators, :func:`roll_rate_heatmap` a roll-rate table, :func:`recovery_curves` the curves,
:func:`contact_load` the simulated load, :func:`profile_mix` a profile table (with the default
rate per profile when known) and :func:`arms` a champion/challenger comparison.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_currency_symbol

from regua.errors import InvalidInputError, MissingExtraError
from regua.money import DEFAULT_CURRENCY
from regua.templates.formats import normalize_locale

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from regua.scoring import AgingTable, ArmComparison, ProfileTable

__all__ = [
    "aging_bars",
    "arms",
    "contact_load",
    "delinquency",
    "profile_mix",
    "recovery_curves",
    "roll_rate_heatmap",
]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingExtraError(
            "matplotlib is required for regua.plot: pip install regua[plot]"
        ) from None
    return plt


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    _, created = _pyplot().subplots()
    return created  # type: ignore[no-any-return]


def _money_axis(axis: Any, currency: str, locale: str) -> None:
    from matplotlib.ticker import FuncFormatter

    symbol = get_currency_symbol(currency, locale=locale)
    axis.set_major_formatter(
        FuncFormatter(lambda x, _: f"{symbol} {format_decimal(round(x), locale=locale)}")
    )


def _share_axis(axis: Any, locale: str) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda x, _: format_percent(x, locale=locale)))


def _frame(table: Any, param: str, columns: Sequence[str]) -> Any:
    """A polars DataFrame of ``table`` (a polars or pandas frame, or regua ``Rows``)."""
    from regua._extras import require

    pl = require("polars", "plot")
    if hasattr(table, "to_polars") and not isinstance(table, pl.DataFrame):
        table = table.to_polars()
    elif type(table).__module__.split(".", 1)[0] == "pandas":
        table = pl.from_pandas(table)
    if not isinstance(table, pl.DataFrame):
        raise InvalidInputError(param, f"expected a table, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InvalidInputError(param, f"missing columns {missing}")
    return table


def _floats(values: Sequence[Any]) -> list[float]:
    return [float(v) if v is not None else float("nan") for v in values]


def aging_bars(
    table: AgingTable | Any,
    *,
    ax: Axes | None = None,
    currency: str = DEFAULT_CURRENCY,
    locale: str = "en",
) -> Axes:
    """The open balance per aging bucket, as bars labelled with their share."""
    loc = normalize_locale(locale)
    df = _frame(table, "table", ("bucket", "balance", "share"))
    ax = _axes(ax)
    buckets = df["bucket"].to_list()
    bars = ax.bar(buckets, _floats(df["balance"].to_list()), color="#3b75af")
    ax.bar_label(bars, labels=[format_percent(float(s), locale=loc) for s in df["share"]])
    ax.set_title("Open balance by days past due")
    ax.set_xlabel("days past due (bucket)")
    ax.set_ylabel(f"open balance ({get_currency_symbol(currency, locale=loc)})")
    _money_axis(ax.yaxis, currency, loc)
    return ax


def _date_axis(
    ax: Axes, days: Sequence[date], locale: str, pattern: str, *, every: bool = True
) -> None:
    from matplotlib.dates import AutoDateLocator, date2num, num2date
    from matplotlib.ticker import FixedLocator, FuncFormatter

    if every and len(days) <= 8:
        ticks = [float(date2num(d)) for d in days]  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
    else:
        ax.xaxis.set_major_locator(AutoDateLocator(maxticks=8))  # type: ignore[no-untyped-call]

    def label(x: float, _: object) -> str:
        day = num2date(x).date()  # type: ignore[no-untyped-call]
        return format_date(day, pattern, locale=locale)

    ax.xaxis.set_major_formatter(FuncFormatter(label))
    ax.tick_params(axis="x", labelrotation=45)


def delinquency(indicators: Any, *, ax: Axes | None = None, locale: str = "en") -> Axes:
    """The share of the receivables past due, and the recovery index, at the end of each
    period of :func:`~regua.scoring.collection_indicators`."""
    loc = normalize_locale(locale)
    df = _frame(indicators, "indicators", ("end", "overdue_share", "recovery_index"))
    ax = _axes(ax)
    ends = df["end"].to_list()
    ax.plot(ends, _floats(df["overdue_share"].to_list()), marker="o", label="overdue share")
    ax.plot(ends, _floats(df["recovery_index"].to_list()), marker="s", label="recovery index")
    _date_axis(ax, ends, loc, "MMM yyyy")
    ax.set_title("Delinquency over time")
    ax.set_xlabel("end of period")
    ax.set_ylabel("share (%)")
    _share_axis(ax.yaxis, loc)
    ax.legend()
    return ax


def roll_rate_heatmap(
    table: Any, *, ax: Axes | None = None, value: str = "balance_share", locale: str = "en"
) -> Axes:
    """The roll-rate matrix of one period: states at the start (rows) against states at the
    end (columns), each cell shaded and labelled with its share of the row."""
    loc = normalize_locale(locale)
    if value not in ("balance_share", "invoice_share"):
        raise InvalidInputError("value", "must be 'balance_share' or 'invoice_share'")
    df = _frame(table, "table", ("start", "end", "from", "to", value))
    if df["start"].n_unique() > 1:
        raise InvalidInputError("table", "one period at a time: filter the series by start")
    rows = list(dict.fromkeys(df["from"].to_list()))
    columns = list(dict.fromkeys(df["to"].to_list()))
    cell = {(r["from"], r["to"]): float(r[value]) for r in df.iter_rows(named=True)}
    grid = [[cell.get((r, c), 0.0) for c in columns] for r in rows]
    ax = _axes(ax)
    image = ax.imshow(grid, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(columns)), columns, rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    for i, line in enumerate(grid):
        for j, share in enumerate(line):
            if share:
                ax.text(j, i, format_percent(share, locale=loc), ha="center", va="center",
                        color="white" if share > 0.6 else "black", fontsize=8)  # fmt: skip
    first, last = df["start"][0], df["end"][0]
    what = "balance" if value == "balance_share" else "invoices"
    ax.set_title(
        f"Roll rates of the {what}, {format_date(first, 'medium', locale=loc)} to "
        f"{format_date(last, 'medium', locale=loc)}"
    )
    ax.set_xlabel("state at the end (bucket, days past due)")
    ax.set_ylabel("state at the start (bucket)")
    colorbar = ax.figure.colorbar(image, ax=ax)
    colorbar.set_label(f"share of the row's {what} (%)")
    _share_axis(colorbar.ax.yaxis, loc)
    return ax


def recovery_curves(curves: Any, *, ax: Axes | None = None, locale: str = "en") -> Axes:
    """One line per group: the cumulative share recovered by days since due (points with no
    invoice behind them are left out)."""
    loc = normalize_locale(locale)
    df = _frame(curves, "curves", ("group", "day", "invoices", "recovered_share"))
    ax = _axes(ax)
    for group in list(dict.fromkeys(df["group"].to_list())):
        part = df.filter((df["group"] == group) & (df["invoices"] > 0))
        behind = part["invoices"][0] if part.height else 0
        ax.plot(part["day"].to_list(), _floats(part["recovered_share"].to_list()), marker="o",
                label=f"{group} ({behind} invoices)")  # fmt: skip
    ax.set_title("Recovery curves by group (invoices behind the first point)")
    ax.set_xlabel("days since due")
    ax.set_ylabel("share of the overdue amount recovered (%)")
    ax.set_ylim(0, 1.05)
    _share_axis(ax.yaxis, loc)
    ax.legend(title="group")
    return ax


def contact_load(
    load: Any, *, schedule: str | None = None, ax: Axes | None = None, locale: str = "en"
) -> Axes:
    """One schedule's simulated actions per day, stacked by channel (``schedule`` defaults to
    the first in the table); escalations are counted in the title."""
    loc = normalize_locale(locale)
    df = _frame(load, "load", ("schedule", "day", "channel", "escalation", "actions"))
    names = list(dict.fromkeys(df["schedule"].to_list()))
    name = schedule if schedule is not None else (names[0] if names else "")
    if names and name not in names:
        raise InvalidInputError("schedule", f"{name!r} is not in the table")
    part = df.filter(df["schedule"] == name)
    days = sorted(set(part["day"].to_list()))
    channels = sorted(set(part["channel"].to_list()))
    ax = _axes(ax)
    bottom = [0.0] * len(days)
    for channel in channels:
        counts: dict[date, int] = {}
        for r in part.filter(part["channel"] == channel).iter_rows(named=True):
            counts[r["day"]] = counts.get(r["day"], 0) + r["actions"]
        heights = [float(counts.get(d, 0)) for d in days]
        ax.bar(days, heights, bottom=bottom, label=channel, color=_channel_color(channel))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    escalations = int(part.filter(part["escalation"])["actions"].sum()) if part.height else 0
    _date_axis(ax, days, loc, "dd/MM" if loc.startswith("pt") else "MMM d", every=False)
    ax.set_title(f"Simulated contact load: {name} ({escalations} escalations)")
    ax.set_xlabel("day")
    ax.set_ylabel("actions (count)")
    ax.legend(title="channel")
    return ax


def _channel_color(channel: str) -> str:
    """The same colour for a channel in every chart (tab10, in the order of ``Channel``)."""
    from regua.models import Channel

    names = [c.value for c in Channel] + ["none"]
    palette = ["#1f77b4", "#2ca02c", "#17becf", "#d62728", "#9467bd", "#8c564b", "#7f7f7f"]
    return palette[names.index(channel) % len(palette)] if channel in names else "#bcbd22"


def profile_mix(
    profiles: ProfileTable | Any,
    *,
    default_rates: Mapping[str, Decimal | float] | None = None,
    ax: Axes | None = None,
    locale: str = "en",
) -> Axes:
    """Customers per profile as bars; with ``default_rates`` (profile -> rate, e.g. measured
    on the following month) the rate per profile as a line on a second axis."""
    loc = normalize_locale(locale)
    if hasattr(profiles, "mix"):
        rows = [(r.profile.value, r.customers) for r in profiles.mix()]
    else:
        df = _frame(profiles, "profiles", ("profile", "customers"))
        rows = [(str(p), int(n)) for p, n in df.select("profile", "customers").rows()]
    ax = _axes(ax)
    labels = [p for p, _ in rows]
    bars = ax.bar(labels, [n for _, n in rows], color="#3b75af", label="customers")
    ax.bar_label(bars, labels=[format_decimal(n, locale=loc) for _, n in rows])
    ax.set_title("Profile mix" + (" and default rate" if default_rates else ""))
    ax.set_xlabel("profile")
    ax.set_ylabel("customers (count)")
    handles: list[Any] = [bars]
    if default_rates:
        twin = ax.twinx()
        (line,) = twin.plot(labels, [float(default_rates.get(p, float("nan"))) for p in labels],
                            color="#c0392b", marker="o", label="default rate")  # fmt: skip
        twin.set_ylabel("default rate (%)")
        twin.set_ylim(0, 1)
        _share_axis(twin.yaxis, loc)
        handles.append(line)
    ax.legend(handles=handles, loc="upper center")
    return ax


def arms(comparison: ArmComparison, *, ax: Axes | None = None, locale: str = "en") -> Axes:
    """Each arm's recovery and cure rates with their intervals (error bars); the verdict as
    the subtitle."""
    loc = normalize_locale(locale)
    df = _frame(getattr(comparison, "arms", None), "comparison",
                ("arm", "recovery_rate", "recovery_low", "recovery_high", "cure_rate",
                 "cure_low", "cure_high"))  # fmt: skip
    ax = _axes(ax)
    names = df["arm"].to_list()
    width = 0.35
    for k, (metric, label) in enumerate((("recovery", "recovery rate"), ("cure", "cure rate"))):
        rate = _floats(df[f"{metric}_rate"].to_list())
        low = _floats(df[f"{metric}_low"].to_list())
        high = _floats(df[f"{metric}_high"].to_list())
        positions = [i + (k - 0.5) * width for i in range(len(names))]
        ax.bar(positions, rate, width, label=label,
               yerr=[[r - lo for r, lo in zip(rate, low, strict=True)],
                     [h - r for r, h in zip(rate, high, strict=True)]], capsize=4)  # fmt: skip
    ax.set_xticks(range(len(names)), names)
    level = format_percent(comparison.confidence, locale=loc)
    verdict = "\n".join(textwrap.wrap(comparison.verdict, 80))
    ax.set_title(f"Champion/challenger ({level} intervals)\n{verdict}", fontsize=9)
    ax.set_xlabel("arm")
    ax.set_ylabel("rate (%)")
    ax.set_ylim(0, 1.05)
    _share_axis(ax.yaxis, loc)
    ax.legend()
    return ax

"""regua.plot: every view returns the axes it drew on, with a title, labelled axes (units in
the label) and a legend where there are several series; pt_BR formats the axes."""

from __future__ import annotations

import sys
from datetime import date

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from regua import plot  # noqa: E402
from regua.errors import (  # noqa: E402
    InvalidInputError,
    MissingExtraError,
)
from regua.samples import (  # noqa: E402
    SAMPLE_AS_OF,
    sample_customers,
    sample_invoices,
    sample_schedule,
)
from regua.scoring import (  # noqa: E402
    aging,
    classify_portfolio,
    collection_indicators,
    compare_arms,
    contact_load,
    recovery_curves,
    roll_rates,
)

INVOICES = sample_invoices()


@pytest.fixture(autouse=True)
def _close() -> object:
    yield
    plt.close("all")


def labelled(ax: object) -> None:
    assert ax.get_title()  # type: ignore[attr-defined]
    assert ax.get_xlabel()  # type: ignore[attr-defined]
    assert "(" in ax.get_ylabel()  # type: ignore[attr-defined]  # a unit


def tick_texts(ax: object) -> list[str]:
    figure = ax.figure  # type: ignore[attr-defined]
    figure.canvas.draw()
    return [t.get_text() for t in ax.get_yticklabels()]  # type: ignore[attr-defined]


def test_aging_bars_in_reais_for_pt_br() -> None:
    _, ax = plt.subplots()
    assert plot.aging_bars(aging(INVOICES, as_of=SAMPLE_AS_OF), ax=ax, locale="pt_BR") is ax
    labelled(ax)
    assert any(t.startswith("R$") for t in tick_texts(ax))
    assert ax.get_ylabel() == "open balance (R$)"
    assert len(ax.patches) == 7


def test_every_view_is_labelled() -> None:
    by_profile = classify_portfolio(INVOICES, as_of=SAMPLE_AS_OF)
    base = sample_schedule()
    lean = base.model_copy(update={"steps": base.steps[:2], "name": "lean"})
    arms = {c.id: "A" if n % 2 else "B" for n, c in enumerate(sample_customers())}
    views = [
        plot.delinquency(collection_indicators(
            INVOICES, dates=[date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28)])),
        plot.roll_rate_heatmap(roll_rates(INVOICES, start=date(2026, 1, 31),
                                          end=date(2026, 2, 28))),
        plot.recovery_curves(recovery_curves(INVOICES, as_of=SAMPLE_AS_OF,
                                             by=by_profile.profiles())),
        plot.contact_load(contact_load({"padrao": base, "lean": lean}, sample_customers(),
                                       INVOICES, start=SAMPLE_AS_OF, end=date(2026, 3, 31))),
        plot.profile_mix(by_profile, default_rates={"good": 0.1, "recurring": 0.6}),
        plot.arms(compare_arms(INVOICES, arms=arms, champion="A", start=date(2025, 10, 1),
                               end=date(2026, 2, 28), as_of=SAMPLE_AS_OF)),
    ]  # fmt: skip
    for ax in views:
        labelled(ax)
    legends = [ax.get_legend() for ax in views]
    assert all(legend is not None for i, legend in enumerate(legends) if i != 1)
    assert [t.get_text() for t in legends[3].get_texts()] == [
        "email",
        "letter",
        "none",
        "phone",
        "sms",
        "whatsapp",
    ]
    assert "escalations" in views[3].get_title()


def test_pt_br_shares_and_dates() -> None:
    ax = plot.delinquency(
        collection_indicators(INVOICES, dates=[date(2026, 1, 31), date(2026, 2, 28)]),
        locale="pt_BR",
    )
    assert any(t.endswith("%") for t in tick_texts(ax))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["fev. 2026"]


def test_pandas_tables_are_accepted_and_wrong_ones_refused() -> None:
    pytest.importorskip("pandas")
    rr = roll_rates(INVOICES, start=date(2026, 1, 31), end=date(2026, 2, 28))
    plot.roll_rate_heatmap(rr.to_pandas())
    with pytest.raises(InvalidInputError) as caught:
        plot.recovery_curves(rr)
    assert caught.value.field == "curves"
    with pytest.raises(InvalidInputError):
        plot.roll_rate_heatmap(rr, value="balance")


def test_a_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingExtraError, match=r"regua\[plot\]"):
        plot.aging_bars(aging(INVOICES, as_of=SAMPLE_AS_OF))

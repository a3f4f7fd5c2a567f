"""The UCI figures of docs/preventing-delinquency.md are what the benchmark computes.

The data set is not shipped with regua: the full check runs when the CSV is next to the
repository (``../shared/data/``, or one level further up for a git worktree) and is skipped
otherwise. The conversion and the table layout are also checked on a few made-up rows, always.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "preventing-delinquency.md"
NAME = "uci_credit_card_clients.csv"
CANDIDATES = (
    ROOT.parent / "shared" / "data" / NAME,
    ROOT.parent.parent / "shared" / "data" / NAME,
)


def _benchmark(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # The script imports its sibling uci_profiles, as it does when run from benchmarks/.
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    monkeypatch.delitem(sys.modules, "uci_profiles", raising=False)
    spec = importlib.util.spec_from_file_location(
        "regua_bench_uci_credit_policy", ROOT / "benchmarks" / "uci_credit_policy.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first: its dataclasses look their module up while they are being made.
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


HEADER = (
    '"ID","LIMIT_BAL","SEX","EDUCATION","MARRIAGE","AGE","PAY_0","PAY_2","PAY_3","PAY_4",'
    '"PAY_5","PAY_6","BILL_AMT1","BILL_AMT2","BILL_AMT3","BILL_AMT4","BILL_AMT5","BILL_AMT6",'
    '"PAY_AMT1","PAY_AMT2","PAY_AMT3","PAY_AMT4","PAY_AMT5","PAY_AMT6",'
    '"DEFAULT_PAYMENT_NEXT_MONTH"'
)


def _row(client: int, pay: list[int], bill: str, defaulted: int) -> str:
    # PAY_0 (September) first, as in the file; bills and payments other than BILL_AMT1 unused.
    return ",".join(
        [
            str(client),
            "1e+05",
            "2",
            "2",
            "1",
            "30",
            *map(str, pay),
            bill,
            *["0"] * 11,
            str(defaulted),
        ]
    )


def test_conversion_and_counts_on_made_up_rows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bench = _benchmark(monkeypatch)
    path = tmp_path / NAME
    rows = [
        _row(1, [-1, -1, -1, -1, -1, -1], "5000", 0),  # always on time: good
        _row(2, [0, 0, 0, 0, 0, 0], "3000", 1),  # status 0 is not late: good, defaulted
        _row(3, [0, 0, 2, 0, 0, 0], "2000", 1),  # July paid in September: one_off
        _row(4, [2, 2, 0, 0, 0, 0], "1e+04", 1),  # August still open, 46 days: overdue
        _row(5, [1, -1, -1, -1, -1, -1], "-200", 0),  # September open 15 days: one_off
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    summary = bench.summarize(path)
    counts = {row.rule: (row.clients, row.defaults) for row in summary.rows}
    assert counts == {
        "good": (2, 1),
        "one_off": (2, 1),
        "occasional": (0, 0),
        "recurring": (0, 0),
        "overdue": (1, 1),
    }
    assert (summary.restricted, summary.restricted_defaults) == (3, 2)
    # Defaulted exposure: 3000 + 2000 + 10000; covered by the restrictions: 2000 + 10000.
    assert (summary.defaulted_exposure, summary.covered_exposure) == (15_000, 12_000)
    assert bench.table(summary).splitlines() == [
        "| rule | clients | share | defaults | default rate |",
        "|---|---:|---:|---:|---:|",
        "| good | 2 | 40.0 % | 1 | 50.0 % |",
        "| one_off | 2 | 40.0 % | 1 | 50.0 % |",
        "| occasional | 0 | 0.0 % | 0 | - |",
        "| recurring | 0 | 0.0 % | 0 | - |",
        "| overdue | 1 | 20.0 % | 1 | 100.0 % |",
        "",
        "| | clients | share | default rate |",
        "|---|---:|---:|---:|",
        "| restricted | 3 | 60.0 % | 66.7 % |",
        "| unrestricted | 2 | 40.0 % | 50.0 % |",
        "",
        "Restricted clients defaulted 1.33 times as often as the others (16.7 points",
        "more); the restrictions covered 80.0 % of October's defaulted exposure",
        "(12,000 of 15,000 NT$ of last bills).",
    ]


def _data() -> Path:
    for path in CANDIDATES:
        if path.is_file():
            return path
    pytest.skip(f"{NAME} not found next to the repository (looked in {CANDIDATES})")


def test_the_docs_show_what_the_benchmark_computes(monkeypatch: pytest.MonkeyPatch) -> None:
    path = _data()
    bench = _benchmark(monkeypatch)
    summary = bench.summarize(path)
    assert summary.clients == 30_000
    table = bench.table(summary)
    assert table in DOCS.read_text(encoding="utf-8")
    # What the docs claim: restricted clients default clearly more often.
    assert summary.restricted_rate >= 3 * summary.unrestricted_rate

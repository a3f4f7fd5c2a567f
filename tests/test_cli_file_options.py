"""A file option, or any option of one value, given twice is refused (exit 2): argparse's last
one quietly won, so ``--customers a.csv --customers b.csv`` planned b.csv alone, where a part
may come from one place only, and ``--as-of`` twice planned the second day."""

from __future__ import annotations

from pathlib import Path

import pytest

from regua.cli import main

# Every option naming a file, per command; each is checked by the parser, before any file is
# opened (none of these files exists).
_FILE_OPTIONS = {
    "plan": (
        "out",
        "schedule",
        "portfolio",
        "customers",
        "invoices",
        "history",
        "agreements",
        "promises",
        "profiles",
    ),
    "explain": ("out", "schedule", "portfolio", "customers", "invoices", "history", "profiles"),
    "simulate": ("out", "schedule", "events", "payments", "customers", "promises"),
    "render": ("out", "creditor", "customers", "schedule"),
    "schema": ("out",),
    "example": ("out",),
    "demo": ("out",),
}
_CASES = [(command, option) for command, options in _FILE_OPTIONS.items() for option in options]


@pytest.mark.parametrize(("command", "option"), _CASES)
def test_a_file_option_given_twice_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    option: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # before the fix, `--out a --out b` wrote b
    argv = [command, f"--{option}", "first.json", f"--{option}", "second.json"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"regua {command}: error: argument --{option}: given twice (first.json and second.json):"
        f" give it once (see 'regua {command} --help')\n"
    )
    assert list(tmp_path.iterdir()) == []


# Every option holding one value, per command, with two values of its kind: the last one
# quietly won (a plan for the 6th where the 5th was meant first).
_VALUE_OPTIONS = [
    ("plan", "as-of", "2026-03-05", "2026-03-06"),
    ("explain", "as-of", "2026-03-05", "2026-03-06"),
    ("explain", "customer", "c01", "c02"),
    ("explain", "format", "text", "json"),
    ("simulate", "start", "2026-03-05", "2026-03-06"),
    ("simulate", "end", "2026-03-05", "2026-03-06"),
    ("simulate", "outcome", "delivered", "failed"),
    ("simulate", "format", "text", "json"),
    ("render", "tone", "firm", "friendly"),
    ("render", "format", "text", "json"),
]


@pytest.mark.parametrize(("command", "option", "first", "second"), _VALUE_OPTIONS)
def test_a_value_option_given_twice_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    option: str,
    first: str,
    second: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([command, f"--{option}", first, f"--{option}", second]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"regua {command}: error: argument --{option}: given twice (")
    assert f" and {second}): give it once (see 'regua {command} --help')\n" in err
    assert list(tmp_path.iterdir()) == []

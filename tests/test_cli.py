"""The command line: the demo is deterministic and shows the sample portfolio."""

from __future__ import annotations

import json

import pytest

from regua.__main__ import demo, main


def test_demo_lists_every_overdue_sample_invoice_most_overdue_first() -> None:
    text = demo()
    assert "as of 2026-03-16" in text
    rows = [line.split()[0] for line in text.splitlines() if line.startswith("  c")]
    assert rows[0] == "c12-2020"
    assert "R$\xa01.320,00" in text


def test_demo_is_the_same_on_every_run() -> None:
    assert demo() == demo()


def test_main_demo_prints_and_returns_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    assert "regua demo" in capsys.readouterr().out


def test_schema_command_prints_the_models_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "invoice"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Invoice"
    assert "amount" in schema["required"]


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2

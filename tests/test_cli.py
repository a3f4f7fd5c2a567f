"""The command line: the demo is deterministic and covers every layer; plan reads JSON files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regua.__main__ import demo, main
from regua.samples import SAMPLE_SCHEDULE, sample_customers, sample_invoices


def test_demo_shows_aging_profiles_priority_plan_and_messages() -> None:
    text = demo()
    assert "as of 2026-03-16" in text
    assert "total                R$\xa024.108,60" in text
    assert "mix: good 4, one_off 4, occasional 1, recurring 3" in text
    assert "1. Distribuidora Delta Ltda" in text
    assert "Today's plan: 8 actions" in text
    # The customer with an "es" locale gets her message in Spanish, with the creditor named.
    assert "Hola, Karina Lopes:" in text
    assert text.count("CNPJ 45.678.901/0000-94") == 8
    # Delta owes 9,740.00: 2% fine 194.80, 1% a month pro rata on 34 and 6 days 55.19 + 9.74.
    assert "Negotiating with Distribuidora Delta Ltda (recurring)" in text
    assert "fine      R$\xa0194,80  interest       R$\xa064,93  total    R$\xa09.999,73" in text
    # A recurring payer gets no principal discount in cash, and at most 6 installments.
    assert "cash                               total    R$\xa09.740,00" in text
    assert "+ 6 x" in text
    assert "+ 12 x" not in text


def test_demo_is_the_same_on_every_run() -> None:
    assert demo() == demo()


def test_main_demo_prints_and_returns_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    assert "regua demo" in capsys.readouterr().out


def test_plan_command_reads_json_files_and_prints_the_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    portfolio = tmp_path / "portfolio.json"
    portfolio.write_text(
        json.dumps(
            {
                "customers": [c.model_dump(mode="json") for c in sample_customers()],
                "invoices": [i.model_dump(mode="json") for i in sample_invoices()],
            }
        ),
        encoding="utf-8",
    )
    assert main(["plan", str(schedule), str(portfolio), "--as-of", "2026-03-16"]) == 0
    result = json.loads(capsys.readouterr().out)
    # Without profiles the profile-gated D+5 step cannot fire: 8 actions less the two D+5 ones.
    assert [a["step_id"] for a in result["actions"]].count("d5") == 0
    assert {a["customer_id"] for a in result["actions"]} >= {"c01", "c04", "c05", "c10"}
    assert any(s["code"] == "profile_unknown" for s in result["skipped"])


def test_schema_command_prints_the_models_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "invoice"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Invoice"
    assert "amount" in schema["required"]


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2

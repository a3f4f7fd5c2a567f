"""``regua render --schedule``: a plan whose steps name the schedule's own templates renders
with them (it was refused: "names unknown template", and render had no way to take them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regua.__main__ import main

SCHEDULE = {
    "name": "propria",
    "steps": [{"id": "d5", "offset": 5, "channels": ["email"], "template": "lembrete"}],
    "templates": {
        "lembrete": {
            "id": "lembrete", "locale": "pt_BR", "subject": "Fatura em aberto",
            "body": "Olá $first_name, $invoices $amount_of $amount_due segue em aberto."
            " $creditor_identification",
        }
    },
}  # fmt: skip
PORTFOLIO = {
    "customers": [
        {
            "id": "f",
            "name": "Firma Ltda",
            "kind": "business",
            "contacts": {"email": "f@example.com"},
        }
    ],
    "invoices": [{"id": "n1", "customer_id": "f", "amount": "100.00", "due_date": "2026-03-02"}],
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _render_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], schedule: dict) -> list[str]:
    """Plan the portfolio with ``schedule`` and return ``regua render``'s arguments for it."""
    files = {}
    for name, document in (("schedule", schedule), ("portfolio", PORTFOLIO)):
        files[name] = tmp_path / f"{name}.json"
        files[name].write_text(json.dumps(document), encoding="utf-8")
    _, creditor, _ = _run(capsys, "example", "creditor")
    files["creditor"] = tmp_path / "creditor.json"
    files["creditor"].write_text(creditor, encoding="utf-8")
    plan_file = tmp_path / "plan.json"
    argv = ["plan", str(files["schedule"]), str(files["portfolio"]), "--as-of", "2026-03-09"]
    assert _run(capsys, *argv, "--out", str(plan_file))[0] == 0
    return [
        "render",
        str(plan_file),
        str(files["portfolio"]),
        "--creditor",
        str(files["creditor"]),
        "--schedule",
        str(files["schedule"]),
    ]


def test_render_marks_what_the_lint_finds_in_a_schedules_template(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Before: a template naming no creditor was rendered with no sign of it.
    body = "Olá $first_name, $invoices $amount_of $amount_due segue em aberto."
    template = {**SCHEDULE["templates"]["lembrete"], "body": body}  # type: ignore[index]
    schedule = {**SCHEDULE, "templates": {"lembrete": template}}
    code, out, err = _run(capsys, *_render_files(tmp_path, capsys, schedule))
    assert (code, err) == (0, "")
    assert out.endswith(
        "\n!! lint error: missing_creditor_id: name the creditor and its CNPJ/CPF (use"
        " $creditor_identification or $creditor_name and $creditor_document)\n"
    )
    code, out, _ = _run(capsys, *_render_files(tmp_path, capsys, schedule), "--format", "json")
    assert [f["rule"] for f in json.loads(out)[0]["findings"]] == ["missing_creditor_id"]


def test_render_uses_the_schedules_own_templates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    render = _render_files(tmp_path, capsys, SCHEDULE)
    code, out, err = _run(capsys, *render[:-2])  # without --schedule
    assert (code, out) == (1, "")
    assert "names unknown template 'lembrete' (give --schedule," in err
    code, out, err = _run(capsys, *render)
    assert (code, err) == (0, "")
    assert "Subject: Fatura em aberto" in out
    assert "Olá Firma, sua fatura de R$\xa0100,00 segue em aberto." in out
    assert "!!" not in out  # the template names its creditor: the lint finds nothing

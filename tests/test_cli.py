"""The command line: every command, its inputs (files, standard input, separate part files) and
every failure as one line naming the file and the field, with exit status 1 (data) or 2 (usage).

Most tests call ``main(argv)`` in-process; a few run ``python -m regua`` as a subprocess, for
what only a real process shows (exit status, a closed pipe, nothing but one line on stderr).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import regua
from regua import classify_portfolio, plan
from regua.__main__ import demo, main
from regua.samples import (
    SAMPLE_AS_OF,
    SAMPLE_SCHEDULE,
    sample_customers,
    sample_invoices,
    sample_schedule,
)

SRC = Path(regua.__file__).parents[1]
AS_OF = str(SAMPLE_AS_OF)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def regua_process(*argv: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "regua", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
        **kwargs,
    )


def portfolio_document() -> dict[str, Any]:
    invoices = sample_invoices()
    profiles = classify_portfolio(invoices, as_of=SAMPLE_AS_OF).profiles()
    return {
        "customers": [c.model_dump(mode="json") for c in sample_customers()],
        "invoices": [i.model_dump(mode="json") for i in invoices],
        "profiles": {key: value.value for key, value in profiles.items()},
    }


def write(path: Path, document: Any) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.fixture
def schedule_file(tmp_path: Path) -> str:
    return write(tmp_path / "schedule.json", SAMPLE_SCHEDULE)


@pytest.fixture
def portfolio_file(tmp_path: Path) -> str:
    return write(tmp_path / "portfolio.json", portfolio_document())


def library_plan_ids() -> list[str]:
    invoices = sample_invoices()
    profiles = classify_portfolio(invoices, as_of=SAMPLE_AS_OF).profiles()
    today = plan(
        sample_schedule(), sample_customers(), invoices, as_of=SAMPLE_AS_OF, profiles=profiles
    )
    return [a.id for a in today.actions]


# --- demo -------------------------------------------------------------------------------------


def test_demo_shows_aging_profiles_priority_plan_and_messages() -> None:
    text = demo()
    assert "as of 2026-03-16" in text
    assert "total                R$\xa024.108,60" in text
    assert "mix: good 4, one_off 4, occasional 1, recurring 3" in text
    assert "1. Distribuidora Delta Ltda" in text
    assert "Today's plan: 7 actions" in text
    # Karina Lopes (c12) owes only a debt prescribed on 2025-11-11: she is set aside, and gets
    # no message at all (STJ REsp 2.088.100/SP); every message names the creditor.
    assert "set aside, prescribed: Karina Lopes R$\xa0640,00 (no contact at all" in text
    assert "Karina Lopes" not in text.split("Today's plan")[1]
    assert text.count("CNPJ 45.678.901/0000-94") == 7
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
    code, out, err = run(capsys, "demo")
    assert (code, err) == (0, "")
    assert out == demo() + "\n"


# --- plan -------------------------------------------------------------------------------------


def test_plan_reads_json_files_and_prints_the_plan(
    schedule_file: str, portfolio_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "plan", schedule_file, portfolio_file, "--as-of", AS_OF)
    assert code == 0
    result = json.loads(out)
    assert [a["id"] for a in result["actions"]] == library_plan_ids()
    assert result["as_of"] == AS_OF


def test_plan_without_profiles_holds_back_the_profile_gated_step(
    schedule_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = portfolio_document()
    del document["profiles"]
    portfolio = write(tmp_path / "no-profiles.json", document)
    code, out, _ = run(capsys, "plan", schedule_file, portfolio, "--as-of", AS_OF)
    result = json.loads(out)
    assert code == 0
    assert [a["step_id"] for a in result["actions"]].count("d5") == 0
    assert any(s["code"] == "profile_unknown" for s in result["skipped"])


def test_example_files_round_trip_through_plan_and_render(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = {}
    for what in ("schedule", "portfolio", "creditor"):
        code, out, err = run(capsys, "example", what)
        assert (code, err) == (0, "")
        paths[what] = str(tmp_path / f"{what}.json")
        Path(paths[what]).write_text(out, encoding="utf-8")
    # The example portfolio carries every part a portfolio file may hold.
    assert set(json.loads(Path(paths["portfolio"]).read_text(encoding="utf-8"))) == {
        "customers", "invoices", "history", "agreements", "promises", "profiles"
    }  # fmt: skip
    plan_file = str(tmp_path / "plan.json")
    argv = ["plan", paths["schedule"], paths["portfolio"], "--as-of", AS_OF, "--out", plan_file]
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (0, "", "")
    actions = json.loads(Path(plan_file).read_text(encoding="utf-8"))["actions"]
    # The demo's day: the same seven actions the library plans for the sample portfolio.
    assert [a["id"] for a in actions] == library_plan_ids()
    argv = ["render", plan_file, paths["portfolio"], "--creditor", paths["creditor"]]
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (code, err) == (0, "")
    messages = json.loads(out)
    assert [m["action_id"] for m in messages] == library_plan_ids()
    assert all("45.678.901/0000-94" in m["body"] for m in messages)  # the creditor's CNPJ


def test_plan_parts_from_files_of_their_own(
    schedule_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = portfolio_document()
    parts = {part: write(tmp_path / f"{part}.json", value) for part, value in document.items()}
    argv = ["plan", "--schedule", schedule_file, "--as-of", AS_OF]
    argv += [f"--{part}={path}" for part, path in parts.items()]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert [a["id"] for a in json.loads(out)["actions"]] == library_plan_ids()


def test_plan_reads_standard_input(
    schedule_file: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.dumps(portfolio_document()).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run(capsys, "plan", schedule_file, "-", "--as-of", AS_OF)
    assert code == 0
    assert [a["id"] for a in json.loads(out)["actions"]] == library_plan_ids()


def test_plan_as_of_takes_an_aware_datetime(
    schedule_file: str, portfolio_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The plan is made for, and echoes, the instant given, in its own offset.
    argv = ["plan", schedule_file, portfolio_file, "--as-of", "2026-03-16T15:00:00-03:00"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    result = json.loads(out)
    assert result["as_of"] == "2026-03-16T15:00:00-03:00"
    code, out, _ = run(capsys, *argv[:-1], "2026-03-16T18:00:00Z")
    assert (code, json.loads(out)["as_of"]) == (0, "2026-03-16T18:00:00Z")


def test_json_numbers_are_read_as_exact_decimals(
    schedule_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 100.10 as a JSON number is decimal text: it must not become the float 100.09999...
    portfolio = tmp_path / "numbers.json"
    portfolio.write_text(
        '{"customers": [{"id": "c1", "name": "Ana", "kind": "consumer",'
        ' "document": "123.456.789-09", "contacts": {"email": "ana@example.com.br"}}],'
        ' "invoices": [{"id": "i1", "customer_id": "c1", "amount": 100.10,'
        ' "due_date": "2026-03-16"}]}',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "plan", schedule_file, str(portfolio), "--as-of", AS_OF)
    assert (code, err) == (0, "")
    (action,) = json.loads(out)["actions"]
    assert action["amount_due"] == "100.10"


# --- every failure: one line naming the file and the field, exit 1 (data) or 2 (usage) ---------

Setup = Callable[[Path], list[str]]


def _portfolio_with(change: Callable[[dict[str, Any]], object]) -> Setup:
    def setup(tmp: Path) -> list[str]:
        document = portfolio_document()
        change(document)
        schedule = write(tmp / "schedule.json", SAMPLE_SCHEDULE)
        return ["plan", schedule, write(tmp / "portfolio.json", document), "--as-of", AS_OF]

    return setup


def _raw_portfolio(text: str | bytes) -> Setup:
    def setup(tmp: Path) -> list[str]:
        path = tmp / "portfolio.json"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        schedule = write(tmp / "schedule.json", SAMPLE_SCHEDULE)
        return ["plan", schedule, str(path), "--as-of", AS_OF]

    return setup


def _argv(*argv: str) -> Setup:
    def setup(tmp: Path) -> list[str]:
        schedule = write(tmp / "schedule.json", SAMPLE_SCHEDULE)
        portfolio = write(tmp / "portfolio.json", portfolio_document())
        return [a.format(schedule=schedule, portfolio=portfolio, tmp=tmp) for a in argv]

    return setup


def _set(path: tuple[Any, ...], value: object) -> Setup:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return _portfolio_with(change)


def _rename(old: str, new: str) -> Setup:
    def change(document: dict[str, Any]) -> None:
        document[new] = document.pop(old, [])

    return _portfolio_with(change)


FAILURES: dict[str, tuple[Setup, int, tuple[str, ...]]] = {
    "misspelled history": (
        _rename("history", "History"),
        1,
        ("portfolio.json", "'History'", "did you mean 'history'"),
    ),
    "misspelled invoices": (
        _rename("invoices", "invoice"),
        1,
        ("portfolio.json", "'invoice'", "'invoices'"),
    ),
    "no invoices key": (
        _portfolio_with(lambda d: d.pop("invoices")),
        1,
        ("portfolio.json", "no 'invoices' key"),
    ),
    "invalid amount": (
        _set(("invoices", 3, "amount"), "-5"),
        1,
        ("portfolio.json", "invoices[3].amount"),
    ),
    "float amount": (
        _set(("invoices", 2, "amount"), "abc"),
        1,
        ("portfolio.json", "invoices[2].amount"),
    ),
    "missing field": (
        _portfolio_with(lambda d: d["customers"][1].pop("name")),
        1,
        ("portfolio.json", "customers[1].name"),
    ),
    "row not an object": (
        _set(("invoices", 0), "NF-1"),
        1,
        ("portfolio.json", "invoices[0]", "expected an object"),
    ),
    "part not a list": (
        _set(("customers",), {"id": "c1"}),
        1,
        ("portfolio.json", "customers", "an array"),
    ),
    "unknown customer": (
        _set(("invoices", 4, "customer_id"), "zz"),
        1,
        ("portfolio.json", "invoices[4]", "'zz'"),
    ),
    "unknown profile": (
        _set(("profiles", "c01"), "saint"),
        1,
        ("portfolio.json", "profiles['c01']", "'saint'"),
    ),
    "profile not a string": (
        _set(("profiles", "c01"), 3),
        1,
        ("portfolio.json", "profiles.c01", "a profile name"),
    ),
    "portfolio not an object": (_raw_portfolio("[]"), 1, ("portfolio.json", "expected an object")),
    "bad json": (_raw_portfolio('{"customers": [,]}'), 1, ("portfolio.json", "not valid JSON")),
    "empty file": (_raw_portfolio(""), 1, ("portfolio.json", "not valid JSON")),
    "duplicate key": (
        _raw_portfolio('{"customers": [], "invoices": [], "customers": []}'),
        1,
        ("portfolio.json", "'customers' appears twice"),
    ),
    "NaN": (_raw_portfolio('{"customers": NaN}'), 1, ("portfolio.json", "NaN")),
    "not utf-8": (_raw_portfolio(b'{"customers": ["\xff"]}'), 1, ("portfolio.json", "UTF-8")),
    "deep nesting": (_raw_portfolio("[" * 100_000), 1, ("portfolio.json", "not valid JSON")),
    "missing file": (
        _argv("plan", "{schedule}", "{tmp}/nope.json", "--as-of", AS_OF),
        1,
        ("nope.json", "no such file"),
    ),
    "directory": (_argv("plan", "{tmp}", "{portfolio}", "--as-of", AS_OF), 1, ("is a directory",)),
    "portfolio as schedule": (
        _argv("plan", "{portfolio}", "{portfolio}", "--as-of", AS_OF),
        1,
        ("portfolio.json", "name"),
    ),
    "part given twice": (
        _argv("plan", "{schedule}", "{portfolio}", "--as-of", AS_OF, "--invoices", "{portfolio}"),
        2,
        ("invoices given twice",),
    ),
    "two stdin": (_argv("plan", "-", "-", "--as-of", AS_OF), 2, ("standard input",)),
    "no schedule": (_argv("plan", "--as-of", AS_OF), 2, ("no schedule",)),
    "no invoices": (
        _argv("plan", "{schedule}", "--customers", "{schedule}", "--as-of", AS_OF),
        2,
        ("no invoices",),
    ),
    "too many files": (
        _argv("plan", "{schedule}", "{portfolio}", "{portfolio}", "--as-of", AS_OF),
        2,
        ("unexpected argument",),
    ),
    "naive as-of": (
        _argv("plan", "{schedule}", "{portfolio}", "--as-of", "2026-03-16T09:00"),
        2,
        ("--as-of", "no UTC offset"),
    ),
    "bad as-of": (
        _argv("plan", "{schedule}", "{portfolio}", "--as-of", "16/03/2026"),
        2,
        ("--as-of", "'16/03/2026'"),
    ),
    "no as-of": (_argv("plan", "{schedule}", "{portfolio}"), 2, ("--as-of",)),
    "unknown command": (_argv("frobnicate"), 2, ("frobnicate",)),
    "unknown option": (_argv("demo", "--frobnicate"), 2, ("--frobnicate",)),
    "unknown schema": (_argv("schema", "frobnicate"), 2, ("frobnicate",)),
    "unknown example": (_argv("example", "frobnicate"), 2, ("frobnicate",)),
    "explain unknown customer": (
        _argv("explain", "{schedule}", "{portfolio}", "--customer", "zz", "--as-of", AS_OF),
        1,
        ("--customer", "'zz'", "portfolio.json"),
    ),
    "simulate backwards": (
        _argv("simulate", "{schedule}", "{portfolio}", "--start", AS_OF, "--end", "2026-03-01"),
        1,
        ("--end", "before start"),
    ),
    "simulate bad date": (
        _argv("simulate", "{schedule}", "{portfolio}", "--start", "x", "--end", AS_OF),
        2,
        ("--start", "'x'"),
    ),
    "render no creditor": (_argv("render", "{portfolio}", "{portfolio}"), 2, ("--creditor",)),
    "render not a plan": (
        _argv("render", "{schedule}", "{portfolio}", "--creditor", "{schedule}"),
        1,
        ("schedule.json", "unknown key 'name'"),
    ),
    "out not writable": (
        _argv("demo", "--out", "{tmp}/no/such/dir/out.txt"),
        1,
        ("--out", "cannot be written"),
    ),
}


@pytest.mark.parametrize("name", FAILURES)
def test_every_failure_is_one_line_naming_the_file_and_field(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup, expected_code, fragments = FAILURES[name]
    code, out, err = run(capsys, *setup(tmp_path))
    assert code == expected_code, err
    assert out == ""
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "error: " in err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_an_oversized_unknown_key_is_quoted_cut_short(
    schedule_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = {**portfolio_document(), "x" * 1_000_000: 1}
    portfolio = write(tmp_path / "big.json", document)
    code, _, err = run(capsys, "plan", schedule_file, portfolio, "--as-of", AS_OF)
    assert code == 1
    assert "(1,000,002 characters)" in err
    assert len(err) < 400


def test_a_misspelled_history_key_never_replans_what_was_sent(
    schedule_file: str, portfolio_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "plan", schedule_file, portfolio_file, "--as-of", AS_OF)
    sent = json.loads(out)["actions"][0]
    record = {
        "action_id": sent["id"],
        "customer_id": sent["customer_id"],
        "step_id": sent["step_id"],
        "invoice_ids": sent["invoice_ids"],
        "channel": sent["channel"],
        "at": sent["window_start"],
        "outcome": "delivered",
    }
    for key, expected in (("history", 0), ("History", 1)):
        document = {**portfolio_document(), key: [record]}
        portfolio = write(tmp_path / f"{key}.json", document)
        code, out, err = run(capsys, "plan", schedule_file, portfolio, "--as-of", AS_OF)
        assert code == expected, err
        if code == 0:
            assert sent["id"] not in [a["id"] for a in json.loads(out)["actions"]]


def test_an_internal_error_is_one_line_unless_a_traceback_is_asked_for(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from regua.cli import commands

    def broken(args: object) -> str:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setitem(commands.COMMANDS, "demo", broken)
    code, out, err = run(capsys, "demo")
    assert (code, out) == (3, "")
    assert err.count("\n") == 1
    assert "internal error" in err
    assert "RuntimeError: boom second line" in err
    code, _, err = run(capsys, "--traceback", "demo")
    assert code == 3
    assert "Traceback (most recent call last)" in err


# --- explain, simulate, render, schema, example, version, help --------------------------------


def test_explain_prints_each_step_of_one_customer(
    schedule_file: str, portfolio_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["explain", schedule_file, portfolio_file, "--customer", "c04", "--as-of", AS_OF]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "customer c04 as of 2026-03-16: 1 action(s) planned"
    planned = [line for line in lines if " planned " in line]
    assert len(planned) == 1
    assert planned[0].startswith("c04-202602 aviso_negativacao  2026-03-12")
    code, out, _ = run(capsys, *argv, "--format", "json")
    document = json.loads(out)
    assert document["customer_id"] == "c04"
    assert [r["state"] for r in document["rows"]].count("planned") == 1


def test_simulate_prints_a_timeline(
    schedule_file: str, portfolio_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["simulate", schedule_file, portfolio_file, "--start", AS_OF, "--end", AS_OF]
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    # One day simulated: exactly the day's plan, executed at each window's start.
    assert [e["action"]["id"] for e in document["timeline"]] == library_plan_ids()
    code, out, _ = run(capsys, *argv)
    lines = out.splitlines()
    assert lines[0].startswith("simulation 2026-03-16 to 2026-03-16: 7 actions (")
    assert len(lines) == 8


def test_render_reads_the_plan_from_standard_input(
    schedule_file: str,
    portfolio_file: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, plan_text, _ = run(capsys, "plan", schedule_file, portfolio_file, "--as-of", AS_OF)
    _, creditor_text, _ = run(capsys, "example", "creditor")
    creditor = tmp_path / "creditor.json"
    creditor.write_text(creditor_text, encoding="utf-8")
    first = json.loads(plan_text)["actions"][0]["id"]
    data = io.TextIOWrapper(io.BytesIO(plan_text.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", data)
    argv = ["render", "-", portfolio_file, "--creditor", str(creditor), "--action", first]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert out.startswith(f"--- {first} to Ana Beatriz Souza by email (pt_BR)\nSubject: ")
    assert out.count("\n--- ") == 0  # only the one action asked for


def test_schema_prints_a_models_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "invoice")
    schema = json.loads(out)
    assert code == 0
    assert schema["title"] == "Invoice"
    assert "amount" in schema["required"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"regua {regua.__version__}\n")


COMMANDS = ("demo", "example", "plan", "explain", "simulate", "render", "schema")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_plain_text_without_markup(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, *([command] if command else []), "--help")
    assert code == 0
    assert out.startswith("usage: regua")
    for markup in ("``", ":func:", ":mod:", ":class:", "::", ".. "):
        assert markup not in out
    if command is None:
        for name in COMMANDS:
            assert f"    {name} " in out


# --- as a real process ------------------------------------------------------------------------


def test_a_process_failure_is_one_line_and_its_exit_status(tmp_path: Path) -> None:
    schedule = write(tmp_path / "schedule.json", SAMPLE_SCHEDULE)
    portfolio = write(tmp_path / "portfolio.json", {"customers": [], "invoice": []})
    done = regua_process("plan", schedule, portfolio, "--as-of", AS_OF)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "portfolio.json: unknown key 'invoice'" in done.stderr


def test_a_closed_output_pipe_ends_quietly() -> None:
    # The reader goes away before regua writes (as `regua demo | head -0` does).
    process = subprocess.Popen(
        [sys.executable, "-m", "regua", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 141
    assert err == b""


def test_the_process_reads_standard_input(tmp_path: Path) -> None:
    schedule = write(tmp_path / "schedule.json", SAMPLE_SCHEDULE)
    done = regua_process(
        "plan", schedule, "-", "--as-of", AS_OF, input=json.dumps(portfolio_document())
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert [a["id"] for a in json.loads(done.stdout)["actions"]] == library_plan_ids()


def test_a_portfolio_file_carries_promises_to_plan_explain_and_simulate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_rules_promises import CUSTOMER, D1, PROMISE, SCHEDULE, _invoice

    schedule, portfolio = tmp_path / "s.json", tmp_path / "p.json"
    schedule.write_text(json.dumps(SCHEDULE), encoding="utf-8")
    document = {
        "customers": [CUSTOMER.model_dump(mode="json")],
        "invoices": [_invoice().model_dump(mode="json")],
        "history": [D1.model_dump(mode="json")],
        "promises": [PROMISE.model_dump(mode="json")],
    }
    portfolio.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run(capsys, "plan", str(schedule), str(portfolio), "--as-of", "2026-03-12")
    assert (code, err) == (0, "")
    assert [(s["step_id"], s["code"]) for s in json.loads(out)["skipped"]] == [("d10", "promised")]
    argv = ["explain", str(schedule), str(portfolio), "--customer", "c1", "--as-of", "2026-03-16"]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert "broken             2026-03-16  planned" in out
    argv = ["simulate", str(schedule), str(portfolio), "--start", "2026-03-10"]
    code, out, err = run(capsys, *argv, "--end", "2026-03-20", "--format", "json")
    assert (code, err) == (0, "")
    steps = [(e["action"]["step_id"], e["executed_on"]) for e in json.loads(out)["timeline"]]
    assert steps == [("broken", "2026-03-16"), ("d10", "2026-03-17")]

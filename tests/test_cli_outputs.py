"""What a ``regua`` run writes: never over a file it reads (``--out i.csv`` with ``--invoices
i.csv`` replaced the invoices by the actions, exit 0), refused before anything is read or
written, with one line naming both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import regua.frames
from regua.cli import main
from regua.samples import SAMPLE_AS_OF, SAMPLE_SCHEDULE, sample_customers, sample_invoices

pl = pytest.importorskip("polars")

AS_OF = str(SAMPLE_AS_OF)


def _tables(folder: Path) -> dict[str, str]:
    """The schedule and the sample portfolio as files: customers Parquet, invoices CSV, and a
    history and a profiles table of their own."""
    files = {
        "schedule": folder / "regua.json",
        "customers": folder / "c.parquet",
        "invoices": folder / "i.csv",
        "history": folder / "h.csv",
        "profiles": folder / "p.csv",
    }
    files["schedule"].write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    regua.frames.to_polars(sample_customers()).write_parquet(files["customers"])
    invoices = regua.frames.to_polars(sample_invoices()).drop("payments", "tags")
    invoices.write_csv(files["invoices"])
    files["history"].write_text("action_id,customer_id,step_id,invoice_ids,at\n", encoding="utf-8")
    files["profiles"].write_text("customer_id,profile\nc01,good\n", encoding="utf-8")
    return {part: str(path) for part, path in files.items()}


def _argv(files: dict[str, str], out: str) -> list[str]:
    argv = ["plan", "--as-of", AS_OF, "--out", out]
    for part, path in files.items():
        argv += [f"--{part}", path]
    return argv


def _contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_inputs_as_tables_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The files the tests below collide with are a good run's inputs.
    files = _tables(tmp_path)
    assert main(_argv(files, str(tmp_path / "a.csv"))) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("part", ["schedule", "customers", "invoices", "history", "profiles"])
def test_an_output_over_an_input_table_is_refused_before_anything_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], part: str
) -> None:
    files = _tables(tmp_path)
    target = files[part]
    # The same file by another spelling is the same file.
    out = str(tmp_path / "sub" / ".." / Path(target).name)
    before = _contents(tmp_path)
    assert main(_argv(files, out)) == 2
    err = capsys.readouterr().err
    assert err == (
        f"regua plan: error: --out {out} is the file of --{part} {target}: a run never writes"
        " over what it reads; name another --out\n"
    )
    assert _contents(tmp_path) == before  # nothing written, no rejects or skipped file


@pytest.mark.parametrize("what", ["rejects", "skipped"])
def test_a_rejects_or_skipped_file_over_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    files = _tables(tmp_path)
    side = tmp_path / f"a.{what}.csv"
    Path(files["invoices"]).rename(side)
    files["invoices"] = str(side)
    before = _contents(tmp_path)
    assert main(_argv(files, str(tmp_path / "a.csv"))) == 2
    err = capsys.readouterr().err
    assert err == (
        f"regua plan: error: --out {tmp_path / 'a.csv'} writes {side}, which is the file of"
        f" --invoices {side}: a run never writes over what it reads; name another --out\n"
    )
    assert _contents(tmp_path) == before


def test_a_json_plan_over_its_portfolio_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule, portfolio = tmp_path / "regua.json", tmp_path / "portfolio.json"
    schedule.write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    assert main(["example", "portfolio", "--out", str(portfolio)]) == 0
    before = _contents(tmp_path)
    code = main(["plan", str(schedule), str(portfolio), "--as-of", AS_OF, "--out", str(portfolio)])
    assert code == 2
    err = capsys.readouterr().err
    assert err == (
        f"regua plan: error: --out {portfolio} is the file of the input {portfolio}: a run"
        " never writes over what it reads; name another --out\n"
    )
    assert _contents(tmp_path) == before


def test_a_json_plan_that_fails_on_its_data_leaves_no_earlier_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: yesterday's plan.json stayed after a run that failed (exit 1), to be read as
    # today's; a refused command line (exit 2) still touches nothing.
    schedule, portfolio = tmp_path / "regua.json", tmp_path / "portfolio.json"
    schedule.write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    portfolio.write_text('{"customers": [], "invoices": [{"id": "x"}]}', encoding="utf-8")
    plan = tmp_path / "plan.json"
    plan.write_text("yesterday\n", encoding="utf-8")
    argv = ["plan", str(schedule), str(portfolio), "--out", str(plan)]
    assert main(argv) == 2  # no --as-of
    assert plan.read_text(encoding="utf-8") == "yesterday\n"
    assert main([*argv, "--as-of", AS_OF]) == 1
    assert "invoices[0]" in capsys.readouterr().err
    assert not plan.exists()


def test_rendering_a_plan_over_itself_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for what in ("schedule", "portfolio", "creditor"):
        assert main(["example", what, "--out", str(tmp_path / f"{what}.json")]) == 0
    plan = tmp_path / "plan.json"
    argv = ["plan", str(tmp_path / "schedule.json"), str(tmp_path / "portfolio.json")]
    assert main([*argv, "--as-of", AS_OF, "--out", str(plan)]) == 0
    before = _contents(tmp_path)
    creditor = str(tmp_path / "creditor.json")
    assert main(["render", str(plan), "--creditor", creditor, "--out", creditor]) == 2
    assert f"--out {creditor} is the file of --creditor {creditor}:" in capsys.readouterr().err
    assert _contents(tmp_path) == before


def _yesterday(folder: Path) -> list[Path]:
    """An earlier run's five outputs, and two files of like names that are not this run's."""
    names = ("a.csv", "a.rejects.csv", "a.skipped.csv", "a.exhausted.csv", "a.not_applicable.csv")
    files = [folder / name for name in names]
    for path in [*files, folder / "a.other.csv", folder / "a.csv.bak"]:
        path.write_text("yesterday\n", encoding="utf-8")
    return files


def test_a_failed_run_leaves_none_of_yesterdays_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An exit-1 run left yesterday's actions in place, to be read as today's.
    files = _tables(tmp_path)
    Path(files["invoices"]).write_text("id,customer_id,amount\nx1,c01,10.00\n", encoding="utf-8")
    outputs = _yesterday(tmp_path)
    assert main(_argv(files, str(outputs[0]))) == 1
    assert "invoices.due_date: missing required column" in capsys.readouterr().err
    assert [path.exists() for path in outputs] == [False] * 5
    # Only this run's files are removed.
    assert (tmp_path / "a.other.csv").read_text(encoding="utf-8") == "yesterday\n"
    assert (tmp_path / "a.csv.bak").read_text(encoding="utf-8") == "yesterday\n"


def test_a_refused_command_line_touches_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _tables(tmp_path)
    outputs = _yesterday(tmp_path)
    del files["customers"]
    assert main(_argv(files, str(outputs[0]))) == 2
    assert "no customers" in capsys.readouterr().err
    assert [path.read_text(encoding="utf-8") for path in outputs] == ["yesterday\n"] * 5


def test_a_good_run_replaces_yesterdays_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _tables(tmp_path)
    outputs = _yesterday(tmp_path)
    assert main(_argv(files, str(outputs[0]))) == 0
    assert all(path.read_text(encoding="utf-8") != "yesterday\n" for path in outputs)


def test_an_output_that_cannot_be_removed_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _tables(tmp_path)
    (tmp_path / "a.rejects.csv").mkdir()
    assert main(_argv(files, str(tmp_path / "a.csv"))) == 1
    assert capsys.readouterr().err == (
        f"regua plan: error: {tmp_path / 'a.rejects.csv'}: is a directory, not a file\n"
    )

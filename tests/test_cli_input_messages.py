"""What ``regua`` says of an input it cannot read, when the JSON parser's word would mislead:
an .xlsx or a .txt was "not valid JSON: Expecting value (line 1, column 1)", a CSV given where
JSON is read the same, and a CSV separated by ';' (what Excel writes in pt-BR) an unknown column
named ``id;customer_id;…``. Each is one line naming the file and what regua reads, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import regua.frames
from regua.cli import main
from regua.samples import SAMPLE_AS_OF, SAMPLE_SCHEDULE, sample_customers

pl = pytest.importorskip("polars")

AS_OF = str(SAMPLE_AS_OF)
# The first bytes of an .xlsx (a zip archive): not UTF-8 text.
XLSX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x00\x00"
INVOICES_CSV = "id,customer_id,amount,due_date\nx1,c01,1234.56,2026-03-19\n"
READS = (
    "regua reads JSON (.json) and, for the tables of 'regua plan', Parquet (.parquet),"
    " CSV (.csv) and JSON Lines (.jsonl, .ndjson)"
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def _tables(folder: Path, invoices: str = INVOICES_CSV) -> list[str]:
    (folder / "regua.json").write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    regua.frames.to_polars(sample_customers()).write_parquet(folder / "c.parquet")
    (folder / "i.csv").write_text(invoices, encoding="utf-8")
    return [
        "plan",
        "--schedule",
        str(folder / "regua.json"),
        "--customers",
        str(folder / "c.parquet"),
        "--invoices",
        str(folder / "i.csv"),
        "--as-of",
        AS_OF,
        "--out",
        str(folder / "a.csv"),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [("c.xlsx", XLSX), ("c.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), ("c.txt", b"id\tname\n")],
)
def test_a_table_of_an_unsupported_extension_names_the_ones_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes
) -> None:
    argv = _tables(tmp_path)
    (tmp_path / name).write_bytes(content)
    argv[argv.index("--customers") + 1] = str(tmp_path / name)
    code, err = _run(capsys, *argv)
    suffix = Path(name).suffix
    assert (code, err) == (
        1,
        f"regua plan: error: {tmp_path / name}: a {suffix} file, not JSON: {READS}\n",
    )


def test_a_portfolio_of_an_unsupported_extension_names_the_ones_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "regua.json").write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    (tmp_path / "p.xlsx").write_bytes(XLSX)
    code, err = _run(
        capsys, "plan", str(tmp_path / "regua.json"), str(tmp_path / "p.xlsx"), "--as-of", AS_OF
    )
    assert (code, err) == (
        1,
        f"regua plan: error: {tmp_path / 'p.xlsx'}: a .xlsx file, not JSON: {READS}\n",
    )


def test_json_under_another_extension_is_still_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What worked keeps working: the extension decides only what the message says.
    (tmp_path / "schedule.txt").write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    assert main(["example", "portfolio", "--out", str(tmp_path / "portfolio")]) == 0
    argv = ["plan", str(tmp_path / "schedule.txt"), str(tmp_path / "portfolio"), "--as-of", AS_OF]
    code, err = _run(capsys, *argv)
    assert (code, err) == (0, "")


def test_broken_json_keeps_the_parsers_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "regua.json").write_text("{", encoding="utf-8")
    code, err = _run(capsys, "plan", str(tmp_path / "regua.json"), "--as-of", AS_OF)
    assert code == 1
    assert err.startswith(f"regua plan: error: {tmp_path / 'regua.json'}: not valid JSON: ")


def test_a_table_where_json_is_read_says_which_inputs_may_be_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "regua.json").write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    (tmp_path / "c.csv").write_text("id,name\nc01,Ana\n", encoding="utf-8")
    code, err = _run(
        capsys,
        "explain",
        str(tmp_path / "regua.json"),
        "--customers",
        str(tmp_path / "c.csv"),
        "--invoices",
        str(tmp_path / "c.csv"),
        "--customer",
        "c01",
        "--as-of",
        AS_OF,
    )
    assert (code, err) == (
        1,
        f"regua explain: error: {tmp_path / 'c.csv'}: not JSON, which this input must be: only"
        " the tables of 'regua plan' (--customers, --invoices, --history, --agreements,"
        " --promises, --profiles) are read as Parquet, CSV or JSON Lines\n",
    )


@pytest.mark.parametrize(
    "invoices",
    [
        "id;customer_id;amount;due_date\n",  # read by commas: one unknown column
        "id;customer_id;amount;due_date\nx1;c01;1.234,56;2026-03-19\n",  # more fields than that
        "\ufeffid;customer_id;amount;due_date\r\nx1;c01;10;2026-03-19\r\n",  # as Excel saves it
    ],
)
def test_a_csv_separated_by_semicolons_gets_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], invoices: str
) -> None:
    argv = _tables(tmp_path, invoices)
    code, err = _run(capsys, *argv)
    assert (code, err) == (
        1,
        f"regua plan: error: {tmp_path / 'i.csv'}: the header 'id;customer_id;amount;due_date'"
        " is separated by ';': regua reads CSV separated by commas (Excel writes ';' where the"
        " decimal separator is a comma, as in pt-BR); save the file with commas\n",
    )


def test_a_semicolon_inside_a_comma_separated_csv_is_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _tables(
        tmp_path,
        "id,customer_id,amount,due_date,dunning_blocked,dunning_block_reason\n"
        'x1,c01,10.00,2026-03-19,true,"a; b"\n',
    )
    code, err = _run(capsys, *argv)
    assert (code, err) == (0, "")


def test_a_csv_header_ending_in_a_comma_is_named_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "invoices.: unknown column", naming a column with no name.
    argv = _tables(tmp_path, "id,customer_id,amount,due_date,\nx1,c01,10.00,2026-03-19,\n")
    code, err = _run(capsys, *argv)
    assert code == 1
    assert err.startswith(
        f"regua plan: error: {tmp_path / 'i.csv'}: invoices: a column has no name (does the"
        " header end in a comma?); the columns are: id, customer_id,"
    ), err

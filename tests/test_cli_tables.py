"""``regua plan`` on table files: Parquet, CSV and JSON Lines in and out, through the columnar
engine, with the rejects beside the output and money never a binary float."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regua
import regua.frames
from regua.cli import main
from regua.cli.tables import write_table
from regua.samples import SAMPLE_AS_OF, SAMPLE_SCHEDULE, sample_customers, sample_invoices

pl = pytest.importorskip("polars")
columnar = pytest.importorskip("regua.columnar")

AS_OF = str(SAMPLE_AS_OF)
INPUTS = ("parquet", "csv", "jsonl")
OUTPUTS = ("parquet", "csv", "jsonl")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _write(frame: Any, path: Path) -> str:
    if path.suffix == ".json":  # a JSON array of rows, as in a JSON portfolio
        rows = frame.to_dicts()
        path.write_text(json.dumps(rows, default=str), encoding="utf-8")
    else:
        write_table(frame, str(path), pl)
    return str(path)


def _files(tmp_path: Path, fmt: str, customers: Any, invoices: Any) -> list[str]:
    schedule = tmp_path / "regua.json"
    schedule.write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    return [
        "plan",
        "--schedule",
        str(schedule),
        "--customers",
        _write(customers, tmp_path / f"c.{fmt}"),
        "--invoices",
        _write(invoices, tmp_path / f"i.{fmt}"),
        "--as-of",
        AS_OF,
    ]


def _sample_frames() -> tuple[Any, Any]:
    return regua.frames.to_polars(sample_customers()), regua.frames.to_polars(sample_invoices())


def _read_back(path: Path) -> Any:
    """An actions file read back with the types the columnar engine gives them."""
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    if path.suffix == ".csv":
        frame = pl.read_csv(path, infer_schema=False)
        return frame.with_columns(pl.col("invoice_ids").str.json_decode(pl.List(pl.String)))
    return pl.read_ndjson(path, schema_overrides={"amount_due": pl.String})


def test_parquet_actions_are_regua_plans_on_the_same_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _sample_frames()
    out = tmp_path / "actions.parquet"
    code, stdout, stderr = run(
        capsys, *_files(tmp_path, "parquet", customers, invoices), "--out", str(out)
    )
    assert (code, stdout, stderr) == (0, "", "")
    written = pl.read_parquet(out)
    # The columnar engine on the frames in memory: the file is exactly its table.
    in_memory = columnar.plan(SAMPLE_SCHEDULE, customers, invoices, as_of=SAMPLE_AS_OF)
    assert written.equals(in_memory.actions)
    # And the reference engine on the models: the same actions, field by field.
    reference = regua.plan(
        SAMPLE_SCHEDULE, sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF
    )
    assert len(reference.actions) > 0
    assert written.select(
        "id",
        "customer_id",
        "invoice_ids",
        "step_id",
        "channel",
        "amount_due",
        "reason",
        "window_start",
    ).rows() == [
        (
            a.id,
            a.customer_id,
            list(a.invoice_ids),
            a.step_id,
            a.channel.value,
            a.amount_due,
            a.reason,
            a.window_start,
        )
        for a in reference.actions
    ]
    assert pl.read_parquet(tmp_path / "actions.rejects.parquet").height == 0
    skipped = pl.read_parquet(tmp_path / "actions.skipped.parquet")
    assert skipped.equals(in_memory.skipped)
    # Before: the exhausted ladders and the steps' conditions were not written at all.
    exhausted = pl.read_parquet(tmp_path / "actions.exhausted.parquet")
    assert exhausted.equals(in_memory.exhausted)
    assert pl.read_parquet(tmp_path / "actions.not_applicable.parquet").rows() == [
        (n.step_id, n.condition, n.invoices) for n in reference.not_applicable
    ]
    assert reference.not_applicable  # the sample's protest step is for businesses only


@pytest.mark.parametrize("fmt_in", INPUTS)
@pytest.mark.parametrize("fmt_out", OUTPUTS)
def test_every_format_in_and_out_gives_the_same_actions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt_in: str, fmt_out: str
) -> None:
    customers, invoices = _sample_frames()
    out = tmp_path / f"actions.{fmt_out}"
    code, _, stderr = run(capsys, *_files(tmp_path, fmt_in, customers, invoices), "--out", str(out))
    assert (code, stderr) == (0, "")
    expected = columnar.plan(SAMPLE_SCHEDULE, customers, invoices, as_of=SAMPLE_AS_OF).actions
    got = _read_back(out)
    assert got.get_column("id").to_list() == expected.get_column("id").to_list()
    assert got.get_column("invoice_ids").to_list() == expected.get_column("invoice_ids").to_list()
    assert [Decimal(str(v)) for v in got.get_column("amount_due")] == expected.get_column(
        "amount_due"
    ).to_list()
    assert (tmp_path / f"actions.rejects.{fmt_out}").exists()


def test_a_json_array_can_be_one_of_the_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _sample_frames()
    argv = _files(tmp_path, "parquet", customers, invoices)
    models = tmp_path / "customers.json"  # as in a JSON portfolio: contacts as an object
    models.write_text(json.dumps([c.model_dump(mode="json") for c in sample_customers()]))
    argv[argv.index("--customers") + 1] = str(models)
    code, _, stderr = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert (code, stderr) == (0, "")
    expected = columnar.plan(SAMPLE_SCHEDULE, customers, invoices, as_of=SAMPLE_AS_OF).actions
    assert pl.read_parquet(tmp_path / "a.parquet").equals(expected)


def test_json_arrays_for_every_table_give_an_actions_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # With the parts by their own options and a table --out, .json files are tables: this was
    # refused (exit 2) as "a JSON portfolio gives a JSON plan".
    customers, invoices = _sample_frames()
    argv = _files(tmp_path, "parquet", customers, invoices)
    for part, models in (("customers", sample_customers()), ("invoices", sample_invoices())):
        path = tmp_path / f"{part}.json"  # as in a JSON portfolio
        path.write_text(json.dumps([m.model_dump(mode="json") for m in models]), encoding="utf-8")
        argv[argv.index(f"--{part}") + 1] = str(path)
    code, _, stderr = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert (code, stderr) == (0, "")
    expected = columnar.plan(SAMPLE_SCHEDULE, customers, invoices, as_of=SAMPLE_AS_OF).actions
    assert pl.read_parquet(tmp_path / "a.parquet").equals(expected)


def _one_invoice(amount: str) -> tuple[Any, Any]:
    """Customer c01 and one invoice of ``amount`` (text) due in three days: the reminder step
    (offset -3) plans one action for exactly that amount."""
    customers = regua.frames.to_polars(sample_customers()[:1])
    due = SAMPLE_AS_OF + timedelta(days=3)
    invoices = pl.DataFrame(
        {"id": ["x1"], "customer_id": ["c01"], "amount": [amount], "due_date": [due]}
    )
    return customers, invoices


def _plan_invoice_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> tuple[list[tuple[Any, ...]], list[str]]:
    """``regua plan`` with customer c01 and the invoices file ``name`` holding ``text``: the
    rejects (table, row, field, reason) and the invoice ids planned, the run having exited 0."""
    argv = _files(tmp_path, "parquet", *_one_invoice("1.00"))
    (tmp_path / name).write_text(text, encoding="utf-8")
    argv[argv.index("--invoices") + 1] = str(tmp_path / name)
    code, _, _ = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert code == 0
    rejects = pl.read_parquet(tmp_path / "a.rejects.parquet")
    planned = pl.read_parquet(tmp_path / "a.parquet").get_column("invoice_ids").explode()
    return rejects.select("table", "row", "field", "reason").rows(), planned.to_list()


def test_a_csv_amount_of_0_1_is_exactly_0_10(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _one_invoice("0.1")
    (tmp_path / "i.csv").write_text(
        f"id,customer_id,amount,due_date\nx1,c01,0.1,{SAMPLE_AS_OF + timedelta(days=3)}\n",
        encoding="utf-8",
    )
    argv = _files(tmp_path, "parquet", customers, invoices)
    argv[argv.index("--invoices") + 1] = str(tmp_path / "i.csv")
    for out in ("a.parquet", "a.csv", "a.jsonl"):
        code, _, stderr = run(capsys, *argv, "--out", str(tmp_path / out))
        assert (code, stderr) == (0, "")
    amounts = pl.read_parquet(tmp_path / "a.parquet").get_column("amount_due").to_list()
    assert amounts == [Decimal("0.10")]
    assert str(amounts[0]) == "0.10"
    assert pl.read_csv(tmp_path / "a.csv", infer_schema=False)["amount_due"].to_list() == ["0.10"]
    line = json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8"))
    assert line["amount_due"] == "0.10"  # a JSON string: a number would be read as a float


def test_a_json_lines_amount_is_read_as_its_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _one_invoice("0.1")
    due = SAMPLE_AS_OF + timedelta(days=3)
    (tmp_path / "i.jsonl").write_text(
        json.dumps({"id": "x1", "customer_id": "c01", "due_date": str(due)})[:-1]
        + ', "amount": 12345678901234567.1}\n',  # more digits than a binary float holds
        encoding="utf-8",
    )
    argv = _files(tmp_path, "parquet", customers, invoices)
    argv[argv.index("--invoices") + 1] = str(tmp_path / "i.jsonl")
    code, _, stderr = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert (code, stderr) == (0, "")
    amounts = pl.read_parquet(tmp_path / "a.parquet").get_column("amount_due").to_list()
    assert amounts == [Decimal("12345678901234567.10")]


def test_a_float_money_column_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _one_invoice("0.1")
    invoices = invoices.with_columns(pl.col("amount").cast(pl.Float64))
    code, _, stderr = run(
        capsys,
        *_files(tmp_path, "parquet", customers, invoices),
        "--out",
        str(tmp_path / "a.parquet"),
    )
    assert code == 1
    assert stderr.startswith(
        f"regua plan: error: {tmp_path / 'i.parquet'}: invoices.amount: a float column"
    )
    assert stderr.count("\n") == 1


def _spoiled(invoices: pl.DataFrame, **values: pl.Expr | None) -> pl.DataFrame:
    """``invoices`` with invoice c01-202603b's columns set to ``values``."""
    return invoices.with_columns(
        pl.when(pl.col("id") == "c01-202603b").then(value).otherwise(pl.col(name)).alias(name)
        for name, value in values.items()
    )


def test_a_rejected_row_is_written_beside_the_output_and_the_rest_is_planned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _sample_frames()
    invoices = _spoiled(invoices, amount=-pl.col("amount"))
    bad = invoices.get_column("id").to_list().index("c01-202603b")
    out = tmp_path / "actions.csv"
    code, stdout, stderr = run(
        capsys, *_files(tmp_path, "csv", customers, invoices), "--out", str(out)
    )
    rejects_file = tmp_path / "actions.rejects.csv"
    assert (code, stdout) == (0, "")
    assert stderr == (
        f"regua plan: 1 row rejected (1 of {tmp_path / 'i.csv'}), written to {rejects_file}\n"
    )
    rejects = pl.read_csv(rejects_file)
    assert rejects.select("table", "row", "field").rows() == [("invoices", bad, "amount")]
    ids = pl.read_csv(out).get_column("invoice_ids").to_list()
    assert ids  # the good rows are planned
    assert not any("c01-202603b" in cell for cell in ids)


def test_the_count_names_the_reasons_when_a_row_has_several(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "1 row rejected" over a rejects file of 2 lines, which read as a mismatch.
    customers, invoices = _sample_frames()
    invoices = _spoiled(invoices, amount=-pl.col("amount"), due_date=None)
    out = tmp_path / "actions.csv"
    code, _, stderr = run(capsys, *_files(tmp_path, "csv", customers, invoices), "--out", str(out))
    rejects_file = tmp_path / "actions.rejects.csv"
    assert code == 0
    assert pl.read_csv(rejects_file).height == 2
    assert stderr == (
        f"regua plan: 1 row rejected (1 of {tmp_path / 'i.csv'}; 2 reasons), written to"
        f" {rejects_file}\n"
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_a_missing_column_is_one_line_naming_the_file_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    customers, invoices = _sample_frames()
    argv = _files(tmp_path, fmt, customers, invoices.drop("due_date"))
    code, stdout, stderr = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"regua plan: error: {tmp_path / f'i.{fmt}'}: invoices.due_date: missing required column\n"
    )
    assert not (tmp_path / "a.parquet").exists()


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("tags", "[oops", "expected a JSON value, got '[oops'"),
        ("tags", '{""a"": ""b""}', 'expected a JSON array, got \'{"a": "b"}\''),
        ("tags", "[true]", "expected text or a number, got 'true'"),
        (
            "payments",
            '[{""date"": ""2026-03-10"", ""amount"": ""1.00"", ""paid"": true}]',
            "a payment is an object of date, amount and method",
        ),
    ],
)
def test_a_malformed_csv_cell_is_a_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, cell: str, reason: str
) -> None:
    # Before: the whole run failed (exit 1) on the one bad cell.
    text = (
        f"id,customer_id,amount,due_date,{column}\n"
        f'x1,c01,1.00,2026-03-19,"{cell}"\nx2,c01,1.00,2026-03-19,[]\n'
    )
    rejects, planned = _plan_invoice_file(tmp_path, capsys, "i.csv", text)
    assert rejects == [("invoices", 0, column, reason)]
    assert planned == ["x2"]


def test_a_malformed_contacts_cell_rejects_its_customer_and_their_invoices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _files(tmp_path, "parquet", *_one_invoice("1.00"))
    (tmp_path / "c.csv").write_text(
        'id,name,kind,contacts\nc01,Ana,consumer,"[""a@b.com""]"\n', encoding="utf-8"
    )
    (tmp_path / "i.csv").write_text(
        "id,customer_id,amount,due_date\nx1,c01,1.00,2026-03-19\n", encoding="utf-8"
    )
    argv[argv.index("--customers") + 1] = str(tmp_path / "c.csv")
    argv[argv.index("--invoices") + 1] = str(tmp_path / "i.csv")
    code, _, _ = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert code == 0
    rejects = pl.read_parquet(tmp_path / "a.rejects.parquet")
    assert rejects.select("table", "row", "field", "reason").rows() == [
        ("customers", 0, "contacts", "expected an object of channel to address"),
        ("invoices", 0, "customer_id", "unknown customer 'c01' (absent or rejected)"),
    ]


def test_a_json_lines_flag_written_as_text_is_read_as_a_csv_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: any flag that was not a JSON boolean failed the whole run (exit 1).
    rows = [("x1", '"maybe"'), ("x2", '"yes"'), ("x3", "false"), ("x4", "1"), ("x5", "null")]
    text = "".join(
        f'{{"id": "{id_}", "customer_id": "c01", "amount": "1.00", '
        f'"due_date": "2026-03-19", "disputed": {flag}}}\n'
        for id_, flag in rows
    )
    rejects, planned = _plan_invoice_file(tmp_path, capsys, "i.jsonl", text)
    assert rejects == [("invoices", 0, "disputed", "'maybe' is not true or false")]
    assert sorted(planned) == ["x3", "x5"]  # x2 and x4 are disputed


def _invoice_line(id_: str, **extra: Any) -> str:
    row = {"id": id_, "customer_id": "c01", "amount": "1.00", "due_date": "2026-03-19", **extra}
    return json.dumps(row) + "\n"


def test_an_unreadable_json_lines_row_is_a_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: the whole run failed (exit 1) on the one bad line: a truncated write, a line
    # that is not an object, a cell of the wrong type. A blank line is no row.
    text = "".join(
        [
            _invoice_line("x1"),
            '{"id": "x2", "customer_id": "c0\n',
            "\n",
            "[1, 2]\n",
            _invoice_line("x3", amount=True),
            _invoice_line("x4", agreement_id={"a": 1}),
            _invoice_line("x5")[:-2] + ', "amount": "99.00"}\n',
            '{"id": "x6", "amount": NaN}\n',
            _invoice_line("x7"),
        ]
    )
    rejects, planned = _plan_invoice_file(tmp_path, capsys, "i.jsonl", text)
    assert rejects == [
        ("invoices", 1, "", "line 2: not valid JSON: Unterminated string starting at (column 29)"),
        ("invoices", 2, "", "line 4: expected an object, got an array"),
        ("invoices", 3, "amount", "expected text or a number, got a boolean"),
        ("invoices", 4, "agreement_id", "expected text or a number, got an object"),
        # Before: the last of a key given twice won, and x5 was dunned for 99.00.
        ("invoices", 5, "", "line 7: key 'amount' appears twice in one object"),
        ("invoices", 6, "", "line 8: not valid JSON: NaN is not a JSON number"),
    ]
    assert planned == ["x1", "x7"]


def test_a_csv_row_with_more_fields_than_the_header_is_a_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: the whole run failed (exit 1) on the one row, "found more fields than defined".
    # Its fields cannot be told apart (an unquoted comma shifts them), so it is not planned;
    # a quoted comma and a quoted line break are one field, as before.
    text = (
        "id,customer_id,amount,due_date,dunning_block_reason\n"
        'x1,c01,1.00,2026-03-19,"a, b\nc"\n'
        "x2,c01,1,00,2026-03-19,a1\n"
        "x3,c01,1.00,2026-03-19,\n"
    )
    rejects, planned = _plan_invoice_file(tmp_path, capsys, "i.csv", text)
    assert rejects == [
        ("invoices", 0, "dunning_block_reason", "set dunning_blocked too"),
        (
            "invoices",
            1,
            "",
            "line 4: 6 fields where the header has 5 (a comma in a value that is not quoted?)",
        ),
    ]
    assert planned == ["x3"]


@pytest.mark.parametrize("quoted_break", [False, True])
def test_a_csv_row_with_fewer_fields_than_the_header_is_a_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quoted_break: bool
) -> None:
    # Before: polars read the missing fields as empty and the row was planned, a cut-off
    # dunning_blocked and all (an export interrupted mid-row). Both ways of counting: on the
    # lines, and by Python's reader when a quoted value holds a line break.
    reason = '"a\nb"' if quoted_break else "a"
    text = (
        "id,customer_id,amount,due_date,dunning_blocked,dunning_block_reason\n"
        f"x1,c01,1.00,2026-03-19,true,{reason}\n"
        "x2,c01,1.00,2026-03-19\n"
        "\n"
        ",,,,,\n"
        'x3,c01,"1.00",2026-03-19,,\n'
    )
    rejects, planned = _plan_invoice_file(tmp_path, capsys, "i.csv", text)
    line = 4 if quoted_break else 3
    assert rejects == [
        ("invoices", 1, "", f"line {line}: 4 fields where the header has 6 (a row cut short?)")
    ]
    assert planned == ["x3"]


def test_a_csv_line_with_no_value_is_no_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: a blank line (Excel's trailing one too) was a row rejected for each required
    # field ("1 row rejected"). Rows are counted without them, as in JSON Lines.
    text = (
        "id,customer_id,amount,due_date,agreement_id\r\n"
        "x1,c01,1.00,2026-03-19,\r\n"
        "\r\n"
        ",,,,\r\n"
        "x2,c01,1.0.0,2026-03-19,\r\n"
        "x3,c01,1,00,2026-03-19,a\r\n"
        "x4,c01,1.00,2026-03-19,\r\n"
        "\r\n"
    )
    rejects, planned = _plan_invoice_file(tmp_path, capsys, "i.csv", text)
    assert [row[:3] for row in rejects] == [("invoices", 1, "amount"), ("invoices", 2, "")]
    assert rejects[1][3].startswith("line 6: 6 fields where the header has 5")
    assert planned == ["x1", "x4"]


def test_a_csv_header_with_spaces_after_its_commas_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "invoices. customer_id: unknown column".
    text = "id, customer_id , amount,due_date\nx1,c01,1.00,2026-03-19\n"
    rejects, planned = _plan_invoice_file(tmp_path, capsys, "i.csv", text)
    assert (rejects, planned) == ([], ["x1"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Before: "invoices.amount_duplicated_0: unknown column", polars' own name.
        (
            b"id,customer_id,amount,due_date,amount\nx1,c01,1.00,2026-03-19,2.00\n",
            "the header names the column 'amount' twice",
        ),
        (
            "id,customer_id,amount,due_date,dunning_block_reason\nx1,c01,1.00,2026-03-19,"
            "cobrança\n".encode("latin-1"),
            "(save the file as UTF-8: in Excel, 'CSV UTF-8')",
        ),
    ],
)
def test_a_csv_file_regua_cannot_read_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    argv = _files(tmp_path, "parquet", *_one_invoice("1.00"))
    (tmp_path / "i.csv").write_bytes(content)
    argv[argv.index("--invoices") + 1] = str(tmp_path / "i.csv")
    code, _, stderr = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert code == 1
    assert stderr.startswith(f"regua plan: error: {tmp_path / 'i.csv'}: ")
    assert message in stderr


def test_an_invoices_file_of_no_rows_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: a 0-byte export planned nothing, silently, like a day with nothing due.
    argv = _files(tmp_path, "parquet", *_one_invoice("1.00"))
    (tmp_path / "i.jsonl").write_text("", encoding="utf-8")
    argv[argv.index("--invoices") + 1] = str(tmp_path / "i.jsonl")
    code, _, stderr = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert (code, stderr) == (0, f"regua plan: {tmp_path / 'i.jsonl'} holds no rows\n")


def test_a_json_lines_file_of_unreadable_rows_plans_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rejects, planned = _plan_invoice_file(tmp_path, capsys, "i.jsonl", "{oops\n\n42\n")
    assert rejects == [
        (
            "invoices",
            0,
            "",
            "line 1: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        ),
        ("invoices", 1, "", "line 3: expected an object, got a number"),
    ]
    assert planned == []


def test_a_csv_flag_the_models_would_not_read_is_a_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: 'maybe' failed the whole run (exit 1); 'yes' too, which the models read as true.
    customers, invoices = _one_invoice("1.00")
    (tmp_path / "i.csv").write_text(
        "id,customer_id,amount,due_date,disputed\n"
        "x1,c01,1.00,2026-03-19,maybe\nx2,c01,1.00,2026-03-19,yes\nx3,c01,1.00,2026-03-19,NO\n",
        encoding="utf-8",
    )
    argv = _files(tmp_path, "parquet", customers, invoices)
    argv[argv.index("--invoices") + 1] = str(tmp_path / "i.csv")
    code, _, _ = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    rejects = pl.read_parquet(tmp_path / "a.rejects.parquet")
    assert code == 0
    assert rejects.select("table", "row", "field", "reason").rows() == [
        ("invoices", 0, "disputed", "'maybe' is not true or false")
    ]
    planned = pl.read_parquet(tmp_path / "a.parquet").get_column("invoice_ids").explode()
    assert "x2" not in planned.to_list()  # disputed: yes, held by the dispute guardrail


def test_history_from_a_table_file_holds_back_what_was_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _sample_frames()
    argv = _files(tmp_path, "parquet", customers, invoices)
    code, _, _ = run(capsys, *argv, "--out", str(tmp_path / "day1.parquet"))
    assert code == 0
    day1 = pl.read_parquet(tmp_path / "day1.parquet")
    history = day1.select(
        pl.col("id").alias("action_id"),
        "customer_id",
        "step_id",
        "invoice_ids",
        "channel",
        pl.col("window_start").alias("at"),
        pl.lit("delivered").alias("outcome"),
    )
    write_table(history, str(tmp_path / "h.csv"), pl)
    code, _, stderr = run(
        capsys,
        *argv,
        "--history",
        str(tmp_path / "h.csv"),
        "--out",
        str(tmp_path / "day1again.parquet"),
    )
    assert (code, stderr) == (0, "")
    assert day1.height > 0
    assert pl.read_parquet(tmp_path / "day1again.parquet").height == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--out", "a.json"], "--out names the actions table to write"),
        ([], "--out names the actions table to write"),
    ],
)
def test_table_inputs_need_a_table_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    customers, invoices = _sample_frames()
    code, _, stderr = run(capsys, *_files(tmp_path, "parquet", customers, invoices), *extra)
    assert code == 2
    assert message in stderr
    assert stderr.count("\n") == 1


@pytest.mark.parametrize("out", ["plan.parquet", "plan.csv", "plan.jsonl"])
def test_json_inputs_refuse_a_table_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str
) -> None:
    # A JSON portfolio gives a JSON plan; written under a table's name it was a file no table
    # reader could open (a .parquet holding JSON text).
    schedule = tmp_path / "regua.json"
    schedule.write_text(json.dumps(SAMPLE_SCHEDULE), encoding="utf-8")
    main(["example", "portfolio", "--out", str(tmp_path / "portfolio.json")])
    target = tmp_path / out
    code, _, stderr = run(
        capsys,
        "plan",
        str(schedule),
        str(tmp_path / "portfolio.json"),
        "--as-of",
        AS_OF,
        "--out",
        str(target),
    )
    assert code == 2
    assert "--out" in stderr
    assert "JSON" in stderr
    assert stderr.count("\n") == 1
    assert not target.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["schema", "schedule"],
        ["example", "portfolio"],
        ["demo"],
    ],
)
def test_text_commands_refuse_a_table_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    target = tmp_path / "out.parquet"
    code, _, stderr = run(capsys, *argv, "--out", str(target))
    assert code == 2
    assert "writes text, not a table" in stderr
    assert not target.exists()


def test_progress_is_reported_only_when_asked_for_off_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _sample_frames()
    argv = [*_files(tmp_path, "parquet", customers, invoices), "--out", str(tmp_path / "a.csv")]
    assert run(capsys, *argv) == (0, "", "")
    code, _, stderr = run(capsys, *argv, "--progress")
    assert code == 0
    phases = [line.split("…")[0] for line in stderr.splitlines()]
    assert phases == [
        f"regua plan: reading {tmp_path / 'regua.json'}",
        f"regua plan: reading {tmp_path / 'c.parquet'}",
        f"regua plan: reading {tmp_path / 'i.parquet'}",
        "regua plan: planning 72 invoices",
        f"regua plan: writing {tmp_path / 'a.csv'}",
    ]


def _agreement_portfolio() -> tuple[Any, Any, list[dict[str, Any]]]:
    """Two invoices renegotiated into three installments, none paid: the agreement is broken
    by 2026-03-02 and what it owes is dunned (as in tests/test_rules_agreements.py)."""
    customers = pl.DataFrame({"id": ["c1"], "name": ["C"], "kind": ["consumer"]}).with_columns(
        pl.lit([{"key": "email", "value": "c@example.com"}]).alias("contacts")
    )
    invoices = pl.DataFrame(
        {
            "id": ["i1", "i2"],
            "customer_id": ["c1", "c1"],
            "amount": ["60.00", "40.00"],
            "due_date": ["2025-12-05", "2025-12-05"],
        }
    )
    agreement = {
        "id": "a1",
        "customer_id": "c1",
        "invoice_ids": ["i1", "i2"],
        "signed_on": "2026-01-10",
        "original_debt": "100.00",
        "rate": "0.04",
        "tolerance_days": 10,
        "installments": [
            {"number": n, "due_date": f"2026-0{n + 1}-10", "amount": "35.69"} for n in (1, 2, 3)
        ],
    }
    return customers, invoices, [agreement]


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
def test_agreements_from_json_or_json_lines_are_planned_as_regua_plan_plans_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    customers, invoices, agreements = _agreement_portfolio()
    schedule = {"name": "t", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}
    argv = _files(tmp_path, "parquet", customers, invoices)
    argv[argv.index("--schedule") + 1] = str(tmp_path / "t.json")
    (tmp_path / "t.json").write_text(json.dumps(schedule), encoding="utf-8")
    path = tmp_path / f"a.{suffix}"
    text = "\n".join(map(json.dumps, agreements)) if suffix == "jsonl" else json.dumps(agreements)
    path.write_text(text, encoding="utf-8")
    argv[argv.index("--as-of") + 1] = "2026-03-02"
    code, _, stderr = run(
        capsys, *argv, "--agreements", str(path), "--out", str(tmp_path / "out.parquet")
    )
    assert (code, stderr) == (0, "")
    got = pl.read_parquet(tmp_path / "out.parquet")
    reference = regua.plan(
        schedule,
        [
            regua.Customer.model_validate(r)
            for r in [
                {
                    "id": "c1",
                    "name": "C",
                    "kind": "consumer",
                    "contacts": {"email": "c@example.com"},
                }
            ]
        ],
        [regua.Invoice.model_validate(r) for r in invoices.to_dicts()],
        as_of=date(2026, 3, 2),
        agreements=[regua.Agreement.model_validate(a) for a in agreements],
    )
    assert len(reference.actions) == 1
    assert got.select("id", "amount_due").rows() == [
        (a.id, a.amount_due) for a in reference.actions
    ]


def test_agreements_cannot_come_from_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers, invoices = _sample_frames()
    (tmp_path / "a.csv").write_text("id\na1\n", encoding="utf-8")
    argv = _files(tmp_path, "parquet", customers, invoices)
    code, _, stderr = run(
        capsys,
        *argv,
        "--agreements",
        str(tmp_path / "a.csv"),
        "--out",
        str(tmp_path / "out.parquet"),
    )
    assert code == 2
    assert "a CSV file cannot hold nested records" in stderr


class _Terminal:
    """A standard error that says it is a terminal, recording what is written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_on_a_terminal_the_progress_line_is_rewritten_and_cleared_before_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    customers, invoices = _sample_frames()
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    argv = _files(tmp_path, "parquet", customers, invoices)
    argv[argv.index("--invoices") + 1] = str(tmp_path / "missing.parquet")
    assert main([*argv, "--out", str(tmp_path / "a.parquet")]) == 1
    progress, _, error = terminal.text.rpartition("\r\x1b[K")
    assert progress.startswith("\rregua plan: reading ")
    assert "\n" not in progress
    assert error == f"regua plan: error: {tmp_path / 'missing.parquet'}: no such file\n"


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_a_payment_of_0_1_in_a_json_cell_is_exact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    customers, invoices = _one_invoice("1.00")
    due = SAMPLE_AS_OF + timedelta(days=3)
    payments = '[{"date": "2026-03-01", "amount": 0.1}]'
    if suffix == "csv":
        cell = payments.replace('"', '""')
        text = f'id,customer_id,amount,due_date,payments\nx1,c01,1.00,{due},"{cell}"\n'
    else:
        text = (
            f'{{"id": "x1", "customer_id": "c01", "amount": 1.00, "due_date": "{due}",'
            f' "payments": {payments}}}\n'
        )
    (tmp_path / f"i.{suffix}").write_text(text, encoding="utf-8")
    argv = _files(tmp_path, "parquet", customers, invoices)
    argv[argv.index("--invoices") + 1] = str(tmp_path / f"i.{suffix}")
    code, _, stderr = run(capsys, *argv, "--out", str(tmp_path / "a.parquet"))
    assert (code, stderr) == (0, "")
    amounts = pl.read_parquet(tmp_path / "a.parquet").get_column("amount_due").to_list()
    assert amounts == [Decimal("0.90")]


@pytest.mark.parametrize("suffix", ["json", "jsonl", "parquet"])
def test_promises_from_a_file_are_planned_as_regua_plan_plans_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    from test_rules_promises import CUSTOMER, D1, PROMISE, SCHEDULE, _invoice

    argv = _files(
        tmp_path,
        "parquet",
        regua.frames.to_polars([CUSTOMER]),
        regua.frames.to_polars([_invoice()]),
    )
    (tmp_path / "s.json").write_text(json.dumps(SCHEDULE), encoding="utf-8")
    argv[argv.index("--schedule") + 1] = str(tmp_path / "s.json")
    argv[argv.index("--as-of") + 1] = "2026-03-16"
    history = _write(regua.frames.to_polars([D1]), tmp_path / "h.parquet")
    path = tmp_path / f"p.{suffix}"
    row = PROMISE.model_dump(mode="json")
    if suffix == "parquet":
        write_table(regua.frames.to_polars([PROMISE]), str(path), pl)
    else:
        path.write_text(json.dumps(row if suffix == "jsonl" else [row]), encoding="utf-8")
    out = tmp_path / "out.parquet"
    code, _, stderr = run(
        capsys, *argv, "--history", history, "--promises", str(path), "--out", str(out)
    )
    assert (code, stderr) == (0, "")
    reference = regua.plan(
        SCHEDULE, [CUSTOMER], [_invoice()], as_of=date(2026, 3, 16), history=[D1],
        promises=[PROMISE],
    )  # fmt: skip
    assert pl.read_parquet(out).select("id", "step_id").rows() == [
        (a.id, a.step_id) for a in reference.actions
    ]
    assert [a.step_id for a in reference.actions] == ["broken"]


@pytest.mark.parametrize(
    ("part", "row", "field"),
    [
        ("promises", {"id": "p1", "customer_id": "c01", "invoice_ids": ["x"], "amount": "-60.00",
                      "made_on": "2026-03-03", "due_date": "2026-03-13"}, "promises[0].amount"),
        ("agreements", {"id": "a1", "customer_id": "c01", "invoice_ids": ["x"]},
         "agreements[0].signed_on"),
    ],
)  # fmt: skip
def test_a_bad_promise_or_agreement_is_named_by_its_file_and_its_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], part: str, row: Any, field: str
) -> None:
    # The error said "rows[0].amount", without the file or what the rows were.
    customers, invoices = _sample_frames()
    argv = _files(tmp_path, "parquet", customers, invoices)
    path = tmp_path / f"{part}.json"
    path.write_text(json.dumps([row]), encoding="utf-8")
    code, _, stderr = run(
        capsys, *argv, f"--{part}", str(path), "--out", str(tmp_path / "out.parquet")
    )
    assert code == 1
    assert stderr.startswith(f"regua plan: error: {path}: {field}: "), stderr
    with pytest.raises(regua.InvalidInputError) as err:
        columnar.plan(SAMPLE_SCHEDULE, customers, invoices, as_of=SAMPLE_AS_OF, **{part: [row]})
    assert err.value.field == field


def test_csv_writes_instants_as_json_lines_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # CSV wrote "2026-03-16T11:00:00.000000+0000" (polars' default), JSON Lines
    # "2026-03-16T11:00:00+00:00": the CSV offset without its colon is not RFC 3339.
    customers, invoices = _sample_frames()
    texts = {}
    for fmt in ("csv", "jsonl"):
        out = tmp_path / f"actions.{fmt}"
        code, _, _ = run(
            capsys, *_files(tmp_path, "parquet", customers, invoices), "--out", str(out)
        )
        assert code == 0
        if fmt == "csv":
            frame = pl.read_csv(out, infer_schema=False)
        else:
            frame = pl.read_ndjson(out, infer_schema_length=None)
        texts[fmt] = frame.select("window_start", "window_end").rows()
    assert texts["csv"] == texts["jsonl"]
    assert texts["csv"][0][0].endswith("+00:00")


@pytest.mark.parametrize("empty", ["h.jsonl", "h.json"])
def test_a_day_with_no_contacts_is_an_empty_history_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], empty: str
) -> None:
    # Before: an empty JSON Lines file, or a JSON file holding [], had no columns and was
    # refused for a missing history.action_id (exit 1).
    argv = _files(tmp_path, "parquet", *_one_invoice("1.00"))
    (tmp_path / empty).write_text("" if empty.endswith(".jsonl") else "[]", encoding="utf-8")
    code, _, _ = run(
        capsys, *argv, "--history", str(tmp_path / empty), "--out", str(tmp_path / "a.parquet")
    )
    assert code == 0
    assert pl.read_parquet(tmp_path / "a.parquet").get_column("invoice_ids").to_list() == [["x1"]]


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_a_profile_entry_naming_no_profile_is_a_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    # Before: one mistyped profile failed the whole run (exit 1, nothing planned).
    customers, invoices = _sample_frames()
    ids = customers.get_column("id").to_list()
    entries = {ids[0]: "recurring", ids[1]: "recurrent"}
    profiles = tmp_path / f"profiles.{suffix}"
    if suffix == "json":
        profiles.write_text(json.dumps(entries), encoding="utf-8")
    else:
        profiles.write_text(
            "customer_id,profile\n" + "".join(f"{k},{v}\n" for k, v in entries.items()),
            encoding="utf-8",
        )
    out = tmp_path / "actions.parquet"
    code, _, stderr = run(
        capsys,
        *_files(tmp_path, "parquet", customers, invoices),
        "--profiles",
        str(profiles),
        "--out",
        str(out),
    )
    assert code == 0, stderr
    rejects = pl.read_parquet(tmp_path / "actions.rejects.parquet")
    assert ("profiles", 1, "profile") in rejects.select("table", "row", "field").rows()
    assert ("customers", 1, "profile") in rejects.select("table", "row", "field").rows()
    planned = set(pl.read_parquet(out).get_column("customer_id"))
    assert ids[1] not in planned
    assert planned


_EXPONENTS = (  # (amount, payment) as JSON numbers, and the balance the models read from them
    ("1e3", "1e1", Decimal("990.00")),
    ("2.5E+1", "1.0e0", Decimal("24.00")),
    ("12345e-2", "0.5E1", Decimal("118.45")),
)


@pytest.mark.parametrize(("amount", "paid", "balance"), _EXPONENTS)
@pytest.mark.parametrize("suffix", ["json", "jsonl", "csv"])
def test_a_json_number_with_an_exponent_is_the_number_the_models_read(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
    amount: str,
    paid: str,
    balance: Decimal,
) -> None:
    # Before: a JSON portfolio read 1e3 as 1000 and the table path refused it ("'1E+3' is not
    # written as plain digits"), or read 2.5E+1 and refused 2.5e2: two plans of one file.
    due = SAMPLE_AS_OF + timedelta(days=3)
    payments = f'[{{"date": "{SAMPLE_AS_OF}", "amount": {paid}}}]'
    row = f'{{"id": "x1", "customer_id": "c01", "due_date": "{due}", "amount": {amount}'
    if suffix == "csv":  # a CSV amount is text (1e3 is refused there, as by the models); the
        # payments cell is JSON, its numbers JSON numbers
        cell = payments.replace('"', '""')
        plain = format(Decimal(amount), "f")
        text = f'id,customer_id,amount,due_date,payments\nx1,c01,{plain},{due},"{cell}"\n'
    else:
        line = f'{row}, "payments": {payments}}}'
        text = f"[{line}]" if suffix == "json" else line + "\n"
    rejects, planned = _plan_invoice_file(tmp_path, capsys, f"i.{suffix}", text)
    assert (rejects, planned) == ([], ["x1"])
    amounts = pl.read_parquet(tmp_path / "a.parquet").get_column("amount_due").to_list()
    assert amounts == [balance]
    if suffix == "json":  # the JSON portfolio path, on the same rows: the same amount
        invoice = regua.Invoice.model_validate(json.loads(text, parse_float=Decimal)[0])
        assert invoice.balance(SAMPLE_AS_OF) == balance


def test_a_json_number_too_long_to_write_out_is_refused_not_expanded() -> None:
    from regua.columnar.cells import plain_number

    assert plain_number("1e3") == "1000"
    assert plain_number("-1.5E-3") == "-0.0015"
    assert plain_number("42") == "42"
    assert plain_number("1e999999999") == "1e999999999"  # not a billion zeros

"""``regua plan`` on tables writes each amount with its own currency's places in CSV and JSON
Lines (a JPY amount was written ``1166667.00``, against the schema's "at most its currency's
decimals"), as the JSON plan does; Parquet keeps one decimal column, scaled to the most places of
any currency in the portfolio (at least 2)."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regua
import regua.frames
from regua import Invoice
from regua.cli import main
from regua.cli.tables import write_table
from regua.samples import SAMPLE_AS_OF, SAMPLE_SCHEDULE, sample_customers

pl = pytest.importorskip("polars")

DUE = str(SAMPLE_AS_OF + timedelta(days=3))  # the reminder step (offset -3) is due today
# Reais (2 places), yen (0) and dinars (3), each owed by a customer of its own.
INVOICES = [
    {"id": "b", "customer_id": "c01", "amount": "1234.50", "currency": "BRL", "due_date": DUE},
    {"id": "j", "customer_id": "c02", "amount": "1166667", "currency": "JPY", "due_date": DUE},
    {"id": "k", "customer_id": "c03", "amount": "12.345", "currency": "KWD", "due_date": DUE},
]
# A fee of 10 % on the reminder: 123.45 reais, 116,666.7 yen rounded to 116667, 1.2345 dinars
# rounded half-up to 1.235 (a fee's rounding).
SCHEDULE = copy.deepcopy(SAMPLE_SCHEDULE)
SCHEDULE["steps"][0]["fee"] = "10%"
SCHEDULE["guardrails"] = {"consumer_fees": True}
EXPECTED = [
    ("BRL", "1234.50", "123.45"),
    ("JPY", "1166667", "116667"),
    ("KWD", "12.345", "1.235"),
]


def _plan(
    tmp_path: Path, invoices: list[dict[str, Any]], out: str, schedule: Any = SCHEDULE
) -> Path:
    (tmp_path / "regua.json").write_text(json.dumps(schedule), encoding="utf-8")
    regua.frames.to_polars(sample_customers()).write_parquet(tmp_path / "c.parquet")
    pl.DataFrame(invoices).write_csv(tmp_path / "i.csv")
    code = main(
        [
            "plan",
            "--schedule",
            str(tmp_path / "regua.json"),
            "--customers",
            str(tmp_path / "c.parquet"),
            "--invoices",
            str(tmp_path / "i.csv"),
            "--as-of",
            str(SAMPLE_AS_OF),
            "--out",
            str(tmp_path / out),
        ]
    )
    assert code == 0
    return tmp_path / out


def test_the_json_plan_writes_each_amount_with_its_currencys_places() -> None:
    # What the table outputs must agree with.
    invoices = [Invoice.model_validate(row) for row in INVOICES]
    result = regua.plan(SCHEDULE, sample_customers(), invoices, as_of=SAMPLE_AS_OF)
    actions = json.loads(result.to_json())["actions"]
    assert [(a["currency"], a["amount_due"], a["fee"]) for a in actions] == EXPECTED


def test_csv_writes_each_amount_with_its_currencys_places(tmp_path: Path) -> None:
    out = _plan(tmp_path, INVOICES, "a.csv")
    written = pl.read_csv(out, infer_schema=False)  # the cells' text, as written
    assert written.select("currency", "amount_due", "fee").rows() == EXPECTED
    assert ",JPY,1166667," in out.read_text(encoding="utf-8")


def test_json_lines_write_each_amount_with_its_currencys_places(tmp_path: Path) -> None:
    out = _plan(tmp_path, INVOICES, "a.jsonl")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(a["currency"], a["amount_due"], a["fee"]) for a in lines] == EXPECTED


def test_each_invoices_fee_is_written_with_its_currencys_places(tmp_path: Path) -> None:
    # Before: an action's fees (per invoice) kept the column's widest scale: yen 116667.000.
    csv = pl.read_csv(_plan(tmp_path, INVOICES, "a.csv"), infer_schema=False)
    assert [json.loads(cell) for cell in csv.get_column("fees")] == [
        {"b": "123.45"},
        {"j": "116667"},
        {"k": "1.235"},
    ]
    jsonl = _plan(tmp_path, INVOICES, "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["fees"] for line in jsonl] == [
        [{"key": "b", "value": "123.45"}],
        [{"key": "j", "value": "116667"}],
        [{"key": "k", "value": "1.235"}],
    ]


def test_a_missing_fee_stays_empty(tmp_path: Path) -> None:
    # The reminder without a fee: the fee column is null, written empty and as JSON null.
    csv = pl.read_csv(_plan(tmp_path, INVOICES, "a.csv", SAMPLE_SCHEDULE), infer_schema=False)
    jsonl = _plan(tmp_path, INVOICES, "a.jsonl", SAMPLE_SCHEDULE).read_text(encoding="utf-8")
    assert csv.select("currency", "amount_due", "fee").rows() == [
        (currency, amount, None) for currency, amount, _ in EXPECTED
    ]
    assert [json.loads(line)["fee"] for line in jsonl.splitlines()] == [None, None, None]


def test_parquet_holds_one_decimal_column_of_the_widest_places(tmp_path: Path) -> None:
    written = pl.read_parquet(_plan(tmp_path, INVOICES, "a.parquet"))
    assert written.schema["amount_due"] == pl.Decimal(38, 3)  # KWD's 3 places
    assert written.select("currency", "amount_due", "fee").rows() == [
        (currency, Decimal(amount), Decimal(fee)) for currency, amount, fee in EXPECTED
    ]


def test_parquet_of_yen_alone_keeps_two_places(tmp_path: Path) -> None:
    written = pl.read_parquet(_plan(tmp_path, INVOICES[1:2], "a.parquet"))
    assert written.schema["amount_due"] == pl.Decimal(38, 2)
    assert written.get_column("amount_due").to_list() == [Decimal("1166667")]


def test_a_text_is_never_cut_short(tmp_path: Path) -> None:
    # More places than the currency has, a currency regua does not know, no currency at all:
    # every place is kept rather than a digit lost.
    money = pl.Decimal(38, 3)
    frame = pl.DataFrame(
        {
            "currency": ["JPY", "XYZ", None, "jpy"],
            "amount": pl.Series(
                "amount", [Decimal("1.001"), Decimal("2"), Decimal("3"), Decimal("4")], money
            ),
        }
    )
    write_table(frame, str(tmp_path / "a.csv"), pl)
    assert pl.read_csv(tmp_path / "a.csv", infer_schema=False).rows() == [
        ("JPY", "1.001"),
        ("XYZ", "2.000"),
        (None, "3.000"),
        ("jpy", "4"),
    ]
    write_table(frame.drop("currency"), str(tmp_path / "a.jsonl"), pl)
    first = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert first == '{"amount":"1.001"}'

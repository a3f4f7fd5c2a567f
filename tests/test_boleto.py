"""Boleto lines against real public lines (amounts and due dates from their own test suites)
and hand-computed examples around the 2025-02-22 factor restart."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regua.boleto import Boleto, due_date_for_factor, parse_line
from regua.errors import InvalidInputError

UNTYPED_PARSE: Any = parse_line
UNTYPED_FACTOR: Any = due_date_for_factor


def luhn_digit(digits: str) -> int:
    """FEBRABAN's modulo 10, written the textbook way: double every second digit from the right,
    subtract 9 from products above 9."""
    doubled = [
        (2 * int(d) - 9 if 2 * int(d) > 9 else 2 * int(d)) if i % 2 == 0 else int(d)
        for i, d in enumerate(reversed(digits))
    ]
    return -sum(doubled) % 10


def line_of_barcode(barcode: str) -> str:
    """The 47-digit line of a 44-digit bank barcode (FEBRABAN layout)."""
    free = barcode[19:]
    fields = [barcode[0:4] + free[0:5], free[5:15], free[15:25]]
    return "".join(f + str(luhn_digit(f)) for f in fields) + barcode[4] + barcode[5:19]


# Real bank boletos from public test suites: (barcode, due date, amount).
REAL_BARCODES = [
    ("10499898100000214032006561000100040099726390", date(2022, 5, 10), Decimal("214.03")),
    ("75696903800002500001434301033723400014933001", date(2022, 7, 6), Decimal("2500.00")),
    ("00191667900002434790000002656973019362470618", date(2016, 1, 20), Decimal("2434.79")),
    ("00195586200000773520000002464206011816073018", date(2013, 10, 25), Decimal("773.52")),
    ("75592896700003787000003389850761252543475984", date(2022, 4, 26), Decimal("3787.00")),
    ("23791672000003249052028269705944177105205220", date(2016, 3, 1), Decimal("3249.05")),
]


def test_a_real_line_and_its_fields() -> None:
    boleto = parse_line(
        "10492.00650 61000.100042 00997.263900 9 89810000021403", near=date(2022, 5, 1)
    )
    assert boleto == Boleto(
        kind="bank",
        line="10492006506100010004200997263900989810000021403",
        barcode="10499898100000214032006561000100040099726390",
        amount=Decimal("214.03"),
        due_date=date(2022, 5, 10),
        bank="104",
        currency_code="9",
        due_factor=8981,
        free_field="2006561000100040099726390",
    )


@pytest.mark.parametrize(("barcode", "due", "amount"), REAL_BARCODES)
def test_real_boletos(barcode: str, due: date, amount: Decimal) -> None:
    boleto = parse_line(line_of_barcode(barcode), near=due - timedelta(days=30))
    assert (boleto.barcode, boleto.due_date, boleto.amount) == (barcode, due, amount)
    # The same factor read in the cycle after the restart: 9,000 days later.
    assert parse_line(line_of_barcode(barcode)).due_date == due + timedelta(days=9000)


def test_a_real_credit_card_boleto_has_no_amount_and_no_due_date() -> None:
    boleto = parse_line("23794150099001980167035000211405700000000000000")
    assert (boleto.amount, boleto.due_date, boleto.due_factor) == (None, None, 0)


@pytest.mark.parametrize(
    ("line", "amount", "segment", "module"),
    [
        # Energy (segment 3), value identifier 8: modulo 11.
        ("83860000005 0 09600019000 9 00080178230 9 00034306271 2", Decimal("509.60"), "3", 11),
        # Government (segment 5), value identifier 8: modulo 11.
        ("858200000007572503282030560708202107539591904460", Decimal("57.25"), "5", 11),
        # Telecom (segment 4), identifier 6: modulo 10.
        ("846300000003299902962024004101360008002006441147", Decimal("29.99"), "4", 10),
    ],
)
def test_real_convenio_lines(line: str, amount: Decimal, segment: str, module: int) -> None:
    boleto = parse_line(line)
    assert (boleto.kind, boleto.amount, boleto.segment, boleto.due_date) == (
        "convenio",
        amount,
        segment,
        None,
    )
    assert boleto.value_kind == "effective"
    assert boleto.barcode[2] in ("67" if module == 10 else "89")


def test_a_reference_value_convenio_has_no_amount() -> None:
    # Identifier 7 (reference quantity, modulo 10); check digits computed by hand:
    # barcode 8170 (general DV 0 below) 00000012345 0001 ... built and checked with luhn_digit.
    body = "817" + "00000012345" + "0001" + "2" * 25
    general = luhn_digit(body)
    barcode = body[:3] + str(general) + body[3:]
    line = "".join(
        barcode[11 * i : 11 * i + 11] + str(luhn_digit(barcode[11 * i : 11 * i + 11]))
        for i in range(4)
    )
    boleto = parse_line(line)
    assert (boleto.amount, boleto.value_kind, boleto.company_id) == (None, "reference", "0001")


@pytest.mark.parametrize(
    ("factor", "near", "expected"),
    [
        (9999, None, date(2049, 10, 13)),
        (9999, date(2025, 2, 21), date(2025, 2, 21)),
        (1000, None, date(2025, 2, 22)),
        (1000, date(2025, 2, 22), date(2025, 2, 22)),
        (1000, date(2000, 7, 3), date(2000, 7, 3)),
        (1002, date(2025, 3, 1), date(2025, 2, 24)),
        (1667, date(2026, 12, 1), date(2026, 12, 21)),
        (4789, date(2010, 1, 1), date(2010, 11, 17)),
        (4789, date(2030, 1, 1), date(2035, 7, 9)),
        (4789, None, date(2035, 7, 9)),
        (1, None, date(1997, 10, 8)),
        (999, date(2030, 1, 1), date(2000, 7, 2)),
        (0, date(2030, 1, 1), None),
        # A boleto issued before the restart and read just after it: the old cycle is closer.
        (9990, date(2025, 3, 10), date(2025, 2, 12)),
        # And one due just after it, read just before.
        (1010, date(2025, 2, 1), date(2025, 3, 4)),
        # Equidistant (4,500 days either way): the later reading wins.
        (5500, date(2012, 10, 28) + timedelta(days=4500), date(2037, 6, 19)),
        (5500, date(2012, 10, 28) + timedelta(days=4499), date(2012, 10, 28)),
    ],
)
def test_due_date_factor(factor: int, near: date | None, expected: date | None) -> None:
    assert due_date_for_factor(factor, near=near) == expected


def test_factor_cycles_by_hand() -> None:
    # Day 9999 after 1997-10-07 and day 1000 of the new cycle are consecutive days.
    assert date(1997, 10, 7) + timedelta(days=9999) == date(2025, 2, 21)
    assert date(1997, 10, 7) + timedelta(days=5500) == date(2012, 10, 28)
    assert due_date_for_factor(5500) == date(2012, 10, 28) + timedelta(days=9000)


@pytest.mark.parametrize("bad", [-1, 10000, True, 1.5, "1000"])
def test_bad_factor_is_refused(bad: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        UNTYPED_FACTOR(bad)
    assert caught.value.field == "factor"


LINE = "10492006506100010004200997263900989810000021403"


def _with(position: int, digit: str, line: str = LINE) -> str:
    return line[:position] + digit + line[position + 1 :]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (_with(9, "5"), "field 1's check digit is 5, expected 0"),  # 104920065: sum 30, DV 0
        (_with(2, "5"), "field 1"),
        (_with(12, "7"), "field 2"),
        (_with(31, "1"), "field 3"),
        (_with(32, "8"), "general check digit"),
        (_with(40, "9"), "general check digit"),  # the amount mistyped
        (_with(34, "0"), "general check digit"),  # the due-date factor mistyped
        (LINE[:-1], "46 digits"),
        (LINE + "0", "48 digits|starts with 8"),
        ("10499898100000214032006561000100040099726390", "barcode"),
        (LINE.replace("1", "l", 1), "characters other than digits"),
        ("", "0 digits"),
        ("1" * 101, "101 characters"),
        ("838600000050096000190009000801782309000343062713", "block 4"),
        ("838600000051096000190009000801782309000343062712", "block 1"),
        ("838600000050096000190009000801782309000343062702", "block 4"),
        ("835600000050096000190009000801782309000343062712", "value identifier"),
        ("738600000050096000190009000801782309000343062712", "starts with 8"),
    ],
)
def test_faults_name_the_field(line: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        parse_line(line)
    assert caught.value.field == "line"


def test_convenio_general_check_digit() -> None:
    # Change the general DV (4th digit) and fix block 1's DV so only the general one is wrong.
    line = "846300000003299902962024004101360008002006441147"  # modulo 10
    block = line[:3] + "7" + line[4:11]
    changed = block + str(luhn_digit(block)) + line[12:]
    with pytest.raises(InvalidInputError, match=r"general check digit .* is 7, expected 3"):
        parse_line(changed)


def test_non_text_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="expected text"):
        UNTYPED_PARSE(10492006506100010004200997263900989810000021403)


@settings(max_examples=300)
@given(st.sampled_from([b for b, _, _ in REAL_BARCODES]), st.data())
def test_a_mistyped_digit_in_fields_1_to_3_is_always_caught(
    barcode: str, data: st.DataObject
) -> None:
    # Modulo 10 catches every single-digit substitution; the general modulo-11 digit catches
    # most in field 5 but not all (FEBRABAN maps remainders 0, 1 and 10 to the same digit).
    line = line_of_barcode(barcode)
    position = data.draw(st.integers(0, 31))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != line[position]))
    with pytest.raises(InvalidInputError):
        parse_line(_with(position, digit, line))

"""regua.money with hand-computed values."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from regua.errors import InvalidInputError
from regua.models import Invoice
from regua.money import (
    Amount,
    CurrencyCode,
    Rate,
    allocate,
    check_places,
    currencies,
    minor_unit,
    minor_units,
    quantize,
    split,
    to_decimal,
)

D = Decimal


def test_minor_units_from_cldr() -> None:
    assert (minor_units("BRL"), minor_units("USD"), minor_units("JPY"), minor_units("KWD")) == (
        2,
        2,
        0,
        3,
    )
    assert minor_unit("BRL") == D("0.01")
    assert minor_unit("JPY") == D("1")
    assert minor_unit("KWD") == D("0.001")
    with pytest.raises(InvalidInputError, match=r"^currency: unknown ISO 4217"):
        minor_units("XYZ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.50", D("10.50")),
        (" 7 ", D("7")),
        (3, D("3")),
        (D("1.234"), D("1.234")),
        (0.5, D("0.5")),
        (0.25, D("0.25")),
        (1e20, D("1E+20")),
        (-2.5, D("-2.5")),
    ],
)
def test_to_decimal_accepts_exact_values(value: object, expected: Decimal) -> None:
    result = to_decimal(value)
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (0.1, "no exact binary value"),
        (0.1 + 0.2, "no exact binary value"),
        (19.99, "no exact binary value"),
        (float("nan"), "not a finite number"),
        (float("inf"), "not a finite number"),
        (float("-inf"), "not a finite number"),
        ("NaN", "not a finite number"),
        ("Infinity", "not a finite number"),
        (D("sNaN"), "not a finite number"),
        (True, "a bool is not a number"),
        (False, "a bool is not a number"),
        ("12,50", "not a decimal number"),
        # What the JSON Schema's pattern refuses (Decimal() reads them all: "1e3" was 1000).
        ("1e3", "not written as plain digits"),
        ("2.5E2", "not written as plain digits"),
        ("1_000.00", "not written as plain digits"),
        ("+250.00", "not written as plain digits"),
        (".5", "not written as plain digits"),
        ("\u0662\u0665\u0660.\u0660\u0660", "not written as plain digits"),  # Arabic-Indic
        ("\uff12\uff15\uff10", "not written as plain digits"),  # full-width
        ("", "not a decimal number"),
        (None, "expected a decimal number, got NoneType"),
        ([1], "expected a decimal number, got list"),
    ],
)
def test_to_decimal_rejects(value: object, reason: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        to_decimal(value, "price")
    assert info.value.field == "price"
    assert reason in info.value.reason


def test_check_places() -> None:
    assert str(check_places(D("12.5"))) == "12.50"
    assert str(check_places(D("12.500"))) == "12.50"  # trailing zeros are not extra places
    assert str(check_places(D("1E+3"))) == "1000.00"
    assert str(check_places(D("7"), "JPY")) == "7"
    assert str(check_places(D("7.000"), "JPY")) == "7"
    assert str(check_places(D("1.005"), "KWD")) == "1.005"
    with pytest.raises(InvalidInputError, match=r"^amount: 12.505 has more than 2 decimal"):
        check_places(D("12.505"))
    with pytest.raises(InvalidInputError, match="more than 0 decimal places for JPY"):
        check_places(D("7.5"), "JPY")
    with pytest.raises(InvalidInputError, match="more than 3 decimal places for KWD"):
        check_places(D("1.0005"), "KWD")


def test_amounts_too_large_for_the_decimal_context_are_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="too large"):
        check_places(D("1E+30"))
    with pytest.raises(InvalidInputError, match=r"^total: .*too large"):
        split(D("1E+27"), 3)
    with pytest.raises(InvalidInputError, match=r"^value: .*too large"):
        quantize(D("1e40"))
    # Many digits but few places: counted exactly, not rounded away by normalize().
    with pytest.raises(InvalidInputError, match="more than 2 decimal places"):
        check_places(D("1234567890123456789012345.678"))


def test_quantize_half_up_versus_half_even() -> None:
    assert quantize(D("2.345")) == D("2.35")
    assert quantize(D("2.345"), rounding=ROUND_HALF_EVEN) == D("2.34")
    assert quantize(D("2.355"), rounding=ROUND_HALF_EVEN) == D("2.36")
    assert quantize(D("-2.345")) == D("-2.35")  # half away from zero, like a spreadsheet
    assert quantize(D("-2.345"), rounding=ROUND_HALF_EVEN) == D("-2.34")
    assert quantize("1234.5", "JPY") == D("1235")
    assert quantize("1234.5", "JPY", ROUND_HALF_EVEN) == D("1234")
    assert quantize("0.0005", "KWD") == D("0.001")
    assert str(quantize(10)) == "10.00"
    with pytest.raises(InvalidInputError, match=r"^value: "):
        quantize(0.1)  # type: ignore[arg-type]


def test_split_hand_examples() -> None:
    assert split(D("100"), 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert split(D("100.00"), 1) == [D("100.00")]
    assert split(D("0.05"), 7) == [D("0.01")] * 5 + [D("0.00")] * 2
    assert split(D("0"), 2) == [D("0.00"), D("0.00")]
    assert split(D("-100"), 3) == [D("-33.34"), D("-33.33"), D("-33.33")]
    assert split(D("1000"), 3, currency="JPY") == [D("334"), D("333"), D("333")]
    assert split(D("1"), 3, currency="KWD") == [D("0.334"), D("0.333"), D("0.333")]
    assert [str(p) for p in split(D("10"), 4)] == ["2.50"] * 4


@pytest.mark.parametrize(
    ("total", "n", "field"),
    [
        (D("100"), 0, "n"),
        (D("100"), -2, "n"),
        (D("100"), True, "n"),
        (D("100"), 2.0, "n"),
        (D("100.001"), 2, "total"),
        (0.1, 2, "total"),
        (D("10.5"), 2, "total"),  # JPY below
    ],
)
def test_split_rejects(total: Any, n: Any, field: str) -> None:
    currency = "JPY" if total == D("10.5") else "BRL"
    with pytest.raises(InvalidInputError) as info:
        split(total, n, currency=currency)
    assert info.value.field == field


def test_allocate_hand_examples() -> None:
    assert allocate(D("100"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]
    assert allocate(D("10.00"), [D("0.5"), D("0.3"), D("0.2")]) == [D("5"), D("3"), D("2")]
    # 100 * 1/6 = 16.666…, 100 * 5/6 = 83.333…: plain rounding already sums to 100.
    assert allocate(D("100"), [1, 5]) == [D("16.67"), D("83.33")]
    # Zero weights get exactly zero; the others share the total.
    assert allocate(D("100"), [0, 1, 0, 2]) == [D("0"), D("33.33"), D("0"), D("66.67")]
    assert allocate(D("-100"), [1, 1, 1]) == [D("-33.34"), D("-33.33"), D("-33.33")]
    assert allocate(D("10"), [1, 1, 1], currency="JPY") == [D("4"), D("3"), D("3")]
    # 0.05 in 7 equal shares of 0.00714…: half-up gives 0.01 each (0.07), two must give one back;
    # on ties the earliest parts do.
    assert allocate(D("0.05"), [1] * 7) == [D("0.00")] * 2 + [D("0.01")] * 5


def test_allocate_rounding_mode_matters_only_before_the_residue_moves() -> None:
    # 1.00 split 1:1:1:1:1:1 → 0.1666…; half-up rounds every part to 0.17 (1.02), round-down to
    # 0.16 (0.96). Both then move the residue back to the total.
    up = allocate(D("1.00"), [1] * 6)
    down = allocate(D("1.00"), [1] * 6, rounding=ROUND_DOWN)
    assert sum(up) == sum(down) == D("1.00")
    assert up == [D("0.16"), D("0.16"), D("0.17"), D("0.17"), D("0.17"), D("0.17")]
    assert down == [D("0.17"), D("0.17"), D("0.17"), D("0.17"), D("0.16"), D("0.16")]
    assert allocate(D("2.50"), [1, 1], rounding=ROUND_HALF_UP) == [D("1.25"), D("1.25")]


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ([], "weights"),
        ([0, 0], "weights"),
        ([1, -1], "weights[1]"),
        ([1, 0.1], "weights[1]"),
        ([1, float("nan")], "weights[1]"),
        ([True], "weights[0]"),
    ],
)
def test_allocate_rejects_bad_weights(weights: list[Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        allocate(D("10"), weights)
    assert info.value.field == field


def test_allocate_does_not_mutate_weights() -> None:
    weights = [D("1"), D("2")]
    allocate(D("1.00"), weights)
    assert weights == [D("1"), D("2")]


class Priced(BaseModel):
    currency: CurrencyCode = "BRL"
    price: Amount
    rate: Rate = D("0")


def test_amount_type_in_a_model() -> None:
    assert Priced(price="10.5").price == D("10.50")
    assert str(Priced(price="10.5").price) == "10.50"
    assert str(Priced(price="-0").price) == "0.00"  # never a negative zero
    assert Priced(currency="jpy", price=1000).price == D("1000")
    assert Priced(currency="KWD", price="1.005").price == D("1.005")
    assert Priced(price=0.5, rate="0.02").rate == D("0.02")
    assert Priced.model_json_schema()["properties"]["price"]["type"] == "string"


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"price": 0.1}, "price", "no exact binary value"),
        ({"price": "-1"}, "price", "must not be negative"),
        ({"price": "1.001"}, "price", "more than 2 decimal places for BRL"),
        ({"currency": "JPY", "price": "1.5"}, "price", "more than 0 decimal places for JPY"),
        ({"price": float("nan")}, "price", "not a finite number"),
        ({"price": True}, "price", "a bool is not a number"),
        ({"currency": "XXX1", "price": "1"}, "currency", "unknown ISO 4217"),
        ({"currency": 986, "price": "1"}, "currency", ""),
        ({"price": "1", "rate": "-0.01"}, "rate", "must not be negative"),
        ({"price": "1", "rate": 0.1}, "rate", "no exact binary value"),
    ],
)
def test_amount_type_rejects(data: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        Priced.model_validate(data)
    error = info.value.errors()[0]
    assert error["loc"] == (field,)
    assert reason in error["msg"]


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "XAG", "XDR", "XUA", "XBA"])
def test_an_iso_code_of_no_money_is_refused(code: str) -> None:
    # Before: an invoice in XXX ("no currency", what an export may write for a missing one) or
    # in gold (XAU) was planned and dunned, its amount shown with no currency.
    with pytest.raises(InvalidInputError, match=rf"^currency: '{code}' is an ISO 4217 code for"):
        minor_units(code)
    assert code not in currencies()
    with pytest.raises(ValueError, match="currency"):
        Invoice(id="i1", customer_id="c1", amount="10.00", due_date="2026-03-01", currency=code)


@pytest.mark.parametrize(("code", "places"), [("XOF", 0), ("XAF", 0), ("XPF", 0), ("XCD", 2)])
def test_the_x_codes_that_are_money_stay(code: str, places: int) -> None:
    # CFA francs, the CFP franc and the East Caribbean dollar are currencies of real countries.
    assert minor_units(code) == places
    assert code in currencies()

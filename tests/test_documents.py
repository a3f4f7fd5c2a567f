"""CPF and CNPJ check digits, against hand examples, python-stdnum and an independent formula."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

from regua.documents import (
    is_valid_cnpj,
    is_valid_cpf,
    normalize_cnpj,
    normalize_cpf,
    normalize_document,
)
from regua.errors import InvalidInputError

UNTYPED_NORMALIZE: Any = normalize_document
UNTYPED_IS_VALID_CPF: Any = is_valid_cpf


def cpf_check_digits(base: str) -> str:
    """The textbook formula: digit = (weighted sum * 10 mod 11) mod 10."""
    values = [int(c) for c in base]
    first = sum(v * w for v, w in zip(values, range(10, 1, -1), strict=True)) * 10 % 11 % 10
    values.append(first)
    second = sum(v * w for v, w in zip(values, range(11, 1, -1), strict=True)) * 10 % 11 % 10
    return f"{first}{second}"


@pytest.mark.parametrize(
    "value",
    [
        "529.982.247-25",
        "52998224725",
        " 529.982.247-25 ",
        "529982247-25",
        "111.444.777-35",
        "\t11144477735\n",
    ],
)
def test_valid_cpfs(value: str) -> None:
    assert is_valid_cpf(value)
    assert stdnum_cpf.is_valid(value.strip())
    assert normalize_cpf(value) == normalize_document(value)
    assert normalize_cpf(value).isdigit()
    assert len(normalize_cpf(value)) == 11


@pytest.mark.parametrize(
    "value",
    [
        "529.982.247-24",  # second check digit wrong
        "529.982.247-15",  # first check digit wrong
        "529.982.247-2",  # too short
        "529.982.247-255",  # too long
        "529.982.247-2X",
        "529_982_247_25",  # not punctuation regua accepts
        "",
        "   ",
        "５２９９８２２４７２５",  # full-width digits are not CPF digits
        *(str(d) * 11 for d in range(10)),  # repeated digits pass the checksum but are invalid
    ],
)
def test_invalid_cpfs(value: str) -> None:
    assert not is_valid_cpf(value)
    with pytest.raises(InvalidInputError) as info:
        normalize_cpf(value)
    assert info.value.field == "document"


def test_repeated_digit_cpfs_are_rejected_even_though_their_check_digits_are_right() -> None:
    assert cpf_check_digits("111111111") == "11"
    assert not is_valid_cpf("111.111.111-11")


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("11.222.333/0001-81", "11222333000181"),
        ("00.000.000/0001-91", "00000000000191"),  # Banco do Brasil
        ("33.000.167/0001-01", "33000167000101"),  # Petrobras
        ("12.ABC.345/01DE-35", "12ABC34501DE35"),  # Receita Federal's alphanumeric example
        ("12.abc.345/01de-35", "12ABC34501DE35"),
        (" 12ABC34501DE35 ", "12ABC34501DE35"),
    ],
)
def test_valid_cnpjs(value: str, normalized: str) -> None:
    assert is_valid_cnpj(value)
    assert stdnum_cnpj.is_valid(normalized)
    assert normalize_cnpj(value) == normalize_document(value) == normalized


@pytest.mark.parametrize(
    "value",
    [
        "11.222.333/0001-82",
        "11.222.333/0001-91",
        "12.ABC.345/01DE-36",
        "12.ABC.345/01DE-3A",  # check digits are always numeric
        "12.ABC.345/01DF-35",
        "12.AB@.345/01DE-35",
        "11.222.333/0001-8",
        "00.000.000/0000-00",
        "11.111.111/1111-11",
        "AAAAAAAAAAAAAA",
    ],
)
def test_invalid_cnpjs(value: str) -> None:
    assert not is_valid_cnpj(value)
    with pytest.raises(InvalidInputError, match=r"^document: .*not a valid CNPJ"):
        normalize_cnpj(value)


def test_normalize_document_says_which_kind_failed() -> None:
    with pytest.raises(InvalidInputError, match="not a valid CPF"):
        normalize_document("529.982.247-24")
    with pytest.raises(InvalidInputError, match="not a valid CNPJ"):
        normalize_document("11.222.333/0001-82")
    with pytest.raises(InvalidInputError, match="neither a CPF"):
        normalize_document("1234")
    with pytest.raises(InvalidInputError, match=r"^document: "):
        UNTYPED_NORMALIZE(52998224725)
    assert not UNTYPED_IS_VALID_CPF(52998224725)
    assert not is_valid_cnpj("52998224725")
    assert not is_valid_cpf("11222333000181")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        # Before: "is not a valid CNPJ" (the underscores made it 14 characters long) and
        # "'' is neither a CPF nor a CNPJ" (for a value of spaces).
        ("529_982_247_25", "holds a character no CPF or CNPJ has"),
        ("529 982 247,25", "holds a character no CPF or CNPJ has"),
        ("٥٢٩٩٨٢٢٤٧٢٥", "holds a character no CPF or CNPJ has"),  # Arabic-Indic digits
        ("   ", "must not be empty"),
    ],
)
def test_a_document_that_is_no_cpf_or_cnpj_says_why(value: str, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^document: .*{reason}"):
        normalize_document(value)


@settings(max_examples=200)
@given(st.from_regex(r"\A[0-9]{9}\Z"))
def test_cpf_round_trip_with_an_independent_formula(base: str) -> None:
    number = base + cpf_check_digits(base)
    assert stdnum_cpf.is_valid(number) or len(set(number)) == 1
    expected = len(set(number)) > 1
    assert is_valid_cpf(number) is expected
    formatted = f"{number[:3]}.{number[3:6]}.{number[6:9]}-{number[9:]}"
    assert is_valid_cpf(formatted) is expected
    if expected:
        assert normalize_cpf(formatted) == number
    for wrong in "0123456789":
        if wrong != number[10]:
            assert not is_valid_cpf(number[:10] + wrong)


@settings(max_examples=200)
@given(st.from_regex(r"\A[0-9A-Z]{12}\Z"))
def test_alphanumeric_cnpj_round_trip_against_stdnum(base: str) -> None:
    number = base + stdnum_cnpj.calc_check_digits(base)
    assert is_valid_cnpj(number) is (len(set(number)) > 1)
    formatted = f"{number[:2]}.{number[2:5]}.{number[5:8]}/{number[8:12]}-{number[12:]}".lower()
    assert is_valid_cnpj(formatted) is (len(set(number)) > 1)
    for wrong in "0123456789":
        if wrong != number[13]:
            assert not is_valid_cnpj(number[:13] + wrong)


@settings(max_examples=200)
@given(st.text(alphabet="0123456789ABCXYZ./- ", max_size=20))
def test_agrees_with_stdnum_on_arbitrary_strings(value: str) -> None:
    bare = "".join(c for c in value if c not in "./- ")
    varied = len(set(bare)) > 1  # stdnum accepts 111.111.111-11; regua does not
    assert is_valid_cpf(value) == (len(bare) == 11 and varied and stdnum_cpf.is_valid(bare))
    assert is_valid_cnpj(value) == (len(bare) == 14 and varied and stdnum_cnpj.is_valid(bare))


@pytest.mark.parametrize("digit", "123456789")  # stdnum rejects 000.000.000-00 too
def test_stdnum_and_regua_differ_only_on_repeated_digits(digit: str) -> None:
    assert stdnum_cpf.is_valid(digit * 11)
    assert not is_valid_cpf(digit * 11)

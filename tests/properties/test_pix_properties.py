"""Generated BR Codes parse back to what was asked; any single-character change is caught."""

from __future__ import annotations

import binascii
import string
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regua.errors import InvalidInputError
from regua.pix import brcode, parse_brcode


def _mod11(values: list[int], weights: range | list[int]) -> int:
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def _cpf(base: list[int]) -> str:
    first = _mod11(base, range(10, 1, -1))
    second = _mod11([*base, first], range(11, 1, -1))
    return "".join(map(str, [*base, first, second]))


def _cnpj(base: list[int]) -> str:
    weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    first = _mod11(base, weights[1:])
    second = _mod11([*base, first], weights)
    return "".join(map(str, [*base, first, second]))


CPFS = (
    st.lists(st.integers(0, 9), min_size=9, max_size=9).filter(lambda d: len(set(d)) > 1).map(_cpf)
)
CNPJS = (
    st.lists(st.integers(0, 9), min_size=12, max_size=12)
    .filter(lambda d: len(set(d)) > 1)
    .map(_cnpj)
)
LOWER = string.ascii_lowercase + string.digits
EMAILS = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.text(LOWER + "._-", min_size=1, max_size=20),
    st.text(LOWER, min_size=1, max_size=20),
    st.sampled_from(["com", "com.br", "org", "net"]),
)
PHONES = st.builds(
    lambda ddd, number: f"+55{ddd}{number}",
    st.integers(11, 99).filter(lambda n: n % 10 != 0),
    st.from_regex(r"9[0-9]{8}|[2-5][0-9]{7}", fullmatch=True),
)
EVPS = st.uuids().map(str)
KEYS = st.one_of(CPFS, CNPJS, EMAILS, PHONES, EVPS)
AMOUNTS = st.none() | st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2
)
WORDS = st.text(string.ascii_letters + string.digits + " ", min_size=1, max_size=40).filter(
    str.strip
)
TXIDS = st.just("***") | st.text(string.ascii_letters + string.digits, min_size=1, max_size=25)


@st.composite
def codes(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    asked: dict[str, object] = {
        "key": draw(KEYS),
        "amount": draw(AMOUNTS),
        "merchant_name": draw(WORDS),
        "merchant_city": draw(WORDS),
        "txid": draw(TXIDS),
    }
    return brcode(**asked), asked  # type: ignore[arg-type]


@settings(max_examples=600)
@given(codes())
def test_generated_codes_parse_back(generated: tuple[str, dict[str, object]]) -> None:
    code, asked = generated
    parsed = parse_brcode(code)
    assert code[-4:] == f"{binascii.crc_hqx(code[:-4].encode(), 0xFFFF):04X}"
    assert parsed.key == str(asked["key"]).lower()
    assert parsed.amount == asked["amount"]
    assert parsed.txid == asked["txid"]
    name, city = (" ".join(str(asked[f]).split()) for f in ("merchant_name", "merchant_city"))
    # Kept whole when it fits, else cut to a shorter start of itself (at a word: test_pix_names).
    for shown, typed, limit in ((parsed.merchant_name, name, 25), (parsed.merchant_city, city, 15)):
        assert shown == typed if len(typed) <= limit else typed.startswith(shown)
        assert 0 < len(shown) <= limit
    assert (parsed.currency, parsed.country, parsed.merchant_category_code) == ("986", "BR", "0000")


PRINTABLE = [chr(c) for c in range(0x20, 0x7F)]


@settings(max_examples=600)
@given(codes(), st.data())
def test_any_single_character_change_is_caught(
    generated: tuple[str, dict[str, object]], data: st.DataObject
) -> None:
    # A BR Code is printable ASCII, and CRC-16 catches every error within 16 bits, so every
    # substitution of one character by another printable ASCII one is caught (by the CRC, or
    # earlier by a length or tag check).
    code, _ = generated
    position = data.draw(st.integers(0, len(code) - 1))
    replacement = data.draw(st.sampled_from(PRINTABLE).filter(lambda c: c != code[position]))
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(InvalidInputError):
        parse_brcode(changed)


@settings(max_examples=300)
@given(codes(), st.data())
def test_a_dropped_or_added_character_is_caught(
    generated: tuple[str, dict[str, object]], data: st.DataObject
) -> None:
    code, _ = generated
    position = data.draw(st.integers(0, len(code) - 1))
    dropped = code[:position] + code[position + 1 :]
    added = code[:position] + data.draw(st.sampled_from(PRINTABLE)) + code[position:]
    for changed in (dropped, added):
        with pytest.raises(InvalidInputError):
            parse_brcode(changed)

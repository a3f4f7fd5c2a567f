"""Pix BR Codes against the BCB manual's examples, public examples and hand-built payloads.

The CRC oracle is the standard library's ``binascii.crc_hqx`` (CRC-CCITT) started at 0xFFFF,
which is CRC-16/CCITT-FALSE, independent of regua's table-driven implementation.
"""

from __future__ import annotations

import binascii
from decimal import Decimal
from typing import Any

import pytest

from regua.errors import InvalidInputError
from regua.pix import BRCode, PixKey, brcode, normalize_key, parse_brcode
from regua.pix.crc import crc16

# Manual de Padrões para Iniciação do Pix, static example (random key, no amount, no txid).
MANUAL_STATIC = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
# The manual's dynamic example (a URL instead of a key; point of initiation 12).
MANUAL_DYNAMIC = (
    "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd441"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4"
)
# Copies on the web: tag 62 announces 8 characters around the 7 of "0503***".
WEB_BAD_LENGTH = (
    "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.66"
    "5802BR5907EMPRESA6008BRASILIA62080503***6304170E"
)
EVP = "123e4567-e12b-12d1-a456-426655440000"
UNTYPED_BRCODE: Any = brcode
UNTYPED_PARSE: Any = parse_brcode


def oracle_crc(body: str) -> str:
    return f"{binascii.crc_hqx(body.encode(), 0xFFFF):04X}"


def sealed(body_without_crc: str) -> str:
    """A payload with a correct CRC appended, to test checks other than the CRC."""
    body = body_without_crc + "6304"
    return body + oracle_crc(body)


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def payload(**overrides: str | None) -> str:
    """A static payload built by hand, tag by tag; ``overrides`` replace (or, None, drop) tags."""
    tags: dict[str, str | None] = {
        "00": "01",
        "26": tlv("00", "br.gov.bcb.pix") + tlv("01", EVP),
        "52": "0000",
        "53": "986",
        "54": "10.00",
        "58": "BR",
        "59": "Fulano de Tal",
        "60": "BRASILIA",
        "62": tlv("05", "***"),
    }
    tags.update(overrides)
    return sealed("".join(tlv(t, v) for t, v in tags.items() if v is not None))


def test_manual_static_example_is_reproduced_and_parsed() -> None:
    assert brcode(key=EVP, merchant_name="Fulano de Tal", merchant_city="BRASILIA") == (
        MANUAL_STATIC
    )
    parsed = parse_brcode(MANUAL_STATIC)
    assert parsed.crc == "1D3D" == oracle_crc(MANUAL_STATIC[:-4])
    assert (parsed.key, parsed.key_kind, parsed.amount, parsed.txid) == (EVP, "evp", None, "***")
    assert (parsed.merchant_name, parsed.merchant_city) == ("Fulano de Tal", "BRASILIA")
    assert not parsed.dynamic


def test_manual_dynamic_example_parses() -> None:
    parsed = parse_brcode(MANUAL_DYNAMIC)
    assert parsed.dynamic
    assert parsed.url == "pix.example.com/8b3da2f39a4140d1a91abd93113bd441"
    assert (parsed.key, parsed.point_of_initiation, parsed.crc) == (None, "12", "64E4")


def test_the_web_example_with_a_wrong_tag_62_length_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="after tag 62") as caught:
        parse_brcode(WEB_BAD_LENGTH)
    assert caught.value.field == "payload"


def test_the_web_example_with_its_length_fixed_parses() -> None:
    fixed = sealed(WEB_BAD_LENGTH[: -len("62080503***6304170E")] + "62070503***")
    parsed = parse_brcode(fixed)
    assert (parsed.key, parsed.key_kind, parsed.amount) == (
        "+5511943214321",
        "phone",
        Decimal("66.66"),
    )
    assert brcode(
        key="+5511943214321",
        amount=Decimal("66.66"),
        merchant_name="EMPRESA",
        merchant_city="BRASILIA",
    ) == fixed.replace("BR.GOV.BCB.PIX", "br.gov.bcb.pix")[:-4] + oracle_crc(
        fixed.replace("BR.GOV.BCB.PIX", "br.gov.bcb.pix")[:-4]
    )


def test_crc_is_ccitt_false_with_its_check_value() -> None:
    assert crc16("123456789") == "29B1"


def test_crc_is_zero_padded_to_four_digits() -> None:
    # The "measured 5 %" bug: a CRC below 0x1000 written with three digits.
    padded = []
    for n in range(2000):
        code = brcode(key=EVP, merchant_name="Loja", merchant_city="Recife", txid=f"T{n}")
        if code[-4] == "0":
            padded.append(code)
            assert code[-4:] == oracle_crc(code[:-4])
            assert parse_brcode(code).crc == code[-4:]
    assert len(padded) > 50, "too few CRCs below 0x1000 among 2,000 codes"


def test_amount_and_txid_and_description() -> None:
    code = brcode(
        key="Fulano@Example.com",
        amount="1234.5",
        merchant_name="Fulano de Tal",
        merchant_city="São Paulo",
        txid="FAT2026001",
        description="Fatura 1",
    )
    expected_body = (
        "000201"
        + tlv(
            "26",
            tlv("00", "br.gov.bcb.pix") + tlv("01", "fulano@example.com") + tlv("02", "Fatura 1"),
        )
        + "52040000"
        + "5303986"
        + "54071234.50"
        + "5802BR"
        + "5913Fulano de Tal"
        + "6009Sao Paulo"
        + tlv("62", tlv("05", "FAT2026001"))
        + "6304"
    )
    assert code == expected_body + oracle_crc(expected_body)
    parsed = parse_brcode(code)
    assert (parsed.amount, parsed.txid, parsed.description, parsed.key_kind) == (
        Decimal("1234.50"),
        "FAT2026001",
        "Fatura 1",
        "email",
    )


def test_name_and_city_are_transliterated_and_cut() -> None:
    code = brcode(
        key=EVP,
        merchant_name="  Padaria  São  João da Barra Mansa Ltda ",
        merchant_city="Santa Bárbara d'Oeste",
        txid="***",
    )
    parsed = parse_brcode(code)
    assert parsed.merchant_name == "Padaria Sao Joao da Barra"  # 25 characters
    # Cut after a whole word (it was "Santa Barbara d", the 15 characters; test_pix_names).
    assert parsed.merchant_city == "Santa Barbara"
    # A cut that ends on a space does not leave it.
    assert (
        parse_brcode(
            brcode(key=EVP, merchant_name="Comércio de Peças Ltda ME XYZ", merchant_city="X")
        ).merchant_name
        == "Comercio de Pecas Ltda ME"
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        # Before: "ster uvre Strae Nino" (NFKD keeps these letters whole, the filter dropped them).
        ("Øster Œuvre Straße Niño", "Oster OEuvre Strasse Nino"),
        ("Łódź Æble Þór", "Lodz AEble THor"),
    ],
)
def test_latin_letters_without_a_base_letter_are_written_in_ascii(name: str, shown: str) -> None:
    parsed = parse_brcode(brcode(key=EVP, merchant_name=name, merchant_city="Rio"))
    assert parsed.merchant_name == shown


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("merchant_name", {"merchant_name": "日本"}),
        ("merchant_name", {"merchant_name": "!!!"}),  # no letter or digit, as the message says
        ("merchant_city", {"merchant_city": "   "}),
        ("amount", {"amount": Decimal("10.005")}),
        ("amount", {"amount": Decimal("0")}),
        ("amount", {"amount": Decimal("-1")}),
        ("amount", {"amount": Decimal("10000000000.00")}),
        ("amount", {"amount": 0.1}),
        ("amount", {"amount": True}),
        ("txid", {"txid": "INV-2026-001"}),
        ("txid", {"txid": "A" * 26}),
        ("txid", {"txid": ""}),
        ("description", {"description": "x" * 38}),
        ("key", {"key": "11943214321"}),
    ],
)
def test_bad_arguments_name_their_parameter(field: str, kwargs: dict[str, Any]) -> None:
    arguments: dict[str, Any] = {"key": EVP, "merchant_name": "Loja", "merchant_city": "Recife"}
    with pytest.raises(InvalidInputError) as caught:
        UNTYPED_BRCODE(**(arguments | kwargs))
    assert caught.value.field == field


def test_description_fills_tag_26_exactly() -> None:
    # 99 = 18 (GUI object) + 4 + 36 (key) + 4 + 37.
    code = brcode(key=EVP, merchant_name="Loja", merchant_city="Recife", description="x" * 37)
    assert parse_brcode(code).description == "x" * 37
    assert "2699" in code


def test_largest_amount_fits_13_characters() -> None:
    code = brcode(key=EVP, amount="9999999999.99", merchant_name="L", merchant_city="C")
    assert "54139999999999.99" in code
    assert parse_brcode(code).amount == Decimal("9999999999.99")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("529.982.247-25", PixKey("cpf", "52998224725")),
        ("52998224725", PixKey("cpf", "52998224725")),
        ("11.222.333/0001-81", PixKey("cnpj", "11222333000181")),
        ("12.abc.345/01de-35", PixKey("cnpj", "12ABC34501DE35")),
        ("Fulano@Example.COM", PixKey("email", "fulano@example.com")),
        ("+55 (11) 94321-4321", PixKey("phone", "+5511943214321")),
        ("+551133334444", PixKey("phone", "+551133334444")),
        ("123E4567-E12B-12D1-A456-426655440000", PixKey("evp", EVP)),
    ],
)
def test_keys_are_told_apart_and_normalized(key: str, expected: PixKey) -> None:
    assert normalize_key(key) == expected
    code = brcode(key=key, merchant_name="Loja", merchant_city="Recife")
    assert parse_brcode(code).key == expected.value
    assert parse_brcode(code).key_kind == expected.kind


@pytest.mark.parametrize(
    "key",
    [
        "11943214321",  # a phone without +55: read as a CPF, and not a valid one
        "(11) 94321-4321",
        "529.982.247-24",
        "111.111.111-11",
        "11.222.333/0001-82",
        "+1 415 555 0100",  # not Brazilian
        "+55119432143",  # too short
        "fulano@",
        "fulano@example",
        "a" * 70 + "@example.com",  # 82 characters
        "123e4567-e12b-12d1-a456-42665544000",  # one hex digit short
        "",
        "chave",
    ],
)
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        normalize_key(key)
    assert caught.value.field == "key"


def test_an_eleven_digit_cpf_is_never_a_phone() -> None:
    # 11 digits that are both a valid CPF and the shape of a mobile number (DDD 11, 9 0000-0083).
    both = "11900000083"
    assert normalize_key(both) == PixKey("cpf", both)
    assert normalize_key("+55" + both) == PixKey("phone", "+55" + both)
    code = brcode(key=both, merchant_name="Loja", merchant_city="Recife")
    assert tlv("01", both) in code
    assert parse_brcode(code).key_kind == "cpf"


def test_hand_built_payload_parses() -> None:
    parsed = parse_brcode(payload())
    assert isinstance(parsed, BRCode)
    assert parsed.amount == Decimal("10.00")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"00": "02"}, "tag 00"),
        ({"26": None}, "no tag 26"),
        ({"52": None}, "no tag 52"),
        ({"53": None}, "no tag 53"),
        ({"58": None}, "no tag 58"),
        ({"59": None}, "no tag 59"),
        ({"60": None}, "no tag 60"),
        ({"62": None}, "no tag 62"),
        ({"62": tlv("01", "x")}, "tag 62 has no tag 05"),
        ({"26": tlv("01", EVP)}, "tag 26 has no tag 00"),
        ({"26": tlv("00", "br.gov.bcb.pax") + tlv("01", EVP)}, "GUI"),
        ({"26": tlv("00", "br.gov.bcb.pix")}, "exactly one"),
        ({"26": tlv("00", "br.gov.bcb.pix") + tlv("01", EVP) + tlv("25", "x.com/1")}, "exactly"),
        ({"26": tlv("00", "br.gov.bcb.pix") + tlv("01", "11943214321")}, "26-01"),
        ({"53": "840"}, "currency"),
        ({"58": "US"}, "country"),
        ({"52": "00A0"}, "tag 52"),
        ({"54": "10,00"}, "tag 54"),
        ({"54": "10.001"}, "tag 54"),
        ({"54": "0.00"}, "above zero"),
        ({"54": "12345678901.00"}, "tag 54"),
        ({"59": "A" * 26}, "tag 59"),
        ({"60": "B" * 16}, "tag 60"),
        ({"62": tlv("05", "INV-1")}, "txid"),
        ({"62": tlv("05", "A" * 26)}, "txid"),
        ({"01": "13"}, "tag 01"),
    ],
)
def test_each_fault_names_its_tag(overrides: dict[str, str | None], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        parse_brcode(payload(**overrides))
    assert caught.value.field == "payload"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MANUAL_STATIC[:-4] + "1d3d", "upper-case"),
        (MANUAL_STATIC[:-4] + "1D3E", "CRC is 1D3E"),
        (MANUAL_STATIC[:-1], "tag 63"),  # three-digit CRC
        (MANUAL_STATIC + "\n", "line break"),
        (" " + MANUAL_STATIC, "spaces around it"),
        (MANUAL_STATIC[:-8], "must end with tag 63"),
        ("", "empty"),
        ("0" * 513, "512"),
        (MANUAL_STATIC.replace("5913Fulano", "5912Fulano"), "tag"),
        (sealed(MANUAL_STATIC[:-8] + "6304ABCD"), "tag 63 appears twice"),
        (sealed(tlv("26", tlv("00", "br.gov.bcb.pix") + tlv("01", EVP)) + "000201"), "tag 00"),
    ],
)
def test_malformed_payloads_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_brcode(text)


def test_a_non_text_payload_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="expected text"):
        UNTYPED_PARSE(None)


def test_unknown_tags_of_other_schemes_are_allowed() -> None:
    extra = tlv("80", tlv("00", "br.com.example") + tlv("01", "abc"))
    parsed = parse_brcode(sealed(payload()[:-8] + extra))
    assert parsed.key == EVP


@pytest.mark.parametrize("pasted", ["{code} ", " {code}", "{code}  "])
def test_a_code_pasted_with_spaces_around_it_says_so(pasted: str) -> None:
    # Before: "tag ... length is wrong", with no word of the trailing space.
    code = brcode(key=EVP, merchant_name="Loja", merchant_city="Recife", amount="10.00")
    with pytest.raises(InvalidInputError, match=r"^payload: has spaces around it"):
        parse_brcode(pasted.format(code=code))

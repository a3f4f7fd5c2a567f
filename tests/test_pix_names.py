"""The merchant name and city a BR Code shows (tags 59 and 60): printable ASCII, the EMV "ans"
character set, at most 25 and 15 characters.

Found by a new-user trial: "Ação—Çia “Aspas” ½ Ltda" became "AcaoCia Aspas 12 Ltda". The em dash
was dropped without a space, gluing two words, and "½" (NFKD "1⁄2") lost its fraction slash and
became the number 12. Expected values are written by hand.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from regua.errors import InvalidInputError
from regua.pix import brcode, parse_brcode
from regua.templates import Creditor

EVP = "123e4567-e12b-12d1-a456-426655440000"
NAME_LIMIT, CITY_LIMIT = 25, 15
ANS = frozenset(chr(c) for c in range(0x20, 0x7F))


def _shown(name: str, city: str = "Rio") -> tuple[str, str]:
    parsed = parse_brcode(brcode(key=EVP, merchant_name=name, merchant_city=city))
    return parsed.merchant_name, parsed.merchant_city


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        # The trial's name: dash and quotes part words, "½" keeps its slash ("/" is in the set).
        ("Ação—Çia “Aspas” ½ Ltda", "Acao Cia Aspas 1/2 Ltda"),
        ("Ação–Cia", "Acao Cia"),  # en dash
        ("Comércio • Serviços", "Comercio Servicos"),
        # A number form stands apart, so it cannot join a neighbouring number ("11/2", "102").
        ("1½ Irmãos", "1 1/2 Irmaos"),
        ("Padaria 10² Ltda", "Padaria 10 2 Ltda"),
        ("Loja ①②", "Loja 1 2"),
        ("Acme™ Brasil", "Acme TM Brasil"),
        # A superscript letter stays joined: Portuguese ordinals read "1o", "2a".
        ("1º Cartório 2ª Vara", "1o Cartorio 2a Vara"),
        # ASCII punctuation is in the set and kept as written.
        ("Silva & Filhos Ltda.", "Silva & Filhos Ltda."),
        ("O'Brien (ME) 50%", "O'Brien (ME) 50%"),
        # Invisible format characters join nothing apart; white space of any kind is one space.
        ("Cafe\u00adteria Zero\u200bWidth", "Cafeteria ZeroWidth"),
        ("Loja\tdo\n\u00a0Zé", "Loja do Ze"),
        # Accents given as separate combining marks are dropped like precomposed ones.
        ("Jose\u0301 Conceic\u0327a\u0303o", "Jose Conceicao"),
        # A letter with no Latin transliteration parts words rather than vanishing silently.
        ("Loja Δelta", "Loja elta"),
        ("Д Loja", "Loja"),
    ],
)
def test_name_characters(name: str, shown: str) -> None:
    assert _shown(name)[0] == shown


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        # Cut at the last space within the limit, not inside a word ("... Bras").
        ("Comercio de Alimentos Brasileiros Ltda", "Comercio de Alimentos"),
        # A word that fits exactly is kept.
        ("Padaria Sao Joao da Barra Mansa", "Padaria Sao Joao da Barra"),
        # A word without a letter or digit is not left dangling at the end ("... Oliveira &").
        ("Comercial Oliveira & Companhia", "Comercial Oliveira"),
        # No space in the first 26 characters: the word itself is cut.
        ("Supercalifragilisticexpialidocious", "Supercalifragilisticexpia"),
        # A cut at the last space would keep less than half the room: the word is cut instead.
        ("Ab Supercalifragilisticexpialidocious", "Ab Supercalifragilisticex"),
    ],
)
def test_long_names_are_cut_at_a_word(name: str, shown: str) -> None:
    assert _shown(name)[0] == shown


def test_the_city_is_cut_the_same_way() -> None:
    # Before: "Santa Barbara d" and, for the trial's text, "AcaoCia Aspas 1".
    assert _shown("Loja", "Santa Bárbara d'Oeste")[1] == "Santa Barbara"
    assert _shown("Loja", "Ação—Çia “Aspas” ½ Ltda")[1] == "Acao Cia Aspas"


def test_a_creditors_name_reaches_the_code_the_same_way() -> None:
    creditor = Creditor(
        name="Ação—Çia “Aspas” ½ Ltda",
        document="11222333000181",
        pix_key=EVP,
        pix_city="São Paulo",
    )
    parsed = parse_brcode(creditor.pix_code(amount=None, txid="***"))
    assert (parsed.merchant_name, parsed.merchant_city) == ("Acao Cia Aspas 1/2 Ltda", "Sao Paulo")


def test_the_description_is_transliterated_the_same_way() -> None:
    code = brcode(key=EVP, merchant_name="Loja", merchant_city="Rio", description="Fatura—½ mês")
    assert parse_brcode(code).description == "Fatura 1/2 mes"


def test_a_name_of_separators_only_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        brcode(key=EVP, merchant_name="—“”•", merchant_city="Rio")
    assert caught.value.field == "merchant_name"


CLEAN = st.text(string.ascii_letters + string.digits + " &.-/'", min_size=1, max_size=NAME_LIMIT)


def _no_digit_source(name: str) -> bool:
    return not any(c.isnumeric() for c in name)


@settings(max_examples=500)
@given(st.text(max_size=60))
@example("Ação—Çia “Aspas” ½ Ltda")
@example("x\u2044y ¹²³ ⅞")
def test_any_name_is_shown_in_the_set_within_the_limit(name: str) -> None:
    try:
        shown, _ = _shown(name)
    except InvalidInputError as err:
        refused = err.field
    else:
        refused = None
    if refused is not None:
        # Nothing a BR Code can hold ("µ", "—"): refused by its name, never shown empty.
        assert refused == "merchant_name"
        return
    assert set(shown) <= ANS
    assert 0 < len(shown) <= NAME_LIMIT
    assert "  " not in shown
    assert shown == shown.strip()
    assert any(c.isalnum() for c in shown)
    # No digit is made up out of something that is not a number.
    assert _no_digit_source(name) <= _no_digit_source(shown)
    # What is shown is shown again unchanged.
    assert _shown(shown)[0] == shown


@settings(max_examples=300)
@given(CLEAN.map(lambda s: " ".join(s.split())).filter(lambda s: any(c.isalnum() for c in s)))
def test_a_clean_name_is_shown_as_given(name: str) -> None:
    assert _shown(name)[0] == name

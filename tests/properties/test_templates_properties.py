"""Invariants of template validation, rendering, SMS counting, money formatting and the lint."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from decimal import Decimal

from babel.numbers import parse_decimal
from hypothesis import example, given, settings
from hypothesis import strategies as st

from regua import TemplateError
from regua.money import quantize
from regua.templates import (
    PLACEHOLDERS,
    Finding,
    format_money,
    lint,
    render,
    sms_info,
    validate_template,
)
from regua.templates.safety import MAX_VALUE_CHARS

NAMES = sorted(PLACEHOLDERS)
# Printable text with no template syntax of its own: letters, digits, punctuation, accents.
SAFE_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "Zs"),
    exclude_characters="${}%_\u2028\u2029",
)
SAFE_TEXT = st.text(SAFE_CHARS, max_size=40)
PIECE = st.one_of(
    SAFE_TEXT,
    st.sampled_from(NAMES).map(lambda n: f"${{{n}}}"),
    st.sampled_from(NAMES).map(lambda n: f"${n} "),
    st.just("$$"),
)
VALUE = st.text(SAFE_CHARS | st.sampled_from("$_{}%\n"), max_size=60)
# The host's Pix code and boleto line are checked as codes (issue 14), so arbitrary text there is
# an error by design; these valid ones stand in.
CODES = {
    "pix_code": "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
    "boleto_line": "10492.00650 61000.100042 00997.263900 9 89810000021403",
}


def _oracle(template: str, values: dict[str, str]) -> str:
    """Independent substitution: one regex pass over $$, ${name} and $name."""

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        return values[match.group(1) or match.group(2)]

    return re.sub(r"\$\$|\$\{([a-z][a-z0-9_]*)\}|\$([a-z][a-z0-9_]*)", replace, template)


@settings(max_examples=200)
@given(st.lists(PIECE, max_size=12), st.lists(VALUE, min_size=len(NAMES), max_size=len(NAMES)))
def test_render_matches_independent_substitution(pieces: list[str], raw: list[str]) -> None:
    template = "".join(pieces)
    validate_template(template)
    values = dict(zip(NAMES, raw, strict=True)) | CODES
    message = render(template, values, channel="letter")
    assert message.body == _oracle(template, values)


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_arbitrary_text_is_valid_or_a_template_error(text: str) -> None:
    try:
        validate_template(text)
    except TemplateError:
        return
    values = dict.fromkeys(NAMES, "v") | CODES
    body = render(text, values, channel="letter").body
    # each "$name" (>= 2 chars) becomes one "v" or one of the codes
    assert len(body) <= len(text) + len(text) * max(map(len, CODES.values()))


@settings(max_examples=200)
@given(st.text(SAFE_CHARS | st.sampled_from("$_{}%.\n\t"), max_size=MAX_VALUE_CHARS))
def test_values_are_inserted_verbatim(value: str) -> None:
    assert render("<$customer_name>", {"customer_name": value}, channel="letter").body == (
        f"<{value}>"
    )


GSM_PLAIN = st.text(st.sampled_from("abcXYZ 0123456789.,:;!?@£éñü\n"), max_size=700)


@settings(max_examples=200)
@given(GSM_PLAIN)
def test_gsm_segments_formula(text: str) -> None:
    info = sms_info(text)
    assert info.encoding == "gsm7"
    assert info.units == len(text)
    expected = 0 if not text else 1 if len(text) <= 160 else math.ceil(len(text) / 153)
    assert info.segments == expected


@settings(max_examples=200)
@given(
    st.text(st.sampled_from("ãõçáâêô abc"), min_size=1, max_size=400).filter(
        lambda t: any(c in "ãõçáâêô" for c in t)
    )
)
def test_ucs2_segments_formula(text: str) -> None:
    info = sms_info(text)
    assert info.encoding == "ucs2"
    expected = 1 if len(text) <= 70 else math.ceil(len(text) / 67)
    assert info.segments == expected


@settings(max_examples=200)
@given(st.text(max_size=300), st.characters(codec="utf-8"))
def test_segments_never_shrink_when_text_grows(text: str, extra: str) -> None:
    before, after = sms_info(text), sms_info(text + extra)
    if before.encoding == after.encoding:
        assert after.segments >= before.segments
    capacity = {"gsm7": 153, "ucs2": 67}[after.encoding]
    assert after.segments * max(capacity, 1) >= after.units or after.segments == 1


@settings(max_examples=200)
@given(
    st.decimals(min_value=Decimal("0"), max_value=Decimal("1e12"), places=4, allow_nan=False),
    st.sampled_from(["pt_BR", "en", "es"]),
)
def test_money_round_trips_through_babel_parser(amount: Decimal, locale: str) -> None:
    text = format_money(amount, "BRL", locale)
    number = re.sub(r"[^\d.,]", "", text)
    assert parse_decimal(number, locale=locale) == quantize(amount, "BRL")


@settings(max_examples=200)
@given(st.text(max_size=300), st.sampled_from(["pt_BR", "en", "es"]))
@example(text="000.000.000-00", locale="pt_BR")
def test_lint_findings_point_into_the_text(text: str, locale: str) -> None:
    findings = lint(text, locale=locale)
    located = [f for f in findings if f.rule != "missing_creditor_id"]
    # the one finding about the whole text, if any, comes after every located one
    assert findings[: len(located)] == located
    assert [f.rule for f in findings[len(located) :]] in ([], ["missing_creditor_id"])
    assert [f.start for f in located] == sorted(f.start for f in located)
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.excerpt


SINGULAR_PLURAL = {
    "pt_BR": ("sua fatura", "faturas"),
    "pt_PT": ("sua fatura", "faturas"),
    "en": ("your invoice", "invoices"),
    "en_GB": ("your invoice", "invoices"),
    "es": ("su factura", "facturas"),
    "es_MX": ("su factura", "facturas"),
}


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**7),
    st.sampled_from(sorted(SINGULAR_PLURAL)),
    st.booleans(),
)
def test_invoice_wording_is_singular_exactly_for_one(count: int, locale: str, late: bool) -> None:
    values = render(
        "$invoice_count|$invoices|$amount_of|$due_on",
        {"invoice_count": count, "days_overdue": 5 if late else -5},
        channel="letter",
        locale=locale,
    ).body.split("|")
    number, invoices, amount_of, due_on = values
    singular, plural = SINGULAR_PLURAL[locale]
    assert parse_decimal(number, locale=locale) == count
    if count == 1:
        assert invoices == singular
        assert amount_of in ("de", "of")
    else:
        assert invoices.endswith(f" {number} {plural}")
        assert amount_of not in ("de", "of")
    # the past form says overdue ("vencida"); the other never does
    assert ("vencida" in due_on) == (late and not locale.startswith("en"))


# Lint phrases that overlap or nest within one rule ("vamos processar" / "processar você"), other
# rules' phrases, notices and neutral words, in mixed case, accents composed or decomposed.
LINT_PHRASES = {
    "pt_BR": [
        "vamos processar você",
        "vamos processar",
        "processar você",
        "você será processado",
        "seu RH",
        "RH",
        "seus vizinhos",
        "sem vergonha",
        "vergonha",
        "nome sujo",
        "sujar seu nome",
        "ligaremos de madrugada até você pagar",
        "madrugada",
        "polícia",
        "caloteiro",
        "lista de caloteiros",
        "vamos divulgar seu nome",
        "redes sociais",
        "última chance",
        "urgente",
        "negativado hoje",
        "SPC",
        "protesto",
        "penhora",
        "prazo de 10 dias",
    ],
    "en": [
        "we will sue you",
        "sue you",
        "you will be sued",
        "we will publish your name",
        "publish your name",
        "your employer",
        "social media",
        "middle of the night",
        "we will call you every day until you pay",
        "police",
        "deadbeat",
        "shame",
        "last chance",
        "urgent",
        "reported today",
        "credit bureau",
        "10 days",
    ],
    "es": [
        "llamaremos de madrugada hasta que pague",
        "de madrugada",
        "lo demandaremos",
        "vamos a demandarlo",
        "será demandado",
        "su familia",
        "redes sociales",
        "publicaremos su nombre",
        "policía",
        "sinvergüenza",
        "vergüenza",
        "última oportunidad",
        "urgente",
        "registrado hoy",
        "registro de morosos",
        "plazo",
    ],
}
LINT_FILLERS = ["Ana", "a fatura", "hoje", "CNPJ", "$deadline", "¡", "ß", "x"]
CASES = [
    str,
    str.upper,
    str.capitalize,
    lambda s: unicodedata.normalize("NFD", s),
    lambda s: unicodedata.normalize("NFD", s.upper()),
]


@st.composite
def lint_texts(draw: st.DrawFn) -> tuple[str, str]:
    locale = draw(st.sampled_from(sorted(LINT_PHRASES)))
    words = st.sampled_from(LINT_PHRASES[locale] + LINT_FILLERS) | st.text(max_size=4)
    pieces = draw(st.lists(st.tuples(words, st.sampled_from(CASES)), max_size=8))
    separators = draw(
        st.lists(st.sampled_from([" ", " ", ", ", ". ", "", "!! ", "\n"]), min_size=len(pieces))
    )
    return "".join(
        case(w) + sep for (w, case), sep in zip(pieces, separators, strict=False)
    ), locale


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


@settings(max_examples=400, deadline=None)
@given(lint_texts())
def test_lint_gives_one_finding_per_rule_and_passage(case: tuple[str, str]) -> None:
    text, locale = case
    findings = lint(text, locale=locale, require_identification=False)
    assert findings == sorted(findings, key=lambda f: (f.start, -f.end, f.rule))
    for a, b in itertools.combinations(findings, 2):
        assert not (a.rule == b.rule and _overlap(a, b)), (a, b)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        passage = text[finding.start : finding.end]
        assert passage == finding.excerpt
        # the passage alone is flagged by the same rule, from its first to its last character
        alone = lint(passage, locale=locale, require_identification=False)
        assert (finding.rule, 0, len(passage)) in {(f.rule, f.start, f.end) for f in alone}

"""Compliance lint for collection messages: flags wording Brazilian law forbids or warns against.

``lint`` reads a template or a rendered message and returns :class:`Finding` objects naming the
rule each passage breaks. It is a reviewer's aid built from phrase lists (see
``regua.templates._lexicon``), not a court: an empty list means none of the known patterns
matched, and every finding deserves a human look.

Lawful notices are told apart from threats by what they say, not by the words "protesto" or
"negativação": announcing a credit-bureau listing or a protest is lawful when the text also names
a notice, a period or a deadline (CDC art. 43 §2, Súmula 359 STJ), so such a mention without any
of them is a warning (``escalation_without_notice``) and a mention of an immediate listing
("negativado hoje") is an error. Threats name consequences aimed at the person — police, prison,
seizing goods, "vamos processar você" — that a collection may not use as pressure (CDC art. 71);
"medidas judiciais cabíveis" and "ação de cobrança" are left alone.

One passage gives one finding per rule. Phrases of a rule may overlap or nest ("vamos processar"
and "processar você" both match "vamos processar você"), and an editor underlining them would show
two errors for one threat, so matches of the same rule that share at least one character become a
single finding over their union, with the most severe level and the message of the match that
starts first (the longest one when two start together). Matches that only touch, one ending where
the next starts, stay two findings. Findings of different rules on the same words stay separate:
each cites its own law and asks for its own fix (writing "VAMOS PROCESSAR VOCÊ" in sentence case
cures the shouting, not the threat), so an editor shows them as one underline with several
messages. Findings are sorted by start, the longer first when two start together, then by rule
id; ``start``/``end`` index the text as given, accents, capitals and decomposed (NFD) letters
included. Phrases are matched on the text folded: lower case, no accents, compatibility forms
(fullwidth letters read as plain ones) and no invisible format characters, so a zero-width
space or a soft hyphen inside a word does not hide it. Look-alike letters of other scripts (a
Cyrillic "о" in "caloteiro") are not folded.

>>> [(f.rule, f.excerpt) for f in lint("Olá. VAMOS PROCESSAR VOCÊ", require_identification=False)]
[('shouting', 'VAMOS PROCESSAR VOCÊ'), ('threat', 'VAMOS PROCESSAR VOCÊ')]
>>> [f.rule for f in lint("Pague hoje, CALOTEIRO, ou chamaremos a polícia!", locale="pt_BR")]
['shaming', 'shouting', 'threat', 'missing_creditor_id']
>>> lint("Acme Ltda (CNPJ 11.222.333/0001-81): sua fatura vence amanhã.", locale="pt_BR")
[]
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from babel.core import Locale

from regua._inputs import as_model, as_optional
from regua._result import Result
from regua.documents import is_valid_cnpj, is_valid_cpf
from regua.errors import InvalidInputError
from regua.limits import MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MAX_TAGS, quote
from regua.templates._lexicon import LEXICON, TIMEFRAME
from regua.templates.creditor import Creditor
from regua.templates.formats import normalize_locale
from regua.templates.template import Template

__all__ = ["RULES", "Finding", "Rule", "Severity", "lint", "lint_template"]


class Severity(StrEnum):
    """``error``: the text breaks a rule as written; ``warning``: risky, a person should review."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule(Result):
    """A lint rule: its severity, the law it rests on and what it checks."""

    id: str
    severity: Severity
    law: str
    description: str


@dataclass(frozen=True, slots=True)
class Finding(Result):
    """One passage that breaks ``rule``; ``start``/``end`` index the original text."""

    rule: str
    severity: Severity
    law: str
    message: str
    excerpt: str
    start: int
    end: int


_RULE_LIST = (
    Rule(
        id="threat",
        severity=Severity.ERROR,
        law="CDC art. 42 and art. 71",
        description="threatens the debtor (police, prison, seizure, lawsuits aimed at the "
        "person) or states false consequences",
    ),
    Rule(
        id="shaming",
        severity=Severity.ERROR,
        law="CDC art. 42",
        description="insults or exposes the debtor to ridicule ('caloteiro', 'nome sujo')",
    ),
    Rule(
        id="exposure",
        severity=Severity.ERROR,
        law="CDC art. 42 and art. 71; LGPD art. 6 (purpose, necessity)",
        description="involves third parties (employer, family, neighbours, social media) or "
        "threatens to publish the debt",
    ),
    Rule(
        id="odd_hours",
        severity=Severity.ERROR,
        law="CDC art. 71 (work, rest or leisure); SP Lei 15.426/2014 art. 2",
        description="announces contact at night, on Sundays or holidays, or without pause",
    ),
    Rule(
        id="pressure",
        severity=Severity.WARNING,
        law="CDC art. 71 (coercion)",
        description="ultimatum wording ('última chance', 'urgente') that reads as coercion",
    ),
    Rule(
        id="escalation_without_notice",
        severity=Severity.WARNING,
        law="CDC art. 43 §2; Súmula 359 STJ",
        description="mentions a credit-bureau listing or protest without a notice, period or "
        "deadline to pay or contest",
    ),
    Rule(
        id="immediate_escalation",
        severity=Severity.ERROR,
        law="CDC art. 43 §2; Súmula 359 STJ; CDC art. 71 (falsehood)",
        description="says a listing or protest happens at once, with no prior notice",
    ),
    Rule(
        id="missing_creditor_id",
        severity=Severity.ERROR,
        law="CDC art. 42-A",
        description="does not identify the creditor by name and CNPJ/CPF",
    ),
    Rule(
        id="shouting",
        severity=Severity.WARNING,
        law="CDC art. 42 (embarrassment)",
        description="all-caps words or repeated exclamation marks",
    ),
)
RULES: MappingProxyType[str, Rule] = MappingProxyType({rule.id: rule for rule in _RULE_LIST})
"""Every lint rule by id."""

_PATTERN_RULES = ("threat", "shaming", "exposure", "odd_hours", "pressure", "immediate_escalation")
_COMPILED = {
    language: {rule: [re.compile(p) for p in patterns] for rule, patterns in rules.items()}
    for language, rules in LEXICON.items()
}
_TIMEFRAME = {language: re.compile(pattern) for language, pattern in TIMEFRAME.items()}

_PLACEHOLDER = re.compile(r"\$\{?[a-z][a-z0-9_]*\}?")
_IDENTIFICATION_PLACEHOLDER = re.compile(r"\$\{?creditor_identification\b")
_NAME_PLACEHOLDER = re.compile(r"\$\{?creditor_name\b")
_DOCUMENT_PLACEHOLDER = re.compile(r"\$\{?creditor_document\b")
# A CPF or CNPJ written with its punctuation, alone (not inside a longer code): bare digit runs
# are too common (boleto lines, Pix codes) to stand for a document without a creditor to compare.
_WRITTEN_DOCUMENT = re.compile(
    r"(?<![0-9A-Z])"
    r"(?:[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}/[0-9A-Z]{4}-\d{2}|\d{3}\.\d{3}\.\d{3}-\d{2})"
    r"(?![0-9A-Z])",
    re.ASCII,
)
# The same, punctuation optional: with a creditor given, a run must equal its document exactly.
_ANY_DOCUMENT = re.compile(
    r"(?<![0-9A-Z])"
    r"(?:[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2}|\d{3}\.?\d{3}\.?\d{3}-?\d{2})"
    r"(?![0-9A-Z])",
    re.ASCII,
)
# A word is letters and the combining marks of decomposed (NFD) text: "U\u0301LTIMO" is one word.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = re.compile(rf"[^\W\d_](?:[^\W\d_]|[{_MARKS}])*")
_EXCLAMATIONS = re.compile(r"[!¡]{2,}")
# Upper case by convention: document and agency names, currencies, state codes, legal forms.
_ACRONYMS = frozenset(
    "CNPJ CPF PIX SPC SCPC SERASA SMS CDC LGPD PROCON BRL USD EUR CEP LTDA EIRELI MEI ME EPP SA "
    "BO QR TED DOC URL PDF ID OK IPCA IGPM SELIC INSS FGTS NF NFE CET IOF ANATEL STJ STF BACEN "
    "BCB CNH RG TV CPFL SABESP CEMIG UF DDD PJ PF EU II III IV VI VII VIII IX XI XII"
    " AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split()
)


# Bounded: text may hold any of the million code points; the common ones stay cached.
@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """``char`` lower-cased without accents, in its compatibility form: "" for a combining
    mark or an invisible format character (a zero-width space, a soft hyphen: inside a word
    they would hide it from the lexicon), "ss" for "ß", "c" for a fullwidth "ｃ"."""
    plain = "".join(
        c
        for c in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return plain.casefold()


def _fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, accent-free copy of ``text`` and, per folded char, its index in ``text``."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        plain = _fold_char(char)
        chars.append(plain)
        origin.extend([index] * len(plain))
    return "".join(chars), origin


def _span(text: str, origin: list[int], match: re.Match[str]) -> tuple[int, int]:
    """Offsets in ``text`` of a match in its folded copy.

    The end moves past the characters that fold to nothing (combining marks, format
    characters), so that a decomposed "VOCE\u0302" keeps its accent.
    """
    start, end = origin[match.start()], origin[match.end() - 1] + 1
    while end < len(text) and not _fold_char(text[end]):
        end += 1
    return start, end


def _finding(rule_id: str, text: str, start: int, end: int, message: str) -> Finding:
    rule = RULES[rule_id]
    return Finding(
        rule=rule_id,
        severity=rule.severity,
        law=rule.law,
        message=message,
        excerpt=text[start:end],
        start=start,
        end=end,
    )


def _language(locale: str) -> str:
    language = Locale.parse(normalize_locale(locale)).language
    if language not in LEXICON:
        raise InvalidInputError(
            "locale", f"lint knows {', '.join(sorted(LEXICON))}; got {quote(locale)}"
        )
    return language


def _pattern_findings(text: str, folded: str, origin: list[int], language: str) -> list[Finding]:
    findings = []
    for rule_id in _PATTERN_RULES:
        for pattern in _COMPILED[language][rule_id]:
            for match in pattern.finditer(folded):
                start, end = _span(text, origin, match)
                findings.append(_finding(rule_id, text, start, end, RULES[rule_id].description))
    escalations = [m for p in _COMPILED[language]["escalation"] for m in p.finditer(folded)]
    if escalations and not _TIMEFRAME[language].search(folded):
        first = min(escalations, key=lambda m: m.start())
        start, end = _span(text, origin, first)
        findings.append(
            _finding(
                "escalation_without_notice",
                text,
                start,
                end,
                "a listing or protest is lawful after a notice that gives a period to pay or "
                "contest; say it (e.g. 'você tem 10 dias, até 20 de março, para pagar ou "
                "contestar')",
            )
        )
    return findings


def _ignored(ignore: Iterable[str]) -> list[str]:
    if isinstance(ignore, str):
        raise InvalidInputError("ignore", "expected a list of strings, got a single str")
    try:
        literals = list(itertools.islice(ignore, MAX_TAGS + 1))
    except TypeError:
        raise InvalidInputError("ignore", "expected a list of strings") from None
    if len(literals) > MAX_TAGS:
        raise InvalidInputError("ignore", f"lists more than {MAX_TAGS} strings")
    for i, literal in enumerate(literals):
        if not isinstance(literal, str) or len(literal) > MAX_NAME_CHARS:
            raise InvalidInputError(
                f"ignore[{i}]", f"expected a str of at most {MAX_NAME_CHARS} characters"
            )
    return literals


def _masked(text: str, ignore: Iterable[str]) -> str:
    """``text`` with placeholders and ``ignore`` strings blanked, keeping every index."""
    masked = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)
    for literal in ignore:
        if literal:
            masked = re.sub(
                re.escape(literal), lambda m: " " * len(m.group()), masked, flags=re.IGNORECASE
            )
    return masked


def _shouting(text: str, masked: str) -> list[Finding]:
    findings = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        letters = sum(1 for m in run for c in m.group() if not unicodedata.combining(c))
        if len(run) >= 3 or (run and letters >= 6):
            findings.append(
                _finding(
                    "shouting",
                    text,
                    run[0].start(),
                    run[-1].end(),
                    "all-caps text reads as shouting; write in sentence case",
                )
            )
        run.clear()

    for match in _WORD.finditer(masked):
        word = match.group()
        if not (len(word) >= 2 and word.isupper() and word not in _ACRONYMS):
            flush()
            continue
        if run and masked[run[-1].end() : match.start()].strip(" ,"):
            flush()
        run.append(match)
    flush()
    for match in _EXCLAMATIONS.finditer(masked):
        findings.append(
            _finding("shouting", text, match.start(), match.end(), "repeated exclamation marks")
        )
    return findings


def _identified(text: str, folded: str, creditor: Creditor | None) -> bool:
    """Whether ``text`` identifies the creditor by name and document (CDC art. 42-A).

    ``$creditor_identification`` does; so does ``$creditor_document`` or a written CPF/CNPJ, with
    the creditor's name (``$creditor_name`` or, when ``creditor`` is given, its own name). Without
    a creditor the name cannot be checked and a document alone counts. A written document counts
    only when its check digits are right and, with a creditor given, only when it is that
    creditor's: ``000.000.000-00`` or the debtor's own CPF identify no one.
    """
    if _IDENTIFICATION_PLACEHOLDER.search(text):
        return True
    documented = bool(_DOCUMENT_PLACEHOLDER.search(text)) or _has_document(text, creditor)
    if creditor is None:
        return documented
    named = bool(_NAME_PLACEHOLDER.search(text)) or _fold(creditor.name)[0] in folded
    return named and documented


def _has_document(text: str, creditor: Creditor | None) -> bool:
    upper = text.upper()
    if creditor is None:
        return any(
            is_valid_cpf(m.group()) or is_valid_cnpj(m.group())
            for m in _WRITTEN_DOCUMENT.finditer(upper)
        )
    return any(
        re.sub(r"[./-]", "", m.group()) == creditor.document for m in _ANY_DOCUMENT.finditer(upper)
    )


def lint(
    text: str,
    *,
    locale: str = "pt_BR",
    creditor: Creditor | Mapping[str, Any] | None = None,
    require_identification: bool = True,
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """Findings for ``text`` (a template or a rendered message), one per rule and passage (see the
    module docstring), ordered by position; a finding about the whole text (missing
    identification) comes last, with empty offsets.

    ``creditor``, when given, must appear by name and document (CDC art. 42-A); without it any
    valid CNPJ/CPF written with its punctuation (check digits verified) or a
    ``$creditor_document``/``$creditor_identification`` placeholder counts, so pass the creditor
    to make sure the document is its own and not, say, the debtor's.
    ``require_identification=False`` skips that check (e.g. for a subject line, which travels
    with its body). ``ignore`` lists literal strings the shouting check skips, such as a customer
    name an ERP stores in capitals; the creditor's name is skipped automatically. ``text`` may be
    at most ``MAX_MESSAGE_CHARS`` (50,000) characters, the longest message ``render`` produces.
    """
    if not isinstance(text, str):
        raise InvalidInputError("text", f"expected text, got {type(text).__name__}")
    # The characters themselves: a str subclass may override what len() or slicing returns.
    text = str.__str__(text)
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInputError(
            "text", f"is {len(text)} characters long; lint reads at most {MAX_MESSAGE_CHARS}"
        )
    creditor = as_optional(creditor, Creditor, "creditor")
    language = _language(locale)
    skipped = [*_ignored(ignore), *([creditor.name] if creditor is not None else [])]
    folded, origin = _fold(text)
    findings = _pattern_findings(text, folded, origin, language)
    findings.extend(_shouting(text, _masked(text, skipped)))
    ordered = _merged(text, findings)
    if require_identification and not _identified(text, folded, creditor):
        ordered.append(
            _finding(
                "missing_creditor_id",
                text,
                0,
                0,
                "name the creditor and its CNPJ/CPF (use $creditor_identification or "
                "$creditor_name and $creditor_document)",
            )
        )
    return ordered


_RANK = {Severity.WARNING: 0, Severity.ERROR: 1}


def _order(finding: Finding) -> tuple[int, int, str]:
    # By start; at one start the longer (enclosing) finding first; then by rule id.
    return finding.start, -finding.end, finding.rule


def _merged(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """One finding per rule and passage: matches of one rule that overlap or nest become a single
    finding over their union, with the most severe level and the message of the match that comes
    first in :func:`_order`. Matches that only touch (one ends where the next starts) stay apart.
    """
    clusters: list[list[Finding]] = []
    reach = 0
    for finding in sorted(findings, key=lambda f: (f.rule, *_order(f))):
        if clusters and clusters[-1][0].rule == finding.rule and finding.start < reach:
            clusters[-1].append(finding)
            reach = max(reach, finding.end)
        else:
            clusters.append([finding])
            reach = finding.end
    merged = []
    for cluster in clusters:
        first = cluster[0]
        end = max(f.end for f in cluster)
        merged.append(
            Finding(
                rule=first.rule,
                severity=max((f.severity for f in cluster), key=_RANK.__getitem__),
                law=first.law,
                message=first.message,
                excerpt=text[first.start : end],
                start=first.start,
                end=end,
            )
        )
    return sorted(merged, key=_order)


def lint_template(template: Template | Mapping[str, Any]) -> dict[str, list[Finding]]:
    """Findings per form (``subject``, ``body``, ``short``) of ``template``, in its own locale.

    The subject travels with the body, so it is not asked to identify the creditor on its own.

    >>> lint_template(Template(id="t", subject="ÚLTIMO AVISO", body="$creditor_identification"))
    ... # doctest: +ELLIPSIS
    {'subject': [Finding(rule='pressure', ...), Finding(rule='shouting', ...)], 'body': []}
    """
    template = as_model(template, Template, "template")
    forms = {"subject": template.subject, "body": template.body, "short": template.short}
    return {
        name: lint(text, locale=template.locale, require_identification=name != "subject")
        for name, text in forms.items()
        if text is not None
    }

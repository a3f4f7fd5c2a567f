"""Template validation: ``string.Template`` syntax, a closed set of names and hard size limits.

A template is text with ``$name`` or ``${name}`` placeholders and ``$$`` for a literal dollar
sign (so ``R$$ 10`` shows ``R$ 10``). There are no attribute lookups, indexes, format specs,
filters, loops or expressions: a placeholder is a lower-case name from :data:`PLACEHOLDERS`, and
substitution is a single pass, so a value is never re-read as a template. Text that only makes
sense to another template engine (braces, ``<% %>``, dunder names) is rejected, so that nobody
downstream can mistake a rendered message for a template either.

>>> validate_template("Olá, $first_name! Valor: ${amount_due}. Preço em R$$.")
>>> validate_template("${x.__class__}")
Traceback (most recent call last):
...
regua.errors.TemplateError: template: invalid placeholder at line 1, column 1: '${x.__class_'; ...
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Mapping

from regua.errors import TemplateError
from regua.limits import (
    MAX_MESSAGE_CHARS,
    MAX_PLACEHOLDER_USES,
    MAX_TEMPLATE_CHARS,
    MAX_VALUE_CHARS,
)
from regua.templates.placeholders import PLACEHOLDERS

__all__ = [
    "MAX_MESSAGE_CHARS",
    "MAX_PLACEHOLDER_USES",
    "MAX_TEMPLATE_CHARS",
    "MAX_VALUE_CHARS",
    "check_line",
    "check_value",
    "line_break_in",
    "placeholders_in",
    "substitute",
    "validate_template",
]


class _Syntax(string.Template):
    # Lower-case names only and no IGNORECASE: "$Name" is an error, not a silent miss.
    idpattern = r"[a-z][a-z0-9_]*"
    flags = re.NOFLAG


# C0/C1 controls except tab, newline and carriage return; the Unicode line and paragraph
# separators, which some mail, SMS and JSON stacks honour as line breaks and others show as
# nothing; bidi overrides, which hide text from reviewers.
_FORBIDDEN_CHARS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# Every character str.splitlines() ends a line at: each is a line break to some mail, SMS or
# terminal stack, so none may appear in a single-line field such as an e-mail subject.
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# A carriage return outside "\r\n" breaks the line for some mail stacks and not for others
# (the ambiguity SMTP smuggling exploits), so a value may not carry one.
_LONE_CR = re.compile(r"\r(?!\n)")
_FOREIGN_SYNTAX = re.compile(r"[{}]|<%|%>|(?<![A-Za-z0-9])__[A-Za-z]")


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _describe(char: str) -> str:
    kind = "line separator" if char in "\u2028\u2029" else "control character"
    return f"{kind} {char!r}"


def _check_chars(text: str, field: str, what: str) -> None:
    bad = _FORBIDDEN_CHARS.search(text)
    if bad:
        raise TemplateError(
            field, f"{what} contains {_describe(bad.group())} at {_position(text, bad.start())}"
        )


def line_break_in(text: str) -> str | None:
    """The first character of ``text`` that some mail or SMS stack takes for a line break."""
    found = _LINE_BREAK.search(text)
    return found.group() if found else None


def check_line(field: str, text: str) -> str:
    """``text`` unchanged if it is one line without control characters or bidi overrides, else
    :class:`~regua.errors.TemplateError` naming ``field`` (for names and contacts that end up in
    e-mail subjects and one-line identifications)."""
    _check_chars(text, field, "text")
    broken = _LINE_BREAK.search(text)
    if broken:
        raise TemplateError(
            field,
            f"must be a single line; found {broken.group()!r} at {_position(text, broken.start())}",
        )
    return text


def placeholders_in(text: str) -> list[str]:
    """Placeholder names in order of appearance, repeats included (``text`` must be valid)."""
    names = []
    for match in _Syntax.pattern.finditer(text):
        name = match.group("named") or match.group("braced")
        if name:
            names.append(name)
    return names


def validate_template(
    text: str, *, field: str = "template", extra_placeholders: Iterable[str] = ()
) -> None:
    """Raise :class:`~regua.errors.TemplateError` unless ``text`` is a safe, valid template.

    ``extra_placeholders`` admits names beyond :data:`PLACEHOLDERS` (values the host promises to
    put in ``Action.context``).
    """
    if not isinstance(text, str):
        raise TemplateError(field, f"expected text, got {type(text).__name__}")
    # The characters themselves, whatever a str subclass says its length or text is.
    text = str.__str__(text)
    if len(text) > MAX_TEMPLATE_CHARS:
        raise TemplateError(
            field, f"is {len(text)} characters long; the limit is {MAX_TEMPLATE_CHARS}"
        )
    _check_chars(text, field, "template")
    _refuse_lone_cr(text, field, "template")
    if isinstance(extra_placeholders, str):
        raise TemplateError("extra_placeholders", "expected a list of names, got a single str")
    extras = list(itertools.islice(extra_placeholders, MAX_PLACEHOLDER_USES + 1))
    if len(extras) > MAX_PLACEHOLDER_USES:
        raise TemplateError("extra_placeholders", f"more than {MAX_PLACEHOLDER_USES} names")
    allowed = set(PLACEHOLDERS).union(extras)
    literal: list[str] = []
    last = 0
    uses = 0
    for match in _Syntax.pattern.finditer(text):
        literal.append(text[last : match.start()])
        last = match.end()
        if match.group("invalid") is not None:
            start = match.start()
            raise TemplateError(
                field,
                f"invalid placeholder at {_position(text, start)}: {text[start : start + 12]!r}; "
                "use $name or ${name} with a lower-case name, and $$ for a literal $",
            )
        name = match.group("named") or match.group("braced")
        if name is None:
            continue
        if name not in allowed:
            raise TemplateError(
                field,
                f"unknown placeholder ${name} at {_position(text, match.start())}; "
                f"known: {', '.join(sorted(allowed))}",
            )
        uses += 1
    literal.append(text[last:])
    if uses > MAX_PLACEHOLDER_USES:
        raise TemplateError(field, f"uses {uses} placeholders; the limit is {MAX_PLACEHOLDER_USES}")
    residue = "".join(literal)
    foreign = _FOREIGN_SYNTAX.search(residue)
    if foreign:
        raise TemplateError(
            field,
            f"contains {foreign.group()!r}: braces, <% %> and __dunder__ names belong to other "
            "template engines; "
            "regua templates only know $name, ${name} and $$",
        )


def check_value(name: str, value: str) -> str:
    """A placeholder value must be plain short text without control characters, line separators
    or a carriage return outside ``\\r\\n``.

    Plain means of type ``str`` exactly: a subclass may override ``__len__`` or ``__str__``, and
    then the text checked here would not be the text substituted.
    """
    if type(value) is not str:
        raise TemplateError(
            f"context.{name}", f"expected plain text (str), got {type(value).__name__}"
        )
    if len(value) > MAX_VALUE_CHARS:
        raise TemplateError(
            f"context.{name}", f"is {len(value)} characters long; the limit is {MAX_VALUE_CHARS}"
        )
    _check_chars(value, f"context.{name}", "value")
    _refuse_lone_cr(value, f"context.{name}", "value")
    return value


def _refuse_lone_cr(text: str, field: str, what: str) -> None:
    lone = _LONE_CR.search(text)
    if lone:
        raise TemplateError(
            field,
            f"{what} contains a carriage return not followed by a line feed at "
            f"{_position(text, lone.start())}; break lines with \\n",
        )


def substitute(text: str, values: Mapping[str, str], field: str = "template") -> str:
    """Fill a validated template in one pass; the output size is checked before it is built."""
    names = placeholders_in(text)
    missing = sorted({name for name in names if name not in values})
    if missing:
        raise TemplateError(
            f"context.{missing[0]}",
            f"{field} uses ${missing[0]} but no value was supplied"
            + (f" (also missing: {', '.join(missing[1:])})" if missing[1:] else ""),
        )
    size = len(text) + sum(len(values[name]) for name in names)
    if size > MAX_MESSAGE_CHARS:
        raise TemplateError(
            field, f"would render about {size} characters; the limit is {MAX_MESSAGE_CHARS}"
        )
    return _Syntax(text).substitute(values)

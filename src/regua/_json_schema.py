"""How regua's models write their JSON Schema: what the validators accept, for people to read.

pydantic's generator is extended in three ways:

- An amount (``regua.money.Amount``) may have only as many decimals as its currency allows: the
  model's own ``currency`` field (an invoice's payments follow the invoice's), BRL without one.
  A property alone cannot say that, so each model with a ``currency`` gets one ``if``/``then``
  rule per number of decimals, constraining every amount it holds; a document without a
  currency (a lone payment) gets the BRL rule at its root.
- Descriptions are the docstrings up to their first doctest example, with reST roles and
  double back-quotes reduced to plain back-quoted names.
- A currency code lists the codes regua knows; a string that must not be empty once its
  surrounding spaces are stripped (the models strip them) must hold a non-space character.
- The root declares its dialect (``$schema``, JSON Schema 2020-12) and an ``$id``,
  ``urn:regua:schema:<document>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema

from regua.money import (
    _AMOUNT_SCHEMA_MARK,
    CURRENCY_SCHEMA_MARK,
    DEFAULT_CURRENCY,
    MAX_AMOUNT,
    currencies,
    minor_units,
)

__all__ = ["ReguaJsonSchema", "amount_pattern", "schema_id"]

#: Integer digits an amount may have: it must be below MAX_AMOUNT (1E+26).
_MAX_WHOLE_DIGITS = MAX_AMOUNT.adjusted()

_ROLE = re.compile(r":[a-z]+:`~?([^`<]*?)(?: <[^>]*>)?`")
_LITERAL = re.compile(r"``([^`]+)``")


def amount_pattern(places: int) -> str:
    """The pattern of a non-negative amount with at most ``places`` decimals (trailing zeros
    beyond them are accepted, as the validator accepts ``"5.000"`` for BRL: it is 5.00)."""
    whole = f"[0-9]{{1,{_MAX_WHOLE_DIGITS}}}"
    if places == 0:
        return rf"^{whole}(\.0*)?$"
    return rf"^{whole}(\.[0-9]{{0,{places}}}0*)?$"


def schema_id(title: str) -> str:
    """The ``$id`` of the document whose root is titled ``title``: ``ContactRecord`` →
    ``urn:regua:schema:contact-record``."""
    return "urn:regua:schema:" + re.sub(r"(?<!^)(?=[A-Z])", "-", title).lower()


@cache
def _places_groups() -> dict[int, tuple[str, ...]]:
    groups: dict[int, list[str]] = {}
    for code in sorted(currencies()):
        groups.setdefault(minor_units(code), []).append(code)
    return {places: tuple(codes) for places, codes in sorted(groups.items())}


class ReguaJsonSchema(GenerateJsonSchema):
    """pydantic's JSON Schema generator with regua's amounts, descriptions, ``$schema``/``$id``."""

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        document = super().generate(schema, mode)
        defs: dict[str, Any] = document.get("$defs", {})
        for node in [*defs.values(), document]:
            if "currency" in node.get("properties", {}):
                _per_currency(node, defs)
        root = _skeleton(document, defs, amount_pattern(minor_units(DEFAULT_CURRENCY)), set())
        if root is not None and "currency" not in document.get("properties", {}):
            document.setdefault("allOf", []).append(root)
        _finish(document)
        header = {"$schema": self.schema_dialect}
        if isinstance(document.get("title"), str):
            header["$id"] = schema_id(document["title"])
        return {**header, **document}


def _per_currency(model: dict[str, Any], defs: dict[str, Any]) -> None:
    """Constrain the amounts of ``model`` to the decimals of its ``currency`` (BRL if absent)."""
    groups = _places_groups()
    default = minor_units(DEFAULT_CURRENCY)
    rules = []
    for places, codes in groups.items():
        then = _skeleton(model, defs, amount_pattern(places), set(), top=True)
        if then is None:
            return
        if places == default:
            others = [c for p, cs in groups.items() if p != default for c in cs]
            # Absent currency means BRL, so this rule is "unless the currency is another one".
            condition: dict[str, Any] = {
                "not": {"properties": {"currency": {"enum": others}}, "required": ["currency"]}
            }
        else:
            condition = {
                "properties": {"currency": {"enum": list(codes)}},
                "required": ["currency"],
            }
        rules.append({"if": condition, "then": then})
    model.setdefault("allOf", []).extend(rules)


def _skeleton(
    node: Any, defs: dict[str, Any], pattern: str, seen: set[str], *, top: bool = False
) -> dict[str, Any] | None:
    """A schema applying ``pattern`` to every amount inside ``node``, or None if it has none.

    Nested models with a ``currency`` of their own are left to their own rules; ``pattern``
    constrains strings only, so an amount that may be null needs no special case.
    """
    if not isinstance(node, dict):
        return None
    if node.get(_AMOUNT_SCHEMA_MARK):
        return {"pattern": pattern}
    reference = node.get("$ref")
    if isinstance(reference, str):
        name = reference.rsplit("/", 1)[-1]
        target = defs.get(name, {})
        if name in seen or "currency" in target.get("properties", {}):
            return None
        return _skeleton(target, defs, pattern, seen | {name})
    if not top and "currency" in node.get("properties", {}):
        return None
    parts: dict[str, Any] = {}
    properties = {
        key: sub
        for key, value in node.get("properties", {}).items()
        if (sub := _skeleton(value, defs, pattern, seen)) is not None
    }
    if properties:
        parts["properties"] = properties
    for key in ("items", "additionalProperties"):
        sub = _skeleton(node.get(key), defs, pattern, seen)
        if sub is not None:
            parts[key] = sub
    branches = [
        sub
        for key in ("anyOf", "oneOf", "allOf")
        for branch in node.get(key, ())
        if (sub := _skeleton(branch, defs, pattern, seen)) is not None
    ]
    if branches:
        parts.setdefault("allOf", []).extend(branches)
    return parts or None


def _finish(node: Any) -> None:
    """Drop the marks, list the currencies, require non-space text, clean descriptions."""
    if isinstance(node, dict):
        node.pop(_AMOUNT_SCHEMA_MARK, None)
        if node.pop(CURRENCY_SCHEMA_MARK, None):
            node["enum"] = sorted(currencies())
        if node.get("minLength") == 1 and "pattern" not in node:
            node["pattern"] = r"\S"
        description = node.get("description")
        if isinstance(description, str):
            node["description"] = _prose(description)
        _finish_all(node.values())
    elif isinstance(node, list):
        _finish_all(node)


def _finish_all(nodes: Iterable[Any]) -> None:
    for node in nodes:
        _finish(node)


def _prose(docstring: str) -> str:
    """A docstring up to its first doctest, with reST markup reduced to back-quoted names."""
    lines = []
    for line in docstring.splitlines():
        if line.lstrip().startswith(">>>"):
            break
        lines.append(line)
    text = "\n".join(lines).strip()
    text = _ROLE.sub(lambda m: f"`{m.group(1).rsplit('.', 1)[-1]}`", text)
    return _LITERAL.sub(r"`\1`", text)

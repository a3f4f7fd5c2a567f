"""What a schedule leaves out of its contact windows and guardrails comes from the jurisdiction
its ``calendar.country`` names, not from Brazil's.

The models' own defaults (``ContactWindow()``, ``Guardrails()``) are Brazil's, the default
jurisdiction; a schedule of another registered country has the keys it does not set filled in
from that country's :class:`~regua.jurisdiction.Jurisdiction` before validation, so they show
in the validated schedule and its dump like any key. A key the schedule sets is kept.

The JSON Schema says the same with one ``if``/``then`` per registered jurisdiction: a schedule
of that country has at least its notice days and at most its prescription term.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from regua.jurisdiction import DEFAULT_CODE, JURISDICTIONS, Jurisdiction

__all__ = ["legal_terms_schema", "with_jurisdiction_defaults"]

_WINDOW_DAYS = ("weekdays", "saturday", "sunday", "holidays")


def _named(calendar: Any) -> Jurisdiction | None:
    """The jurisdiction a schedule's ``calendar`` names; None when it names none registered
    (validating the calendar reports that)."""
    if calendar is None:
        return JURISDICTIONS[DEFAULT_CODE]
    country = getattr(calendar, "country", None)
    if isinstance(calendar, Mapping):
        country = calendar.get("country", DEFAULT_CODE)
    return JURISDICTIONS.get(country) if isinstance(country, str) else None


def _given(value: Any) -> Any:
    """The keys a mapping or a model sets; anything else is left for validation to refuse."""
    if isinstance(value, BaseModel):
        return {name: getattr(value, name) for name in value.model_fields_set}
    return value


def _filled(defaults: dict[str, Any], value: Any) -> Any:
    given = _given(value)
    return {**defaults, **given} if isinstance(given, Mapping) else value


def with_jurisdiction_defaults(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """``data`` (a schedule's mapping) with its jurisdiction's contact hours, notice days and
    prescription term where it sets none."""
    where = _named(data.get("calendar"))
    if where is None or where.code == DEFAULT_CODE:
        return data  # Brazil's values are the models' own defaults
    hours = where.contact_hours
    window = {name: getattr(hours, name) for name in _WINDOW_DAYS}
    filled = dict(data)
    filled["contact_window"] = _filled(window, data.get("contact_window", {}))
    states = data.get("state_contact_windows")
    if isinstance(states, Mapping):
        filled["state_contact_windows"] = {
            state: _filled(window, value) for state, value in states.items()
        }
    guardrails = {
        "notice_days": where.notice_days,
        "prescription_years": where.prescription_years,
    }
    filled["guardrails"] = _filled(guardrails, data.get("guardrails", {}))
    return filled


def legal_terms_schema(schema: dict[str, Any]) -> None:
    """Add to a schedule's JSON Schema the guardrail bounds of each registered jurisdiction
    (read when the schema is made, so a country registered since is included)."""
    rules = []
    for code, where in sorted(JURISDICTIONS.items()):
        country: dict[str, Any] = {"properties": {"country": {"const": code}}}
        names: dict[str, Any] = {"properties": {"calendar": country}}
        if code != DEFAULT_CODE:  # a schedule that names no country is the default's
            country["required"] = ["country"]
            names["required"] = ["calendar"]
        bounds = {
            "notice_days": {"minimum": where.notice_days},
            "prescription_years": {"maximum": where.prescription_years},
        }
        rules.append({"if": names, "then": {"properties": {"guardrails": {"properties": bounds}}}})
    schema["allOf"] = rules

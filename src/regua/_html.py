"""The HTML a notebook shows for regua's results (their ``_repr_html_``): a caption, a few
facts and a table, every text escaped (a customer's name or a reason may hold ``<``, ``&`` or a
script), long tables cut after :data:`MAX_ROWS` rows with the count of the rest."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

__all__ = ["MAX_ROWS", "cell", "table"]

MAX_ROWS = 50
"""Most rows a notebook table shows; the rest are counted, not drawn."""


def cell(value: Any) -> str:
    """One value as escaped text: enums by value, sequences joined by ``; ``, None empty."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    elif isinstance(value, tuple | list | frozenset | set):
        return "; ".join(cell(v) for v in value)
    return html.escape(str(value))


def table(
    caption: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    facts: Sequence[tuple[str, Any]] = (),
) -> str:
    """An HTML block: ``caption``, then ``facts`` (label, value) on one line, then the table."""
    parts = [f"<div><strong>{html.escape(caption)}</strong>"]
    if facts:
        line = ", ".join(f"{html.escape(k)}: {cell(v)}" for k, v in facts)
        parts.append(f"<div>{line}</div>")
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    shown = 0
    extra = 0
    for row in rows:
        if shown == MAX_ROWS:
            extra += 1
            continue
        body.append("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>")
        shown += 1
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    if extra:
        parts.append(f"<div>… and {extra} more rows</div>")
    parts.append("</div>")
    return "\n".join(parts)

"""How a language pack is written: shared greeting, closing and footer around per-id texts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["TONES", "Entry", "Pack", "Tone", "Toned"]

Tone = Literal["friendly", "neutral", "firm"]
TONES: tuple[Tone, ...] = ("friendly", "neutral", "firm")

Toned = str | Mapping[Tone, str]
"""One text for every tone, or one per tone."""


def pick(text: Toned, tone: Tone) -> str:
    return text if isinstance(text, str) else text[tone]


@dataclass(frozen=True)
class Entry:
    """The texts of one template id. ``script`` entries (call scripts) skip greeting and footer."""

    subject: Toned
    lead: Toned
    details: str
    short: Toned
    script: bool = False


@dataclass(frozen=True)
class Pack:
    """A language pack: ``entries`` maps every built-in id to its texts."""

    locale: str
    greeting: Mapping[Tone, str]
    closing: Mapping[Tone, str]
    footer: str
    entries: Mapping[str, Entry] = field(default_factory=dict)

    def texts(self, template_id: str, tone: Tone) -> tuple[str, str, str]:
        """``(subject, body, short)`` of ``template_id`` in ``tone``."""
        entry = self.entries[template_id]
        lead = pick(entry.lead, tone)
        if entry.script:
            body = f"{lead}\n\n{entry.details}"
        else:
            body = "\n\n".join(
                [self.greeting[tone], lead, entry.details, self.closing[tone], self.footer]
            )
        return pick(entry.subject, tone), body, pick(entry.short, tone)

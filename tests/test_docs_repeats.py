"""No prose paragraph of a documentation page is printed twice on that page, alone or at the start
of another: a repeated paragraph is an editing slip (performance.md said its "Streaming figures
include…" note twice, the second time followed by more text). Code blocks are left out: an
example may rightly repeat a line."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SHORT = 80  # a short line ("```", a table separator) may repeat on purpose


def _prose_paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    in_code = False
    for line in [*text.splitlines(), ""]:
        if line.startswith("```"):
            in_code = not in_code
            current = []
            continue
        if in_code:
            continue
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def test_no_page_repeats_a_paragraph() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    repeated = []
    for page in pages:
        paragraphs = _prose_paragraphs(page.read_text(encoding="utf-8"))
        prose = "\n".join(paragraphs)
        repeated += [
            f"{page.relative_to(ROOT)}: {paragraph[:60]}…"
            for paragraph in dict.fromkeys(paragraphs)
            if len(paragraph) > _SHORT and prose.count(paragraph) > 1
        ]
    assert repeated == []

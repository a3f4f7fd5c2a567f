"""The documentation's examples copy models with ``replace`` (validated), never with pydantic's
``model_copy(update=...)``, which skips validation: the design guide warns against it, so no
example may teach it (messages.md, getting-paid.md, analysts.md and negotiating.md did)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_example_copies_a_model_without_validation() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    offenders = [
        f"{page.relative_to(ROOT)}:{number}"
        for page in pages
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith((">>> ", "... ")) and "model_copy(" in line
    ]
    assert offenders == []

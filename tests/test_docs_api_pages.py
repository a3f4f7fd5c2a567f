"""Every public subpackage of regua has an API reference page in the documentation's nav."""

from __future__ import annotations

import re
from pathlib import Path

import regua

ROOT = Path(__file__).resolve().parent.parent
#: The command line is documented as commands (docs/command-line.md), not as an API.
NOT_AN_API = frozenset({"cli"})


def _nav_pages() -> dict[str, str]:
    """Module name -> the page the mkdocs nav gives it under "API reference"."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    section = nav.split("  - API reference:\n", 1)[1]
    return dict(re.findall(r"^      - (regua[\w.]*): (api/[\w-]+\.md)$", section, re.M))


def test_every_subpackage_has_an_api_page() -> None:
    packages = sorted(
        path.parent.name
        for path in Path(regua.__file__).parent.glob("*/__init__.py")
        if not path.parent.name.startswith("_") and path.parent.name not in NOT_AN_API
    )
    pages = _nav_pages()
    assert [name for name in packages if f"regua.{name}" not in pages] == []
    for module, page in pages.items():
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert f"::: {module}\n" in text, page

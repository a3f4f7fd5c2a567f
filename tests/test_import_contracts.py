"""The import contracts of pyproject.toml's ``[tool.importlinter]`` hold (issue 12 item 4).

Packages import only from the layers below them (ARCHITECTURE.md), so do the reference engine's
modules, no package has an import cycle between its modules, and a private module is imported
only from inside its own package. Imports under ``TYPE_CHECKING`` and inside functions count.
The same check runs as ``lint-imports`` in CI; here it keeps the README's test command honest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

importlinter_cli = pytest.importorskip("importlinter.cli", reason="import-linter: the dev extra")

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "pyproject.toml"


@pytest.mark.skipif(not CONFIG.exists(), reason="run from a source tree")
def test_import_contracts_hold() -> None:
    exit_code = importlinter_cli.lint_imports(config_filename=str(CONFIG), no_cache=True)
    assert exit_code == 0, "lint-imports: a contract is broken (run it for the details)"

"""The reference engine stays readable: no function in ``src/regua/rules/`` is longer than 60
lines (its decorators, signature and docstring included). A longer one is split into named
steps, each rule in one place."""

from __future__ import annotations

import ast
from pathlib import Path

RULES = Path(__file__).parent.parent / "src" / "regua" / "rules"
MAX_LINES = 60


def _long_functions() -> list[str]:
    found: list[str] = []
    for path in sorted(RULES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > MAX_LINES:
                    found.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_rules_finds_its_modules() -> None:
    assert len(list(RULES.glob("*.py"))) > 10


def test_no_function_in_rules_exceeds_sixty_lines() -> None:
    assert _long_functions() == []

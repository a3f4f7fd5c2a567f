"""Plans pinned as readable JSON snapshots in ``tests/snapshots/``, compared with a diff.

A snapshot is a JSON array with one entry per line, keys sorted: for each plan of a sequence
(``run`` 0, 1, ...) a line with its ``as_of``, then one line per action, per skip, per
``not_applicable`` count and per ``exhausted`` customer, as
``TypeAdapter(Plan)`` dumps them. A change in what the engine plans fails with a unified diff
of those lines, so the failure names the run, the customer, the step and the field that moved.

A deliberate change of behaviour is recorded by regenerating the snapshots and committing them
with the reason::

    REGUA_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_rules_equivalence.py -p no:cacheprovider

(only this test helper reads the variable; the library reads no environment). Review the
change with ``git diff tests/snapshots/`` before committing.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from regua.rules import Plan

__all__ = [
    "SNAPSHOTS",
    "assert_lines",
    "assert_snapshot",
    "plan_lines",
    "plans_from_lines",
    "read_snapshot",
]

SNAPSHOTS = Path(__file__).parent / "snapshots"
_PLAN = TypeAdapter(Plan)
#: What a plan reports besides its decisions, one line per entry after the skips.
_REPORTS = ("not_applicable", "exhausted")
_SHOWN = 120  # diff lines in a failure message; the rest is counted


def _line(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False)


def plan_lines(plans: Iterable[Plan]) -> list[str]:
    """The snapshot lines of a sequence of plans."""
    lines = []
    for run, result in enumerate(plans):
        dumped = _PLAN.dump_python(result, mode="json")
        lines.append(_line({"run": run, "as_of": dumped["as_of"]}))
        lines.extend(_line({"run": run, "action": action}) for action in dumped["actions"])
        lines.extend(_line({"run": run, "skipped": skip}) for skip in dumped["skipped"])
        for kind in _REPORTS:
            lines.extend(_line({"run": run, kind: entry}) for entry in dumped[kind])
    return lines


def plans_from_lines(lines: Iterable[str]) -> Iterator[Plan]:
    """The plans a snapshot holds, validated back into :class:`~regua.rules.Plan`."""
    current: dict[str, Any] | None = None
    for line in lines:
        entry = json.loads(line)
        if "as_of" in entry:
            if current is not None:
                yield _PLAN.validate_python(current)
            current = {"as_of": entry["as_of"], "actions": [], "skipped": []}
            current.update({kind: [] for kind in _REPORTS})
        else:
            assert current is not None, "a snapshot starts with a run's as_of"
            kind = next(key for key in entry if key != "run")
            current["actions" if kind == "action" else kind].append(entry[kind])
    if current is not None:
        yield _PLAN.validate_python(current)


def read_snapshot(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if not (text.startswith("[\n") and text.endswith("\n]\n")):
        raise AssertionError(f"{path.name}: not a snapshot (a JSON array, one entry a line)")
    body = text[2:-3]
    return [line.removesuffix(",") for line in body.split("\n")] if body else []


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")


def assert_lines(expected: list[str], got: list[str], *, names: tuple[str, str], hint: str) -> None:
    """Assert two lists of lines are equal, failing with their unified diff."""
    if got == expected:
        return
    diff = list(difflib.unified_diff(expected, got, *names, n=1, lineterm=""))
    shown = "\n".join(diff[:_SHOWN])
    more = f"\n... and {len(diff) - _SHOWN} more diff lines" if len(diff) > _SHOWN else ""
    raise AssertionError(
        f"{names[1]} differs from {names[0]} ({len(expected)} lines against {len(got)})"
        f"{hint}:\n{shown}{more}"
    )


def assert_snapshot(name: str, plans: Iterable[Plan], *, directory: Path = SNAPSHOTS) -> None:
    """Assert ``plans`` are those pinned in ``<directory>/<name>.json``; rewrite the file
    instead when ``REGUA_UPDATE_SNAPSHOTS=1``."""
    path = directory / f"{name}.json"
    got = plan_lines(plans)
    if os.environ.get("REGUA_UPDATE_SNAPSHOTS") == "1":
        _write(path, got)
        return
    assert path.exists(), f"no snapshot {path}: run with REGUA_UPDATE_SNAPSHOTS=1 to write it"
    assert_lines(
        read_snapshot(path),
        got,
        names=(f"snapshots/{name}.json (pinned)", "planned now"),
        hint="; if the change is deliberate, regenerate with REGUA_UPDATE_SNAPSHOTS=1 and say"
        " why in the commit",
    )

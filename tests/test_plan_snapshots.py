"""The snapshot helper of the pinned plans: faithful files, readable failures."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from plan_snapshots import SNAPSHOTS, assert_snapshot, plan_lines, plans_from_lines, read_snapshot
from regua.rules import Plan, plan
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)]


def test_a_snapshot_holds_the_plans_themselves(plans: list[Plan]) -> None:
    assert list(plans_from_lines(plan_lines(plans))) == plans


def test_the_pinned_files_validate_back_into_plans() -> None:
    for path in sorted(SNAPSHOTS.glob("rules_*.json")):
        lines = read_snapshot(path)
        assert plan_lines(plans_from_lines(lines)) == lines, path.name


def test_a_change_fails_with_a_diff_naming_the_field(
    plans: list[Plan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGUA_UPDATE_SNAPSHOTS", "1")
    assert_snapshot("case", plans, directory=tmp_path)
    monkeypatch.delenv("REGUA_UPDATE_SNAPSHOTS")
    assert_snapshot("case", plans, directory=tmp_path)
    first = plans[0].actions[0]
    moved = dataclasses.replace(
        plans[0], actions=(first.model_copy(update={"template": "other"}), *plans[0].actions[1:])
    )
    with pytest.raises(AssertionError) as failure:
        assert_snapshot("case", [moved], directory=tmp_path)
    message = str(failure.value)
    assert "snapshots/case.json (pinned)" in message
    assert '\n-{"action": {"action": "message"' in message
    assert '"template": "reminder_before_due"' in message
    assert '"template": "other"' in message
    assert "REGUA_UPDATE_SNAPSHOTS=1" in message


def test_a_missing_snapshot_says_how_to_write_it(
    plans: list[Plan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REGUA_UPDATE_SNAPSHOTS", raising=False)
    with pytest.raises(AssertionError, match="REGUA_UPDATE_SNAPSHOTS=1"):
        assert_snapshot("absent", plans, directory=tmp_path)

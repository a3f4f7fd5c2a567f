"""``regua simulate --events/--payments/--outcome``: the dated events, what-if payments and the
recorded outcome that :func:`regua.simulate` takes, from files (issue 11 item 12: simulate takes
dated events; the command line could not pass them). By hand: Carla's C-1 (100.00) is due Mon
2026-03-02; d1 falls on 03-03 and d10 on 03-12; she disputes it on 03-05 and the dispute clears
on Sat 03-14, when the held d10 goes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from regua import simulate
from regua.__main__ import main
from regua.models import Outcome

SCHEDULE = {
    "name": "curta",
    "steps": [
        {"id": "d1", "offset": 1, "channels": ["email"]},
        {"id": "d10", "offset": 10, "channels": ["email"]},
    ],
}
PORTFOLIO = {
    "customers": [
        {"id": "carla", "name": "Carla", "kind": "consumer",
         "contacts": {"email": "carla@example.com"}}
    ],
    "invoices": [
        {"id": "C-1", "customer_id": "carla", "amount": "100.00", "due_date": "2026-03-02"}
    ],
}  # fmt: skip
EVENTS = [
    {"kind": "dispute_raised", "on": "2026-03-05", "customer_id": "carla", "invoice_id": "C-1"},
    {"kind": "dispute_cleared", "on": "2026-03-14", "customer_id": "carla", "invoice_id": "C-1"},
]


def _files(tmp_path: Path, **documents: Any) -> list[str]:
    paths = []
    for name, document in documents.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(str(path))
    return paths


def _simulate(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    *options: str,
    schedule: dict[str, Any] = SCHEDULE,
) -> tuple[int, str, str]:
    schedule_file, portfolio = _files(tmp_path, schedule=schedule, portfolio=PORTFOLIO)
    argv = ["simulate", schedule_file, portfolio, "--start", "2026-03-01", "--end", "2026-03-20"]
    code = main([*argv, *options, "--format", "json"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_events_hold_the_d10_email_until_the_dispute_clears(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (events,) = _files(tmp_path, events=EVENTS)
    code, out, err = _simulate(capsys, tmp_path, "--events", events)
    assert (code, err) == (0, "")
    document = json.loads(out)
    timeline = [(e["executed_on"], e["action"]["step_id"]) for e in document["timeline"]]
    assert timeline == [("2026-03-03", "d1"), ("2026-03-14", "d10")]
    assert [e["kind"] for e in document["events"]] == ["dispute_raised", "dispute_cleared"]
    library = simulate(
        SCHEDULE, PORTFOLIO["customers"], PORTFOLIO["invoices"],
        start=date(2026, 3, 1), end=date(2026, 3, 20), events=EVENTS,
    )  # fmt: skip
    assert document == json.loads(library.to_json())


def test_without_events_d10_goes_on_its_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _simulate(capsys, tmp_path)
    timeline = [(e["executed_on"], e["action"]["step_id"]) for e in json.loads(out)["timeline"]]
    assert (code, timeline) == (0, [("2026-03-03", "d1"), ("2026-03-12", "d10")])


def test_what_if_she_pays_on_the_eighth(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (payments,) = _files(tmp_path, payments={"C-1": [{"date": "2026-03-08", "amount": "100.00"}]})
    code, out, _ = _simulate(capsys, tmp_path, "--payments", payments)
    document = json.loads(out)
    timeline = [(e["executed_on"], e["action"]["step_id"]) for e in document["timeline"]]
    assert (code, timeline) == (0, [("2026-03-03", "d1")])


def test_actions_recorded_only_as_sent_never_count_as_delivered(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # d10 needs d1 delivered: recorded as sent (--outcome sent), it never goes.
    needs = {**SCHEDULE, "steps": [SCHEDULE["steps"][0], {
        **SCHEDULE["steps"][1], "after": {"step": "d1", "delivered": True}}]}  # fmt: skip
    steps = []
    for options in ((), ("--outcome", "sent")):
        code, out, _ = _simulate(capsys, tmp_path, *options, schedule=needs)
        assert code == 0
        steps.append([e["action"]["step_id"] for e in json.loads(out)["timeline"]])
    assert steps == [["d1", "d10"], ["d1"]]
    library = simulate(
        needs, PORTFOLIO["customers"], PORTFOLIO["invoices"],
        start=date(2026, 3, 1), end=date(2026, 3, 20), outcome=Outcome.SENT,
    )  # fmt: skip
    assert json.loads(out) == json.loads(library.to_json())


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"kind": "dispute_raised"}, "events.json: must be a JSON array of events"),
        (
            [EVENTS[1]],
            "events.json: events[0].invoice_id: invoice 'C-1' of customer 'carla' is not disputed",
        ),
        (
            [{**EVENTS[0], "kind": "dispute_rasied"}],
            "events.json: events[0]: Input tag 'dispute_rasied' found using 'kind' does not match",
        ),
    ],
)
def test_a_bad_events_file_is_one_line_naming_the_file_and_the_event(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: Any, message: str
) -> None:
    (events,) = _files(tmp_path, events=document)
    code, out, err = _simulate(capsys, tmp_path, "--events", events)
    assert (code, out) == (1, "")
    assert err.startswith(f"regua simulate: error: {Path(events).parent}/{message}"), err
    assert err.count("\n") == 1


def test_events_and_the_portfolio_cannot_both_come_from_standard_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (schedule,) = _files(tmp_path, schedule=SCHEDULE)
    argv = ["simulate", schedule, "-", "--start", "2026-03-01", "--end", "2026-03-20"]
    code = main([*argv, "--events", "-"])
    assert (code, capsys.readouterr().err) == (
        2,
        "regua simulate: error: only one input can be read from standard input ('-')\n",
    )

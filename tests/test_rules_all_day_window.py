"""A contact window may run to midnight: ``"24:00"`` ends it (issue 11 item 12)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from regua import plan
from regua.rules import Schedule
from regua.schemas import json_schema

ALL_DAY = ["00:00", "24:00"]
SCHEDULE: dict[str, Any] = {
    "name": "always",
    "contact_window": {"weekdays": ALL_DAY, "saturday": ALL_DAY, "sunday": ALL_DAY},
    "guardrails": {"contact_window": False},
    "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}],
}
CUSTOMER = {"id": "c1", "name": "Ana", "kind": "consumer", "contacts": {"email": "a@x.com"}}
INVOICE = {"id": "i1", "customer_id": "c1", "amount": "10.00", "due_date": date(2026, 3, 3)}
SAO_PAULO = timezone(timedelta(hours=-3))


def test_an_all_day_window_runs_from_midnight_to_midnight() -> None:
    # Due Tuesday 03-03, d1 on Wednesday 03-04: planned at 23:30 local time, the slot is what
    # is left of Wednesday, up to Thursday's midnight (with 08-20 it would be Thursday 08-20).
    as_of = datetime(2026, 3, 4, 23, 30, tzinfo=SAO_PAULO)
    (action,) = plan(SCHEDULE, [CUSTOMER], [INVOICE], as_of=as_of).actions
    assert action.window_start == as_of
    assert action.window_end == datetime(2026, 3, 5, 0, 0, tzinfo=SAO_PAULO)
    (morning,) = plan(SCHEDULE, [CUSTOMER], [INVOICE], as_of=date(2026, 3, 4)).actions
    assert morning.window_start == datetime(2026, 3, 4, 0, 0, tzinfo=SAO_PAULO)
    assert morning.window_end == datetime(2026, 3, 5, 0, 0, tzinfo=SAO_PAULO)


def test_24_00_round_trips_and_is_in_the_schema() -> None:
    schedule = Schedule.model_validate(SCHEDULE)
    assert schedule.contact_window.weekdays == (time(0), time.max)
    dumped = schedule.model_dump(mode="json")
    assert dumped["contact_window"]["weekdays"] == ["00:00:00", "24:00"]
    assert Schedule.model_validate(dumped) == schedule
    window = json_schema("schedule")["$defs"]["ContactWindow"]["properties"]["weekdays"]
    assert {"const": "24:00"} in window["anyOf"][0]["prefixItems"][1]["anyOf"]


def test_24_00_only_ends_a_window_and_the_legal_default_still_holds() -> None:
    with pytest.raises(ValidationError):
        Schedule.model_validate({**SCHEDULE, "contact_window": {"weekdays": ["24:00", "24:00"]}})
    legal = {k: v for k, v in SCHEDULE.items() if k != "guardrails"}
    with pytest.raises(ValidationError, match=r"outside the legal default \(08:00–20:00"):
        Schedule.model_validate(legal)

"""Skip reasons name the step that actually fired or holds the others back (issue 15, item 7).

Under ``catch_up: latest`` the most advanced due step is the target; when it needs an earlier
step first (its ``after``, or the delivered notice a listing needs), that earlier step fires
instead and the target waits. The steps skipped as superseded must name the step that fired,
not the one that waits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from regua.rules import Schedule, SkipCode, explain, plan

CUSTOMER: dict[str, Any] = {
    "id": "c1",
    "name": "Ana",
    "kind": "consumer",
    "contacts": {"email": "ana@example.com", "sms": "+5511999990000"},
}
DUE = date(2026, 3, 5)  # Thursday
AS_OF = date(2026, 4, 24)  # Friday, D+50: every step below is due
INVOICE: dict[str, Any] = {"id": "i1", "customer_id": "c1", "amount": "100.00", "due_date": DUE}


def _schedule(listing: dict[str, Any]) -> Schedule:
    return Schedule.model_validate(
        {
            "name": "t",
            "steps": [
                {"id": "d5", "offset": 5, "channels": ["sms"]},
                {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["email"]},
                {"id": "neg", "offset": 45, "action": "bureau_listing", **listing},
            ],
        }
    )


def _reasons(schedule: Schedule) -> dict[str, tuple[SkipCode, str]]:
    result = plan(schedule, [CUSTOMER], [INVOICE], as_of=AS_OF)
    assert [a.step_id for a in result.actions] == ["aviso"]
    return {s.step_id: (s.code, s.reason) for s in result.skipped}


def test_superseded_names_the_notice_that_fired_not_the_listing_that_waits() -> None:
    reasons = _reasons(_schedule({}))
    assert reasons["neg"][0] is SkipCode.WAITING
    assert "'aviso'" in reasons["neg"][1]
    assert reasons["d5"] == (SkipCode.SUPERSEDED, "superseded by step 'aviso' (catch_up: latest)")


def test_superseded_names_the_required_step_of_an_after_that_fired() -> None:
    reasons = _reasons(_schedule({"after": {"step": "aviso", "min_days": 10}}))
    assert reasons["d5"] == (SkipCode.SUPERSEDED, "superseded by step 'aviso' (catch_up: latest)")


def test_explain_shows_the_same_step_as_plan() -> None:
    found = explain(_schedule({}), CUSTOMER, [INVOICE], as_of=AS_OF)
    (row,) = [r for r in found.rows if r.step_id == "d5"]
    assert (row.code, row.reason) == (
        SkipCode.SUPERSEDED,
        "superseded by step 'aviso' (catch_up: latest)",
    )


def test_a_target_that_waits_and_fires_nothing_is_named_as_waiting() -> None:
    # The notice was delivered on 04-19: the listing waits until 04-29 and nothing fires.
    # 'd40' is held back by the listing, which does not fire today: the reason says it waits.
    schedule = Schedule.model_validate(
        {
            "name": "t",
            "steps": [
                {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["email"]},
                {"id": "d40", "offset": 40, "channels": ["sms"]},
                {"id": "neg", "offset": 45, "action": "bureau_listing"},
            ],
        }
    )
    record = {
        "action_id": "a1",
        "customer_id": "c1",
        "step_id": "aviso",
        "invoice_ids": ["i1"],
        "channel": "email",
        "at": "2026-04-19T12:00:00+00:00",
        "outcome": "delivered",
    }
    result = plan(schedule, [CUSTOMER], [INVOICE], as_of=AS_OF, history=[record])
    assert result.actions == ()
    reasons = {s.step_id: (s.code, s.reason, s.retry_on) for s in result.skipped}
    assert reasons["neg"][0] is SkipCode.WAITING
    assert reasons["neg"][2] == date(2026, 4, 29)
    assert reasons["d40"] == (
        SkipCode.SUPERSEDED,
        "superseded by step 'neg', which waits (catch_up: latest)",
        None,
    )

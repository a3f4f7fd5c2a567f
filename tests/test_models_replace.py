"""``replace(**changes)`` on every input model: a validated copy (issue 11 item 12).

pydantic's ``model_copy(update=...)`` stores whatever it is given; the error, or a wrong
number, shows up later where the value is used. ``replace`` validates the copy as a new model.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from regua import ContactRecord, Customer, Invoice, plan
from regua.models import Agreement
from regua.rules import Schedule, Step

CUSTOMER = Customer.model_validate(
    {
        "id": "c1",
        "name": "Ana",
        "kind": "consumer",
        "state": "SP",
        "contacts": {"email": "a@example.com"},
    }
)
INVOICE = Invoice.model_validate(
    {
        "id": "i1",
        "customer_id": "c1",
        "amount": "100.00",
        "due_date": "2026-03-05",
        "payments": [{"date": "2026-03-06", "amount": "10.50"}],
    }
)
SCHEDULE = Schedule.model_validate(
    {"name": "s", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}
)
AGREEMENT = Agreement.model_validate(
    {
        "id": "a1",
        "customer_id": "c1",
        "invoice_ids": ["i1"],
        "signed_on": "2026-03-10",
        "original_debt": "100.00",
        "installments": [{"number": 1, "due_date": "2026-04-10", "amount": "100.00"}],
    }
)
RECORD = ContactRecord.model_validate(
    {
        "action_id": "x1",
        "customer_id": "c1",
        "step_id": "d1",
        "invoice_ids": ["i1"],
        "channel": "email",
        "at": datetime(2026, 3, 6, 12, tzinfo=UTC),
    }
)
MODELS = [CUSTOMER, INVOICE, SCHEDULE, SCHEDULE.steps[0], AGREEMENT, RECORD]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_replace_without_changes_gives_an_equal_model(model: Any) -> None:
    assert model.replace() == model


@pytest.mark.parametrize(
    ("model", "changes", "field"),
    [
        (INVOICE, {"amount": "-1"}, "amount"),
        (INVOICE, {"due_date": "not a date"}, "due_date"),
        (INVOICE, {"amout": "1.00"}, "amout"),  # a typo is an error, not a new attribute
        (CUSTOMER, {"contacts": {"email": "not an address"}}, "contacts.email"),
        (CUSTOMER, {"kind": "martian"}, "kind"),
        (SCHEDULE.steps[0], {"offset": "soon"}, "offset"),
        (SCHEDULE, {"catch_up": "sometimes"}, "catch_up"),
        (RECORD, {"at": datetime(2026, 3, 6, 12)}, "at"),  # naive
    ],
)
def test_a_bad_value_raises_naming_the_field(
    model: Any, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        model.replace(**changes)
    assert [".".join(map(str, e["loc"])) for e in raised.value.errors()] == [field]


def test_model_copy_does_not_validate_which_is_the_trap() -> None:
    # The same change through model_copy is stored as given, a string where a Decimal belongs.
    assert INVOICE.model_copy(update={"amount": "-1"}).amount == "-1"


def test_rules_between_fields_are_checked_again() -> None:
    # A block reason needs a block (Customer's model validator).
    with pytest.raises(ValidationError, match="dunning_block_reason"):
        CUSTOMER.replace(dunning_block_reason="lawyer")
    stopped = CUSTOMER.replace(dunning_blocked=True, dunning_block_reason="lawyer")
    assert (stopped.dunning_blocked, stopped.dunning_block_reason) == (True, "lawyer")
    # A step's after must name an earlier step: the schedule is checked as a whole.
    late = Step.model_validate(
        {"id": "d2", "offset": 5, "channels": ["email"], "after": {"step": "d9"}}
    )
    with pytest.raises(ValidationError, match="'d9' is not a step"):
        SCHEDULE.replace(steps=[*SCHEDULE.steps, late])


def test_nested_values_are_checked_against_the_new_parent() -> None:
    # A payment of 10.50 cannot be in yen (no minor unit): validated again, not carried over.
    with pytest.raises(ValidationError, match="payments"):
        INVOICE.replace(currency="JPY")


def test_a_derived_field_is_derived_again() -> None:
    # The time zone came from the state (SP): a new state gives its own zone.
    assert CUSTOMER.timezone == "America/Sao_Paulo"
    assert CUSTOMER.replace(state="AC").timezone == "America/Rio_Branco"
    given = CUSTOMER.replace(timezone="America/Manaus")
    assert given.replace(state="AC").timezone == "America/Manaus"


def test_the_original_is_untouched_and_the_copy_plans() -> None:
    paused = INVOICE.replace(dunning_paused_until=date(2026, 3, 20))
    assert INVOICE.dunning_paused_until is None
    held = plan(SCHEDULE, [CUSTOMER], [paused], as_of=date(2026, 3, 9))
    assert (held.actions, [s.code.value for s in held.skipped]) == ((), ["dunning_paused"])
    assert paused.balance(date(2026, 3, 9)) == Decimal("89.50")

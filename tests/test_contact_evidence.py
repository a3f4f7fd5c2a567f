"""ContactRecord.evidence: a bounded mapping of proof for good faith (issue 11 item 12)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import polars as pl
import pytest
from pydantic import ValidationError

import regua.columnar
from regua.frames import to_polars
from regua.models import ContactRecord, Customer, Invoice
from regua.models.history import MAX_EVIDENCE_ENTRIES
from regua.rules import plan
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule

RECORD: dict[str, Any] = {
    "action_id": "a1",
    "customer_id": "c1",
    "step_id": "d1",
    "invoice_ids": ["i1"],
    "at": datetime(2026, 3, 16, 12, tzinfo=UTC),
    "outcome": "delivered",
}


def test_evidence_is_kept_and_round_trips() -> None:
    record = ContactRecord.model_validate(
        {**RECORD, "evidence": {"provider_message_id": "msg-42", "sha256": "9f86d0"}}
    )
    assert record.evidence == {"provider_message_id": "msg-42", "sha256": "9f86d0"}
    assert ContactRecord.model_validate_json(record.model_dump_json()) == record
    assert ContactRecord.model_validate(RECORD).evidence == {}


@pytest.mark.parametrize(
    "evidence",
    [
        {f"k{i}": "v" for i in range(MAX_EVIDENCE_ENTRIES + 1)},
        {"Message-Id": "x"},
        {"k" * 129: "x"},
        {"sha256": "x" * 2001},
        {"sha256": 42},
    ],
)
def test_unbounded_or_malformed_evidence_is_refused_naming_the_field(
    evidence: dict[str, Any],
) -> None:
    with pytest.raises(ValidationError) as err:
        ContactRecord.model_validate({**RECORD, "evidence": evidence})
    assert err.value.errors()[0]["loc"][0] == "evidence"


def test_action_record_carries_the_evidence() -> None:
    action = plan(
        sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF
    ).actions[0]
    done = action.record("delivered", evidence={"provider_message_id": "m-1"})
    assert done.evidence == {"provider_message_id": "m-1"}
    assert action.record().evidence == {}


def test_columnar_reads_evidence_and_rejects_what_the_model_refuses() -> None:
    customers = [
        Customer(id="c1", name="Ana", kind="consumer", contacts={"email": "a@x.com"}),
    ]
    invoices = [Invoice(id="i1", customer_id="c1", amount="10.00", due_date=date(2026, 3, 2))]
    schedule = {"name": "s", "steps": [{"id": "d1", "offset": 1, "channels": ["email"]}]}
    good = ContactRecord.model_validate({**RECORD, "evidence": {"sha256": "9f86d0"}})
    history = to_polars([good], ContactRecord)
    got = regua.columnar.plan(
        schedule,
        to_polars(customers, Customer),
        to_polars(invoices, Invoice),
        as_of=date(2026, 3, 16),
        history=history,
    )
    assert got.rejects.height == 0
    reference = plan(schedule, customers, invoices, as_of=date(2026, 3, 16), history=[good])
    assert got.actions.height == len(reference.actions) == 0
    bad = history.with_columns(
        pl.Series(
            "evidence", [[{"key": "Message-Id", "value": "x"}]], dtype=history["evidence"].dtype
        )
    )
    rejected = regua.columnar.plan(
        schedule,
        to_polars(customers, Customer),
        to_polars(invoices, Invoice),
        as_of=date(2026, 3, 16),
        history=bad,
    ).rejects
    # Its customer is held with its invoice: planned without the record, d1 could go again.
    assert rejected.select("table", "field").rows() == [
        ("customers", "history"),
        ("history", "evidence"),
        ("invoices", "customer_id"),
    ]

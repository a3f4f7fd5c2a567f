"""Results are one kind: frozen, slotted dataclasses with ``to_dict()``/``to_json()``, and the
pydantic method names they had still answer, with a ``DeprecationWarning``, for one minor
version (docs/architecture-notes.md, "Result types are frozen dataclasses")."""

from __future__ import annotations

import dataclasses
import json
import warnings
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import regua
from regua._result import Result
from regua.batch import from_records, to_records
from regua.boleto import Boleto, parse_line
from regua.calendar import BusinessCalendar
from regua.charges import CobVResult, cobv_amount
from regua.errors import InvalidInputError
from regua.frames import to_pandas, to_polars
from regua.pix import BRCode, brcode, parse_brcode
from regua.rules import (
    Explanation,
    Plan,
    Simulation,
    Skipped,
    StepExplanation,
    StepState,
    TimelineEntry,
)
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule
from regua.templates import Finding, Message
from regua.templates.lint import Rule

#: The results that were pydantic models: built by keyword, as the models were.
CONVERTED: tuple[type[Any], ...] = (
    Explanation,
    StepExplanation,
    Simulation,
    TimelineEntry,
    Message,
    CobVResult,
    BRCode,
    Boleto,
)
RESULT_TYPES: tuple[type[Any], ...] = (*CONVERTED, Plan, Skipped, Finding, Rule)


@pytest.mark.parametrize("kind", RESULT_TYPES, ids=lambda kind: kind.__name__)
def test_a_result_is_a_frozen_slotted_dataclass(kind: type[Any]) -> None:
    assert dataclasses.is_dataclass(kind)
    assert not issubclass(kind, BaseModel)
    assert issubclass(kind, Result)
    params = kind.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen
    assert "__slots__" in kind.__dict__
    if kind in CONVERTED:
        assert all(f.kw_only for f in dataclasses.fields(kind))


def _explanation() -> Explanation:
    customer = sample_customers()[0]
    invoices = [i for i in sample_invoices() if i.customer_id == customer.id]
    return regua.explain(sample_schedule(), customer, invoices, as_of=SAMPLE_AS_OF)


def _simulation() -> Simulation:
    return regua.simulate(
        sample_schedule(),
        sample_customers(),
        sample_invoices(),
        start=SAMPLE_AS_OF,
        end=SAMPLE_AS_OF + timedelta(days=3),
    )


def test_explanation_dumps_json_ready_values() -> None:
    explained = _explanation()
    dumped = explained.to_dict()
    assert dumped["customer_id"] == "c01"
    assert dumped["as_of"] == "2026-03-16"
    assert dumped["rows"][0] == {
        "invoice_id": "c01-202509",
        "step_id": "lembrete",
        "step_date": "2025-09-08",
        "state": "closed",
        "reason": "invoice paid: the ladder stopped",
        "code": None,
        "action_id": None,
        "retry_on": None,
        "next_repetition": None,
        "repetitions_left": None,
    }
    assert json.loads(explained.to_json()) == dumped
    assert json.loads(explained.to_json(indent=2)) == dumped


def test_simulation_dumps_days_as_keys_and_money_as_strings() -> None:
    simulated = _simulation()
    dumped = simulated.to_dict()
    assert list(dumped) == ["start", "end", "timeline", "per_day", "events"]
    assert dumped["events"] == []
    assert dumped["per_day"]["2026-03-16"] == {"email": 3, "letter": 2, "sms": 2}
    first = dumped["timeline"][0]
    assert (first["planned_on"], first["executed_on"]) == ("2026-03-16", "2026-03-16")
    assert first["action"]["amount_due"] == "189.90"
    assert simulated.per_day[date(2026, 3, 16)] == {"email": 3, "letter": 2, "sms": 2}


def test_results_compare_by_value() -> None:
    assert _explanation() == _explanation()
    assert _simulation() == _simulation()
    row = _explanation().rows[0]
    assert dataclasses.replace(row, reason="other") != row


def test_a_result_cannot_be_changed() -> None:
    row = _explanation().rows[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.reason = "other"  # type: ignore[misc]


def test_the_old_pydantic_methods_warn_and_still_work() -> None:
    explained = _explanation()
    with pytest.warns(DeprecationWarning, match=r"Explanation.model_dump\(\).*to_dict\(\)"):
        assert explained.model_dump(mode="json") == explained.to_dict()
    with pytest.warns(DeprecationWarning, match=r"model_dump_json\(\).*to_json\(\)"):
        assert json.loads(explained.model_dump_json(indent=2)) == explained.to_dict()
    with pytest.warns(DeprecationWarning, match=r"model_copy\(\).*dataclasses.replace"):
        copied = explained.model_copy(update={"customer_id": "c99"})
    assert copied.customer_id == "c99"
    assert copied.rows == explained.rows
    with pytest.warns(DeprecationWarning, match="model_dump"):
        python = explained.model_dump()
    assert python["rows"][0]["state"] == StepState.CLOSED
    assert python["as_of"] == date(2026, 3, 16)


def test_the_warning_points_at_the_caller() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _explanation().model_dump()
    assert caught[0].filename == __file__


def _plan() -> Plan:
    return regua.plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)


def _cobv() -> CobVResult:
    # 100.00 due Monday 2 March 2026, paid Wednesday the 4th: 2 % fine and 1 % a day.
    return cobv_amount(
        "100.00",
        due_date=date(2026, 3, 2),
        paid_on=date(2026, 3, 4),
        multa={"modalidade": 2, "valorPerc": "2.00"},
        juros={"modalidade": 2, "valorPerc": "1.00"},
        calendar=BusinessCalendar.brazil(),
    )


def test_cobv_dumps_the_spec_fields_with_money_as_strings() -> None:
    assert _cobv().to_dict() == {
        "original": "100.00",
        "multa": "2.00",
        "juros": "2.00",
        "abatimento": "0.00",
        "desconto": "0.00",
        "final": "104.00",
        "days_late": 2,
    }


def test_a_message_dumps_its_sms_encoding() -> None:
    # "á" is not in the GSM-7 alphabet, so the SMS is UCS-2: 38 UTF-16 units, one part. The
    # text names the creditor, so the lint finds nothing and the dump has no findings.
    message = regua.render(
        "Olá $first_name. $creditor_identification",
        {"first_name": "Ana", "creditor_identification": "Acme, CNPJ 11.222.333/0001-81"},
        channel="sms",
    )
    assert message.to_dict() == {
        "channel": "sms",
        "locale": "pt_BR",
        "subject": None,
        "body": "Olá Ana. Acme, CNPJ 11.222.333/0001-81",
        "template_id": None,
        "sms": ["ucs2", 38, 1],
        "warnings": [],
    }


def test_parsed_codes_dump_their_amounts_as_strings() -> None:
    code = parse_brcode(
        brcode(
            key="123e4567-e12b-12d1-a456-426655440000",
            merchant_name="Fulano",
            merchant_city="BRASILIA",
            amount="10.50",
        )
    )
    assert code.to_dict()["amount"] == "10.50"
    boleto = parse_line("10492006506100010004200997263900989810000021403")
    assert (boleto.to_dict()["amount"], boleto.to_dict()["due_date"]) == ("214.03", "2046-12-30")


@pytest.mark.parametrize(
    "make",
    [_explanation, _simulation, _cobv, _plan],
    ids=["explanation", "simulation", "cobv", "plan"],
)
def test_a_result_reads_back_what_it_wrote(make: Any) -> None:
    result = make()
    kind = type(result)
    assert kind.from_dict(result.to_dict()) == result
    assert kind.from_json(result.to_json()) == result
    with pytest.warns(DeprecationWarning, match=r"model_validate\(\).*from_dict\(\)"):
        assert kind.model_validate(result.to_dict()) == result
    with pytest.warns(DeprecationWarning, match=r"model_validate_json\(\).*from_json\(\)"):
        assert kind.model_validate_json(result.to_json()) == result


def test_reading_back_names_a_wrong_field() -> None:
    with pytest.raises(ValidationError, match="final"):
        CobVResult.from_dict({**_cobv().to_dict(), "final": "x"})


def test_results_go_into_frames_with_exact_types() -> None:
    # Regression: to_polars/to_pandas read pydantic fields only, so explain's rows and rendered
    # messages stopped going into a frame when they became dataclasses.
    rows = _explanation().rows
    frame = to_polars(rows)
    assert frame.columns == [f.name for f in dataclasses.fields(StepExplanation)]
    assert str(frame.schema["step_date"]) == "Date"
    assert frame.row(0, named=True)["state"] == "closed"
    assert str(to_pandas(rows)["retry_on"].dtype) == "date32[day][pyarrow]"
    timeline = to_polars(_simulation().timeline)
    assert str(timeline.schema["planned_on"]) == "Date"
    amount = timeline["action"].struct.field("amount_due")
    assert str(amount.dtype) == "Decimal(precision=38, scale=2)"
    assert amount[0] == Decimal("189.90")
    assert to_polars([_cobv()])["final"].to_list() == [Decimal("104.00")]


def test_results_go_into_records_like_models() -> None:
    # Regression (the same class as the frames): batch.to_records took pydantic models only.
    rows = _explanation().rows
    records = to_records(rows)
    assert records[0] == {
        "invoice_id": "c01-202509",
        "step_id": "lembrete",
        "step_date": date(2025, 9, 8),
        "state": StepState.CLOSED,
        "reason": "invoice paid: the ladder stopped",
        "code": None,
        "action_id": None,
        "retry_on": None,
        "next_repetition": None,
        "repetitions_left": None,
    }
    assert from_records(records, StepExplanation) == list(rows)
    with pytest.raises(InvalidInputError, match=r"items\[1\]: expected a regua model or result"):
        to_records([rows[0], {"invoice_id": "x"}])


@pytest.mark.parametrize(
    "make",
    [_explanation, _simulation, _cobv, _plan],
    ids=["explanation", "simulation", "cobv", "plan"],
)
def test_reading_back_refuses_an_unknown_key(make: Any) -> None:
    # A stored plan with "skiped" for "skipped" read back as a plan with nothing skipped.
    result = make()
    stored = result.to_dict()
    key = next(iter(stored))
    misspelled = {**{k: v for k, v in stored.items() if k != key}, key + "x": stored[key]}
    with pytest.raises(ValidationError, match=f"{key}x"):
        type(result).from_dict(misspelled)
    with pytest.raises(ValidationError, match="skiped"):
        Plan.from_json('{"as_of": "2026-03-16", "actions": [], "skiped": []}')

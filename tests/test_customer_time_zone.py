"""A customer's contact window is read in their own time zone: the state's, unless given."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from regua import Customer, Invoice, Schedule, plan
from regua.jurisdiction.brazil import STATE_TIME_ZONES, UF_CODES

TUESDAY = date(2026, 3, 10)
DUE = date(2026, 3, 5)

#: Hours behind UTC in March 2026, by state, written from BRAZIL_RULES §6 (not from the table
#: under test): Acre -5; Amazonas, Roraima, Rondônia, Mato Grosso (do Sul) -4; the rest -3.
UTC_OFFSET = dict.fromkeys(UF_CODES, -3) | dict.fromkeys(["AM", "RR", "RO", "MT", "MS"], -4)
UTC_OFFSET["AC"] = -5


def _customer(**extra: Any) -> dict[str, Any]:
    return {"id": "c1", "name": "Cliente", "kind": "consumer", **extra}


def _plan(customer: dict[str, Any], as_of: date | datetime = TUESDAY) -> list[datetime]:
    schedule = Schedule.model_validate(
        {"name": "t", "steps": [{"id": "d1", "offset": 1, "channels": ["letter"]}]}
    )
    invoice = Invoice(id="i1", customer_id="c1", amount="100.00", due_date=DUE)
    customer = {**customer, "contacts": {"letter": "Rua Um 1, Rio Branco AC"}}
    return [a.window_start for a in plan(schedule, [customer], [invoice], as_of=as_of).actions]


def test_an_acre_customer_is_contacted_from_08_00_rio_branco_time() -> None:
    (start,) = _plan(_customer(state="AC"))
    # 08:00 at UTC-5 is 13:00 UTC; São Paulo's 08:00 would be 11:00 UTC, 06:00 in Rio Branco.
    assert start.astimezone(UTC) == datetime(2026, 3, 10, 13, tzinfo=UTC)
    assert str(start.tzinfo) == "America/Rio_Branco"


def test_before_08_00_in_acre_the_window_waits_even_when_sao_paulo_is_open() -> None:
    # 09:30 in São Paulo is 07:30 in Rio Branco: not yet.
    as_of = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("America/Sao_Paulo"))
    (start,) = _plan(_customer(state="ac"), as_of)
    assert start.astimezone(UTC) == datetime(2026, 3, 10, 13, tzinfo=UTC)


@pytest.mark.parametrize("uf", sorted(UF_CODES))
def test_every_state_opens_at_08_00_local(uf: str) -> None:
    (start,) = _plan(_customer(state=uf))
    expected = datetime(2026, 3, 10, 8, tzinfo=UTC) - timedelta(hours=UTC_OFFSET[uf])
    assert start.astimezone(UTC) == expected
    assert Customer.model_validate(_customer(state=uf)).timezone == STATE_TIME_ZONES[uf]


def test_an_explicit_zone_wins_over_the_state() -> None:
    # South-west Amazonas (Eirunepé) keeps UTC-5, unlike Manaus.
    (start,) = _plan(_customer(state="AM", timezone="America/Eirunepe"))
    assert start.astimezone(UTC) == datetime(2026, 3, 10, 13, tzinfo=UTC)
    explicit = Customer.model_validate(_customer(state="AC", timezone="America/Sao_Paulo"))
    assert explicit.timezone == "America/Sao_Paulo"


def test_no_state_and_no_zone_is_sao_paulo_and_none_means_not_given() -> None:
    assert Customer.model_validate(_customer()).timezone == "America/Sao_Paulo"
    assert Customer.model_validate(_customer(timezone=None)).timezone == "America/Sao_Paulo"
    assert Customer.model_validate(_customer(state="AC", timezone=None)).timezone == (
        "America/Rio_Branco"
    )


def test_the_resolved_zone_survives_a_dump_and_reload() -> None:
    customer = Customer.model_validate(_customer(state="AC"))
    assert customer.model_dump()["timezone"] == "America/Rio_Branco"
    assert Customer.model_validate_json(customer.model_dump_json()) == customer
    assert Customer.model_validate(customer.model_dump(mode="json")) == customer
    assert Customer.model_validate(customer.model_dump(exclude_unset=True)) == customer
    # Passing the model itself, or its copy, keeps the zone too.
    assert Customer.model_validate(customer).timezone == "America/Rio_Branco"
    assert Customer.model_validate(_customer(state="AC")) == customer


@pytest.mark.parametrize(
    "zone",
    [
        "localtime",
        "posixrules",
        "Factory",
        "/etc/localtime",
        "/usr/share/zoneinfo/America/Sao_Paulo",
        "../../etc/localtime",
        "right/UTC",
        "posix/America/Sao_Paulo",
        "america/sao_paulo",
        "America/Sao_Pablo",
        "",
        "A" * 10_000,
    ],
)
def test_zones_that_depend_on_the_machine_or_do_not_exist_are_refused(zone: str) -> None:
    with pytest.raises(ValidationError) as info:
        Customer.model_validate(_customer(state="SP", timezone=zone))
    (error,) = info.value.errors()
    assert error["loc"] == ("timezone",)
    assert "IANA" in error["msg"]
    assert len(error["msg"]) < 300  # a huge value is not echoed back


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+3", "America/Noronha", "Brazil/Acre"])
def test_any_tz_database_name_is_accepted(zone: str) -> None:
    assert Customer.model_validate(_customer(timezone=zone)).timezone == zone


def test_an_unknown_state_is_reported_on_state_not_timezone() -> None:
    with pytest.raises(ValidationError) as info:
        Customer.model_validate(_customer(state="XX"))
    assert [e["loc"] for e in info.value.errors()] == [("state",)]

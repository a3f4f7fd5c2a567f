"""Brazil's rules live in regua.jurisdiction, and every reader takes them from there."""

from __future__ import annotations

import ast
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

import regua.charges
import regua.jurisdiction
import regua.templates
from regua.calendar import BusinessCalendar
from regua.errors import LegalLimitError
from regua.jurisdiction import JURISDICTIONS, brazil
from regua.jurisdiction.brazil import BRAZIL
from regua.rules.schedule import ContactWindow, Guardrails

HIGHER_LAYERS = ("regua.models", "regua.rules", "regua.charges", "regua.templates", "regua.scoring")


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):  # function-level imports too
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_jurisdiction_imports_no_higher_layer() -> None:
    package = Path(regua.jurisdiction.__file__).parent
    sources = sorted(package.glob("*.py"))
    assert {p.name for p in sources} >= {"__init__.py", "base.py", "brazil.py"}
    for source in sources:
        imported = _imported_modules(source)
        assert not {m for m in imported if m.startswith(HIGHER_LAYERS)}, source.name


def test_brazil_is_the_registered_jurisdiction() -> None:
    assert JURISDICTIONS["BR"] is BRAZIL
    assert BRAZIL.states == brazil.UF_CODES
    with pytest.raises(TypeError):
        JURISDICTIONS["XX"] = BRAZIL  # type: ignore[index]


def test_readers_take_the_law_from_the_jurisdiction() -> None:
    assert regua.charges.CONSUMER_FINE_CAP_PERCENT is BRAZIL.fine_cap_percent == Decimal("2")
    assert regua.templates.DEFAULT_NOTICE_DAYS == BRAZIL.notice_days == 10
    guardrails = Guardrails()
    assert guardrails.notice_days == BRAZIL.notice_days
    assert guardrails.prescription_years == BRAZIL.prescription_years == 5
    window = ContactWindow()
    hours = BRAZIL.contact_hours
    spans = (window.weekdays, window.saturday, window.sunday, window.holidays)
    assert spans == ((time(8), time(20)), (time(8), time(14)), None, None)
    assert spans == (hours.weekdays, hours.saturday, hours.sunday, hours.holidays)


def test_the_fine_cap_spares_only_business_contracts() -> None:
    assert BRAZIL.fine_capped("consumer")
    assert BRAZIL.fine_capped("condominium")
    assert not BRAZIL.fine_capped("business")
    terms = regua.charges.LateTerms(fine_percent=Decimal("2.01"))
    with pytest.raises(LegalLimitError, match=r"CDC art\. 52 §1"):
        regua.charges.update(
            Decimal("100.00"),
            date(2026, 1, 5),
            as_of=date(2026, 2, 5),
            terms=terms,
            customer_kind="condominium",
        )


@pytest.mark.parametrize("value", ["sp", "SP", "Df"])
def test_state_code_upper_cases_a_uf(value: str) -> None:
    assert brazil.state_code(value) == value.upper()


@pytest.mark.parametrize("value", ["XX", "São Paulo", ""])
def test_state_code_refuses_what_is_not_a_uf(value: str) -> None:
    with pytest.raises(ValueError, match="not a Brazilian state"):
        brazil.state_code(value)


def test_bank_holidays_are_what_the_banking_calendar_closes() -> None:
    days = dict(brazil.bank_holidays(2026, "SP", dec_31_closed=True, dec_24_closed=False))
    assert days[date(2026, 2, 16)] == days[date(2026, 2, 17)] == "Carnaval"
    assert days[date(2026, 6, 4)] == "Corpus Christi"
    assert date(2026, 7, 9) in days  # São Paulo's state holiday
    assert date(2026, 12, 31) in days
    assert date(2026, 12, 24) not in days
    assert set(days) <= set(BusinessCalendar.brazil("SP").holidays_in(2026))
    assert brazil.CONTACT_DEC_31_CLOSED is False

"""The root holds the daily names; every name that left it still works, with a warning, for one
minor version, and internal code never goes through the old names."""

from __future__ import annotations

import ast
import importlib
import warnings
from pathlib import Path

import pytest

import regua

# Written out by hand (not read from regua._moved) so a name dropped from the table fails here.
MOVED = {
    "BUILTIN_TEMPLATE_IDS": "regua.templates.BUILTIN_TEMPLATE_IDS",
    "JSON_SCHEMA_DOCUMENTS": "regua.schemas.JSON_SCHEMA_DOCUMENTS",
    "PLACEHOLDERS": "regua.templates.PLACEHOLDERS",
    "UF_CODES": "regua.jurisdiction.brazil.UF_CODES",
    "BatchResult": "regua.batch.BatchResult",
    "BusinessCalendar": "regua.calendar.BusinessCalendar",
    "CalendarSpec": "regua.calendar.CalendarSpec",
    "CatchUp": "regua.rules.CatchUp",
    "CobVAbatimento": "regua.charges.CobVAbatimento",
    "CobVDesconto": "regua.charges.CobVDesconto",
    "CobVJuros": "regua.charges.CobVJuros",
    "CobVMulta": "regua.charges.CobVMulta",
    "CobVResult": "regua.charges.CobVResult",
    "DiscountScope": "regua.charges.DiscountScope",
    "FieldError": "regua.batch.FieldError",
    "IndexSeries": "regua.charges.IndexSeries",
    "InstallmentPlan": "regua.installments.InstallmentPlan",
    "Offer": "regua.offers.Offer",
    "OfferKind": "regua.offers.OfferKind",
    "OfferPolicy": "regua.offers.OfferPolicy",
    "PriorityRow": "regua.scoring.PriorityRow",
    "RowError": "regua.batch.RowError",
    "aging": "regua.scoring.aging",
    "apply_discount": "regua.charges.apply_discount",
    "builtin_template": "regua.templates.builtin_template",
    "cash_by_day": "regua.scoring.cash_by_day",
    "cobv_amount": "regua.charges.cobv_amount",
    "default_template_id": "regua.templates.default_template_id",
    "delinquency_rate": "regua.scoring.delinquency_rate",
    "early_payment_discount": "regua.charges.early_payment_discount",
    "effective_rate": "regua.installments.effective_rate",
    "from_pandas": "regua.frames.from_pandas",
    "from_polars": "regua.frames.from_polars",
    "from_records": "regua.batch.from_records",
    "is_prescribed": "regua.prescription.is_prescribed",
    "iter_validate": "regua.batch.iter_validate",
    "json_schema": "regua.schemas.json_schema",
    "menu": "regua.offers.menu",
    "merge_by_customer": "regua.partition.merge_by_customer",
    "merge_plans": "regua.partition.merge_plans",
    "merge_profiles": "regua.partition.merge_profiles",
    "partition_key": "regua.partition.partition_key",
    "prescribed_on": "regua.prescription.prescribed_on",
    "price": "regua.installments.price",
    "prioritize": "regua.scoring.prioritize",
    "records_to_pandas": "regua.frames.records_to_pandas",
    "records_to_polars": "regua.frames.records_to_polars",
    "recovery_rate": "regua.scoring.recovery_rate",
    "sac": "regua.installments.sac",
    "score": "regua.risk_score",
    "score_portfolio": "regua.scoring.score_portfolio",
    "split_by_customer": "regua.partition.split_by_customer",
    "to_pandas": "regua.frames.to_pandas",
    "to_polars": "regua.frames.to_polars",
    "to_records": "regua.batch.to_records",
    "validate_template": "regua.templates.validate_template",
}

ROOT = {
    "Action", "ActionKind", "Agreement", "AgreementStatus", "Channel", "ContactRecord",
    "Creditor", "Customer", "CustomerKind", "DebtBreakdown", "Explanation", "Finding",
    "Installment", "InvalidInputError", "Invoice", "LateTerms", "LegalLimitError", "Message",
    "Outcome", "Payment", "Plan", "Profile", "ProfilePolicy", "ProfileResult", "ProfileTable",
    "Promise", "PromiseStatus",
    "ReguaError", "RiskScore", "Schedule", "Simulation", "SkipCode", "Skipped", "Template",
    "TemplateError", "__version__", "classify", "classify_portfolio", "explain", "lint", "plan",
    "render", "render_action", "risk_score", "simulate", "update_debt",
}  # fmt: skip


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_the_root_is_the_daily_surface() -> None:
    assert set(regua.__all__) == ROOT
    assert not set(regua.__all__) & set(MOVED)
    for name in regua.__all__:
        assert getattr(regua, name) is not None


def test_the_clearer_root_names_are_the_module_functions() -> None:
    from regua.charges import update
    from regua.scoring import score

    assert regua.update_debt is update
    assert regua.risk_score is score


@pytest.mark.parametrize("name", sorted(MOVED))
def test_a_moved_name_still_imports_with_a_warning_naming_its_new_place(name: str) -> None:
    with pytest.warns(
        DeprecationWarning, match=rf"^regua\.{name} moved to {MOVED[name]};"
    ) as caught:
        value = getattr(importlib.import_module("regua"), name)
    assert value is _resolve(MOVED[name])
    assert len(caught) == 1
    assert caught[0].filename == __file__  # the warning points at the caller's line


@pytest.mark.parametrize("name", sorted(MOVED))
def test_from_regua_import_a_moved_name_warns(name: str) -> None:
    namespace: dict[str, object] = {}
    with pytest.warns(DeprecationWarning, match=rf"regua\.{name} moved to {MOVED[name]}"):
        exec(f"from regua import {name}", namespace)
    assert namespace[name] is _resolve(MOVED[name])


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
            regua.nonsense  # noqa: B018
        with pytest.raises(ImportError):
            exec("from regua import nonsense", {})


def test_the_moved_table_is_complete() -> None:
    from regua._moved import MOVED as TABLE

    assert {old: f"{module}.{new}" for old, (module, new) in TABLE.items()} == MOVED


def _root_imports(path: Path) -> set[str]:
    names: set[str] = set()
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "regua":
            names.update(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "regua"
        ):
            names.add(node.attr)
    return names


def test_no_library_code_uses_a_moved_name() -> None:
    source = Path(regua.__file__).parent
    offenders = {
        str(path.relative_to(source)): sorted(_root_imports(path) & set(MOVED))
        for path in source.rglob("*.py")
        if path.name != "_moved.py"
    }
    assert {path: names for path, names in offenders.items() if names} == {}

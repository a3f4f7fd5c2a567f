"""The names that left ``regua``'s root, and the module ``__getattr__`` (PEP 562) that still
serves them, with a ``DeprecationWarning``, for one minor version.

>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from regua import price
>>> print(caught[0].message)
regua.price moved to regua.installments.price; the old name goes in the next minor version
"""

from __future__ import annotations

import warnings
from importlib import import_module
from typing import Any

__all__ = ["MOVED", "moved_attribute"]

#: Old root name -> (module, name there).
MOVED: dict[str, tuple[str, str]] = {
    "BUILTIN_TEMPLATE_IDS": ("regua.templates", "BUILTIN_TEMPLATE_IDS"),
    "JSON_SCHEMA_DOCUMENTS": ("regua.schemas", "JSON_SCHEMA_DOCUMENTS"),
    "PLACEHOLDERS": ("regua.templates", "PLACEHOLDERS"),
    "UF_CODES": ("regua.jurisdiction.brazil", "UF_CODES"),
    "BatchResult": ("regua.batch", "BatchResult"),
    "BusinessCalendar": ("regua.calendar", "BusinessCalendar"),
    "CalendarSpec": ("regua.calendar", "CalendarSpec"),
    "CatchUp": ("regua.rules", "CatchUp"),
    "CobVAbatimento": ("regua.charges", "CobVAbatimento"),
    "CobVDesconto": ("regua.charges", "CobVDesconto"),
    "CobVJuros": ("regua.charges", "CobVJuros"),
    "CobVMulta": ("regua.charges", "CobVMulta"),
    "CobVResult": ("regua.charges", "CobVResult"),
    "DiscountScope": ("regua.charges", "DiscountScope"),
    "FieldError": ("regua.batch", "FieldError"),
    "IndexSeries": ("regua.charges", "IndexSeries"),
    "InstallmentPlan": ("regua.installments", "InstallmentPlan"),
    "Offer": ("regua.offers", "Offer"),
    "OfferKind": ("regua.offers", "OfferKind"),
    "OfferPolicy": ("regua.offers", "OfferPolicy"),
    "PriorityRow": ("regua.scoring", "PriorityRow"),
    "RowError": ("regua.batch", "RowError"),
    "aging": ("regua.scoring", "aging"),
    "apply_discount": ("regua.charges", "apply_discount"),
    "builtin_template": ("regua.templates", "builtin_template"),
    "cash_by_day": ("regua.scoring", "cash_by_day"),
    "cobv_amount": ("regua.charges", "cobv_amount"),
    "default_template_id": ("regua.templates", "default_template_id"),
    "delinquency_rate": ("regua.scoring", "delinquency_rate"),
    "early_payment_discount": ("regua.charges", "early_payment_discount"),
    "effective_rate": ("regua.installments", "effective_rate"),
    "from_pandas": ("regua.frames", "from_pandas"),
    "from_polars": ("regua.frames", "from_polars"),
    "from_records": ("regua.batch", "from_records"),
    "is_prescribed": ("regua.prescription", "is_prescribed"),
    "iter_validate": ("regua.batch", "iter_validate"),
    "json_schema": ("regua.schemas", "json_schema"),
    "menu": ("regua.offers", "menu"),
    "merge_by_customer": ("regua.partition", "merge_by_customer"),
    "merge_plans": ("regua.partition", "merge_plans"),
    "merge_profiles": ("regua.partition", "merge_profiles"),
    "partition_key": ("regua.partition", "partition_key"),
    "prescribed_on": ("regua.prescription", "prescribed_on"),
    "price": ("regua.installments", "price"),
    "prioritize": ("regua.scoring", "prioritize"),
    "records_to_pandas": ("regua.frames", "records_to_pandas"),
    "records_to_polars": ("regua.frames", "records_to_polars"),
    "recovery_rate": ("regua.scoring", "recovery_rate"),
    "sac": ("regua.installments", "sac"),
    "score": ("regua", "risk_score"),
    "score_portfolio": ("regua.scoring", "score_portfolio"),
    "split_by_customer": ("regua.partition", "split_by_customer"),
    "to_pandas": ("regua.frames", "to_pandas"),
    "to_polars": ("regua.frames", "to_polars"),
    "to_records": ("regua.batch", "to_records"),
    "validate_template": ("regua.templates", "validate_template"),
}


def moved_attribute(name: str) -> Any:
    """The object a moved root name now names, after a ``DeprecationWarning``."""
    try:
        module, new_name = MOVED[name]
    except KeyError:
        raise AttributeError(f"module 'regua' has no attribute {name!r}") from None
    warnings.warn(
        f"regua.{name} moved to {module}.{new_name}; the old name goes in the next minor version",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(import_module(module), new_name)

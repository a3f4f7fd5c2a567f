"""``regua example``: the sample schedule, portfolio and creditor as JSON files to start from.

They are the documents behind ``regua demo``: ``regua plan`` accepts them as printed, with
``--as-of 2026-03-16`` (the sample's date), and plans the demo's day.
"""

from __future__ import annotations

import copy
from typing import Any

from regua import classify_portfolio
from regua.samples import (
    SAMPLE_AS_OF,
    SAMPLE_SCHEDULE,
    sample_creditor,
    sample_customers,
    sample_invoices,
)

__all__ = ["EXAMPLES", "example"]

EXAMPLES = ("schedule", "portfolio", "creditor")


def _portfolio() -> dict[str, Any]:
    invoices = sample_invoices()
    profiles = classify_portfolio(invoices, as_of=SAMPLE_AS_OF).profiles()
    return {
        "customers": [c.model_dump(mode="json", exclude_defaults=True) for c in sample_customers()],
        "invoices": [i.model_dump(mode="json", exclude_defaults=True) for i in invoices],
        "history": [],
        "agreements": [],
        "promises": [],
        "profiles": {customer_id: profile.value for customer_id, profile in profiles.items()},
    }


def example(what: str) -> dict[str, Any]:
    """The sample document ``what`` (one of :data:`EXAMPLES`), ready for ``json.dumps``."""
    if what == "schedule":
        return copy.deepcopy(SAMPLE_SCHEDULE)
    if what == "portfolio":
        return _portfolio()
    if what == "creditor":
        return sample_creditor().model_dump(mode="json", exclude_none=True)
    raise ValueError(f"no example {what!r}; known: {', '.join(EXAMPLES)}")

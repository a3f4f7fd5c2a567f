"""The history table indexed per customer, as the reference engine indexes records.

The same facts as :func:`regua.rules.history.index_history`, computed as aggregations: the
first record per (invoice, step), the first delivered one, the first record per action id with
a channel (a contact, for the caps), and the latest opt-out. Built only for the customers the
reference evaluation sees.
"""

from __future__ import annotations

from typing import Any

from regua.models import Outcome
from regua.rules.history import CustomerHistory

__all__ = ["index_history_table"]

_REACHED = [outcome.value for outcome in Outcome if outcome.reached_customer]


def index_history_table(pl: Any, history: Any, customer_ids: Any) -> dict[str, CustomerHistory]:
    """Customer id -> :class:`CustomerHistory`, for the customers in ``customer_ids``."""
    rows = history.join(customer_ids.to_frame("customer_id"), on="customer_id", how="semi")
    index: dict[str, CustomerHistory] = {
        customer_id: CustomerHistory()
        for customer_id in rows.get_column("customer_id").unique().to_list()
    }
    per_invoice = rows.select(
        "customer_id", "step_id", "at", "outcome", pl.col("invoice_ids").alias("invoice_id")
    ).explode("invoice_id")
    fired = per_invoice.group_by("customer_id", "invoice_id", "step_id").agg(pl.col("at").min())
    for customer_id, invoice_id, step_id, at in fired.iter_rows():
        index[customer_id].fired.setdefault(invoice_id, {})[step_id] = at
    reached = (
        per_invoice.filter(pl.col("outcome").is_in(_REACHED))
        .group_by("customer_id", "invoice_id", "step_id")
        .agg(pl.col("at").min())
    )
    for customer_id, invoice_id, step_id, at in reached.iter_rows():
        index[customer_id].reached.setdefault(invoice_id, {})[step_id] = at
    contacts = (
        rows.filter(pl.col("channel").is_not_null())
        .group_by("customer_id", "action_id")
        .agg(pl.col("at").min())
    )
    for customer_id, action_id, at in contacts.iter_rows():
        index[customer_id].contacts[action_id] = at
    opted = (
        rows.filter(pl.col("outcome") == Outcome.OPTED_OUT.value)
        .group_by("customer_id")
        .agg(pl.col("at").max())
    )
    for customer_id, at in opted.iter_rows():
        index[customer_id].opted_out = at
    return index

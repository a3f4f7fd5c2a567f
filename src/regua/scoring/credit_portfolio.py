"""Credit decisions for a whole customer base, as one polars table.

:func:`decide_credit_portfolio` is :func:`~regua.scoring.decide_credit` for every customer:
each row holds exactly what that function decides for the customer (a test holds the two
equal), so a host can screen its whole base overnight and look one customer up at the sale.
It takes polars DataFrames (the layout :func:`regua.frames.to_polars` writes) or lists of
models or their dicts, and needs ``pip install regua[polars]``.

>>> from datetime import date
>>> from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices
>>> from regua.scoring import default_credit_policy
>>> table = decide_credit_portfolio(default_credit_policy(), sample_customers(),
...                                 sample_invoices(), as_of=SAMPLE_AS_OF)
>>> table.height, table.columns[:6]
(12, ['customer_id', 'rule', 'restricted', 'limit', 'exposure', 'available'])
>>> table.group_by("rule").len().sort("rule").rows()
[('good', 4), ('occasional', 1), ('one_off', 3), ('overdue', 4)]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel

from regua._extras import require
from regua._inputs import InvoiceIds, UniqueIds, as_model, as_models
from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.frames import from_polars
from regua.limits import quote
from regua.models import Agreement, Customer, Invoice, Profile
from regua.money import minor_units
from regua.scoring.credit_decision import CreditDecision, _order, _profile, decide_credit
from regua.scoring.credit_policy import CreditPolicy

if TYPE_CHECKING:
    import polars as pl

__all__ = ["decide_credit_portfolio"]

_M = TypeVar("_M", bound=BaseModel)


def _rows(values: Any, model: type[_M], param: str) -> Iterable[_M]:
    """The items of a polars DataFrame parameter, or of the list as it came."""
    # polars is only looked up, never imported: a caller holding a DataFrame has imported it.
    polars = sys.modules.get("polars")
    if polars is not None and isinstance(values, polars.DataFrame):
        return from_polars(cast("pl.DataFrame", values), model)
    return as_models(values, model, param)


def _schema(pl: Any, currency: str) -> dict[str, Any]:
    money = pl.Decimal(38, minor_units(currency))
    return {
        "customer_id": pl.String,
        "rule": pl.String,
        "restricted": pl.Boolean,
        "limit": money,
        "exposure": money,
        "available": money,
        "order_amount": money,
        "fits": pl.Boolean,
        "terms_days": pl.Int64,
        "payment_methods": pl.List(pl.String),
        "guarantee_required": pl.Boolean,
        "no_new_credit": pl.Boolean,
        "profile": pl.String,
        "score": pl.Decimal(38, 1),
        "days_overdue": pl.Int64,
        "overdue_amount": money,
        "average_monthly_billing": money,
        "months_history": pl.Int64,
        "agreement": pl.Boolean,
        "reasons": pl.List(pl.String),
    }


def _row(decision: CreditDecision) -> tuple[Any, ...]:
    facts = decision.facts
    methods = None if decision.payment_methods is None else list(decision.payment_methods)
    return (
        decision.customer_id,
        decision.rule,
        decision.restricted,
        decision.limit,
        decision.exposure,
        decision.available,
        decision.order_amount,
        decision.fits,
        decision.terms_days,
        methods,
        decision.guarantee_required,
        decision.no_new_credit,
        facts.profile.value,
        facts.score,
        facts.days_overdue,
        facts.overdue_amount,
        facts.average_monthly_billing,
        facts.months_history,
        facts.agreement,
        list(decision.reasons),
    )


def decide_credit_portfolio(
    policy: CreditPolicy | Mapping[str, Any],
    customers: pl.DataFrame | Iterable[Customer | Mapping[str, Any]],
    invoices: pl.DataFrame | Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: date,
    agreements: pl.DataFrame | Iterable[Agreement | Mapping[str, Any]] = (),
    orders: Mapping[str, Decimal | str | int] | None = None,
    profiles: Mapping[str, Profile | str] | None = None,
) -> pl.DataFrame:
    """One row per customer (in ``customer_id`` order): :func:`decide_credit`'s decision.

    ``orders`` maps a customer id to the amount of an order to check (``fits``); ``profiles``
    to the host's own profile for that customer. Columns: ``customer_id``, ``rule``,
    ``restricted``, ``limit``, ``exposure``, ``available``, ``order_amount``, ``fits``,
    ``terms_days``, ``payment_methods``, ``guarantee_required``, ``no_new_credit``, then the
    facts ``profile``, ``score``, ``days_overdue``, ``overdue_amount``,
    ``average_monthly_billing``, ``months_history``, ``agreement``, and ``reasons``. Money
    columns are exact ``Decimal`` in the policy's currency.

    An invoice or agreement whose customer is not among ``customers``, a customer listed twice,
    or an order or profile for an unknown customer is an
    :class:`~regua.errors.InvalidInputError` naming it.
    """
    polars = require("polars", "polars")
    rules = as_model(policy, CreditPolicy, "policy")
    day = as_date(as_of)
    base: dict[str, Customer] = {}
    unique = UniqueIds("customers", "customer")
    for i, customer in enumerate(_rows(customers, Customer, "customers")):
        unique.add(customer.id, i)
        base[customer.id] = customer
    bills: dict[str, list[Invoice]] = {cid: [] for cid in base}
    seen = InvoiceIds()
    for i, invoice in enumerate(_rows(invoices, Invoice, "invoices")):
        seen.add(invoice.customer_id, invoice.id, i)
        _known(base, invoice.customer_id, f"invoices[{i}].customer_id")
        bills[invoice.customer_id].append(invoice)
    deals: dict[str, list[Agreement]] = {cid: [] for cid in base}
    signed = UniqueIds("agreements", "agreement")
    for i, agreement in enumerate(_rows(agreements, Agreement, "agreements")):
        signed.add(agreement.id, i)
        _known(base, agreement.customer_id, f"agreements[{i}].customer_id")
        deals[agreement.customer_id].append(agreement)
    for name, mapping in (("orders", orders), ("profiles", profiles)):
        if mapping is None:
            continue
        if not isinstance(mapping, Mapping):
            raise InvalidInputError(
                name, f"expected a mapping of customer id to a value, got {type(mapping).__name__}"
            )
        for customer_id, value in mapping.items():
            where = f"{name}[{quote(customer_id)}]"
            _known(base, customer_id, where)
            try:  # checked here, so the error names the entry rather than decide_credit's
                if name == "orders":
                    _order(value, rules.currency)
                else:
                    _profile(value)
            except InvalidInputError as error:
                raise InvalidInputError(where, error.reason) from None
    rows = [
        _row(
            decide_credit(
                rules,
                base[cid],
                bills[cid],
                as_of=day,
                order_amount=None if orders is None else orders.get(cid),
                agreements=deals[cid],
                profile=None if profiles is None else profiles.get(cid),
            )
        )
        for cid in sorted(base)
    ]
    return cast(
        "pl.DataFrame", polars.DataFrame(rows, schema=_schema(polars, rules.currency), orient="row")
    )


def _known(base: Mapping[str, Customer], customer_id: str, where: str) -> None:
    if customer_id not in base:
        raise InvalidInputError(where, f"no customer with id {quote(customer_id)} among customers")

"""Host-field values supplied per customer or per invoice, folded into an action's context.

A schedule's ``host_fields`` (``$contract_number``, ``$plan_name``) are the host's facts about
a customer or an invoice. :func:`regua.templates.render_action` takes them as
``customer_values`` (one mapping for the customer) and ``invoice_values`` (invoice id to a
mapping) and puts them in the action's context, where :class:`HostField` reads, bounds and
formats them like any context value. The action's own context wins, then the customer's
values, then its invoices': a text field whose invoices give different values lists them in
the action's invoice order (``"C-1, C-2"``, as ``$invoice_ids`` lists the invoices); any other
kind must agree across the action's invoices (a sum or a choice of dates is the host's to
make), else the render fails naming ``invoice_values.<invoice>.<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from regua.errors import TemplateError
from regua.limits import MAX_CONTEXT_VALUES, MAX_INVOICES_PER_ACTION
from regua.models import Action
from regua.templates.host_fields import HostField, HostFieldKind

__all__ = ["with_host_values"]


def with_host_values(
    action: Action,
    fields: tuple[HostField, ...],
    customer_values: Mapping[str, Any] | None,
    invoice_values: Mapping[str, Mapping[str, Any]] | None,
) -> Action:
    """``action`` with the declared ``fields`` its context lacks filled from the values given."""
    customer = _texts(customer_values, "customer_values")
    invoices = _mapping(invoice_values, "invoice_values", MAX_INVOICES_PER_ACTION)
    if not customer and not invoices:
        return action
    added: dict[str, str] = {}
    for field in fields:
        name = field.name
        if name in action.context:
            continue
        if name in customer:
            added[name] = _checked(field, customer[name], f"customer_values.{name}", action)
            continue
        found = _from_invoices(action, field, invoices)
        if found is not None:
            added[name] = _checked(field, found, f"invoice_values.{name}", action)
    return action.replace(context={**action.context, **added}) if added else action


def _checked(field: HostField, text: str, source: str, action: Action) -> str:
    """``text`` once its field takes it (kind and bounds), an error naming ``source`` if not."""
    try:
        field.read(text, currency=action.currency)
    except TemplateError as error:
        raise TemplateError(source, error.reason) from None
    return text


def _from_invoices(action: Action, field: HostField, invoices: Mapping[str, Any]) -> str | None:
    """The field's value over the action's invoices (None: none of them gives one)."""
    given: dict[str, str] = {}  # value -> the first invoice giving it, in the action's order
    for invoice_id in action.invoice_ids:
        values = _texts(invoices.get(invoice_id), f"invoice_values.{invoice_id}")
        if field.name in values:
            given.setdefault(values[field.name], invoice_id)
    if not given:
        return None
    if len(given) > 1 and field.kind is not HostFieldKind.TEXT:
        first, second = list(given.items())[:2]
        raise TemplateError(
            f"invoice_values.{second[1]}.{field.name}",
            f"{second[0]!r} differs from invoice {first[1]!r}'s {first[0]!r}: a {field.kind.value}"
            " field must agree across an action's invoices (give one value in the action's"
            " context)",
        )
    return ", ".join(given)


def _mapping(value: Any, name: str, most: int) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TemplateError(name, f"expected a mapping, got {value!r:.80}")
    if len(value) > most:
        raise TemplateError(name, f"holds {len(value)} entries; the limit is {most}")
    return value


def _texts(value: Any, name: str) -> Mapping[str, str]:
    """Names to values as text, as JSON carries them (``"1234.50"``, ``"2026-03-20"``)."""
    found = _mapping(value, name, MAX_CONTEXT_VALUES)
    for key, text in found.items():
        if not isinstance(text, str):
            raise TemplateError(
                f"{name}.{key}", f"expected text ('1234.50', '2026-03-20'), got {text!r:.80}"
            )
    return found

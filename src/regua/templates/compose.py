"""Render an engine :class:`~regua.models.Action` with the template it names, built-in or not."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from regua._inputs import as_member, as_model, as_model_map
from regua.errors import TemplateError
from regua.models import Action, Channel, Customer
from regua.templates.builtin import (
    BUILTIN_TEMPLATE_IDS,
    Tone,
    builtin_template,
    template_for,
)
from regua.templates.channels import ChannelLimits
from regua.templates.creditor import Creditor
from regua.templates.host_values import with_host_values
from regua.templates.render import Message, render
from regua.templates.template import Template

__all__ = ["render_action", "resolve_template"]


def resolve_template(
    action: Action | Mapping[str, Any],
    *,
    locale: str,
    tone: Tone = "neutral",
    templates: Mapping[str, Template | Mapping[str, Any]] | None = None,
) -> Template:
    """The template ``action`` names (user templates first, then built-ins), or the default one."""
    action = as_model(action, Action, "action")
    templates = as_model_map(templates, Template, "templates")
    template_id = template_for(action.template, action.action, action.days_overdue)
    if templates and template_id in templates:
        return templates[template_id]
    if template_id in BUILTIN_TEMPLATE_IDS:
        return builtin_template(template_id, locale=locale, tone=tone)
    raise TemplateError("template", f"action {action.id} names unknown template {template_id!r}")


def render_action(
    action: Action | Mapping[str, Any],
    *,
    customer: Customer | Mapping[str, Any],
    creditor: Creditor | Mapping[str, Any],
    tone: Tone = "neutral",
    templates: Mapping[str, Template | Mapping[str, Any]] | None = None,
    channel: Channel | str | None = None,
    locale: str | None = None,
    notice_days: int | None = None,
    on_limit: Literal["warn", "fail"] = "warn",
    limits: ChannelLimits | Mapping[str, Any] | None = None,
    customer_values: Mapping[str, Any] | None = None,
    invoice_values: Mapping[str, Mapping[str, Any]] | None = None,
) -> Message:
    """Render ``action`` for ``customer`` on behalf of ``creditor``.

    The channel is ``channel``, else the action's, else e-mail (bureau listings and protests carry
    no channel: the notice goes to the customer's inbox). The built-in pack is the one for
    ``locale``, else for the customer's locale; values follow :func:`render`'s locale rule.
    The notice period is the action's (its schedule's ``guardrails.notice_days``); pass
    ``notice_days`` only for an action built by hand.
    ``action``, ``customer`` and ``creditor`` may be the models or their mappings (as a host
    reloads them from ``regua plan``'s JSON). ``customer_values`` and ``invoice_values``
    (invoice id to values) supply the template's host fields the action's context does not
    hold (:mod:`regua.templates.host_values`).
    """
    action = as_model(action, Action, "action")
    customer = as_model(customer, Customer, "customer")
    creditor = as_model(creditor, Creditor, "creditor")
    template = resolve_template(
        action, locale=locale or customer.locale, tone=tone, templates=templates
    )
    action = with_host_values(action, template.host_fields, customer_values, invoice_values)
    kind = (
        as_member(channel, Channel, "channel")
        if channel is not None
        else (action.channel or Channel.EMAIL)
    )
    return render(
        template,
        action,
        channel=kind,
        locale=locale,
        customer=customer,
        creditor=creditor,
        notice_days=notice_days,
        on_limit=on_limit,
        limits=limits if limits is not None else ChannelLimits(),
    )

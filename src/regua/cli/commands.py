"""What each ``regua`` command does with its parsed arguments: read, call the public API, format.

Each function returns the text to print (or to write to ``--out``), or None when it wrote its
output itself (``plan`` on table files).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from regua import (
    Schedule,
    explain,
    plan,
    render_action,
    simulate,
)
from regua.cli.demo import demo
from regua.cli.example import example
from regua.cli.failures import DataError, UsageError, quoted
from regua.cli.inputs import (
    PORTFOLIO_PARTS,
    Portfolio,
    check_one_stdin,
    load_actions,
    load_creditor,
    load_portfolio,
    load_schedule,
    read_json,
    refused,
    source_name,
)
from regua.cli.table_plan import plan_tables, uses_tables
from regua.cli.tables import is_table_file
from regua.errors import ReguaError, TemplateError
from regua.models import Outcome
from regua.schemas import json_schema

__all__ = ["COMMANDS"]


_Refusable = (ValidationError, ReguaError)


def _json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)


def _part_files(args: argparse.Namespace) -> dict[str, str | None]:
    return {part: getattr(args, part) for part in PORTFOLIO_PARTS}


def _schedule_and_portfolio(
    args: argparse.Namespace, also: tuple[str | None, ...] = ()
) -> tuple[str, str | None]:
    """The schedule and portfolio files: options first, positional files fill what is left.
    At most one input, these or the command's ``also``, may be standard input."""
    slots: dict[str, str | None] = {"schedule": args.schedule, "portfolio": args.portfolio}
    rest = list(args.files)
    for key, value in slots.items():
        if value is None and rest:
            slots[key] = rest.pop(0)
    if rest:
        raise UsageError(f"unexpected argument {quoted(rest[0])}")
    schedule = slots["schedule"]
    if schedule is None:
        raise UsageError("no schedule: give SCHEDULE or --schedule FILE")
    check_one_stdin([schedule, slots["portfolio"], *_part_files(args).values(), *also])
    return schedule, slots["portfolio"]


def _inputs(
    args: argparse.Namespace, also: tuple[str | None, ...] = ()
) -> tuple[Schedule, Portfolio]:
    schedule_arg, portfolio_arg = _schedule_and_portfolio(args, also)
    schedule = load_schedule(schedule_arg)
    portfolio = load_portfolio(portfolio_arg, _part_files(args), need=PORTFOLIO_PARTS)
    return schedule, portfolio


def plan_command(args: argparse.Namespace) -> str | None:
    if uses_tables(args):
        plan_tables(args)  # writes its own files
        return None
    if args.out is not None and is_table_file(args.out):
        raise UsageError(
            f"--out {args.out}: a JSON portfolio gives a JSON plan; write it to a .json file, or"
            " give the portfolio as tables (--customers, --invoices) for an actions table"
        )
    schedule, portfolio = _inputs(args)
    try:
        result = plan(
            schedule,
            portfolio.customers,
            portfolio.invoices,
            as_of=args.as_of,
            history=portfolio.history,
            profiles=portfolio.profiles,
            agreements=portfolio.agreements,
            promises=portfolio.promises,
        )
    except _Refusable as exc:
        raise refused(exc, portfolio.sources) from None
    return result.to_json(indent=2)


def explain_command(args: argparse.Namespace) -> str:
    schedule, portfolio = _inputs(args)
    found = [c for c in portfolio.customers if c.id == args.customer]
    if not found:
        where = portfolio.sources["customers"]
        raise DataError(f"--customer: no customer {quoted(args.customer)} in {where}")
    profile = (portfolio.profiles or {}).get(args.customer)
    try:
        result = explain(
            schedule,
            found[0],
            [i for i in portfolio.invoices if i.customer_id == args.customer],
            as_of=args.as_of,
            history=[r for r in portfolio.history if r.customer_id == args.customer],
            profiles=None if profile is None else {args.customer: profile},
            agreements=[a for a in portfolio.agreements if a.customer_id == args.customer],
            promises=[p for p in portfolio.promises if p.customer_id == args.customer],
        )
    except _Refusable as exc:
        raise refused(exc, portfolio.sources) from None
    if args.format == "json":
        return result.to_json(indent=2)
    actions = len(result.plan.actions)
    header = f"customer {result.customer_id} as of {result.as_of}: {actions} action(s) planned"
    return "\n".join([header, result.text()]) if result.rows else header


def simulate_command(args: argparse.Namespace) -> str:
    schedule, portfolio = _inputs(args, also=(args.events, args.payments))
    events = _what_if(args.events, list, "a JSON array of events")
    payments = _what_if(args.payments, dict, "a JSON object of invoice id to payments")
    sources = {**portfolio.sources, "start": "--start", "end": "--end"}
    if args.events is not None:
        sources["events"] = source_name(args.events)
    if args.payments is not None:
        sources["payments"] = source_name(args.payments)
    try:
        result = simulate(
            schedule,
            portfolio.customers,
            portfolio.invoices,
            start=args.start,
            end=args.end,
            history=portfolio.history,
            payments=payments,
            profiles=portfolio.profiles,
            agreements=portfolio.agreements,
            outcome=Outcome(args.outcome),
            promises=portfolio.promises,
            events=events or (),
        )
    except _Refusable as exc:
        raise refused(exc, sources) from None
    if args.format == "json":
        return result.to_json(indent=2)
    totals: Counter[str] = Counter()
    for counts in result.per_day.values():
        totals.update(counts)
    summary = ", ".join(f"{key} {n}" for key, n in sorted(totals.items())) or "nothing"
    lines = [
        f"simulation {result.start} to {result.end}: {len(result.timeline)} actions ({summary})"
    ]
    for entry in result.timeline:
        action = entry.action
        how = action.channel.value if action.channel is not None else action.action.value
        lines.append(
            f"{entry.executed_on}  {action.customer_id:<12} {action.step_id:<18} {how:<14}"
            f" {', '.join(action.invoice_ids)}"
        )
    return "\n".join(lines)


def _what_if(arg: str | None, kind: type, what: str) -> Any:
    """The JSON document of an optional what-if file, which must be ``what``."""
    if arg is None:
        return None
    document = read_json(arg)
    if not isinstance(document, kind):
        raise DataError(f"{source_name(arg)}: must be {what}")
    return document


def render_command(args: argparse.Namespace) -> str:
    if len(args.files) > 2:
        raise UsageError(f"unexpected argument {quoted(args.files[2])}")
    plan_arg, portfolio_arg = [*args.files, None, None][:2]
    if plan_arg is None:
        raise UsageError("no plan: give PLAN, the file 'regua plan' wrote ('-': standard input)")
    check_one_stdin([plan_arg, portfolio_arg, args.customers, args.creditor, args.schedule])
    actions = load_actions(plan_arg)
    creditor = load_creditor(args.creditor)
    templates = load_schedule(args.schedule).templates if args.schedule is not None else None
    portfolio = load_portfolio(portfolio_arg, {"customers": args.customers}, need=("customers",))
    by_id = {c.id: c for c in portfolio.customers}
    chosen = [a for a in actions if args.action is None or a.id in args.action]
    if args.action:
        missing = sorted(set(args.action) - {a.id for a in actions})
        if missing:
            raise DataError(f"--action: no action {quoted(missing[0])} in {source_name(plan_arg)}")
    out: list[dict[str, Any]] = []
    text: list[str] = []
    for i, action in enumerate(actions):
        if action not in chosen:
            continue
        customer = by_id.get(action.customer_id)
        if customer is None:
            raise DataError(
                f"{source_name(plan_arg)}: actions[{i}].customer_id: {quoted(action.customer_id)}"
                f" is not a customer in {portfolio.sources['customers']}"
            )
        try:
            message = render_action(
                action, customer=customer, creditor=creditor, tone=args.tone, templates=templates
            )
        except _Refusable as exc:
            hint = ""
            if args.schedule is None and isinstance(exc, TemplateError) and exc.field == "template":
                hint = " (give --schedule, the schedule whose own templates the plan names)"
            raise DataError(f"{source_name(plan_arg)}: actions[{i}]: {exc}{hint}") from None
        out.append({"action_id": action.id, **message.to_dict()})
        text.append(
            f"--- {action.id} to {customer.name} by {message.channel.value} ({message.locale})"
        )
        if message.subject:
            text.append(f"Subject: {message.subject}")
        text.append(message.body)
        # Marked apart from the message, which the host sends as it is.
        text += [f"!! {warning}" for warning in message.warnings]
        text += [f"!! lint {f.severity.value}: {f.rule}: {f.message}" for f in message.findings]
    return _json(out) if args.format == "json" else "\n".join(text)


def schema_command(args: argparse.Namespace) -> str:
    return _json(json_schema(args.model))


def example_command(args: argparse.Namespace) -> str:
    return _json(example(args.what))


def demo_command(args: argparse.Namespace) -> str:
    return demo()


COMMANDS: dict[str, Callable[[argparse.Namespace], str | None]] = {
    "demo": demo_command,
    "example": example_command,
    "plan": plan_command,
    "explain": explain_command,
    "simulate": simulate_command,
    "render": render_command,
    "schema": schema_command,
}

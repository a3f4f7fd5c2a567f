"""Command line: ``python -m regua demo | schema``.

The one thin place that prints; it only calls the public API. ``demo`` works on the built-in
sample portfolio at its fixed date, so its output is the same on every machine and every day.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal

from babel.numbers import format_currency
from pydantic import BaseModel

from regua import Agreement, ContactRecord, Customer, Invoice, Payment
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices

_SCHEMAS: dict[str, type[BaseModel]] = {
    "customer": Customer,
    "invoice": Invoice,
    "payment": Payment,
    "agreement": Agreement,
    "contact-record": ContactRecord,
}


def _money(value: Decimal, currency: str = "BRL") -> str:
    return format_currency(value, currency, locale="pt_BR").rjust(14)


def demo() -> str:
    """The report ``python -m regua demo`` prints, as text."""
    customers = {c.id: c for c in sample_customers()}
    invoices = sample_invoices()
    as_of = SAMPLE_AS_OF
    lines = [f"regua demo — sample portfolio as of {as_of.isoformat()}", ""]
    overdue = [i for i in invoices if i.days_overdue(as_of) > 0]
    lines.append(f"Overdue invoices: {len(overdue)}")
    for inv in sorted(overdue, key=lambda i: (-i.days_overdue(as_of), i.id)):
        name = customers[inv.customer_id].name
        flags = " (disputed)" if inv.disputed else ""
        lines.append(
            f"  {inv.id:<12} {name:<28} {_money(inv.balance(as_of))}"
            f"  {inv.days_overdue(as_of):>5} days{flags}"
        )
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="regua", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="show what regua does with the built-in sample portfolio")
    schema = commands.add_parser("schema", help="print the JSON Schema of a model")
    schema.add_argument("model", choices=sorted(_SCHEMAS))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        print(demo())
    else:
        print(json.dumps(_SCHEMAS[args.model].model_json_schema(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

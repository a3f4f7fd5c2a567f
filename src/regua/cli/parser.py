"""The ``regua`` argument parser: commands, options, help texts (plain text, no markup)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NoReturn

from regua.cli.example import EXAMPLES
from regua.cli.failures import UsageError, quoted
from regua.cli.inputs import PORTFOLIO_PARTS
from regua.models import Outcome
from regua.schemas import JSON_SCHEMA_DOCUMENTS

__all__ = ["as_of_argument", "build_parser", "date_argument"]

_DESCRIPTION = """\
regua: the embeddable dunning engine on the command line. Reads JSON files ('-' reads standard
input), prints JSON or text. Start with 'regua demo', or with 'regua example' for files to edit."""

_EPILOG = """\
exit status: 0 done; 1 an input could not be read or was refused (the message names the file and
the field); 2 the command line is wrong; 3 an internal error (a bug: please report it); 141 the
reader of the output went away early (as in 'regua demo | head')."""

_FORMATS = ("text", "json")


class _Parser(argparse.ArgumentParser):
    """Reports a usage error as one line (a :class:`UsageError`), not usage text and exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')", prog=self.prog)


class _Once(argparse.Action):
    """An option that may be given once: with ``store``, a second ``--customers`` or
    ``--as-of`` would quietly replace the first (a part may come from one place only, a run
    is of one day)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        given: dict[str, object] = namespace.__dict__.setdefault("_given", {})
        if self.dest in given:
            raise argparse.ArgumentError(
                self, f"given twice ({given[self.dest]} and {values}): give it once"
            )
        given[self.dest] = values
        setattr(namespace, self.dest, values)


def date_argument(text: str) -> date:
    """A calendar date, YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a date (YYYY-MM-DD)") from None


def as_of_argument(text: str) -> date | datetime:
    """A date (the start of that day in each customer's zone) or a datetime with a UTC offset."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is neither a date (2026-03-16) nor a date and time with a UTC offset"
            " (2026-03-16T09:00-03:00, or Z for UTC)"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} has no UTC offset, so it names no instant: add one"
            " (2026-03-16T09:00-03:00, or Z for UTC), or give a date"
        )
    return moment


def _add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        action=_Once,
        metavar="FILE",
        help="write the output to FILE instead of standard output",
    )


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="SCHEDULE [PORTFOLIO]", help=argparse.SUPPRESS)
    group = parser.add_argument_group(
        "inputs",
        "SCHEDULE is a schedule JSON file (see 'regua schema schedule'); PORTFOLIO a JSON object"
        " with 'customers' and 'invoices' and optionally 'history', 'agreements', 'promises' and"
        " 'profiles'"
        " (see 'regua example portfolio'); an unknown key is an error. Each can also be given by"
        " an option below; a part given by its own option is a JSON array (profiles: an object"
        " of customer id to profile) and must not also be in PORTFOLIO.",
    )
    group.add_argument(
        "--schedule", action=_Once, metavar="FILE", help="the schedule (instead of SCHEDULE)"
    )
    group.add_argument(
        "--portfolio", action=_Once, metavar="FILE", help="the portfolio (instead of PORTFOLIO)"
    )
    for part in PORTFOLIO_PARTS:
        group.add_argument(
            f"--{part}", action=_Once, metavar="FILE", help=f"the {part}, from a file of its own"
        )


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``regua``'s arguments."""
    from regua import __version__

    parser = _Parser(
        prog="regua",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"regua {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="on an internal error, show where it happened"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=description)
        _add_out(sub)
        return sub

    command(
        "demo",
        "what regua does with the built-in sample portfolio",
        "Aging, profiles, priority, today's plan and messages, and a negotiation, for the"
        " built-in sample portfolio at its fixed date (the same output on every machine).",
    )
    ex = command(
        "example",
        "print a sample schedule, portfolio or creditor to start from",
        "Print the demo's schedule, portfolio or creditor as JSON, to copy and edit. They work"
        " together: 'regua plan schedule.json portfolio.json --as-of 2026-03-16' plans the"
        " demo's day.",
    )
    ex.add_argument("what", choices=EXAMPLES, help="which document")

    planner = command(
        "plan",
        "plan a day: the actions to carry out and what was held back, as JSON",
        "Plan the actions due at --as-of for a portfolio, and print the plan as JSON (actions"
        " with their ids, reasons and contact windows; skipped steps with their codes). Given"
        " --customers, --invoices or --history as Parquet, CSV or JSON Lines files (by"
        " extension), or the parts by their own options and --out a table file, plans on the"
        " columnar engine and writes the actions to --out, a table file too, with the rejected"
        " rows, the skip counts, the exhausted ladders and the steps' not-applicable counts"
        " beside it (OUT.rejects.EXT, OUT.skipped.EXT, OUT.exhausted.EXT,"
        " OUT.not_applicable.EXT).",
    )
    planner.usage = "regua plan [SCHEDULE] [PORTFOLIO] --as-of WHEN [options]"
    _add_inputs(planner)
    planner.add_argument(
        "--as-of",
        action=_Once,
        type=as_of_argument,
        required=True,
        metavar="WHEN",
        help="a date (2026-03-16: the start of that day in each customer's time zone) or a"
        " date and time with a UTC offset (2026-03-16T09:00-03:00)",
    )
    planner.add_argument(
        "--progress",
        action="store_true",
        help="with table files, report each phase on standard error (shown anyway on a terminal)",
    )

    explainer = command(
        "explain",
        "why each step did or did not go, for one customer",
        "For each invoice and step of one customer: fired, planned, not yet, skipped (and why),"
        " blocked, not applicable, passed or closed.",
    )
    explainer.usage = "regua explain [SCHEDULE] [PORTFOLIO] --customer ID --as-of WHEN [options]"
    _add_inputs(explainer)
    explainer.add_argument(
        "--customer", action=_Once, required=True, metavar="ID", help="the customer's id"
    )
    explainer.add_argument(
        "--as-of",
        action=_Once,
        type=as_of_argument,
        required=True,
        metavar="WHEN",
        help="as for 'regua plan'",
    )
    explainer.add_argument(
        "--format", action=_Once, choices=_FORMATS, default="text", help="default: text"
    )

    simulator = command(
        "simulate",
        "plan every day of a date range, as if each action were carried out",
        "Plan each day from --start to --end (inclusive), recording every planned action as"
        " delivered so that later days see it; print the timeline.",
    )
    simulator.usage = "regua simulate [SCHEDULE] [PORTFOLIO] --start DATE --end DATE [options]"
    _add_inputs(simulator)
    simulator.add_argument(
        "--start", action=_Once, type=date_argument, required=True, metavar="DATE"
    )
    simulator.add_argument("--end", action=_Once, type=date_argument, required=True, metavar="DATE")
    simulator.add_argument(
        "--events",
        action=_Once,
        metavar="FILE",
        help="JSON array of dated events applied on their day: dispute_raised, dispute_cleared,"
        " promise_made, agreement_signed, agreement_broken, pause_set, pause_lifted (see"
        " docs/designing-your-regua.md)",
    )
    simulator.add_argument(
        "--payments",
        action=_Once,
        metavar="FILE",
        help="JSON object of invoice id to a list of payments ({date, amount}): what if they paid",
    )
    simulator.add_argument(
        "--outcome",
        action=_Once,
        choices=[outcome.value for outcome in Outcome],
        default=Outcome.DELIVERED.value,
        help="the outcome each action is recorded with (default: delivered)",
    )
    simulator.add_argument(
        "--format", action=_Once, choices=_FORMATS, default="text", help="default: text"
    )

    renderer = command(
        "render",
        "write the messages of a plan's actions",
        "Render the message of each action in PLAN (the JSON 'regua plan' prints; '-' reads it"
        " from standard input) for its customer, in the customer's language, identifying the"
        " creditor as CDC art. 42-A requires.",
    )
    renderer.usage = "regua render PLAN [PORTFOLIO] --creditor FILE [options]"
    renderer.add_argument("files", nargs="*", metavar="PLAN [PORTFOLIO]", help=argparse.SUPPRESS)
    renderer.add_argument(
        "--creditor",
        action=_Once,
        required=True,
        metavar="FILE",
        help="JSON object: name, document (CNPJ or CPF), optional address and contact"
        " (see 'regua example creditor')",
    )
    renderer.add_argument(
        "--customers", action=_Once, metavar="FILE", help="the customers, instead of PORTFOLIO's"
    )
    renderer.add_argument(
        "--schedule",
        action=_Once,
        metavar="FILE",
        help="the schedule that planned the actions: its own templates (and host fields) render"
        " the steps that name them",
    )
    renderer.add_argument(
        "--action", action="append", metavar="ID", help="only this action (repeatable)"
    )
    renderer.add_argument(
        "--tone",
        action=_Once,
        choices=("friendly", "neutral", "firm"),
        default="neutral",
        help="default: neutral",
    )
    renderer.add_argument(
        "--format", action=_Once, choices=_FORMATS, default="text", help="default: text"
    )

    schema = command(
        "schema",
        "print the JSON Schema of a document",
        "Print the JSON Schema of one of the documents regua reads or writes (a model, a"
        " portfolio file, a plan), for editors and validators.",
    )
    schema.add_argument("model", choices=JSON_SCHEMA_DOCUMENTS, help="which document")
    return parser

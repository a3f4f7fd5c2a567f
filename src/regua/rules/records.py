"""The compact invoice record the engine evaluates, and fast constructors of its output.

A run reads hundreds of thousands of invoices and builds about two output objects per invoice,
so the record is a plain tuple and the output objects are built without their usual
``__init__`` or validation. Each shortcut says below why it gives the very same object.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from regua._validation import trusted
from regua.models import Action, ActionKind, Channel

__all__ = [
    "ActionFields",
    "OpenInvoice",
    "Record",
    "new_action",
]


class OpenInvoice(NamedTuple):
    """The compact record the engine keeps for an open invoice.

    ``fresh``: some step is newly due for it (due, not recorded, not passed) at ``as_of``.
    ``tags`` is None rather than empty (see :data:`Record`).
    """

    id: str
    due: int
    balance: Decimal
    currency: str
    disputed: bool
    agreement_id: str | None
    tags: frozenset[str] | None
    fresh: bool


#: An :class:`OpenInvoice` as the engine holds it between reading the invoices and evaluating
#: their customer: a plain tuple of the same fields. CPython's garbage collector stops tracking
#: an exact tuple that holds no container at its first pass (not a NamedTuple, nor a tuple
#: holding a frozenset, hence None for no tags), and a portfolio's worth of tracked records
#: held while a run builds its output brings on extra full collections, each walking every
#: live object of the process (0.25 s each with 100,000 validated invoices alive).
Record = tuple[str, int, Decimal, str, bool, str | None, frozenset[str] | None, bool]


_ACTION_FIELDS = tuple(Action.model_fields)
#: The fields left out of an action's dumps when None: set only when given, as validating the
#: dump would find them.
_OPTIONAL_FIELDS = ("fee", "description", "repetition")
# One set shared by every action the engine builds (a set of 16 names takes 728 bytes; a
# first run plans an action for about one invoice in four). Actions are frozen, and pydantic
# copies the set before changing it (model_copy).
_ALL_FIELDS_SET = set(_ACTION_FIELDS) - set(_OPTIONAL_FIELDS)


class ActionFields:
    """Every field of an :class:`Action`, set in declaration order (the order validation
    stores them in); its ``__dict__`` becomes the action's.

    An instance of a plain class keeps its attributes in a key-sharing dict (PEP 412): the
    field names are stored once for all instances, so the dict takes 280 bytes against 464
    for a dict display of the same 16 items (CPython 3.11), at the same speed. It is an
    ordinary ``dict`` in every other respect.
    """

    id: str
    customer_id: str
    invoice_ids: tuple[str, ...]
    step_id: str
    action: ActionKind
    channel: Channel | None
    template: str
    window_start: datetime
    window_end: datetime
    currency: str
    amount_due: Decimal
    days_overdue: int
    due_date: date
    reason: str
    notice_days: int
    context: dict[str, str]
    fee: Decimal | None
    description: str | None
    repetition: int | None


def new_action(values: dict[str, Any]) -> Action:
    """An ``Action`` whose ``__dict__`` is ``values``, built without re-validating.

    ``values`` holds every field, in declaration order (the order validation stores them in),
    each built by the engine from validated inputs with the field's type already (enums, a
    tuple of ids, aware datetimes, Decimal), as ``tests/test_rules_equivalence.py`` checks by
    round-tripping planned actions through ``Action.model_validate``. Validation would cost
    ~30 µs an action; see :func:`regua._validation.trusted`.
    """
    if values["fee"] is None and values["description"] is None and values["repetition"] is None:
        return trusted(Action, values, _ALL_FIELDS_SET)
    given = {name for name in _OPTIONAL_FIELDS if values[name] is not None}
    return trusted(Action, values, _ALL_FIELDS_SET | given)

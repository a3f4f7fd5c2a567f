"""The compact invoice record the engine evaluates, and the constructor of its actions.

A run reads hundreds of thousands of invoices and plans an action for about one in four, so the
record is a plain tuple and an action is built from the values the engine computed without
validating them again (:func:`regua._fast.trusted`, which says what that saves).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from regua._fast import trusted
from regua.models import Action

__all__ = [
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
_OPTIONAL_FIELDS = ("fee", "fees", "description", "repetition")
# One set shared by every action the engine builds (a set of 16 names takes 728 bytes; a
# first run plans an action for about one invoice in four). Actions are frozen, and pydantic
# copies the set before changing it (model_copy).
_ALL_FIELDS_SET = set(_ACTION_FIELDS) - set(_OPTIONAL_FIELDS)


def new_action(values: dict[str, Any]) -> Action:
    """An ``Action`` whose ``__dict__`` is ``values``, built without re-validating.

    ``values`` holds every field, in declaration order (the order validation stores them in),
    each built by the engine from validated inputs with the field's type already (enums, a
    tuple of ids, aware datetimes, Decimal), as ``tests/test_rules_equivalence.py`` checks by
    round-tripping planned actions through ``Action.model_validate``. Validation would cost
    ~33 µs an action; see :mod:`regua._fast`.
    """
    if values["fee"] is None and values["description"] is None and values["repetition"] is None:
        return trusted(Action, values, _ALL_FIELDS_SET)
    given = {name for name in _OPTIONAL_FIELDS if values[name] is not None}
    return trusted(Action, values, _ALL_FIELDS_SET | given)

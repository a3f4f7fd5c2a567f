"""How every public function takes what a caller passes: models or their plain-dict form, lists
that are lists, and identifiers that name one thing each.

- A parameter typed as a model takes the model or a mapping of its fields (what a host reloads
  from JSON, e.g. ``regua plan``'s output); a mapping is validated into the model.
- A parameter that takes several (``customers``, ``invoices``, ``history``, ``agreements``)
  takes any iterable of those, but not ``None``, a string, or one model or mapping on its own:
  iterating those would hand out characters, keys or ``(field, value)`` pairs, and the error
  would name neither the parameter nor the mistake.
- Within one call an invoice is identified by its customer and its id (as actions and contact
  records identify it); a customer or an agreement by its id. The same identity twice is an
  :class:`~regua.errors.InvalidInputError` naming it, wherever it appears (paid or open): two
  copies of one invoice would be counted twice by a sum, and keeping either copy would hide what
  the other says (one copy paid, the other not).

The checks cost a type test per item for models (mappings take the full validation) and one
dictionary look-up per invoice for the identity rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from regua.errors import InvalidInputError
from regua.limits import quote

__all__ = [
    "InvoiceIds",
    "UniqueIds",
    "as_member",
    "as_model",
    "as_model_map",
    "as_models",
    "as_optional",
    "field_problems",
    "many",
]

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=Enum)


def _name(value: object) -> str:
    return type(value).__name__


def as_model(value: object, model: type[M], param: str) -> M:
    """``value`` as a ``model``: the model itself, or a mapping validated into it.

    A mapping that fails validation raises pydantic's ``ValidationError`` (every field's
    problem) for a parameter of its own, and an :class:`InvalidInputError` naming its place
    and first bad field for an item of one (``param`` ends in ``[i]`` or ``[key]``):
    ``invoices[1].amount``, where pydantic would name ``amount`` of which of 10,000 rows?
    """
    # The exact-type test first: pydantic's isinstance check runs Python code.
    if type(value) is model or isinstance(value, model):
        return value
    if isinstance(value, Mapping):
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            if not param.endswith("]"):
                raise
            path, reason, _ = field_problems(exc)[0]
            raise InvalidInputError(f"{param}.{path}" if path else param, reason) from None
    raise InvalidInputError(
        param, f"expected {model.__name__} or a mapping of its fields, got {_describe(value)}"
    )


_FIELD_NAME = re.compile(r"[A-Za-z_][\w.\[\]]*")


def field_problems(exc: ValidationError) -> list[tuple[str, str, str]]:
    """Each error of ``exc`` as (dotted path, reason, pydantic's error type), the reason
    without pydantic's "Value error, " and the field's name where regua's validators put it
    in the message (the path has it)."""
    problems = []
    for error in exc.errors(include_url=False, include_input=False):
        loc = error["loc"]
        message = str(error["msg"]).removeprefix("Value error, ")
        path = ".".join(str(part) for part in loc)
        prefix, colon, reason = message.partition(": ")
        if colon and _FIELD_NAME.fullmatch(prefix):
            # regua's validators name the field in the message ("amount: must be ..."): a field
            # validator repeats the last part of the path, a model validator adds to it.
            if not loc or str(loc[-1]) != prefix:
                path = f"{path}.{prefix}" if path else prefix
            message = reason
        problems.append((path, message, str(error["type"])))
    return problems


def as_member(value: object, enum: type[E], param: str) -> E:
    """``enum(value)``, or an error naming ``param``, the choices and (cut short) the value."""
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(str(member.value) for member in enum)
        raise InvalidInputError(param, f"{quote(value)} is not one of {choices}") from None


def as_optional(value: object, model: type[M], param: str) -> M | None:
    """:func:`as_model`, with ``None`` kept as ``None`` (for optional parameters)."""
    return None if value is None else as_model(value, model, param)


def _describe(value: object) -> str:
    return "None" if value is None else f"{_name(value)} {quote(value)}"


def many(values: Iterable[Any], model: type[Any] | str, param: str) -> Iterable[Any]:
    """``values`` unchanged once it is known to be a collection of items, not one item.

    ``model`` is the item type, or what the items are in words for a message.
    """
    if isinstance(values, str | bytes | Mapping | BaseModel) or not hasattr(values, "__iter__"):
        what = "None" if values is None else f"a single {_name(values)}"
        items = model if isinstance(model, str) else f"{model.__name__} or mappings of its fields"
        raise InvalidInputError(param, f"expected a list (any iterable) of {items}, got {what}")
    library = type(values).__module__.split(".")[0]
    if library in ("pandas", "polars") and hasattr(values, "columns"):
        # Iterating a frame gives its column names (pandas) or columns (polars), not its rows.
        how = (
            ""
            if isinstance(model, str)
            else f": regua.frames.from_{library}(frame, {model.__name__})"
        )
        raise InvalidInputError(
            param,
            f"got a {library} DataFrame, whose iteration gives columns, not rows: pass its"
            f" rows{how}",
        )
    return values


def as_models(values: Iterable[Any], model: type[M], param: str) -> Iterator[M]:
    """The items of ``values`` as ``model``, each error naming ``param[i]``; lazy, so a
    generator of a large portfolio is read once and never held."""
    for i, value in enumerate(many(values, model, param)):
        yield value if type(value) is model else as_model(value, model, f"{param}[{i}]")


def as_model_map(
    values: Mapping[str, Any] | None, model: type[M], param: str
) -> dict[str, M] | None:
    """A mapping of names to ``model`` (values validated like :func:`as_model`), or None."""
    if values is None:
        return None
    if not isinstance(values, Mapping):
        raise InvalidInputError(
            param, f"expected a mapping of id to {model.__name__}, got {_describe(values)}"
        )
    return {key: as_model(value, model, f"{param}[{key!r}]") for key, value in values.items()}


class InvoiceIds:
    """The invoices seen in one call, by (customer id, invoice id); a repeat is an error."""

    __slots__ = ("_shared", "owner", "param")

    def __init__(self, param: str = "invoices") -> None:
        self.param = param
        #: Invoice id -> its customer: one entry per invoice, sharing the caller's strings. The
        #: hottest loops inline :meth:`add`'s first step (a new id goes straight in) and call
        #: :meth:`again` for an id already here; a method call costs more than the look-up.
        self.owner: dict[str, str] = {}
        # Invoice id -> every customer using it, for the rare ids several customers share.
        self._shared: dict[str, set[str]] = {}

    def add(self, customer_id: str, invoice_id: str, position: int | None = None) -> None:
        """Note the invoice at ``position`` of the parameter; raise if it was seen before."""
        owner = self.owner.get(invoice_id)
        if owner is None:
            self.owner[invoice_id] = customer_id
        else:
            self.again(owner, customer_id, invoice_id, position)

    def again(
        self, owner: str, customer_id: str, invoice_id: str, position: int | None = None
    ) -> None:
        """Note an invoice whose id was seen before, at ``owner``; raise if it is a repeat."""
        if owner != customer_id:
            customers = self._shared.setdefault(invoice_id, {owner})
            if customer_id not in customers:
                customers.add(customer_id)
                return
        where = self.param if position is None else f"{self.param}[{position}].id"
        raise InvalidInputError(
            where,
            f"invoice id {invoice_id!r} appears twice for customer {customer_id!r}; "
            "pass each invoice once, with all its payments",
        )


class UniqueIds:
    """The ids of the customers (or agreements) seen in one call; a repeat is an error."""

    __slots__ = ("_seen", "noun", "param")

    def __init__(self, param: str, noun: str) -> None:
        self.param = param
        self.noun = noun
        self._seen: set[str] = set()

    def add(self, item_id: str, position: int) -> None:
        """Note the id of the item at ``position``; raise if it was seen before."""
        if item_id in self._seen:
            raise InvalidInputError(
                f"{self.param}[{position}].id", f"duplicate {self.noun} id {item_id!r}"
            )
        self._seen.add(item_id)

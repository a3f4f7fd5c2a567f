"""JSON Schemas (draft 2020-12) of the documents regua reads and writes.

A host that keeps its schedules, portfolios or plans as JSON can check them in an editor or a
pipeline before they reach regua: :func:`json_schema` gives the schema of each document in
:data:`JSON_SCHEMA_DOCUMENTS` (``regua schema NAME`` prints it).

The schema and the validator agree on what a schema can say: a document the schema refuses is
refused by the validator too, and every document regua writes (a model's JSON dump, a plan)
satisfies its schema. Amounts may have only as many decimals as their currency allows;
identifiers, dates and offsets are spelled as the validator reads them. What no schema can say
is checked by the validator only: the check digits of a CPF/CNPJ, whether a phone number or an
e-mail address is valid, a locale known to Babel, rules across fields (an issue date after the
due date, a schedule's steps in order) and across documents (an invoice of an unknown
customer). The schema is stricter than the validator on spellings regua never writes (spaces
around a value, ``"1e2"`` for an amount, a lower-case currency code).

>>> schema = json_schema("invoice")
>>> schema["$schema"], schema["$id"], sorted(schema["required"])
('https://json-schema.org/draft/2020-12/schema', 'urn:regua:schema:invoice', ['amount', ...])
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from regua._json_schema import ReguaJsonSchema
from regua._validation import Frozen
from regua.errors import InvalidInputError
from regua.limits import quote
from regua.models import (
    Action,
    Agreement,
    ContactRecord,
    Customer,
    Installment,
    Invoice,
    Payment,
    Promise,
)
from regua.models.enums import Profile
from regua.rules import Plan, Schedule
from regua.scoring import CreditPolicy
from regua.templates import Creditor

__all__ = ["JSON_SCHEMA_DOCUMENTS", "json_schema"]


class _Portfolio(Frozen):
    """A portfolio file, as ``regua plan`` reads it: the arguments of :func:`regua.plan`.

    ``profiles`` maps a customer id to its delinquency profile (from ``classify_portfolio``).
    """

    model_config = ConfigDict(title="Portfolio")

    customers: list[Customer]
    invoices: list[Invoice]
    history: list[ContactRecord] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    promises: list[Promise] = Field(default_factory=list)
    profiles: dict[str, Profile] | None = None


_MODELS: dict[str, type[BaseModel]] = {
    "action": Action,
    "agreement": Agreement,
    "contact-record": ContactRecord,
    "credit-policy": CreditPolicy,
    "creditor": Creditor,
    "customer": Customer,
    "installment": Installment,
    "invoice": Invoice,
    "payment": Payment,
    "portfolio": _Portfolio,
    "promise": Promise,
    "schedule": Schedule,
}

#: The documents :func:`json_schema` describes, by name.
JSON_SCHEMA_DOCUMENTS: tuple[str, ...] = (*sorted(_MODELS), "plan")


def json_schema(document: str) -> dict[str, Any]:
    """The JSON Schema of ``document`` (one of :data:`JSON_SCHEMA_DOCUMENTS`), as a fresh dict.

    ``plan`` is what :func:`regua.plan` returns, serialized with ``Plan.to_json()``
    (what ``regua plan`` prints); ``portfolio`` is the file ``regua plan`` reads; the others are
    regua's models.

    >>> json_schema("plan")["$id"]
    'urn:regua:schema:plan'
    >>> json_schema("portfolio")["required"]
    ['customers', 'invoices']
    """
    if not isinstance(document, str) or document not in JSON_SCHEMA_DOCUMENTS:
        known = ", ".join(JSON_SCHEMA_DOCUMENTS)
        raise InvalidInputError("document", f"{quote(document)} is not one of {known}")
    if document == "plan":
        return TypeAdapter(Plan).json_schema(schema_generator=ReguaJsonSchema)
    return _MODELS[document].model_json_schema(schema_generator=ReguaJsonSchema)

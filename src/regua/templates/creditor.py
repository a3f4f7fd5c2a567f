"""Who is collecting: the identification CDC art. 42-A requires on every collection document."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from regua.documents import normalize_document
from regua.limits import MAX_CONTACT_CHARS, MAX_DOCUMENT_CHARS, MAX_NAME_CHARS
from regua.models._base import Frozen
from regua.templates.formats import format_document
from regua.templates.safety import check_line

__all__ = ["Creditor"]


class Creditor(Frozen):
    """The supplier a message collects for: name, CNPJ or CPF, and optionally address and contact.

    Name, address and contact are single lines without control characters: the name goes into
    e-mail subjects, and all three into the one-line ``identification``.

    >>> acme = Creditor(name="Acme Serviços Ltda", document="11.222.333/0001-81",
    ...                 address="Rua das Flores, 100, São Paulo - SP", contact="(11) 4000-1234")
    >>> acme.document_text
    'CNPJ 11.222.333/0001-81'
    >>> acme.identification
    'Acme Serviços Ltda, CNPJ 11.222.333/0001-81, Rua das Flores, 100, São Paulo - SP'
    """

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)]
    document: Annotated[str, Field(max_length=MAX_DOCUMENT_CHARS)]
    address: Annotated[str, Field(min_length=1, max_length=MAX_CONTACT_CHARS)] | None = None
    contact: Annotated[str, Field(min_length=1, max_length=MAX_CONTACT_CHARS)] | None = None

    @field_validator("document")
    @classmethod
    def _document(cls, value: str) -> str:
        return normalize_document(value)

    @field_validator("name", "address", "contact")
    @classmethod
    def _one_line(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Checked here, under the field's own name, rather than when a message is rendered: the
        # name goes into e-mail subjects and all three into the one-line identification.
        return None if value is None else check_line(str(info.field_name), value)

    @property
    def document_text(self) -> str:
        """The document with its Brazilian label, e.g. ``CNPJ 11.222.333/0001-81``."""
        label = "CPF" if len(self.document) == 11 else "CNPJ"
        return f"{label} {format_document(self.document)}"

    @property
    def identification(self) -> str:
        """Name, document and address in one line (CDC art. 42-A)."""
        parts = [self.name, self.document_text]
        if self.address:
            parts.append(self.address)
        return ", ".join(parts)

"""Who is collecting: the identification CDC art. 42-A requires on every collection document."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from regua._config_model import ConfigModel
from regua.documents import normalize_document
from regua.errors import InvalidInputError
from regua.limits import MAX_CONTACT_CHARS, MAX_DOCUMENT_CHARS, MAX_NAME_CHARS
from regua.pix import brcode, normalize_key
from regua.templates.formats import format_document
from regua.templates.safety import check_line

__all__ = ["Creditor"]


class Creditor(ConfigModel):
    """The supplier a message collects for: name, CNPJ or CPF, and optionally address and contact.

    Name, address and contact are single lines without control characters: the name goes into
    e-mail subjects, and all three into the one-line ``identification``.

    With a ``pix_key`` (CPF, CNPJ, e-mail, ``+55`` phone or random key, stored normalized; see
    :func:`regua.pix.normalize_key`) and the ``pix_city`` the key's account is registered in,
    every message about an action carries a Pix code for the action's amount unless the host
    supplies one (see :func:`~regua.templates.render`). The code shows ``pix_name``, else
    ``name``, transliterated and cut to 25 characters.

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
    pix_key: Annotated[str, Field(min_length=1, max_length=MAX_CONTACT_CHARS)] | None = None
    pix_city: Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)] | None = None
    pix_name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)] | None = None

    @field_validator("document")
    @classmethod
    def _document(cls, value: str) -> str:
        return normalize_document(value)

    @field_validator("pix_key")
    @classmethod
    def _pix_key(cls, value: str | None) -> str | None:
        return None if value is None else normalize_key(value, field="pix_key").value

    @field_validator("name", "address", "contact", "pix_city", "pix_name")
    @classmethod
    def _one_line(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Checked here, under the field's own name, rather than when a message is rendered: the
        # name goes into e-mail subjects and all three into the one-line identification.
        return None if value is None else check_line(str(info.field_name), value)

    @model_validator(mode="after")
    def _pix_code_possible(self) -> Creditor:
        if self.pix_key is None:
            if self.pix_city is not None or self.pix_name is not None:
                raise InvalidInputError("pix_key", "pix_city and pix_name need a pix_key")
            return self
        if self.pix_city is None:
            raise InvalidInputError(
                "pix_city", "a Pix code needs the city of the key's account (merchant city)"
            )
        try:
            self.pix_code(amount=None, txid="***")
        except InvalidInputError as err:
            field = {"merchant_city": "pix_city", "merchant_name": "pix_name"}[err.field]
            if field == "pix_name" and self.pix_name is None:
                field = "name"
            hint = "; give a pix_name in Latin letters" if field == "name" else ""
            raise InvalidInputError(field, err.reason + hint) from None
        return self

    def pix_code(self, *, amount: Decimal | None, txid: str) -> str:
        """A static Pix code paying ``amount`` (None: the payer types it) to this creditor's
        ``pix_key`` with ``txid``; :class:`InvalidInputError` when the creditor has no key."""
        if self.pix_key is None or self.pix_city is None:
            raise InvalidInputError("pix_key", f"creditor {self.name!r} has no Pix key")
        return brcode(
            key=self.pix_key,
            amount=amount,
            merchant_name=self.pix_name or self.name,
            merchant_city=self.pix_city,
            txid=txid,
        )

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

"""The debtor."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import Locale, UnknownLocaleError
from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from regua.documents import normalize_document
from regua.models._base import Frozen, Identifier
from regua.models.enums import Channel, CustomerKind

__all__ = ["UF_CODES", "Customer"]

UF_CODES = frozenset(
    "AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split()
)


def _locale(value: str) -> str:
    try:
        Locale.parse(value.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"unknown locale {value!r}") from None
    return value.replace("-", "_")


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown IANA time zone {value!r}") from None
    return value


def _uf(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    if code not in UF_CODES:
        raise ValueError(f"{value!r} is not a Brazilian state (UF) code")
    return code


class Customer(Frozen):
    """A debtor and how to reach them.

    >>> c = Customer(id="c1", name="Ana", kind="consumer", document="529.982.247-25",
    ...              contacts={"email": "ana@example.com"}, state="sp")
    >>> c.document, c.state, c.timezone
    ('52998224725', 'SP', 'America/Sao_Paulo')
    """

    id: Identifier
    name: Annotated[str, Field(min_length=1)]
    kind: CustomerKind
    document: str | None = None
    contacts: dict[Channel, Annotated[str, Field(min_length=1)]] = Field(default_factory=dict)
    preferred_channels: tuple[Channel, ...] = ()
    opt_outs: frozenset[Channel] = frozenset()
    locale: Annotated[str, AfterValidator(_locale)] = "pt_BR"
    timezone: Annotated[str, AfterValidator(_timezone)] = "America/Sao_Paulo"
    state: Annotated[str | None, AfterValidator(_uf)] = None
    tags: frozenset[str] = frozenset()

    @field_validator("document")
    @classmethod
    def _document(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        document = normalize_document(value)
        if info.data.get("kind") is CustomerKind.BUSINESS and len(document) != 14:
            raise ValueError("document: a business customer is identified by a CNPJ")
        return document

    @field_validator("preferred_channels")
    @classmethod
    def _no_repeats(cls, value: tuple[Channel, ...]) -> tuple[Channel, ...]:
        if len(set(value)) != len(value):
            raise ValueError("lists a channel more than once")
        return value

    def reachable_channels(self) -> tuple[Channel, ...]:
        """Channels with an address and no opt-out, preferred ones first, then declared order."""
        usable = [ch for ch in self.contacts if ch not in self.opt_outs]
        preferred = [ch for ch in self.preferred_channels if ch in usable]
        return tuple(preferred + [ch for ch in usable if ch not in preferred])

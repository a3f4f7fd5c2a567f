"""The debtor."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from regua._validation import Frozen, Identifier, Tags
from regua.contacts import normalize_contact
from regua.documents import normalize_document
from regua.errors import InvalidInputError
from regua.jurisdiction.brazil import (
    DEFAULT_TIME_ZONE,
    STATE_TIME_ZONES,
    UF_CODES,
    state_code,
)
from regua.limits import (
    MAX_CONTACT_CHARS,
    MAX_DOCUMENT_CHARS,
    MAX_ID_CHARS,
    MAX_NAME_CHARS,
    quote,
)
from regua.models._hold import Blocked, BlockReason, PausedUntil, check_hold
from regua.models.enums import Channel, CustomerKind

__all__ = ["UF_CODES", "Customer"]

#: Longer than any IANA zone name (the longest is 32 characters); longer values are not quoted.
_MAX_ZONE_NAME = 64


def _locale(value: str) -> str:
    try:
        Locale.parse(value.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"unknown locale {quote(value)}") from None
    return value.replace("-", "_")


@cache
def _iana_zone_names() -> frozenset[str]:
    # The tzdata package's list, not the machine's zoneinfo directory: that one also holds
    # "localtime", "posixrules" and whatever else the system put there, which differ between
    # machines. "Factory" is IANA's placeholder for "zone not set yet", not a place.
    names = files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    return frozenset(names) - {"Factory"}


def _timezone(value: str) -> str:
    if len(value) > _MAX_ZONE_NAME:
        raise ValueError(f"longer than {_MAX_ZONE_NAME} characters; not an IANA time zone name")
    if value not in _iana_zone_names():
        raise ValueError(
            f"unknown IANA time zone {value!r}: use a tz database name such as "
            "'America/Sao_Paulo' (names whose meaning depends on the server, such as "
            "'localtime' or a file path, are refused)"
        )
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):  # a tzdata install missing one of its own zones
        raise ValueError(f"time zone {value!r} cannot be loaded on this machine") from None
    return value


def _timezone_schema(schema: dict[str, Any]) -> None:
    schema.pop("type", None)
    schema["anyOf"] = [{"enum": sorted(_iana_zone_names())}, {"type": "null"}]
    schema["maxLength"] = _MAX_ZONE_NAME  # the documented bound, though the names say more
    schema["description"] = "IANA time zone; absent or null: the state's (else America/Sao_Paulo)"


def _uf_schema(schema: dict[str, Any]) -> None:
    # Any letter case, as the validator upper-cases the code.
    codes = "|".join(
        "".join(f"[{letter}{letter.lower()}]" for letter in code) for code in sorted(UF_CODES)
    )
    schema["anyOf"] = [{"type": "string", "pattern": f"^({codes})$"}, {"type": "null"}]


def _uf(value: str | None) -> str | None:
    return None if value is None else state_code(value)


class Customer(Frozen):
    """A debtor and how to reach them.

    ``contacts`` maps a channel to an address, checked and stored normalized as
    :func:`regua.contacts.normalize_contact` does: e-mail syntax, phone numbers in E.164 (read
    as Brazilian with their area code when they have no ``+``), a mobile for SMS.

    ``timezone`` is the IANA zone the contact window is read in. Left out (or ``None``), it is
    the zone of ``state`` (:data:`regua.jurisdiction.brazil.STATE_TIME_ZONES`: Acre is UTC-5,
    so its 08:00 is 10:00 in São Paulo), else ``America/Sao_Paulo``; an explicit zone wins over
    the state's. Only names from the IANA tz database are accepted: ``"localtime"`` and file
    paths, which mean different things on different servers, are refused.

    ``dunning_paused_until``, ``dunning_blocked`` and ``dunning_block_reason`` pause or stop
    dunning for every invoice of the customer, as the same fields of
    :class:`~regua.models.Invoice` do for one.

    >>> c = Customer(id="c1", name="Ana", kind="consumer", document="529.982.247-25",
    ...              contacts={"email": "ana@example.com"}, state="sp")
    >>> c.document, c.state, c.timezone
    ('52998224725', 'SP', 'America/Sao_Paulo')
    >>> Customer(id="c2", name="Caio", kind="consumer", state="AC").timezone
    'America/Rio_Branco'
    """

    id: Identifier
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)]
    kind: CustomerKind
    document: str | None = Field(default=None, max_length=MAX_DOCUMENT_CHARS)
    contacts: dict[Channel, Annotated[str, Field(min_length=1, max_length=MAX_CONTACT_CHARS)]] = (
        Field(default_factory=dict)
    )
    preferred_channels: tuple[Channel, ...] = Field(default=(), max_length=len(Channel))
    opt_outs: frozenset[Channel] = Field(default=frozenset(), max_length=len(Channel))
    locale: Annotated[str, Field(max_length=MAX_ID_CHARS), AfterValidator(_locale)] = "pt_BR"
    # _timezone bounds the length itself, with a message that says what a zone name is.
    timezone: Annotated[str, AfterValidator(_timezone)] = Field(
        DEFAULT_TIME_ZONE, json_schema_extra=_timezone_schema
    )
    state: Annotated[str, Field(max_length=2), AfterValidator(_uf)] | None = Field(
        None, json_schema_extra=_uf_schema
    )
    tags: Tags = frozenset()
    dunning_paused_until: PausedUntil = None
    dunning_blocked: Blocked = False
    dunning_block_reason: BlockReason = None

    @model_validator(mode="after")
    def _hold(self) -> Self:
        check_hold(self.dunning_paused_until, self.dunning_blocked, self.dunning_block_reason)
        return self

    @model_validator(mode="before")
    @classmethod
    def _state_time_zone(cls, data: Any) -> Any:
        # Filled in before validation, so the resolved zone is an ordinary field value: dumped,
        # reloaded and compared like one given explicitly.
        if not isinstance(data, dict) or data.get("timezone") is not None:
            return data
        state = data.get("state")
        zone = STATE_TIME_ZONES.get(state.strip().upper()) if isinstance(state, str) else None
        if zone is None:  # no state, or one the state field's own validator will reject
            return {key: value for key, value in data.items() if key != "timezone"}
        return {**data, "timezone": zone}

    def _carried(self, changes: dict[str, Any]) -> set[str]:
        carried = super()._carried(changes)
        if "state" in changes and self.timezone == STATE_TIME_ZONES.get(self.state or ""):
            carried.discard("timezone")  # the old state's zone: derived again from the new one
        return carried

    @field_validator("document")
    @classmethod
    def _document(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        document = normalize_document(value)
        if info.data.get("kind") is CustomerKind.BUSINESS and len(document) != 14:
            raise ValueError("document: a business customer is identified by a CNPJ")
        return document

    @field_validator("contacts")
    @classmethod
    def _addresses(cls, value: dict[Channel, str]) -> dict[Channel, str]:
        checked: dict[Channel, str] = {}
        errors: list[InitErrorDetails] = []
        for channel, address in value.items():
            try:
                checked[channel] = normalize_contact(channel, address)
            except InvalidInputError as error:
                problem = PydanticCustomError("contact_address", error.reason)
                errors.append({"type": problem, "loc": (channel.value,), "input": address})
        if errors:
            # Raised as a ValidationError so that each error's location names the channel
            # (contacts.sms), as pydantic's own errors inside the dict do.
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return checked

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

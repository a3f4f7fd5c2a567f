"""A user-editable message template that validates itself on construction."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from regua._config_model import ConfigModel
from regua._inputs import as_member
from regua._validation import Identifier
from regua.limits import MAX_ID_CHARS, MAX_PLACEHOLDER_USES, MAX_TEMPLATE_CHARS
from regua.models import Channel
from regua.templates.formats import normalize_locale
from regua.templates.host_fields import HostField
from regua.templates.safety import line_break_in, validate_template

__all__ = ["Template"]

_NAME = r"^[a-z][a-z0-9_]*$"
_FULL_TEXT_CHANNELS = frozenset({Channel.EMAIL, Channel.LETTER, Channel.PHONE})


def _locale(value: str) -> str:
    return normalize_locale(value)


class Template(ConfigModel):
    """One message in three forms: e-mail ``subject`` + ``body``, and ``short`` for SMS/WhatsApp.

    Every text is checked by :func:`validate_template` when the model is built, so a schedule that
    embeds a broken template fails to load instead of failing at send time.
    ``extra_placeholders`` declares names the host promises to put in ``Action.context``, shown
    as given; ``host_fields`` declares them with a kind and bounds
    (:class:`~regua.templates.HostField`): read, checked and formatted at render time.

    >>> t = Template(id="gentle", body="Olá, $first_name. Sua fatura vence em $due_date.")
    >>> t.locale, t.text_for("sms")
    ('pt_BR', (None, 'Olá, $first_name. Sua fatura vence em $due_date.'))
    >>> Template(id="bad", body="Olá {{ user }}")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Template
    ...
    """

    id: Identifier
    locale: Annotated[str, Field(max_length=MAX_ID_CHARS), AfterValidator(_locale)] = "pt_BR"
    subject: Annotated[str, Field(max_length=MAX_TEMPLATE_CHARS)] | None = None
    body: Annotated[str, Field(min_length=1, max_length=MAX_TEMPLATE_CHARS)]
    short: Annotated[str, Field(min_length=1, max_length=MAX_TEMPLATE_CHARS)] | None = None
    extra_placeholders: Annotated[
        frozenset[Annotated[str, Field(max_length=MAX_ID_CHARS, pattern=_NAME)]],
        Field(max_length=MAX_PLACEHOLDER_USES),
    ] = frozenset()
    host_fields: tuple[HostField, ...] = Field(
        default=(),
        max_length=MAX_PLACEHOLDER_USES,
        examples=[[{"name": "contract_number", "max_length": 40}]],
    )

    @model_validator(mode="after")
    def _valid_texts(self) -> Self:
        repeated = HostField.repeated(self.host_fields)
        if repeated is not None:
            raise ValueError(f"host_fields[{repeated[0]}].name: {repeated[1]!r} is declared twice")
        extras = self.extra_placeholders.union(field.name for field in self.host_fields)
        if len(extras) > MAX_PLACEHOLDER_USES:
            raise ValueError(
                f"extra_placeholders and host_fields: more than {MAX_PLACEHOLDER_USES} names"
            )
        for field in ("subject", "body", "short"):
            text = getattr(self, field)
            if text is not None:
                validate_template(text, field=field, extra_placeholders=extras)
        if self.subject is not None and line_break_in(self.subject) is not None:
            raise ValueError("subject: must be a single line")
        return self

    def text_for(self, channel: Channel | str) -> tuple[str | None, str]:
        """``(subject, text)`` to render for ``channel``.

        E-mail, letter and phone script use the full body (only e-mail and letter keep the
        subject); SMS, WhatsApp and push use ``short``, or the body when there is no short form.
        """
        kind = as_member(channel, Channel, "channel")
        if kind in _FULL_TEXT_CHANNELS:
            subject = self.subject if kind is not Channel.PHONE else None
            return subject, self.body
        return None, self.short if self.short is not None else self.body

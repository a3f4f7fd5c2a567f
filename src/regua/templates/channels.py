"""Channel size rules: SMS segments (GSM-7 or UCS-2), WhatsApp, e-mail and push lengths.

An SMS is encoded in GSM-7 (3GPP TS 23.038) when every character is in the GSM default alphabet
or its extension table, else in UCS-2. One segment carries 160 GSM-7 septets or 70 UCS-2 code
units; a concatenated message spends a 6-byte header per part, leaving 153 or 67. Extension
characters (``€ [ ] { } ^ ~ | \\`` and form feed) take two septets and an escape pair is never
split across parts; a character outside the Basic Multilingual Plane (an emoji) takes two UCS-2
units and its surrogate pair is never split either.

>>> sms_info("Pague até amanhã")  # 'ã' is not GSM-7
SmsInfo(encoding='ucs2', units=16, segments=1)
>>> sms_info("x" * 161)
SmsInfo(encoding='gsm7', units=161, segments=2)
>>> sms_info("€" * 80).units
160
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from pydantic import Field

from regua._config_model import ConfigModel
from regua.models import Channel

__all__ = ["ChannelLimits", "SmsInfo", "channel_problems", "sms_info"]

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
_SINGLE = {"gsm7": 160, "ucs2": 70}
_MULTI = {"gsm7": 153, "ucs2": 67}


class SmsInfo(NamedTuple):
    """How an SMS text is encoded, its size in septets (GSM-7) or UTF-16 units, and its parts."""

    encoding: Literal["gsm7", "ucs2"]
    units: int
    segments: int


def _unit_sizes(text: str) -> tuple[Literal["gsm7", "ucs2"], list[int]]:
    if all(ch in _GSM7_BASIC or ch in _GSM7_EXTENSION for ch in text):
        return "gsm7", [2 if ch in _GSM7_EXTENSION else 1 for ch in text]
    return "ucs2", [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def sms_info(text: str) -> SmsInfo:
    """Encoding, size and number of segments of ``text`` sent as one (concatenated) SMS."""
    encoding, sizes = _unit_sizes(text)
    total = sum(sizes)
    if total <= _SINGLE[encoding]:
        return SmsInfo(encoding, total, 1 if total else 0)
    capacity = _MULTI[encoding]
    segments, used = 1, 0
    for size in sizes:
        if used + size > capacity:
            segments, used = segments + 1, 0
        used += size
    return SmsInfo(encoding, total, segments)


class ChannelLimits(ConfigModel):
    """Size limits ``render`` checks; defaults follow the providers' documented maxima.

    WhatsApp Business text messages carry at most 4,096 characters; e-mail subjects longer than
    about 150 characters are cut by mail clients (RFC 5322's hard line limit is 998); Gmail clips
    bodies beyond ~102 kB; iOS shows about 178 characters of a push notification.
    """

    sms_max_segments: int = Field(default=4, ge=1, le=255)
    whatsapp_max_chars: int = Field(default=4096, ge=1)
    email_subject_max_chars: int = Field(default=150, ge=1, le=998)
    email_body_max_chars: int = Field(default=100_000, ge=1)
    push_max_chars: int = Field(default=178, ge=1)


def channel_problems(
    channel: Channel, subject: str | None, body: str, limits: ChannelLimits
) -> list[str]:
    """Human-readable reasons ``subject``/``body`` do not fit ``channel``; empty when they fit."""
    problems: list[str] = []
    if channel is Channel.SMS:
        info = sms_info(body)
        if info.segments > limits.sms_max_segments:
            problems.append(
                f"sms: {info.units} {info.encoding} units need {info.segments} segments; "
                f"the limit is {limits.sms_max_segments}"
            )
    elif channel is Channel.WHATSAPP and len(body) > limits.whatsapp_max_chars:
        problems.append(
            f"whatsapp: {len(body)} characters; the limit is {limits.whatsapp_max_chars}"
        )
    elif channel is Channel.PUSH and len(body) > limits.push_max_chars:
        problems.append(f"push: {len(body)} characters; the limit is {limits.push_max_chars}")
    elif channel is Channel.EMAIL:
        if subject is not None and len(subject) > limits.email_subject_max_chars:
            problems.append(
                f"email: subject has {len(subject)} characters; "
                f"the limit is {limits.email_subject_max_chars}"
            )
        if len(body) > limits.email_body_max_chars:
            problems.append(
                f"email: body has {len(body)} characters; "
                f"the limit is {limits.email_body_max_chars}"
            )
    return problems

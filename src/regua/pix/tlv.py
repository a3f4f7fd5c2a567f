"""EMV MPM data objects: a two-digit tag, a two-digit length and that many characters."""

from __future__ import annotations

from regua.errors import InvalidInputError
from regua.limits import quote

__all__ = ["MAX_VALUE_LENGTH", "read_objects", "write_object"]

MAX_VALUE_LENGTH = 99
"""The longest value two length digits can announce."""


def write_object(tag: str, value: str) -> str:
    """``tag`` + length + ``value``; a value too long for two length digits is the caller's bug."""
    if len(value) > MAX_VALUE_LENGTH:  # every public caller bounds its fields below this
        raise AssertionError(f"tag {tag}: {len(value)} characters do not fit two length digits")
    return f"{tag}{len(value):02d}{value}"


def read_objects(text: str, where: str, field: str) -> dict[str, str]:
    """The objects of ``text`` by tag, in order; ``where`` names the template for messages
    (``'the payload'``, ``'tag 62'``). A length that runs past the end, text left over, a
    malformed tag or length, or a repeated tag is an :class:`InvalidInputError` on ``field``."""
    objects: dict[str, str] = {}
    position = 0
    while position < len(text):
        # A wrong length shows up one object later, so the message names the one before too.
        after = f" after tag {list(objects)[-1]}" if objects else ""
        header = text[position : position + 4]
        if len(header) < 4:
            raise InvalidInputError(
                field,
                f"{where} ends with {quote(header)}{after}, too short for a tag and a length: a "
                "length is wrong or characters are missing",
            )
        tag, length = header[:2], header[2:]
        if not (tag.isascii() and tag.isdigit()):
            raise InvalidInputError(
                field,
                f"{where}: expected a two-digit tag at character {position + 1}{after}, "
                f"got {quote(tag)}",
            )
        if not (length.isascii() and length.isdigit()):
            raise InvalidInputError(
                field, f"{where}: tag {tag}{after} has a malformed length {quote(length)}"
            )
        start = position + 4
        end = start + int(length)
        if end > len(text):
            raise InvalidInputError(
                field,
                f"{where}: tag {tag} at character {position + 1}{after} declares "
                f"{int(length)} characters but only {len(text) - start} remain",
            )
        if tag in objects:
            raise InvalidInputError(field, f"{where}: tag {tag} appears twice")
        objects[tag] = text[start:end]
        position = end
    return objects

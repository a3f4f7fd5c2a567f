"""One unambiguous text for a sequence of identifier fields, so that hashing it yields an id.

Each field is written as its length in characters, a colon and the field itself
(``"3:abc2:de"``). Reading from the start, the length says exactly where each field ends, so
two different sequences never give the same text, whatever characters the fields hold; a
separator character would not be enough, since a field could contain it.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["encode_fields"]


def encode_fields(fields: Iterable[str]) -> str:
    """The length-prefixed text of ``fields``, in order.

    >>> encode_fields(["a:b", "", "c"])
    '3:a:b0:1:c'
    >>> encode_fields(["ab", "c"]) != encode_fields(["a", "bc"])
    True
    """
    return "".join([f"{len(field)}:{field}" for field in fields])

"""The columns recognize an address as canonical exactly when ``normalize_contact`` returns it
unchanged (``regua.columnar.addresses``): never an address the Python would refuse or change."""

from __future__ import annotations

import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from regua.columnar.addresses import canonical, plain_emails
from regua.contacts import _is_plain_email, normalize_contact
from regua.errors import InvalidInputError


def _python(channel: str, value: str) -> bool:
    try:
        return normalize_contact(channel, value) == value and value != ""
    except InvalidInputError:
        return False


def _columns(channels: list[str], values: list[str | None]) -> list[bool]:
    frame = pl.DataFrame(
        {"key": channels, "value": values}, schema={"key": pl.String, "value": pl.String}
    )
    return canonical(pl, frame).to_list()


def test_every_brazilian_prefix_and_length() -> None:
    """Every national number's type is decided by libphonenumber's patterns, which read at most
    its first digits and its length: each 4-digit start, both lengths, every phone channel."""
    rng = random.Random(5)
    values = []
    for start in range(1000, 10000):
        for length in (10, 11):
            tail = "".join(rng.choice("0123456789") for _ in range(length - 4))
            values.append(f"+55{start}{tail}")
    for channel in ("sms", "whatsapp", "phone"):
        got = _columns([channel] * len(values), values)
        assert got == [_python(channel, value) for value in values]
        assert any(got)
        assert not all(got)


_PHONES = st.builds(
    "".join,
    st.lists(
        st.sampled_from(["+", "55", "5", "0", "9", "1", "2", "8", " ", "-", "11", "99"]), max_size=8
    ),
)
_LABEL = st.text("abcxyz019-", min_size=1, max_size=6) | st.sampled_from(
    ["a" * 63, "b" * 64, "xn--d1a"]
)
_DOMAINS = st.builds(
    ".".join,
    st.lists(
        _LABEL | st.sampled_from(["test", "local", "invalid", "localhost", "COM", "com"]),
        min_size=1,
        max_size=4,
    ),
)
_LOCALS = st.text("abAB09._+-!é ", min_size=0, max_size=8) | st.sampled_from(["x" * 64, "y" * 65])
_EMAILS = st.builds(
    lambda local, at, domain: f"{local}{at}{domain}",
    _LOCALS,
    st.sampled_from(["@", "@@", ""]),
    _DOMAINS,
) | st.sampled_from(
    [
        "a@" + "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + "." + "e" * 60 + ".com",
        " a@b.com",
        "a@b.com ",
    ]
)


@settings(max_examples=400)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["sms", "whatsapp", "phone"]), _PHONES)
        | st.tuples(st.just("email"), _EMAILS)
        | st.tuples(st.sampled_from(["letter", "push"]), st.sampled_from(["", "Rua 1"])),
        min_size=1,
        max_size=20,
    )
)
def test_canonical_only_when_the_python_keeps_the_address(rows: list[tuple[str, str]]) -> None:
    """Never canonical where the Python refuses or changes the address; for phones, letters
    and push tokens exactly the Python's answer (an e-mail address outside the plain shape that
    email-validator keeps unchanged is left to the Python)."""
    channels = [channel for channel, _ in rows]
    values = [value for _, value in rows]
    for (channel, value), got in zip(rows, _columns(channels, values), strict=True):
        expected = _python(channel, value)
        if channel == "email":
            assert expected or not got
        else:
            assert got == expected


@settings(max_examples=300)
@given(value=_EMAILS)
def test_plain_email_is_the_pythons_plain_shape(value: str) -> None:
    got = plain_emails(pl, pl.DataFrame({"value": [value]})).height == 1
    assert got == (_is_plain_email(value) and len(value) <= 254)

"""Static Pix BR Codes ("Pix copia e cola"): generated, and parsed back with every check.

The layout is the BCB's *Manual de Padrões para Iniciação do Pix* (an EMV MPM profile): data
objects ``tag + two-digit length + value``, in this order:

====  ==========================================  =======================================
tag   content                                     regua writes
====  ==========================================  =======================================
00    payload format indicator                    ``01``
01    point of initiation (``11``/``12``)         not written (optional)
26    merchant account: 00 GUI, 01 key,           ``br.gov.bcb.pix``, the key, the
      02 additional info, 25 URL (dynamic)        description when given (26 ≤ 99 chars)
52    merchant category code                      ``0000``
53    currency (ISO 4217)                         ``986`` (real)
54    amount, ``.`` decimal point (≤ 13 chars)    two decimal places, when given
58    country                                     ``BR``
59    merchant name (≤ 25)                        transliterated to ASCII, cut at a word
60    merchant city (≤ 15)                        transliterated to ASCII, cut at a word
62    additional data: 05 txid (≤ 25, [A-Za-z0-9] ``***`` (no txid) or the txid
      or ``***``)
63    CRC-16/CCITT-FALSE over everything before   four upper-case hex digits
      it, ``6304`` included
====  ==========================================  =======================================

The manual's static example is reproduced exactly:

>>> code = brcode(key="123e4567-e12b-12d1-a456-426655440000", merchant_name="Fulano de Tal",
...               merchant_city="BRASILIA")
>>> code == ("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
...          "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D")
True
>>> parsed = parse_brcode(code)
>>> parsed.key, parsed.key_kind, parsed.amount, parsed.txid, parsed.crc
('123e4567-e12b-12d1-a456-426655440000', 'evp', None, '***', '1D3D')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from regua._result import Result
from regua.errors import InvalidInputError
from regua.limits import MAX_TEXT_CHARS, quote
from regua.money import check_places, to_decimal
from regua.pix.crc import crc16
from regua.pix.keys import KeyKind, normalize_key
from regua.pix.tlv import MAX_VALUE_LENGTH, read_objects, write_object

__all__ = [
    "GUI",
    "MAX_AMOUNT",
    "MAX_CITY_LENGTH",
    "MAX_NAME_LENGTH",
    "MAX_PAYLOAD_LENGTH",
    "MAX_TXID_LENGTH",
    "NO_TXID",
    "BRCode",
    "brcode",
    "parse_brcode",
]

GUI = "br.gov.bcb.pix"
"""The globally unique identifier of Pix in tag 26 (read case-insensitively)."""
NO_TXID = "***"
"""The txid of a code that carries none."""
MAX_NAME_LENGTH = 25
MAX_CITY_LENGTH = 15
MAX_TXID_LENGTH = 25
MAX_PAYLOAD_LENGTH = 512
"""EMV's limit on a whole payload."""
MAX_AMOUNT = Decimal("9999999999.99")
"""The largest amount tag 54's 13 characters can hold with two decimal places."""

_TXID = re.compile(r"[A-Za-z0-9]{1,25}", re.ASCII)
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?", re.ASCII)
_MCC = re.compile(r"[0-9]{4}", re.ASCII)
_CRC = re.compile(r"[0-9A-F]{4}", re.ASCII)
_SPACES = re.compile(r"\s+")
_CRC_HEADER = "6304"
# Room in tag 26 besides the key and the description: the GUI object and two headers.
_ACCOUNT_OVERHEAD = len(write_object("00", GUI)) + 4 + 4


@dataclass(frozen=True, slots=True, kw_only=True)
class BRCode(Result):
    """A parsed BR Code. ``key`` (static) or ``url`` (dynamic: the payer's bank fetches the
    charge from it) identifies the receiver; ``amount`` is None when the payer types it. Text
    is kept exactly as the code holds it."""

    payload: str
    point_of_initiation: str | None
    key: str | None
    key_kind: KeyKind | None
    description: str | None
    url: str | None
    merchant_category_code: str
    currency: str
    amount: Decimal | None
    country: str
    merchant_name: str
    merchant_city: str
    postal_code: str | None
    txid: str
    crc: str

    @property
    def dynamic(self) -> bool:
        """True for a dynamic code (tag 26 carries a URL instead of a key)."""
        return self.url is not None


#: Latin letters that are no base letter plus accents, so NFKD keeps them whole and the ASCII
#: filter would drop them ("Øster" became "ster"): written as the usual ASCII letters.
_LATIN_LETTERS = str.maketrans(
    {
        "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "ẞ": "SS",
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th",
        "ı": "i", "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n",
    }
)  # fmt: skip


#: Compatibility forms NFKD writes as ordinary digits or letters, which then ran into their
#: neighbours: "½" became "1⁄2" and, the fraction slash not being ASCII, the number "12"; "1½"
#: "112"; "10²" "102". They stand apart, set off by spaces, with the fraction slash as "/".
_FORMS_APART = frozenset({"<fraction>", "<super>", "<sub>", "<circle>", "<square>"})
_FRACTION_SLASH = "\u2044"
#: Unicode categories with no width of their own: accents NFKD split off, and invisible format
#: characters (a soft hyphen or zero-width space inside a word must not cut it in two).
_NO_WIDTH = frozenset({"Mn", "Me", "Cf"})


def _ascii_char(char: str) -> str:
    """``char`` written in printable ASCII: its NFKD form without accents, a space for what has
    no ASCII letter, digit or sign (a dash, a typographic quote, a Greek letter), so the words
    on both sides stay apart."""
    decomposed = unicodedata.normalize("NFKD", char.translate(_LATIN_LETTERS))
    text = "".join(
        c if " " <= c <= "~" else "" if unicodedata.category(c) in _NO_WIDTH else " "
        for c in decomposed.replace(_FRACTION_SLASH, "/")
    )
    form = unicodedata.decomposition(char).partition(" ")[0]
    # A superscript letter stays joined: "1º" and "2ª" are Portuguese ordinals, "1o" and "2a".
    if form in _FORMS_APART and not (len(text) == 1 and text.isalpha()):
        return f" {text} "
    return text


def _cut(text: str, limit: int) -> str:
    """``text`` (single-spaced) cut to ``limit`` characters after a whole word ("Santa Barbara",
    not "Santa Barbara d"), unless that keeps less than half the room: then inside the word. A
    last word with no letter or digit (``&``, ``-``) is not left dangling."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit + 1)
    words = (text[:space] if space >= limit // 2 else text[:limit]).split()
    while words and not any(c.isalnum() for c in words[-1]):
        words.pop()
    return " ".join(words)


def _ascii_text(value: object, field: str, limit: int | None) -> str:
    """``value`` in a BR Code's characters (printable ASCII, EMV's "ans"): accents dropped,
    letters such as ``Ø``, ``Œ`` and ``ß`` written as ``O``, ``OE``, ``ss``, ``½`` as ``1/2``,
    other characters made spaces and runs of spaces one, cut at a word to ``limit`` characters
    when one is given; it must keep a letter or digit."""
    if not isinstance(value, str):
        raise InvalidInputError(field, f"expected text, got {type(value).__name__}")
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidInputError(
            field, f"is {len(value)} characters long; the limit is {MAX_TEXT_CHARS}"
        )
    written = "".join(_ascii_char(c) for c in str.__str__(value))
    text = _SPACES.sub(" ", written).strip()
    if limit is not None:
        text = _cut(text, limit)
    if not any(c.isalnum() for c in text):
        raise InvalidInputError(
            field, f"{quote(value)} has no letters or digits a BR Code can hold"
        )
    return text


def _amount_text(amount: object) -> str:
    value = check_places(to_decimal(amount, "amount"), "BRL", "amount")
    if value <= 0 or value > MAX_AMOUNT:
        raise InvalidInputError(
            "amount", f"must be above 0 and at most {MAX_AMOUNT} (13 characters), got {value}"
        )
    return f"{value:f}"


def _txid(txid: object) -> str:
    if not isinstance(txid, str) or not (txid == NO_TXID or _TXID.fullmatch(txid)):
        raise InvalidInputError(
            "txid",
            f"{quote(txid)} must be 1 to {MAX_TXID_LENGTH} letters and digits (A-Z, a-z, 0-9), or "
            f"{NO_TXID!r} for none",
        )
    return str.__str__(txid)


def brcode(
    *,
    key: str,
    amount: Decimal | int | str | None = None,
    merchant_name: str,
    merchant_city: str,
    txid: str = NO_TXID,
    description: str | None = None,
) -> str:
    """A static BR Code ("Pix copia e cola") paying ``amount`` (None: the payer types it) to
    ``key``, with ``txid`` to match the payment back.

    ``key`` is normalized by :func:`~regua.pix.normalize_key`. ``merchant_name`` and
    ``merchant_city`` are transliterated to printable ASCII (``São Paulo`` → ``Sao Paulo``,
    ``½`` → ``1/2``; a character with no ASCII form, such as a dash or a typographic quote,
    becomes a space) and cut after a whole word to 25 and 15 characters. ``amount`` is a
    positive Decimal with at most two decimal places (written with two). ``description`` (tag
    26-02) is transliterated like the name and must fit in tag 26 beside the key (99 characters
    in all: 37 beside a random key); it is refused, not cut, when it does not. Name, city and
    description longer than :data:`regua.limits.MAX_TEXT_CHARS` (2,000) are refused before they
    are read.

    >>> code = brcode(key="Fulano@Example.com", amount=Decimal("66.6"),
    ...               merchant_name="Fulano de Tal", merchant_city="São Paulo", txid="FAT2026001")
    >>> code[:54]
    '00020126400014br.gov.bcb.pix0118fulano@example.com5204'
    >>> code[54:]
    '00005303986540566.605802BR5913Fulano de Tal6009Sao Paulo62140510FAT20260016304A8C2'
    """
    pix_key = normalize_key(key)
    account = write_object("00", GUI) + write_object("01", pix_key.value)
    if description is not None:
        info = _ascii_text(description, "description", None)
        room = MAX_VALUE_LENGTH - _ACCOUNT_OVERHEAD - len(pix_key.value)
        if len(info) > room:
            raise InvalidInputError(
                "description",
                f"is {len(info)} characters; beside this key tag 26 has room for {room}",
            )
        account += write_object("02", info)
    parts = [
        write_object("00", "01"),
        write_object("26", account),
        write_object("52", "0000"),
        write_object("53", "986"),
    ]
    if amount is not None:
        parts.append(write_object("54", _amount_text(amount)))
    parts += [
        write_object("58", "BR"),
        write_object("59", _ascii_text(merchant_name, "merchant_name", MAX_NAME_LENGTH)),
        write_object("60", _ascii_text(merchant_city, "merchant_city", MAX_CITY_LENGTH)),
        write_object("62", write_object("05", _txid(txid))),
        _CRC_HEADER,
    ]
    body = "".join(parts)
    return body + crc16(body)


def _required(objects: dict[str, str], tag: str, name: str, where: str = "the payload") -> str:
    if tag not in objects:
        raise InvalidInputError("payload", f"{where} has no tag {tag} ({name})")
    return objects[tag]


def _check(ok: bool, reason: str) -> None:
    if not ok:
        raise InvalidInputError("payload", reason)


def _sized(objects: dict[str, str], tag: str, name: str, limit: int) -> str:
    value = _required(objects, tag, name)
    _check(0 < len(value) <= limit, f"tag {tag} ({name}) must hold 1 to {limit} characters")
    return value


def _structure(payload: object) -> dict[str, str]:
    if not isinstance(payload, str):
        raise InvalidInputError("payload", f"expected text, got {type(payload).__name__}")
    _check(bool(payload), "is empty")
    _check(
        len(payload) <= MAX_PAYLOAD_LENGTH,
        f"is {len(payload)} characters long; a BR Code has at most {MAX_PAYLOAD_LENGTH}",
    )
    _check(
        payload.isprintable(),
        "holds a line break or control character; a BR Code is one line of printable text",
    )
    # A code pasted with a space around it failed on a tag's length, with no word of the space.
    _check(
        payload == payload.strip(),
        "has spaces around it (a copy-and-paste?); a BR Code starts with '000201' and ends"
        " with its CRC",
    )
    objects = read_objects(payload, "the payload", "payload")
    tags = list(objects)
    _check(tags[0] == "00", "must begin with tag 00 (payload format indicator)")
    _check(tags[-1] == "63", "must end with tag 63 (CRC)")
    crc = objects["63"]
    _check(
        len(crc) == 4 and bool(_CRC.fullmatch(crc)),
        f"tag 63 (CRC) must be 4 upper-case hex digits, got {quote(crc)}",
    )
    expected = crc16(payload[:-4])
    _check(
        crc == expected,
        f"CRC is {crc} but the payload's is {expected}: the code was altered or cut",
    )
    return objects


def _amount(objects: dict[str, str]) -> Decimal | None:
    text = objects.get("54")
    if text is None:
        return None
    _check(
        len(text) <= 13 and bool(_AMOUNT.fullmatch(text)),
        f"tag 54 (amount) {quote(text)} must be digits with a '.' and at most 2 decimals, "
        "13 characters at most",
    )
    amount = Decimal(text).quantize(Decimal("0.01"))
    _check(amount > 0, "tag 54 (amount) must be above zero (leave the tag out for none)")
    return amount


def parse_brcode(payload: str) -> BRCode:
    """Parse and check a BR Code: static (a key in tag 26-01) or dynamic (a URL in 26-25).

    Checks the structure (every length, no repeated tag, 00 first and 63 last), the CRC, the
    mandatory tags (00, 26, 52, 53, 58, 59, 60, 62 with its txid), the GUI, the currency (986),
    the country (BR), the amount's format, the key (a valid CPF, CNPJ, e-mail, phone or random
    key) and the lengths of name (25), city (15) and txid (25). Tags it does not know (other
    schemes' accounts, 80-99) are allowed. Any fault is an
    :class:`~regua.errors.InvalidInputError` on field ``payload`` whose reason names the tag.

    A copy of a web example with a wrong length in tag 62 (``62 08`` around a 7-character value):

    >>> parse_brcode("00020126360014BR.GOV.BCB.PIX0114+55119432143215204000053039865405"
    ...              "66.665802BR5907EMPRESA6008BRASILIA62080503***6304170E")
    Traceback (most recent call last):
    ...
    regua.errors.InvalidInputError: payload: the payload: tag 30 at character 112 after tag 62 ...
    """
    objects = _structure(payload)
    _check(
        objects["00"] == "01", f"tag 00 (payload format) must be '01', got {quote(objects['00'])}"
    )
    initiation = objects.get("01")
    _check(
        initiation in (None, "11", "12"),
        f"tag 01 (point of initiation) must be '11' or '12', got {quote(initiation)}",
    )
    account = read_objects(_required(objects, "26", "Pix merchant account"), "tag 26", "payload")
    gui = _required(account, "00", "GUI", "tag 26")
    _check(gui.lower() == GUI, f"tag 26-00 (GUI) must be {GUI!r}, got {quote(gui)}")
    key, url = account.get("01"), account.get("25")
    _check(
        (key is None) != (url is None),
        "tag 26 must hold either a key (01, static code) or a URL (25, dynamic code), exactly one",
    )
    key_kind: KeyKind | None = None
    if key is not None:
        try:
            key_kind = normalize_key(key).kind
        except InvalidInputError as err:
            raise InvalidInputError("payload", f"tag 26-01 (key): {err.reason}") from None
    _check(url is None or len(url) > 0, "tag 26-25 (URL) is empty")
    mcc = _required(objects, "52", "merchant category code")
    _check(
        bool(_MCC.fullmatch(mcc)), f"tag 52 (merchant category) must be 4 digits, got {quote(mcc)}"
    )
    currency = _required(objects, "53", "currency")
    _check(currency == "986", f"tag 53 (currency) must be '986' (real), got {quote(currency)}")
    country = _required(objects, "58", "country")
    _check(country == "BR", f"tag 58 (country) must be 'BR', got {quote(country)}")
    name = _sized(objects, "59", "merchant name", MAX_NAME_LENGTH)
    city = _sized(objects, "60", "merchant city", MAX_CITY_LENGTH)
    extra = read_objects(_required(objects, "62", "additional data"), "tag 62", "payload")
    txid = _required(extra, "05", "txid", "tag 62")
    _check(
        txid == NO_TXID or bool(_TXID.fullmatch(txid)),
        f"tag 62-05 (txid) {quote(txid)} must be 1 to {MAX_TXID_LENGTH} letters and digits or "
        f"{NO_TXID!r}",
    )
    return BRCode(
        payload=payload,
        point_of_initiation=initiation,
        key=key,
        key_kind=key_kind,
        description=account.get("02"),
        url=url,
        merchant_category_code=mcc,
        currency=currency,
        amount=_amount(objects),
        country=country,
        merchant_name=name,
        merchant_city=city,
        postal_code=objects.get("61"),
        txid=txid,
        crc=objects["63"],
    )

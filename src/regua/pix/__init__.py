"""Pix: static BR Codes ("Pix copia e cola") generated and checked, keys normalized, and a txid
per action so that a payment can be matched back to the action and its invoices.

Pure computation: nothing here talks to a bank. See docs/getting-paid.md.
"""

from regua.pix.brcode import BRCode, brcode, parse_brcode
from regua.pix.keys import KeyKind, PixKey, normalize_key
from regua.pix.txid import find_by_txid, txid_for

__all__ = [
    "BRCode",
    "KeyKind",
    "PixKey",
    "brcode",
    "find_by_txid",
    "normalize_key",
    "parse_brcode",
    "txid_for",
]

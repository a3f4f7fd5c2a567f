"""The BR Code checksum: CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no
reflection, no final XOR), written as four upper-case hex digits, zero-padded.

>>> crc16("123456789")
'29B1'
"""

from __future__ import annotations

__all__ = ["crc16"]


def _table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        table.append(crc & 0xFFFF)
    return tuple(table)


_TABLE = _table()


def crc16(text: str) -> str:
    """The CRC of ``text``'s UTF-8 bytes, as the BR Code writes it (``'0A3F'``, never ``'A3F'``)."""
    crc = 0xFFFF
    for byte in text.encode():
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[(crc >> 8) ^ byte]
    return f"{crc:04X}"

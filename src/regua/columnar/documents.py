"""CPFs and CNPJs already in their normalized form, with their check digits verified on columns.

Validation normalizes a customer's document as the model does
(:func:`regua.documents.normalize_document`: punctuation dropped, letters upper-cased, check
digits verified). In Python that runs once per distinct document, and every customer has their
own. :func:`normal_documents` says with column expressions which documents that function returns
unchanged: 11 ASCII digits (a CPF) or 12 ASCII digits or upper-case letters and 2 digits (a
CNPJ, alphanumeric since IN RFB 2.229/2024), not one character repeated, with both modulo-11
check digits right, each character counting as ``ord(c) - 48``. Only the others (punctuated,
lower-case, wrong) are normalized in Python, where every message about a bad document is
written. ``tests/test_columnar_documents.py`` holds the two equal.
"""

from __future__ import annotations

from typing import Any

__all__ = ["normal_documents"]

_CPF = r"^[0-9]{11}$"
_CNPJ = r"^[0-9A-Z]{12}[0-9]{2}$"
_CPF_WEIGHTS = tuple(range(11, 1, -1))
_CNPJ_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def normal_documents(pl: Any, documents: Any) -> Any:
    """Whether each text of the series ``documents`` is a valid CPF or CNPJ as
    ``normalize_document`` returns one, as a boolean series; False where unsure (and for null)."""
    document = pl.col("document")
    # Each character's value as its own column: an expression used twice is computed twice.
    frame = documents.to_frame("document").select(
        document.str.contains(_CPF).alias("cpf"),
        document.str.contains(_CNPJ).alias("cnpj"),
        *(_value(pl, document.str.slice(k, 1)).alias(f"v{k}") for k in range(14)),
    )
    values = [pl.col(f"v{k}") for k in range(14)]
    return frame.select(
        pl.when(pl.col("cpf"))
        .then(_check_digits_hold(pl, values[:11], _CPF_WEIGHTS))
        .when(pl.col("cnpj"))
        .then(_check_digits_hold(pl, values, _CNPJ_WEIGHTS))
        .otherwise(False)
        .fill_null(False)
    ).to_series()


def _value(pl: Any, char: Any) -> Any:
    """``ord(char) - 48`` of a digit or an upper-case letter: its base-36 value, and 7 more
    for a letter (``A`` is 10 in base 36 and 17 here)."""
    number = char.str.to_integer(base=36, strict=False)
    return pl.when(number >= 10).then(number + 7).otherwise(number)


def _check_digits_hold(pl: Any, values: list[Any], weights: tuple[int, ...]) -> Any:
    """The last two of ``values`` are the modulo-11 digits of those before them (the second
    over the first too, with one more weight), and not every value is the same."""
    ok = pl.lit(False)
    for value in values[1:]:
        ok = ok | (value != values[0])
    length = len(values)
    for digits in (length - 2, length - 1):
        used = weights[len(weights) - digits :]
        remainder = (
            pl.sum_horizontal(v * w for v, w in zip(values[:digits], used, strict=True)) % 11
        )
        ok = ok & (values[digits] == pl.when(remainder < 2).then(0).otherwise(11 - remainder))
    return ok

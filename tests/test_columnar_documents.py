"""A document read on columns (``regua.columnar.documents``, the Python for the rest) is kept,
normalized or refused exactly as the model does: CPFs, numeric and alphanumeric CNPJs, with
punctuation, lower case, wrong check digits and repeated characters."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from regua.columnar.documents import normal_documents
from regua.columnar.inputs import to_frame
from regua.columnar.validate import validate
from regua.documents import normalize_document
from regua.errors import InvalidInputError
from regua.models import Customer

_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _digit(values: list[int], weights: list[int]) -> int:
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def _cpf(body: str) -> str:
    values = [int(c) for c in body]
    values.append(_digit(values, list(range(10, 1, -1))))
    values.append(_digit(values, list(range(11, 1, -1))))
    return "".join(map(str, values))


def _cnpj(body: str) -> str:
    weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    values = [ord(c) - 48 for c in body]
    first = _digit(values, weights[1:])
    second = _digit([*values, first], weights)
    return f"{body}{first}{second}"


def test_the_hand_computed_documents() -> None:
    # Check digits worked out by hand; the usual examples of Brazilian documentation (the last
    # an alphanumeric CNPJ, as issued from July 2026), and the first with its last digit wrong.
    documents = pl.Series(["52998224725", "11222333000181", "12ABC34501DE35", "52998224726", None])
    got = normal_documents(pl, documents).to_list()
    assert got == [True, True, True, False, False]
    assert _cpf("529982247") == "52998224725"
    assert _cnpj("12ABC34501DE") == "12ABC34501DE35"


def _model(kind: str, document: str) -> tuple[str | None, bool]:
    try:
        made = Customer.model_validate({"id": "c", "name": "A", "kind": kind, "document": document})
    except ValidationError:
        return None, False
    return made.document, True


def _columns(pairs: list[tuple[str, str]]) -> list[tuple[str | None, bool]]:
    customers = pl.DataFrame(
        {
            "id": [f"c{k}" for k in range(len(pairs))],
            "name": "A",
            "kind": [kind for kind, _ in pairs],
            "document": [document for _, document in pairs],
        }
    )
    invoices = pl.DataFrame(
        schema={"id": pl.String, "customer_id": pl.String, "amount": pl.String, "due_date": pl.Date}
    )
    checked = validate(to_frame(customers, "customers"), to_frame(invoices, "invoices"), None)
    kept = dict(checked.customers.select("__row", "document").iter_rows())
    return [(kept.get(k), k in kept) for k in range(len(pairs))]


_BODY_CPF = st.text("0123456789", min_size=9, max_size=9)
_BODY_CNPJ = st.text(_CHARS, min_size=12, max_size=12)
_VALID = st.builds(_cpf, _BODY_CPF) | st.builds(_cnpj, _BODY_CNPJ)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    document = draw(_VALID)
    change = draw(st.sampled_from(["none", "digit", "lower", "punctuate", "repeat", "cut"]))
    if change == "digit":
        k = draw(st.integers(0, len(document) - 1))
        document = document[:k] + draw(st.sampled_from(_CHARS)) + document[k + 1 :]
    elif change == "lower":
        document = document.lower()
    elif change == "punctuate":
        document = f"{document[:3]}.{document[3:6]}-{document[6:]}"
    elif change == "repeat":
        document = document[0] * len(document)
    elif change == "cut":
        document = document[:-1]
    return document


# Each example validates a whole table (tens of ms): 25 examples, of several values each.
@settings(max_examples=25)
@given(st.lists(st.tuples(st.sampled_from(["consumer", "business", "condominium"]), _documents())))
@example([("consumer", "11111111111"), ("consumer", "00000000000"), ("business", "52998224725")])
@example([("consumer", "12ABC34501DE35"), ("business", "12abc34501de35"), ("consumer", "")])
@example([("consumer", "٥٢٩٩٨٢٢٤٧٢٥"), ("business", "00000000000000")])
def test_a_document_is_kept_normalized_or_refused_as_the_model_does(
    pairs: list[tuple[str, str]],
) -> None:
    assert _columns(pairs) == [_model(kind, document) for kind, document in pairs]


@given(st.lists(_documents(), min_size=1, max_size=20))
@example(["00000000191", "11222333000181", "10000009000156"])  # a check digit from remainder 1
def test_the_columns_find_a_document_normal_exactly_when_python_keeps_it(
    documents: list[str],
) -> None:
    def kept(document: str) -> bool:
        try:
            return normalize_document(document) == document
        except InvalidInputError:
            return False

    got = normal_documents(pl, pl.Series(documents, dtype=pl.String)).to_list()
    assert got == [kept(document) for document in documents]

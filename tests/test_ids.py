"""Action and agreement ids: one unambiguous encoding of their fields, and no invisible ids."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from regua import Agreement, Customer, Invoice, plan
from regua._fields import encode_fields
from regua.charges import DebtBreakdown
from regua.models import ContactRecord
from regua.offers import OfferPolicy, menu
from regua.rules import Schedule
from regua.rules.ids import action_id, hashed_id, id_prefix
from regua.templates import Template

SRC = Path(__file__).resolve().parents[1] / "src"


def test_fields_that_contain_the_old_separator_do_not_collide() -> None:
    # Joined with "\x1f", both read "padrao␟d1␟c␟BRL␟x␟y": one id for two different debts.
    one = action_id("padrao", "d1", "c", "BRL", ["x\x1fy"])
    two = action_id("padrao", "d1", "c", "BRL", ["x", "y"])
    three = action_id("padrao", "d1", "c\x1fBRL", "BRL", ["y"])
    assert len({one, two, three}) == 3


def test_the_encoding_is_length_prefixed() -> None:
    assert encode_fields(["padrao", "d1", "", "a:b"]) == "6:padrao2:d10:3:a:b"
    assert encode_fields(["ação"]) == "4:ação"  # characters, not bytes


# Separator-like characters often, so that a joining encoding would be caught aliasing.
field = st.text(st.sampled_from("a1:|\x1f") | st.characters(codec="utf-8"), max_size=6)
fields = st.lists(field, max_size=5)


@given(fields, fields)
def test_distinct_field_lists_have_distinct_encodings(a: list[str], b: list[str]) -> None:
    assert (encode_fields(a) == encode_fields(b)) == (a == b)


tiny = st.text("a1:\x1f", max_size=4)  # separator-like characters only
tiny_ids = st.lists(tiny, min_size=1, max_size=3)


@given(tiny, tiny, tiny_ids, tiny, tiny, tiny_ids)
@example("a", "a\x1fa", ["a"], "a\x1fa", "a", ["a"])  # one "\x1f"-joined text
def test_distinct_actions_have_distinct_ids(
    customer: str, step: str, ids: list[str], customer2: str, step2: str, ids2: list[str]
) -> None:
    same = (customer, step, sorted(ids)) == (customer2, step2, sorted(ids2))
    first = action_id("s", step, customer, "BRL", ids)
    second = action_id("s", step2, customer2, "BRL", ids2)
    assert (first == second) == same
    assert hashed_id(id_prefix("s", step), customer, "BRL", sorted(ids)) == first


def test_action_ids_are_pinned() -> None:
    # Fixed across runs, machines and hash seeds: hosts deduplicate sends on them. The digest
    # is SHA-256 of the text below, computed apart from regua.
    text = "6:padrao2:d12:c13:BRL2:i12:i2"
    assert hashlib.sha256(text.encode()).hexdigest()[:24] == "d52aeb61cb06083208802f49"
    assert action_id("padrao", "d1", "c1", "BRL", ["i2", "i1"]) == "act_d52aeb61cb06083208802f49"


def test_action_ids_do_not_depend_on_the_hash_seed() -> None:
    code = (
        "from regua.rules.ids import action_id;"
        "print(action_id('padrao', 'd1', 'c1', 'BRL', ['i2', 'i1', 'ação']))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONPATH": str(SRC), "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "4242")
    }
    assert outputs == {action_id("padrao", "d1", "c1", "BRL", ["i2", "i1", "ação"]) + "\n"}


def test_agreement_ids_do_not_collide_on_the_old_separator() -> None:
    def signed(customer: str, invoice_ids: list[str]) -> str:
        invoices = [
            Invoice(id=i, customer_id=customer, amount="100.00", due_date=date(2026, 1, 5))
            for i in invoice_ids
        ]
        debt = DebtBreakdown(principal=f"{100 * len(invoices)}.00")
        offer = menu(debt, policy=OfferPolicy(), as_of=date(2026, 3, 2))[0]
        return Agreement.from_offer(offer, invoices, start=date(2026, 3, 2)).id

    # Joined with "|", both read "c|2026-03-02|a|b".
    assert signed("c", ["a|b"]) != signed("c", ["a", "b"])


INVISIBLE = [
    "\x00",
    "\x1f",
    "\x7f",
    "\x85",  # next line (C1)
    "\u00ad",  # soft hyphen
    "\u00a0",  # no-break space
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u202e",  # right-to-left override
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u2066",  # left-to-right isolate
    "\u3000",  # ideographic space
    "\ufeff",  # byte order mark
]

_INVOICE = {"id": "i1", "customer_id": "c1", "amount": "10.00", "due_date": "2026-03-05"}
_RECORD = {
    "action_id": "act_1",
    "customer_id": "c1",
    "step_id": "d1",
    "invoice_ids": ["i1"],
    "at": "2026-03-05T12:00:00+00:00",
}
_AGREEMENT = {
    "id": "a1",
    "customer_id": "c1",
    "invoice_ids": ["i1"],
    "signed_on": "2026-03-05",
    "original_debt": "10.00",
    "installments": [{"number": 1, "due_date": "2026-04-05", "amount": "10.00"}],
}
_STEP = {"id": "d1", "offset": 1, "channels": ["email"]}
_SCHEDULE: dict[str, Any] = {"name": "s", "steps": [_STEP]}

# (model, a valid document, where to put the id, the field path pydantic reports)
ID_FIELDS: list[tuple[Any, dict[str, Any], str]] = [
    (Customer, {"id": "c1", "name": "Ana", "kind": "consumer"}, "id"),
    (Invoice, _INVOICE, "id"),
    (Invoice, _INVOICE, "customer_id"),
    (Invoice, _INVOICE, "agreement_id"),
    (ContactRecord, _RECORD, "action_id"),
    (ContactRecord, _RECORD, "customer_id"),
    (ContactRecord, _RECORD, "step_id"),
    (ContactRecord, _RECORD, "invoice_ids.0"),
    (Agreement, _AGREEMENT, "id"),
    (Agreement, _AGREEMENT, "customer_id"),
    (Agreement, _AGREEMENT, "invoice_ids.0"),
    (Schedule, _SCHEDULE, "name"),
    (Schedule, _SCHEDULE, "version"),
    (Schedule, _SCHEDULE, "steps.0.id"),
    (Template, {"id": "t", "body": "Olá"}, "id"),
]


def _put(document: dict[str, Any], path: str, value: str) -> dict[str, Any]:
    head, _, rest = path.partition(".")
    copy: Any = dict(document)
    if not rest:
        copy[head] = value
        return dict(copy)
    inner = copy[head]
    index, _, tail = rest.partition(".")
    items = list(inner)
    items[int(index)] = _put(items[int(index)], tail, value) if tail else value
    copy[head] = items
    return dict(copy)


@pytest.mark.parametrize(("model", "document", "path"), ID_FIELDS)
@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_ids_refuse_control_and_invisible_characters(
    model: Any, document: dict[str, Any], path: str, char: str
) -> None:
    model.model_validate(_put(document, path, "ok id"))  # a plain space is fine
    with pytest.raises(ValidationError) as info:
        model.model_validate(_put(document, path, f"a{char}b"))
    assert f"U+{ord(char):04X}" in str(info.value)
    assert any(path.split(".")[0] in str(e["loc"][0]) for e in info.value.errors())


def test_a_step_requirement_and_a_template_key_refuse_them_too() -> None:
    steps = [_STEP, {**_STEP, "id": "d2", "offset": 2, "after": {"step": "d1\x1f"}}]
    with pytest.raises(ValidationError, match="U\\+001F"):
        Schedule.model_validate({"name": "s", "steps": steps})
    with pytest.raises(ValidationError, match="U\\+200B"):
        Schedule.model_validate({**_SCHEDULE, "templates": {"t\u200b": {"body": "Olá"}}})


def test_ids_with_accents_and_spaces_still_plan() -> None:
    customer = Customer(id="José 1", name="José", kind="consumer", contacts={"email": "j@x.com"})
    invoice = Invoice(
        id="NF 1º", customer_id="José 1", amount=Decimal("10.00"), due_date=date(2026, 3, 5)
    )
    result = plan(_SCHEDULE, [customer], [invoice], as_of=date(2026, 3, 6))
    assert [a.invoice_ids for a in result.actions] == [("NF 1º",)]

"""Deterministic synthetic portfolio of any size, for the benchmarks and the distributed recipe.

``n`` invoices for ``n // 4`` customers (4 per customer on average, between 1 and 7), in customer
order, as a database export ``ORDER BY customer_id`` would give them. The mix resembles a
consumer-heavy Brazilian portfolio (utilities, telecoms, schools):

- customers: 85% consumers (with a CPF), 12% businesses and 3% condominiums (with a CNPJ), one in
  ten documents punctuated as people type them (``529.982.247-25``); e-mail for 85%, SMS 60%,
  WhatsApp 50%, phone 30%, letter 10%; 5% opted out of SMS; a few in other time zones; 5% tagged
  ``vip``.
- amounts: a monthly amount per customer (R$ 19.90 to R$ 1,500.00), each invoice varying by up
  to R$ 5 from it, so nearly every amount in a large portfolio is distinct, as in real billing
  (validation costs what it costs per distinct value);
- due dates spread from 400 days before to 30 days after ``AS_OF``, denser near it;
- with ``open_only=False``: 55% paid in full (early, on time or late), 10% partly paid, 35% unpaid;
  with ``open_only=True`` every invoice is still open at ``AS_OF`` (the worst case for ``plan``).
- 1% disputed.

Rows are plain dicts (what a host reads from its database); the same ``seed`` and sizes give
the same rows on every machine. Run ``python benchmarks/synthetic.py 8`` to print a few.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

AS_OF = date(2026, 3, 16)

_ZONES = ("America/Sao_Paulo",) * 17 + ("America/Manaus", "America/Recife", "America/Cuiaba")
_CPF_WEIGHTS = tuple(range(10, 1, -1))
_CNPJ_WEIGHTS = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def n_customers(n_invoices: int) -> int:
    """Customers for a portfolio of ``n_invoices``: a quarter of them, at least one."""
    return max(1, n_invoices // 4)


def _check_digits(body: str, weights: tuple[int, ...]) -> str:
    """``body`` followed by its two modulo-11 check digits (CPF and numeric CNPJ)."""
    for weights_now in (weights, (weights[0] + 1, *weights)):
        remainder = sum(int(c) * w for c, w in zip(body, weights_now, strict=True)) % 11
        body += str(0 if remainder < 2 else 11 - remainder)
    return body


def _document(k: int, kind: str, punctuated: bool) -> str:
    if kind == "consumer":
        cpf = _check_digits(f"{100_000_000 + k:09d}", _CPF_WEIGHTS)
        return f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}" if punctuated else cpf
    cnpj = _check_digits(f"{10_000_000 + k:08d}0001", _CNPJ_WEIGHTS)
    return f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}" if punctuated else cnpj


def customer_rows(n: int, *, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``n`` customer rows, ids ``c0000000`` upwards."""
    rng = random.Random(seed)
    for k in range(n):
        draw = rng.random()
        kind = "consumer" if draw < 0.85 else "business" if draw < 0.97 else "condominium"
        contacts: dict[str, str] = {}
        if rng.random() < 0.85:
            contacts["email"] = f"c{k}@example.com.br"
        if rng.random() < 0.60:
            contacts["sms"] = f"+55119{k:08d}"
        if rng.random() < 0.50:
            contacts["whatsapp"] = f"+55119{k:08d}"
        if rng.random() < 0.30:
            contacts["phone"] = f"+55113{k:07d}"
        if rng.random() < 0.10 or not contacts:
            contacts["letter"] = f"Rua {k}, {k % 2000}"
        row: dict[str, Any] = {
            "id": f"c{k:07d}",
            "name": f"Cliente {k}",
            "kind": kind,
            "document": _document(k, kind, punctuated=rng.random() < 0.10),
            "contacts": contacts,
            "timezone": rng.choice(_ZONES),
        }
        if rng.random() < 0.05:
            row["opt_outs"] = ["sms"]
        if rng.random() < 0.05:
            row["tags"] = ["vip"]
        yield row


def _invoices_per_customer(n_invoices: int, n_cust: int, rng: random.Random) -> list[int]:
    counts = [1] * n_cust
    for _ in range(n_invoices - n_cust):
        counts[rng.randrange(n_cust)] += 1
    return counts


def invoice_rows(n: int, *, seed: int = 11, open_only: bool = False) -> Iterator[dict[str, Any]]:
    """``n`` invoice rows for ``n_customers(n)`` customers, grouped by customer."""
    rng = random.Random(seed)
    n_cust = n_customers(n)
    counts = _invoices_per_customer(n, n_cust, random.Random(seed + 1))
    number = 0
    for k, count in enumerate(counts):
        monthly = rng.randint(1_990, 150_000)  # cents
        for _ in range(count):
            cents = max(990, monthly + rng.randint(-500, 500))
            amount = f"{cents // 100}.{cents % 100:02d}"
            # Squaring a uniform draw packs due dates near AS_OF: most debt is recent.
            days_past_due = int(430 * rng.random() ** 2) - 30
            due = AS_OF - timedelta(days=days_past_due)
            row: dict[str, Any] = {
                "id": f"i{number:08d}",
                "customer_id": f"c{k:07d}",
                "amount": amount,
                "due_date": due,
                "issue_date": due - timedelta(days=20),
            }
            draw = rng.random()
            if open_only:
                if draw < 0.10:
                    row["payments"] = [{"date": due, "amount": "10.00"}]
            elif draw < 0.55:
                paid = due + timedelta(days=rng.choice((-3, -1, 0, 0, 0, 2, 5, 12, 40)))
                if paid <= AS_OF:
                    row["payments"] = [{"date": paid, "amount": amount}]
            elif draw < 0.65:
                row["payments"] = [{"date": due, "amount": "10.00"}]
            if rng.random() < 0.01:
                row["disputed"] = True
            number += 1
            yield row


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    for row in customer_rows(n_customers(n)):
        print(row)
    for row in invoice_rows(n):
        print(row)


if __name__ == "__main__":
    main()

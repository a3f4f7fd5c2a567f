"""The built-in sample portfolio used by ``regua demo`` and ``regua example``, and by the docs.

Twelve customers with monthly invoices due on the 10th from September 2025 to March 2026, and a
fixed ``SAMPLE_AS_OF`` (Monday 2026-03-16) so every example gives the same answer on any day.
The payment habits are chosen to cover each delinquency profile and each guardrail: good payers,
a one-off slip, occasional and recurring late payers, a disputed invoice, a partial payment, an
overpayment, a customer reachable only by letter, and a debt old enough to be prescribed.

>>> len(sample_customers()), len(sample_invoices())
(12, 72)
>>> sum(1 for i in sample_invoices() if i.is_open(SAMPLE_AS_OF))
14
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from regua.charges import LateTerms
from regua.models import Customer, Invoice, Payment
from regua.offers import OfferPolicy
from regua.rules import Schedule
from regua.templates import Creditor

__all__ = [
    "SAMPLE_AS_OF",
    "SAMPLE_SCHEDULE",
    "sample_creditor",
    "sample_customers",
    "sample_invoices",
    "sample_late_terms",
    "sample_offer_policy",
    "sample_schedule",
]

SAMPLE_AS_OF = date(2026, 3, 16)

_DUE_DATES = tuple(date(2025 + (m > 12), (m - 1) % 12 + 1, 10) for m in range(9, 16))

# For each customer: monthly amount and, per due date above, the days it was paid late
# (0 = on time, negative = early, None = still unpaid, a Decimal = that much paid on the due
# date and the rest unpaid). A shorter list leaves out the earliest months.
_OPEN = None
_HABITS: dict[str, tuple[str, tuple[int | Decimal | None, ...]]] = {
    "c01": ("189.90", (0, -2, 0, 0, -1, 0, 0)),
    "c02": ("99.90", (0, 0, 12, 0, 0, 0, 0)),
    "c03": ("249.00", (0, 5, 0, 8, 0, 0, _OPEN)),
    "c04": ("4870.00", (15, 20, 10, 25, 18, _OPEN, _OPEN)),
    "c05": ("1320.00", (0, 0, 0, 0, _OPEN, _OPEN, _OPEN)),
    "c06": ("159.90", (7, 9, 12, 6, _OPEN, _OPEN)),
    "c07": ("420.00", (0, 0, 0, _OPEN)),
    "c08": ("89.90", (0, 3, 0, 0, _OPEN)),
    "c09": ("310.00", (0, 0, 4, Decimal("110.00"))),
    "c10": ("12500.00", (0, 0, 2, 0, 0, 0)),
    "c11": ("75.00", (0, 0, 0, 0, 0, -5)),
}

_CUSTOMERS: tuple[dict[str, Any], ...] = (
    {"id": "c01", "name": "Ana Beatriz Souza", "kind": "consumer", "document": "123.456.789-09",
     "contacts": {"email": "ana@example.com.br", "whatsapp": "+5511990000001"},
     "preferred_channels": ["whatsapp"], "state": "SP"},
    {"id": "c02", "name": "Bruno Carvalho", "kind": "consumer", "document": "987.654.321-00",
     "contacts": {"sms": "+5521990000002", "email": "bruno@example.com.br"}, "state": "RJ"},
    {"id": "c03", "name": "Carla Dias", "kind": "consumer", "document": "246.813.579-28",
     "contacts": {"email": "carla@example.com.br", "sms": "+5531990000003"},
     "opt_outs": ["sms"], "state": "MG"},
    {"id": "c04", "name": "Distribuidora Delta Ltda", "kind": "business",
     "document": "11.222.333/0001-81",
     "contacts": {"email": "financeiro@delta.example.com.br", "phone": "+551130000004",
                  "letter": "Rua das Flores 100, São Paulo SP"}, "state": "SP"},
    {"id": "c05", "name": "Condomínio Edifício Sol", "kind": "condominium",
     "document": "45.678.901/0000-94",
     "contacts": {"email": "sindico@edsol.example.com.br",
                  "letter": "Av. Atlântica 2000, Rio de Janeiro RJ"}, "state": "RJ"},
    {"id": "c06", "name": "Eduardo Farias", "kind": "consumer", "document": "135.792.468-28",
     "contacts": {"sms": "+5592990000006", "whatsapp": "+5592990000006"},
     "timezone": "America/Manaus", "state": "AM"},
    {"id": "c07", "name": "Fernanda Gomes", "kind": "consumer", "document": "314.159.265-90",
     "contacts": {"email": "fernanda@example.com.br"}, "state": "SP", "tags": ["vip"]},
    {"id": "c08", "name": "Gustavo Henrique Lima", "kind": "consumer",
     "document": "271.828.182-05",
     "contacts": {"letter": "Rua Sete 7, Belo Horizonte MG"}, "state": "MG"},
    {"id": "c09", "name": "Helena Martins", "kind": "consumer", "document": "161.803.398-05",
     "contacts": {"email": "helena@example.com.br", "sms": "+5541990000009"}, "state": "PR"},
    {"id": "c10", "name": "Íris Tecnologia S.A.", "kind": "business",
     "document": "12.ABC.345/01DE-35",
     "contacts": {"email": "contas@iris.example.com.br"}, "state": "SP", "locale": "en"},
    {"id": "c11", "name": "João Pedro Nunes", "kind": "consumer", "document": "141.421.356-51",
     "contacts": {"email": "joao@example.com.br"}, "timezone": "America/Recife", "state": "PE"},
    {"id": "c12", "name": "Karina Lopes", "kind": "consumer", "document": "173.205.080-52",
     "contacts": {"email": "karina@example.com.br"}, "state": "SP", "locale": "es"},
)  # fmt: skip


def sample_customers() -> list[Customer]:
    """The twelve sample customers, in id order."""
    return [Customer.model_validate(row) for row in _CUSTOMERS]


def _monthly(
    customer_id: str, amount: str, habits: tuple[int | Decimal | None, ...]
) -> list[Invoice]:
    invoices = []
    due_dates = _DUE_DATES[len(_DUE_DATES) - len(habits) :]
    for due, habit in zip(due_dates, habits, strict=True):
        if habit is None:
            payments: list[Payment] = []
        elif isinstance(habit, Decimal):
            payments = [Payment(date=due, amount=habit, method="pix")]
        else:
            payments = [
                Payment(date=due + timedelta(days=habit), amount=Decimal(amount), method="boleto")
            ]
        invoices.append(
            Invoice(
                id=f"{customer_id}-{due:%Y%m}",
                customer_id=customer_id,
                amount=Decimal(amount),
                due_date=due,
                issue_date=due - timedelta(days=20),
                payments=tuple(payments),
                disputed=customer_id == "c07" and habit is None,
            )
        )
    return invoices


def sample_invoices() -> list[Invoice]:
    """72 invoices; 14 are open on ``SAMPLE_AS_OF``, one is disputed, one prescribed."""
    invoices: list[Invoice] = []
    for customer_id, (amount, habits) in _HABITS.items():
        invoices.extend(_monthly(customer_id, amount, habits))
    # An overpayment stays visible as a negative balance; a debt from 2020 is prescribed.
    invoices.append(
        Invoice(id="c11-extra", customer_id="c11", amount=Decimal("75.00"),
                due_date=date(2026, 3, 10),
                payments=(Payment(date=date(2026, 3, 9), amount=Decimal("80.00")),))
    )  # fmt: skip
    invoices.append(
        Invoice(id="c12-2020", customer_id="c12", amount=Decimal("640.00"),
                due_date=date(2020, 11, 10), tags=frozenset({"legacy"}))
    )  # fmt: skip
    invoices.extend(
        Invoice(id=f"c12-{due:%Y%m}", customer_id="c12", amount=Decimal("55.00"), due_date=due,
                payments=(Payment(date=due, amount=Decimal("55.00")),))
        for due in _DUE_DATES[4:6]
    )  # fmt: skip
    invoices.append(
        Invoice(id="c10-202603b", customer_id="c10", amount=Decimal("8300.00"),
                due_date=SAMPLE_AS_OF)
    )  # fmt: skip
    invoices.append(
        Invoice(id="c01-202603b", customer_id="c01", amount=Decimal("189.90"),
                due_date=SAMPLE_AS_OF + timedelta(days=3))
    )  # fmt: skip
    return sorted(invoices, key=lambda i: (i.customer_id, i.due_date, i.id))


SAMPLE_SCHEDULE: dict[str, Any] = {
    "name": "padrao",
    "calendar": {"country": "BR"},
    "steps": [
        {"id": "lembrete", "offset": -3, "channels": ["email"], "template": "reminder_before_due"},
        {"id": "vencimento", "offset": 0, "channels": ["whatsapp", "sms", "email"]},
        {"id": "d1", "offset": "1bd", "channels": ["sms", "email"]},
        {"id": "d5", "offset": 5, "channels": ["whatsapp", "email", "letter"],
         "when": {"profile": ["occasional", "recurring"]}},
        {"id": "ligacao", "offset": 10, "action": "call_task", "channels": ["phone"]},
        {"id": "aviso_negativacao", "offset": 30, "action": "bureau_notice",
         "channels": ["letter", "email"], "when": {"min_amount": "50.00"}},
        {"id": "negativacao", "offset": 45, "action": "bureau_listing",
         "after": {"step": "aviso_negativacao", "min_days": 10}},
        {"id": "protesto", "offset": 60, "action": "protest",
         "when": {"customer_kind": ["business"]}},
    ],
}  # fmt: skip
"""The régua of the demo: reminder, due day, D+1 business day, D+5 for late payers, a call task,
credit-bureau notice and listing, and protest for businesses (the example of the docs)."""


def sample_schedule() -> Schedule:
    """:data:`SAMPLE_SCHEDULE` validated."""
    return Schedule.model_validate(SAMPLE_SCHEDULE)


def sample_creditor() -> Creditor:
    """The creditor the sample messages collect for (CDC art. 42-A: name, CNPJ and address)."""
    return Creditor(
        name="Regua Telecom Ltda",
        document="45.678.901/0000-94",
        address="Av. Paulista, 1000, São Paulo - SP",
        contact="0800 000 1234",
    )


def sample_late_terms() -> LateTerms:
    """The contract's late charges: 2% fine and 1% a month simple interest, pro rata die."""
    return LateTerms(fine_percent=Decimal("2"), interest_percent=Decimal("1"))


def sample_offer_policy() -> OfferPolicy:
    """What the sample creditor accepts: cash waives the charges and 10% of the principal;
    up to 12 installments at 1.99% a month with 20% down, 6 for recurring late payers."""
    return OfferPolicy(
        cash_principal_discount_percent=Decimal("10"),
        min_down_payment_percent=Decimal("20"),
        installment_counts=(3, 6, 12),
        profiles={"recurring": {"max_installments": 6, "cash_principal_discount_percent": 0}},
    )

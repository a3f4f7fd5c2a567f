"""regua's domain models: frozen pydantic v2 models that validate from plain dicts."""

from regua.models.agreement import Agreement, Installment
from regua.models.customer import UF_CODES, Customer
from regua.models.enums import (
    ActionKind,
    AgreementStatus,
    Channel,
    CustomerKind,
    Outcome,
    Profile,
)
from regua.models.history import Action, ContactRecord
from regua.models.invoice import Invoice, Payment
from regua.models.promise import Promise, PromiseStatus

__all__ = [
    "UF_CODES",
    "Action",
    "ActionKind",
    "Agreement",
    "AgreementStatus",
    "Channel",
    "ContactRecord",
    "Customer",
    "CustomerKind",
    "Installment",
    "Invoice",
    "Outcome",
    "Payment",
    "Profile",
    "Promise",
    "PromiseStatus",
]

"""regua — the embeddable dunning engine (régua de cobrança).

Pure functions over validated models: the host passes data and ``as_of``, gets plain values back.
"""

from regua.calendar import BusinessCalendar, CalendarSpec
from regua.errors import InvalidInputError, LegalLimitError, ReguaError, TemplateError
from regua.models import (
    UF_CODES,
    Action,
    ActionKind,
    Agreement,
    Channel,
    ContactRecord,
    Customer,
    CustomerKind,
    Installment,
    Invoice,
    Outcome,
    Payment,
    Profile,
)

__version__ = "0.1.0"

__all__ = [
    "UF_CODES",
    "Action",
    "ActionKind",
    "Agreement",
    "BusinessCalendar",
    "CalendarSpec",
    "Channel",
    "ContactRecord",
    "Customer",
    "CustomerKind",
    "Installment",
    "InvalidInputError",
    "Invoice",
    "LegalLimitError",
    "Outcome",
    "Payment",
    "Profile",
    "ReguaError",
    "TemplateError",
    "__version__",
]

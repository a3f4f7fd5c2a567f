"""regua — the embeddable dunning engine (régua de cobrança).

Pure functions over validated models: the host passes data and ``as_of``, gets plain values back.
"""

from regua.batch import BatchResult, FieldError, RowError, from_records, iter_validate, to_records
from regua.calendar import BusinessCalendar, CalendarSpec
from regua.errors import InvalidInputError, LegalLimitError, ReguaError, TemplateError
from regua.frames import (
    from_pandas,
    from_polars,
    records_to_pandas,
    records_to_polars,
    to_pandas,
    to_polars,
)
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
    "BatchResult",
    "BusinessCalendar",
    "CalendarSpec",
    "Channel",
    "ContactRecord",
    "Customer",
    "CustomerKind",
    "FieldError",
    "Installment",
    "InvalidInputError",
    "Invoice",
    "LegalLimitError",
    "Outcome",
    "Payment",
    "Profile",
    "ReguaError",
    "RowError",
    "TemplateError",
    "__version__",
    "from_pandas",
    "from_polars",
    "from_records",
    "iter_validate",
    "records_to_pandas",
    "records_to_polars",
    "to_pandas",
    "to_polars",
    "to_records",
]

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
from regua.scoring import (
    PriorityRow,
    ProfilePolicy,
    ProfileResult,
    RiskScore,
    aging,
    cash_by_day,
    classify,
    classify_portfolio,
    delinquency_rate,
    prioritize,
    recovery_rate,
    score,
    score_portfolio,
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
    "PriorityRow",
    "Profile",
    "ProfilePolicy",
    "ProfileResult",
    "ReguaError",
    "RiskScore",
    "RowError",
    "TemplateError",
    "__version__",
    "aging",
    "cash_by_day",
    "classify",
    "classify_portfolio",
    "delinquency_rate",
    "from_pandas",
    "from_polars",
    "from_records",
    "iter_validate",
    "prioritize",
    "records_to_pandas",
    "records_to_polars",
    "recovery_rate",
    "score",
    "score_portfolio",
    "to_pandas",
    "to_polars",
    "to_records",
]

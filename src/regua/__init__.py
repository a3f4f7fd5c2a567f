"""regua — the embeddable dunning engine (régua de cobrança).

Pure functions over validated models: the host passes data and ``as_of``, gets plain values back.

The root holds what a host uses every day: the models, ``plan`` / ``explain`` / ``simulate``,
``classify`` / ``risk_score``, ``update_debt``, ``render`` / ``lint``, the types they take and
return, and the errors. Everything else lives in its module (:mod:`regua.charges`,
:mod:`regua.offers`, :mod:`regua.installments`, :mod:`regua.scoring`, :mod:`regua.batch`,
:mod:`regua.frames`, :mod:`regua.partition`, :mod:`regua.calendar`, :mod:`regua.templates`,
:mod:`regua.schemas`, :mod:`regua.prescription`, :mod:`regua.jurisdiction`). The names that
used to be at the root still work for one minor version, with a ``DeprecationWarning`` naming
their new place.
"""

from regua import _moved
from regua._version import installed_version
from regua.charges import DebtBreakdown, LateTerms
from regua.charges import update as update_debt
from regua.errors import InvalidInputError, LegalLimitError, ReguaError, TemplateError
from regua.models import (
    Action,
    ActionKind,
    Agreement,
    AgreementStatus,
    Channel,
    ContactRecord,
    Customer,
    CustomerKind,
    Installment,
    Invoice,
    Outcome,
    Payment,
    Profile,
    Promise,
    PromiseStatus,
)
from regua.rules import (
    Explanation,
    Plan,
    Schedule,
    Simulation,
    SkipCode,
    Skipped,
    explain,
    plan,
    simulate,
)
from regua.scoring import (
    ProfilePolicy,
    ProfileResult,
    ProfileTable,
    RiskScore,
    classify,
    classify_portfolio,
)
from regua.scoring import score as risk_score
from regua.templates import (
    Creditor,
    Finding,
    Message,
    Template,
    lint,
    render,
    render_action,
)

__version__ = installed_version()

# The old root names, with a DeprecationWarning (PEP 562); see regua._moved.
__getattr__ = _moved.moved_attribute

__all__ = [
    "Action",
    "ActionKind",
    "Agreement",
    "AgreementStatus",
    "Channel",
    "ContactRecord",
    "Creditor",
    "Customer",
    "CustomerKind",
    "DebtBreakdown",
    "Explanation",
    "Finding",
    "Installment",
    "InvalidInputError",
    "Invoice",
    "LateTerms",
    "LegalLimitError",
    "Message",
    "Outcome",
    "Payment",
    "Plan",
    "Profile",
    "ProfilePolicy",
    "ProfileResult",
    "ProfileTable",
    "Promise",
    "PromiseStatus",
    "ReguaError",
    "RiskScore",
    "Schedule",
    "Simulation",
    "SkipCode",
    "Skipped",
    "Template",
    "TemplateError",
    "__version__",
    "classify",
    "classify_portfolio",
    "explain",
    "lint",
    "plan",
    "render",
    "render_action",
    "risk_score",
    "simulate",
    "update_debt",
]

"""Delinquency profiles, risk score, collection priority, portfolio metrics, and credit
decisions from payment behaviour (:func:`decide_credit`, see ``docs/preventing-delinquency.md``).

>>> from regua.samples import SAMPLE_AS_OF, sample_invoices
>>> table = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)
>>> [(row.profile.value, row.customers) for row in table.mix()]
[('good', 4), ('one_off', 4), ('occasional', 1), ('recurring', 3)]
"""

from regua.scoring.credit_decision import CreditDecision, CreditFacts, decide_credit
from regua.scoring.credit_defaults import default_credit_policy
from regua.scoring.credit_policy import CreditCondition, CreditPolicy, CreditRule, CreditTerms
from regua.scoring.credit_portfolio import decide_credit_portfolio
from regua.scoring.metrics import (
    DEFAULT_AGING_BUCKETS,
    AgingBucket,
    AgingRow,
    AgingTable,
    CashDay,
    DelinquencyRate,
    RecoveryRate,
    aging,
    cash_by_day,
    delinquency_rate,
    recovery_rate,
)
from regua.scoring.policy import ProfilePolicy
from regua.scoring.priority import PriorityRow, Ranking, prioritize
from regua.scoring.profile import (
    LateEvent,
    ProfileMixRow,
    ProfileResult,
    ProfileTable,
    classify,
    classify_portfolio,
)
from regua.scoring.risk import RiskScore, score, score_portfolio, score_result
from regua.scoring.rows import Rows

__all__ = [
    "DEFAULT_AGING_BUCKETS",
    "AgingBucket",
    "AgingRow",
    "AgingTable",
    "CashDay",
    "CreditCondition",
    "CreditDecision",
    "CreditFacts",
    "CreditPolicy",
    "CreditRule",
    "CreditTerms",
    "DelinquencyRate",
    "LateEvent",
    "PriorityRow",
    "ProfileMixRow",
    "ProfilePolicy",
    "ProfileResult",
    "ProfileTable",
    "Ranking",
    "RecoveryRate",
    "RiskScore",
    "Rows",
    "aging",
    "cash_by_day",
    "classify",
    "classify_portfolio",
    "decide_credit",
    "decide_credit_portfolio",
    "default_credit_policy",
    "delinquency_rate",
    "prioritize",
    "recovery_rate",
    "score",
    "score_portfolio",
    "score_result",
]

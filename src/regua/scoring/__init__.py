"""Delinquency profiles, risk score, collection priority, portfolio metrics, credit decisions
from payment behaviour (:func:`decide_credit`, see ``docs/preventing-delinquency.md``), and the
analyst's views (roll rates, cure rates, recovery curves, indicators) as polars tables.

>>> from regua.samples import SAMPLE_AS_OF, sample_invoices
>>> table = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)
>>> [(row.profile.value, row.customers) for row in table.mix()]
[('good', 4), ('one_off', 4), ('occasional', 1), ('recurring', 3)]
"""

from regua.scoring.arms import (
    MIN_DEBTORS,
    ArmComparison,
    compare_arms,
    newcombe_interval,
    wilson_interval,
)
from regua.scoring.credit_decision import CreditDecision, CreditFacts, decide_credit
from regua.scoring.credit_defaults import default_credit_policy
from regua.scoring.credit_policy import CreditCondition, CreditPolicy, CreditRule, CreditTerms
from regua.scoring.credit_portfolio import decide_credit_portfolio
from regua.scoring.cure import cure_rates
from regua.scoring.indicators import collection_indicators
from regua.scoring.load import contact_load
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
from regua.scoring.recovery import DEFAULT_RECOVERY_DAYS, recovery_curves
from regua.scoring.risk import RiskScore, score, score_portfolio, score_result
from regua.scoring.roll_rates import roll_rate_series, roll_rates
from regua.scoring.rows import Rows

__all__ = [
    "DEFAULT_AGING_BUCKETS",
    "DEFAULT_RECOVERY_DAYS",
    "MIN_DEBTORS",
    "AgingBucket",
    "AgingRow",
    "AgingTable",
    "ArmComparison",
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
    "collection_indicators",
    "compare_arms",
    "contact_load",
    "cure_rates",
    "decide_credit",
    "decide_credit_portfolio",
    "default_credit_policy",
    "delinquency_rate",
    "newcombe_interval",
    "prioritize",
    "recovery_curves",
    "recovery_rate",
    "roll_rate_series",
    "roll_rates",
    "score",
    "score_portfolio",
    "score_result",
    "wilson_interval",
]

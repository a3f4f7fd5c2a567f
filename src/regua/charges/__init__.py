"""Updated debt as of a date: late fine, interest, monetary correction, discounts and Pix cobv.

Every amount is a Decimal rounded to the currency's minor unit; each function documents where it
rounds. Nothing here reads a clock: the host passes ``as_of`` / ``paid_on``.
"""

from regua.charges.cobv import (
    CobVAbatimento,
    CobVDesconto,
    CobVDescontoDataFixa,
    CobVJuros,
    CobVMulta,
    CobVResult,
    cobv_amount,
    cobv_last_payable_day,
)
from regua.charges.correction import IndexSeries
from regua.charges.discounts import (
    DiscountScope,
    apply_discount,
    discount_amount,
    early_payment_discount,
)
from regua.charges.late import (
    CONSUMER_FINE_CAP_PERCENT,
    INDIVIDUAL_INTEREST_WARNING_PERCENT,
    ChargeWarning,
    ChargeWarningCode,
    DayCount,
    DebtBreakdown,
    InterestMethod,
    InterestPeriod,
    LateTerms,
    YearBasis,
    is_individual,
    update,
)

__all__ = [
    "CONSUMER_FINE_CAP_PERCENT",
    "INDIVIDUAL_INTEREST_WARNING_PERCENT",
    "ChargeWarning",
    "ChargeWarningCode",
    "CobVAbatimento",
    "CobVDesconto",
    "CobVDescontoDataFixa",
    "CobVJuros",
    "CobVMulta",
    "CobVResult",
    "DayCount",
    "DebtBreakdown",
    "DiscountScope",
    "IndexSeries",
    "InterestMethod",
    "InterestPeriod",
    "LateTerms",
    "YearBasis",
    "apply_discount",
    "cobv_amount",
    "cobv_last_payable_day",
    "discount_amount",
    "early_payment_discount",
    "is_individual",
    "update",
]

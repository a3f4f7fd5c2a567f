"""The default credit policy, for monthly B2B billing (boletos due once a month).

The standard is what most Brazilian B2B suppliers give a customer they trust: a 30-day term
(*prazo*) and a credit limit (*limite de crédito*) of two months of the customer's billing —
one month in the pipeline while the previous one is being paid. Each rule below takes away one
thing as behaviour gets worse, never gives any back, so a worse payer never gets a higher limit
or a longer term (a property test holds the policy to it):

============  ===========================================  ========  ======  =================
rule          who                                          limit     prazo   also
============  ===========================================  ========  ======  =================
overdue       an invoice more than 30 days past due now    0         0       no new credit
agreement_    an active, kept agreement, 0–2 installments  0.5 ×     7 d     garantia
started       paid
agreement_    an active, kept agreement, 3+ paid           1 ×       14 d
kept
recurring     recurring late payer                         1 ×       14 d    garantia
occasional    occasional late payer                        1 ×       21 d
one_off       one late episode                             2 ×       21 d
good          everyone else (default)                      2 ×       30 d
============  ===========================================  ========  ======  =================

(× = times the average monthly billing of the last 6 months.)

- **overdue**: more than 30 days late means a whole billing cycle was missed; selling more on
  credit only grows a debt already in trouble. No new credit until the customer pays or signs an
  agreement (then the invoices it covers no longer count as overdue).
- **agreement_started / agreement_kept**: a signed agreement that is being kept restores credit
  gradually — half a month against a guarantee at first, a month with two-week terms once three
  installments are paid. A broken agreement restores nothing: its invoices are overdue again.
- **recurring**: the customer who is late again and again prepays (*pagamento antecipado*) or
  gives a guarantee (*garantia*); with one, a month of billing on 14 days.
- **occasional**: late more than once, but not a habit: a lower limit (one month), shorter terms.
- **one_off**: a single slip keeps the limit, with shorter terms (21 days) until it ages out of
  the profile window (365 days).
- **good**: the standard.

>>> policy = default_credit_policy()
>>> [rule.id for rule in policy.rules]
['overdue', 'agreement_started', 'agreement_kept', 'recurring', 'occasional', 'one_off', 'good']
>>> policy.favourable.id, policy.currency
('good', 'BRL')
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from regua.scoring.credit_policy import CreditPolicy

__all__ = ["default_credit_policy"]

# Private, and read only through the validated (frozen) policy, so no caller can edit the
# defaults of another; ``default_credit_policy().model_dump(mode="json")`` is the editable form.
_RULES: tuple[dict[str, Any], ...] = (
    {
        "id": "overdue",
        "description": "more than 30 days late now: no new credit until paid or renegotiated",
        "when": {"min_days_overdue": 31},
        "decide": {"no_new_credit": True, "payment_methods": ["prepayment"]},
    },
    {
        "id": "agreement_started",
        "description": "agreement being kept, first installments: credit restored in part",
        "when": {"agreement": True, "max_installments_paid": 2},
        "decide": {"limit_multiple": "0.5", "terms_days": 7, "guarantee_required": True},
    },
    {
        "id": "agreement_kept",
        "description": "agreement kept for three installments or more",
        "when": {"agreement": True},
        "decide": {"limit_multiple": "1", "terms_days": 14},
    },
    {
        "id": "recurring",
        "description": "recurring late payer: prepayment, or credit against a guarantee",
        "when": {"profile": ["recurring"]},
        "decide": {"limit_multiple": "1", "terms_days": 14, "guarantee_required": True},
    },
    {
        "id": "occasional",
        "description": "occasional late payer: lower limit, shorter terms",
        "when": {"profile": ["occasional"]},
        "decide": {"limit_multiple": "1", "terms_days": 21},
    },
    {
        "id": "one_off",
        "description": "one late episode: same limit, shorter terms",
        "when": {"profile": ["one_off"]},
        "decide": {"limit_multiple": "2", "terms_days": 21},
    },
    {
        "id": "good",
        "description": "pays on time: the standard limit and terms",
        "decide": {"limit_multiple": "2", "terms_days": 30},
    },
)


@lru_cache(maxsize=32)
def default_credit_policy(currency: str = "BRL") -> CreditPolicy:
    """The default policy (see the module docs), for invoices in ``currency``.

    Start your own from ``default_credit_policy().model_dump(mode="json")``.
    """
    return CreditPolicy.model_validate(
        {
            "name": "default B2B monthly billing",
            "currency": currency,
            "billing_window_months": 6,
            "rules": _RULES,
        }
    )

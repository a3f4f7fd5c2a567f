"""Credit decisions at the moment of sale, from a customer's own payment behaviour.

:func:`decide_credit` reads what regua knows of one customer at ``as_of`` (profile, risk score,
what is overdue now, what they owe, how much they are billed, their agreements), takes the first
rule of a :class:`~regua.scoring.CreditPolicy` whose condition holds, and returns a
:class:`CreditDecision` that names the rule and the facts it used.

>>> from datetime import date
>>> from regua.scoring import CreditPolicy
>>> policy = CreditPolicy.model_validate({"rules": [
...     {"id": "late", "when": {"min_days_overdue": 31}, "decide": {"no_new_credit": True}},
...     {"id": "standard", "decide": {"limit_multiple": "2", "terms_days": 30}}]})
>>> customer = {"id": "c1", "name": "Padaria Sol", "kind": "business"}
>>> invoices = [{"id": f"i{m}", "customer_id": "c1", "amount": "1000.00",
...              "due_date": date(2026, m, 10),
...              "payments": [{"date": date(2026, m, 10), "amount": "1000.00"}]}
...             for m in range(1, 6)]
>>> decision = decide_credit(policy, customer, invoices, as_of=date(2026, 6, 30),
...                          order_amount="1500.00")
>>> decision.rule, decision.limit, decision.available, decision.fits, decision.terms_days
('standard', Decimal('1666.66'), Decimal('1666.66'), True, 30)
>>> for reason in decision.reasons:
...     print(reason)
rule 'standard' (rules[1], the default)
because no earlier rule matched
facts: profile good, score 0.0, 0 days overdue, exposure 0.00, 5 months of history
limit 2 × average monthly billing 833.33 (5000.00 due in the last 6 months) = 1666.66
available 1666.66 = limit 1666.66 - exposure 0.00; order 1500.00 fits
terms up to 30 days

The same customer, had May's invoice been paid 38 days late and one due on 20 May still be open:

>>> invoices[4] = {**invoices[4], "payments": [{"date": date(2026, 6, 17), "amount": "1000.00"}]}
>>> invoices.append({"id": "i6", "customer_id": "c1", "amount": "1000.00",
...                  "due_date": date(2026, 5, 20)})
>>> decision = decide_credit(policy, customer, invoices, as_of=date(2026, 6, 30))
>>> decision.rule, decision.limit, decision.available, decision.fits, decision.restricted
('late', Decimal('0.00'), Decimal('-1000.00'), None, True)
>>> print(decision.reasons[1])
because 41 days overdue now (from 31)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta

from regua._inputs import InvoiceIds, UniqueIds, as_model, as_models
from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.limits import quote
from regua.models import (
    Agreement,
    AgreementStatus,
    Customer,
    CustomerKind,
    Invoice,
    Payment,
    Profile,
)
from regua.money import check_places, in_money_context, minor_unit, to_decimal
from regua.scoring.credit_policy import CreditCondition, CreditPolicy, CreditTerms
from regua.scoring.policy import ProfilePolicy
from regua.scoring.profile import _BY_DUE_AND_ID, _fact, _verdict, classify
from regua.scoring.risk import score_result

__all__ = ["CreditDecision", "CreditFacts", "decide_credit"]

_Owned = TypeVar("_Owned", Invoice, Agreement)
_COVERING = frozenset({AgreementStatus.ACTIVE, AgreementStatus.FULFILLED})


@dataclass(frozen=True, slots=True)
class CreditFacts:
    """What the rules read about one customer at ``as_of``.

    ``days_overdue`` / ``overdue_amount``: the oldest invoice open and past due, and the open
    balance of all those, leaving out invoices covered by an active or fulfilled agreement (and
    disputed ones when the profile policy excludes them). ``exposure``: every open balance, due
    or not, plus what is left of an active agreement whose installment invoices were not passed.
    ``average_monthly_billing``: the amount of the invoices due in the policy's billing window
    (agreement installments left out: they are old debt, not new billing), per month, rounded
    half-up to the currency (limits use the exact value). ``agreement``: an active, kept
    agreement; ``installments_paid``: installments paid under the active ones.

    ``profile`` is :func:`~regua.scoring.classify`'s verdict with one difference: its episodes
    are ``late_stretches``, runs of consecutive late invoices (in due-date order) that an
    invoice paid on time separates, even when the earlier late invoice was still unpaid when the
    later one fell due (``classify`` makes those one episode). Paying a late invoice later still
    must never look better to a credit policy, and with ``classify``'s episodes it could: two
    slips become one "one-off" episode once the first stays unpaid long enough. So a customer may
    be ``one_off`` to ``classify`` and ``occasional`` here, never the other way round.
    """

    profile: Profile
    score: Decimal
    days_overdue: int
    overdue_amount: Decimal
    exposure: Decimal
    months_history: int
    average_monthly_billing: Decimal
    billed_in_window: Decimal
    customer_kind: CustomerKind
    tags: frozenset[str]
    agreement: bool
    installments_paid: int
    late_invoices: int
    late_stretches: int
    invoices_considered: int


@dataclass(frozen=True, slots=True)
class CreditDecision:
    """What a policy decides for one customer at ``as_of``, and why.

    ``limit``: the credit limit (*limite de crédito*), 0 under ``no_new_credit``.
    ``available = limit - exposure`` (negative when the customer already owes more than the
    limit). ``fits``: whether an order of ``order_amount`` fits in ``available`` (never under
    ``no_new_credit``); None without an order. ``terms_days``: the longest payment term (*prazo*).
    ``payment_methods``: the only ones accepted (None = any). ``guarantee_required``: credit
    only against a guarantee, otherwise *pagamento antecipado*. ``restricted``: a rule other than
    the policy's favourable one decided. ``rule``: its id; ``reasons``: the rule, the facts it
    used and the decision, in words.
    """

    customer_id: str
    as_of: date
    rule: str
    restricted: bool
    limit: Decimal
    exposure: Decimal
    available: Decimal
    order_amount: Decimal | None
    fits: bool | None
    terms_days: int
    payment_methods: tuple[str, ...] | None
    guarantee_required: bool
    no_new_credit: bool
    facts: CreditFacts
    reasons: tuple[str, ...]


def _owned(item: _Owned, position: int, customer_id: str, currency: str, param: str) -> _Owned:
    """``item`` once it is known to be the customer's, in the policy's currency."""
    if item.customer_id != customer_id:
        raise InvalidInputError(
            f"{param}[{position}].customer_id",
            f"{quote(item.customer_id)} is not the customer decided on ({quote(customer_id)})",
        )
    if item.currency != currency:
        raise InvalidInputError(
            f"{param}[{position}].currency",
            f"{item.currency} differs from the policy's currency {currency}",
        )
    return item


def _invoices(values: Iterable[Any], customer_id: str, currency: str) -> list[Invoice]:
    seen = InvoiceIds()
    result = []
    for i, invoice in enumerate(as_models(values, Invoice, "invoices")):
        seen.add(invoice.customer_id, invoice.id, i)
        result.append(_owned(invoice, i, customer_id, currency, "invoices"))
    return result


def _agreements(values: Iterable[Any], customer_id: str, currency: str) -> list[Agreement]:
    seen = UniqueIds("agreements", "agreement")
    result = []
    for i, agreement in enumerate(as_models(values, Agreement, "agreements")):
        seen.add(agreement.id, i)
        result.append(_owned(agreement, i, customer_id, currency, "agreements"))
    return result


def _covered(agreements: list[Agreement], as_of: date) -> dict[str, Agreement]:
    """Invoice id -> the active or fulfilled agreement that replaced it at ``as_of``."""
    covered = {}
    for agreement in agreements:
        if agreement.signed_on <= as_of and agreement.status(as_of) in _COVERING:
            for invoice_id in agreement.invoice_ids:
                covered[invoice_id] = agreement
    return covered


def _settled_at_signing(invoice: Invoice, agreement: Agreement) -> Invoice:
    """The invoice as its punctuality reads: what was open at signing was settled by the
    agreement then (it was late until that day, and is the agreement's from then on)."""
    balance = invoice.balance(agreement.signed_on)
    if balance <= 0:
        return invoice
    payment = Payment.model_validate(
        {"date": agreement.signed_on, "amount": balance, "method": "agreement"},
        context={"currency": invoice.currency},  # its places are the invoice's currency's
    )
    kept = tuple(p for p in invoice.payments if p.date <= agreement.signed_on)
    return invoice.model_copy(update={"payments": (*kept, payment)})


def _by_stretches(
    invoices: list[Invoice], as_of: date, policy: ProfilePolicy
) -> tuple[Profile, int]:
    """The profile with runs of consecutive late invoices as its episodes, and their number."""
    considered = late = stretches = run = longest = 0
    previous_late = False
    facts = (_fact(invoice, as_of, policy) for invoice in invoices)
    for fact in sorted((f for f in facts if f is not None), key=_BY_DUE_AND_ID):
        known, is_late = fact[4], fact[5]
        if not known:
            continue  # unknown punctuality neither extends nor breaks a run, as in classify
        considered += 1
        if is_late:
            late += 1
            stretches += not previous_late
            run += 1
            longest = max(longest, run)
        else:
            run = 0
        previous_late = is_late
    return _verdict(policy, considered, late, stretches, longest, 0)[0], stretches


def _months_between(first: date, last: date) -> int:
    delta = relativedelta(last, first)
    return max(0, delta.years * 12 + delta.months)


@in_money_context
def _facts(
    policy: CreditPolicy,
    customer: Customer,
    invoices: list[Invoice],
    agreements: list[Agreement],
    as_of: date,
    profile: Profile | None,
) -> CreditFacts:
    rules = policy.profile_policy
    covered = _covered(agreements, as_of)
    behaviour = [
        _settled_at_signing(inv, covered[inv.id]) if inv.id in covered else inv for inv in invoices
    ]
    result = classify(behaviour, as_of=as_of, policy=rules)
    risk = score_result(result, policy=rules)
    stretch_profile, stretches = _by_stretches(behaviour, as_of, rules)
    window_start = as_of - relativedelta(months=policy.billing_window_months)
    overdue = exposure = billed = Decimal(0)
    starts = []
    passed_agreements = set()
    for invoice in invoices:
        start = invoice.issue_date or invoice.due_date
        if start <= as_of:
            starts.append(start)
        if invoice.agreement_id is not None:
            passed_agreements.add(invoice.agreement_id)
        elif window_start < invoice.due_date <= as_of:
            billed += invoice.amount
        if invoice.id in covered:
            continue
        balance = invoice.balance(as_of)
        if balance <= 0:
            continue
        exposure += balance
        excluded = invoice.disputed and rules.exclude_disputed
        if invoice.due_date < as_of and not excluded:
            overdue += balance
    active = [
        a.with_payments(invoices)
        for a in agreements
        if a.signed_on <= as_of and a.status(as_of) is AgreementStatus.ACTIVE
    ]
    for agreement in active:
        if agreement.id not in passed_agreements:
            exposure += max(Decimal(0), agreement.total - agreement.paid(as_of))
    unit = minor_unit(policy.currency)
    return CreditFacts(
        profile=profile if profile is not None else stretch_profile,
        score=risk.score,
        days_overdue=result.current_days_overdue,
        overdue_amount=overdue.quantize(unit),
        exposure=exposure.quantize(unit),
        months_history=_months_between(min(starts), as_of) if starts else 0,
        average_monthly_billing=(billed / policy.billing_window_months).quantize(
            unit, ROUND_HALF_UP
        ),
        billed_in_window=billed.quantize(unit),
        customer_kind=customer.kind,
        tags=customer.tags,
        agreement=bool(active),
        installments_paid=sum(1 for a in active for inst in a.installments if inst.is_paid(as_of)),
        late_invoices=result.late_invoices,
        late_stretches=stretches,
        invoices_considered=result.invoices_considered,
    )


def _within(value: Any, low: Any, high: Any, text: str) -> str | None:
    """``text`` with the bounds it met, or None when ``value`` is outside them."""
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    if low is not None and high is not None:
        return f"{text} (from {low} to {high})"
    return f"{text} (from {low})" if low is not None else f"{text} (up to {high})"


def _profile_text(facts: CreditFacts, window_days: int) -> str:
    text = f"profile {facts.profile.value}"
    if facts.late_invoices:
        runs = facts.late_stretches
        text += (
            f" ({facts.late_invoices} late of {facts.invoices_considered} invoices due in the "
            f"last {window_days} days, {runs} late stretch{'' if runs == 1 else 'es'})"
        )
    return text


def _used(when: CreditCondition, facts: CreditFacts, window_days: int) -> list[str] | None:
    """The facts the condition read, in words; None when it does not hold."""
    used: list[str | None] = []
    if when.profile is not None:
        hit = facts.profile in when.profile
        used.append(_profile_text(facts, window_days) if hit else None)
    ranges: tuple[tuple[str, Any, str], ...] = (
        ("score", facts.score, f"score {facts.score}"),
        ("days_overdue", facts.days_overdue, f"{facts.days_overdue} days overdue now"),
        ("overdue_amount", facts.overdue_amount, f"{facts.overdue_amount} overdue"),
        ("exposure", facts.exposure, f"exposure {facts.exposure}"),
        ("months_history", facts.months_history, f"{facts.months_history} months of history"),
        (
            "installments_paid",
            facts.installments_paid,
            f"{facts.installments_paid} agreement installments paid",
        ),
    )
    for name, value, text in ranges:
        low, high = getattr(when, f"min_{name}"), getattr(when, f"max_{name}")
        if low is not None or high is not None:
            used.append(_within(value, low, high, text))
    if when.tags_any is not None:
        tagged = sorted(facts.tags & when.tags_any)
        used.append(f"tagged {', '.join(tagged)}" if tagged else None)
    if when.tags_none:
        clash = facts.tags & when.tags_none
        used.append(None if clash else f"none of the tags {', '.join(sorted(when.tags_none))}")
    if when.customer_kind is not None:
        kind = facts.customer_kind
        used.append(f"a {kind.value} customer" if kind in when.customer_kind else None)
    if when.agreement is not None:
        text = "an active, kept agreement" if facts.agreement else "no active agreement"
        used.append(text if facts.agreement == when.agreement else None)
    if any(text is None for text in used):
        return None
    return [text for text in used if text is not None]


def _limit(terms: CreditTerms, facts: CreditFacts, policy: CreditPolicy) -> tuple[Decimal, str]:
    """The limit a decision grants, rounded down to the currency, and how it was reached."""
    unit = minor_unit(policy.currency)
    if terms.no_new_credit:
        return unit * 0, "no new credit: limit 0"
    if terms.limit is not None:
        return terms.limit, f"limit {terms.limit}"
    multiple = terms.limit_multiple
    assert multiple is not None  # CreditTerms holds exactly one of limit and limit_multiple
    exact = multiple * facts.billed_in_window / policy.billing_window_months
    limit = exact.quantize(unit, ROUND_DOWN)
    text = (
        f"limit {multiple.normalize():f} × average monthly billing "
        f"{facts.average_monthly_billing} ({facts.billed_in_window} due in the last "
        f"{policy.billing_window_months} months) = {limit}"
    )
    if terms.max_limit is not None and limit > terms.max_limit:
        limit = terms.max_limit
        text += f", capped at {limit}"
    return limit, text


def _order(value: object, currency: str) -> Decimal | None:
    if value is None:
        return None
    amount = to_decimal(value, "order_amount")
    if amount <= 0:
        raise InvalidInputError("order_amount", f"must be greater than zero, got {amount}")
    return check_places(amount, currency, "order_amount")


@in_money_context
def _decide(
    policy: CreditPolicy,
    customer: Customer,
    facts: CreditFacts,
    as_of: date,
    order: Decimal | None,
) -> CreditDecision:
    window_days = policy.profile_policy.window_days
    # The last rule has no condition (checked at validation), so some rule always fires.
    index, used = next(
        (i, used)
        for i, rule in enumerate(policy.rules)
        if (used := _used(rule.when, facts, window_days)) is not None
    )
    return _decision(policy, customer, facts, as_of, order, index, used)


def _decision(
    policy: CreditPolicy,
    customer: Customer,
    facts: CreditFacts,
    as_of: date,
    order: Decimal | None,
    index: int,
    used: list[str],
) -> CreditDecision:
    rule = policy.rules[index]
    last = len(policy.rules) - 1
    terms = rule.decide
    limit, limit_text = _limit(terms, facts, policy)
    available = limit - facts.exposure
    fits = None if order is None else (not terms.no_new_credit and order <= available)
    where = f"rules[{index}], the default" if index == last else f"rules[{index}]"
    head = f"rule {rule.id!r} ({where})"
    reasons = [head + (f": {rule.description}" if rule.description else "")]
    reasons.append("because " + ("; ".join(used) if used else "no earlier rule matched"))
    reasons.append(
        f"facts: profile {facts.profile.value}, score {facts.score}, {facts.days_overdue} days "
        f"overdue, exposure {facts.exposure}, {facts.months_history} months of history"
        + (f", {facts.installments_paid} agreement installments paid" if facts.agreement else "")
    )
    reasons.append(limit_text)
    shown = f"available {available} = limit {limit} - exposure {facts.exposure}"
    if order is not None:
        shown += f"; order {order} {'fits' if fits else 'does not fit'}"
    reasons.append(shown)
    if terms.no_new_credit:
        reasons.append("no sale on credit (pagamento antecipado only) while this rule applies")
    else:
        reasons.append(f"terms up to {terms.terms_days} days")
    if terms.guarantee_required:
        reasons.append("credit only against a guarantee (garantia); otherwise pagamento antecipado")
    if terms.payment_methods is not None:
        reasons.append(f"payment methods: {', '.join(terms.payment_methods)}")
    return CreditDecision(
        customer_id=customer.id,
        as_of=as_of,
        rule=rule.id,
        restricted=rule.id != policy.favourable.id,
        limit=limit,
        exposure=facts.exposure,
        available=available,
        order_amount=order,
        fits=fits,
        terms_days=0 if terms.terms_days is None else terms.terms_days,
        payment_methods=terms.payment_methods,
        guarantee_required=terms.guarantee_required,
        no_new_credit=terms.no_new_credit,
        facts=facts,
        reasons=tuple(reasons),
    )


def decide_credit(
    policy: CreditPolicy | Mapping[str, Any],
    customer: Customer | Mapping[str, Any],
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: date,
    order_amount: Decimal | str | int | None = None,
    agreements: Iterable[Agreement | Mapping[str, Any]] = (),
    profile: Profile | str | None = None,
) -> CreditDecision:
    """The credit decision for one customer at ``as_of`` (see the module docs).

    ``invoices`` are the customer's, paid and open, in any order (payments after ``as_of`` are
    ignored); ``agreements`` their renegotiation agreements. ``profile`` overrides the profile
    classified from the invoices (the host's own, as ``plan(..., profiles=...)`` takes).
    Everything may be a model or its plain-dict form. An invoice or agreement of another
    customer, or in another currency than the policy's, is an
    :class:`~regua.errors.InvalidInputError` naming it.
    """
    rules = as_model(policy, CreditPolicy, "policy")
    who = as_model(customer, Customer, "customer")
    day = as_date(as_of)
    bills = _invoices(invoices, who.id, rules.currency)
    deals = _agreements(agreements, who.id, rules.currency)
    chosen = None if profile is None else _profile(profile)
    facts = _facts(rules, who, bills, deals, day, chosen)
    return _decide(rules, who, facts, day, _order(order_amount, rules.currency))


def _profile(value: object) -> Profile:
    try:
        return Profile(value)  # type: ignore[arg-type]  # anything else is refused here
    except ValueError:
        allowed = ", ".join(p.value for p in Profile)
        raise InvalidInputError("profile", f"{value!r} is not a profile ({allowed})") from None

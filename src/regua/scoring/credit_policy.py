"""A declarative credit policy: ordered rules from payment behaviour to a credit decision.

A :class:`CreditPolicy` validates from a plain dict (JSON, TOML or YAML parsed by the host) and
exports its format with ``CreditPolicy.model_json_schema()``, like a
:class:`~regua.rules.Schedule`. Rules are tried in order; the first whose condition holds decides.
The last rule must have no condition (the default), and a rule that can never fire is refused
when the policy is validated: one whose ranges contradict each other, or one that an earlier rule
already takes in full (every customer it matches, the earlier one matches too — an unconditional
rule before the last one is the usual case).

>>> policy = CreditPolicy.model_validate({"rules": [
...     {"id": "late", "when": {"min_days_overdue": 31}, "decide": {"no_new_credit": True}},
...     {"id": "standard", "decide": {"limit_multiple": "2", "terms_days": 30}}]})
>>> [rule.id for rule in policy.rules], policy.favourable.id
(['late', 'standard'], 'standard')
>>> CreditPolicy.model_validate({"rules": [
...     {"id": "all", "decide": {"limit": "1000.00", "terms_days": 30}},
...     {"id": "late", "when": {"min_days_overdue": 31}, "decide": {"no_new_credit": True}},
...     {"id": "rest", "decide": {"limit": "500.00", "terms_days": 15}}]})
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for CreditPolicy
  Value error, rules[1] ('late'): can never fire: rules[0] ('all') matches every customer ...
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    StrictBool,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from regua._config_model import ConfigModel
from regua._validation import Identifier, Tags, in_parent_currency
from regua.limits import (
    MAX_BILLING_WINDOW_MONTHS,
    MAX_CREDIT_RULES,
    MAX_DAYS,
    MAX_INSTALLMENTS,
    MAX_PAYMENT_METHODS,
    MAX_RATE,
    MAX_TEXT_CHARS,
)
from regua.models import CustomerKind, Profile
from regua.money import DEFAULT_CURRENCY, Amount, CurrencyCode, Rate
from regua.scoring.policy import ProfilePolicy

__all__ = ["CreditCondition", "CreditPolicy", "CreditRule", "CreditTerms"]

# Thresholds a condition compares facts with (bounds in regua.limits and docs/limits.md):
# days overdue since regua's first date fit in 40,000; months of history in 3,600 (300 years);
# installments paid in the most an agreement has.
_Days = Annotated[int, Field(ge=0, le=40_000)]
_Months = Annotated[int, Field(ge=0, le=3_600)]
_Count = Annotated[int, Field(ge=0, le=MAX_INSTALLMENTS)]
_Score = Annotated[Decimal, Field(ge=0, le=100)]
_Method = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]

#: (lower bound field, upper bound field) pairs of a condition.
_RANGES = (
    ("min_score", "max_score"),
    ("min_days_overdue", "max_days_overdue"),
    ("min_overdue_amount", "max_overdue_amount"),
    ("min_exposure", "max_exposure"),
    ("min_months_history", "max_months_history"),
    ("min_installments_paid", "max_installments_paid"),
)
_SETS = ("profile", "customer_kind")


class CreditCondition(ConfigModel):
    """What must hold of a customer for a rule to fire; every condition given must hold.

    Ranges are inclusive at both ends (``min_days_overdue: 31`` is "more than 30 days").

    - ``profile``: any of these delinquency profiles (:func:`~regua.scoring.classify`).
    - ``min_score`` / ``max_score``: the risk score 0–100 (:func:`~regua.scoring.score`).
    - ``min_days_overdue`` / ``max_days_overdue``: age of the oldest invoice open and past due
      now (invoices covered by an active or fulfilled agreement do not count).
    - ``min_overdue_amount`` / ``max_overdue_amount``: open balance of those invoices.
    - ``min_exposure`` / ``max_exposure``: everything the customer owes now, due or not (their
      open balance; an active agreement counts by what is left of it).
    - ``tags_any`` / ``tags_none``: the customer has at least one of / none of these tags.
    - ``customer_kind``: any of these kinds.
    - ``min_months_history`` / ``max_months_history``: whole months since the customer's
      first invoice was issued (its due date when it has no issue date).
    - ``agreement``: True when the customer has an active, kept renegotiation agreement (signed,
      not broken, not cancelled, not yet fulfilled); False when they have none.
      ``min_installments_paid`` / ``max_installments_paid`` count the installments paid under
      their active agreements, to restore credit step by step; they need ``agreement: true``.
    """

    profile: tuple[Profile, ...] | None = Field(default=None, max_length=len(Profile))
    min_score: _Score | None = None
    max_score: _Score | None = None
    min_days_overdue: _Days | None = None
    max_days_overdue: _Days | None = None
    min_overdue_amount: Amount | None = None
    max_overdue_amount: Amount | None = None
    min_exposure: Amount | None = None
    max_exposure: Amount | None = None
    tags_any: Tags | None = None
    tags_none: Tags = frozenset()
    customer_kind: tuple[CustomerKind, ...] | None = Field(
        default=None, max_length=len(CustomerKind)
    )
    min_months_history: _Months | None = None
    max_months_history: _Months | None = None
    agreement: StrictBool | None = None
    min_installments_paid: _Count | None = None
    max_installments_paid: _Count | None = None

    @model_validator(mode="after")
    def _satisfiable(self) -> CreditCondition:
        for name in (*_SETS, "tags_any"):
            if getattr(self, name) is not None and not getattr(self, name):
                raise ValueError(f"{name}: an empty list never matches; omit it instead")
        for name in _SETS:
            values = getattr(self, name)
            if values is not None and len(set(values)) != len(values):
                raise ValueError(f"{name}: lists a value more than once")
        for low, high in _RANGES:
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{low}: {lo} is above {high} {hi}; the rule could never fire")
        if self.tags_any is not None and self.tags_any <= self.tags_none:
            raise ValueError("tags_any: every tag is also in tags_none; the rule could never fire")
        paid = self.min_installments_paid is not None or self.max_installments_paid is not None
        if paid and self.agreement is not True:
            raise ValueError(
                "min_installments_paid: installments are counted under an active agreement; "
                "add agreement: true"
            )
        return self

    @property
    def is_empty(self) -> bool:
        """True when the condition holds for every customer."""
        return self == _ALWAYS

    def covers(self, other: CreditCondition) -> bool:
        """True when every customer ``other`` matches is matched by this condition too."""
        return all(check(self, other) for check in _COVERS)


_ALWAYS = CreditCondition()


def _set_covers(
    name: str, every: frozenset[Any]
) -> Callable[[CreditCondition, CreditCondition], bool]:
    def check(mine: CreditCondition, theirs: CreditCondition) -> bool:
        wide, narrow = getattr(mine, name), getattr(theirs, name)
        # Listing every value is no condition at all.
        return (
            wide is None or set(wide) == every or (narrow is not None and set(narrow) <= set(wide))
        )

    return check


def _range_covers(low: str, high: str) -> Callable[[CreditCondition, CreditCondition], bool]:
    def check(mine: CreditCondition, theirs: CreditCondition) -> bool:
        lo, their_lo = getattr(mine, low), getattr(theirs, low)
        hi, their_hi = getattr(mine, high), getattr(theirs, high)
        low_ok = lo is None or (their_lo is not None and their_lo >= lo)
        return low_ok and (hi is None or (their_hi is not None and their_hi <= hi))

    return check


def _tags_cover(mine: CreditCondition, theirs: CreditCondition) -> bool:
    any_ok = mine.tags_any is None or (
        theirs.tags_any is not None and theirs.tags_any - theirs.tags_none <= mine.tags_any
    )
    return any_ok and mine.tags_none <= theirs.tags_none


def _agreement_covers(mine: CreditCondition, theirs: CreditCondition) -> bool:
    return mine.agreement is None or mine.agreement == theirs.agreement


_COVERS: tuple[Callable[[CreditCondition, CreditCondition], bool], ...] = (
    _set_covers("profile", frozenset(Profile)),
    _set_covers("customer_kind", frozenset(CustomerKind)),
    *(_range_covers(low, high) for low, high in _RANGES),
    _tags_cover,
    _agreement_covers,
)


class CreditTerms(ConfigModel):
    """What a rule decides: how much credit, for how long, paid how, against what.

    - ``limit``: an absolute credit limit (*limite de crédito*) in the policy's currency; or
      ``limit_multiple``: that many times the customer's average monthly billing over the
      policy's ``billing_window_months`` (``"2"`` = two months of billing), at most
      ``max_limit`` when given. Exactly one of ``limit`` and ``limit_multiple``.
    - ``terms_days``: the longest payment term (*prazo*) in days; 0 = pay on the order.
    - ``payment_methods``: the only methods accepted (e.g. ``["pix", "prepayment"]``);
      omitted = any.
    - ``guarantee_required``: credit only against a guarantee (*garantia*); without one the
      customer pays upfront (*pagamento antecipado*).
    - ``no_new_credit``: no new sale on credit (limit 0, term 0) until the rule stops applying;
      ``limit``, ``limit_multiple`` and ``terms_days`` must then be left out.
    """

    limit: Amount | None = None
    limit_multiple: Annotated[Rate, Field(le=MAX_RATE)] | None = None
    max_limit: Amount | None = None
    terms_days: Annotated[int, Field(ge=0, le=MAX_DAYS)] | None = None
    payment_methods: (
        Annotated[tuple[_Method, ...], Field(min_length=1, max_length=MAX_PAYMENT_METHODS)] | None
    ) = None
    guarantee_required: StrictBool = False
    no_new_credit: StrictBool = False

    @field_validator("payment_methods")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("lists a method more than once")
        return value

    @model_validator(mode="after")
    def _one_limit(self) -> CreditTerms:
        if self.no_new_credit:
            for name in ("limit", "limit_multiple", "max_limit", "terms_days"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name}: a no_new_credit decision grants no credit; omit it")
            return self
        if (self.limit is None) == (self.limit_multiple is None):
            raise ValueError("limit: give exactly one of limit and limit_multiple")
        if self.max_limit is not None and self.limit_multiple is None:
            raise ValueError("max_limit: caps a limit_multiple; with an absolute limit, omit it")
        if self.terms_days is None:
            raise ValueError("terms_days: required unless no_new_credit (0 = pay on the order)")
        return self


class CreditRule(ConfigModel):
    """One rule: its id (named in every decision it makes), its condition and its decision."""

    id: Identifier
    description: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    when: CreditCondition = Field(default_factory=CreditCondition)
    decide: CreditTerms


_RULES: TypeAdapter[tuple[CreditRule, ...]] = TypeAdapter(
    Annotated[tuple[CreditRule, ...], Field(min_length=1, max_length=MAX_CREDIT_RULES)]
)


def _rules_in_currency(value: Any, info: ValidationInfo) -> Any:
    return in_parent_currency(_RULES, value, info)


class CreditPolicy(ConfigModel):
    """Ordered credit rules; the first whose condition holds decides (see the module docs).

    ``currency``: of every amount in the rules, and of the invoices decided on.
    ``billing_window_months``: the average monthly billing behind ``limit_multiple`` is the
    amount of the invoices due in the last this-many months (``as_of`` included), divided by it.
    ``profile_policy``: the thresholds of the profile and score the conditions read.
    ``favourable_rule``: the id of the rule for customers with nothing against them (default:
    the last rule); every other rule's decision is a restriction (``CreditDecision.restricted``).
    """

    name: Identifier = "credit policy"
    currency: CurrencyCode = DEFAULT_CURRENCY
    billing_window_months: Annotated[int, Field(ge=1, le=MAX_BILLING_WINDOW_MONTHS)] = 6
    profile_policy: ProfilePolicy = Field(default_factory=ProfilePolicy)
    favourable_rule: Identifier | None = None
    rules: Annotated[tuple[CreditRule, ...], BeforeValidator(_rules_in_currency)] = Field(
        min_length=1, max_length=MAX_CREDIT_RULES
    )

    @model_validator(mode="after")
    def _every_rule_can_fire(self) -> CreditPolicy:
        ids: dict[str, int] = {}
        for i, rule in enumerate(self.rules):
            where = f"rules[{i}] ({rule.id!r})"
            if rule.id in ids:
                raise ValueError(f"{where}.id: duplicate rule id (also rules[{ids[rule.id]}])")
            for j, earlier in enumerate(self.rules[:i]):
                if earlier.when.covers(rule.when):
                    raise ValueError(
                        f"{where}: can never fire: rules[{j}] ({earlier.id!r}) matches every "
                        "customer it matches, and the first matching rule wins; reorder or "
                        "narrow them"
                    )
            ids[rule.id] = i
        last = self.rules[-1]
        if not last.when.is_empty:
            raise ValueError(
                f"rules[{len(self.rules) - 1}] ({last.id!r}).when: the last rule is the default "
                "and must have no condition, so every customer gets a decision"
            )
        if self.favourable_rule is not None and self.favourable_rule not in ids:
            raise ValueError(f"favourable_rule: {self.favourable_rule!r} is not a rule id")
        favourable = self.favourable
        if favourable.decide.no_new_credit:
            raise ValueError(
                f"favourable_rule: {favourable.id!r} grants no new credit; name the rule for "
                "customers with nothing against them"
            )
        return self

    @property
    def favourable(self) -> CreditRule:
        """The rule for customers with nothing against them (``favourable_rule``, or the last)."""
        for rule in self.rules:
            if rule.id == self.favourable_rule:
                return rule
        return self.rules[-1]

"""Renegotiation menus: what to offer a debtor, from the updated debt and an offer policy.

:func:`menu` turns a :class:`~regua.charges.DebtBreakdown` into a cash offer (with the policy's
cash discounts), Price-table installment offers and, when the policy lists them, due-date
extensions (prorrogação: the whole debt on a later date, with simple interest pro rata die).
Floors the policy sets are never crossed: discounts are rounded down (never above the allowed
percent), every regular installment is at least ``min_installment`` and the down payment at
least ``min_down_payment_percent`` of the debt (rounded half-up to cents).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated, Any

from dateutil.relativedelta import relativedelta
from pydantic import Field, StrictBool, field_validator, model_validator

from regua._config_model import ConfigModel
from regua._inputs import as_member, as_model
from regua._validation import Frozen, as_date
from regua.calendar import BusinessCalendar, CalendarSpec, as_calendar
from regua.charges.discounts import DiscountScope, apply_discount
from regua.charges.late import DebtBreakdown
from regua.errors import InvalidInputError
from regua.installments import InstallmentPlan, PlanMethod, effective_rate, price
from regua.limits import MAX_DAYS, MAX_OFFER_INSTALLMENTS
from regua.models.agreement import Installment
from regua.models.enums import Profile
from regua.money import (
    MAX_MONTHLY_RATE,
    Amount,
    Rate,
    add,
    check_rate,
    in_money_context,
    minor_unit,
)

__all__ = ["Offer", "OfferKind", "OfferPolicy", "ProfileTerms", "menu"]

_MAX_EXTENSION_DAYS = 365
"""A prorrogação moves a due date by at most a year; a longer wait is an installment plan."""

_RATE_PLACES = Decimal("1E-12")

_ExtensionDays = tuple[Annotated[int, Field(ge=1, le=_MAX_EXTENSION_DAYS)], ...]

_POLICY_FIELDS = (
    "extension_days",
    "max_installments",
    "min_installment",
    "rate",
    "min_down_payment_percent",
    "cash_charges_discount_percent",
    "cash_principal_discount_percent",
    "installment_charges_discount_percent",
)


def _percent_at_most_100(value: Decimal | None, field: str) -> None:
    if value is not None and value > 100:
        raise ValueError(f"{field}: a percentage must not exceed 100, got {value}")


class ProfileTerms(ConfigModel):
    """Overrides of :class:`OfferPolicy` for one delinquency profile; ``None`` keeps the base."""

    max_installments: int | None = Field(default=None, ge=1, le=MAX_OFFER_INSTALLMENTS)
    min_installment: Amount | None = None
    rate: Rate | None = None
    min_down_payment_percent: Rate | None = None
    cash_charges_discount_percent: Rate | None = None
    cash_principal_discount_percent: Rate | None = None
    installment_charges_discount_percent: Rate | None = None
    extension_days: _ExtensionDays | None = Field(default=None, max_length=MAX_OFFER_INSTALLMENTS)

    @field_validator("extension_days")
    @classmethod
    def _days(cls, value: tuple[int, ...] | None) -> tuple[int, ...] | None:
        return None if value is None else tuple(sorted(set(value)))

    @model_validator(mode="after")
    def _percents(self) -> ProfileTerms:
        for name in _POLICY_FIELDS:
            if name.endswith("_percent"):
                _percent_at_most_100(getattr(self, name), name)
        return self


class OfferPolicy(ConfigModel):
    """What the creditor is willing to accept.

    ``rate`` is the monthly interest of installment plans (a fraction: ``0.0199`` = 1.99 % a.m.);
    every ``*_percent`` is a percentage (``10`` = 10 %). A ``rate`` (here or in a profile) above
    ``max_monthly_rate`` (a fraction, default 0.5 = 50 % a month) is refused as a probable unit
    mistake (``rate=1.99`` → did you mean 0.0199?); raise it to charge more on purpose.
    Cash payment waives ``cash_charges_discount_percent`` % of fine + interest (all of them by
    default: 100) and
    ``cash_principal_discount_percent`` % of the (corrected) principal; installment plans waive
    ``installment_charges_discount_percent`` % of the charges. ``installment_counts`` lists the
    plans to offer (default every count from 2 to ``max_installments``; a count above it is
    refused, and one above a profile's own ``max_installments`` is not offered to it); counts
    whose regular installment would fall below ``min_installment`` are left out. The first
    installment is due one month after signing; the down payment, if any, at signing.
    ``extension_days`` lists the due-date extensions (prorrogação) to offer, in days after
    ``as_of`` (1 to 365; default none):
    the whole debt, undiscounted, on that day with simple interest at ``rate`` pro rata die on a
    30-day month. ``profiles`` overrides any of these per :class:`~regua.models.Profile`.

    >>> policy = OfferPolicy(profiles={"recurring": {"max_installments": 3}})
    >>> [policy.for_profile(p).max_installments for p in ("recurring", "good")]
    [3, 12]
    """

    max_installments: int = Field(default=12, ge=1, le=MAX_OFFER_INSTALLMENTS)
    min_installment: Amount = Decimal("50.00")
    rate: Rate = Decimal("0.0199")
    min_down_payment_percent: Rate = Decimal(0)
    cash_charges_discount_percent: Rate = Decimal(100)
    cash_principal_discount_percent: Rate = Decimal(0)
    installment_charges_discount_percent: Rate = Decimal(0)
    installment_counts: (
        tuple[Annotated[int, Field(ge=1, le=MAX_OFFER_INSTALLMENTS)], ...] | None
    ) = Field(default=None, max_length=MAX_OFFER_INSTALLMENTS)
    extension_days: _ExtensionDays = Field(default=(), max_length=MAX_OFFER_INSTALLMENTS)
    tolerance_days: int = Field(default=30, ge=0, le=MAX_DAYS)
    restore_discount_on_break: StrictBool = True
    profiles: dict[Profile, ProfileTerms] = Field(default_factory=dict)
    max_monthly_rate: Rate = MAX_MONTHLY_RATE

    @field_validator("installment_counts")
    @classmethod
    def _counts(cls, value: tuple[int, ...] | None) -> tuple[int, ...] | None:
        if value is None:
            return None
        if not value:
            raise ValueError("must list at least one count; omit it for every count")
        return tuple(sorted(set(value)))

    @field_validator("extension_days")
    @classmethod
    def _days(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(sorted(set(value)))

    @model_validator(mode="after")
    def _percents(self) -> OfferPolicy:
        for name in _POLICY_FIELDS:
            if name.endswith("_percent"):
                _percent_at_most_100(getattr(self, name), name)
        above = [n for n in self.installment_counts or () if n > self.max_installments]
        if above:  # they were dropped from every offer, silently (a profile may lower the max)
            raise ValueError(
                f"installment_counts: {above[0]} is above max_installments"
                f" ({self.max_installments}); raise max_installments to offer it"
            )
        check_rate(self.rate, "rate", max_monthly_rate=self.max_monthly_rate)
        for profile, terms in self.profiles.items():
            if terms.rate is not None:
                field = f"profiles.{profile}.rate"
                check_rate(terms.rate, field, max_monthly_rate=self.max_monthly_rate)
        return self

    def for_profile(self, profile: Profile | str | None) -> OfferPolicy:
        """This policy with the overrides of ``profile`` applied (no overrides: itself)."""
        if profile is None:
            return self
        terms = self.profiles.get(as_member(profile, Profile, "profile"))
        if terms is None:
            return self
        changes: dict[str, Any] = {
            name: getattr(terms, name)
            for name in _POLICY_FIELDS
            if getattr(terms, name) is not None
        }
        return self.model_copy(update=changes)


class OfferKind(StrEnum):
    """A single cash payment, an installment plan or a due-date extension (prorrogação)."""

    CASH = "cash"
    INSTALLMENTS = "installments"
    EXTENSION = "extension"


class Offer(Frozen):
    """One option of a menu.

    ``debt`` is the breakdown with this offer's discount applied (``debt.total`` is what the
    offer finances or collects). ``plan`` holds the dated installments (for cash: a single
    installment due on ``as_of``; for an extension: a single installment on the new due date).
    ``effective_rate`` is the monthly rate that discounts the payments to ``debt.total`` (0 for
    cash), so the real cost can be shown. ``extension_days`` is the days an extension adds
    (``None`` for the other kinds); its due date is ``as_of`` plus those days, rolled to the next
    business day with a calendar (interest runs for the days only). ``rate`` and
    ``effective_rate`` are monthly fractions; ``max_monthly_rate`` is the policy's bound, which
    an :class:`~regua.models.Agreement` signed from the offer keeps.
    """

    kind: OfferKind
    as_of: date
    debt: DebtBreakdown
    down_payment: Decimal
    n: int
    installment: Decimal
    rate: Decimal
    plan: InstallmentPlan
    effective_rate: Decimal
    tolerance_days: int = 30
    restore_discount_on_break: bool = True
    max_monthly_rate: Decimal = MAX_MONTHLY_RATE
    extension_days: int | None = Field(default=None, exclude_if=lambda v: v is None)

    @property
    def discount(self) -> Decimal:
        """What the creditor forgives in this offer."""
        return self.debt.discount

    @property
    def total_paid(self) -> Decimal:
        """Everything the debtor pays: down payment plus installments (interest included)."""
        return self.plan.total


@in_money_context
def menu(
    debt: DebtBreakdown | Mapping[str, Any],
    *,
    policy: OfferPolicy | Mapping[str, Any],
    profile: Profile | str | None = None,
    as_of: date,
    calendar: BusinessCalendar | CalendarSpec | Mapping[str, Any] | None = None,
) -> list[Offer]:
    """The offers for ``debt`` under ``policy`` (with ``profile``'s overrides), cash first.

    Installment offers follow in increasing ``n``, then due-date extensions in increasing days.
    With a ``calendar`` due dates falling on non-business days roll to the next business day.
    Rounding: discounts down, the down payment half-up, the plan as
    :func:`regua.installments.price`, an extension's interest half-up
    (``(debt.total − debt.fees) × rate × days / 30``).

    Collection fees (``debt.fees``) bear no interest: an extension charges its interest on the
    rest of the debt, and an installment plan takes the fees in its down payment (with
    ``min_down_payment_percent`` of the rest), so they are never financed.

    >>> debt = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")
    >>> policy = OfferPolicy(cash_principal_discount_percent=10, min_down_payment_percent=20,
    ...                      installment_counts=[10])
    >>> cash, ten = menu(debt, policy=policy, as_of=date(2026, 3, 2))
    >>> cash.total_paid, ten.down_payment, ten.installment, ten.plan.payments()[-1]
    (Decimal('900.00'), Decimal('210.00'), Decimal('93.47'), Decimal('93.41'))
    """
    day = as_date(as_of)
    debt = as_model(debt, DebtBreakdown, "debt")
    policy = as_model(policy, OfferPolicy, "policy")
    if debt.discount:
        raise InvalidInputError("debt", "already discounted; pass the breakdown before discounts")
    if debt.total <= 0:
        raise InvalidInputError("debt", "nothing is owed")
    terms = policy.for_profile(profile)
    unit = minor_unit(debt.currency)
    first_due = day + relativedelta(months=1)
    cash_debt = apply_discount(
        apply_discount(debt, terms.cash_charges_discount_percent, DiscountScope.CHARGES),
        terms.cash_principal_discount_percent,
        DiscountScope.PRINCIPAL,
    )
    calendar = as_calendar(calendar)
    cash_due = calendar.next_business_day(day) if calendar is not None else day
    offers: list[Offer] = []
    if cash_debt.total > 0:
        cash_plan = price(cash_debt.total, 0, 1, first_due=cash_due, currency=debt.currency)
        offers.append(
            Offer(
                kind=OfferKind.CASH,
                as_of=day,
                debt=cash_debt,
                down_payment=Decimal(0).quantize(unit),
                n=1,
                installment=cash_debt.total,
                rate=Decimal(0),
                plan=cash_plan,
                effective_rate=Decimal(0),
                tolerance_days=terms.tolerance_days,
                restore_discount_on_break=terms.restore_discount_on_break,
                max_monthly_rate=terms.max_monthly_rate,
            )
        )
    plan_debt = apply_discount(
        debt, terms.installment_charges_discount_percent, DiscountScope.CHARGES
    )
    total = plan_debt.total
    # Collection fees are never financed: they bear no interest (they never compound), so they
    # are paid with the down payment, beside its share of the rest of the debt.
    fees = plan_debt.fees
    entry = (total - fees) * terms.min_down_payment_percent / 100
    entry = add([entry.quantize(unit, rounding=ROUND_HALF_UP), fees])
    counts = terms.installment_counts or tuple(range(2, terms.max_installments + 1))
    for n in counts:
        if n > terms.max_installments or entry >= total:
            continue
        try:
            plan = price(
                total,
                terms.rate,
                n,
                first_due=first_due,
                down_payment=entry,
                down_payment_due=day if entry else None,
                calendar=calendar,
                currency=debt.currency,
                max_monthly_rate=terms.max_monthly_rate,
            )
        except InvalidInputError:
            continue  # too many installments for so small a debt
        regular = [i.amount for i in plan.installments if i.number > 0]
        if min(regular) < terms.min_installment:
            continue
        offers.append(
            Offer(
                kind=OfferKind.INSTALLMENTS,
                as_of=day,
                debt=plan_debt,
                down_payment=entry,
                n=n,
                installment=regular[0],
                rate=terms.rate,
                plan=plan,
                effective_rate=effective_rate(
                    total, plan.payments(), start=0 if entry else 1, max_monthly_rate=None
                ),
                tolerance_days=terms.tolerance_days,
                restore_discount_on_break=terms.restore_discount_on_break,
                max_monthly_rate=terms.max_monthly_rate,
            )
        )
    offers.extend(_extension(debt, terms, day, days, calendar) for days in terms.extension_days)
    return offers


def _extension(
    debt: DebtBreakdown,
    terms: OfferPolicy,
    day: date,
    days: int,
    calendar: BusinessCalendar | None,
) -> Offer:
    """The whole debt moved ``days`` later, with simple interest at ``terms.rate`` pro rata die."""
    unit = minor_unit(debt.currency)
    total = debt.total
    bearing = total - debt.fees  # fees bear no interest
    interest = (bearing * terms.rate * days / 30).quantize(unit, rounding=ROUND_HALF_UP)
    amount = add([total, interest])
    due = day + timedelta(days=days)
    if calendar is not None:
        due = calendar.next_business_day(due)
    # The monthly rate that discounts ``amount`` paid ``days`` later back to ``total``.
    effective = ((amount / total) ** (Decimal(30) / days) - 1).quantize(_RATE_PLACES)
    plan = InstallmentPlan(
        method=PlanMethod.SINGLE,
        currency=debt.currency,
        principal=total,
        down_payment=Decimal(0).quantize(unit),
        rate=terms.rate,
        installments=(
            Installment(
                number=1, due_date=due, amount=amount, interest=interest, amortization=total
            ),
        ),
    )
    return Offer(
        kind=OfferKind.EXTENSION,
        as_of=day,
        debt=debt,
        down_payment=Decimal(0).quantize(unit),
        n=1,
        installment=amount,
        rate=terms.rate,
        plan=plan,
        effective_rate=effective,
        tolerance_days=terms.tolerance_days,
        restore_discount_on_break=terms.restore_discount_on_break,
        max_monthly_rate=terms.max_monthly_rate,
        extension_days=days,
    )

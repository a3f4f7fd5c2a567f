"""Delinquency profile of a customer from the punctuality of their invoices.

Only facts known at ``as_of`` count: payments dated after it are ignored, invoices not yet due
are not late, and an invoice still open and overdue at ``as_of`` is late by the days so far.

>>> from datetime import date
>>> from regua.models import Invoice
>>> def inv(n, due, paid=None):
...     payments = [{"date": paid, "amount": "100.00"}] if paid else []
...     return Invoice(id=f"i{n}", customer_id="c1", amount="100.00", due_date=due,
...                    payments=payments)
>>> history = [inv(1, date(2026, 1, 10), date(2026, 1, 10)),
...            inv(2, date(2026, 2, 10), date(2026, 2, 25)),
...            inv(3, date(2026, 3, 10))]
>>> result = classify(history, as_of=date(2026, 3, 31))
>>> result.profile, result.late_invoices, result.late_episodes, result.current_days_overdue
(<Profile.ONE_OFF: 'one_off'>, 2, 1, 21)
>>> for reason in result.reasons:
...     print(reason)
2 of 3 invoices due in the last 365 days were late (more than 5 days past due)
1 late episode; longest run: 2 consecutive late invoices
worst delay 21 days, mean 18.0 days
currently 21 days overdue
one_off: a single late episode of at most 2 consecutive invoices
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import Any

from regua._html import table
from regua._inputs import InvoiceIds, as_model, as_optional, many
from regua._validation import as_date
from regua.errors import InvalidInputError
from regua.models import Invoice, Payment, Profile, Promise
from regua.money import in_money_context
from regua.scoring.broken_promises import PromiseBook
from regua.scoring.policy import ProfilePolicy
from regua.scoring.rows import Rows

__all__ = [
    "LateEvent",
    "ProfileMixRow",
    "ProfileResult",
    "ProfileTable",
    "classify",
    "classify_portfolio",
]

_RATIO = Decimal("0.0001")
_ZERO = Decimal(0)
_TENTH = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class LateEvent:
    """One late invoice: paid more than the grace days after its due date, or still open.

    ``paid_on`` is the day the payments known at ``as_of`` covered the amount (None while open);
    ``episode`` numbers the stretches of lateness from 1 in due-date order.
    """

    invoice_id: str
    due_date: date
    days_late: int
    paid_on: date | None
    episode: int


@dataclass(frozen=True, slots=True)
class ProfileResult:
    """The profile of one customer at ``as_of`` and the facts behind it.

    ``invoices_considered`` counts the invoices whose punctuality is known at ``as_of`` (due in
    the window and paid, or overdue beyond the grace days); ``late_ratio`` is
    ``late_invoices / invoices_considered`` (0 when nothing is considered).
    ``current_days_overdue`` is the age of the oldest invoice open and past due at ``as_of``.
    """

    customer_id: str | None
    as_of: date
    profile: Profile
    invoices_considered: int
    late_invoices: int
    late_episodes: int
    late_ratio: Decimal
    max_days_late: int
    mean_days_late: Decimal
    current_days_overdue: int
    longest_late_run: int
    reasons: tuple[str, ...]
    late_events: tuple[LateEvent, ...]

    def _repr_html_(self) -> str:
        return table(
            f"{self.customer_id or 'customer'}: {self.profile.value} as of {self.as_of}",
            ("why",),
            ((reason,) for reason in self.reasons),
            [("late", f"{self.late_invoices} of {self.invoices_considered}"),
             ("episodes", self.late_episodes),
             ("overdue now", f"{self.current_days_overdue} days")],
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProfileMixRow:
    """How many customers have a profile, and their share of the portfolio."""

    profile: Profile
    customers: int
    share: Decimal


class ProfileTable(Rows[ProfileResult]):
    """Profiles of a portfolio, one row per customer in ``customer_id`` order."""

    __slots__ = ()

    def profiles(self) -> dict[str, Profile]:
        """``{customer_id: profile}``, ready for ``plan(..., profiles=...)``."""
        return {row.customer_id: row.profile for row in self if row.customer_id is not None}

    @in_money_context
    def mix(self) -> Rows[ProfileMixRow]:
        """Customers per profile (every profile listed, in :class:`Profile` order).

        Shares are rounded half-up to four places, so they may miss 1 by a unit.
        """
        counts = dict.fromkeys(Profile, 0)
        for row in self:
            counts[row.profile] += 1
        total = len(self)
        return Rows(
            ProfileMixRow(
                profile,
                n,
                (Decimal(n) / total).quantize(_RATIO, ROUND_HALF_UP) if total else Decimal(0),
            )
            for profile, n in counts.items()
        )


# What classification needs from one invoice, reduced at read time to bound memory:
# (invoice_id, due_date, paid_on (None while open at as_of), days_overdue (open and past due at
# as_of; 0 otherwise), considered, late, days_late).
# A plain tuple of dates, ints and strings on purpose: the garbage collector stops tracking such
# tuples, so a portfolio's facts never make it walk all the invoice models again.
_Fact = tuple[str, date, date | None, int, bool, bool, int]


_BY_DUE_AND_ID = itemgetter(1, 0)  # by due date, then invoice id


def _paid_on(amount: Decimal, payments: tuple[Payment, ...], as_of: date) -> date | None:
    """The day the payments known at ``as_of`` first covered ``amount``; None while open."""
    # The common case, one payment: the running sum below would be that payment alone.
    if len(payments) == 1:
        payment = payments[0]
        return payment.date if payment.date <= as_of and payment.amount >= amount else None
    total = Decimal(0)
    for payment in sorted(payments, key=lambda p: p.date):
        if payment.date > as_of:
            break
        total += payment.amount
        if total >= amount:
            return payment.date
    return None


def checked_invoices(invoices: Iterable[object]) -> Iterator[Invoice]:
    """The invoices as models (mappings validated), each (customer, id) once."""
    seen = InvoiceIds().add
    for i, item in enumerate(many(invoices, Invoice, "invoices")):
        invoice = item if type(item) is Invoice else as_model(item, Invoice, f"invoices[{i}]")
        seen(invoice.customer_id, invoice.id, i)
        yield invoice


def policy_or_default(policy: ProfilePolicy | Mapping[str, Any] | None) -> ProfilePolicy:
    """The policy to apply: the caller's (a model or its mapping) or the default one."""
    return as_optional(policy, ProfilePolicy, "policy") or ProfilePolicy()


def _fact(invoice: Invoice, as_of: date, policy: ProfilePolicy) -> _Fact | None:
    """The invoice reduced to its punctuality at ``as_of``; None when it cannot matter."""
    return _reduce(
        invoice.id,
        invoice.due_date,
        invoice.amount,
        invoice.payments,
        invoice.disputed,
        as_of,
        policy.grace_days,
        policy.window_days,
        policy.exclude_disputed,
    )


def _reduce(
    invoice_id: str,
    due: date,
    amount: Decimal,
    payments: tuple[Payment, ...],
    disputed: bool,
    as_of: date,
    grace_days: int,
    window_days: int,
    exclude_disputed: bool,
) -> _Fact | None:
    """:func:`_fact` on fields already read (the policy's too), for the portfolio loop."""
    if due > as_of or (disputed and exclude_disputed):
        return None
    paid_on = _paid_on(amount, payments, as_of) if payments else None
    if paid_on is None:
        days = (as_of - due).days
        late = days > grace_days
        return (invoice_id, due, None, days, late, late, days if late else 0)
    if (as_of - due).days >= window_days:
        return None
    days = (paid_on - due).days
    late = days > grace_days
    return (invoice_id, due, paid_on, 0, True, late, days if late else 0)


@in_money_context
def classify(
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: date,
    policy: ProfilePolicy | Mapping[str, Any] | None = None,
    promises: Iterable[Promise | Mapping[str, Any]] = (),
) -> ProfileResult:
    """Classify one customer's invoices (paid and open, in any order) at ``as_of``.

    ``promises``: the customer's promises to pay; they count only under
    ``policy.count_broken_promises`` (see :class:`~regua.scoring.ProfilePolicy`).

    Raises :class:`~regua.errors.InvalidInputError` when the invoices belong to more than one
    customer or an invoice id appears twice among the invoices that count.
    """
    day = as_date(as_of)
    rules = policy_or_default(policy)
    book = PromiseBook(promises)
    customer_ids: set[str] = set()
    facts = []
    for invoice in checked_invoices(invoices):
        customer_ids.add(invoice.customer_id)
        if book:
            book.note(invoice.customer_id, invoice.id, invoice.payments)
        fact = _fact(invoice, day, rules)
        if fact is not None:
            facts.append(fact)
    if len(customer_ids) > 1:
        raise InvalidInputError(
            "invoices",
            f"belong to several customers ({', '.join(sorted(customer_ids))}); "
            "use classify_portfolio",
        )
    customer_id = next(iter(customer_ids), None)
    others = sorted(set(book.by_customer) - {customer_id})
    if others:
        raise InvalidInputError(
            "promises", f"promises of other customers ({', '.join(others)}); one customer here"
        )
    broken = book.broken(customer_id, day, rules)
    return _classify_facts(customer_id, facts, day, rules, broken=broken)


# (invoices considered, late invoices, late episodes, longest late run, broken promises counted)
_Counts = tuple[int, int, int, int, int]
# profile, late ratio, the reasons before the delay figures, the reason that concludes
_Verdict = tuple[Profile, Decimal, tuple[str, ...], str]


def _classify_facts(
    customer_id: str | None,
    facts: list[_Fact],
    as_of: date,
    policy: ProfilePolicy,
    verdicts: dict[_Counts, _Verdict] | None = None,
    *,
    broken: int = 0,
) -> ProfileResult:
    # Most customers have one fact: it needs no sorted copy, and every allocation saved here is
    # one fewer push towards a collection over all the models. (Ids are unique: the intake,
    # checked_invoices, refuses a repeat.)
    ordered = facts if len(facts) < 2 else sorted(facts, key=_BY_DUE_AND_ID)

    events: list[LateEvent] = []
    considered = episodes = run = longest = current = worst = total_days_late = 0
    previous_late = False
    episode_end: date | None = None  # None: the current episode is still open at as_of
    for invoice_id, due, paid_on, days_overdue, known, late, days_late in ordered:
        if days_overdue > current:
            current = days_overdue
        if not known:
            continue  # unknown punctuality neither extends nor breaks a run
        considered += 1
        if not late:
            run = 0
            previous_late = False
            continue
        joins = episodes > 0 and (previous_late or episode_end is None or due < episode_end)
        if not joins:
            episodes += 1
            episode_end = paid_on
        elif episode_end is not None:
            episode_end = None if paid_on is None else max(episode_end, paid_on)
        run += 1
        if run > longest:
            longest = run
        previous_late = True
        if days_late > worst:
            worst = days_late
        total_days_late += days_late
        events.append(LateEvent(invoice_id, due, days_late, paid_on, episodes))
    late_invoices = len(events)
    counts = (considered, late_invoices, episodes, longest, broken)
    # The profile, ratio and most reasons depend on these counts and the policy only, and
    # customers share few distinct counts (about a hundred in a synthetic portfolio of 12,500
    # customers): a portfolio run works each verdict out once (rows share its immutable values).
    if verdicts is None:
        verdicts = {}
    verdict = verdicts.get(counts)
    if verdict is None:
        verdict = verdicts[counts] = _verdict(policy, *counts)
    profile, ratio, reasons, conclusion = verdict
    mean = _ZERO
    if late_invoices:
        mean = (Decimal(total_days_late) / late_invoices).quantize(_TENTH, ROUND_HALF_UP)
        reasons += (f"worst delay {worst} days, mean {mean} days",)
    if current:
        reasons += (f"currently {current} days overdue",)
    reasons += (conclusion,)
    return ProfileResult(
        customer_id=customer_id,
        as_of=as_of,
        profile=profile,
        invoices_considered=considered,
        late_invoices=late_invoices,
        late_episodes=episodes + broken,
        late_ratio=ratio,
        max_days_late=worst,
        mean_days_late=mean,
        current_days_overdue=current,
        longest_late_run=longest,
        reasons=reasons,
        late_events=tuple(events),
    )


def _verdict(
    policy: ProfilePolicy,
    considered: int,
    late: int,
    episodes: int,
    longest: int,
    broken: int,
) -> _Verdict:
    ratio = (
        (Decimal(late) / considered).quantize(_RATIO, ROUND_HALF_UP) if considered else Decimal(0)
    )
    reasons: list[str] = []
    window = f"due in the last {policy.window_days} days"
    if late == 0 and not broken:
        profile = Profile.GOOD
        reasons.append(
            f"no late invoice among {considered} {_plural(considered, 'invoice')} {window}"
        )
    else:
        reasons.append(
            f"{late} of {considered} invoices {window} were late "
            f"(more than {policy.grace_days} days past due)"
        )
        reasons.append(
            f"{episodes} late {_plural(episodes, 'episode')}; longest run: {longest} consecutive "
            f"late {_plural(longest, 'invoice')}"
        )
    if broken:
        reasons.append(
            f"{broken} broken {_plural(broken, 'promise')} to pay made in the last"
            f" {policy.window_days} days, each a late episode (count_broken_promises)"
        )
        episodes += broken
    if not late and not broken:
        conclusion = f"good: no invoice more than {policy.grace_days} days late"
    else:
        recurring = []
        if episodes >= policy.recurring_min_episodes:
            recurring.append(
                f"{episodes} separate late episodes (from {policy.recurring_min_episodes})"
            )
        if longest >= policy.recurring_min_run:
            recurring.append(
                f"{longest} consecutive late invoices (from {policy.recurring_min_run})"
            )
        if considered >= policy.ratio_min_invoices and ratio >= policy.recurring_min_ratio:
            recurring.append(
                f"late ratio {ratio:.0%} (from {policy.recurring_min_ratio:.0%} once "
                f"{policy.ratio_min_invoices} invoices are known)"
            )
        if recurring:
            profile = Profile.RECURRING
            conclusion = "recurring: " + "; ".join(recurring)
        elif episodes == 1 and longest <= policy.one_off_max_run:
            profile = Profile.ONE_OFF
            conclusion = (
                f"one_off: a single late episode of at most {policy.one_off_max_run} "
                "consecutive invoices"
            )
        else:
            profile = Profile.OCCASIONAL
            conclusion = f"occasional: {episodes} late episodes, below every recurring threshold"
    return profile, ratio, tuple(reasons), conclusion


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


@in_money_context
def classify_portfolio(
    invoices: Iterable[Invoice | Mapping[str, Any]],
    *,
    as_of: date,
    policy: ProfilePolicy | Mapping[str, Any] | None = None,
    promises: Iterable[Promise | Mapping[str, Any]] = (),
) -> ProfileTable:
    """Classify every customer of a portfolio; invoices may come in any order, from any iterable.

    ``promises``: the customers' promises to pay, counted only under
    ``policy.count_broken_promises``.

    Each invoice is reduced to a few facts as it is read (paid invoices older than the window
    are dropped), so memory grows with the invoices that matter, not with the whole history.
    Every customer seen gets a row, in ``customer_id`` order.

    >>> from regua.samples import SAMPLE_AS_OF, sample_invoices
    >>> table = classify_portfolio(reversed(sample_invoices()), as_of=SAMPLE_AS_OF)
    >>> table.profiles()["c04"], len(table)
    (<Profile.RECURRING: 'recurring'>, 12)
    """
    day = as_date(as_of)
    rules = policy_or_default(policy)
    verdicts: dict[_Counts, _Verdict] = {}
    book = PromiseBook(promises)
    return ProfileTable(
        _classify_facts(
            customer_id, facts, day, rules, verdicts, broken=book.broken(customer_id, day, rules)
        )
        for customer_id, facts in sorted(_group_facts(invoices, day, rules, book).items())
    )


def _group_facts(
    invoices: Iterable[object], as_of: date, policy: ProfilePolicy, book: PromiseBook
) -> dict[str, list[_Fact]]:
    """Facts per customer id, every customer seen present (possibly with no facts)."""
    groups: dict[str, list[_Fact]] = {}
    for invoice in checked_invoices(invoices):
        customer_id = invoice.customer_id
        bucket = groups.setdefault(customer_id, [])
        if book:
            book.note(customer_id, invoice.id, invoice.payments)
        fact = _fact(invoice, as_of, policy)
        if fact is not None:
            bucket.append(fact)
    return groups

"""A battery of malformed inputs across the public API (issue 15, "Done when").

Every case must be refused with a regua error (:class:`~regua.errors.ReguaError`) or a pydantic
``ValidationError`` that names the parameter or field, with a message short enough to log (the
value it quotes is cut, however large), in bounded memory: no input makes a public function
trace more than a few hundred MB (time is left to benchmarks/). Each row is one kind of bad input;
the huge values are built once, outside the measurement.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

import regua
import regua.charges
import regua.installments
import regua.offers
import regua.partition
import regua.prescription
import regua.scoring
import regua.templates
from regua import (
    Agreement,
    ContactRecord,
    Creditor,
    Customer,
    DebtBreakdown,
    Invoice,
    Payment,
    ReguaError,
    Schedule,
    Template,
)
from regua.calendar import BusinessCalendar, CalendarSpec
from regua.charges import CobVDescontoDataFixa, LateTerms, update
from regua.money import allocate, quantize, split
from regua.offers import OfferPolicy
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule

TEN_MB = "1" * 10_000_000
ONE_MB = "x" * 1_000_000
FAR = date(9999, 12, 20)
YEAR_ONE = date(1, 1, 1)
UTC = UTC

INVOICE: dict[str, Any] = {
    "id": "i1",
    "customer_id": "c1",
    "amount": "100.00",
    "due_date": date(2026, 3, 5),
}
CUSTOMER: dict[str, Any] = {"id": "c1", "name": "Ana", "kind": "consumer"}
STEP: dict[str, Any] = {"id": "s1", "offset": 1, "channels": ["email"]}
AGREEMENT: dict[str, Any] = {
    "id": "a1",
    "customer_id": "c1",
    "invoice_ids": ["i1"],
    "signed_on": date(2026, 3, 1),
    "original_debt": "100.00",
    "installments": [{"number": 1, "due_date": date(2026, 4, 1), "amount": "100.00"}],
}
RECORD: dict[str, Any] = {
    "action_id": "a",
    "customer_id": "c1",
    "step_id": "s1",
    "invoice_ids": ["i1"],
    "at": datetime(2026, 3, 2, 12, tzinfo=UTC),
}
DEBT = DebtBreakdown(principal="1000.00", fine="20.00", interest="30.00")
CAL = BusinessCalendar.brazil()


def invoice(**changes: Any) -> Invoice:
    return Invoice(**{**INVOICE, **changes})


def customer(**changes: Any) -> Customer:
    return Customer(**{**CUSTOMER, **changes})


def schedule(**changes: Any) -> Schedule:
    return Schedule.model_validate({"name": "s", "steps": [STEP], **changes})


def step(**changes: Any) -> Schedule:
    return schedule(steps=[{**STEP, **changes}])


def agreement(**changes: Any) -> Agreement:
    return Agreement(**{**AGREEMENT, **changes})


def record(**changes: Any) -> ContactRecord:
    return ContactRecord(**{**RECORD, **changes})


def action(**changes: Any) -> regua.Action:
    return regua.Action.model_validate({**PLANNED_ACTION, **changes})


def plan_at(as_of: Any) -> Any:
    return regua.plan(sample_schedule(), sample_customers(), sample_invoices(), as_of=as_of)


def price(**changes: Any) -> Any:
    args: dict[str, Any] = {"principal": "1000.00", "rate": "0.02", "n": 12}
    args.update(changes)
    return regua.installments.price(**{"first_due": date(2026, 4, 1), **args})


# Planned once, outside the measurements (the first plan imports the holiday tables).
PLANNED_ACTION = plan_at(SAMPLE_AS_OF).actions[0].model_dump()

# (kind of bad input, call, the field or parameter its error must name)
CASES: list[tuple[str, Callable[[], object], str]] = [
    # money amounts
    ("amount: 10 MB of digits", lambda: invoice(amount=TEN_MB), "amount"),
    ("amount: not a number", lambda: invoice(amount="12,50"), "amount"),
    ("amount: NaN", lambda: invoice(amount="NaN"), "amount"),
    ("amount: infinity", lambda: invoice(amount=float("inf")), "amount"),
    ("amount: negative", lambda: invoice(amount="-5.00"), "amount"),
    ("amount: noisy float", lambda: invoice(amount=0.1), "amount"),
    ("amount: too many places", lambda: invoice(amount="99.999"), "amount"),
    ("amount: huge exponent", lambda: invoice(amount="1E+999999"), "amount"),
    ("amount: Decimal of 100 digits", lambda: invoice(amount=Decimal("9" * 100)), "amount"),
    ("amount: int of 5000 digits", lambda: invoice(amount=10**5000), "amount"),
    ("amount: bool", lambda: invoice(amount=True), "amount"),
    ("payment amount: 10 MB", lambda: Payment(date=date(2026, 3, 1), amount=TEN_MB), "amount"),
    ("quantize: 10 MB", lambda: quantize(TEN_MB), "value"),
    (
        "update: amount of 10 MB",
        lambda: update(TEN_MB, date(2026, 1, 5), as_of=SAMPLE_AS_OF),
        "amount",
    ),
    # dates
    ("due_date: year 9999", lambda: invoice(due_date=FAR), "due_date"),
    ("due_date: year 1", lambda: invoice(due_date=YEAR_ONE), "due_date"),
    ("issue_date: year 1", lambda: invoice(issue_date=YEAR_ONE), "issue_date"),
    (
        "payment date: year 9999",
        lambda: invoice(payments=[{"date": FAR, "amount": "1.00"}]),
        "date",
    ),
    ("history at: year 1", lambda: record(at=datetime(1, 1, 1, 12, tzinfo=UTC)), "at"),
    ("history at: year 9999", lambda: record(at=datetime(9999, 1, 1, tzinfo=UTC)), "at"),
    ("agreement signed_on: year 9999", lambda: agreement(signed_on=FAR), "signed_on"),
    ("agreement cancelled_on: year 1", lambda: agreement(cancelled_on=YEAR_ONE), "cancelled_on"),
    ("plan as_of: year 9999", lambda: plan_at(date(9999, 12, 30)), "as_of"),
    ("plan as_of: year 1", lambda: plan_at(YEAR_ONE), "as_of"),
    ("price first_due: year 9999", lambda: price(first_due=date(9999, 12, 1)), "first_due"),
    ("price: plan ends past the last date", lambda: price(n=480, first_due=date(2190, 1, 1)), "n"),
    ("extra holiday: year 9999", lambda: CalendarSpec(extra_holidays=[FAR]), "extra_holidays"),
    ("calendar: query in year 9999", lambda: CAL.is_business_day(FAR), "d"),
    ("calendar: holiday name in year 1", lambda: CAL.holiday_name(YEAR_ONE), "d"),
    ("calendar: holidays_in(10**9)", lambda: CAL.holidays_in(10**9), "year"),
    ("calendar: 10**9 business days", lambda: CAL.add_business_days(SAMPLE_AS_OF, 10**9), "n"),
    (
        "calendar: days between year 1 and 9999",
        lambda: CAL.business_days_between(YEAR_ONE, FAR),
        "a",
    ),
    ("aging as_of: year 9999", lambda: regua.scoring.aging(sample_invoices(), as_of=FAR), "as_of"),
    ("classify as_of: year 1", lambda: regua.classify(sample_invoices(), as_of=YEAR_ONE), "as_of"),
    (
        "menu as_of: year 9999",
        lambda: regua.offers.menu(DEBT, policy=OfferPolicy(), as_of=FAR),
        "as_of",
    ),
    (
        "simulate: 30 years a day at a time",
        lambda: regua.simulate(
            sample_schedule(), [], [], start=date(2000, 1, 1), end=date(2030, 1, 1)
        ),
        "end",
    ),
    (
        "cobv due_date: year 9999",
        lambda: regua.charges.cobv_amount("100.00", due_date=FAR, paid_on=FAR, calendar=CAL),
        "due_date",
    ),
    (
        "cobv validity: 10**9 days",
        lambda: regua.charges.cobv_amount(
            "100.00", due_date=SAMPLE_AS_OF, paid_on=SAMPLE_AS_OF, validity_days=10**9, calendar=CAL
        ),
        "validadeAposVencimento",
    ),
    (
        "cobv discount date: year 9999",
        lambda: CobVDescontoDataFixa(data=FAR, valorPerc="1.00"),
        "data",
    ),
    (
        "early discount paid_on: year 1",
        lambda: regua.charges.early_payment_discount(
            "100.00", due_date=SAMPLE_AS_OF, paid_on=YEAR_ONE, percent="2"
        ),
        "paid_on",
    ),
    # counts
    ("price n: 100,000", lambda: price(n=100_000), "n"),
    (
        "sac n: 100,000",
        lambda: regua.installments.sac("1000.00", "0.02", 100_000, first_due=SAMPLE_AS_OF),
        "n",
    ),
    ("price n: zero", lambda: price(n=0), "n"),
    ("step offset: 10**7 days", lambda: step(offset=10**7), "offset"),
    ("step offset: -10**7 days", lambda: step(offset=-(10**7)), "offset"),
    ("step offset: 10**7 business days", lambda: step(offset="10000000bd"), "offset"),
    ("step offset: 10 MB of digits", lambda: step(offset=TEN_MB), "offset"),
    ("after.min_days: 10**9", lambda: step(after={"step": "x", "min_days": 10**9}), "min_days"),
    ("notice_days: 10**9", lambda: schedule(guardrails={"notice_days": 10**9}), "notice_days"),
    (
        "pause after opt-out: 10**9 days",
        lambda: schedule(limits={"pause_days_after_opt_out": 10**9}),
        "pause_days_after_opt_out",
    ),
    (
        "contacts a day: 10**9",
        lambda: schedule(limits={"per_customer_per_day": 10**9}),
        "per_customer_per_day",
    ),
    ("when.min_invoices: 10**9", lambda: step(when={"min_invoices": 10**9}), "min_invoices"),
    ("agreement tolerance_days: 10**9", lambda: agreement(tolerance_days=10**9), "tolerance_days"),
    (
        "offer tolerance_days: 10**9",
        lambda: OfferPolicy(tolerance_days=10**9),
        "tolerance_days",
    ),
    (
        "offer max_installments: 10**6",
        lambda: OfferPolicy(max_installments=10**6),
        "max_installments",
    ),
    (
        "offer installment_counts: [10**6]",
        lambda: OfferPolicy(installment_counts=[10**6]),
        "installment_counts",
    ),
    (
        "prescription years: 10**9",
        lambda: regua.prescription.is_prescribed(SAMPLE_AS_OF, FAR, 10**9),
        "years",
    ),
    ("partition n: 10**9", lambda: regua.partition.split_by_customer([], 10**9), "n"),
    ("partition key: 10 MB id", lambda: regua.partition.partition_key(TEN_MB, 4), "customer_id"),
    # rates
    ("price rate: 1E-40", lambda: price(rate="1E-40"), "rate"),
    ("price rate: 1E+999999", lambda: price(rate="1E+999999"), "rate"),
    ("price rate: negative", lambda: price(rate="-0.01"), "rate"),
    ("offer rate: 1E-40", lambda: OfferPolicy(rate="1E-40"), "rate"),
    ("offer rate: 1E+999999", lambda: OfferPolicy(rate="1E+999999"), "rate"),
    ("late fine_percent: 1E+999999", lambda: LateTerms(fine_percent="1E+999999"), "fine_percent"),
    (
        "effective_rate payment: 10 MB",
        lambda: regua.installments.effective_rate("100.00", [TEN_MB]),
        "payments[0]",
    ),
    # strings
    ("invoice id: 10 MB", lambda: invoice(id=TEN_MB), "id"),
    ("invoice id: empty", lambda: invoice(id=""), "id"),
    ("invoice id: int of 200 digits", lambda: invoice(id=10**200), "id"),
    ("invoice currency: 10 MB", lambda: invoice(currency=TEN_MB), "currency"),
    ("invoice tag: 1 MB", lambda: invoice(tags=[ONE_MB]), "tags"),
    (
        "payment method: 1 MB",
        lambda: Payment(date=SAMPLE_AS_OF, amount="1", method=ONE_MB),
        "method",
    ),
    ("customer name: 10 MB", lambda: customer(name=TEN_MB), "name"),
    ("customer document: 1 MB", lambda: customer(document=ONE_MB), "document"),
    ("customer e-mail: 1 MB", lambda: customer(contacts={"email": ONE_MB}), "contacts"),
    ("customer time zone: 1 MB", lambda: customer(timezone=ONE_MB), "timezone"),
    ("customer locale: 1 MB", lambda: customer(locale=ONE_MB), "locale"),
    ("customer state: 1 MB", lambda: customer(state=ONE_MB), "state"),
    ("schedule name: 10 MB", lambda: schedule(name=TEN_MB), "name"),
    ("schedule version: 1 MB", lambda: schedule(version=ONE_MB), "version"),
    ("step id: 1 MB", lambda: step(id=ONE_MB), "id"),
    ("step description: 1 MB", lambda: step(description=ONE_MB), "description"),
    ("step template name: 1 MB", lambda: step(template=ONE_MB), "template"),
    ("when.min_amount: 10 MB", lambda: step(when={"min_amount": TEN_MB}), "min_amount"),
    ("template body: 1 MB", lambda: Template(id="t", body=ONE_MB), "body"),
    ("creditor name: 1 MB", lambda: Creditor(name=ONE_MB, document="11222333000181"), "name"),
    ("creditor document: 1 MB", lambda: Creditor(name="Acme", document=ONE_MB), "document"),
    ("calendar name: 1 MB", lambda: BusinessCalendar(name=ONE_MB), "name"),
    (
        "calendar holiday name: 1 MB",
        lambda: BusinessCalendar({SAMPLE_AS_OF: ONE_MB}),
        "holidays",
    ),
    ("calendar state: 1 MB", lambda: BusinessCalendar.brazil(ONE_MB), "state"),
    ("lint text: 1 MB", lambda: regua.lint(ONE_MB), "text"),
    ("lint ignore: a str", lambda: regua.lint("Olá", ignore="ANA"), "ignore"),
    ("render template: 1 MB", lambda: regua.render(ONE_MB, {}, channel="email"), "template"),
    (
        "render notice_days: 10**9",
        lambda: regua.render("Olá", {}, channel="email", notice_days=10**9),
        "notice_days",
    ),
    ("builtin template id: 1 MB", lambda: regua.templates.builtin_template(ONE_MB), "template"),
    # lists
    ("invoice tags: 10,000", lambda: invoice(tags=[str(i) for i in range(10_000)]), "tags"),
    (
        "invoice payments: 10,001",
        lambda: invoice(payments=[{"date": SAMPLE_AS_OF, "amount": "0.01"}] * 10_001),
        "payments",
    ),
    ("schedule steps: 1,000", lambda: schedule(steps=[STEP] * 1_000), "steps"),
    (
        "extra holidays: 20,000",
        lambda: CalendarSpec(extra_holidays=[SAMPLE_AS_OF] * 20_000),
        "extra_holidays",
    ),
    (
        "calendar holidays: 20,000",
        lambda: BusinessCalendar([SAMPLE_AS_OF] * 20_000),
        "holidays",
    ),
    ("calendar weekend: 1,000 days", lambda: BusinessCalendar(weekend=[5] * 1_000), "weekend"),
    (
        "lint ignore: 10,000 strings",
        lambda: regua.lint("Olá", ignore=["A"] * 10_000),
        "ignore",
    ),
    (
        "effective_rate payments: 100,000",
        lambda: regua.installments.effective_rate("100.00", ["1.00"] * 100_000),
        "payments",
    ),
    ("split n: 10**9", lambda: split(Decimal("100.00"), 10**9), "n"),
    ("allocate weights: 200,000", lambda: allocate(Decimal("1.00"), [1] * 200_000), "weights"),
    (
        "aging buckets: 10,000",
        lambda: regua.scoring.aging(
            [], as_of=SAMPLE_AS_OF, buckets=[(str(k), k, k) for k in range(10_000)]
        ),
        "buckets",
    ),
    (
        "aging bucket label: 1 MB",
        lambda: regua.scoring.aging(
            [], as_of=SAMPLE_AS_OF, buckets=[(ONE_MB, None, 0), ("late", 1, None)]
        ),
        "buckets[0].label",
    ),
    (
        "aging bucket: wrong shape",
        lambda: regua.scoring.aging([], as_of=SAMPLE_AS_OF, buckets=[("a",)]),
        "buckets[0]",
    ),
    (
        "render context: 10,000 values",
        lambda: regua.render("Olá", {f"k{i}": "x" for i in range(10_000)}, channel="email"),
        "context",
    ),
    (
        "extra placeholders: 10,000",
        lambda: regua.templates.validate_template(
            "Olá", extra_placeholders=[f"k{i}" for i in range(10_000)]
        ),
        "extra_placeholders",
    ),
    ("action reason: 1 MB", lambda: action(reason=ONE_MB), "reason"),
    ("action context value: 1 MB", lambda: action(context={"pix_code": ONE_MB}), "context"),
    ("action amount_due: 10 MB", lambda: action(amount_due=TEN_MB), "amount_due"),
    ("record invoice_ids: empty", lambda: record(invoice_ids=[]), "invoice_ids"),
    (
        "agreement installments: 1,000",
        lambda: agreement(
            installments=[
                {"number": k, "due_date": date(2026, 4, 1), "amount": "1.00"}
                for k in range(1, 1_001)
            ]
        ),
        "installments",
    ),
]

# Traced MB any one case may use; real runs take a few MB. No case is timed: a timed test fails
# on a loaded machine, and a refused input's work shows as memory.
MAX_MB = 200


def test_the_battery_covers_at_least_sixty_kinds() -> None:
    assert len(CASES) >= 60
    assert len({kind for kind, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("kind", "call", "field"), CASES, ids=[kind for kind, _, _ in CASES])
def test_malformed_input_is_refused_naming_its_field(
    kind: str, call: Callable[[], object], field: str
) -> None:
    tracemalloc.start()
    try:
        with pytest.raises((ReguaError, ValidationError)) as caught:
            call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    error = caught.value
    message = str(error)
    if isinstance(error, ValidationError):
        named = {".".join(str(part) for part in e["loc"]) for e in error.errors()}
        assert any(field in loc or field in message for loc in named), (kind, message)
    else:
        assert field in error.field, (kind, error.field, message)  # type: ignore[attr-defined]
    assert len(message) < 1_000, (kind, message[:300])
    assert peak < MAX_MB * 1e6, (kind, peak)

"""Collection priority: ranking, reasons, tie-breaks and input checks."""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from regua.errors import InvalidInputError
from regua.models import Customer, Invoice, Profile
from regua.prescription import is_prescribed, prescribed_on
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices
from regua.scoring import prioritize, score
from regua.scoring.profile import classify

AS_OF = date(2026, 3, 31)
CENT = Decimal("0.01")


def customer(cid: str) -> Customer:
    return Customer(id=cid, name=f"Customer {cid}", kind="consumer")


def open_invoice(cid: str, n: int, due: date, amount: str = "100.00", **extra: object) -> Invoice:
    return Invoice(id=f"{cid}-{n}", customer_id=cid, amount=amount, due_date=due, **extra)


def test_sample_ranking() -> None:
    rows = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
    # c12 owes only its 2020 invoice, prescribed since 2025-11-11: set aside, not ranked.
    assert [r.customer_id for r in rows] == ["c04", "c05", "c06", "c03", "c09", "c08"]
    assert [r.rank for r in rows] == list(range(1, 7))
    assert [r.customer_id for r in rows.set_aside] == ["c12"]
    top = rows[0]
    # c04 owes February and March (2 x 4870.00); priority = amount x score / 100.
    assert (top.amount_at_risk, top.overdue_invoices, top.days_overdue) == (
        Decimal("9740.00"),
        2,
        34,
    )
    c04 = [i for i in sample_invoices() if i.customer_id == "c04"]
    assert top.score == score(c04, as_of=SAMPLE_AS_OF).score
    assert top.priority == (Decimal("9740.00") * top.score / 100).quantize(Decimal("0.01"))
    assert top.reasons[0] == "BRL 9740.00 past due on 2 invoices"
    assert top.reasons[2].startswith("profile recurring: ")
    assert top.name == "Distribuidora Delta Ltda"


def test_partial_payment_counts_only_the_balance_and_disputes_are_left_out() -> None:
    rows = {r.customer_id: r for r in prioritize(sample_customers(), sample_invoices(),
                                                 as_of=SAMPLE_AS_OF)}  # fmt: skip
    assert rows["c09"].amount_at_risk == Decimal("200.00")  # 310.00 - 110.00
    assert "c07" not in rows  # its only open invoice is disputed
    assert "c10" not in rows  # due on as_of: not past due yet


def test_ties_go_to_worse_profile_then_older_then_larger_then_id() -> None:
    # Identical histories: equal priority, decided by customer id.
    invoices = [open_invoice(cid, 1, date(2026, 3, 1)) for cid in ("b", "a")]
    rows = prioritize([customer("b"), customer("a")], invoices, as_of=AS_OF)
    assert [r.customer_id for r in rows] == ["a", "b"]
    assert rows[0].priority == rows[1].priority


def test_equal_priority_goes_to_the_worse_profile() -> None:
    # One cent at risk each: priority rounds to 0.00 for both while the score is below 50.
    slip = [open_invoice("a", 1, date(2026, 3, 20), "0.01")]
    habit = [
        open_invoice("b", m, date(2025, m, 1), "0.01",
                     payments=[{"date": date(2025, m, 11), "amount": "0.01"}])
        for m in (6, 7, 8)
    ] + [open_invoice("b", 9, date(2026, 3, 20), "0.01")]  # fmt: skip
    rows = prioritize([customer("a"), customer("b")], slip + habit, as_of=AS_OF)
    assert [(r.customer_id, r.profile, r.priority) for r in rows] == [
        ("b", Profile.RECURRING, Decimal("0.00")),
        ("a", Profile.ONE_OFF, Decimal("0.00")),
    ]


def test_order_of_input_does_not_matter() -> None:
    invoices, customers = sample_invoices(), sample_customers()
    expected = prioritize(customers, invoices, as_of=SAMPLE_AS_OF)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(invoices)
        rng.shuffle(customers)
        assert prioritize(customers, invoices, as_of=SAMPLE_AS_OF) == expected


def test_limit() -> None:
    rows = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF, limit=2)
    assert [r.customer_id for r in rows] == ["c04", "c05"]
    with pytest.raises(InvalidInputError, match="limit"):
        prioritize([], [], as_of=AS_OF, limit=-1)


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="not among the customers"):
        prioritize([customer("a")], [open_invoice("z", 1, date(2026, 3, 1))], as_of=AS_OF)
    mixed = [open_invoice("a", 1, date(2026, 3, 1)),
             open_invoice("a", 2, date(2026, 3, 1), currency="USD")]  # fmt: skip
    with pytest.raises(InvalidInputError, match="currencies"):
        prioritize([customer("a")], mixed, as_of=AS_OF)


def test_rows_to_records() -> None:
    records = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF).to_records()
    assert records[0]["profile"] == Profile.RECURRING.value
    assert list(records[0]) == [
        "rank", "customer_id", "name", "profile", "score", "currency", "amount_at_risk",
        "collectable_amount", "prescribed_amount", "prescribed", "overdue_invoices",
        "days_overdue", "priority", "reasons",
    ]  # fmt: skip
    assert all(not record["prescribed"] for record in records)
    (aside,) = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF).set_aside
    assert (aside.customer_id, aside.prescribed, aside.prescribed_amount) == (
        "c12",
        True,
        Decimal("640.00"),
    )


# --------------------------------------------------------------------------------- prescription
# Hand-computed: the term runs from the day after the due date (REsp 1.316.117), N years on;
# a 29 February that does not exist becomes 1 March (the rule of the dunning guardrail).
@pytest.mark.parametrize(
    ("due", "years", "expected"),
    [
        (date(2020, 3, 10), 5, date(2025, 3, 11)),
        (date(2020, 3, 10), 3, date(2023, 3, 11)),  # rents, CC 206 §3 I
        (date(2024, 2, 29), 5, date(2029, 3, 1)),  # a 29 Feb due date: the term starts 1 Mar
        (date(2024, 2, 29), 4, date(2028, 3, 1)),
        (date(2024, 2, 28), 5, date(2029, 3, 1)),  # starts 29 Feb 2024; 2029 has none
        (date(2024, 2, 28), 4, date(2028, 2, 29)),  # 2028 has one
        (date(2019, 12, 31), 5, date(2025, 1, 1)),
    ],
)
def test_prescribed_on_hand_computed(due: date, years: int, expected: date) -> None:
    assert prescribed_on(due, years) == expected
    assert not is_prescribed(due, date.fromordinal(expected.toordinal() - 1), years)
    assert is_prescribed(due, expected, years)


def test_prescribed_on_bad_input() -> None:
    for years in (0, -1, True, 2.5, "5"):
        with pytest.raises(InvalidInputError, match="years"):
            prescribed_on(date(2020, 3, 10), years)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="due: a 5-year term from 9999-01-01"):
        prescribed_on(date(9999, 1, 1), 5)
    assert not is_prescribed(date(9999, 1, 1), date(9999, 12, 31), 5)


def test_prescription_starts_the_day_after_the_due_date_plus_five_years() -> None:
    old = open_invoice("a", 1, date(2020, 3, 10), "500.00")
    recent = open_invoice("b", 1, date(2025, 3, 1), "10.00")
    customers = [customer("a"), customer("b")]
    before = prioritize(customers, [old, recent], as_of=date(2025, 3, 10))
    assert [(r.customer_id, r.prescribed, r.prescribed_amount) for r in before] == [
        ("a", False, Decimal("0.00")),
        ("b", False, Decimal("0.00")),
    ]
    assert before[0].collectable_amount == Decimal("500.00")
    after = prioritize(customers, [old, recent], as_of=date(2025, 3, 11))
    assert [(r.customer_id, r.prescribed) for r in after] == [("b", False)]
    (a,) = after.set_aside
    assert (a.rank, a.amount_at_risk, a.collectable_amount, a.prescribed_amount, a.priority) == (
        0,
        Decimal("500.00"),
        Decimal("0.00"),
        Decimal("500.00"),
        Decimal("0.00"),
    )
    assert a.reasons[1] == (
        "all of it prescribed (1 invoice due more than 5 years ago): no contact about it, "
        "judicial or extrajudicial (CC 206 §5 I; STJ REsp 2.088.100/SP; CDC 43 §5)"
    )
    assert a.reasons[2] == "nothing collectable: set aside, not ranked"


def test_partly_prescribed_customer_ranks_on_the_collectable_part() -> None:
    invoices = [
        open_invoice("a", 1, date(2019, 6, 10), "1000.00"),
        open_invoice("a", 2, date(2026, 2, 10), "200.00"),
        # A partial payment on the old debt is lawful: only its balance is prescribed.
        open_invoice("a", 3, date(2020, 1, 10), "300.00",
                     payments=[{"date": date(2024, 5, 2), "amount": "120.00"}]),
    ]  # fmt: skip
    (row,) = prioritize([customer("a")], invoices, as_of=AS_OF)
    assert (row.amount_at_risk, row.collectable_amount, row.prescribed_amount) == (
        Decimal("1380.00"),
        Decimal("200.00"),
        Decimal("1180.00"),
    )
    assert not row.prescribed
    risk = score(invoices, as_of=AS_OF).score
    assert row.score == risk
    assert row.priority == (Decimal("200.00") * risk / 100).quantize(CENT, ROUND_HALF_UP)
    assert row.reasons[1].startswith("BRL 1180.00 of it prescribed (2 invoices due more than 5 ")
    assert row.reasons[2] == "ranked on the BRL 200.00 still collectable"
    unlimited = prioritize([customer("a")], invoices, as_of=AS_OF, prescription_years=None)[0]
    assert unlimited.priority == (Decimal("1380.00") * risk / 100).quantize(CENT, ROUND_HALF_UP)


def test_fully_prescribed_customers_are_set_aside_whatever_they_owe() -> None:
    # a: 100,000.00 prescribed and a bad history; b: one cent, one day late; c: 300.00
    # prescribed. The set-aside list goes by amount, largest first; a limit leaves it whole.
    invoices = [open_invoice("a", m, date(2019, m, 10), "20000.00") for m in range(1, 6)]
    invoices.append(open_invoice("b", 1, date(2026, 3, 30), "0.01"))
    invoices.append(open_invoice("c", 1, date(2020, 1, 10), "300.00"))
    everyone = [customer("c"), customer("a"), customer("b")]
    rows = prioritize(everyone, invoices, as_of=AS_OF)
    assert [(r.rank, r.customer_id) for r in rows] == [(1, "b")]
    assert [(r.rank, r.customer_id, r.prescribed) for r in rows.set_aside] == [
        (0, "a", True),
        (0, "c", True),
    ]
    assert rows.set_aside[0].score > rows[0].score
    limited = prioritize(everyone, invoices, as_of=AS_OF, limit=0)
    assert (len(limited), len(limited.set_aside)) == (0, 2)
    assert len(rows[:1].set_aside) == 2  # a slice keeps what was set aside
    assert classify(invoices[:5], as_of=AS_OF).profile is Profile.RECURRING


def test_sample_c12_is_prescribed_and_listed_last() -> None:
    rows = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF)
    (c12,) = rows.set_aside
    assert (c12.rank, c12.customer_id, c12.prescribed) == (0, "c12", True)
    assert (c12.amount_at_risk, c12.collectable_amount, c12.prescribed_amount) == (
        Decimal("640.00"),
        Decimal("0.00"),
        Decimal("640.00"),
    )
    assert (c12.score, c12.days_overdue, c12.priority) == (Decimal("45.1"), 1952, Decimal("0.00"))
    assert all(not r.prescribed and r.prescribed_amount == 0 for r in rows)
    # Due 2020-11-10, prescribed on 2025-11-11: the day before, it still ranked third.
    assert prescribed_on(date(2020, 11, 10), 5) == date(2025, 11, 11)
    day_before = prioritize(sample_customers(), sample_invoices(), as_of=date(2025, 11, 10))
    assert not any(r.prescribed for r in day_before)
    assert "c12" in {r.customer_id for r in day_before}
    assert len(day_before.set_aside) == 0


def test_none_disables_prescription() -> None:
    rows = prioritize(sample_customers(), sample_invoices(), as_of=SAMPLE_AS_OF,
                      prescription_years=None)  # fmt: skip
    assert [r.customer_id for r in rows] == ["c04", "c05", "c12", "c06", "c03", "c09", "c08"]
    assert rows[2].priority == Decimal("288.64")  # 640.00 x 45.1 / 100
    assert all(not r.prescribed and r.collectable_amount == r.amount_at_risk for r in rows)
    assert all("prescribed" not in reason for r in rows for reason in r.reasons)


def test_a_longer_term_or_a_shorter_one_for_rents() -> None:
    invoices = [open_invoice("a", 1, date(2022, 3, 10))]
    assert not prioritize([customer("a")], invoices, as_of=AS_OF)[0].prescribed  # 5 years
    (rent,) = prioritize([customer("a")], invoices, as_of=AS_OF, prescription_years=3).set_aside
    assert rent.prescribed
    assert "due more than 3 years ago" in rent.reasons[1]
    old = [open_invoice("a", 1, date(2016, 4, 10))]  # prescribes on 2026-04-11 under CC 205
    assert not prioritize([customer("a")], old, as_of=AS_OF, prescription_years=10)[0].prescribed
    older = [open_invoice("a", 1, date(2016, 3, 10))]  # prescribed on 2026-03-11
    assert (
        prioritize([customer("a")], older, as_of=AS_OF, prescription_years=10)
        .set_aside[0]
        .prescribed
    )


def test_disputed_prescribed_debt_is_left_out_like_any_dispute() -> None:
    invoices = [open_invoice("a", 1, date(2019, 3, 10), disputed=True),
                open_invoice("a", 2, date(2026, 3, 10))]  # fmt: skip
    (row,) = prioritize([customer("a")], invoices, as_of=AS_OF)
    assert (row.amount_at_risk, row.prescribed_amount, row.prescribed) == (
        Decimal("100.00"),
        Decimal("0.00"),
        False,
    )


@pytest.mark.parametrize("years", [0, -5, True, 2.0, "5"])
def test_bad_prescription_years(years: object) -> None:
    with pytest.raises(InvalidInputError, match="prescription_years: must be a whole number >= 1"):
        prioritize([], [], as_of=AS_OF, prescription_years=years)  # type: ignore[arg-type]

"""Delinquency profiles: hand-made histories at every class boundary."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from regua.errors import InvalidInputError
from regua.models import Invoice, Profile
from regua.samples import SAMPLE_AS_OF, sample_invoices
from regua.scoring import ProfilePolicy, ProfileResult, classify, classify_portfolio

AS_OF = date(2026, 3, 31)


def monthly(delays: list[int | None], *, customer: str = "c1", last_due: date = date(2026, 3, 10)):
    """Monthly invoices ending at ``last_due``; each delay is days paid after due, None = open."""
    invoices = []
    n = len(delays)
    for k, delay in enumerate(delays):
        months_back = n - 1 - k
        year, month = divmod(last_due.month - 1 - months_back, 12)
        due = date(last_due.year + year, month + 1, last_due.day)
        payments = (
            [] if delay is None else [{"date": due + timedelta(days=delay), "amount": "50.00"}]
        )
        invoices.append(
            Invoice(id=f"{customer}-{k:02d}", customer_id=customer, amount="50.00", due_date=due,
                    payments=payments)
        )  # fmt: skip
    return invoices


def test_all_on_time_is_good() -> None:
    result = classify(monthly([0, -3, 0, 2, 5, 0]), as_of=AS_OF)
    assert result.profile is Profile.GOOD
    assert (result.invoices_considered, result.late_invoices, result.late_ratio) == (6, 0, 0)
    assert result.reasons[-1] == "good: no invoice more than 5 days late"


def test_grace_boundary_five_days_is_on_time_six_is_late() -> None:
    assert classify(monthly([0, 5, 0]), as_of=AS_OF).late_invoices == 0
    late = classify(monthly([0, 6, 0]), as_of=AS_OF)
    assert (late.late_invoices, late.max_days_late, late.profile) == (1, 6, Profile.ONE_OFF)
    assert classify(
        monthly([0, 6, 0]), as_of=AS_OF, policy=ProfilePolicy(grace_days=6)
    ).profile is (Profile.GOOD)


def test_open_invoice_counts_as_late_by_the_days_so_far() -> None:
    # Due 2026-03-10, still open on 2026-03-31: 21 days late so far.
    result = classify(monthly([0, 0, None]), as_of=AS_OF)
    assert result.profile is Profile.ONE_OFF
    assert result.late_events[0].days_late == 21
    assert result.late_events[0].paid_on is None
    assert result.current_days_overdue == 21


def test_open_within_grace_is_neither_late_nor_considered() -> None:
    result = classify(monthly([0, 0, None]), as_of=date(2026, 3, 15))
    assert (result.profile, result.invoices_considered, result.current_days_overdue) == (
        Profile.GOOD,
        2,
        5,
    )


def test_invoice_not_yet_due_is_ignored() -> None:
    future = Invoice(id="f", customer_id="c1", amount="10.00", due_date=AS_OF + timedelta(days=1))
    result = classify([*monthly([0, 0]), future], as_of=AS_OF)
    assert (result.invoices_considered, result.profile) == (2, Profile.GOOD)


def test_payment_after_as_of_is_ignored() -> None:
    # Paid 2026-04-20 on an invoice due 2026-03-10: at 2026-03-31 it is simply open.
    invoices = monthly([0, 0, 41])
    at_31 = classify(invoices, as_of=AS_OF)
    assert at_31.late_events[0].paid_on is None
    assert at_31.current_days_overdue == 21
    later = classify(invoices, as_of=date(2026, 5, 1))
    assert later.late_events[0].paid_on == date(2026, 4, 20)
    assert later.late_events[0].days_late == 41


def test_two_consecutive_late_invoices_are_one_off_three_are_recurring() -> None:
    two = classify(monthly([0, 0, 0, 0, 0, 40, 10, 0]), as_of=AS_OF)
    assert (two.profile, two.late_episodes, two.longest_late_run) == (Profile.ONE_OFF, 1, 2)
    three = classify(monthly([0, 0, 0, 0, 40, 40, 10, 0]), as_of=AS_OF)
    assert (three.profile, three.late_episodes, three.longest_late_run) == (
        Profile.RECURRING,
        1,
        3,
    )
    assert "3 consecutive late invoices (from 3)" in three.reasons[-1]


def test_two_separate_episodes_are_occasional() -> None:
    result = classify(monthly([0, 10, 0, 0, 0, 12, 0, 0]), as_of=AS_OF)
    assert (result.profile, result.late_episodes, result.late_invoices) == (
        Profile.OCCASIONAL,
        2,
        2,
    )
    assert [e.episode for e in result.late_events] == [1, 2]
    assert result.late_ratio == Decimal("0.2500")
    assert result.mean_days_late == Decimal("11.0")


def test_three_separate_episodes_are_recurring_even_at_a_low_ratio() -> None:
    delays = [0, 10, 0, 0, 10, 0, 0, 10, 0, 0, 0, 0]
    result = classify(monthly(delays), as_of=AS_OF)
    assert (result.profile, result.late_episodes, result.late_ratio) == (
        Profile.RECURRING,
        3,
        Decimal("0.2500"),
    )


def test_late_ratio_rule_needs_enough_invoices() -> None:
    # 2 of 4 late in separate episodes: ratio 50% -> recurring.
    assert classify(monthly([10, 0, 10, 0]), as_of=AS_OF).profile is Profile.RECURRING
    # 2 of 3 late: ratio 67%, but 3 < ratio_min_invoices, so two episodes -> occasional.
    assert classify(monthly([10, 0, 10]), as_of=AS_OF).profile is Profile.OCCASIONAL
    # 2 of 5 late (40%) stays occasional.
    assert classify(monthly([10, 0, 10, 0, 0]), as_of=AS_OF).profile is Profile.OCCASIONAL


def test_late_invoice_due_while_an_earlier_one_is_unpaid_joins_its_episode() -> None:
    # Jan paid 2026-03-20 (69 days late); Feb on time; Mar due while Jan still unpaid.
    invoices = monthly([69, 0, 8])
    result = classify(invoices, as_of=AS_OF)
    assert (result.late_invoices, result.late_episodes, result.longest_late_run) == (2, 1, 1)
    assert result.profile is Profile.ONE_OFF
    # Jan paid before Mar's due date: two episodes.
    assert classify(monthly([40, 0, 8]), as_of=AS_OF).late_episodes == 2


def test_window_drops_old_paid_invoices_but_keeps_old_open_ones() -> None:
    old_paid = Invoice(id="o1", customer_id="c1", amount="10.00", due_date=date(2024, 1, 10),
                       payments=[{"date": date(2024, 3, 10), "amount": "10.00"}])  # fmt: skip
    old_open = Invoice(id="o2", customer_id="c1", amount="10.00", due_date=date(2024, 1, 10))
    assert classify([old_paid, *monthly([0])], as_of=AS_OF).profile is Profile.GOOD
    result = classify([old_open, *monthly([0])], as_of=AS_OF)
    assert (result.profile, result.current_days_overdue) == (Profile.ONE_OFF, 811)
    # The window boundary: due exactly window_days - 1 days before as_of is inside.
    edge = Invoice(id="e", customer_id="c1", amount="10.00", due_date=AS_OF - timedelta(days=364),
                   payments=[{"date": AS_OF - timedelta(days=300), "amount": "10.00"}])  # fmt: skip
    assert classify([edge], as_of=AS_OF).late_invoices == 1
    out = edge.model_copy(update={"due_date": AS_OF - timedelta(days=365)})
    assert classify([out], as_of=AS_OF).invoices_considered == 0


def test_disputed_invoice_is_left_out_unless_the_policy_says_otherwise() -> None:
    disputed = Invoice(id="d", customer_id="c1", amount="10.00", due_date=date(2026, 1, 10),
                       disputed=True)  # fmt: skip
    assert classify([disputed], as_of=AS_OF).profile is Profile.GOOD
    counted = classify([disputed], as_of=AS_OF, policy=ProfilePolicy(exclude_disputed=False))
    assert (counted.profile, counted.max_days_late) == (Profile.ONE_OFF, 80)


def test_partial_payments_settle_on_the_payment_that_covers_the_amount() -> None:
    invoice = Invoice(id="p", customer_id="c1", amount="100.00", due_date=date(2026, 2, 10),
                      payments=[{"date": date(2026, 2, 10), "amount": "60.00"},
                                {"date": date(2026, 2, 28), "amount": "40.00"}])  # fmt: skip
    result = classify([invoice], as_of=AS_OF)
    assert (result.late_events[0].paid_on, result.late_events[0].days_late) == (
        date(2026, 2, 28),
        18,
    )
    overpaid = invoice.model_copy(
        update={"payments": (invoice.payments[0].model_copy(update={"amount": Decimal("120")}),)}
    )
    assert classify([overpaid], as_of=AS_OF).profile is Profile.GOOD


def test_empty_history() -> None:
    result = classify([], as_of=AS_OF)
    assert (result.customer_id, result.profile, result.invoices_considered) == (
        None,
        Profile.GOOD,
        0,
    )


def test_bad_input_raises_clear_errors() -> None:
    with pytest.raises(InvalidInputError, match="several customers"):
        classify([*monthly([0], customer="a"), *monthly([0], customer="b")], as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="appears twice"):
        classify(monthly([0]) * 2, as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="as_of"):
        classify(monthly([0]), as_of=datetime(2026, 3, 31, 12))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"invoices\[0\]: expected Invoice"):
        classify([5], as_of=AS_OF)  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match=r"invoices\[0\]\.customer_id: Field required"):
        classify([{"id": "x"}], as_of=AS_OF)  # a mapping is validated
    with pytest.raises(ValidationError, match="one_off_max_run"):
        ProfilePolicy(one_off_max_run=3)
    with pytest.raises(ValidationError, match="grace_days"):
        ProfilePolicy(grace_days=-1)
    with pytest.raises(ValidationError, match="recurring_min_episodes"):
        ProfilePolicy(recurring_min_episodes=1)


def test_sample_portfolio_profiles() -> None:
    table = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)
    assert [r.customer_id for r in table] == [f"c{n:02d}" for n in range(1, 13)]
    assert {cid: p.value for cid, p in table.profiles().items()} == {
        "c01": "good", "c02": "one_off", "c03": "occasional", "c04": "recurring",
        "c05": "recurring", "c06": "recurring", "c07": "good", "c08": "one_off",
        "c09": "one_off", "c10": "good", "c11": "good", "c12": "one_off",
    }  # fmt: skip
    assert [(m.profile, m.customers, m.share) for m in table.mix()] == [
        (Profile.GOOD, 4, Decimal("0.3333")),
        (Profile.ONE_OFF, 4, Decimal("0.3333")),
        (Profile.OCCASIONAL, 1, Decimal("0.0833")),
        (Profile.RECURRING, 3, Decimal("0.2500")),
    ]


def test_portfolio_rows_equal_single_customer_classification() -> None:
    invoices = sample_invoices()
    table = classify_portfolio(iter(invoices[::-1]), as_of=SAMPLE_AS_OF)
    for row in table:
        mine = [i for i in invoices if i.customer_id == row.customer_id]
        assert row == classify(mine, as_of=SAMPLE_AS_OF)


def test_records_are_plain_values() -> None:
    records = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF).to_records()
    c04 = records[3]
    assert list(c04)[:4] == ["customer_id", "as_of", "profile", "invoices_considered"]
    assert c04["profile"] == "recurring"
    assert type(c04["profile"]) is str
    assert isinstance(c04["reasons"], list)
    assert c04["late_events"][0] == {
        "invoice_id": "c04-202509", "due_date": date(2025, 9, 10), "days_late": 15,
        "paid_on": date(2025, 9, 25), "episode": 1,
    }  # fmt: skip
    assert set(ProfileResult.__dataclass_fields__) == set(c04)


def test_to_pandas_and_polars() -> None:
    table = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF)
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = table.mix().to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["customers"]) == [4, 4, 1, 3]


def test_to_polars() -> None:
    pytest.importorskip("polars")
    frame = classify_portfolio(sample_invoices(), as_of=SAMPLE_AS_OF).mix().to_polars()
    assert frame["profile"].to_list() == ["good", "one_off", "occasional", "recurring"]

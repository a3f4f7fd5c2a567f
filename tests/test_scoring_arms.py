"""compare_arms: hand values on a small test, and the intervals' coverage on 200 seeded
repetitions of two simulated arms (seeds 0-199 and 1000-1199, fixed before looking)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from regua.errors import InvalidInputError
from regua.models import ContactRecord, Invoice
from regua.scoring import compare_arms

DUE = date(2026, 1, 10)
START, END, AS_OF = date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 31)
D = Decimal


def invoice(customer: str, amount: str, paid: str | None = None) -> Invoice:
    payments = [{"date": date(2026, 2, 1), "amount": paid}] if paid else []
    return Invoice(id="i", customer_id=customer, amount=amount, due_date=DUE, payments=payments)


def contact(customer: str, channel: str | None) -> ContactRecord:
    return ContactRecord(
        action_id=f"a-{customer}-{channel}", customer_id=customer, step_id="s",
        invoice_ids=("i",), channel=channel, at=datetime(2026, 1, 15, 12, tzinfo=UTC),
    )  # fmt: skip


def test_hand_values() -> None:
    invoices = [
        invoice("a1", "100.00", "100.00"),  # champion: cured
        invoice("a2", "300.00"),  # champion: nothing paid
        invoice("b1", "200.00", "50.00"),  # challenger: a quarter paid, not cured
        invoice("b2", "200.00", "200.00"),  # challenger: cured
        invoice("x1", "999.00"),  # not in the test
    ]
    history = [contact("a1", "sms"), contact("a2", "sms"), contact("b1", "phone"),
               contact("b1", "sms"), contact("b2", None), contact("x1", "sms")]  # fmt: skip
    result = compare_arms(
        invoices, arms={"a1": "old", "a2": "old", "b1": "new", "b2": "new"}, champion="old",
        start=START, end=END, as_of=AS_OF, history=history,
        costs={"sms": "0.10", "phone": "2.50", "none": "0"},
    )  # fmt: skip
    arms = {r["arm"]: r for r in result.arms.iter_rows(named=True)}
    # old: 100 of 400 recovered = 0.25; 1 of 2 cured; 2 SMS = 0.20; 2 contacts / 100.
    # new: 250 of 400 = 0.625; 1 of 2 cured; phone 2.50 + SMS 0.10 + none 0 = 2.60; 3 / 250.
    assert [(r["amount_overdue"], r["amount_recovered"], r["recovery_rate"], r["debtors"],
             r["cured"], r["cure_rate"], r["contacts"], r["contacts_per_real"], r["cost"],
             r["cost_per_real"]) for r in (arms["new"], arms["old"])] == [
        (D("400.00"), D("250.00"), D("0.6250"), 2, 1, D("0.5000"), 3, D("0.0120"), D("2.60"),
         D("0.0104")),
        (D("400.00"), D("100.00"), D("0.2500"), 2, 1, D("0.5000"), 2, D("0.0200"), D("0.20"),
         D("0.0020")),
    ]  # fmt: skip
    costs = {(r["arm"], r["channel"]): (r["contacts"], r["cost"]) for r in
             result.costs.iter_rows(named=True)}  # fmt: skip
    assert costs == {("new", "none"): (1, D("0.00")), ("new", "phone"): (1, D("2.50")),
                     ("new", "sms"): (1, D("0.10")), ("old", "sms"): (2, D("0.20"))}  # fmt: skip
    # Wilson interval of 1 of 2 at 95 %: 0.0945 to 0.9055 (centre 0.5).
    assert (arms["old"]["cure_low"], arms["old"]["cure_high"]) == (D("0.0945"), D("0.9055"))
    assert result.verdict.startswith("too few debtors to tell")
    assert "recovers 37.5 pp more than champion old" in result.verdict
    assert "<strong>too few debtors" in result._repr_html_()


def _arms(seed: int, p_champion: float, p_challenger: float, n: int = 300) -> object:
    """Two arms of ``n`` debtors; each owes 50.00-500.00 and pays it all with probability p,
    otherwise half of it with probability 0.2, otherwise nothing."""
    rng = random.Random(seed)
    invoices, arms = [], {}
    for arm, p in (("champion", p_champion), ("challenger", p_challenger)):
        for k in range(n):
            customer = f"{arm}{k}"
            cents = rng.randrange(5_000, 50_001, 2)
            amount = Decimal(cents).scaleb(-2)
            u = rng.random()
            paid = amount if u < p else amount / 2 if u < p + (1 - p) * 0.2 else None
            invoices.append(invoice(customer, str(amount), None if paid is None else str(paid)))
            arms[customer] = arm
    return compare_arms(invoices, arms=arms, champion="champion", start=START, end=END,
                        as_of=AS_OF)  # fmt: skip


def _difference(result: object, metric: str) -> tuple[float, float]:
    (row,) = result.differences.filter(result.differences["metric"] == metric).rows()  # type: ignore[attr-defined]
    return float(row[3]), float(row[4])


def test_intervals_cover_a_known_difference() -> None:
    # Amounts are independent of paying, so the true recovery rate is p + (1 - p) × 0.1:
    # 0.40 -> 0.46, 0.45 -> 0.505, a difference of 0.045; the cure rates differ by 0.05.
    covered = {"recovery_rate": 0, "cure_rate": 0}
    for seed in range(200):
        result = _arms(seed, 0.40, 0.45)
        for metric, truth in (("recovery_rate", 0.045), ("cure_rate", 0.05)):
            low, high = _difference(result, metric)
            covered[metric] += low <= truth <= high
    assert covered["recovery_rate"] >= 180, covered
    assert covered["cure_rate"] >= 180, covered
    assert covered == {"recovery_rate": 187, "cure_rate": 187}  # as docs/analysts.md says


def test_equal_arms_rarely_get_a_winner() -> None:
    winners = sum(
        " wins:" in v or " holds:" in v
        for v in (_arms(seed, 0.40, 0.40).verdict for seed in range(1000, 1200))  # type: ignore[attr-defined]
    )
    assert winners <= 20
    assert winners == 12  # as docs/analysts.md says


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"arms": {"a1": "old"}}, "arms"),
        ({"champion": "nobody"}, "champion"),
        ({"arms": {"a1": "old", "b1": ""}}, "arms['b1']"),
        ({"costs": {"sms": "-1"}}, "costs['sms']"),
        ({"costs": {"phone": "1"}}, "costs"),
        ({"confidence": 1.0}, "confidence"),
        ({"as_of": date(2026, 1, 2)}, "as_of"),
        ({"history": None}, "history"),
    ],
)
def test_bad_input_names_the_parameter(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "arms": {"a1": "old", "b1": "new"}, "champion": "old", "start": START, "end": END,
        "as_of": AS_OF, "history": [contact("a1", "sms")], **kwargs,
    }  # fmt: skip
    with pytest.raises(InvalidInputError) as caught:
        compare_arms([invoice("a1", "10.00"), invoice("b1", "10.00")], **args)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_contact_load_counts_what_simulate_carries_out() -> None:
    from regua.rules import simulate
    from regua.samples import sample_customers, sample_invoices, sample_schedule
    from regua.scoring import contact_load

    base = sample_schedule()
    lean = base.model_copy(update={"steps": base.steps[:2], "name": "lean"})
    period = {"start": date(2026, 3, 16), "end": date(2026, 3, 31)}
    load = contact_load({"padrao": base, "lean": lean}, sample_customers(), sample_invoices(),
                        **period)  # fmt: skip
    for name, schedule in (("padrao", base), ("lean", lean)):
        run = simulate(schedule, sample_customers(), sample_invoices(), **period)
        # simulate counts a back-office action under its kind, contact_load under "none".
        mine: dict[tuple[date, str], int] = {}
        for r in load.filter(load["schedule"] == name).iter_rows(named=True):
            key = (r["day"], r["action"] if r["channel"] == "none" else r["channel"])
            mine[key] = mine.get(key, 0) + r["actions"]
        theirs = {(d, k): n for d, per in run.per_day.items() for k, n in per.items()}
        assert mine == theirs
    escalations = load.filter(load["escalation"])
    assert set(escalations["action"].to_list()) == {"bureau_notice", "bureau_listing"}
    assert escalations["schedule"].unique().to_list() == ["padrao"]


def test_an_arm_named_for_its_role_is_named_once() -> None:
    from regua.scoring.arms import _verdict

    # Before: "challenger challenger recovers ... than champion champion".
    said = _verdict("challenger", "champion", -0.1, (-0.2, -0.05), 0.95, few=False)
    assert said == (
        "champion holds: challenger recovers 10.0 pp less than champion, 95 % CI -20.0 to -5.0"
    )
    assert _verdict("B", "A", 0.1, (0.05, 0.2), 0.95, few=False).startswith(
        "challenger B wins: challenger B recovers 10.0 pp more than champion A"
    )

"""Installment plans against the worked vectors of BRAZIL_RULES §5 and numpy-financial."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regua.calendar import BusinessCalendar
from regua.errors import InvalidInputError
from regua.installments import (
    InstallmentPlan,
    PlanMethod,
    effective_rate,
    equal,
    monthly_due_dates,
    price,
    sac,
)
from regua.models import Installment

D = Decimal
FIRST = date(2026, 2, 10)


@pytest.mark.parametrize(
    ("pv", "rate", "n", "pmt", "last", "interest"),
    [
        ("10000.00", "0.02", 12, "945.60", "945.55", "1347.15"),
        ("5000.00", "0.0199", 60, "143.49", "143.68", "3609.59"),
        ("1500.00", "0.0099", 24, "70.53", "70.41", "192.60"),
        ("12000.00", "0.01", 12, "1066.19", "1066.14", "794.23"),
    ],
)
def test_price_table_vectors(
    pv: str, rate: str, n: int, pmt: str, last: str, interest: str
) -> None:
    plan = price(pv, rate, n, first_due=FIRST)
    amounts = plan.payments()
    assert amounts[:-1] == [D(pmt)] * (n - 1)
    assert amounts[-1] == D(last)
    assert plan.total_interest == D(interest)
    assert plan.total_amortization == D(pv)
    assert plan.installments[-1].balance_after == 0
    assert plan.method is PlanMethod.PRICE
    # numpy-financial's exact PMT rounds to the same cents
    assert D(str(round(-npf.pmt(float(rate), n, float(pv)), 2))) == D(pmt)


@pytest.mark.parametrize(
    ("pv", "rate", "n", "t0"),
    [
        ("10000.00", "0.02", 12, "927.05"),
        ("5000.00", "0.0199", 60, "140.69"),
        ("1500.00", "0.0099", 24, "69.83"),
        ("12000.00", "0.01", 12, "1055.63"),
    ],
)
def test_price_at_signing_is_pmt_over_one_plus_i(pv: str, rate: str, n: int, t0: str) -> None:
    # Paying the first installment at signing: PMT/(1+i), per §5.
    plan = price(pv, rate, n, first_due=FIRST, first_at_signing=True)
    assert plan.payments()[:-1] == [D(t0)] * (n - 1)
    assert plan.installments[0].interest == 0
    assert plan.total_amortization == D(pv)
    assert abs(plan.payments()[-1] - D(t0)) < D("0.25")  # the residue, as in the t=1 table
    exact = -npf.pmt(float(rate), n, float(pv), when="begin")
    assert D(str(round(exact, 2))) == D(t0)
    assert abs(effective_rate(pv, plan.payments(), start=0) - D(rate)) < D("0.00001")
    with pytest.raises(InvalidInputError, match="first_at_signing"):
        price(pv, rate, n, first_due=FIRST, first_at_signing=True, down_payment="1.00")


def test_sac_vectors() -> None:
    plan = sac("12000.00", "0.01", 12, first_due=FIRST)
    assert plan.payments() == [D(1120) - 10 * k for k in range(12)]
    assert plan.total_interest == D("780.00")
    assert all(i.amortization == D("1000.00") for i in plan.installments)

    plan = sac("10000.00", "0.02", 12, first_due=FIRST)
    amounts = plan.payments()
    assert amounts[:2] == [D("1033.33"), D("1016.66")]
    assert amounts[-1] == D("850.04")
    assert plan.total_interest == D("1300.00")
    assert plan.installments[-1].amortization == D("833.37")
    assert plan.total_amortization == D("10000.00")


def test_offer_example_entry_plus_ten_at_199() -> None:
    # BRAZIL_RULES §5: debt 1050.00, 20% entry 210.00 + 10 × 93.47 at 1.99%, last 93.41
    plan = price("1050.00", "0.0199", 10, first_due=date(2026, 3, 10), down_payment="210.00")
    assert plan.installments[0].number == 0
    assert plan.installments[0].amount == D("210.00")
    assert plan.installments[0].due_date == date(2026, 2, 10)
    assert plan.payments()[1:-1] == [D("93.47")] * 9
    assert plan.payments()[-1] == D("93.41")
    assert plan.financed == D("840.00")
    assert plan.total_amortization == D("1050.00")
    assert plan.n == 10


def test_equal_split_last_takes_residue() -> None:
    plan = equal("100.00", 3, first_due=FIRST)
    assert plan.payments() == [D("33.33"), D("33.33"), D("33.34")]
    assert plan.total_interest == 0
    assert price("100.00", 0, 3, first_due=FIRST).payments() == plan.payments()


def test_due_dates_clamp_at_month_end_and_keep_day() -> None:
    dates = monthly_due_dates(date(2026, 1, 31), 5)
    assert dates == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]
    assert monthly_due_dates(date(2027, 12, 31), 3)[2] == date(2028, 2, 29)


def test_due_dates_roll_to_next_business_day() -> None:
    cal = BusinessCalendar(holidays=[date(2026, 4, 21)])
    # 2026-03-21 is a Saturday → Monday 23; 2026-04-21 a holiday (Tuesday) → 22
    plan = price("300.00", "0.01", 3, first_due=date(2026, 2, 21), calendar=cal)
    assert [i.due_date for i in plan.installments] == [
        date(2026, 2, 23),
        date(2026, 3, 23),
        date(2026, 4, 22),
    ]
    assert plan.payments() == price("300.00", "0.01", 3, first_due=date(2026, 2, 21)).payments()


def test_calculadora_do_cidadao_effective_rate() -> None:
    assert round(effective_rate("750.00", ["86.00"] * 10) * 100, 4) == D("2.5690")
    assert round(effective_rate("750.00", ["86.00"] * 10, start=0) * 100, 4) == D("3.1806")
    assert abs(effective_rate("750", [86] * 10) - D(str(npf.rate(10, 86, -750, 0)))) < D("1e-9")
    # Ex. 1: 2000 at 1% with PMT 261.50 → n ≈ 7.996
    assert round(float(npf.nper(0.01, -261.50, 2000)), 3) == 7.996
    assert abs(effective_rate("2000", ["261.50"] * 8) - D("0.01")) < D("0.0002")


def test_effective_rate_of_a_plan_is_its_rate() -> None:
    plan = price("5000.00", "0.0199", 60, first_due=FIRST)
    assert abs(effective_rate(plan.principal, plan.payments()) - D("0.0199")) < D("0.00001")
    assert effective_rate("100", ["50", "50"]) == 0
    assert str(effective_rate("100", ["99", "1"])) == "0E-12"  # no negative zero
    assert effective_rate("100", ["1000"], max_monthly_rate=None) == D("9")
    assert effective_rate("100", ["1"]) == D("-0.99")
    assert effective_rate("100", ["40", "40"]) < 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"principal": "100", "rate": "-0.01", "n": 3}, "rate"),
        ({"principal": "100", "rate": "0.01", "n": 0}, "n"),
        ({"principal": "100", "rate": "0.01", "n": True}, "n"),
        ({"principal": "0", "rate": "0.01", "n": 3}, "principal"),
        ({"principal": "100.001", "rate": "0.01", "n": 3}, "principal"),
        ({"principal": "100", "rate": 0.1, "n": 3}, "rate"),
        ({"principal": 100.1, "rate": "0.01", "n": 3}, "principal"),
        ({"principal": "100", "rate": "0.01", "n": 3, "down_payment": "100"}, "down_payment"),
        ({"principal": "100", "rate": "0.01", "n": 3, "down_payment": "-1"}, "down_payment"),
        ({"principal": "0.05", "rate": "0.01", "n": 10}, "n"),
        (
            {
                "principal": "100",
                "rate": "0.01",
                "n": 3,
                "down_payment": "10",
                "down_payment_due": date(2026, 3, 1),
            },
            "down_payment_due",
        ),
        (
            {"principal": "100", "rate": "0.01", "n": 3, "down_payment_due": FIRST},
            "down_payment_due",
        ),
    ],
)
def test_bad_input_is_a_clear_error(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        price(first_due=FIRST, **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


def test_bad_effective_rate_input() -> None:
    with pytest.raises(InvalidInputError, match="payments"):
        effective_rate("100", [])
    with pytest.raises(InvalidInputError, match="payments"):
        effective_rate("100", ["100"], start=0)
    with pytest.raises(InvalidInputError, match="principal"):
        effective_rate("0", ["1"])
    with pytest.raises(InvalidInputError, match=r"payments\[1\]"):
        effective_rate("100", ["1", "-1"])
    with pytest.raises(InvalidInputError, match="first_due"):
        monthly_due_dates("2026-01-01", 3)  # type: ignore[arg-type]


def test_sac_and_equal_reject_too_many_installments() -> None:
    with pytest.raises(InvalidInputError, match="too small"):
        sac("0.05", "0.01", 10, first_due=FIRST)
    with pytest.raises(InvalidInputError, match="too small"):
        equal("0.05", 10, first_due=FIRST)


_PLACES = {"BRL": 2, "JPY": 0, "KWD": 3}


@st.composite
def _plans(draw: st.DrawFn) -> InstallmentPlan:
    """Any plan the three functions make, in currencies of 0, 2 and 3 places."""
    currency = draw(st.sampled_from(sorted(_PLACES)))
    places = _PLACES[currency]
    units = draw(st.integers(min_value=10**places, max_value=10**9))
    n = draw(st.integers(min_value=1, max_value=min(60, units)))
    rate = draw(st.integers(min_value=0, max_value=900).map(lambda b: D(b) / 10_000))
    first_due = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
    kind = draw(st.sampled_from(["price", "price_at_signing", "sac", "equal"]))
    entry = 0
    if kind != "price_at_signing" and units > n and draw(st.booleans()):
        entry = draw(st.integers(min_value=1, max_value=units - n))
    pv, down = D(units).scaleb(-places), D(entry).scaleb(-places)
    common = {"first_due": first_due, "currency": currency, "down_payment": down}
    try:
        if kind == "equal":
            return equal(pv, n, **common)  # type: ignore[arg-type]
        if kind == "sac":
            return sac(pv, rate, n, **common)  # type: ignore[arg-type]
        at_signing = kind == "price_at_signing"
        return price(pv, rate, n, first_at_signing=at_signing, **common)  # type: ignore[arg-type]
    except InvalidInputError:  # a rounded PMT too small for so many installments
        assume(False)
        raise


@settings(max_examples=300, deadline=None)
@given(plan=_plans())
def test_plans_built_without_validation_equal_validated_ones(plan: InstallmentPlan) -> None:
    # The models are built from computed values without pydantic: validating their dump must
    # give the same plan, down to each amount's exponent and the fields recorded as set.
    validated = InstallmentPlan.model_validate(plan.model_dump())
    assert validated == plan
    for field in ("method", "currency", "principal", "down_payment", "rate"):
        assert repr(getattr(validated, field)) == repr(getattr(plan, field))
    for row in plan.installments:
        dump = row.model_dump(exclude_unset=True)
        checked = Installment.model_validate(dump, context={"currency": plan.currency})
        assert repr(checked) == repr(row)
        assert checked.model_fields_set == row.model_fields_set


def test_down_payment_in_a_three_place_currency() -> None:
    # Validating the down payment row against BRL used to refuse KWD's third decimal.
    plan = equal("10.000", 2, first_due=FIRST, down_payment="1.234", currency="KWD")
    assert [str(i.amount) for i in plan.installments] == ["1.234", "4.383", "4.383"]
    assert plan.installments[0].balance_after == D("8.766")
    assert InstallmentPlan.model_validate(plan.model_dump()) == plan
    # and a JPY down payment is written in yen, not with BRL's two decimals
    yen = equal("10000", 4, first_due=FIRST, down_payment="2000", currency="JPY")
    assert [str(i.amount) for i in yen.installments] == ["2000"] * 5


def test_plan_in_a_currency_checks_its_installments_in_it() -> None:
    plan = equal("10.000", 2, first_due=FIRST, currency="KWD").model_dump()
    plan["installments"][0]["amount"] = "5.0001"
    with pytest.raises(ValueError, match="more than 3 decimal places for KWD"):
        InstallmentPlan.model_validate(plan)


@settings(max_examples=300, deadline=None)
@given(
    first=st.dates(min_value=date(1900, 1, 1), max_value=date(2196, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_due_dates_agree_with_relativedelta(first: date, n: int) -> None:
    expected = [first + relativedelta(months=k) for k in range(n)]
    assert monthly_due_dates(first, n) == expected


def test_price_spreads_a_residue_that_made_the_last_installment_four_times_the_others() -> None:
    # issue 15 item 11: 193 × 247.67 then 990.13; the exact PMT is 247.673453...
    plan = price("5095.65", "0.0486", 194, first_due=FIRST)
    amounts = [row.amount for row in plan.installments]
    assert set(amounts) == {D("247.67"), D("247.68")}
    assert plan.total_amortization == D("5095.65")
    assert plan.installments[-1].balance_after == 0


def test_price_pays_a_tiny_rate_over_many_installments() -> None:
    # issue 15 item 11: refused as "too small" though 0.13 or 0.12 a month pays it off
    plan = price("28.81", "0.0001", 224, first_due=FIRST)
    assert {row.amount for row in plan.installments} == {D("0.12"), D("0.13")}
    assert plan.total_amortization == D("28.81")


def test_price_re_amortizes_when_the_rounded_interest_is_the_whole_installment() -> None:
    # 1.59 at 1.58 %: interest 0.0251 rounds to 0.03 like the PMT (0.0274), so equal
    # installments amortize nothing and the last was 1.62; re-amortized, later ones pay 0.04.
    plan = price("1.59", "0.0158", 159, first_due=FIRST)
    assert {row.amount for row in plan.installments} == {D("0.03"), D("0.04")}
    assert plan.total_amortization == D("1.59")


def test_price_keeps_equal_installments_when_the_residue_is_within_n_cents() -> None:
    # BRAZIL_RULES §5 vectors: equal installments, the last within n cents.
    for pv, rate, n, pmt, last in [
        ("10000.00", "0.02", 12, "945.60", "945.55"),
        ("5000.00", "0.0199", 60, "143.49", "143.68"),
        ("1500.00", "0.0099", 24, "70.53", "70.41"),
        ("12000.00", "0.01", 12, "1066.19", "1066.14"),
    ]:
        amounts = [row.amount for row in price(pv, rate, n, first_due=FIRST).installments]
        assert amounts == [D(pmt)] * (n - 1) + [D(last)]

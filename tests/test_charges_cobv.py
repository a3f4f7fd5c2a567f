"""Pix cobrança com vencimento against the BCB spec (BRAZIL_RULES §3)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from regua.calendar import BusinessCalendar
from regua.charges import (
    CobVDesconto,
    CobVJuros,
    CobVMulta,
    CobVResult,
    cobv_amount,
    cobv_last_payable_day,
)
from regua.errors import InvalidInputError, LegalLimitError

D = Decimal
CAL = BusinessCalendar(holidays=[date(2020, 12, 25), date(2021, 1, 1)])
MONDAY = date(2021, 3, 1)


@pytest.mark.parametrize(
    ("due", "n", "last"),
    [
        (date(2020, 10, 20), 4, date(2020, 10, 26)),  # A
        (date(2020, 12, 25), 0, date(2020, 12, 28)),  # B
        (date(2020, 12, 25), 1, date(2020, 12, 29)),  # C
        (date(2020, 12, 25), 3, date(2020, 12, 31)),  # D
        (date(2020, 12, 25), 4, date(2021, 1, 4)),  # E
        (date(2021, 8, 27), 5, date(2021, 9, 1)),  # F
        (date(2021, 8, 28), 5, date(2021, 9, 6)),  # G
    ],
)
def test_validade_apos_vencimento_examples(due: date, n: int, last: date) -> None:
    assert cobv_last_payable_day(due, validity_days=n, calendar=CAL) == last
    cobv_amount("10.00", due_date=due, paid_on=last, validity_days=n, calendar=CAL)
    with pytest.raises(InvalidInputError, match="paid_on"):
        cobv_amount(
            "10.00", due_date=due, paid_on=last + timedelta(days=1), validity_days=n, calendar=CAL
        )


def test_error_catalogue_reading_is_not_followed() -> None:
    # Following A–G, due 2020-12-25 with N = 10 is still payable on 2021-01-05 (last: 01-07).
    assert cobv_last_payable_day(date(2020, 12, 25), validity_days=10, calendar=CAL) == date(
        2021, 1, 7
    )


def test_p1_spec_example_105() -> None:
    r = cobv_amount(
        "100.00",
        due_date=MONDAY,
        paid_on=MONDAY + timedelta(days=2),
        multa={"modalidade": 2, "valorPerc": "3.00"},
        juros={"modalidade": 2, "valorPerc": "1.00"},
        calendar=CAL,
        customer_kind="business",  # a 3 % fine is unlawful for a consumer (CDC art. 52 §1)
    )
    assert (r.multa, r.juros, r.final, r.days_late) == (D("3.00"), D("2.00"), D("105.00"), 2)


def test_p2_rounding_full_precision_then_cents() -> None:
    r = cobv_amount(
        "30000.00",
        due_date=MONDAY,
        paid_on=MONDAY + timedelta(days=1),
        juros={"modalidade": 3, "valorPerc": "1.00"},
        calendar=CAL,
    )
    assert r.juros == D("10.00")


def test_p3_rebate_is_the_base_of_fine_and_interest() -> None:
    r = cobv_amount(
        "1000.00",
        due_date=MONDAY,
        paid_on=MONDAY + timedelta(days=15),
        abatimento={"modalidade": 1, "valorPerc": "100.00"},
        juros={"modalidade": 3, "valorPerc": "2.00"},
        multa={"modalidade": 2, "valorPerc": "2.00"},
        calendar=CAL,
    )
    assert (r.juros, r.multa, r.abatimento, r.final) == (
        D("9.00"),
        D("18.00"),
        D("100.00"),
        D("927.00"),
    )


def test_p4_business_days_per_month() -> None:
    r = cobv_amount(
        "1000.00",
        due_date=MONDAY,
        paid_on=date(2021, 3, 8),  # 5 business days later
        juros={"modalidade": 7, "valorPerc": "2.10"},
        calendar=CAL,
    )
    assert r.juros == D("5.00")


def test_p5_fixed_date_discounts() -> None:
    due = date(2021, 3, 15)
    desconto = {
        "modalidade": 1,
        "descontoDataFixa": [
            {"data": "2021-03-05", "valorPerc": "30.00"},
            {"data": "2021-03-10", "valorPerc": "20.00"},
        ],
    }
    finals = [
        cobv_amount(
            "500.00", due_date=due, paid_on=due - timedelta(days=k), desconto=desconto, calendar=CAL
        ).final
        for k in (12, 7, 2)
    ]
    assert finals == [D("470.00"), D("480.00"), D("500.00")]


def test_p6_percent_per_calendar_day_of_anticipation() -> None:
    due = date(2021, 3, 15)
    r = cobv_amount(
        "1000.00",
        due_date=due,
        paid_on=due - timedelta(days=10),
        desconto={"modalidade": 5, "valorPerc": "0.10"},
        calendar=CAL,
    )
    assert (r.desconto, r.final) == (D("10.00"), D("990.00"))


def test_cob_payload2_composition_140_45() -> None:
    # CobVPayloadValor example: original 123.45 + multa 15.00 + juros 2.00 = 140.45
    r = cobv_amount(
        "123.45",
        due_date=MONDAY,
        paid_on=MONDAY + timedelta(days=2),
        multa={"modalidade": 1, "valorPerc": "15.00"},
        juros={"modalidade": 1, "valorPerc": "1.00"},
        calendar=CAL,
        customer_kind="business",  # 15.00 is 12 % of 123.45: above a consumer's 2 % cap
    )
    assert r.final == D("140.45")
    dumped = r.to_dict()
    assert dumped["final"] == "140.45"
    assert CobVResult.from_dict(dumped) == r


def test_due_on_holiday_moves_and_charges_follow() -> None:
    xmas = date(2020, 12, 25)  # Friday holiday → adjusted to Monday 28
    terms: dict[str, Any] = {
        "multa": {"modalidade": 2, "valorPerc": "2.00"},
        "juros": {"modalidade": 2, "valorPerc": "1.00"},
    }
    on_monday = cobv_amount(
        "100.00", due_date=xmas, paid_on=date(2020, 12, 28), calendar=CAL, **terms
    )
    assert on_monday.final == D("100.00")
    # after the adjusted date: interest from the original 25th (4 days)
    on_tuesday = cobv_amount(
        "100.00", due_date=xmas, paid_on=date(2020, 12, 29), calendar=CAL, **terms
    )
    assert (on_tuesday.multa, on_tuesday.juros, on_tuesday.days_late) == (D("2.00"), D("4.00"), 4)


def test_discount_dates_roll_and_earliest_valid_date_wins() -> None:
    desconto = {
        "modalidade": 2,
        "descontoDataFixa": [
            {"data": "2020-12-25", "valorPerc": "5.00"},  # holiday → rolls to the 28th
            {"data": "2020-12-20", "valorPerc": "10.00"},  # Sunday → rolls to the 21st
        ],
    }
    due = date(2020, 12, 30)

    def final(day: date) -> Decimal:
        return cobv_amount(
            "200.00", due_date=due, paid_on=day, desconto=desconto, calendar=CAL
        ).final

    assert final(date(2020, 12, 21)) == D("180.00")
    assert final(date(2020, 12, 22)) == D("190.00")
    assert final(date(2020, 12, 28)) == D("190.00")
    assert final(date(2020, 12, 29)) == D("200.00")


def test_per_business_day_discount_and_value_modalities() -> None:
    due = date(2021, 3, 15)  # Monday; paid Monday 03-08 → 5 business days of anticipation
    value_day = cobv_amount(
        "100.00",
        due_date=due,
        paid_on=date(2021, 3, 8),
        desconto={"modalidade": 4, "valorPerc": "1.50"},
        calendar=CAL,
    )
    assert value_day.desconto == D("7.50")
    pct_day = cobv_amount(
        "100.00",
        due_date=due,
        paid_on=date(2021, 3, 8),
        desconto={"modalidade": 6, "valorPerc": "1.00"},
        calendar=CAL,
    )
    assert pct_day.desconto == D("5.00")
    calendar_day = cobv_amount(
        "100.00",
        due_date=due,
        paid_on=date(2021, 3, 8),
        desconto={"modalidade": 3, "valorPerc": "1.00"},
        calendar=CAL,
    )
    assert calendar_day.desconto == D("7.00")
    # a per-day discount never takes the Pix below one cent
    huge = cobv_amount(
        "10.00",
        due_date=due,
        paid_on=date(2020, 3, 8),
        desconto={"modalidade": 3, "valorPerc": "9.99"},
        calendar=CAL,
    )
    assert huge.final == D("0.01")


def test_late_payment_gets_no_discount_and_per_year_interest() -> None:
    r = cobv_amount(
        "3600.00",
        due_date=MONDAY,
        paid_on=MONDAY + timedelta(days=10),
        juros={"modalidade": 4, "valorPerc": "12.00"},
        desconto={"modalidade": 5, "valorPerc": "1.00"},
        calendar=CAL,
    )
    assert (r.juros, r.desconto) == (D("12.00"), D("0.00"))  # 3600 × 12 % × 10/360
    r = cobv_amount(
        "2520.00",
        due_date=MONDAY,
        paid_on=date(2021, 3, 8),
        juros={"modalidade": 8, "valorPerc": "10.00"},
        calendar=CAL,
    )
    assert r.juros == D("5.00")  # 2520 × 10 % × 5/252
    r = cobv_amount(
        "100.00",
        due_date=MONDAY,
        paid_on=date(2021, 3, 8),
        juros={"modalidade": 5, "valorPerc": "0.10"},
        abatimento={"modalidade": 2, "valorPerc": "10.00"},
        calendar=CAL,
    )
    assert (r.juros, r.abatimento, r.final) == (D("0.50"), D("10.00"), D("90.50"))


def test_models_validate_from_spec_json_and_dump_back() -> None:
    multa = CobVMulta.model_validate({"modalidade": 2, "valorPerc": "3.00"})
    assert multa.valor_perc == D("3.00")
    assert multa.model_dump(mode="json") == {"modalidade": 2, "valorPerc": "3.00"}
    assert CobVJuros(modalidade=3, valor_perc="1.00").valor_perc == D("1.00")
    desconto = CobVDesconto.model_validate(
        {"modalidade": 1, "descontoDataFixa": [{"data": "2021-03-05", "valorPerc": "30.00"}]}
    )
    assert desconto.desconto_data_fixa is not None
    assert desconto.desconto_data_fixa[0].data == date(2021, 3, 5)


@pytest.mark.parametrize(
    ("payload", "match"),
    [
        ({"modalidade": 9, "valorPerc": "1.00"}, "modalidade"),
        ({"modalidade": 2, "valorPerc": "1.001"}, "2 decimal"),
        ({"modalidade": 2, "valorPerc": "-1.00"}, "negative"),
        ({"modalidade": 2, "valorPerc": 0.1}, "float"),
        ({"modalidade": 2, "valorPerc": "1.00", "extra": 1}, "extra"),
    ],
)
def test_spec_model_rejections(payload: dict[str, Any], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        CobVJuros.model_validate(payload)


@pytest.mark.parametrize(
    ("desconto", "match"),
    [
        ({"modalidade": 1, "valorPerc": "1.00", "descontoDataFixa": []}, "valorPerc"),
        ({"modalidade": 1, "descontoDataFixa": []}, "descontoDataFixa"),
        ({"modalidade": 2}, "descontoDataFixa"),
        ({"modalidade": 3}, "valorPerc"),
        (
            {
                "modalidade": 5,
                "valorPerc": "1.00",
                "descontoDataFixa": [{"data": "2021-03-01", "valorPerc": "1.00"}],
            },
            "descontoDataFixa",
        ),
        (
            {
                "modalidade": 1,
                "descontoDataFixa": [
                    {"data": f"2021-02-0{k}", "valorPerc": "1.00"} for k in range(1, 5)
                ],
            },
            "at most 3",
        ),
    ],
)
def test_discount_shape_rejections(desconto: dict[str, Any], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        CobVDesconto.model_validate(desconto)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"original": "0.00"}, "original"),
        ({"validity_days": -1}, "validadeAposVencimento"),
        ({"abatimento": {"modalidade": 1, "valorPerc": "100.00"}}, "abatimento.valorPerc"),
        ({"abatimento": {"modalidade": 2, "valorPerc": "100.00"}}, "abatimento.valorPerc"),
        ({"desconto": {"modalidade": 3, "valorPerc": "100.00"}}, "desconto.valorPerc"),
        ({"desconto": {"modalidade": 5, "valorPerc": "100.00"}}, "desconto.valorPerc"),
        (
            {
                "desconto": {
                    "modalidade": 1,
                    "descontoDataFixa": [{"data": "2021-03-01", "valorPerc": "100.00"}],
                }
            },
            "desconto.valorPerc",
        ),
        (
            {
                "desconto": {
                    "modalidade": 2,
                    "descontoDataFixa": [{"data": "2021-03-02", "valorPerc": "1.00"}],
                }
            },
            "desconto.descontoDataFixa.data",
        ),
        ({"paid_on": date(2021, 4, 1)}, "paid_on"),
    ],
)
def test_operation_rejections(kwargs: dict[str, Any], field: str) -> None:
    call: dict[str, Any] = {"original": "100.00", "due_date": MONDAY, "paid_on": MONDAY}
    call.update(kwargs)
    with pytest.raises(InvalidInputError) as err:
        cobv_amount(calendar=CAL, **call)
    assert err.value.field == field


def test_rounded_rebate_keeps_at_least_a_cent() -> None:
    r = cobv_amount(
        "0.01",
        due_date=MONDAY,
        paid_on=MONDAY,
        abatimento={"modalidade": 2, "valorPerc": "50.00"},
        calendar=CAL,
    )
    assert (r.abatimento, r.final) == (D("0.00"), D("0.01"))


def test_a_consumer_fine_above_two_percent_is_refused() -> None:
    # issue 15 item 6: a 10 % fine for a consumer was computed (CDC art. 52 §1 caps it at 2 %).
    def late(multa: dict[str, object], kind: str | None = None) -> CobVResult:
        kwargs = {} if kind is None else {"customer_kind": kind}
        return cobv_amount(
            "100.00",
            due_date=MONDAY,
            paid_on=MONDAY + timedelta(days=2),
            multa=multa,
            calendar=CAL,
            **kwargs,  # type: ignore[arg-type]
        )

    ten = {"modalidade": 2, "valorPerc": "10.00"}
    for kind in (None, "consumer", "condominium"):  # the default kind is consumer, as update's
        with pytest.raises(LegalLimitError, match=r"multa.valorPerc: 10.00% exceeds the 2% cap"):
            late(ten, kind)
    with pytest.raises(LegalLimitError, match=r"a fixed fine of 2\.01 is more than 2% of 100\.00"):
        late({"modalidade": 1, "valorPerc": "2.01"})
    assert late({"modalidade": 1, "valorPerc": "2.00"}).multa == D("2.00")
    assert late({"modalidade": 2, "valorPerc": "2.00"}).multa == D("2.00")
    assert late(ten, "business").multa == D("10.00")
    with pytest.raises(InvalidInputError, match="customer_kind: 'person' is not one of"):
        late(ten, "person")


def test_an_unknown_customer_kind_is_quoted_cut_short() -> None:
    # cobv_amount echoed the whole rejected customer_kind (a megabyte string came back whole);
    # update already cut it, and both now read the kind through one helper.
    with pytest.raises(InvalidInputError) as caught:
        cobv_amount(
            "100.00",
            due_date=MONDAY,
            paid_on=MONDAY + timedelta(days=2),
            multa={"modalidade": 2, "valorPerc": "2.00"},
            calendar=CAL,
            customer_kind="x" * 1_000_000,
        )
    assert caught.value.field == "customer_kind"
    assert len(str(caught.value)) < 200
    assert "consumer" in str(caught.value)


def _late(**kwargs: Any) -> CobVResult:
    """R$ 100.00 due Monday 2021-03-01, paid 30 days later."""
    return cobv_amount(
        "100.00", due_date=MONDAY, paid_on=MONDAY + timedelta(days=30), calendar=CAL, **kwargs
    )


def test_percentages_written_as_fractions_are_charged_as_given_and_warned() -> None:
    # "0.02" meant 2 % and "0.01" a month meant 1 %: R$ 0.02 of fine and R$ 0.01 of interest
    # (0.01 % of 100.00 for one month) where R$ 2.00 and R$ 1.00 were meant. The usual 0.03 % a
    # day (0.9 % a month) is not warned.
    result = _late(
        multa={"modalidade": 2, "valorPerc": "0.02"},
        juros={"modalidade": 3, "valorPerc": "0.01"},
    )
    assert (result.multa, result.juros, result.final) == (D("0.02"), D("0.01"), D("100.03"))
    assert [w.code.value for w in result.warnings] == [
        "fine_percent_looks_like_a_fraction",
        "interest_percent_looks_like_a_fraction",
    ]
    assert result.warnings[0].message == (
        "multa.valorPerc 0.02 is a fine of 0.02%, below 0.1%: valorPerc is a percentage"
        ' ("2.00" = 2 %); if it was meant as a fraction, pass 2.00'
    )
    assert "warnings" in result.to_dict()
    usual = _late(
        multa={"modalidade": 2, "valorPerc": "2.00"}, juros={"modalidade": 2, "valorPerc": "0.03"}
    )
    assert (usual.multa, usual.juros, usual.warnings) == (D("2.00"), D("0.90"), ())
    assert "warnings" not in usual.to_dict()  # the spec's fields, as before


@pytest.mark.parametrize(
    ("juros", "individual", "kind", "warned"),
    [
        ({"modalidade": 3, "valorPerc": "1.50"}, True, "consumer", True),
        ({"modalidade": 3, "valorPerc": "1.00"}, True, "consumer", False),  # not above 1 %
        ({"modalidade": 2, "valorPerc": "0.04"}, True, "consumer", True),  # 1.2 % a month
        ({"modalidade": 4, "valorPerc": "12.00"}, True, "consumer", False),  # 1 % a month
        ({"modalidade": 4, "valorPerc": "12.01"}, True, "consumer", True),
        ({"modalidade": 7, "valorPerc": "1.50"}, True, "consumer", True),  # business days
        ({"modalidade": 3, "valorPerc": "1.50"}, None, "consumer", False),  # unknown: no warning
        ({"modalidade": 3, "valorPerc": "1.50"}, False, "consumer", False),  # a company
        ({"modalidade": 3, "valorPerc": "1.50"}, True, "business", False),
        ({"modalidade": 3, "valorPerc": "1.50"}, True, "condominium", False),
        ({"modalidade": 1, "valorPerc": "5.00"}, True, "consumer", False),  # R$ a day: no rate
    ],
)
def test_interest_above_one_percent_a_month_for_an_individual_consumer_is_warned_as_update_does(
    juros: dict[str, object], individual: bool | None, kind: str, warned: bool
) -> None:
    result = _late(juros=juros, individual=individual, customer_kind=kind)
    codes = [w.code.value for w in result.warnings]
    assert ("individual_interest_above_1pct_month" in codes) is warned
    if warned:
        assert result.warnings[-1].law == "CC 406 (Lei 14.905/2024); Dec. 22.626/33 (Usura) art. 1"


def test_individual_must_be_a_bool_or_none() -> None:
    with pytest.raises(InvalidInputError, match="individual: must be True, False or None"):
        _late(individual="yes")


def test_a_fixed_fine_is_capped_on_what_is_owed_after_the_rebate() -> None:
    # Before: 2.00 passed as 2 % of the original 100.00, though 50.00 was owed after the
    # abatimento: a 4 % fine, where a 2 % percentage fine on the same debt charged 1.00.
    rebate = {"modalidade": 1, "valorPerc": "50.00"}
    with pytest.raises(LegalLimitError, match=r"a fixed fine of 2\.00 is more than 2% of 50\.00"):
        _late(multa={"modalidade": 1, "valorPerc": "2.00"}, abatimento=rebate)
    fixed = _late(multa={"modalidade": 1, "valorPerc": "1.00"}, abatimento=rebate)
    percent = _late(multa={"modalidade": 2, "valorPerc": "2.00"}, abatimento=rebate)
    assert fixed.multa == percent.multa == D("1.00")
    assert fixed.final == D("51.00")
    business = _late(
        multa={"modalidade": 1, "valorPerc": "2.00"}, abatimento=rebate, customer_kind="business"
    )
    assert business.multa == D("2.00")

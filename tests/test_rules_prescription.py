"""A prescribed debt gets no contact at all by default (issue 15, item 2; BRAZIL_RULES §7).

STJ 3rd Panel, REsp 2.088.100/SP and 2.094.303/SP (2023), REsp 2.103.726/SP (2024): once
prescribed (CC 206 §5 I: five years from the day after the due date), a debt cannot be demanded
judicially or extrajudicially. The only opt-in is ``guardrails.prescribed_offer_steps``: named
message steps with a neutral offer template.

Dates by hand: due 2021-03-05 prescribes on 2026-03-06 (2021-03-06 + 5 years).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from regua.cli.demo import demo
from regua.rules import Schedule, SkipCode, StepState, explain, plan
from regua.samples import SAMPLE_AS_OF, sample_customers, sample_invoices, sample_schedule
from regua.scoring import classify_portfolio, prioritize

OLD_DUE = date(2021, 3, 5)
PRESCRIBED_ON = date(2026, 3, 6)
CUSTOMER: dict[str, Any] = {
    "id": "c1",
    "name": "Ana",
    "kind": "consumer",
    "contacts": {"email": "ana@example.com", "sms": "+5511999990000", "phone": "+551133330000"},
}
STEPS: list[dict[str, Any]] = [
    {"id": "d5", "offset": 5, "channels": ["sms"]},
    {"id": "oferta", "offset": 20, "channels": ["email"], "template": "agreement_proposal"},
    {"id": "ligacao", "offset": 25, "action": "call_task", "channels": ["phone"]},
    {"id": "aviso", "offset": 30, "action": "bureau_notice", "channels": ["email"]},
]


def _schedule(**extra: Any) -> Schedule:
    return Schedule.model_validate({"name": "t", "steps": STEPS, **extra})


def _invoice(iid: str = "old", due: date = OLD_DUE, amount: str = "100.00") -> dict[str, Any]:
    return {"id": iid, "customer_id": "c1", "amount": amount, "due_date": due}


@pytest.mark.parametrize("catch_up", ["latest", "all", "none"])
def test_a_prescribed_debt_gets_nothing_by_default(catch_up: str) -> None:
    schedule = _schedule(catch_up=catch_up)
    result = plan(schedule, [CUSTOMER], [_invoice()], as_of=PRESCRIBED_ON)
    assert result.actions == ()
    (skip,) = [s for s in result.skipped if s.code is SkipCode.PRESCRIBED]
    assert skip.invoice_ids == ("old",)
    assert skip.reason == (
        "debt prescribed on 2026-03-06 (5 years after the due date): no contact, judicial or"
        " extrajudicial (CC 206 §5 I; STJ REsp 2.088.100/SP; CDC 43 §5)"
    )


def test_the_day_before_it_prescribes_the_ladder_still_runs() -> None:
    before = plan(_schedule(), [CUSTOMER], [_invoice()], as_of=date(2026, 3, 5))
    assert [a.step_id for a in before.actions] == ["aviso"]


def test_explain_shows_every_due_step_blocked_as_prescribed() -> None:
    found = explain(_schedule(), CUSTOMER, [_invoice()], as_of=PRESCRIBED_ON)
    assert [(r.step_id, r.state) for r in found.rows] == [
        ("d5", StepState.BLOCKED),
        ("oferta", StepState.BLOCKED),
        ("ligacao", StepState.BLOCKED),
        ("aviso", StepState.SKIPPED),  # the one the plan reports: the most advanced step
    ]
    assert found.rows[-1].code is SkipCode.PRESCRIBED
    assert all("prescribed on 2026-03-06" in r.reason for r in found.rows)
    assert "REsp 2.088.100/SP" in found.text()
    assert found.plan.actions == ()


def test_a_prescribed_invoice_leaves_the_customers_other_debt_alone() -> None:
    # The recent invoice (due 2026-02-01, D+35) gets its bureau notice for its own amount; the
    # prescribed one is not folded into it.
    recent = _invoice("new", date(2026, 2, 1), "40.00")
    uncapped = _schedule(limits={"per_customer_per_day": None, "per_customer_per_week": None})
    result = plan(uncapped, [CUSTOMER], [_invoice(), recent], as_of=PRESCRIBED_ON)
    (action,) = result.actions
    assert (action.step_id, action.invoice_ids, str(action.amount_due)) == (
        "aviso",
        ("new",),
        "40.00",
    )
    assert [
        (s.step_id, s.code, s.invoice_ids) for s in result.skipped if s.code == "prescribed"
    ] == [("aviso", SkipCode.PRESCRIBED, ("old",))]


def test_rents_prescribe_in_three_years_and_null_disables() -> None:
    due = date(2023, 3, 1)  # prescribes on 2026-03-02 under a 3-year term
    rent = _schedule(guardrails={"prescription_years": 3})
    assert plan(rent, [CUSTOMER], [_invoice(due=due)], as_of=date(2026, 3, 2)).actions == ()
    # Sunday 2026-03-01's message would go in Monday's window, when the debt is prescribed.
    assert plan(rent, [CUSTOMER], [_invoice(due=due)], as_of=date(2026, 3, 1)).actions == ()
    assert plan(rent, [CUSTOMER], [_invoice(due=due)], as_of=date(2026, 2, 27)).actions != ()
    off = _schedule(guardrails={"prescription_years": None})
    (action,) = plan(off, [CUSTOMER], [_invoice()], as_of=PRESCRIBED_ON).actions
    assert action.step_id == "aviso"


def test_opt_in_lets_only_the_named_neutral_offer_through() -> None:
    schedule = _schedule(guardrails={"prescribed_offer_steps": ["oferta"]})
    result = plan(schedule, [CUSTOMER], [_invoice()], as_of=PRESCRIBED_ON)
    (action,) = result.actions
    assert (action.step_id, action.template) == ("oferta", "agreement_proposal")
    (skip,) = [s for s in result.skipped if s.code is SkipCode.PRESCRIBED]
    assert skip.step_id == "aviso"  # the most advanced step so held back
    found = explain(schedule, CUSTOMER, [_invoice()], as_of=PRESCRIBED_ON)
    states = {r.step_id: r.state for r in found.rows}
    assert states == {
        "d5": StepState.BLOCKED,
        "oferta": StepState.PLANNED,
        "ligacao": StepState.BLOCKED,
        "aviso": StepState.SKIPPED,
    }


def test_opt_in_with_a_host_template() -> None:
    steps = [*STEPS[:1], {**STEPS[1], "template": "minha_oferta"}, *STEPS[2:]]
    schedule = Schedule.model_validate(
        {
            "name": "t",
            "steps": steps,
            "templates": {"minha_oferta": {"locale": "pt_BR", "body": "Temos uma proposta."}},
            "guardrails": {"prescribed_offer_steps": ["oferta"]},
        }
    )
    (action,) = plan(schedule, [CUSTOMER], [_invoice()], as_of=PRESCRIBED_ON).actions
    assert action.template == "minha_oferta"


def test_the_opt_in_is_json_and_in_the_schema() -> None:
    schedule = _schedule(guardrails={"prescribed_offer_steps": ["oferta"]})
    dumped = schedule.model_dump(mode="json")
    assert dumped["guardrails"]["prescribed_offer_steps"] == ["oferta"]
    assert Schedule.model_validate(dumped) == schedule
    assert Schedule.model_validate_json(schedule.model_dump_json()) == schedule
    props = Schedule.model_json_schema()["$defs"]["Guardrails"]["properties"]
    assert "prescribed_offer_steps" in props
    assert _schedule().guardrails.prescribed_offer_steps == ()


@pytest.mark.parametrize(
    ("offers", "extra", "message"),
    [
        (["nope"], {}, "prescribed_offer_steps[0]: 'nope' is not a step of this schedule"),
        (["ligacao"], {}, "step 'ligacao' is a call_task; only a message step"),
        (["aviso"], {}, "step 'aviso' is a bureau_notice"),
        (["d5"], {}, "step 'd5' must name the template 'agreement_proposal'"),
        (["oferta", "oferta"], {}, "prescribed_offer_steps\n  Value error, lists a step more"),
        (["oferta"], {"prescription_years": None}, "prescription_years is null"),
        ("oferta", {}, "prescribed_offer_steps"),
    ],
)
def test_the_opt_in_is_validated(offers: Any, extra: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        _schedule(guardrails={"prescribed_offer_steps": offers, **extra})
    assert message in str(error.value)
    assert "prescribed_offer_steps" in str(error.value)


def test_a_demand_template_cannot_be_the_offer() -> None:
    steps = [*STEPS[:1], {**STEPS[1], "template": "overdue_late"}, *STEPS[2:]]
    with pytest.raises(ValidationError, match="not 'overdue_late'"):
        Schedule.model_validate(
            {"name": "t", "steps": steps, "guardrails": {"prescribed_offer_steps": ["oferta"]}}
        )


def test_the_sample_prescribed_customer_gets_no_contact_and_no_call() -> None:
    invoices = sample_invoices()
    profiles = classify_portfolio(invoices, as_of=SAMPLE_AS_OF).profiles()
    result = plan(
        sample_schedule(), sample_customers(), invoices, as_of=SAMPLE_AS_OF, profiles=profiles
    )
    assert "c12" not in {a.customer_id for a in result.actions}
    (skip,) = [s for s in result.skipped if s.customer_id == "c12"]
    assert skip.code is SkipCode.PRESCRIBED
    ranking = prioritize(sample_customers(), invoices, as_of=SAMPLE_AS_OF)
    assert "c12" not in {r.customer_id for r in ranking}
    (aside,) = ranking.set_aside
    assert (aside.customer_id, aside.rank, aside.prescribed) == ("c12", 0, True)
    assert "no contact about it" in aside.reasons[1]
    report = demo()
    assert "set aside, prescribed: Karina Lopes R$\xa0640,00 (no contact at all" in report
    assert "Karina Lopes                 " not in report.split("Today's plan")[1]

"""The declarative dunning schedule and its engine: ``plan``, ``explain``, ``simulate``."""

from regua.rules.engine import plan
from regua.rules.events import (
    AgreementBroken,
    AgreementSigned,
    DisputeCleared,
    DisputeRaised,
    PauseLifted,
    PauseSet,
    PromiseMade,
    SimulationEvent,
)
from regua.rules.explain import Explanation, StepExplanation, StepState, explain
from regua.rules.results import Plan, SkipCode, Skipped
from regua.rules.schedule import (
    After,
    Anchor,
    CatchUp,
    ContactWindow,
    DisputePolicy,
    Guardrails,
    Ladder,
    Limits,
    NonBusinessDay,
    Promises,
    Schedule,
    Step,
    Trigger,
    When,
)
from regua.rules.simulate import Simulation, TimelineEntry, simulate

__all__ = [
    "After",
    "AgreementBroken",
    "AgreementSigned",
    "Anchor",
    "CatchUp",
    "ContactWindow",
    "DisputeCleared",
    "DisputePolicy",
    "DisputeRaised",
    "Explanation",
    "Guardrails",
    "Ladder",
    "Limits",
    "NonBusinessDay",
    "PauseLifted",
    "PauseSet",
    "Plan",
    "PromiseMade",
    "Promises",
    "Schedule",
    "Simulation",
    "SimulationEvent",
    "SkipCode",
    "Skipped",
    "Step",
    "StepExplanation",
    "StepState",
    "TimelineEntry",
    "Trigger",
    "When",
    "explain",
    "plan",
    "simulate",
]

"""The declarative dunning schedule and its engine: ``plan``, ``explain``, ``simulate``."""

from regua.rules.engine import Plan, SkipCode, Skipped, plan
from regua.rules.schedule import (
    After,
    CatchUp,
    ContactWindow,
    DisputePolicy,
    Guardrails,
    Limits,
    NonBusinessDay,
    Schedule,
    Step,
    When,
)

__all__ = [
    "After",
    "CatchUp",
    "ContactWindow",
    "DisputePolicy",
    "Guardrails",
    "Limits",
    "NonBusinessDay",
    "Plan",
    "Schedule",
    "SkipCode",
    "Skipped",
    "Step",
    "When",
    "plan",
]

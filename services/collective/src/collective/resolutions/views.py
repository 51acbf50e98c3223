"""Views of resolutions — 决议视图 (X5)."""

from __future__ import annotations

from collective.resolutions.models import Objection, Resolution, ResolutionStep
from collective.resolutions.rules import ACTIONABLE
from collective.resolutions.schemas import ObjectionOut, ResolutionOut, StepOut
from common.views import view_of


def resolution_out(
    r: Resolution, steps: list[ResolutionStep], objections: list[Objection]
) -> ResolutionOut:
    return view_of(
        ResolutionOut,
        r,
        actionable=r.status in ACTIONABLE,
        steps=[StepOut.model_validate(s) for s in steps],
        objections=[ObjectionOut.model_validate(o) for o in objections],
    )


def objection_out(o: Objection) -> ObjectionOut:
    return ObjectionOut.model_validate(o)

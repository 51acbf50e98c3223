"""Views of resolutions — 决议视图 (X5)."""

from __future__ import annotations

from collective.resolutions.models import Objection, Resolution, ResolutionStep
from collective.resolutions.rules import ACTIONABLE
from collective.resolutions.schemas import ObjectionOut, ResolutionOut, StepOut


def resolution_out(
    r: Resolution, steps: list[ResolutionStep], objections: list[Objection]
) -> ResolutionOut:
    return ResolutionOut(
        id=r.id,
        collective_id=r.collective_id,
        county=r.county,
        township=r.township,
        matter=r.matter,
        title=r.title,
        subject_ref=r.subject_ref,
        threshold=r.threshold,
        status=r.status,
        actionable=r.status in ACTIONABLE,
        publicity_ends_at=r.publicity_ends_at,
        result_summary=r.result_summary,
        result_published_on=r.result_published_on,
        steps=[StepOut.model_validate(s) for s in steps],
        objections=[ObjectionOut.model_validate(o) for o in objections],
        created_at=r.created_at,
    )


def objection_out(o: Objection) -> ObjectionOut:
    return ObjectionOut.model_validate(o)

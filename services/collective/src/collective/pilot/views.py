"""Views of the pilot scope — 试点范围视图 (Z13)."""

from __future__ import annotations

from collective.pilot.models import PilotScope
from collective.pilot.schemas import PilotOut


def pilot_out(scope: PilotScope) -> PilotOut:
    return PilotOut.model_validate(scope)

"""Pilot scope endpoints — 试点范围 (Z13): the county homestead office sets it."""

from __future__ import annotations

from collective.access import COUNTY_OFFICE, READERS
from collective.pilot import service
from collective.pilot.schemas import PilotIn, PilotOut
from collective.pilot.views import pilot_out
from common.problems import not_found
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["pilot — 试点范围"])


@router.put("/collectives/{collective_id}/pilot", response_model=PilotOut)
async def set_pilot(
    collective_id: str, body: PilotIn, session: SessionDep, who: COUNTY_OFFICE
) -> PilotOut:
    """Enable (or end) Z5–Z11 for a collective."""
    return pilot_out(await service.set_pilot(session, who, collective_id, body))


@router.get("/collectives/{collective_id}/pilot", response_model=PilotOut)
async def read_pilot(collective_id: str, session: SessionDep, who: READERS) -> PilotOut:
    scope = await service.read_pilot(session, who, collective_id)
    if scope is None:
        raise not_found(f"pilot scope of {collective_id}", f"{collective_id}的试点范围")
    return pilot_out(scope)

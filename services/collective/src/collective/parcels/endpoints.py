"""Homestead inventory endpoints — 宅基地台账 (Z2)."""

from __future__ import annotations

from collective.access import READERS, VILLAGE_OFFICER
from collective.parcels import service
from collective.parcels.schemas import FinaliseIn, HomesteadStatusOut, ParcelIn, ParcelOut
from collective.parcels.views import parcel_out, status_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["parcels — 宅基地台账"])


@router.post("/parcels", response_model=ParcelOut, status_code=201)
async def survey(body: ParcelIn, session: SessionDep, who: VILLAGE_OFFICER) -> ParcelOut:
    """Record a homestead parcel as surveyed (以宗为单位摸排)."""
    return parcel_out(await service.survey(session, who, body))


@router.get("/parcels/{parcel_id}", response_model=ParcelOut)
async def read_parcel(parcel_id: str, session: SessionDep, who: READERS) -> ParcelOut:
    return parcel_out(await service.read_parcel(session, who, parcel_id))


@router.post("/collectives/{collective_id}/inventory/finalise", response_model=list[ParcelOut])
async def finalise(
    collective_id: str, body: FinaliseIn, session: SessionDep, who: VILLAGE_OFFICER
) -> list[ParcelOut]:
    """Finalise the surveyed parcels once the inventory's X5 publicity is over."""
    return [parcel_out(p) for p in await service.finalise(session, who, collective_id, body)]


@router.get("/households/{household_id}/homestead", response_model=HomesteadStatusOut)
async def homestead_status(
    household_id: str, session: SessionDep, who: READERS
) -> HomesteadStatusOut:
    """The household's derived 一户一宅 status and its parcels."""
    h, status, parcels, limit = await service.read_household_status(session, who, household_id)
    return status_out(h.id, status, parcels, limit)

"""Homestead reserve endpoints — 宅基地收储与再分配 (Z10)."""

from __future__ import annotations

from collective.access import READERS, TOWNSHIP_OFFICE, VILLAGE_OFFICER
from collective.reserve import service
from collective.reserve.schemas import (
    DispositionIn,
    ReallocationIn,
    ReserveIn,
    ReserveOut,
    UseIn,
)
from collective.reserve.views import reserve_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["reserve — 宅基地收储"])


@router.post("/reserve", response_model=ReserveOut, status_code=201)
async def enter(body: ReserveIn, session: SessionDep, who: VILLAGE_OFFICER) -> ReserveOut:
    """An idle collective parcel enters the reserve."""
    return reserve_out(await service.enter(session, who, body))


@router.post("/reserve/{entry_id}/disposition", response_model=ReserveOut)
async def plan(
    entry_id: str, body: DispositionIn, session: SessionDep, who: VILLAGE_OFFICER
) -> ReserveOut:
    return reserve_out(await service.plan(session, who, entry_id, body))


@router.post("/reserve/{entry_id}/reallocation", response_model=ReserveOut)
async def reallocate(
    entry_id: str, body: ReallocationIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> ReserveOut:
    """Reallocate to a qualified household without a homestead (X5, simplified Z3)."""
    return reserve_out(await service.reallocate(session, who, entry_id, body))


@router.post("/reserve/{entry_id}/use", response_model=ReserveOut)
async def put_to_use(
    entry_id: str, body: UseIn, session: SessionDep, who: VILLAGE_OFFICER
) -> ReserveOut:
    return reserve_out(await service.put_to_use(session, who, entry_id, body))


@router.get("/reserve/{entry_id}", response_model=ReserveOut)
async def read_entry(entry_id: str, session: SessionDep, who: READERS) -> ReserveOut:
    return reserve_out(await service.read_entry(session, who, entry_id))


@router.get("/collectives/{collective_id}/reserve", response_model=list[ReserveOut])
async def of_collective(collective_id: str, session: SessionDep, who: READERS) -> list[ReserveOut]:
    return [reserve_out(e) for e in await service.of_collective(session, who, collective_id)]

"""Collective and household endpoints — 集体经济组织与农户 (Z1 roster; X3)."""

from __future__ import annotations

from collective.access import FOUNDERS, READERS, VILLAGE_OFFICER
from collective.collectives import service
from collective.collectives.schemas import (
    CollectiveIn,
    CollectiveOut,
    HouseholdIn,
    HouseholdOut,
    MemberLeaveIn,
)
from collective.collectives.views import household_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["collectives — 集体经济组织与农户"])


@router.post("/collectives", response_model=CollectiveOut, status_code=201)
async def create_collective(
    body: CollectiveIn, session: SessionDep, who: FOUNDERS
) -> CollectiveOut:
    """Enter a collective economic organization (its township's office or the county)."""
    return CollectiveOut.model_validate(await service.create_collective(session, who, body))


@router.get("/collectives", response_model=list[CollectiveOut])
async def list_collectives(session: SessionDep, who: READERS) -> list[CollectiveOut]:
    """The collectives the caller may read: its own, its township's or its county's (X3)."""
    return [
        CollectiveOut.model_validate(c) for c in await service.readable_collectives(session, who)
    ]


@router.get("/collectives/{collective_id}", response_model=CollectiveOut)
async def read_collective(collective_id: str, session: SessionDep, who: READERS) -> CollectiveOut:
    return CollectiveOut.model_validate(await service.read_collective(session, who, collective_id))


@router.post(
    "/collectives/{collective_id}/households", response_model=HouseholdOut, status_code=201
)
async def create_household(
    collective_id: str, body: HouseholdIn, session: SessionDep, who: VILLAGE_OFFICER
) -> HouseholdOut:
    """Enter a household with its members (the village homestead officer)."""
    h = await service.create_household(session, who, collective_id, body)
    return household_out(h, await service.members(session, h.id))


@router.get("/collectives/{collective_id}/households", response_model=list[HouseholdOut])
async def list_households(
    collective_id: str, session: SessionDep, who: READERS
) -> list[HouseholdOut]:
    return [
        household_out(h, await service.members(session, h.id))
        for h in await service.households(session, who, collective_id)
    ]


@router.get("/households/{household_id}", response_model=HouseholdOut)
async def read_household(household_id: str, session: SessionDep, who: READERS) -> HouseholdOut:
    """The household and its roll, with the members who left (成员身份丧失) and why."""
    h = await service.read_household(session, who, household_id)
    return household_out(h, await service.members(session, h.id, with_left=True))


@router.post("/households/{household_id}/members/{party_id}/leave", response_model=HouseholdOut)
async def leave_collective(
    household_id: str, party_id: str, body: MemberLeaveIn, session: SessionDep, who: VILLAGE_OFFICER
) -> HouseholdOut:
    """A member leaves the collective (成员身份丧失, Z1): the village homestead officer
    records the cause and its document; listing and registry follow the event."""
    h = await service.leave_collective(session, who, household_id, party_id, body)
    return household_out(h, await service.members(session, h.id, with_left=True))

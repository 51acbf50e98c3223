"""HTTP: collective economic organizations and members (L10, L11, R4)."""

from __future__ import annotations

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal, Role, require
from common.ids import PartyId
from common.routes import get_session
from common.routes import router as make_router
from registry.access import STAFF_READERS
from registry.collectives import service
from registry.collectives.models import Collective, Member
from registry.collectives.schemas import CollectiveIn, CollectiveOut, MemberIn, MemberOut

router = make_router(prefix="/collectives", tags=["collectives — 集体经济组织"])
MANAGERS = require(Role.township_clerk, Role.registration_authority)
READERS = require(Role.township_clerk, *STAFF_READERS)


@router.post("", response_model=CollectiveOut, status_code=201)
async def create(
    body: CollectiveIn, session: AsyncSession = Depends(get_session), who: Principal = MANAGERS
) -> Collective:
    return await service.create_collective(session, who, body)


@router.put("/{collective_id}/members/{party_id}", response_model=MemberOut)
async def set_member(
    collective_id: str,
    party_id: PartyId,
    body: MemberIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = MANAGERS,
) -> Member:
    """A member joins, changes (homestead qualification) or leaves; published for L10/L11."""
    c = await service.get_collective(session, collective_id)
    service.may_manage(who, c)
    return await service.set_member(session, who, c, party_id, body)


@router.get("/{collective_id}/members", response_model=list[MemberOut])
async def members(
    collective_id: str, session: AsyncSession = Depends(get_session), who: Principal = READERS
) -> list[Member]:
    c = await service.get_collective(session, collective_id)
    return await service.members(session, who, c)


@router.get("/{collective_id}/members/{party_id}", response_model=MemberOut)
async def member(
    collective_id: str,
    party_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = READERS,
) -> Member:
    c = await service.get_collective(session, collective_id)
    return await service.member(session, who, c, party_id)

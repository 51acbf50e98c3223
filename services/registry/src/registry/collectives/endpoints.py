"""HTTP: collective economic organizations and members (L10, L11, R4)."""

from __future__ import annotations

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal, Role, require
from common.ids import PartyId
from common.problems import not_found
from common.routes import get_session, router
from registry.access import STAFF_READERS, in_county
from registry.collectives import service
from registry.collectives.models import Collective, Member
from registry.collectives.schemas import CollectiveIn, CollectiveOut, MemberIn, MemberOut

r = router(prefix="/collectives", tags=["collectives — 集体经济组织"])
MANAGERS = require(Role.township_clerk, Role.registration_authority)
READERS = require(Role.township_clerk, *STAFF_READERS)


def may_read(who: Principal, c: Collective) -> None:
    if who.has(*STAFF_READERS) and in_county(who, c.county):
        return
    service.may_manage(who, c)


@r.post("", response_model=CollectiveOut, status_code=201)
async def create(
    body: CollectiveIn, session: AsyncSession = Depends(get_session), who: Principal = MANAGERS
) -> Collective:
    return await service.create_collective(session, body, who)


@r.put("/{collective_id}/members/{party_id}", response_model=MemberOut)
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
    return await service.set_member(session, c, party_id, body, who)


@r.get("/{collective_id}/members", response_model=list[MemberOut])
async def members(
    collective_id: str, session: AsyncSession = Depends(get_session), who: Principal = READERS
) -> list[Member]:
    c = await service.get_collective(session, collective_id)
    may_read(who, c)
    rows = await session.execute(
        select(Member).where(Member.collective_id == collective_id).order_by(Member.id)
    )
    return list(rows.scalars())


@r.get("/{collective_id}/members/{party_id}", response_model=MemberOut)
async def member(
    collective_id: str,
    party_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = READERS,
) -> Member:
    c = await service.get_collective(session, collective_id)
    may_read(who, c)
    m = (
        await session.execute(
            select(Member).where(Member.collective_id == collective_id, Member.party_id == party_id)
        )
    ).scalar_one_or_none()
    if m is None:
        raise not_found("member", "成员")
    return m

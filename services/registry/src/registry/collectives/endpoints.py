"""HTTP: the members of a collective economic organization as registry follows them (L10,
L11, R4, Z1). Collectives and members are entered in the collective service."""

from __future__ import annotations

from typing import Annotated

from common.auth import Principal, Role, require
from common.routes import SessionDep
from common.routes import router as make_router
from registry.access import STAFF_READERS
from registry.collectives import service
from registry.collectives.models import Member
from registry.collectives.schemas import MemberOut

router = make_router(prefix="/collectives", tags=["collectives — 集体经济组织"])
READERS = Annotated[Principal, require(Role.township_clerk, *STAFF_READERS)]


@router.get("/{collective_id}/members", response_model=list[MemberOut])
async def members(collective_id: str, session: SessionDep, who: READERS) -> list[Member]:
    c = await service.get_collective(session, collective_id)
    return await service.members(session, who, c)


@router.get("/{collective_id}/members/{party_id}", response_model=MemberOut)
async def member(collective_id: str, party_id: str, session: SessionDep, who: READERS) -> Member:
    c = await service.get_collective(session, collective_id)
    return await service.member(session, who, c, party_id)

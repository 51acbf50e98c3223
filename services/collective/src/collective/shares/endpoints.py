"""Share register endpoints — 股权登记 (Z11)."""

from __future__ import annotations

from collective.access import READERS, VILLAGE_OFFICER
from collective.shares import service
from collective.shares.schemas import ShareholdingOut, SharesIn
from collective.shares.views import shareholding_out
from common.ids import PartyId
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["shares — 股权"])


@router.put("/collectives/{collective_id}/shares/{party_id}", response_model=ShareholdingOut)
async def set_shares(
    collective_id: str, party_id: PartyId, body: SharesIn, session: SessionDep, who: VILLAGE_OFFICER
) -> ShareholdingOut:
    """A confirmed member's shares (0 removes them)."""
    return shareholding_out(await service.set_shares(session, who, collective_id, party_id, body))


@router.get("/collectives/{collective_id}/shares", response_model=list[ShareholdingOut])
async def register(collective_id: str, session: SessionDep, who: READERS) -> list[ShareholdingOut]:
    return [shareholding_out(h) for h in await service.register(session, who, collective_id)]

"""HTTP: disposal of a mortgaged right on default (R13)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.routes import get_session, router
from registry.access import STAFF_READERS, bank_id, in_county, other_org
from registry.disposals import service
from registry.disposals.models import Disposal
from registry.disposals.schemas import DisposalIn, DisposalOut
from registry.liens.models import Lien
from registry.liens.service import get_lien

r = router(tags=["disposals — 抵押物处置"])
LENDER = require(Role.lender, org_types=(OrgType.bank,))
READERS = require(Role.lender, *STAFF_READERS)


@r.post("/liens/{lien_id}/disposals", response_model=DisposalOut, status_code=201)
async def request(
    lien_id: str,
    body: DisposalIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER,
) -> dict[str, Any]:
    """The lender of the lien chooses how to dispose of the collateral on default."""
    lien = await get_lien(session, lien_id, who, lock=True)
    d = await service.request_disposal(session, lien, body, who)
    return service.disposal_dict(d)


@r.get("/disposals/{disposal_id}", response_model=DisposalOut)
async def disposal(
    disposal_id: str, session: AsyncSession = Depends(get_session), who: Principal = READERS
) -> dict[str, Any]:
    d = await service.get_disposal(session, disposal_id)
    bank = bank_id(who)
    if bank is not None and d.lender_org_id != bank:
        raise other_org("the disposal", "该处置")
    if bank is None:
        lien = await session.get(Lien, d.lien_id)
        if lien is None or not in_county(who, lien.county):
            raise other_org("the disposal", "该处置")
    return service.disposal_dict(d)


@r.get("/disposals", response_model=list[DisposalOut])
async def disposals(
    session: AsyncSession = Depends(get_session), who: Principal = READERS
) -> list[dict[str, Any]]:
    q = select(Disposal).join(Lien, Lien.id == Disposal.lien_id).order_by(Disposal.requested_at)
    bank = bank_id(who)
    if bank is not None:
        q = q.where(Disposal.lender_org_id == bank)
    elif not who.has(Role.service):
        q = q.where(Lien.county == (who.org.county or who.org.id))
    return [service.disposal_dict(d) for d in (await session.execute(q)).scalars()]

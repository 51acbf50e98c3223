"""HTTP: disposal of a mortgaged right on default (R13)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Response

from common.auth import OrgType, Principal, Role, require
from common.routes import SessionDep
from common.routes import router as make_router
from registry.access import STAFF_READERS
from registry.disposals import service, views
from registry.disposals.schemas import DisposalIn, DisposalOut
from registry.liens.service import get_lien

router = make_router(tags=["disposals — 抵押物处置"])
LENDER = Annotated[Principal, require(Role.lender, org_types=(OrgType.bank,))]
READERS = Annotated[Principal, require(Role.lender, *STAFF_READERS)]


@router.post("/liens/{lien_id}/disposals", response_model=DisposalOut, status_code=201)
async def request(lien_id: str, body: DisposalIn, session: SessionDep, who: LENDER) -> DisposalOut:
    """The lender of the lien chooses how to dispose of the collateral on default."""
    lien = await get_lien(session, who, lien_id, lock=True)
    return views.disposal_out(await service.request_disposal(session, who, lien, body))


@router.get("/disposals/{disposal_id}", response_model=DisposalOut)
async def disposal(disposal_id: str, session: SessionDep, who: READERS) -> DisposalOut:
    return views.disposal_out(await service.get_disposal(session, who, disposal_id))


@router.get("/disposals", response_model=list[DisposalOut])
async def disposals(
    response: Response,
    session: SessionDep,
    who: READERS,
    sort: Annotated[Literal["requested_at", "-requested_at"], Query()] = "requested_at",
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[DisposalOut]:
    """Disposal requests (a bank: its own), oldest first unless ``sort=-requested_at``;
    ``limit``/``offset`` page them, ``X-Total-Count`` is how many there are."""
    rows, total = await service.disposals(
        session, who, newest_first=sort.startswith("-"), limit=limit, offset=offset
    )
    response.headers["X-Total-Count"] = str(total)
    return [views.disposal_out(d) for d in rows]

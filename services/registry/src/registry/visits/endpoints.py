"""HTTP: post-loan visits and warnings (R14)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from common.auth import OrgType, Principal, Role, require
from common.params import Int4RowId
from common.routes import SessionDep
from common.routes import router as make_router
from registry.access import STAFF_READERS
from registry.liens.service import get_lien
from registry.visits import service
from registry.visits.models import Visit
from registry.visits.schemas import VisitIn, VisitOut

router = make_router(tags=["post-loan visits — 贷后回访"])
LENDER = Annotated[Principal, require(Role.lender, org_types=(OrgType.bank,))]
READERS = Annotated[Principal, require(Role.lender, *STAFF_READERS)]


@router.get("/liens/{lien_id}/visits", response_model=list[VisitOut])
async def visits(lien_id: str, session: SessionDep, who: READERS) -> list[Visit]:
    lien = await get_lien(session, who, lien_id)
    return await service.visits_of(session, who, lien)


@router.post("/liens/{lien_id}/visits/{visit_id}", response_model=VisitOut)
async def record(
    lien_id: str, visit_id: Int4RowId, body: VisitIn, session: SessionDep, who: LENDER
) -> Visit:
    """The lender records a visit; findings other than normal raise a warning."""
    lien = await get_lien(session, who, lien_id, lock=True)
    visit = await service.get_visit(session, who, lien, visit_id)
    return await service.record_visit(session, who, lien, visit, body)


@router.get("/visit-warnings", response_model=list[VisitOut])
async def warnings(session: SessionDep, who: READERS) -> list[Visit]:
    """Overdue visits and visits with adverse findings (a bank: its own)."""
    return await service.warnings(session, who)


@router.get("/visits", response_model=list[VisitOut])
async def open_visits(
    response: Response,
    session: SessionDep,
    who: READERS,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[Visit]:
    """回访到期: visits still to make (scheduled or overdue), earliest due first (R14; a
    bank: its own); ``limit``/``offset`` page it, ``X-Total-Count`` is how many there are."""
    rows, total = await service.open_visits(session, who, limit=limit, offset=offset)
    response.headers["X-Total-Count"] = str(total)
    return rows

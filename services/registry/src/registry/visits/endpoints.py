"""HTTP: post-loan visits and warnings (R14)."""

from __future__ import annotations

from fastapi import Depends
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.params import Int4RowId
from common.problems import not_found
from common.routes import get_session, router
from registry.access import STAFF_READERS, bank_id
from registry.liens.models import Lien
from registry.liens.service import get_lien
from registry.visits import service
from registry.visits.models import Visit
from registry.visits.schemas import VisitIn, VisitOut

r = router(tags=["post-loan visits — 贷后回访"])
LENDER = require(Role.lender, org_types=(OrgType.bank,))
READERS = require(Role.lender, *STAFF_READERS)


@r.get("/liens/{lien_id}/visits", response_model=list[VisitOut])
async def visits(
    lien_id: str, session: AsyncSession = Depends(get_session), who: Principal = READERS
) -> list[Visit]:
    await get_lien(session, lien_id, who)
    rows = await session.execute(select(Visit).where(Visit.lien_id == lien_id).order_by(Visit.id))
    return list(rows.scalars())


@r.post("/liens/{lien_id}/visits/{visit_id}", response_model=VisitOut)
async def record(
    lien_id: str,
    visit_id: Int4RowId,
    body: VisitIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = LENDER,
) -> Visit:
    """The lender records a visit; findings other than normal raise a warning."""
    lien = await get_lien(session, lien_id, who, lock=True)
    visit = await session.get(Visit, visit_id)
    if visit is None or visit.lien_id != lien.id:
        raise not_found(f"visit {visit_id}", f"回访{visit_id}")
    findings = body.model_dump(mode="json", exclude={"visited_on"})
    warning = (
        body.collateral_condition != "normal"
        or body.use_of_funds != "as_agreed"
        or body.operation != "normal"
    )
    return await service.record_visit(session, lien, visit, findings, warning, body.visited_on, who)


@r.get("/visit-warnings", response_model=list[VisitOut])
async def warnings(
    session: AsyncSession = Depends(get_session), who: Principal = READERS
) -> list[Visit]:
    """Overdue visits and visits with adverse findings (a bank: its own)."""
    q = (
        select(Visit)
        .join(Lien, Lien.id == Visit.lien_id)
        .where(or_(Visit.warning.is_(True), Visit.status == "overdue"))
        .order_by(Visit.due_on)
    )
    bank = bank_id(who)
    if bank is not None:
        q = q.where(Visit.lender_org_id == bank)
    elif not who.has(Role.service):
        q = q.where(Lien.county == (who.org.county or who.org.id))
    return list((await session.execute(q)).scalars())

"""Public notices — 贷款授信资格公示 (G5, X3): anyone may read what is on notice, with the
borrower's personal data masked, and the complaint phone to object."""

from __future__ import annotations

from datetime import datetime

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.county_config import COUNTY_CODE
from common.ids import mask_name, mask_party_id
from common.money import Money, from_fen
from common.routes import get_session
from common.routes import router as make_router
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import Guarantee

router = make_router(prefix="/notices", tags=["public notices — 公示"])


class NoticeOut(BaseModel):
    guarantee_id: str
    borrower: str
    party_id: str
    township_id: str
    village: str
    amount: Money | None
    places: str | None
    complaint_phone: str | None
    starts_at: datetime | None
    ends_at: datetime | None


@router.get("", response_model=list[NoticeOut])
async def notices(
    county: str = Query(pattern=COUNTY_CODE), session: AsyncSession = Depends(get_session)
) -> list[NoticeOut]:
    """Guarantees on public notice in a county (public; personal data masked, L14/X3)."""
    rows = await session.execute(
        select(Guarantee, Borrower)
        .join(Borrower, Borrower.id == Guarantee.borrower_id)
        .where(Guarantee.county == county, Guarantee.state == "in_notice")
        .order_by(Guarantee.notice_starts_at, Guarantee.id)
    )
    return [
        NoticeOut(
            guarantee_id=g.id,
            borrower=mask_name(b.name),
            party_id=mask_party_id(b.party_id),
            township_id=g.township_id,
            village=b.village,
            amount=None if g.amount_fen is None else from_fen(g.amount_fen),
            places=g.notice_places,
            complaint_phone=g.complaint_phone,
            starts_at=g.notice_starts_at,
            ends_at=g.notice_ends_at,
        )
        for g, b in rows
    ]


__all__ = ["router"]

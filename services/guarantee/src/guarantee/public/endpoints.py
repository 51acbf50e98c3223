"""Public endpoints — 公开信息 (G3, G4, G5, X3): no token. The guarantees on public notice
(personal data masked, with the complaint phone to object) and the loan calculator's quote."""

from __future__ import annotations

from fastapi import Query

from common.county_config import COUNTY_CODE
from common.money import to_fen
from common.routes import SessionDep
from common.routes import router as make_router
from guarantee.public import service
from guarantee.public.schemas import NoticeOut, QuoteIn, QuoteOut
from guarantee.public.views import notice_out, quote_out

router = make_router()


@router.get("/notices", response_model=list[NoticeOut], tags=["public notices — 公示"])
async def notices(session: SessionDep, county: str = Query(pattern=COUNTY_CODE)) -> list[NoticeOut]:
    """Guarantees on public notice in a county (public; personal data masked, L14/X3)."""
    return [notice_out(g, b) for g, b in await service.on_notice(session, None, county)]


@router.post("/quote", response_model=QuoteOut, tags=["quote — 劝耕贷测算"])
async def quote(body: QuoteIn, session: SessionDep) -> QuoteOut:
    """What a Quangengdai guarantee would cover and cost (G3, G4); no token."""
    return quote_out(
        await service.quote(session, None, body.county, amount_fen=to_fen(body.amount))
    )

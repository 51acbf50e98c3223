"""The secondary market's endpoint — 入市土地再转让调节金 (E15, E12)."""

from __future__ import annotations

from decimal import Decimal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import ENTRY_READERS
from collective.entryresale import service
from collective.entryresale.schemas import ResaleFundOut
from collective.entryresale.views import resale_fund_out
from common.auth import Principal
from common.routes import get_session
from common.routes import router as make_router

router = make_router(tags=["land entry resale — 入市土地再转让"])


@router.get("/entry-deals/{deal_id}/resale-fund", response_model=ResaleFundOut)
async def resale_fund(
    deal_id: str,
    price: Decimal = Query(gt=0, max_digits=14, decimal_places=2),
    costs: Decimal = Query(Decimal("0"), ge=0, max_digits=14, decimal_places=2),
    session: AsyncSession = Depends(get_session),
    who: Principal = ENTRY_READERS,
) -> ResaleFundOut:
    """The re-transfer adjustment fund (调节金) of a re-listing of this deal's land: the
    county's re-transfer rate on the price less the first entry's price and the costs."""
    return resale_fund_out(await service.resale_fund(session, who, deal_id, price, costs), price)

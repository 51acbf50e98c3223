"""The secondary market's endpoint — 入市土地再转让调节金 (E15, E12)."""

from __future__ import annotations

from decimal import Decimal

from fastapi import Query

from collective.access import BUREAU, ENTRY_READERS
from collective.entryresale import service
from collective.entryresale.schemas import (
    FundProofIn,
    ResaleFundOut,
    ResaleOut,
    ResaleSettlementIn,
)
from collective.entryresale.views import resale_fund_out, resale_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["land entry resale — 入市土地再转让"])


@router.get("/entry-deals/{deal_id}/resale-fund", response_model=ResaleFundOut)
async def resale_fund(
    deal_id: str,
    session: SessionDep,
    who: ENTRY_READERS,
    price: Decimal = Query(gt=0, max_digits=14, decimal_places=2),
    costs: Decimal = Query(Decimal("0"), ge=0, max_digits=14, decimal_places=2),
) -> ResaleFundOut:
    """The re-transfer adjustment fund (调节金) of a re-listing of this deal's land: the
    county's re-transfer rate on the price less the first entry's price and the costs."""
    return resale_fund_out(await service.resale_fund(session, who, deal_id, price, costs), price)


@router.get("/entry-deals/{deal_id}/resales", response_model=list[ResaleOut])
async def resales_of_deal(deal_id: str, session: SessionDep, who: ENTRY_READERS) -> list[ResaleOut]:
    """The re-transfers of the deal's land (bidding's trades of its re-listings, E15)."""
    return [resale_out(r) for r in await service.resales_of_deal(session, who, deal_id)]


@router.get("/entry-resales/{resale_id}", response_model=ResaleOut)
async def read_resale(resale_id: str, session: SessionDep, who: ENTRY_READERS) -> ResaleOut:
    return resale_out(await service.read_resale(session, who, resale_id))


@router.post("/entry-resales/{resale_id}/fund-proof", response_model=ResaleOut)
async def prove_paid(
    resale_id: str, body: FundProofIn, session: SessionDep, who: BUREAU
) -> ResaleOut:
    """E12 ``proven_paid``: the seller's receipt for the fund paid directly, exact to the
    fen; the settlement then withholds nothing."""
    return resale_out(await service.prove_paid(session, who, resale_id, body))


@router.post("/entry-resales/{resale_id}/settlement", response_model=ResaleOut)
async def settle(
    resale_id: str, body: ResaleSettlementIn, session: SessionDep, who: BUREAU
) -> ResaleOut:
    """The re-transfer's fund settled (E12): registry records the transfer after it."""
    return resale_out(await service.settle_resale(session, who, resale_id, body))

"""Document endpoints — 文书下载与核验 (DOMAIN B6, X2, X3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.access import is_buyer, is_county_staff, is_seller, not_a_party, require_trade_county
from bidding.deals import repository as deals
from bidding.deposits.models import Deposit
from bidding.documents import service
from bidding.listings.models import ListingView
from common.auth import OrgType, Principal, Role, require
from common.document_routes import add_verification_route, issuer_dependency
from common.documents import (
    PDF_ROUTE,
    DocumentOut,
    Issuer,
    ReissueIn,
    document_out,
    stream_pdf,
)
from common.params import RowId
from common.problems import not_found
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["documents — 文书"])
get_issuer = issuer_dependency(service.issuer)

#: a deal's documents: the county's staff, the buyer and the seller (X3)
DEAL_READERS = Annotated[
    Principal,
    require(Role.buyer, Role.seller, Role.exchange_staff, Role.supervisor, Role.auctioneer),
]


async def _check_deal_reader(session: AsyncSession, who: Principal, trade_id: str) -> None:
    """The county's staff of the trade's county, or the deal's buyer or seller (X3)."""
    deal, ts = await deals.deal_and_session(session, trade_id)
    if is_county_staff(who):
        require_trade_county(who, ts.county)
    elif not (is_buyer(who, deal.buyer_party_id) or is_seller(who, ts.seller_party_id)):
        raise not_a_party()


@router.get("/deals/{trade_id}/confirmation.pdf", **PDF_ROUTE)
async def deal_confirmation_pdf(
    trade_id: str, session: SessionDep, who: DEAL_READERS, issuer: Issuer = Depends(get_issuer)
) -> StreamingResponse:
    """成交确认书 (B1, B6) as a PDF — for the county's staff, the buyer and the seller (X3).
    Issued on the first download; the same document after, while the deal's facts stand."""
    await _check_deal_reader(session, who, trade_id)
    doc = await service.deal_confirmation(session, who, trade_id, issuer)
    return await stream_pdf(issuer.store, doc)


@router.get("/deals/{trade_id}/certificate.pdf", **PDF_ROUTE)
async def transaction_certificate_pdf(
    trade_id: str, session: SessionDep, who: DEAL_READERS, issuer: Issuer = Depends(get_issuer)
) -> StreamingResponse:
    """交易鉴证书 (L19) as a PDF — for the county's staff, the buyer and the seller (X3),
    once the contract is signed and the price paid in full."""
    await _check_deal_reader(session, who, trade_id)
    doc = await service.transaction_certificate(session, who, trade_id, issuer)
    return await stream_pdf(issuer.store, doc)


@router.post("/deals/{trade_id}/confirmation/reissue", response_model=DocumentOut)
async def reissue_deal_confirmation(
    trade_id: str,
    body: ReissueIn,
    session: SessionDep,
    issuer: Issuer = Depends(get_issuer),
    who: Principal = require(Role.exchange_staff, org_types=(OrgType.county,)),
) -> DocumentOut:
    """补发／更正: a new 成交确认书 that supersedes the valid one (its verification
    then says superseded, naming the new code)."""
    _deal, ts = await deals.deal_and_session(session, trade_id)
    require_trade_county(who, ts.county)
    doc = await service.deal_confirmation(
        session, who, trade_id, issuer, reason=body.reason, again=True
    )
    return document_out(doc, issuer.settings)


@router.get("/deposits/{deposit_id}/notice.pdf", **PDF_ROUTE)
async def deposit_notice_pdf(
    deposit_id: RowId,
    session: SessionDep,
    issuer: Issuer = Depends(get_issuer),
    who: Principal = require(Role.buyer, Role.exchange_staff, Role.supervisor),
) -> StreamingResponse:
    """保证金退还 / 没收通知 (B5) as a PDF — for the buyer who paid it and the county's
    staff (X3), once the deposit is refunded or forfeited."""
    deposit = await session.get(Deposit, deposit_id, with_for_update=True)
    listing = None if deposit is None else await session.get(ListingView, deposit.listing_id)
    if deposit is None or listing is None:
        raise not_found("Deposit", "保证金")
    if is_county_staff(who):
        require_trade_county(who, listing.county)
    elif not is_buyer(who, deposit.party_id):
        raise not_a_party()
    doc = await service.deposit_notice(session, who, deposit, issuer)
    return await stream_pdf(issuer.store, doc)


add_verification_route(router, "bidding", service.AREA.model)

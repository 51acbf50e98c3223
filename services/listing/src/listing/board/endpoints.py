"""The public announcement board — 公告栏 (L5, L12, L14): no token needed.

Announcements, results and contracts are public; personal data is masked (common.ids).
"""

from __future__ import annotations

from datetime import date, datetime

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.app import router
from common.db import contains_text, get_session
from common.ids import PartyKind, mask_name, mask_party_id, party_kind
from common.money import Money, from_fen, to_fen
from common.problems import not_found
from listing.listings.models import Listing
from listing.listings.schemas import PRODUCTS, one_of
from listing.listings.service import PUBLISHED_STATES, now, seconds_left

r = router(prefix="/board", tags=["public board — 公告栏"])

#: The board's filters take only values that exist (L1 products, published states).
BoardProduct = one_of(PRODUCTS, rule="L1", what_zh="交易品种")
BoardStatus = one_of(PUBLISHED_STATES, rule="L14", what_zh="公告状态")


class Party(BaseModel):
    party_id: str
    name: str


class BoardItem(BaseModel):
    id: str
    county: str
    township: str
    title: str
    product: str
    product_zh: str
    way: str
    location: str
    area_mu: str
    term_start: date | None
    term_end: date | None
    reserve_price: Money
    deposit: Money
    status: str
    published_at: datetime | None
    announcement_ends_at: datetime | None
    server_now: datetime
    seconds_left: int | None
    notice: str | None


class BoardDetail(BoardItem):
    description: str
    seller: Party
    mode: str
    tender_opening_at: datetime | None
    outcome: str | None
    result_buyer: Party | None
    result_price: Money | None
    result_at: datetime | None
    failed_reason: str | None
    contract_no: str | None
    contract_signed_at: datetime | None
    disposal: bool


def masked(party_id: str | None, name: str | None) -> Party | None:
    """Natural persons are masked (L14); a legal person's name and code are public."""
    if party_id is None:
        return None
    try:
        natural = party_kind(party_id) is PartyKind.natural_person
    except ValueError:
        natural = True
    return Party(
        party_id=mask_party_id(party_id) if natural else party_id,
        name=mask_name(name or "") if natural else (name or ""),
    )


def item(listing: Listing, at: datetime) -> dict[str, object]:
    return dict(
        id=listing.id,
        county=listing.county,
        township=listing.township,
        title=listing.title,
        product=listing.product,
        product_zh=PRODUCTS.get(listing.product, listing.product),
        way=listing.way,
        location=listing.location,
        area_mu=format(listing.area_mu.normalize(), "f"),
        term_start=listing.term_start,
        term_end=listing.term_end,
        reserve_price=from_fen(listing.reserve_price_fen),
        deposit=from_fen(listing.deposit_fen),
        status=listing.status,
        published_at=listing.published_at,
        announcement_ends_at=listing.announcement_ends_at,
        server_now=at,
        seconds_left=seconds_left(listing, at),
        notice=listing.public_notice,
    )


@r.get("/listings", response_model=list[BoardItem])
async def board(
    county: str | None = Query(None, pattern=r"^[0-9]{6}$"),
    township: str | None = Query(None, pattern=r"^[0-9]{9}$"),
    product: BoardProduct | None = None,
    status: BoardStatus | None = None,
    min_price: Money | None = None,
    max_price: Money | None = None,
    q: str | None = Query(None, max_length=100),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),  # bounded: the database integer, and paging sense
    session: AsyncSession = Depends(get_session),
) -> list[BoardItem]:
    """Published announcements with filters; the server's time for the countdown."""
    query = select(Listing).where(Listing.status.in_(PUBLISHED_STATES))
    if county:
        query = query.where(Listing.county == county)
    if township:
        query = query.where(Listing.township == township)
    if product:
        query = query.where(Listing.product == product)
    if status:
        query = query.where(Listing.status == status)
    if min_price is not None:
        query = query.where(Listing.reserve_price_fen >= to_fen(min_price))
    if max_price is not None:
        query = query.where(Listing.reserve_price_fen <= to_fen(max_price))
    if q:
        query = query.where(
            or_(
                contains_text(Listing.title, q),
                contains_text(Listing.location, q),
                contains_text(Listing.description, q),
            )
        )
    rows = await session.execute(
        query.order_by(Listing.published_at.desc(), Listing.id).limit(limit).offset(offset)
    )
    at = now(session)
    return [BoardItem(**item(x, at)) for x in rows.scalars()]


@r.get("/listings/{listing_id}", response_model=BoardDetail)
async def board_detail(
    listing_id: str, session: AsyncSession = Depends(get_session)
) -> BoardDetail:
    """An announcement with its end time, result and contract (L14), personal data masked."""
    listing = (
        await session.execute(select(Listing).where(Listing.id == listing_id))
    ).scalar_one_or_none()
    if listing is None or listing.status not in PUBLISHED_STATES:
        raise not_found("Announcement", "公告")
    at = now(session)
    return BoardDetail(
        **item(listing, at),
        description=listing.description,
        seller=masked(listing.seller_party_id, listing.seller_name),  # type: ignore[arg-type]
        mode=listing.mode,
        tender_opening_at=listing.tender_opening_at if listing.mode == "tender" else None,
        outcome=listing.outcome,
        result_buyer=masked(listing.result_buyer_party_id, listing.result_buyer_name),
        result_price=None
        if listing.result_price_fen is None
        else from_fen(listing.result_price_fen),
        result_at=listing.result_at,
        failed_reason=listing.failed_reason,
        contract_no=listing.contract_no,
        contract_signed_at=listing.contract_signed_at,
        disposal=listing.disposal_id is not None,
    )

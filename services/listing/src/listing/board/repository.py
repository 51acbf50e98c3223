"""The public board's queries — 公告栏查询 (L14)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import contains_any, find_row
from listing.board.schemas import BoardQuery
from listing.listings.models import Listing
from listing.listings.states import PUBLISHED_STATES


def matches_text(q: str) -> ColumnElement[bool]:
    """Title, location or description contains ``q`` (``%``, ``_``, ``\\`` literally)."""
    return contains_any(q, Listing.title, Listing.location, Listing.description)


async def published_listings(session: AsyncSession, f: BoardQuery) -> list[Listing]:
    """A page of published listings, newest first, filtered (L14)."""
    query = select(Listing).where(Listing.status.in_(PUBLISHED_STATES))
    if f.county:
        query = query.where(Listing.county == f.county)
    if f.township:
        query = query.where(Listing.township == f.township)
    if f.product:
        query = query.where(Listing.product == f.product)
    if f.status:
        query = query.where(Listing.status == f.status)
    if f.min_price_fen is not None:
        query = query.where(Listing.reserve_price_fen >= f.min_price_fen)
    if f.max_price_fen is not None:
        query = query.where(Listing.reserve_price_fen <= f.max_price_fen)
    if f.q:
        query = query.where(matches_text(f.q))
    rows = await session.execute(
        query.order_by(Listing.published_at.desc(), Listing.id).limit(f.limit).offset(f.offset)
    )
    return list(rows.scalars())


async def published_listing(session: AsyncSession, listing_id: str) -> Listing | None:
    """A published listing (no row lock: the board only reads)."""
    listing = await find_row(session, Listing, Listing.id, listing_id)
    if listing is None or listing.status not in PUBLISHED_STATES:
        return None
    return listing

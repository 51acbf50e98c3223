"""Queries of the listing area — 挂牌查询: the lookups used in more than one place."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import all_of, contains_any, find_row, load_or_404, matching, page_of
from listing.listings.models import (
    CaseFlag,
    CollectiveDecision,
    Document,
    Listing,
    OffExchangeFlag,
    SiteInspection,
)


async def get_listing(session: AsyncSession, listing_id: str, *, lock: bool = False) -> Listing:
    """The listing or 404; ``lock`` (``FOR UPDATE``) only when a write follows."""
    return await load_or_404(
        session, Listing, Listing.id, listing_id, "Listing", "挂牌项目", lock=lock
    )


async def find_listing(
    session: AsyncSession, listing_id: str, *, lock: bool = False
) -> Listing | None:
    """The listing, or ``None`` (a consumer ignores a fact about an unknown listing)."""
    return await find_row(session, Listing, Listing.id, listing_id, lock=lock)


async def listing_of_disposal(session: AsyncSession, disposal_id: str) -> str | None:
    return (
        await session.execute(select(Listing.id).where(Listing.disposal_id == disposal_id))
    ).scalar_one_or_none()


#: The staff list's sort keys (``GET /listings?sort=``): a leading "-" is descending.
LIST_SORTS = {
    "created_at": Listing.created_at,
    "updated_at": Listing.updated_at,
    "title": Listing.title,
    "reserve_price": Listing.reserve_price_fen,
    "area_mu": Listing.area_mu,
}


async def listings_of(
    session: AsyncSession,
    *,
    township: str | None,
    county: str | None,
    status: str | None,
    q: str | None = None,
    sort: str = "created_at",
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[Listing], int]:
    """A township's or a county's listings (oldest first unless ``sort`` says otherwise),
    one page of them, and how many match in all (the work queues' counts)."""
    query = select(Listing).where(
        *matching(Listing, township=township, county=county, status=status or None)
    )
    if q:
        query = query.where(
            contains_any(q, Listing.title, Listing.seller_name, Listing.location, Listing.id)
        )
    return await page_of(
        session, query, sorts=LIST_SORTS, sort=sort, tie=Listing.id, limit=limit, offset=offset
    )


async def live_listings_of_right(
    session: AsyncSession, certificate_no: str, live: tuple[str, ...]
) -> list[Listing]:
    rows = await session.execute(
        select(Listing).where(
            Listing.right_certificate_no == certificate_no, Listing.status.in_(live)
        )
    )
    return list(rows.scalars())


async def documents_of(session: AsyncSession, owner_type: str, owner_id: str) -> list[Document]:
    """The materials of a listing or a registration, in upload order."""
    return await all_of(
        session,
        Document,
        Document.owner_type == owner_type,
        Document.owner_id == owner_id,
        order_by=[Document.id],
    )


async def document_of(
    session: AsyncSession, owner_type: str, owner_id: str, document_id: int
) -> Document:
    """One material of a listing or a registration; 404 if it is not that owner's."""
    return await load_or_404(
        session,
        Document,
        Document.id,
        document_id,
        "Document",
        "材料",
        of=(Document.owner_type == owner_type, Document.owner_id == owner_id),
    )


async def collective_decisions_of(
    session: AsyncSession, listing_id: str
) -> list[CollectiveDecision]:
    return await all_of(
        session,
        CollectiveDecision,
        CollectiveDecision.listing_id == listing_id,
        order_by=[CollectiveDecision.id],
    )


async def latest_collective_decision(
    session: AsyncSession, listing_id: str
) -> CollectiveDecision | None:
    return (
        await session.execute(
            select(CollectiveDecision)
            .where(CollectiveDecision.listing_id == listing_id)
            .order_by(CollectiveDecision.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def off_exchange_flags_of(session: AsyncSession, county: str) -> list[OffExchangeFlag]:
    rows = await session.execute(select(OffExchangeFlag).where(OffExchangeFlag.county == county))
    return list(rows.scalars())


async def flagging_cases(session: AsyncSession, certificate_no: str) -> list[CaseFlag]:
    """The open collective cases that keep the right disputed or in violation (X6, Z12)."""
    return await all_of(
        session,
        CaseFlag,
        CaseFlag.certificate_no == certificate_no,
        CaseFlag.flags.is_(True),
        order_by=[CaseFlag.changed_at, CaseFlag.case_id],
    )


async def site_inspections_of(session: AsyncSession, listing_id: str) -> list[SiteInspection]:
    """A listing's site inspections (L21), oldest first."""
    return await all_of(
        session,
        SiteInspection,
        SiteInspection.listing_id == listing_id,
        order_by=[SiteInspection.id],
    )

"""The public board — 公告栏 (L5, L12, L14): what an announcement page reads.

Public reads: ``who`` is ``None`` (no token) and nothing is locked.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import decisions_of
from common.auth import Principal
from common.problems import not_found
from listing.board import repository
from listing.board.schemas import Announcement, BoardQuery, ReferencePrices
from listing.listings.models import Listing
from listing.listings.repository import documents_of
from listing.params import PARAMS


async def board_page(session: AsyncSession, who: Principal | None, f: BoardQuery) -> list[Listing]:
    """Published announcements with filters, newest first."""
    return await repository.published_listings(session, f)


async def announcement(
    session: AsyncSession, who: Principal | None, listing_id: str
) -> Announcement:
    """A published listing (404 for any other), its county's deposit instructions and
    contact (L5), its materials on file (kinds only) and its decision history."""
    listing = await repository.published_listing(session, listing_id)
    if listing is None:
        raise not_found("Announcement", "公告")
    return Announcement(
        listing=listing,
        deposit_instructions=await PARAMS.get(session, listing.county, "deposit_instructions"),
        contact=await PARAMS.get(session, listing.county, "centre_contact"),
        admin_names=await PARAMS.get(session, listing.county, "administrative_names"),  # L23
        documents=await documents_of(session, "listing", listing.id),
        decisions=await decisions_of(session, Listing.__audit_subject__, listing.id),
    )


async def reference_prices(session: AsyncSession, county: str) -> ReferencePrices:
    """E16: the base land price table in force today (L22's versions; 入市 land is priced
    against the same construction-land table, so it is shown, not copied)."""
    table = await PARAMS.get(session, county, "base_land_prices")
    return ReferencePrices(
        county=county,
        document_no=table.document_no,
        published_on=table.published_on,
        valuation_date=table.valuation_date,
        supersedes=table.supersedes,
        rows=table.rows,
    )

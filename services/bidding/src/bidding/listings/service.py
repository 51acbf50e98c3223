"""The listing and disposal facts bidding keeps — 挂牌项目投影 (DOMAIN X1): projections of
the listing and registry events, upserted (a relisting publishes again)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.listings.models import DisposalView, ListingView, RegisteredAuctioneer
from common.auth import Principal
from common.contracts.listing import AnnouncementClosed, IntermediaryChanged, ListingPublished
from common.contracts.registry import DisposalRequested
from common.intermediaries import follow, licence_problems, register_of
from common.money import to_fen
from common.problems import FieldProblem


def listed_facts(ev: ListingPublished | AnnouncementClosed) -> dict[str, Any]:
    """The ``ListedFacts`` columns (挂牌信息) but the mode, from an event that carries the
    listing's facts: its publication (the projection) or its announcement's close (the
    session opened for it, which decides its own mode)."""
    return {
        "listing_id": ev.listing_id,
        "county": ev.county,
        "township": ev.township,
        "title": ev.title,
        "product": ev.product,
        "way": ev.way,
        "seller_party_id": ev.seller_party_id,
        "seller_name": ev.seller_name,
        "right_certificate_no": ev.right_certificate_no,
        "reserve_fen": to_fen(ev.reserve_price),
        "deposit_fen": to_fen(ev.deposit),
        "disposal_id": ev.disposal_id,
    }


async def remember_listing(
    session: AsyncSession, who: Principal | None, ev: ListingPublished
) -> None:
    """Keep the listing so a bank can report deposits for it (B5)."""
    # merge: the row added when new, every column overwritten when a relisting publishes
    # again (the event carries them all)
    await session.merge(
        ListingView(
            **listed_facts(ev),
            mode=ev.mode,
            announcement_ends_at=ev.announcement_ends_at,
            published_at=ev.published_at,
            entry_plan_id=ev.entry_plan_id,
            entry_deal_id=ev.entry_deal_id,
        )
    )


async def remember_disposal(
    session: AsyncSession, who: Principal | None, ev: DisposalRequested
) -> None:
    """Remember the lender and the outstanding debt: disposal proceeds pay it first (R13)."""
    await session.merge(  # added when new, overwritten when requested again
        DisposalView(
            disposal_id=ev.disposal_id,
            lien_id=ev.lien_id,
            certificate_no=ev.certificate_no,
            lender_org_id=ev.lender_org_id,
            outstanding_debt_fen=to_fen(ev.outstanding_debt),
            requested_at=ev.requested_at,
        )
    )


async def follow_auctioneer(
    session: AsyncSession, who: Principal | None, e: IntermediaryChanged
) -> None:
    """listing's register changed an auctioneer (L20): the projection B4 reads."""
    await follow(session, RegisteredAuctioneer, e)


async def auctioneer_problems(
    session: AsyncSession, county: str, licence_no: str | None, on: date
) -> list[FieldProblem]:
    """B4 with L20: the auction's auctioneer is an active auctioneer of the county's
    register, valid on ``on`` (the day the auction opens)."""
    return licence_problems(
        await register_of(session, RegisteredAuctioneer, county),
        licence_no,
        on,
        field="auctioneer_licence_no",
        kind_en="auctioneer",
        kind_zh="拍卖机构",
    )

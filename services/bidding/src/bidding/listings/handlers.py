"""Consumers of other services' events (DOMAIN X1): listing and registry facts."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deals import service as deals
from bidding.listings.models import DisposalView, ListingView
from bidding.sessions import service as sessions
from common.contracts.listing import (
    AnnouncementClosed,
    ListingPublished,
    ListingResumed,
    ListingSuspended,
    ListingTerminated,
)
from common.contracts.registry import DisposalRequested, RightTransferred
from common.events import Envelope
from common.money import to_fen
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(ListingPublished)
async def on_published(session: AsyncSession, ev: ListingPublished, _env: Envelope) -> None:
    """Keep the listing so a bank can report deposits for it (B5)."""
    row = await session.get(ListingView, ev.listing_id)
    values = {
        "county": ev.county,
        "township": ev.township,
        "title": ev.title,
        "product": ev.product,
        "way": ev.way,
        "mode": ev.mode,
        "seller_party_id": ev.seller_party_id,
        "seller_name": ev.seller_name,
        "right_certificate_no": ev.right_certificate_no,
        "reserve_fen": to_fen(ev.reserve_price),
        "deposit_fen": to_fen(ev.deposit),
        "announcement_ends_at": ev.announcement_ends_at,
        "published_at": ev.published_at,
        "disposal_id": ev.disposal_id,
    }
    if row is None:
        session.add(ListingView(listing_id=ev.listing_id, **values))
    else:  # a relisting publishes again
        for k, v in values.items():
            setattr(row, k, v)


@handlers.on(AnnouncementClosed)
async def on_announcement_closed(
    session: AsyncSession, ev: AnnouncementClosed, _env: Envelope
) -> None:
    await sessions.open_from_announcement(session, ev)


@handlers.on(ListingSuspended)
async def on_suspended(session: AsyncSession, ev: ListingSuspended, _env: Envelope) -> None:
    await sessions.suspend(session, ev)


@handlers.on(ListingResumed)
async def on_resumed(session: AsyncSession, ev: ListingResumed, _env: Envelope) -> None:
    await sessions.resume(session, ev)


@handlers.on(ListingTerminated)
async def on_terminated(session: AsyncSession, ev: ListingTerminated, _env: Envelope) -> None:
    await sessions.terminate(session, ev)


@handlers.on(RightTransferred)
async def on_right_transferred(session: AsyncSession, ev: RightTransferred, _env: Envelope) -> None:
    """The registry recorded the transfer: release the money (B6, R13)."""
    if ev.listing_id:
        await deals.release_funds(session, ev.listing_id)


@handlers.on(DisposalRequested)
async def on_disposal_requested(
    session: AsyncSession, ev: DisposalRequested, _env: Envelope
) -> None:
    """Remember the lender and the outstanding debt: disposal proceeds pay it first (R13)."""
    row = await session.get(DisposalView, ev.disposal_id)
    values = {
        "lien_id": ev.lien_id,
        "certificate_no": ev.certificate_no,
        "lender_org_id": ev.lender_org_id,
        "outstanding_debt_fen": to_fen(ev.outstanding_debt),
        "requested_at": ev.requested_at,
    }
    if row is None:
        session.add(DisposalView(disposal_id=ev.disposal_id, **values))
    else:
        for k, v in values.items():
            setattr(row, k, v)

"""Consumers of other services' events (DOMAIN X1): the listing and disposal facts kept
here (projections). The events that act on a trade are consumed by the area they act
on (``sessions.handlers``, ``deals.handlers``); main.py merges the three."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.listings import service as listings
from common.contracts.listing import IntermediaryChanged, ListingPublished
from common.contracts.registry import DisposalRequested
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(ListingPublished)
async def on_published(session: AsyncSession, ev: ListingPublished, _env: Envelope) -> None:
    """Keep the listing so a bank can report deposits for it (B5)."""
    await listings.remember_listing(session, None, ev)


@handlers.on(DisposalRequested)
async def on_disposal_requested(
    session: AsyncSession, ev: DisposalRequested, _env: Envelope
) -> None:
    """Remember the lender and the outstanding debt: disposal proceeds pay it first (R13)."""
    await listings.remember_disposal(session, None, ev)


@handlers.on(IntermediaryChanged)
async def on_intermediary_changed(
    session: AsyncSession, event: IntermediaryChanged, _: Envelope
) -> None:
    """listing's register (L20): the auctioneers an auction (B4) opens under."""
    if event.kind == "auctioneer":
        await listings.follow_auctioneer(session, None, event)

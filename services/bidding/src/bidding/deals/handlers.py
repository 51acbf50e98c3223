"""Consumers of other services' events that act on a deal (DOMAIN L12, B6, R13, X1)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deals import conclusion
from bidding.deals import service as deals
from common.contracts.collective import EntryPublicityStarted, EntrySettled
from common.contracts.listing import ListingTerminated
from common.contracts.registry import RightTransferred
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(ListingTerminated)
async def on_terminated(session: AsyncSession, ev: ListingTerminated, _env: Envelope) -> None:
    await conclusion.terminate(session, None, ev)


@handlers.on(EntryPublicityStarted)
async def on_entry_publicity(
    session: AsyncSession, ev: EntryPublicityStarted, _env: Envelope
) -> None:
    """An 入市 trade's result publicity: the contract deadline runs from its end (B6, E9)."""
    await deals.follow_entry_publicity(session, None, ev)


@handlers.on(EntrySettled)
async def on_entry_settled(session: AsyncSession, ev: EntrySettled, _env: Envelope) -> None:
    """A re-transfer's fund settled by the collective: withheld at the release (E12, E15)."""
    await deals.follow_entry_settled(session, None, ev)


@handlers.on(RightTransferred)
async def on_right_transferred(session: AsyncSession, ev: RightTransferred, _env: Envelope) -> None:
    """The registry recorded the transfer: release the money (B6, R13)."""
    if ev.listing_id:
        await deals.release_funds(session, None, ev.listing_id)

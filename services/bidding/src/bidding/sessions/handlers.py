"""Consumers of the listing's events that act on a trading session (DOMAIN L7, L12, X1)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.sessions import service as sessions
from common.contracts.listing import AnnouncementClosed, ListingResumed, ListingSuspended
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(AnnouncementClosed)
async def on_announcement_closed(
    session: AsyncSession, ev: AnnouncementClosed, _env: Envelope
) -> None:
    await sessions.open_from_announcement(session, None, ev)


@handlers.on(ListingSuspended)
async def on_suspended(session: AsyncSession, ev: ListingSuspended, _env: Envelope) -> None:
    await sessions.suspend(session, None, ev)


@handlers.on(ListingResumed)
async def on_resumed(session: AsyncSession, ev: ListingResumed, _env: Envelope) -> None:
    await sessions.resume(session, None, ev)

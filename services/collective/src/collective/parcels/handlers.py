"""Events in: registry's recorded lease of a homestead (``registry.right_transferred``, way
``lease``) — the parcel's use follows a lease of an idle homestead traded through listing
(Z6, L24)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.parcels.service import lease_concluded
from common.contracts.registry import RightTransferred
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(RightTransferred)
async def on_right_transferred(session: AsyncSession, event: RightTransferred, _: Envelope) -> None:
    await lease_concluded(session, event)

"""Events in: listing's intermediary register (``listing.intermediary_changed``, L20) —
the appraisers a third-party valuation (R6) must come from."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.listing import IntermediaryChanged
from common.events import Envelope
from common.service import EventHandlers
from registry.valuation import service

handlers = EventHandlers()


@handlers.on(IntermediaryChanged)
async def on_intermediary_changed(
    session: AsyncSession, event: IntermediaryChanged, _: Envelope
) -> None:
    if event.kind == "appraiser":
        await service.follow_appraiser(session, None, event)

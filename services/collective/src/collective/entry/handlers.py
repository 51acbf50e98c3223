"""Events in: listing's intermediary register (``listing.intermediary_changed``, L20) —
the appraisers E5 checks an entry plan's appraisal against."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.entry.service import follow_appraiser
from common.contracts.listing import IntermediaryChanged
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(IntermediaryChanged)
async def on_intermediary_changed(
    session: AsyncSession, event: IntermediaryChanged, _: Envelope
) -> None:
    if event.kind == "appraiser":
        await follow_appraiser(session, event)

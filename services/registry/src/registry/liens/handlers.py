"""Events in: the guarantee service's signed guarantees (``guarantee.guarantee_issued``),
which a credit enhancement may cite (R21)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.guarantee import GuaranteeIssued
from common.events import Envelope
from common.service import EventHandlers
from registry.liens import service

handlers = EventHandlers()


@handlers.on(GuaranteeIssued)
async def on_guarantee_issued(session: AsyncSession, event: GuaranteeIssued, _: Envelope) -> None:
    await service.follow_guarantee(session, None, event)

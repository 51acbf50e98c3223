"""Events in: registry's liens (registry.lien_registered, registry.lien_discharged) — the
projection a homestead transfer (Z5) and a withdrawal's payout (Z7) read."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.liens.service import follow_lien
from common.contracts.registry import LienDischarged, LienRegistered
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(LienRegistered)
async def on_lien_registered(session: AsyncSession, event: LienRegistered, _: Envelope) -> None:
    await follow_lien(session, event.lien_id, event.certificate_no, True, event.registered_at)


@handlers.on(LienDischarged)
async def on_lien_discharged(session: AsyncSession, event: LienDischarged, _: Envelope) -> None:
    await follow_lien(session, event.lien_id, event.certificate_no, False, event.discharged_at)

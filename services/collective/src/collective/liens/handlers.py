"""Events in: registry's liens (registry.lien_registered, registry.lien_discharged) and its
right flags (registry.right_flagged: disputed, seized) — the projections a homestead
transfer (Z5) and a withdrawal and its payout (Z7) read."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.liens.service import follow_flag, follow_lien
from common.contracts.registry import LienDischarged, LienRegistered, RightFlagged
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(LienRegistered)
async def on_lien_registered(session: AsyncSession, event: LienRegistered, _: Envelope) -> None:
    await follow_lien(session, event.lien_id, event.certificate_no, True, event.registered_at)


@handlers.on(LienDischarged)
async def on_lien_discharged(session: AsyncSession, event: LienDischarged, _: Envelope) -> None:
    await follow_lien(session, event.lien_id, event.certificate_no, False, event.discharged_at)


@handlers.on(RightFlagged)
async def on_right_flagged(session: AsyncSession, event: RightFlagged, _: Envelope) -> None:
    await follow_flag(session, event.certificate_no, event.flag, event.set, event.reason, event.at)

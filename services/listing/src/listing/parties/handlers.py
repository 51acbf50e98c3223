"""Consumers of other services' facts about parties (L10, L11, L13, G11)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.collective import MemberChanged
from common.contracts.guarantee import PartyBlacklisted, PartyCleared
from common.events import Envelope
from common.service import EventHandlers
from listing.parties import service

handlers = EventHandlers()


@handlers.on(PartyBlacklisted)
async def on_blacklisted(session: AsyncSession, event: PartyBlacklisted, _e: Envelope) -> None:
    """G11 → L13: a blacklisted party cannot register as a buyer."""
    await service.set_restriction(
        session,
        None,
        event.party_id,
        source="guarantee",
        active=True,
        reason=event.reason,
        decided_by=event.decided_by,
        at=event.decided_at,
        name=event.party_name,
    )


@handlers.on(PartyCleared)
async def on_cleared(session: AsyncSession, event: PartyCleared, _e: Envelope) -> None:
    await service.set_restriction(
        session,
        None,
        event.party_id,
        source="guarantee",
        active=False,
        reason=event.reason,
        decided_by=event.decided_by,
        at=event.decided_at,
    )


@handlers.on(MemberChanged)
async def on_member_changed(session: AsyncSession, event: MemberChanged, _e: Envelope) -> None:
    """The membership projection behind L10 (priority) and L11 (restricted buyers)."""
    await service.upsert_member(
        session,
        None,
        event.party_id,
        collective_id=event.collective_id,
        collective_name=event.collective_name,
        county=event.county,
        township=event.township,
        name=event.name,
        member=event.member,
        homestead_qualified=event.homestead_qualified,
        at=event.changed_at,
    )

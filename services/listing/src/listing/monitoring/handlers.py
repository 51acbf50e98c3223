"""bidding.deposit_forfeited → the forfeited deposits the L25 report counts (B5)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.bidding import DepositForfeited
from common.events import Envelope
from common.money import to_fen
from common.service import EventHandlers
from listing.monitoring import service

handlers = EventHandlers()


@handlers.on(DepositForfeited)
async def on_deposit_forfeited(
    session: AsyncSession, event: DepositForfeited, _e: Envelope
) -> None:
    await service.follow_forfeiture(
        session,
        None,
        event.listing_id,
        party_id=event.party_id,
        amount_fen=to_fen(event.amount),
        reason=event.reason,
        forfeited_at=event.forfeited_at,
    )

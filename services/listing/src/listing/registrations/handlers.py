"""bidding.deposit_paid → the registration's deposit (L6, B5)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.bidding import DepositPaid
from common.events import Envelope
from common.money import to_fen
from common.service import EventHandlers
from listing.registrations import service

handlers = EventHandlers()


@handlers.on(DepositPaid)
async def on_deposit_paid(session: AsyncSession, event: DepositPaid, _e: Envelope) -> None:
    await service.deposit_paid(
        session,
        None,
        event.listing_id,
        party_id=event.party_id,
        registration_id=event.registration_id,
        amount_fen=to_fen(event.amount),
        reference=event.bank_reference,
        paid_at=event.paid_at,
    )

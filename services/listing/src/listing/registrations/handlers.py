"""bidding.deposit_paid → the registration's deposit (L6, B5)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.bidding import DepositPaid
from common.events import Envelope
from common.money import to_fen
from common.service import EventHandlers
from listing.registrations.service import deposit_paid

handlers = EventHandlers()


@handlers.on(DepositPaid)
async def on_deposit_paid(session: AsyncSession, event: DepositPaid, _e: Envelope) -> None:
    await deposit_paid(
        session,
        event.listing_id,
        event.party_id,
        event.registration_id,
        to_fen(event.amount),
        event.bank_reference,
        event.paid_at,
    )

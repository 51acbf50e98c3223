"""Events in: a settled trade is recorded in the ledger (R1, B6; R13 for disposals)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.bidding import SettlementCompleted
from common.events import Envelope
from common.service import EventHandlers
from registry.rights.service import record_trade

handlers = EventHandlers()


@handlers.on(SettlementCompleted)
async def on_settlement(session: AsyncSession, event: SettlementCompleted, _: Envelope) -> None:
    await record_trade(session, event)

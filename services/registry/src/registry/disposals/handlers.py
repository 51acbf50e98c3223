"""Events in: a settled trade (bidding.settlement_completed) — a disposal's lender paid
and its liens enforced (R13), the right transferred to the buyer (R1, B6); an 入市
trade's only once the collective's settlement (collective.entry_settled) withheld the
adjustment fund (E12)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.bidding import SettlementCompleted
from common.contracts.collective import EntrySettled
from common.events import Envelope
from common.service import EventHandlers
from registry.disposals.service import follow_entry_settled, settle_trade

handlers = EventHandlers()


@handlers.on(SettlementCompleted)
async def on_settlement(session: AsyncSession, event: SettlementCompleted, _: Envelope) -> None:
    await settle_trade(session, None, event)


@handlers.on(EntrySettled)
async def on_entry_settled(session: AsyncSession, event: EntrySettled, _: Envelope) -> None:
    await follow_entry_settled(session, None, event)

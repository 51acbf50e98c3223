"""Events in: bidding's concluded trade of an 入市 listing (``bidding.trade_concluded``
with ``entry_plan_id``) — the plan's deal, its result publicity starting (E9)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.entrydeals.service import follow_trade
from common.contracts.bidding import TradeConcluded
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()


@handlers.on(TradeConcluded)
async def on_trade_concluded(session: AsyncSession, event: TradeConcluded, _: Envelope) -> None:
    if event.entry_plan_id is not None:
        await follow_trade(session, None, event)

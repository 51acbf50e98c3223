"""Events in: bidding's concluded trade of an 入市 listing (``bidding.trade_concluded``
with ``entry_plan_id``) — the plan's deal, its result publicity starting (E9); of a
re-listing of entered land (``entry_deal_id``) — the re-transfer (E15), followed by the
later ``entryresale`` area through ``RESALE_FOLLOWERS``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from collective.entrydeals.service import follow_trade
from common.contracts.bidding import TradeConcluded
from common.events import Envelope
from common.service import EventHandlers

handlers = EventHandlers()

#: What follows bidding's trade of a re-listing (E15): ``entryresale`` subscribes in
#: ``collective.main``, so this area never imports an area declared after it.
RESALE_FOLLOWERS: list[Callable[[AsyncSession, TradeConcluded], Awaitable[object]]] = []


@handlers.on(TradeConcluded)
async def on_trade_concluded(session: AsyncSession, event: TradeConcluded, _: Envelope) -> None:
    if event.entry_plan_id is not None:
        await follow_trade(session, None, event)
    elif event.entry_deal_id is not None:
        for follow in RESALE_FOLLOWERS:
            await follow(session, event)

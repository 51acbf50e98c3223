"""A trade's conclusion — 成交 (DOMAIN B1–B6, L12): where a session's end becomes a deal.

The sessions area decides that a session ends and with whom (``sessions.service``
returns a ``Winner``); the deal belongs to this later area, so the use cases that end a
trade with a deal — the closing timer, the tender opening, the negotiated conclusion, a
termination after the conclusion — are orchestrated here, and the sessions area never
imports the deals area.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deals import repository
from bidding.deals.service import CONTRACT_DEADLINE, create_deal, deal_void
from bidding.deals.states import DEAL
from bidding.deposits import service as deposits
from bidding.sessions import service as sessions
from bidding.sessions.models import TradeSession
from common.auth import Principal
from common.contracts.listing import ListingTerminated
from common.scheduler import cancel_timer


async def conclude(session: AsyncSession, who: Principal | None, won: sessions.Winner) -> None:
    """The session concludes with its winner: the deal confirmation is issued (the winner's
    deposit joins the price) and everyone else's deposit goes back (B5, B6)."""
    ts = won.ts
    await sessions.conclude(session, who, won)
    await create_deal(
        session,
        who,
        ts,
        buyer_party_id=won.bidder.party_id,
        buyer_name=won.bidder.name,
        price_fen=won.price_fen,
        via_priority=won.via_priority,
        bids_count=ts.bid_count,
    )
    await deposits.refund_all(session, who, ts.listing_id, ts.county, keep={won.bidder.party_id})


async def close_session(session: AsyncSession, who: Principal | None, session_id: str) -> None:
    """The closing timer of an ascending session (B2)."""
    won = await sessions.on_close_timer(session, who, session_id)
    if won is not None:
        await conclude(session, who, won)


async def open_tenders(session: AsyncSession, who: Principal | None, session_id: str) -> None:
    """The tender opening (B4)."""
    won = await sessions.on_open_tenders(session, who, session_id)
    if won is not None:
        await conclude(session, who, won)


async def conclude_negotiation(session: AsyncSession, who: Principal, ts: TradeSession) -> None:
    """The centre issues the negotiated deal once both sides confirmed (B1)."""
    await conclude(session, who, await sessions.negotiated_winner(session, who, ts))


async def terminate(session: AsyncSession, who: Principal | None, ev: ListingTerminated) -> None:
    """The listing was terminated (L12). A concluded trade whose contract is not yet signed
    is void: the winner's deposit returns; after the signing nothing changes here (the
    money then follows the registry)."""
    ts = await sessions.terminate(session, who, ev)
    if ts is None:
        return
    deal = await repository.unsigned_deal(session, ts.id)
    if deal is not None:
        await cancel_timer(session, CONTRACT_DEADLINE, deal.id)
        DEAL.move(deal, "defaulted", "terminate")
        deal.default_decision = "terminated"
        await deal_void(session, who, deal)
        await deposits.unapply_and_refund(
            session, who, ts.listing_id, deal.buyer_party_id, ts.county
        )
        await sessions.fail(session, who, ts, "terminated", ev.reason)

"""Deal queries — 成交查询: lookups of deals and of the bidders a default may pass to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deals.models import Deal
from bidding.sessions.models import Bid, SealedTender, TradeSession
from common.context import session_context
from common.db import load_or_404


async def deals_of_listing(session: AsyncSession, listing_id: str) -> Sequence[Deal]:
    rows = await session.execute(
        select(Deal).where(Deal.listing_id == listing_id).order_by(Deal.round)
    )
    return rows.scalars().all()


async def settled_deal(session: AsyncSession, listing_id: str) -> Deal | None:
    """The listing's settled deal, locked (its funds are released next)."""
    return await _locked_deal(session, Deal.listing_id == listing_id, Deal.status == "settled")


async def unsigned_deal(session: AsyncSession, session_id: str) -> Deal | None:
    """The session's deal still awaiting its contract, locked (it is voided next)."""
    return await _locked_deal(
        session, Deal.session_id == session_id, Deal.status == "awaiting_contract"
    )


async def _locked_deal(session: AsyncSession, *where: Any) -> Deal | None:
    """The one deal that meets ``where``, locked for the write that follows; None if none."""
    rows = await session.execute(select(Deal).where(*where).with_for_update())
    return rows.scalar_one_or_none()


async def last_round(session: AsyncSession, session_id: str) -> int:
    return (
        await session.scalar(select(func.max(Deal.round)).where(Deal.session_id == session_id))
    ) or 1


async def next_bidder(
    session: AsyncSession, ts: TradeSession, exclude: set[str]
) -> tuple[str, int] | None:
    """The best other bidder at their own best price (ascending) or next in rank (tender)."""
    excluded = set(exclude)
    previous = (
        await session.execute(select(Deal.buyer_party_id).where(Deal.session_id == ts.id))
    ).scalars()
    excluded.update(previous)
    if ts.mode == "tender":
        rows = await session.execute(
            select(SealedTender.party_id, SealedTender.amount_fen)
            .where(SealedTender.session_id == ts.id, SealedTender.valid.is_(True))
            .order_by(SealedTender.rank)
        )
    else:
        rows = await session.execute(
            select(Bid.party_id, func.max(Bid.amount_fen).label("best"), func.min(Bid.id))
            .where(Bid.session_id == ts.id)
            .group_by(Bid.party_id)
            .order_by(func.max(Bid.amount_fen).desc(), func.min(Bid.id))
        )
    for row in rows:
        if row[0] not in excluded:
            return row[0], int(row[1])
    return None


async def get_deal(session: AsyncSession, deal_id: str, *, lock: bool = False) -> Deal:
    return await load_or_404(session, Deal, Deal.id, deal_id, "Deal", "成交记录", lock=lock)


async def deal_and_session(
    session: AsyncSession, deal_id: str, *, lock: bool = False
) -> tuple[Deal, TradeSession]:
    """A deal and its trading session; the deal locked when a write follows."""
    deal = await get_deal(session, deal_id, lock=lock)
    ts = await session.get(TradeSession, deal.session_id)
    assert ts is not None
    return deal, ts


async def deals_of_buyer(
    session: AsyncSession, party_id: str, *, limit: int = 100
) -> list[tuple[Deal, TradeSession]]:
    """A buyer's own deals (B5) with their sessions, newest first — 我的成交."""
    rows = await session.execute(
        select(Deal, TradeSession)
        .join(TradeSession, TradeSession.id == Deal.session_id)
        .where(Deal.buyer_party_id == party_id)
        .order_by(Deal.concluded_at.desc(), Deal.id)
        .limit(limit)
    )
    return [(deal, ts) for deal, ts in rows]


async def balance_payments_of_bank(
    session: AsyncSession, actor_org: str, action: str, limit: int
) -> Sequence[Any]:
    """The settlement payments one bank reported (the deals' audit records of ``action``
    by ``actor_org``), newest first, with the deal's listing, buyer and status."""
    decisions = session_context(session).infra.decisions
    rows = await session.execute(
        select(
            decisions.c.subject_id,
            decisions.c.data,
            decisions.c.decided_at,
            Deal.listing_id,
            Deal.buyer_party_id,
            Deal.status,
        )
        .join(Deal, Deal.id == decisions.c.subject_id)
        .where(
            decisions.c.subject_type == Deal.__audit_subject__,
            decisions.c.action == action,
            decisions.c.actor_org == actor_org,
        )
        .order_by(decisions.c.id.desc())
        .limit(limit)
    )
    return rows.all()

"""Trading session queries — 交易场次查询: the lookups the session's use cases, its views
and the later areas share. Reads take no row lock unless the caller writes next
(``lock=True``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.sessions.models import Bid, Bidder, SealedTender, TradeSession
from common.db import load_or_404
from common.problems import Problem


async def get_session(
    session: AsyncSession, session_id: str, *, lock: bool = False
) -> TradeSession:
    return await load_or_404(
        session,
        TradeSession,
        TradeSession.id,
        session_id,
        "Trading session",
        "交易场次",
        lock=lock,
    )


async def session_of_listing(
    session: AsyncSession, listing_id: str, *, lock: bool = False
) -> TradeSession | None:
    """The listing's trading session, if it opened; locked (``lock``) when a write follows."""
    query = select(TradeSession).where(TradeSession.listing_id == listing_id)
    return (await session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()


def no_session() -> Problem:
    return Problem(
        404, "not-found", "No trading session for this listing", "该项目尚无交易场次", rule="X4"
    )


async def bidder_names(session: AsyncSession, session_id: str) -> dict[str, Bidder]:
    rows = await session.execute(select(Bidder).where(Bidder.session_id == session_id))
    return {b.party_id: b for b in rows.scalars()}


async def tenders_of(session: AsyncSession, session_id: str) -> list[SealedTender]:
    rows = await session.execute(select(SealedTender).where(SealedTender.session_id == session_id))
    return list(rows.scalars())


async def opened_tenders(session: AsyncSession, session_id: str) -> Sequence[SealedTender]:
    """The tenders whose amounts were opened (B4)."""
    rows = await session.execute(
        select(SealedTender).where(
            SealedTender.session_id == session_id, SealedTender.amount_fen.is_not(None)
        )
    )
    return rows.scalars().all()


async def has_tendered(session: AsyncSession, session_id: str, party_id: str) -> bool:
    found = await session.execute(
        select(SealedTender.id).where(
            SealedTender.session_id == session_id, SealedTender.party_id == party_id
        )
    )
    return found.first() is not None


async def bidders_who_bid(session: AsyncSession, session_id: str) -> int:
    """How many bidders posted a bid (B7: several still compete at the period's end)."""
    found = await session.execute(
        select(func.count(distinct(Bid.party_id))).where(Bid.session_id == session_id)
    )
    return int(found.scalar_one())


async def bid_log(session: AsyncSession, session_id: str) -> Sequence[Bid]:
    rows = await session.execute(select(Bid).where(Bid.session_id == session_id).order_by(Bid.id))
    return rows.scalars().all()


async def standing_of(
    session: AsyncSession, session_id: str, party_id: str
) -> tuple[Bidder | None, int | None]:
    """A party's bidder row in a session and its highest bid (None, None: not a bidder)."""
    bidder = await session.get(Bidder, (session_id, party_id))
    if bidder is None:
        return None, None
    best = await session.scalar(
        select(func.max(Bid.amount_fen)).where(
            Bid.session_id == session_id, Bid.party_id == party_id
        )
    )
    return bidder, best


async def sessions_of_day(
    session: AsyncSession, county: str, start: datetime, end: datetime, live: tuple[str, ...]
) -> Sequence[TradeSession]:
    """A county's sessions of one day: opened, ending or opening tenders in
    [``start``, ``end``), or still live; the soonest end first."""
    q = (
        select(TradeSession)
        .where(
            TradeSession.county == county,
            or_(
                TradeSession.status.in_(live),
                *(
                    (column >= start) & (column < end)
                    for column in (
                        TradeSession.opened_at,
                        TradeSession.ends_at,
                        TradeSession.tender_opening_at,
                    )
                ),
            ),
        )
        .order_by(TradeSession.ends_at, TradeSession.opened_at)
        .limit(500)
    )
    return (await session.execute(q)).scalars().all()

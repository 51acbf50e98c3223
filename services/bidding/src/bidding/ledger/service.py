"""Writing and reading the ledger (DOMAIN B5, B6). Only flushes; the caller commits."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.access import require_trade_county
from bidding.ledger import rules as p
from bidding.ledger.models import LedgerTransaction, Posting
from bidding.listings.models import ListingView
from common.auth import Principal
from common.context import now as clock_now
from common.problems import Problem


async def post(
    session: AsyncSession,
    who: Principal | None,
    listing_id: str,
    *,
    kind: str,
    postings: p.Postings,
    party_id: str | None = None,
    reference: str | None = None,
) -> int:
    """Store one balanced transaction (``postings`` come from ``ledger.rules``)."""
    if sum(a for _, a in postings) != 0:
        raise p.LedgerError("unbalanced ledger transaction refused")
    tx_id = (
        await session.execute(
            insert(LedgerTransaction)
            .values(
                listing_id=listing_id,
                kind=kind,
                party_id=party_id,
                reference=reference,
                created_at=clock_now(session),
            )
            .returning(LedgerTransaction.id)
        )
    ).scalar_one()
    await session.execute(
        insert(Posting),
        [{"transaction_id": tx_id, "account": a, "amount_fen": amt} for a, amt in postings],
    )
    return int(tx_id)


async def balance(session: AsyncSession, account: str) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(Posting.amount_fen), 0)).where(Posting.account == account)
    )
    return int(total or 0)


async def trial_balance(session: AsyncSession, listing_id: str | None = None) -> dict[str, int]:
    """Every account's balance (of one listing's transactions when ``listing_id`` is given)."""
    q = select(Posting.account, func.sum(Posting.amount_fen)).group_by(Posting.account)
    if listing_id is not None:
        q = q.join(LedgerTransaction, LedgerTransaction.id == Posting.transaction_id).where(
            LedgerTransaction.listing_id == listing_id
        )
    return {a: int(s) for a, s in (await session.execute(q)).all()}


async def ledger_of_listing(
    session: AsyncSession, who: Principal, listing_id: str
) -> dict[str, int]:
    """A published listing's account balances, for its county's staff and finance (X3)."""
    listing = await session.get(ListingView, listing_id)
    if listing is None:
        raise Problem(404, "not-found", "Listing not found", "挂牌项目不存在", rule="X4")
    require_trade_county(who, listing.county)
    return await trial_balance(session, listing_id)


async def unbalanced_transactions(session: AsyncSession) -> list[int]:
    rows = await session.execute(
        select(Posting.transaction_id)
        .group_by(Posting.transaction_id)
        .having(func.sum(Posting.amount_fen) != 0)
    )
    return [r[0] for r in rows]

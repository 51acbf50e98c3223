"""Deposit queries — 保证金查询."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deposits.models import Deposit


async def held_deposits(session: AsyncSession, listing_id: str) -> list[Deposit]:
    return list(
        (
            await session.execute(
                select(Deposit)
                .where(Deposit.listing_id == listing_id, Deposit.state == "held")
                .order_by(Deposit.id)
                .with_for_update()
            )
        ).scalars()
    )


async def deposit_of(session: AsyncSession, listing_id: str, party_id: str) -> Deposit | None:
    return (
        await session.execute(
            select(Deposit).where(Deposit.listing_id == listing_id, Deposit.party_id == party_id)
        )
    ).scalar_one_or_none()


async def deposits_by_party(session: AsyncSession, listing_id: str) -> dict[str, Deposit]:
    """The listing's deposits, by payer (read only)."""
    rows = await session.execute(select(Deposit).where(Deposit.listing_id == listing_id))
    return {d.party_id: d for d in rows.scalars()}


async def deposits_of_listing(
    session: AsyncSession, listing_id: str, *, bank_org_id: str | None = None
) -> Sequence[Deposit]:
    """The listing's deposits in payment order; only one bank's when ``bank_org_id``."""
    q = select(Deposit).where(Deposit.listing_id == listing_id).order_by(Deposit.id)
    if bank_org_id is not None:
        q = q.where(Deposit.bank_org_id == bank_org_id)
    return (await session.execute(q)).scalars().all()


async def deposits_of_bank(session: AsyncSession, bank_org_id: str, limit: int) -> list[Deposit]:
    """One bank's reported deposits, newest first."""
    q = (
        select(Deposit)
        .where(Deposit.bank_org_id == bank_org_id)
        .order_by(Deposit.paid_at.desc(), Deposit.id.desc())
        .limit(limit)
    )
    return list((await session.execute(q)).scalars())

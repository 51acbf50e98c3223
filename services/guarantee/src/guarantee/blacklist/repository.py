"""Queries of the blacklist — 黑名单查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from guarantee.blacklist.models import BlacklistEntry


async def active_entry(session: AsyncSession, party_id: str) -> BlacklistEntry | None:
    """The party's standing entry, locked: its callers decide on it next (G11)."""
    return await session.scalar(
        select(BlacklistEntry)
        .where(BlacklistEntry.party_id == party_id, BlacklistEntry.cleared_at.is_(None))
        .with_for_update()
    )


async def entries(session: AsyncSession, party_id: str | None = None) -> list[BlacklistEntry]:
    q = select(BlacklistEntry).order_by(BlacklistEntry.id)
    if party_id:
        q = q.where(BlacklistEntry.party_id == party_id)
    return list(await session.scalars(q))

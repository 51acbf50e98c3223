"""Queries of the share register — 股权查询 (Z11)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.shares.models import Shareholding
from common.db import all_of


async def of_collective(session: AsyncSession, collective_id: str) -> list[Shareholding]:
    """The register in a stable order (by member ID): the snapshot dividends use."""
    return await all_of(
        session,
        Shareholding,
        Shareholding.collective_id == collective_id,
        Shareholding.shares > 0,
        order_by=[Shareholding.party_id],
    )


async def holding(session: AsyncSession, collective_id: str, party_id: str) -> Shareholding | None:
    return await session.scalar(
        select(Shareholding)
        .where(Shareholding.collective_id == collective_id, Shareholding.party_id == party_id)
        .with_for_update()
    )

"""Queries of the homestead reserve — 收储台账查询 (Z10)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.reserve.models import ReserveEntry


async def of_collective(session: AsyncSession, collective_id: str) -> list[ReserveEntry]:
    return list(
        await session.scalars(
            select(ReserveEntry)
            .where(ReserveEntry.collective_id == collective_id)
            .order_by(ReserveEntry.entered_at, ReserveEntry.id)
        )
    )

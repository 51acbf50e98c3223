"""Queries of the homestead reserve — 收储台账查询 (Z10)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.reserve.models import ReserveEntry
from common.db import all_of


async def of_collective(session: AsyncSession, collective_id: str) -> list[ReserveEntry]:
    return await all_of(
        session,
        ReserveEntry,
        ReserveEntry.collective_id == collective_id,
        order_by=[ReserveEntry.entered_at, ReserveEntry.id],
    )

"""Queries of 入市 after the trade — 入市成交查询."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.entrydeals.models import EntryDeal


async def locked(session: AsyncSession, deal_id: str) -> EntryDeal | None:
    return await session.get(EntryDeal, deal_id, with_for_update=True)

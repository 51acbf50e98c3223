"""Queries of 入市 after the trade — 入市成交查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.entrydeals.models import EntryDeal


async def locked(session: AsyncSession, deal_id: str) -> EntryDeal | None:
    return await session.get(EntryDeal, deal_id, with_for_update=True)


async def deal_of_plan(session: AsyncSession, plan_id: str) -> EntryDeal | None:
    """The plan's one deal (a plan is traded once)."""
    return (
        await session.execute(select(EntryDeal).where(EntryDeal.plan_id == plan_id))
    ).scalar_one_or_none()

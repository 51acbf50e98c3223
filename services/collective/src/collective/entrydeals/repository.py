"""Queries of 入市 after the trade — 入市成交查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.entrydeals.models import EntryDeal
from common.db import matching


async def locked(session: AsyncSession, deal_id: str) -> EntryDeal | None:
    return await session.get(EntryDeal, deal_id, with_for_update=True)


async def deals(
    session: AsyncSession,
    *,
    county: str | None = None,
    collective_id: str | None = None,
    status: str | None = None,
) -> list[EntryDeal]:
    """A county's or a collective's deals, oldest first (what has waited longest)."""
    q = select(EntryDeal).where(
        *matching(EntryDeal, county=county, collective_id=collective_id, status=status)
    )
    return list(await session.scalars(q.order_by(EntryDeal.concluded_at, EntryDeal.id).limit(500)))


async def deal_of_plan(session: AsyncSession, plan_id: str) -> EntryDeal | None:
    """The plan's one deal (a plan is traded once)."""
    return (
        await session.execute(select(EntryDeal).where(EntryDeal.plan_id == plan_id))
    ).scalar_one_or_none()

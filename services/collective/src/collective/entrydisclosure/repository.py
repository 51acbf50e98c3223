"""The board's queries — 入市公开查询 (E16)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.entry.models import EntryPlan, SupplyPlan
from collective.entrydeals.models import EntryDeal
from collective.entrydisclosure.models import EntryPolicy
from common.db import all_of


async def supply_plans(session: AsyncSession, county: str) -> list[SupplyPlan]:
    return await all_of(
        session, SupplyPlan, SupplyPlan.county == county, order_by=[SupplyPlan.year.desc()]
    )


async def plans_in(session: AsyncSession, supply_ids: list[str]) -> list[EntryPlan]:
    if not supply_ids:
        return []
    q = select(EntryPlan).where(EntryPlan.supply_plan_id.in_(supply_ids))
    return list(await session.scalars(q))


async def deals(
    session: AsyncSession, county: str, *, settled: bool, limit: int, offset: int
) -> list[tuple[Any, Any]]:
    """Deals of the county with their plans, newest first (settled ones only, or all)."""
    q = (
        select(EntryDeal, EntryPlan)
        .join(EntryPlan, EntryPlan.id == EntryDeal.plan_id)
        .where(EntryDeal.county == county)
    )
    if settled:
        q = q.where(EntryDeal.settled_at.is_not(None)).order_by(EntryDeal.settled_at.desc())
    else:
        q = q.order_by(EntryDeal.concluded_at.desc())
    rows = await session.execute(q.order_by(EntryDeal.id).limit(limit).offset(offset))
    return [(d, p) for d, p in rows.all()]


async def policies(session: AsyncSession, county: str) -> list[EntryPolicy]:
    return await all_of(
        session,
        EntryPolicy,
        EntryPolicy.county == county,
        order_by=[EntryPolicy.issued_on.desc(), EntryPolicy.published_at.desc()],
    )

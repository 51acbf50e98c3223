"""The E statistics' queries — 入市统计查询: the county's plans, its supply plan for the
year and the deals concluded or settled in a period."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.entry.models import EntryPlan, SupplyPlan
from collective.entrydeals.models import EntryDeal


async def plans_by_status(session: AsyncSession, county: str) -> dict[str, int]:
    rows = await session.execute(
        select(EntryPlan.status, func.count())
        .where(EntryPlan.county == county)
        .group_by(EntryPlan.status)
    )
    return {status: n for status, n in rows.all()}


async def supply(session: AsyncSession, county: str, year: int) -> tuple[Any, dict[str, Decimal]]:
    """The year's supply plan (or None) and the area listed in it per use."""
    plan = await session.scalar(
        select(SupplyPlan).where(SupplyPlan.county == county, SupplyPlan.year == year)
    )
    if plan is None:
        return None, {}
    rows = await session.execute(
        select(EntryPlan.land_use, func.sum(EntryPlan.area_m2))
        .where(EntryPlan.supply_plan_id == plan.id)
        .group_by(EntryPlan.land_use)
    )
    return plan, {use: Decimal(str(m2)) for use, m2 in rows.all()}


async def deals_concluded(
    session: AsyncSession, county: str, start: datetime, end: datetime
) -> list[Any]:
    """Deals concluded in [start, end), each with its plan's use and area."""
    rows = await session.execute(
        select(EntryDeal.price_fen, EntryPlan.land_use, EntryPlan.area_m2)
        .join(EntryPlan, EntryPlan.id == EntryDeal.plan_id)
        .where(
            EntryDeal.county == county,
            EntryDeal.concluded_at >= start,
            EntryDeal.concluded_at < end,
        )
    )
    return list(rows.all())


async def deals_settled(
    session: AsyncSession, county: str, start: datetime, end: datetime
) -> list[Any]:
    """Deals settled in [start, end), with the split and the plan's use and area."""
    rows = await session.execute(
        select(
            EntryDeal.price_fen,
            EntryDeal.fund_fen,
            EntryDeal.taxes_fen,
            EntryDeal.retention_fen,
            EntryDeal.members_fen,
            EntryPlan.land_use,
            EntryPlan.area_m2,
        )
        .join(EntryPlan, EntryPlan.id == EntryDeal.plan_id)
        .where(
            EntryDeal.county == county,
            EntryDeal.settled_at.is_not(None),
            EntryDeal.settled_at >= start,
            EntryDeal.settled_at < end,
        )
    )
    return list(rows.all())

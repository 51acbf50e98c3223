"""Queries of 入市 before the trade — 入市方案查询."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.entry.models import EntryPlan, RegisteredAppraiser
from common.db import matching


async def used_m2(session: AsyncSession, supply_id: str) -> dict[str, Decimal]:
    """Area drawn from a supply plan per use by the plans listed in it."""
    rows = await session.execute(
        select(EntryPlan.land_use, func.sum(EntryPlan.area_m2))
        .where(EntryPlan.supply_plan_id == supply_id)
        .group_by(EntryPlan.land_use)
    )
    return {use: Decimal(total) for use, total in rows.all()}


async def appraisers(session: AsyncSession, county: str) -> list[RegisteredAppraiser]:
    """The county's appraisers in listing's register (L20), as this service follows it."""
    return list(
        await session.scalars(
            select(RegisteredAppraiser).where(RegisteredAppraiser.county == county)
        )
    )


async def plans(
    session: AsyncSession,
    *,
    county: str | None = None,
    collective_id: str | None = None,
    status: str | None = None,
) -> list[EntryPlan]:
    """A county's or a collective's plans, oldest first (what has waited longest)."""
    q = select(EntryPlan).where(
        *matching(EntryPlan, county=county, collective_id=collective_id, status=status)
    )
    return list(await session.scalars(q.order_by(EntryPlan.recorded_at, EntryPlan.id).limit(500)))

"""Queries of 入市 before the trade — 入市方案查询."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.entry.models import EntryPlan, RegisteredAppraiser
from common.db import matching

_Row = TypeVar("_Row")


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


async def queue(
    session: AsyncSession,
    model: type[_Row],
    order_by: Sequence[Any],
    *,
    county: str | None = None,
    collective_id: str | None = None,
    status: str | None = None,
) -> list[_Row]:
    """An 入市 register's queue: a county's or a collective's rows (by status, if given)
    in ``order_by`` order, oldest first (what has waited longest); at most 500."""
    q = select(model).where(
        *matching(model, county=county, collective_id=collective_id, status=status)
    )
    return list(await session.scalars(q.order_by(*order_by).limit(500)))

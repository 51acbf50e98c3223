"""Queries of the model contracts — 示范合同查询 (Z14)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.contracts.models import ModelContract
from common.db import all_of


async def last_version(session: AsyncSession, county: str, kind: str) -> int:
    v = await session.scalar(
        select(func.max(ModelContract.version)).where(
            ModelContract.county == county, ModelContract.kind == kind
        )
    )
    return v or 0


async def of_county(session: AsyncSession, county: str) -> list[ModelContract]:
    return await all_of(
        session,
        ModelContract,
        ModelContract.county == county,
        order_by=[ModelContract.kind, ModelContract.version],
    )

"""Queries of the homestead income — 宅基地收益查询 (Z11)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.income.models import Dividend, HomesteadIncome


async def year_total(session: AsyncSession, collective_id: str, year: int) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(HomesteadIncome.amount_fen), 0)).where(
            HomesteadIncome.collective_id == collective_id,
            HomesteadIncome.received_on >= date(year, 1, 1),
            HomesteadIncome.received_on <= date(year, 12, 31),
        )
    )
    return int(total or 0)


async def dividends_of(session: AsyncSession, income_id: str) -> list[Dividend]:
    return list(
        await session.scalars(
            select(Dividend).where(Dividend.income_id == income_id).order_by(Dividend.party_id)
        )
    )

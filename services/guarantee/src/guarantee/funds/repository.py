"""Queries of the county funds — 资金查询: balances, ledgers and the payment queue."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import all_of
from guarantee.funds.models import FundAccount, FundEntry, FundPayment


async def account(session: AsyncSession, county: str, fund: str) -> FundAccount | None:
    """The fund's row, locked: every payment and deposit of one fund goes one at a time."""
    return await session.scalar(
        select(FundAccount)
        .where(FundAccount.county == county, FundAccount.fund == fund)
        .with_for_update()
    )


async def balance(session: AsyncSession, county: str, fund: str) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(FundEntry.delta_fen), 0)).where(
            FundEntry.county == county, FundEntry.fund == fund
        )
    )
    return int(total or 0)


async def queued(session: AsyncSession, county: str, fund: str) -> list[FundPayment]:
    """The waiting payments in the order they are paid (G8: first in, first out)."""
    return await all_of(
        session,
        FundPayment,
        FundPayment.county == county,
        FundPayment.fund == fund,
        FundPayment.status == "queued",
        order_by=[FundPayment.created_at, FundPayment.id],
    )


async def ledger(session: AsyncSession, county: str, fund: str) -> list[FundEntry]:
    return await all_of(
        session,
        FundEntry,
        FundEntry.county == county,
        FundEntry.fund == fund,
        order_by=[FundEntry.id],
    )


async def payments(session: AsyncSession, county: str, fund: str) -> list[FundPayment]:
    return await all_of(
        session,
        FundPayment,
        FundPayment.county == county,
        FundPayment.fund == fund,
        order_by=[FundPayment.created_at, FundPayment.id],
    )

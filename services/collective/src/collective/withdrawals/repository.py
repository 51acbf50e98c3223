"""Queries of the withdrawals — 退出查询 (Z7)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.withdrawals.models import Withdrawal


async def locked(session: AsyncSession, withdrawal_id: str) -> Withdrawal | None:
    return await session.scalar(
        select(Withdrawal).where(Withdrawal.id == withdrawal_id).with_for_update()
    )

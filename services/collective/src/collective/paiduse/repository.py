"""Queries of paid use — 有偿使用查询 (Z9)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.paiduse.models import PaidUseBill, PaidUseFee
from common.db import all_of


async def current_fee(session: AsyncSession, collective_id: str, klass: str) -> PaidUseFee | None:
    return await session.scalar(
        select(PaidUseFee)
        .where(PaidUseFee.collective_id == collective_id, PaidUseFee.klass == klass)
        .order_by(PaidUseFee.set_at.desc(), PaidUseFee.id.desc())
        .limit(1)
    )


async def bills_of(session: AsyncSession, contract_id: str) -> list[PaidUseBill]:
    return await all_of(
        session, PaidUseBill, PaidUseBill.contract_id == contract_id, order_by=[PaidUseBill.year_no]
    )


async def bill(session: AsyncSession, contract_id: str, year_no: int) -> PaidUseBill | None:
    return await session.scalar(
        select(PaidUseBill).where(
            PaidUseBill.contract_id == contract_id, PaidUseBill.year_no == year_no
        )
    )


async def locked_bill(session: AsyncSession, bill_id: str) -> PaidUseBill | None:
    return await session.scalar(
        select(PaidUseBill).where(PaidUseBill.id == bill_id).with_for_update()
    )

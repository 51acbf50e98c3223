"""Queries of the qualification register — 资格权台账查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.qualifications.models import Qualification


async def active_of(session: AsyncSession, household_id: str) -> Qualification | None:
    return await session.scalar(
        select(Qualification).where(
            Qualification.household_id == household_id, Qualification.active.is_(True)
        )
    )


async def locked(session: AsyncSession, qualification_id: str) -> Qualification | None:
    return await session.scalar(
        select(Qualification).where(Qualification.id == qualification_id).with_for_update()
    )


async def of_collective(
    session: AsyncSession, collective_id: str, status: str | None
) -> list[Qualification]:
    q = select(Qualification).where(Qualification.collective_id == collective_id)
    if status:
        q = q.where(Qualification.status == status)
    return list(await session.scalars(q.order_by(Qualification.proposed_at, Qualification.id)))

"""Queries of the application chain — 宅基地审批查询 (Z3)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.applications.models import DepartmentOpinion, HomesteadApplication


async def locked(session: AsyncSession, application_id: str) -> HomesteadApplication | None:
    return await session.scalar(
        select(HomesteadApplication)
        .where(HomesteadApplication.id == application_id)
        .with_for_update()
    )


async def open_of(session: AsyncSession, household_id: str) -> HomesteadApplication | None:
    return await session.scalar(
        select(HomesteadApplication).where(
            HomesteadApplication.household_id == household_id,
            HomesteadApplication.open.is_(True),
        )
    )


async def opinions_of(session: AsyncSession, application_id: str) -> list[DepartmentOpinion]:
    return list(
        await session.scalars(
            select(DepartmentOpinion)
            .where(DepartmentOpinion.application_id == application_id)
            .order_by(DepartmentOpinion.recorded_at, DepartmentOpinion.department)
        )
    )


async def of_collective(session: AsyncSession, collective_id: str) -> list[HomesteadApplication]:
    return list(
        await session.scalars(
            select(HomesteadApplication)
            .where(HomesteadApplication.collective_id == collective_id)
            .order_by(HomesteadApplication.applied_at, HomesteadApplication.id)
        )
    )


async def ledger(session: AsyncSession, township: str) -> list[HomesteadApplication]:
    """The township's approval ledger (审批台账): every application it approved."""
    return list(
        await session.scalars(
            select(HomesteadApplication)
            .where(
                HomesteadApplication.township == township,
                HomesteadApplication.approval_no.is_not(None),
            )
            .order_by(HomesteadApplication.approved_at, HomesteadApplication.id)
        )
    )

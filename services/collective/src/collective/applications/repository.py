"""Queries of the application chain — 宅基地审批查询 (Z3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.applications.models import (
    DepartmentOpinion,
    HomesteadApplication,
    InspectionSample,
)
from common.db import all_of


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
    return await all_of(
        session,
        DepartmentOpinion,
        DepartmentOpinion.application_id == application_id,
        order_by=[DepartmentOpinion.recorded_at, DepartmentOpinion.department],
    )


async def of_collective(session: AsyncSession, collective_id: str) -> list[HomesteadApplication]:
    return await all_of(
        session,
        HomesteadApplication,
        HomesteadApplication.collective_id == collective_id,
        order_by=[HomesteadApplication.applied_at, HomesteadApplication.id],
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


async def approved_between(
    session: AsyncSession, township: str, start: datetime, end: datetime
) -> list[HomesteadApplication]:
    """The township's approvals (审批台账) approved in [start, end)."""
    return list(
        await session.scalars(
            select(HomesteadApplication)
            .where(
                HomesteadApplication.township == township,
                HomesteadApplication.approval_no.is_not(None),
                HomesteadApplication.approved_at >= start,
                HomesteadApplication.approved_at < end,
            )
            .order_by(HomesteadApplication.id)
        )
    )


async def applications(session: AsyncSession, ids: list[str]) -> list[HomesteadApplication]:
    return await all_of(
        session,
        HomesteadApplication,
        HomesteadApplication.id.in_(ids),
        order_by=[HomesteadApplication.id],
    )


async def sample_of(session: AsyncSession, township: str, year: int) -> InspectionSample | None:
    return await session.scalar(
        select(InspectionSample).where(
            InspectionSample.township == township, InspectionSample.year == year
        )
    )

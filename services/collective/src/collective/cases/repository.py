"""Queries of the cases — 案件查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.cases.models import DisputeCase, ViolationCase
from common.db import all_of


async def open_disputes_on_parcel(session: AsyncSession, parcel_id: str) -> list[DisputeCase]:
    return list(
        await session.scalars(
            select(DisputeCase)
            .where(
                DisputeCase.parcel_id == parcel_id,
                DisputeCase.ownership.is_(True),
                DisputeCase.stage != "closed",
            )
            .order_by(DisputeCase.opened_at, DisputeCase.id)
        )
    )


async def open_violations_on_parcel(session: AsyncSession, parcel_id: str) -> list[ViolationCase]:
    return await all_of(
        session,
        ViolationCase,
        ViolationCase.parcel_id == parcel_id,
        ViolationCase.status == "open",
        order_by=[ViolationCase.opened_at, ViolationCase.id],
    )


async def open_cases_on_right(
    session: AsyncSession, certificate_no: str
) -> tuple[list[DisputeCase], list[ViolationCase]]:
    """The open ownership disputes and violation cases naming a right's certificate."""
    disputes = await session.scalars(
        select(DisputeCase)
        .where(
            DisputeCase.certificate_no == certificate_no,
            DisputeCase.ownership.is_(True),
            DisputeCase.stage != "closed",
        )
        .order_by(DisputeCase.opened_at, DisputeCase.id)
    )
    violations = await session.scalars(
        select(ViolationCase)
        .where(ViolationCase.certificate_no == certificate_no, ViolationCase.status == "open")
        .order_by(ViolationCase.opened_at, ViolationCase.id)
    )
    return list(disputes), list(violations)


async def disputes_of(session: AsyncSession, collective_id: str) -> list[DisputeCase]:
    return await all_of(
        session,
        DisputeCase,
        DisputeCase.collective_id == collective_id,
        order_by=[DisputeCase.opened_at, DisputeCase.id],
    )


async def violations_of(session: AsyncSession, collective_id: str) -> list[ViolationCase]:
    return await all_of(
        session,
        ViolationCase,
        ViolationCase.collective_id == collective_id,
        order_by=[ViolationCase.opened_at, ViolationCase.id],
    )

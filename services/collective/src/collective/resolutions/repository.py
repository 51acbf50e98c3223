"""Queries of resolutions — 决议查询."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.resolutions.models import Objection, Resolution, ResolutionStep
from common.db import all_of


async def locked(session: AsyncSession, resolution_id: str) -> Resolution | None:
    """The resolution, locked: its callers move it next."""
    return await session.scalar(
        select(Resolution).where(Resolution.id == resolution_id).with_for_update()
    )


async def steps_of(session: AsyncSession, resolution_id: str) -> list[ResolutionStep]:
    return await all_of(
        session,
        ResolutionStep,
        ResolutionStep.resolution_id == resolution_id,
        order_by=[ResolutionStep.seq],
    )


async def objections_of(session: AsyncSession, resolution_id: str) -> list[Objection]:
    return await all_of(
        session,
        Objection,
        Objection.resolution_id == resolution_id,
        order_by=[Objection.raised_at, Objection.id],
    )


async def open_objections(session: AsyncSession, resolution_id: str) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Objection)
            .where(Objection.resolution_id == resolution_id, Objection.status == "open")
        )
        or 0
    )


async def of_collective(session: AsyncSession, collective_id: str) -> list[Resolution]:
    return await all_of(
        session,
        Resolution,
        Resolution.collective_id == collective_id,
        order_by=[Resolution.created_at, Resolution.id],
    )

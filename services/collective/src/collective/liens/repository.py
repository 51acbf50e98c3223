"""Queries of the lien projection — 抵押权投影查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.liens.models import RightFlag, RightLien
from common.db import all_of


async def active_liens(session: AsyncSession, certificate_no: str) -> list[str]:
    return list(
        await session.scalars(
            select(RightLien.lien_id)
            .where(RightLien.certificate_no == certificate_no, RightLien.active.is_(True))
            .order_by(RightLien.lien_id)
        )
    )


async def lien(session: AsyncSession, lien_id: str) -> RightLien | None:
    return await session.scalar(
        select(RightLien).where(RightLien.lien_id == lien_id).with_for_update()
    )


async def flags_set(session: AsyncSession, certificate_no: str) -> list[RightFlag]:
    """The registry flags (disputed, seized) set on the right now."""
    return await all_of(
        session,
        RightFlag,
        RightFlag.certificate_no == certificate_no,
        RightFlag.set.is_(True),
        order_by=[RightFlag.flag],
    )


async def flag(session: AsyncSession, certificate_no: str, name: str) -> RightFlag | None:
    return await session.get(RightFlag, (certificate_no, name), with_for_update=True)

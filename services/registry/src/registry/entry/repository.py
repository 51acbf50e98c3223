"""Lookups of the 入市 projection — 入市投影查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.entry.models import EntryRight


async def entry_of_right(session: AsyncSession, certificate_nos: list[str]) -> EntryRight | None:
    """The latest 入市 settlement of a right (or of the right it was carved from)."""
    rows = await session.execute(
        select(EntryRight)
        .where(EntryRight.certificate_no.in_(certificate_nos))
        .order_by(EntryRight.settled_at.desc())
        .limit(1)
    )
    return rows.scalar_one_or_none()

"""Following registry's liens — 抵押权投影 (Z5, Z7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from collective.liens import repository
from collective.liens.models import RightLien


async def follow_lien(
    session: AsyncSession, lien_id: str, certificate_no: str, active: bool, at: datetime
) -> None:
    """Registry registered or discharged a lien (the projection this service reads)."""
    row = await repository.lien(session, lien_id)
    if row is None:
        session.add(
            RightLien(lien_id=lien_id, certificate_no=certificate_no, active=active, updated_at=at)
        )
    elif row.updated_at <= at:  # an older event redelivered late changes nothing
        row.active, row.updated_at = active, at
    await session.flush()

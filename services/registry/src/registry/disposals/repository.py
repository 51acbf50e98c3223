"""Disposal queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.disposals.models import Disposal
from registry.liens.models import Lien


async def find_disposal(
    session: AsyncSession, disposal_id: str, *, lock: bool = False
) -> Disposal | None:
    q = select(Disposal).where(Disposal.id == disposal_id)
    if lock:
        q = q.with_for_update()
    return (await session.execute(q)).scalar_one_or_none()


async def open_disposal_of(session: AsyncSession, lien_id: str) -> str | None:
    """The id of the lien's disposal under way through the exchange, if any."""
    return await session.scalar(
        select(Disposal.id).where(Disposal.lien_id == lien_id, Disposal.status == "requested")
    )


async def disposals(
    session: AsyncSession, *, bank: str | None, county: str | None
) -> list[Disposal]:
    q = select(Disposal).join(Lien, Lien.id == Disposal.lien_id).order_by(Disposal.requested_at)
    if bank is not None:
        q = q.where(Disposal.lender_org_id == bank)
    elif county is not None:
        q = q.where(Lien.county == county)
    return list((await session.execute(q)).scalars())

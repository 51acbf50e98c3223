"""Disposal queries."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import find_row
from registry.disposals.models import Disposal
from registry.liens.models import Lien


async def find_disposal(
    session: AsyncSession, disposal_id: str, *, lock: bool = False
) -> Disposal | None:
    return await find_row(session, Disposal, Disposal.id, disposal_id, lock=lock)


async def open_disposal_of(session: AsyncSession, lien_id: str) -> str | None:
    """The id of the lien's disposal under way through the exchange, if any."""
    return await session.scalar(
        select(Disposal.id).where(Disposal.lien_id == lien_id, Disposal.status == "requested")
    )


async def disposals(
    session: AsyncSession,
    *,
    bank: str | None,
    county: str | None,
    newest_first: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[Disposal], int]:
    """One page of the disposals a bank or a county may see, and how many there are."""
    q = select(Disposal).join(Lien, Lien.id == Disposal.lien_id)
    if bank is not None:
        q = q.where(Disposal.lender_org_id == bank)
    elif county is not None:
        q = q.where(Lien.county == county)
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    if newest_first:
        q = q.order_by(Disposal.requested_at.desc(), Disposal.id.desc())
    else:
        q = q.order_by(Disposal.requested_at, Disposal.id)
    if limit is not None:
        q = q.limit(limit).offset(offset)
    return list((await session.execute(q)).scalars()), total

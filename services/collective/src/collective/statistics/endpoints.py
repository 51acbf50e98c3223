"""Homestead statistics endpoint — 宅基地改革统计 (Z13, X7)."""

from __future__ import annotations

from fastapi import Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import LEDGER_READERS
from collective.statistics import service
from collective.statistics.schemas import Statistics
from common.auth import Principal
from common.routes import get_session
from common.routes import router as make_router

router = make_router(tags=["statistics — 宅基地统计"])


@router.get("/counties/{county}/homestead-statistics", response_model=Statistics)
async def statistics(
    county: str = Path(pattern=r"^[0-9]{6}$"),
    township: str | None = Query(None, pattern=r"^[0-9]{9}$"),
    session: AsyncSession = Depends(get_session),
    who: Principal = LEDGER_READERS,
) -> Statistics:
    """The county's (or, with ``township``, one township's) homestead figures."""
    return await service.statistics(session, who, county, township)

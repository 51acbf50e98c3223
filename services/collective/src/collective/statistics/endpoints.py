"""Homestead statistics endpoint — 宅基地改革统计 (Z13, X7)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from collective.access import COUNTY_OFFICE, COUNTY_READERS, LEDGER_READERS
from collective.statistics import service
from collective.statistics.schemas import Statistics
from common.access import require_county
from common.auth import Principal, require
from common.filing_routes import add_filing_routes
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["statistics — 宅基地统计"])
#: the county's filings are county business: its homestead office, the joint inspection,
#: supervisors and services read them (X3; a township reads its own live figures)
FILING_READERS = Annotated[Principal, require(*COUNTY_READERS)]
BASE = "/counties/{county}/homestead-statistics/filings"


@router.get("/counties/{county}/homestead-statistics", response_model=Statistics)
async def statistics(
    session: SessionDep,
    who: LEDGER_READERS,
    county: str = Path(pattern=r"^[0-9]{6}$"),
    township: str | None = Query(None, pattern=r"^[0-9]{9}$"),
) -> Statistics:
    """The county's (or, with ``township``, one township's) homestead figures."""
    return await service.statistics(session, who, county, township)


def _own_county(who: Principal, county: str) -> None:
    require_county(who, county, "the county's statistics filings", "本县统计报送")


add_filing_routes(
    router,
    BASE,
    service.FILINGS,
    service.Z13_REPORT,
    readers=FILING_READERS,
    filers=COUNTY_OFFICE,
    own_county=_own_county,
)

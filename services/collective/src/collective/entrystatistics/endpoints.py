"""入市统计 endpoints — the E statistics, live and filed (E4, E11–E13, X7)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from collective.access import BUREAU, COUNTY_READERS, NATURAL_RESOURCES
from collective.entrystatistics import service
from collective.entrystatistics.schemas import EntryStatistics
from common.access import require_county
from common.auth import Principal, require
from common.filing_routes import add_filing_routes, period_pattern
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["land entry statistics — 入市统计"])
#: county business: the natural resources bureau, the county homestead office, the joint
#: inspection, supervisors and services (X3)
READERS = Annotated[Principal, require(*COUNTY_READERS, NATURAL_RESOURCES)]
BASE = "/counties/{county}/entry-statistics/filings"


def _own_county(who: Principal, county: str) -> None:
    require_county(who, county, "the county's 入市 statistics", "本县入市统计")


@router.get("/counties/{county}/entry-statistics", response_model=EntryStatistics)
async def statistics(
    session: SessionDep,
    who: READERS,
    county: str = Path(pattern=r"^[0-9]{6}$"),
    period: str = Query(pattern=period_pattern(service.ENTRY_REPORT)),
) -> EntryStatistics:
    """The county's 入市 figures for a month, quarter or year, as they stand now."""
    _own_county(who, county)
    return await service.compute(session, county, service.ENTRY_REPORT.period(period))


add_filing_routes(
    router,
    BASE,
    service.FILINGS,
    service.ENTRY_REPORT,
    readers=READERS,
    filers=BUREAU,
    own_county=_own_county,
)

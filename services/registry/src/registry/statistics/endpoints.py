"""HTTP: the two-rights pilot statistics (R24)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from common.access import require_county
from common.auth import Principal, Role, require
from common.filing_routes import add_filing_routes, period_pattern
from common.filings import parse_period
from common.routes import SessionDep
from common.routes import router as make_router
from registry.statistics import service
from registry.statistics.schemas import PilotStatistics

router = make_router(tags=["pilot statistics — 两权抵押试点统计"])
READERS = Annotated[
    Principal, require(Role.registration_authority, Role.county_department, Role.supervisor)
]
#: who files or corrects an R24 filing (X7): the county's agriculture department
FILERS = Annotated[Principal, require(Role.county_department)]
PERIOD = period_pattern(service.R24_REPORT)


@router.get("/counties/{county}/pilot-statistics", response_model=PilotStatistics)
async def pilot_statistics(
    session: SessionDep,
    who: READERS,
    county: str = Path(pattern=r"^[0-9]{6}$"),
    period_label: str = Query(
        alias="period",
        pattern=PERIOD,
        description="2026-11 (monthly), 2026-Q3 (quarterly) or 2026 (annual).",
    ),
) -> PilotStatistics:
    """Per lender and right class: liens, amounts, outstanding, discharges by cause,
    disposals, compensation and overdue visits, with the filing's due date (R24)."""
    return await service.pilot_statistics(session, who, county, parse_period(period_label))


def _own_county(who: Principal, county: str) -> None:
    require_county(who, county, "the county's statistics", "该县的统计")


add_filing_routes(
    router,
    "/counties/{county}/pilot-statistics/filings",
    service.FILINGS,
    service.R24_REPORT,
    readers=READERS,
    filers=FILERS,
    own_county=_own_county,
)

"""The monthly market report — 市场监测月报 (L25), for the supervisor and the centre."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path

from common.access import require_county
from common.auth import OrgType, Principal, Role, require
from common.filing_routes import add_filing_routes
from common.routes import SessionDep
from common.routes import router as make_router
from listing.monitoring import service, views
from listing.monitoring.schemas import MonitoringOut

router = make_router(tags=["monitoring — 市场监测"])
READERS = Annotated[
    Principal, require(Role.supervisor, Role.exchange_staff, org_types=(OrgType.county,))
]
#: who files early or corrects the monthly filing (X7): the county's exchange centre
FILERS = Annotated[Principal, require(Role.exchange_staff, org_types=(OrgType.county,))]


def _own_county(who: Principal, county: str) -> None:
    require_county(who, county, "The county's market report", "该县市场监测报告")


add_filing_routes(
    router,
    "/counties/{county}/market-monitoring/filings",
    views.FILINGS,
    views.L25_REPORT,
    readers=READERS,
    filers=FILERS,
    own_county=_own_county,
)


@router.get("/monitoring/{county}/{month}", response_model=MonitoringOut)
async def monthly_report(
    county: Annotated[str, Path(pattern=r"^[0-9]{6}$")],
    month: Annotated[str, Path(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", description="YYYY-MM")],
    session: SessionDep,
    who: READERS,
) -> MonitoringOut:
    """L25: the county's month per township — listings by state, failure rates,
    suspensions with reasons, reserves against L16, L9 violations and their age, bars
    and blacklist hits."""
    first = date(int(month[:4]), int(month[5:]), 1)
    return views.monitoring_out(await service.monthly_report(session, who, county, first))

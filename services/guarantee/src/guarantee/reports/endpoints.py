"""Report endpoints (G9): county staff, the guarantor and supervisors of the county."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Depends, Path, Response
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role, require
from common.county_config import COUNTY_CODE
from common.money import to_fen
from common.problems import not_found
from common.routes import get_session
from common.routes import router as make_router
from guarantee.access import require_own_county
from guarantee.reports import banks, service
from guarantee.reports.rules import period_bounds
from guarantee.reports.schemas import FiscalDepositsIn
from guarantee.reports.views import to_csv, to_xlsx

router = make_router(prefix="/reports", tags=["reports — 报告"])
READERS = require(Role.county_finance, Role.county_department, Role.guarantor, Role.supervisor)
FINANCE = require(Role.county_finance, org_types=(OrgType.county,))
County = Path(pattern=COUNTY_CODE)
Year = Path(ge=2000, le=2100)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/{county}/bank-performance/{year}", response_model=None)
async def bank_performance(
    county: str = County,
    year: int = Year,
    session: AsyncSession = Depends(get_session),
    who: Principal = READERS,
) -> Any:
    """G13: each lending bank's new 劝耕贷 loans, balance, borrowers and overdue rate in
    ``year`` (so far, while the year runs)."""
    require_own_county(who, county)
    return await banks.report(session, who, county, year)


@router.post("/{county}/fiscal-deposits/{year}", response_model=None, status_code=201)
async def fiscal_deposits(
    body: FiscalDepositsIn,
    county: str = County,
    year: int = Year,
    session: AsyncSession = Depends(get_session),
    who: Principal = FINANCE,
) -> Any:
    """G13: split fiscal deposits between the banks by their 劝耕贷 performance (the
    county's basis; default the year's new loans), exact to the fen, recorded as the
    finance bureau's advice (X2)."""
    require_own_county(who, county)
    return await banks.allocate_deposits(session, who, county, year, to_fen(body.amount))


@router.get("/{county}/{period}/filed", response_model=None)
async def filed_report(
    period: str,
    county: str = County,
    session: AsyncSession = Depends(get_session),
    who: Principal = READERS,
) -> Any:
    """The report as filed when the period closed (persisted timer); 404 before that."""
    require_own_county(who, county)
    period_bounds(period)
    rep = await service.filed(session, who, county, period)
    if rep is None:
        raise not_found("Filed report", "已归档报告")
    return rep


@router.get("/{county}/{period}", response_model=None)
async def period_report(
    period: str,
    county: str = County,
    format: Literal["json", "csv", "xlsx"] = "json",
    session: AsyncSession = Depends(get_session),
    who: Principal = READERS,
) -> Any:
    """Quarterly ("2026-Q1", due 10 days after the quarter) or annual ("2026", due 10 January)
    report; ``format=csv|xlsx`` exports it."""
    require_own_county(who, county)
    rep = await service.report(session, who, county, period)
    name = f"quangengdai-{county}-{period}"
    if format == "csv":
        return Response(
            to_csv(rep),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if format == "xlsx":
        return Response(
            to_xlsx(rep),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    return rep

"""Homestead statistics endpoint — 宅基地改革统计 (Z13, X7)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import COUNTY_OFFICE, COUNTY_READERS, LEDGER_READERS
from collective.statistics import service
from collective.statistics.schemas import Statistics
from common.access import require_county
from common.auth import Principal, require
from common.filings import FilingCorrectionIn, FilingOut, download, filing_view
from common.routes import get_session
from common.routes import router as make_router

router = make_router(tags=["statistics — 宅基地统计"])
County = Path(pattern=r"^[0-9]{6}$")
#: a Z13 period: a month, a quarter or a year
PERIOD = r"^(20[0-9]{2}|2100)(-Q[1-4]|-(0[1-9]|1[0-2]))?$"
#: the county's filings are county business: its homestead office, the joint inspection,
#: supervisors and services read them (X3; a township reads its own live figures)
FILING_READERS = require(*COUNTY_READERS)
BASE = "/counties/{county}/homestead-statistics/filings"


@router.get("/counties/{county}/homestead-statistics", response_model=Statistics)
async def statistics(
    county: str = Path(pattern=r"^[0-9]{6}$"),
    township: str | None = Query(None, pattern=r"^[0-9]{9}$"),
    session: AsyncSession = Depends(get_session),
    who: Principal = LEDGER_READERS,
) -> Statistics:
    """The county's (or, with ``township``, one township's) homestead figures."""
    return await service.statistics(session, who, county, township)


def _own_county(who: Principal, county: str) -> None:
    require_county(who, county, "the county's statistics filings", "本县统计报送")


@router.get(BASE, response_model=list[FilingOut])
async def filings(
    county: str = County,
    period: str | None = Query(None, pattern=PERIOD),
    session: AsyncSession = Depends(get_session),
    who: Principal = FILING_READERS,
) -> list[FilingOut]:
    """X7: the county's filed Z13 statistics, every version, with due and filing times,
    the late flag and the content hash."""
    _own_county(who, county)
    rows = await service.FILINGS.versions(session, service.Z13_REPORT.key, county, period)
    return [FilingOut.model_validate(filing_view(r, service.Z13_REPORT)) for r in rows]


@router.get(BASE + "/{period}/{version}", response_model=None)
async def filing(
    county: str = County,
    period: str = Path(pattern=PERIOD),
    version: int = Path(ge=1, le=10_000),
    format: Literal["json", "xlsx", "pdf"] = "json",
    session: AsyncSession = Depends(get_session),
    who: Principal = FILING_READERS,
) -> Any:
    """X7: one filed version as frozen — json, the typed spreadsheet or the PDF."""
    _own_county(who, county)
    row = await service.FILINGS.version(session, service.Z13_REPORT.key, county, period, version)
    return await download(row, service.Z13_REPORT, format)


@router.post(BASE + "/{period}", response_model=FilingOut, status_code=201)
async def file_now(
    county: str = County,
    period: str = Path(pattern=PERIOD),
    session: AsyncSession = Depends(get_session),
    who: Principal = COUNTY_OFFICE,
) -> FilingOut:
    """X7: file a closed period before its due moment (the timer files it otherwise)."""
    _own_county(who, county)
    row = await service.FILINGS.file_now(session, who, service.Z13_REPORT.key, county, period)
    return FilingOut.model_validate(filing_view(row, service.Z13_REPORT))


@router.post(BASE + "/{period}/corrections", response_model=FilingOut, status_code=201)
async def correct_filing(
    body: FilingCorrectionIn,
    county: str = County,
    period: str = Path(pattern=PERIOD),
    session: AsyncSession = Depends(get_session),
    who: Principal = COUNTY_OFFICE,
) -> FilingOut:
    """X7: a correction (更正): the figures again, a new version with the reason."""
    _own_county(who, county)
    row = await service.FILINGS.correct(
        session, who, service.Z13_REPORT.key, county, period, body.reason
    )
    return FilingOut.model_validate(filing_view(row, service.Z13_REPORT))

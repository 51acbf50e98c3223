"""The four routes of a scheduled report's filings — 统计报送 (DOMAIN X7), the same in
every service: list the versions, download one as frozen, file a closed period early,
correct a filed one. The report itself (its figures, who may read and file it, whose
county it is) stays the service's; docs/foundation.md, "Scheduled statistics and
filings", says how a report is wired.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal, dependency_of
from common.county_config import COUNTY_CODE
from common.filings import (
    FilingCorrectionIn,
    FilingOut,
    Filings,
    ReportDefinition,
    download,
    filing_view,
)
from common.routes import get_session

#: each period kind's suffix after the year ("2026", "2026-Q1", "2026-03")
_KIND_PATTERN = {"year": "", "quarter": "-Q[1-4]", "month": "-(0[1-9]|1[0-2])"}


def period_pattern(report: ReportDefinition) -> str:
    """The ``period`` path pattern of ``report``: only the kinds it is filed for."""
    suffixes = sorted(_KIND_PATTERN[k] for k in report.due)
    optional = [s for s in suffixes if s]
    tail = f"({'|'.join(optional)})" if optional else ""
    if optional and "" in suffixes:
        tail += "?"
    return rf"^(20[0-9]{{2}}|2100){tail}$"


def add_filing_routes(
    router: APIRouter,
    base: str,
    filings: Filings,
    report: ReportDefinition,
    *,
    readers: Any,
    filers: Any,
    own_county: Callable[[Principal, str], None],
) -> None:
    """Add ``GET base``, ``GET base/{period}/{version}``, ``POST base/{period}`` and
    ``POST base/{period}/corrections`` to ``router``. ``base`` holds ``{county}``;
    ``readers`` and ``filers`` are the service's roles (``Annotated[Principal, require(...)]``
    or ``require(...)``),
    and ``own_county`` refuses a caller of another county (X3)."""
    readers, filers = dependency_of(readers), dependency_of(filers)
    county_path = Path(pattern=COUNTY_CODE)
    pattern = period_pattern(report)
    title = report.title_zh

    @router.get(
        base,
        response_model=list[FilingOut],
        summary=f"X7: filed {report.key} versions — {title}报送记录",
    )
    async def filings_list(
        county: str = county_path,
        period: str | None = Query(None, pattern=pattern),
        session: AsyncSession = Depends(get_session),
        who: Principal = readers,
    ) -> list[FilingOut]:
        """Every filed version (a correction is a new one), each with its due moment,
        filing time, late flag and content hash."""
        own_county(who, county)
        rows = await filings.versions(session, report.key, county, period)
        return [FilingOut.model_validate(filing_view(r, report)) for r in rows]

    @router.get(
        base + "/{period}/{version}",
        response_model=None,
        summary=f"X7: one filed {report.key} version — {title}",
    )
    async def filing_version(
        county: str = county_path,
        period: str = Path(pattern=pattern),
        version: int = Path(ge=1, le=10_000),
        format: Literal["json", "xlsx", "pdf"] = "json",
        session: AsyncSession = Depends(get_session),
        who: Principal = readers,
    ) -> Any:
        """One version as it was frozen: its contents (json), the typed spreadsheet
        (xlsx) or the PDF — never recomputed."""
        own_county(who, county)
        row = await filings.version(session, report.key, county, period, version)
        return await download(row, report, format)

    @router.post(
        base + "/{period}",
        response_model=FilingOut,
        status_code=201,
        summary=f"X7: file {report.key} early — {title}提前报送",
    )
    async def filing_now(
        county: str = county_path,
        period: str = Path(pattern=pattern),
        session: AsyncSession = Depends(get_session),
        who: Principal = filers,
    ) -> FilingOut:
        """File a closed period before its due moment (the timer files it otherwise)."""
        own_county(who, county)
        row = await filings.file_now(session, who, report.key, county, period)
        return FilingOut.model_validate(filing_view(row, report))

    @router.post(
        base + "/{period}/corrections",
        response_model=FilingOut,
        status_code=201,
        summary=f"X7: correct a filed {report.key} — {title}更正",
    )
    async def filing_correction(
        body: FilingCorrectionIn,
        county: str = county_path,
        period: str = Path(pattern=pattern),
        session: AsyncSession = Depends(get_session),
        who: Principal = filers,
    ) -> FilingOut:
        """A correction (更正): the figures again, a new version with the reason; the
        earlier versions stay as filed."""
        own_county(who, county)
        row = await filings.correct(session, who, report.key, county, period, body.reason)
        return FilingOut.model_validate(filing_view(row, report))

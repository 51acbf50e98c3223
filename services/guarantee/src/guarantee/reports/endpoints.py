"""Report endpoints (G9): county staff, the guarantor and supervisors of the county."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path, Response

from common.auth import OrgType, Principal, Role, require
from common.county_config import COUNTY_CODE
from common.filing_routes import add_filing_routes
from common.money import from_fen, to_fen
from common.problems import not_found
from common.routes import SessionDep
from common.routes import router as make_router
from guarantee.access import require_own_county
from guarantee.reports import banks, credit, service, townships
from guarantee.reports.rules import period_bounds
from guarantee.reports.schemas import (
    FiscalDepositsIn,
    RectificationCloseIn,
    RectificationIn,
    RectificationOut,
)
from guarantee.reports.views import MEDIA_TYPES, laid_out, to_csv

router = make_router(prefix="/reports", tags=["reports — 报告"])
READERS = Annotated[
    Principal, require(Role.county_finance, Role.county_department, Role.guarantor, Role.supervisor)
]
FINANCE = Annotated[Principal, require(Role.county_finance, org_types=(OrgType.county,))]
#: who issues and closes a 通报: the county's finance bureau and agriculture department
COUNTY_STAFF = Annotated[
    Principal, require(Role.county_finance, Role.county_department, org_types=(OrgType.county,))
]
County = Path(pattern=COUNTY_CODE)
Year = Path(ge=2000, le=2100)


@router.get("/{county}/bank-performance/{year}", response_model=None)
async def bank_performance(
    session: SessionDep, who: READERS, county: str = County, year: int = Year
) -> Any:
    """G13: each lending bank's new 劝耕贷 loans, balance, borrowers and overdue rate in
    ``year`` (so far, while the year runs)."""
    require_own_county(who, county)
    return await banks.report(session, who, county, year)


@router.post("/{county}/fiscal-deposits/{year}", response_model=None, status_code=201)
async def fiscal_deposits(
    body: FiscalDepositsIn,
    session: SessionDep,
    who: FINANCE,
    county: str = County,
    year: int = Year,
) -> Any:
    """G13: split fiscal deposits between the banks by their 劝耕贷 performance (the
    county's basis; default the year's new loans), exact to the fen, recorded as the
    finance bureau's advice (X2)."""
    require_own_county(who, county)
    return await banks.allocate_deposits(session, who, county, year, to_fen(body.amount))


#: who reads borrowers' arrears in full: the finance bureau and the guarantor (X3)
CREDIT_READERS = Annotated[Principal, require(Role.county_finance, Role.guarantor, Role.supervisor)]


@router.get("/{county}/credit-bureau/{month}", response_model=None)
async def credit_bureau(
    month: str,
    session: SessionDep,
    who: CREDIT_READERS,
    county: str = County,
    format: Literal["json", "csv"] = "json",
) -> Any:
    """G12: the month's loans in arrears for the credit-bureau report (征信报送), as of the
    month's end; ``format=csv`` for the upload."""
    require_own_county(who, county)
    rep = await credit.export(session, county, month)
    if format == "csv":
        return _attachment(credit.to_csv(rep), f"credit-{county}-{month}", "csv")
    return rep


@router.get("/{county}/townships/{period}", response_model=None)
async def township_scorecards(
    period: str, session: SessionDep, who: READERS, county: str = County
) -> Any:
    """G14: each township's scorecard for a quarter or year — files, guarantees issued,
    balance, coverage (target: every township), the no-guarantee flag, open 通报."""
    require_own_county(who, county)
    return await townships.scorecards(session, county, period)


@router.get("/{county}/rectifications", response_model=list[RectificationOut])
async def rectifications(
    session: SessionDep, who: READERS, county: str = County, open_only: bool = False
) -> list[RectificationOut]:
    """G14: the county's 通报, oldest first (``open_only``: those not yet closed)."""
    require_own_county(who, county)
    rows = await townships.rectifications(session, county, open_only=open_only)
    return [RectificationOut.model_validate(n) for n in rows]


@router.post("/{county}/rectifications", response_model=RectificationOut, status_code=201)
async def issue_rectification(
    body: RectificationIn, session: SessionDep, who: COUNTY_STAFF, county: str = County
) -> RectificationOut:
    """G14: a 通报 to a lagging township with a deadline (``rectification_days``, 30)."""
    require_own_county(who, county)
    notice = await townships.issue_rectification(
        session, who, county, township_id=body.township_id, reason=body.reason, period=body.period
    )
    return RectificationOut.model_validate(notice)


@router.post("/{county}/rectifications/{rectification_id}/close", response_model=RectificationOut)
async def close_rectification(
    rectification_id: str,
    body: RectificationCloseIn,
    session: SessionDep,
    who: COUNTY_STAFF,
    county: str = County,
) -> RectificationOut:
    """G14: close a 通报 with the township's result — refused without one."""
    require_own_county(who, county)
    notice = await townships.load(session, county, rectification_id)
    await townships.close_rectification(session, who, notice, result=body.result)
    return RectificationOut.model_validate(notice)


#: who files or corrects a G9 filing (X7): the county's finance bureau and the guarantor
FILERS = Annotated[Principal, require(Role.county_finance, Role.guarantor)]


add_filing_routes(
    router,
    "/{county}/filings",
    service.FILINGS,
    service.G9_REPORT,
    readers=READERS,
    filers=FILERS,
    own_county=require_own_county,
)


@router.get("/{county}/{period}/filed", response_model=None)
async def filed_report(period: str, session: SessionDep, who: READERS, county: str = County) -> Any:
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
    session: SessionDep,
    who: READERS,
    county: str = County,
    format: Literal["json", "csv", "xlsx", "pdf"] = "json",
    breakdown: bool = False,
) -> Any:
    """Quarterly ("2026-Q1", due 10 days after the quarter) or annual ("2026", due 10 January)
    report; ``format=csv|xlsx|pdf`` exports it (the spreadsheet typed, by township and
    bank; the PDF a one-page summary). ``breakdown=true`` adds the spreadsheet's
    ``by_township`` and ``by_bank`` rows to the JSON, money in yuan as elsewhere."""
    require_own_county(who, county)
    rep = await service.report(session, who, county, period)
    name = f"quangengdai-{county}-{period}"
    if format == "csv":
        return _attachment(to_csv(rep), name, "csv")
    if format in ("pdf", "xlsx"):
        parts = await service.breakdown(session, who, county, period)
        return _attachment(await laid_out(rep, parts, format), name, format)
    if breakdown:
        groups = await service.breakdown(session, who, county, period)
        rep = rep | {key: [_in_yuan(row) for row in rows] for key, rows in groups.items()}
    return rep


def _attachment(content: bytes, name: str, fmt: str) -> Response:
    """An export as a download named ``name.fmt``."""
    return Response(
        content,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _in_yuan(row: dict[str, Any]) -> dict[str, Any]:
    """A breakdown row with its fen columns as money strings (the JSON's money form)."""
    return {
        k.removesuffix("_fen"): str(from_fen(v)) if k.endswith("_fen") else v
        for k, v in row.items()
    }

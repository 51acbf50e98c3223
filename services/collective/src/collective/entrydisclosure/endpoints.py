"""The public 入市 board — 入市信息公开 (E16, E11): no token needed."""

from __future__ import annotations

from fastapi import Path, Query

from collective.access import BUREAU
from collective.entrydisclosure import service
from collective.entrydisclosure.schemas import (
    PolicyIn,
    PublicDisclosure,
    PublicPolicy,
    PublicResult,
    PublicSupplyPlan,
)
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["public board — 入市信息公开"])
COUNTY = Query(pattern=r"^[0-9]{6}$")


@router.get("/board/entry/supply-plans", response_model=list[PublicSupplyPlan])
async def supply_plans(session: SessionDep, county: str = COUNTY) -> list[PublicSupplyPlan]:
    """The county's annual supply plans, newest first, with the area left per use (E4)."""
    return await service.supply_plans(session, county)


@router.get("/board/entry/results", response_model=list[PublicResult])
async def results(
    session: SessionDep,
    county: str = COUNTY,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),
) -> list[PublicResult]:
    """The deals' results, newest first (E9's publicity; natural persons masked)."""
    return await service.results(session, county, limit, offset)


@router.get("/board/entry/disclosures", response_model=list[PublicDisclosure])
async def disclosures(
    session: SessionDep,
    county: str = COUNTY,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),
) -> list[PublicDisclosure]:
    """Settled deals: price, adjustment fund, taxes and fees, and spending (E11)."""
    return await service.disclosures(session, county, limit, offset)


@router.get("/board/entry/policies", response_model=list[PublicPolicy])
async def policies(session: SessionDep, county: str = COUNTY) -> list[PublicPolicy]:
    """The county's 入市 policy documents, newest first (E16)."""
    return await service.policies(session, county)


@router.post("/counties/{county}/entry-policies", response_model=PublicPolicy, status_code=201)
async def publish_policy(
    body: PolicyIn, session: SessionDep, who: BUREAU, county: str = Path(pattern=r"^[0-9]{6}$")
) -> PublicPolicy:
    """The natural resources bureau publishes a 入市 policy document (E16)."""
    return PublicPolicy.model_validate(
        await service.publish_policy(session, who, county, body), from_attributes=True
    )

"""入市 before the trade endpoints — 入市方案、年度供应计划、部门联审 (E1–E6, E14)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query

from collective.access import (
    BUREAU,
    COUNTY_READERS,
    ENTRY_READERS,
    NATURAL_RESOURCES,
    VILLAGE_OFFICER,
)
from collective.entry import service
from collective.entry.schemas import (
    EntryPlanIn,
    EntryPlanOut,
    OpinionIn,
    SupplyIn,
    SupplyPlanIn,
    SupplyPlanOut,
)
from collective.entry.views import plan_out, supply_out
from common.auth import Principal, require
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["land entry — 集体经营性建设用地入市"])
#: a county's 入市 lists: its natural resources bureau and the county readers (X3)
COUNTY_ENTRY_READERS = Annotated[Principal, require(*COUNTY_READERS, NATURAL_RESOURCES)]


@router.get("/counties/{county}/entry-plans", response_model=list[EntryPlanOut])
async def county_plans(
    session: SessionDep,
    who: COUNTY_ENTRY_READERS,
    county: str = Path(pattern=r"^[0-9]{6}$"),
    status: Literal["decided", "cleared"] | None = Query(None),
) -> list[EntryPlanOut]:
    """The county's plans, oldest first (the bureau's queue: listing, joint review)."""
    return [plan_out(p) for p in await service.PLAN_QUEUE.of_county(session, who, county, status)]


@router.get("/collectives/{collective_id}/entry-plans", response_model=list[EntryPlanOut])
async def collective_plans(
    collective_id: str, session: SessionDep, who: ENTRY_READERS
) -> list[EntryPlanOut]:
    """The collective's plans, oldest first."""
    return [
        plan_out(p) for p in await service.PLAN_QUEUE.of_collective(session, who, collective_id)
    ]


@router.post("/entry-plans", response_model=EntryPlanOut, status_code=201)
async def draw_up(body: EntryPlanIn, session: SessionDep, who: VILLAGE_OFFICER) -> EntryPlanOut:
    """The collective's 入市 plan after its 2/3 decision (E1–E3, E5, E6, E14)."""
    return plan_out(await service.draw_up(session, who, body))


@router.post("/entry-plans/{plan_id}/opinions", response_model=EntryPlanOut)
async def record_opinion(
    plan_id: str, body: OpinionIn, session: SessionDep, who: BUREAU
) -> EntryPlanOut:
    """One department's joint-review opinion (E4)."""
    return plan_out(await service.record_opinion(session, who, plan_id, body))


@router.post("/entry-plans/{plan_id}/supply", response_model=EntryPlanOut)
async def include(plan_id: str, body: SupplyIn, session: SessionDep, who: BUREAU) -> EntryPlanOut:
    """List the plan in the year's supply plan (E4)."""
    return plan_out(await service.include(session, who, plan_id, body))


@router.get("/entry-plans/{plan_id}", response_model=EntryPlanOut)
async def read_plan(plan_id: str, session: SessionDep, who: ENTRY_READERS) -> EntryPlanOut:
    return plan_out(await service.read_plan(session, who, plan_id))


@router.post("/entry-supply-plans", response_model=SupplyPlanOut, status_code=201)
async def publish_supply_plan(
    body: SupplyPlanIn, session: SessionDep, who: BUREAU
) -> SupplyPlanOut:
    """The county's annual supply plan (E4)."""
    s = await service.publish_supply_plan(session, who, body)
    return supply_out(s, {})


@router.get("/entry-supply-plans/{supply_id}", response_model=SupplyPlanOut)
async def read_supply_plan(supply_id: str, session: SessionDep, who: BUREAU) -> SupplyPlanOut:
    return supply_out(*await service.read_supply(session, who, supply_id))

"""入市 after the trade endpoints — 成交公示、合同、备案、专户结算 (E9, E11–E13)."""

from __future__ import annotations

from typing import Literal

from fastapi import Path, Query

from collective.access import (
    BUREAU,
    COUNTY_READERS,
    ENTRY_READERS,
    NATURAL_RESOURCES,
    VILLAGE_OFFICER,
)
from collective.entrydeals import service
from collective.entrydeals.schemas import (
    AccountIn,
    AccountOut,
    ContractIn,
    DealOut,
    FilingIn,
    SettlementIn,
)
from collective.entrydeals.views import account_out, deal_out
from common.auth import Principal, require
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["land entry after the trade — 入市成交"])


@router.put("/collectives/{collective_id}/entry-account", response_model=AccountOut)
async def register_account(
    collective_id: str, body: AccountIn, session: SessionDep, who: VILLAGE_OFFICER
) -> AccountOut:
    """The dedicated 入市 account (E11)."""
    return account_out(await service.register_account(session, who, collective_id, body))


@router.get("/collectives/{collective_id}/entry-account", response_model=AccountOut)
async def read_account(collective_id: str, session: SessionDep, who: ENTRY_READERS) -> AccountOut:
    return account_out(await service.read_account(session, who, collective_id))


@router.get("/counties/{county}/entry-deals", response_model=list[DealOut])
async def county_deals(
    session: SessionDep,
    county: str = Path(pattern=r"^[0-9]{6}$"),
    status: Literal["in_publicity", "contracted", "filed", "settled"] | None = Query(None),
    who: Principal = require(*COUNTY_READERS, NATURAL_RESOURCES),
) -> list[DealOut]:
    """The county's deals, oldest first (the bureau's queue: contracts to file, E9)."""
    return [deal_out(d) for d in await service.DEAL_QUEUE.of_county(session, who, county, status)]


@router.get("/collectives/{collective_id}/entry-deals", response_model=list[DealOut])
async def collective_deals(
    collective_id: str, session: SessionDep, who: ENTRY_READERS
) -> list[DealOut]:
    """The collective's deals, oldest first."""
    return [
        deal_out(d) for d in await service.DEAL_QUEUE.of_collective(session, who, collective_id)
    ]


@router.post("/entry-deals/{deal_id}/contract", response_model=DealOut)
async def sign(
    deal_id: str, body: ContractIn, session: SessionDep, who: VILLAGE_OFFICER
) -> DealOut:
    return deal_out(await service.sign(session, who, deal_id, body))


@router.post("/entry-deals/{deal_id}/filing", response_model=DealOut)
async def file(deal_id: str, body: FilingIn, session: SessionDep, who: BUREAU) -> DealOut:
    return deal_out(await service.file(session, who, deal_id, body))


@router.post("/entry-deals/{deal_id}/settlement", response_model=DealOut)
async def settle(
    deal_id: str, body: SettlementIn, session: SessionDep, who: VILLAGE_OFFICER
) -> DealOut:
    """The proceeds into the dedicated account, split in order (E11–E13)."""
    return deal_out(await service.settle(session, who, deal_id, body))


@router.get("/entry-deals/{deal_id}", response_model=DealOut)
async def read_deal(deal_id: str, session: SessionDep, who: ENTRY_READERS) -> DealOut:
    return deal_out(await service.read_deal(session, who, deal_id))


@router.get("/entry-plans/{plan_id}/deal", response_model=DealOut)
async def read_deal_of_plan(plan_id: str, session: SessionDep, who: ENTRY_READERS) -> DealOut:
    """The plan's deal, made from bidding's concluded trade (E9)."""
    return deal_out(await service.read_deal_of_plan(session, who, plan_id))

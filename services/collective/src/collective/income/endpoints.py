"""Homestead income endpoints — 宅基地收益分配 (Z11)."""

from __future__ import annotations

from collective.access import READERS, VILLAGE_OFFICER
from collective.income import service
from collective.income.schemas import IncomeIn, IncomeOut
from collective.income.views import income_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["homestead income — 宅基地收益"])


@router.post("/homestead-incomes", response_model=IncomeOut, status_code=201)
async def record_income(body: IncomeIn, session: SessionDep, who: VILLAGE_OFFICER) -> IncomeOut:
    """Split an income (farmer part > 50 %) and pay or retain the collective part."""
    i = await service.record_income(session, who, body)
    return income_out(i, await service.dividends(session, i))


@router.get("/homestead-incomes/{income_id}", response_model=IncomeOut)
async def read_income(income_id: str, session: SessionDep, who: READERS) -> IncomeOut:
    i = await service.read_income(session, who, income_id)
    return income_out(i, await service.dividends(session, i))

"""Paid use endpoints — 宅基地有偿使用 (Z9)."""

from __future__ import annotations

from collective.access import READERS, VILLAGE_OFFICER
from collective.paiduse import service
from collective.paiduse.schemas import BillOut, FeeIn, FeeOut, PaidUseIn, PaidUseOut, PaymentIn
from collective.paiduse.views import bill_out, contract_out, fee_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["paid use — 有偿使用"])


@router.post("/collectives/{collective_id}/paid-use-fees", response_model=FeeOut, status_code=201)
async def set_fee(
    collective_id: str, body: FeeIn, session: SessionDep, who: VILLAGE_OFFICER
) -> FeeOut:
    """A class's fee per m² per year, by the collective's X5 decision."""
    return fee_out(await service.set_fee(session, who, collective_id, body))


@router.post("/paid-use-contracts", response_model=PaidUseOut, status_code=201)
async def make_contract(body: PaidUseIn, session: SessionDep, who: VILLAGE_OFFICER) -> PaidUseOut:
    return contract_out(await service.make_contract(session, who, body), [])


@router.get("/paid-use-contracts/{contract_id}", response_model=PaidUseOut)
async def read_contract(contract_id: str, session: SessionDep, who: READERS) -> PaidUseOut:
    return contract_out(*await service.read_contract(session, who, contract_id))


@router.post("/paid-use-bills/{bill_id}/payment", response_model=BillOut)
async def pay_bill(
    bill_id: str, body: PaymentIn, session: SessionDep, who: VILLAGE_OFFICER
) -> BillOut:
    return bill_out(await service.pay_bill(session, who, bill_id, body))

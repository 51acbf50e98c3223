"""Voluntary paid withdrawal endpoints — 宅基地自愿有偿退出 (Z7)."""

from __future__ import annotations

from collective.access import READERS, TOWNSHIP_OFFICE, VILLAGE_OFFICER
from collective.withdrawals import service
from collective.withdrawals.schemas import (
    AgreementIn,
    CompensationIn,
    PaymentIn,
    WithdrawalIn,
    WithdrawalOut,
)
from collective.withdrawals.views import withdrawal_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["homestead withdrawals — 宅基地退出"])


@router.post("/homestead-withdrawals", response_model=WithdrawalOut, status_code=201)
async def apply(body: WithdrawalIn, session: SessionDep, who: VILLAGE_OFFICER) -> WithdrawalOut:
    """The household's application (reason, urban residence, every adult's consent)."""
    return withdrawal_out(await service.apply(session, who, body))


@router.post("/homestead-withdrawals/{withdrawal_id}/compensation", response_model=WithdrawalOut)
async def compensate(
    withdrawal_id: str, body: CompensationIn, session: SessionDep, who: VILLAGE_OFFICER
) -> WithdrawalOut:
    """The compensation by the collective's X5 decision."""
    return withdrawal_out(await service.compensate(session, who, withdrawal_id, body))


@router.post("/homestead-withdrawals/{withdrawal_id}/review", response_model=WithdrawalOut)
async def review(withdrawal_id: str, session: SessionDep, who: TOWNSHIP_OFFICE) -> WithdrawalOut:
    return withdrawal_out(await service.review(session, who, withdrawal_id))


@router.post("/homestead-withdrawals/{withdrawal_id}/agreement", response_model=WithdrawalOut)
async def agree(
    withdrawal_id: str, body: AgreementIn, session: SessionDep, who: VILLAGE_OFFICER
) -> WithdrawalOut:
    return withdrawal_out(await service.agree(session, who, withdrawal_id, body))


@router.post("/homestead-withdrawals/{withdrawal_id}/payment", response_model=WithdrawalOut)
async def pay(
    withdrawal_id: str, body: PaymentIn, session: SessionDep, who: VILLAGE_OFFICER
) -> WithdrawalOut:
    """The payout: the right goes to the collective in registry, the parcel back to it."""
    return withdrawal_out(await service.pay(session, who, withdrawal_id, body))


@router.get("/homestead-withdrawals/{withdrawal_id}", response_model=WithdrawalOut)
async def read_withdrawal(withdrawal_id: str, session: SessionDep, who: READERS) -> WithdrawalOut:
    w = await service.read_withdrawal(session, who, withdrawal_id)
    blocks = await service.payout_blocks(session, w) if w.status != "paid" else []
    return withdrawal_out(w, blocks)


@router.get(
    "/collectives/{collective_id}/homestead-withdrawals", response_model=list[WithdrawalOut]
)
async def list_withdrawals(
    collective_id: str, session: SessionDep, who: READERS
) -> list[WithdrawalOut]:
    """The collective's withdrawals, oldest first (the homestead consoles' queues)."""
    return [withdrawal_out(w) for w in await service.of_collective(session, who, collective_id)]

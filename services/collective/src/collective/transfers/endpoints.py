"""Transfer, gift and swap endpoints — 宅基地转让、赠与、互换 (Z5), recorded by the village
homestead officer (村级主体)."""

from __future__ import annotations

from collective.access import READERS, VILLAGE_OFFICER
from collective.transfers import service
from collective.transfers.schemas import SwapIn, TransferIn, TransferOut
from collective.transfers.views import transfer_out
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["homestead transfers — 宅基地流转"])


@router.post("/homestead-transfers", response_model=TransferOut, status_code=201)
async def transfer(body: TransferIn, session: SessionDep, who: VILLAGE_OFFICER) -> TransferOut:
    """A transfer or a gift inside the collective."""
    return transfer_out(await service.transfer(session, who, body))


@router.post("/homestead-swaps", response_model=list[TransferOut], status_code=201)
async def swap(body: SwapIn, session: SessionDep, who: VILLAGE_OFFICER) -> list[TransferOut]:
    """A swap: two linked transfers, both or neither."""
    return [transfer_out(t) for t in await service.swap(session, who, body)]


@router.get("/homestead-transfers/{transfer_id}", response_model=TransferOut)
async def read_transfer(transfer_id: str, session: SessionDep, who: READERS) -> TransferOut:
    return transfer_out(await service.read_transfer(session, who, transfer_id))

"""入市后监管 endpoints — permits (E7) and tripartite supervision (E10)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import BUREAU, ENTRY_READERS, VILLAGE_OFFICER
from collective.entrysupervision import service
from collective.entrysupervision.schemas import (
    ChecklistIn,
    DeclarationIn,
    PatrolIn,
    PermitIn,
    RecoveryIn,
    SignaturesIn,
    SupervisionOut,
)
from collective.entrysupervision.views import supervision_out
from common.auth import Principal
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["land entry supervision — 入市后监管"])


async def _out(session: AsyncSession, who: Principal, deal_id: str) -> SupervisionOut:
    return supervision_out(*await service.read(session, who, deal_id))


@router.get("/entry-deals/{deal_id}/supervision", response_model=SupervisionOut)
async def read(deal_id: str, session: SessionDep, who: ENTRY_READERS) -> SupervisionOut:
    """The deal's permits (E7) and supervision (E10)."""
    return await _out(session, who, deal_id)


@router.post("/entry-deals/{deal_id}/permits", response_model=SupervisionOut, status_code=201)
async def record_permit(
    deal_id: str, body: PermitIn, session: SessionDep, who: BUREAU
) -> SupervisionOut:
    """A planning permit issued for the land, after the contract (E7)."""
    await service.record_permit(session, who, deal_id, body)
    return await _out(session, who, deal_id)


@router.post("/entry-deals/{deal_id}/supervision", response_model=SupervisionOut, status_code=201)
async def draw_up(
    deal_id: str, body: ChecklistIn, session: SessionDep, who: BUREAU
) -> SupervisionOut:
    """The tripartite checklist, signed by the government side (E10)."""
    await service.draw_up(session, who, deal_id, body)
    return await _out(session, who, deal_id)


@router.post("/entry-deals/{deal_id}/supervision/signatures", response_model=SupervisionOut)
async def sign(
    deal_id: str, body: SignaturesIn, session: SessionDep, who: VILLAGE_OFFICER
) -> SupervisionOut:
    """The collective's and the user's signatures (E10)."""
    await service.sign(session, who, deal_id, body)
    return await _out(session, who, deal_id)


@router.post("/entry-deals/{deal_id}/declarations", response_model=SupervisionOut)
async def declare(
    deal_id: str, body: DeclarationIn, session: SessionDep, who: VILLAGE_OFFICER
) -> SupervisionOut:
    """The user's start or completion declaration (E10; the start needs E7's permits)."""
    await service.declare(session, who, deal_id, body)
    return await _out(session, who, deal_id)


@router.post("/entry-deals/{deal_id}/patrols", response_model=SupervisionOut)
async def patrol(deal_id: str, body: PatrolIn, session: SessionDep, who: BUREAU) -> SupervisionOut:
    """A patrol of the land (E10)."""
    await service.patrol(session, who, deal_id, body)
    return await _out(session, who, deal_id)


@router.post("/entry-deals/{deal_id}/recovery", response_model=SupervisionOut)
async def recover(
    deal_id: str, body: RecoveryIn, session: SessionDep, who: BUREAU
) -> SupervisionOut:
    """The land recovered: idle, or early with compensation (E10)."""
    await service.recover(session, who, deal_id, body)
    return await _out(session, who, deal_id)

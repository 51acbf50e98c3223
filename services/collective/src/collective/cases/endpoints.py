"""Dispute (X6) and violation (Z12) case endpoints — 纠纷调处与违法用地案件."""

from __future__ import annotations

from collective.access import CASE_OFFICES, DISPUTE_OFFICES, READERS
from collective.cases import service
from collective.cases.schemas import (
    CloseDisputeIn,
    CloseViolationIn,
    DisputeIn,
    DisputeOut,
    EscalateIn,
    ViolationIn,
    ViolationOut,
)
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["cases — 纠纷与违法用地案件"])


@router.post("/disputes", response_model=DisputeOut, status_code=201)
async def open_dispute(body: DisputeIn, session: SessionDep, who: DISPUTE_OFFICES) -> DisputeOut:
    """Open a dispute case (negotiation); an ownership case flags the object disputed."""
    return DisputeOut.model_validate(await service.open_dispute(session, who, body))


@router.get("/disputes/{case_id}", response_model=DisputeOut)
async def read_dispute(case_id: str, session: SessionDep, who: READERS) -> DisputeOut:
    return DisputeOut.model_validate(await service.read_dispute(session, who, case_id))


@router.post("/disputes/{case_id}/escalate", response_model=DisputeOut)
async def escalate(
    case_id: str, body: EscalateIn, session: SessionDep, who: DISPUTE_OFFICES
) -> DisputeOut:
    """To the next stage: mediation → arbitration → court (X6)."""
    return DisputeOut.model_validate(await service.escalate(session, who, case_id, body))


@router.post("/disputes/{case_id}/close", response_model=DisputeOut)
async def close_dispute(
    case_id: str, body: CloseDisputeIn, session: SessionDep, who: DISPUTE_OFFICES
) -> DisputeOut:
    return DisputeOut.model_validate(await service.close_dispute(session, who, case_id, body))


@router.get("/collectives/{collective_id}/disputes", response_model=list[DisputeOut])
async def list_disputes(collective_id: str, session: SessionDep, who: READERS) -> list[DisputeOut]:
    return [
        DisputeOut.model_validate(d) for d in await service.disputes(session, who, collective_id)
    ]


@router.post("/violations", response_model=ViolationOut, status_code=201)
async def open_violation(body: ViolationIn, session: SessionDep, who: CASE_OFFICES) -> ViolationOut:
    """A finding opens a violation case; the parcel is flagged (Z12)."""
    return ViolationOut.model_validate(await service.open_violation(session, who, body))


@router.get("/violations/{case_id}", response_model=ViolationOut)
async def read_violation(case_id: str, session: SessionDep, who: READERS) -> ViolationOut:
    return ViolationOut.model_validate(await service.read_violation(session, who, case_id))


@router.post("/violations/{case_id}/close", response_model=ViolationOut)
async def close_violation(
    case_id: str, body: CloseViolationIn, session: SessionDep, who: CASE_OFFICES
) -> ViolationOut:
    """Closing needs a decision document (处理决定书)."""
    return ViolationOut.model_validate(await service.close_violation(session, who, case_id, body))


@router.get("/collectives/{collective_id}/violations", response_model=list[ViolationOut])
async def list_violations(
    collective_id: str, session: SessionDep, who: READERS
) -> list[ViolationOut]:
    return [
        ViolationOut.model_validate(v)
        for v in await service.violations(session, who, collective_id)
    ]

"""Qualification register endpoints — 宅基地资格权 (Z1). The village homestead officer
proposes; the township homestead office decides; every reader reads the register."""

from __future__ import annotations

from collective.access import READERS, TOWNSHIP_OFFICE, VILLAGE_OFFICER
from collective.qualifications import service
from collective.qualifications.models import Qualification
from collective.qualifications.schemas import (
    ProposalIn,
    QualificationOut,
    RealizeIn,
    RealizeOtherIn,
    ReasonIn,
    RegainIn,
    WithdrawalIn,
)
from collective.qualifications.views import qualification_out
from common.audit import DecisionOut, decisions_of
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["qualifications — 宅基地资格权"])


@router.post("/qualifications", response_model=QualificationOut, status_code=201)
async def propose(body: ProposalIn, session: SessionDep, who: VILLAGE_OFFICER) -> QualificationOut:
    """Propose a household's recognition, citing the collective's X5 resolution."""
    return qualification_out(await service.propose(session, who, body))


@router.post("/qualifications/{qualification_id}/confirm", response_model=QualificationOut)
async def confirm(
    qualification_id: str, session: SessionDep, who: TOWNSHIP_OFFICE
) -> QualificationOut:
    """Confirm (乡镇审核确认) once the resolution's publicity is over."""
    return qualification_out(await service.confirm(session, who, qualification_id))


@router.post("/qualifications/{qualification_id}/refuse", response_model=QualificationOut)
async def refuse(
    qualification_id: str, body: ReasonIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> QualificationOut:
    return qualification_out(await service.refuse(session, who, qualification_id, body))


@router.post("/qualifications/{qualification_id}/realize", response_model=QualificationOut)
async def realize(
    qualification_id: str, body: RealizeIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> QualificationOut:
    """Realize on a homestead parcel (一户一宅)."""
    return qualification_out(await service.realize(session, who, qualification_id, body))


@router.post("/qualifications/{qualification_id}/realize-other", response_model=QualificationOut)
async def realize_other(
    qualification_id: str, body: RealizeOtherIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> QualificationOut:
    return qualification_out(await service.realize_other(session, who, qualification_id, body))


@router.post("/qualifications/{qualification_id}/withdrawal", response_model=QualificationOut)
async def withdraw(
    qualification_id: str, body: WithdrawalIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> QualificationOut:
    """Record a voluntary withdrawal's outcome: retained (default) or extinguished."""
    return qualification_out(await service.withdraw(session, who, qualification_id, body))


@router.post("/qualifications/{qualification_id}/regain", response_model=QualificationOut)
async def regain(
    qualification_id: str, body: RegainIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> QualificationOut:
    return qualification_out(await service.regain(session, who, qualification_id, body))


@router.post("/qualifications/{qualification_id}/extinguish", response_model=QualificationOut)
async def extinguish(
    qualification_id: str, body: ReasonIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> QualificationOut:
    return qualification_out(await service.extinguish(session, who, qualification_id, body))


@router.get("/qualifications/{qualification_id}", response_model=QualificationOut)
async def read_qualification(
    qualification_id: str, session: SessionDep, who: READERS
) -> QualificationOut:
    return qualification_out(await service.read_qualification(session, who, qualification_id))


@router.get("/collectives/{collective_id}/qualifications", response_model=list[QualificationOut])
async def register(
    collective_id: str, session: SessionDep, who: READERS, status: str | None = None
) -> list[QualificationOut]:
    """The collective's qualification register (登记台账), optionally by status."""
    return [
        qualification_out(q) for q in await service.register(session, who, collective_id, status)
    ]


@router.get("/qualifications/{qualification_id}/decisions", response_model=list[DecisionOut])
async def decisions(qualification_id: str, session: SessionDep, who: READERS) -> list[DecisionOut]:
    """The register entry's audit trail (X2): who decided what, when and why."""
    q = await service.read_qualification(session, who, qualification_id)
    return await decisions_of(session, Qualification.__audit_subject__, q.id)

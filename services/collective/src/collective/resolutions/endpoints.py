"""Resolution endpoints — 四议两公开 (X5). The village homestead officer records; the
township office answers objections; every reader (and other services) cites by id."""

from __future__ import annotations

from typing import Annotated

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import READERS, TOWNSHIP, TOWNSHIP_OFFICE, VILLAGE, VILLAGE_OFFICER
from collective.resolutions import service
from collective.resolutions.models import Resolution
from collective.resolutions.schemas import (
    AnswerIn,
    ObjectionIn,
    ObjectionOut,
    ResolutionIn,
    ResolutionOut,
    ResultIn,
    StepIn,
)
from collective.resolutions.views import objection_out, resolution_out
from common.audit import DecisionOut, decisions_of
from common.auth import Principal, require
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["resolutions — 四议两公开"])
RECORDERS = Annotated[Principal, require(VILLAGE, TOWNSHIP)]


async def _out(session: AsyncSession, r: Resolution) -> ResolutionOut:
    return resolution_out(
        r, await service.steps(session, r.id), await service.objections(session, r.id)
    )


@router.post("/resolutions", response_model=ResolutionOut, status_code=201)
async def propose(body: ResolutionIn, session: SessionDep, who: VILLAGE_OFFICER) -> ResolutionOut:
    """Open a decision record with the party organization's proposal (村党组织提议)."""
    return await _out(session, await service.propose(session, who, body))


@router.post("/resolutions/{resolution_id}/steps", response_model=ResolutionOut)
async def record_step(
    resolution_id: str, body: StepIn, session: SessionDep, who: VILLAGE_OFFICER
) -> ResolutionOut:
    """Record the next deliberation (两委商议, 党员大会审议, 村民(代表)会议决议), in order."""
    return await _out(session, await service.record_step(session, who, resolution_id, body))


@router.post(
    "/resolutions/{resolution_id}/objections", response_model=ObjectionOut, status_code=201
)
async def raise_objection(
    resolution_id: str, body: ObjectionIn, session: SessionDep, who: RECORDERS
) -> ObjectionOut:
    """Record an objection raised during the resolution's publicity (公示异议)."""
    return objection_out(await service.raise_objection(session, who, resolution_id, body))


@router.post(
    "/resolutions/{resolution_id}/objections/{objection_id}/answer", response_model=ResolutionOut
)
async def answer_objection(
    resolution_id: str, objection_id: str, body: AnswerIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> ResolutionOut:
    """Uphold (the resolution falls) or dismiss an objection (the township office)."""
    r = await service.answer_objection(session, who, resolution_id, objection_id, body)
    return await _out(session, r)


@router.post("/resolutions/{resolution_id}/result", response_model=ResolutionOut)
async def publish_result(
    resolution_id: str, body: ResultIn, session: SessionDep, who: VILLAGE_OFFICER
) -> ResolutionOut:
    """Publish the result of its implementation (实施结果公开); the record closes."""
    return await _out(session, await service.publish_result(session, who, resolution_id, body))


@router.get("/resolutions/{resolution_id}", response_model=ResolutionOut)
async def read_resolution(resolution_id: str, session: SessionDep, who: READERS) -> ResolutionOut:
    """A resolution with its deliberations and objections; other services cite it by id."""
    return await _out(session, await service.read_resolution(session, who, resolution_id))


@router.get("/collectives/{collective_id}/resolutions", response_model=list[ResolutionOut])
async def list_resolutions(
    collective_id: str, session: SessionDep, who: READERS
) -> list[ResolutionOut]:
    return [
        await _out(session, r) for r in await service.of_collective(session, who, collective_id)
    ]


@router.get("/resolutions/{resolution_id}/decisions", response_model=list[DecisionOut])
async def decisions(resolution_id: str, session: SessionDep, who: READERS) -> list[DecisionOut]:
    """The resolution's audit trail (X2): each deliberation recorded, publicity, result."""
    r = await service.read_resolution(session, who, resolution_id)
    return await decisions_of(session, Resolution.__audit_subject__, r.id)

"""Homestead application endpoints — 宅基地申请审批 (Z3): the township window takes in, the
village reviews, the township records the joint review and approves, the county office
receives the filing, the township accepts."""

from __future__ import annotations

from fastapi import Path
from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import (
    CASE_OFFICES,
    COUNTY_OFFICE,
    LEDGER_READERS,
    READERS,
    TOWNSHIP_OFFICE,
    VILLAGE_OFFICER,
    VILLAGE_OR_TOWNSHIP,
)
from collective.applications import service
from collective.applications.models import HomesteadApplication
from collective.applications.schemas import (
    AcceptanceIn,
    ApplicationIn,
    ApplicationOut,
    ApprovalIn,
    FilingIn,
    OpinionIn,
    RefusalIn,
    SampleIn,
    SampleOut,
    VillageReviewIn,
)
from collective.applications.views import application_out, sample_out
from common.audit import DecisionOut, decisions_of
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["homestead applications — 宅基地申请审批"])


async def _out(session: AsyncSession, a: HomesteadApplication) -> ApplicationOut:
    return application_out(a, await service.opinions(session, a))


@router.post("/homestead-applications", response_model=ApplicationOut, status_code=201)
async def apply(body: ApplicationIn, session: SessionDep, who: TOWNSHIP_OFFICE) -> ApplicationOut:
    """一窗受理: the township window takes in a household's application."""
    return await _out(session, await service.apply(session, who, body))


@router.post(
    "/homestead-applications/{application_id}/village-review", response_model=ApplicationOut
)
async def village_review(
    application_id: str, body: VillageReviewIn, session: SessionDep, who: VILLAGE_OFFICER
) -> ApplicationOut:
    """村级初审 with the collective's X5 decision."""
    return await _out(session, await service.village_review(session, who, application_id, body))


@router.post("/homestead-applications/{application_id}/opinions", response_model=ApplicationOut)
async def opinion(
    application_id: str, body: OpinionIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> ApplicationOut:
    """联审联办: one department's opinion."""
    return await _out(session, await service.record_opinion(session, who, application_id, body))


@router.post("/homestead-applications/{application_id}/approve", response_model=ApplicationOut)
async def approve(
    application_id: str, body: ApprovalIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> ApplicationOut:
    """乡级审批: 宅基地批准书 and 乡村建设规划许可证 issued; the county filing is due."""
    return await _out(session, await service.approve(session, who, application_id, body))


@router.post("/homestead-applications/{application_id}/refuse", response_model=ApplicationOut)
async def refuse(
    application_id: str, body: RefusalIn, session: SessionDep, who: VILLAGE_OR_TOWNSHIP
) -> ApplicationOut:
    return await _out(session, await service.refuse(session, who, application_id, body))


@router.post("/homestead-applications/{application_id}/filing", response_model=ApplicationOut)
async def filing(
    application_id: str, body: FilingIn, session: SessionDep, who: COUNTY_OFFICE
) -> ApplicationOut:
    """县级备案: the county homestead office received the approval's filing."""
    return await _out(session, await service.file(session, who, application_id, body))


@router.post("/homestead-applications/{application_id}/acceptance", response_model=ApplicationOut)
async def acceptance(
    application_id: str, body: AcceptanceIn, session: SessionDep, who: TOWNSHIP_OFFICE
) -> ApplicationOut:
    """验收: the house accepted; registry's first registration follows (Z4)."""
    return await _out(session, await service.accept(session, who, application_id, body))


@router.get("/homestead-applications/{application_id}", response_model=ApplicationOut)
async def read_application(
    application_id: str, session: SessionDep, who: READERS
) -> ApplicationOut:
    return await _out(session, await service.read_application(session, who, application_id))


@router.get(
    "/collectives/{collective_id}/homestead-applications", response_model=list[ApplicationOut]
)
async def of_collective(
    collective_id: str, session: SessionDep, who: READERS
) -> list[ApplicationOut]:
    return [
        await _out(session, a) for a in await service.of_collective(session, who, collective_id)
    ]


@router.get("/townships/{township}/homestead-ledger", response_model=list[ApplicationOut])
async def ledger(
    session: SessionDep, who: LEDGER_READERS, township: str = Path(pattern=r"^[0-9]{9}$")
) -> list[ApplicationOut]:
    """The township's approval ledger (审批台账)."""
    return [await _out(session, a) for a in await service.ledger(session, who, township)]


@router.get("/homestead-applications/{application_id}/decisions", response_model=list[DecisionOut])
async def decisions(application_id: str, session: SessionDep, who: READERS) -> list[DecisionOut]:
    """The application's audit trail (X2)."""
    a = await service.read_application(session, who, application_id)
    return await decisions_of(session, HomesteadApplication.__audit_subject__, a.id)


@router.post("/townships/{township}/inspection-samples", response_model=SampleOut, status_code=201)
async def draw_sample(
    body: SampleIn,
    session: SessionDep,
    who: CASE_OFFICES,
    township: str = Path(pattern=r"^[0-9]{9}$"),
) -> SampleOut:
    """Z12: the joint inspection's yearly sample of the township's approvals (抽查)."""
    sample = await service.draw_sample(session, who, township, body)
    _, approvals = await service.read_sample(session, who, sample.id)
    return sample_out(sample, approvals)


@router.get("/inspection-samples/{sample_id}", response_model=SampleOut)
async def read_sample(sample_id: str, session: SessionDep, who: LEDGER_READERS) -> SampleOut:
    """A drawn sample with its seed (so it can be drawn again and checked) and approvals."""
    return sample_out(*await service.read_sample(session, who, sample_id))

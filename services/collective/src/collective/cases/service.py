"""Dispute cases (X6) and violation cases (Z12) — 纠纷调处与违法用地查处.

A dispute is opened by the collective's village homestead officer or its township's
office (mediation is the township's or the collective's), moves negotiation → mediation →
arbitration → court (with the case number) and closes with an outcome. A violation case
is opened by the joint inspection or the county homestead office on a finding and closes
with a decision document. Every change is audited and published
(``collective.case_changed``) so that registry, listing and this service keep the object
flagged while the case is open.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import (
    Readable,
    check_county_office,
    check_village_or_township,
)
from collective.cases import repository
from collective.cases.models import DisputeCase, ViolationCase
from collective.cases.schemas import (
    CloseDisputeIn,
    CloseViolationIn,
    DisputeIn,
    EscalateIn,
    ViolationIn,
)
from collective.cases.states import DISPUTE, NEXT_STAGE, VIOLATION
from collective.collectives.service import collective_list, get_collective
from collective.parcels.models import Parcel
from collective.parcels.service import get_parcel
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.contracts.collective import CaseChanged
from common.keys import new_id
from common.outbox import record_event
from common.problems import FieldProblem, Problem, invalid, invalid_field


async def _publish_dispute(session: AsyncSession, d: DisputeCase) -> None:
    await record_event(
        session,
        CaseChanged(
            case_id=d.id,
            kind="dispute",
            flag="disputed",
            rule="X6",
            flags=d.ownership and d.stage != "closed",
            object_type=d.object_type,
            object_ref=d.object_ref,
            certificate_no=d.certificate_no,
            parcel_id=d.parcel_id,
            collective_id=d.collective_id,
            county=d.county,
            township=d.township,
            stage=d.stage,
            version=d.version,
            changed_at=d.changed_at,
        ),
    )


async def _publish_violation(session: AsyncSession, v: ViolationCase) -> None:
    await record_event(
        session,
        CaseChanged(
            case_id=v.id,
            kind="violation",
            flag="violation",
            rule="Z12",
            flags=v.status == "open",
            object_type="parcel",
            object_ref=v.parcel_id,
            certificate_no=v.certificate_no,
            parcel_id=v.parcel_id,
            collective_id=v.collective_id,
            county=v.county,
            township=v.township,
            stage=v.status,
            version=v.version,
            changed_at=v.changed_at,
        ),
    )


DISPUTES = Readable(DisputeCase, "dispute case", "纠纷案件")
VIOLATIONS = Readable(ViolationCase, "violation case", "违法用地案件")
read_dispute = DISPUTES.read
read_violation = VIOLATIONS.read


async def get_dispute(session: AsyncSession, case_id: str) -> DisputeCase:
    """The dispute locked: every step on a case changes it."""
    return await DISPUTES.get(session, case_id, lock=True)


async def _dispute_for_office(session: AsyncSession, who: Principal, case_id: str) -> DisputeCase:
    """The dispute locked for a step of its collective's officer or its township's office
    (X6: mediation is the township's or the collective's)."""
    d = await get_dispute(session, case_id)
    check_village_or_township(who, d.collective_id, d)
    return d


async def get_violation(session: AsyncSession, case_id: str) -> ViolationCase:
    """The violation case locked: every step on a case changes it."""
    return await VIOLATIONS.get(session, case_id, lock=True)


async def parcel_or_none(session: AsyncSession, parcel_id: str) -> Parcel | None:
    try:
        return await get_parcel(session, parcel_id)
    except Problem:
        return None


async def open_dispute(session: AsyncSession, who: Principal, body: DisputeIn) -> DisputeCase:
    c = await get_collective(session, body.collective_id)
    check_village_or_township(who, c.id, c)
    problems: list[FieldProblem] = []
    if body.object_type == "parcel" and body.parcel_id not in (None, body.object_ref):
        problems.append(
            FieldProblem(
                "parcel_id",
                "X6",
                "a case on a parcel names that parcel",
                "宗地纠纷的宗地须与案件对象一致",
            )
        )
    parcel_id = body.object_ref if body.object_type == "parcel" else body.parcel_id
    certificate_no = body.certificate_no or (
        body.object_ref if body.object_type == "right" else None
    )
    if parcel_id is not None:
        p = await parcel_or_none(session, parcel_id)
        if p is None or p.collective_id != c.id:
            problems.append(
                FieldProblem(
                    "parcel_id" if body.object_type != "parcel" else "object_ref",
                    "X6",
                    "no such parcel in this collective",
                    "本集体经济组织无此宗地",
                )
            )
        elif certificate_no is None:
            certificate_no = p.certificate_no
    if problems:
        raise invalid(problems, rule="X6")
    at = now(session)
    d = DisputeCase(
        id=new_id(),
        collective_id=c.id,
        county=c.county,
        township=c.township,
        object_type=body.object_type,
        object_ref=body.object_ref,
        certificate_no=certificate_no,
        parcel_id=parcel_id,
        ownership=body.ownership,
        claimant=body.claimant,
        description=body.description,
        stage="negotiation",
        version=1,
        opened_at=at,
        changed_at=at,
    )
    session.add(d)
    await record_on(session, d, action="dispute.open", by=who, rule="X6")
    await _publish_dispute(session, d)
    return d


async def escalate(
    session: AsyncSession, who: Principal, case_id: str, body: EscalateIn
) -> DisputeCase:
    """The next stage (X6): mediation names its mediator, arbitration and court the case
    number."""
    d = await _dispute_for_office(session, who, case_id)
    to = NEXT_STAGE.get(d.stage, "court")
    DISPUTE.check(d, to, "escalate")  # court and closed have no next stage
    problems: list[FieldProblem] = []
    if to == "mediation" and body.mediator is None:
        problems.append(
            FieldProblem(
                "mediator", "X6", "mediation names the township or the collective", "须指明调解主体"
            )
        )
    if to in ("arbitration", "court") and body.case_number is None:
        problems.append(
            FieldProblem(
                "case_number",
                "X6",
                f"the {to} stage needs its case number",
                "仲裁或诉讼须填写案号",
            )
        )
    if problems:
        raise invalid(problems, rule="X6")
    DISPUTE.move(d, to, "escalate")
    if body.mediator is not None:
        d.mediator = body.mediator
    if to in ("arbitration", "court"):
        d.case_number = body.case_number
    d.version += 1
    d.changed_at = now(session)
    await record_on(
        session,
        d,
        action=f"dispute.{to}",
        by=who,
        rule="X6",
        data={"mediator": d.mediator, "case_number": d.case_number},
    )
    await _publish_dispute(session, d)
    return d


async def close_dispute(
    session: AsyncSession, who: Principal, case_id: str, body: CloseDisputeIn
) -> DisputeCase:
    """Closing needs an outcome (X6); the object is no longer disputed by this case."""
    d = await _dispute_for_office(session, who, case_id)
    DISPUTE.move(d, "closed", "close")
    d.outcome, d.outcome_ref = body.outcome, body.outcome_ref
    d.version += 1
    d.changed_at = now(session)
    await record_on(session, d, action="dispute.close", by=who, rule="X6", reason=body.outcome)
    await _publish_dispute(session, d)
    return d


async def open_violation(session: AsyncSession, who: Principal, body: ViolationIn) -> ViolationCase:
    """A finding of the joint inspection opens a case; the parcel is flagged (Z12)."""
    p = await parcel_or_none(session, body.parcel_id)
    if p is None:
        raise invalid_field("parcel_id", "Z12", "no such parcel", "无此宗地")
    check_county_office(who, p)
    at = now(session)
    v = ViolationCase(
        id=new_id(),
        collective_id=p.collective_id,
        county=p.county,
        township=p.township,
        parcel_id=p.id,
        certificate_no=p.certificate_no,
        inspection_ref=body.inspection_ref,
        finding=body.finding,
        status="open",
        version=1,
        opened_at=at,
        changed_at=at,
    )
    session.add(v)
    await record_on(session, v, action="violation.open", by=who, rule="Z12")
    await _publish_violation(session, v)
    return v


async def close_violation(
    session: AsyncSession, who: Principal, case_id: str, body: CloseViolationIn
) -> ViolationCase:
    """Closing needs a decision document (处理决定书, Z12)."""
    v = await get_violation(session, case_id)
    check_county_office(who, v)
    VIOLATION.move(v, "closed", "close")
    v.decision_ref, v.decision = body.decision_ref, body.decision
    v.version += 1
    v.changed_at = now(session)
    await record_on(
        session,
        v,
        action="violation.close",
        by=who,
        rule="Z12",
        reason=body.decision,
        data={"decision_ref": body.decision_ref},
    )
    await _publish_violation(session, v)
    return v


def _open_case_problems(
    field: str,
    subject_en: str,
    subject_zh: str,
    violations: list[ViolationCase],
    disputes: list[DisputeCase],
) -> list[FieldProblem]:
    """One reason per open violation case (Z12) and ownership dispute (X6) on the subject
    (宗地 or 权利), violations first."""
    problems = [
        FieldProblem(
            field,
            "Z12",
            f"the {subject_en} has an open violation case ({v.inspection_ref})",
            f"该{subject_zh}有未结的违法用地案件（{v.inspection_ref}）",
        )
        for v in violations
    ]
    problems += [
        FieldProblem(
            field,
            "X6",
            f"the {subject_en} is disputed (case {d.id}, {d.stage})",
            f"该{subject_zh}权属有争议（案件{d.id}）",
        )
        for d in disputes
    ]
    return problems


async def parcel_blocks(session: AsyncSession, parcel_id: str) -> list[FieldProblem]:
    """Why a parcel may not be paid out, transferred or mortgaged now: every open
    violation case (Z12) and ownership dispute (X6)."""
    return _open_case_problems(
        "parcel_id",
        "parcel",
        "宗地",
        await repository.open_violations_on_parcel(session, parcel_id),
        await repository.open_disputes_on_parcel(session, parcel_id),
    )


async def right_blocks(
    session: AsyncSession, certificate_no: str, *, field: str = "certificate_no"
) -> list[FieldProblem]:
    """Why a right (a construction-land use right, named by its certificate) may not be
    brought to market now (E2): every open violation case (Z12) and ownership dispute (X6)."""
    disputes, violations = await repository.open_cases_on_right(session, certificate_no)
    return _open_case_problems(field, "right", "权利", violations, disputes)


disputes = collective_list(repository.disputes_of)


violations = collective_list(repository.violations_of)

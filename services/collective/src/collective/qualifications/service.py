"""The homestead qualification register — 宅基地资格权 (DOMAIN Z1).

The collective proposes a household by its X5 recognition resolution (village homestead
officer); the township homestead office confirms it once that resolution's publicity is
over with no objection open. The qualification is then realized on a homestead (which
the household may not already have: Z2), or otherwise; a withdrawal keeps it (retained,
the default) or ends it; a retained one is regained through X5. Every change is audited
and published (``collective.qualification_changed``) for listing and registry.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable, check_village
from collective.cases.service import parcel_blocks
from collective.collectives.models import Household
from collective.collectives.service import (
    get_household,
    members,
    publish_members,
    read_collective,
)
from collective.parcels.models import Parcel
from collective.parcels.service import allocate, allocation_problems, get_parcel, release
from collective.qualifications import repository
from collective.qualifications.models import Qualification
from collective.qualifications.schemas import (
    ProposalIn,
    RealizeIn,
    RealizeOtherIn,
    ReasonIn,
    RegainIn,
    WithdrawalIn,
)
from collective.qualifications.states import ENDED, QUALIFICATION, QUALIFIED
from collective.resolutions.service import actionable_problems
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.contracts.collective import QualificationChanged
from common.db import add_unique
from common.keys import new_id
from common.outbox import record_event
from common.problems import FieldProblem, Refusal

RECOGNITION = ("homestead_qualification",)
ACTIVE_TWICE = FieldProblem(
    "household_id",
    "Z1",
    "the household already has an active qualification (one per household)",
    "该户已有有效的资格权（一户一个资格权）",
)


_refused = Refusal(
    "qualification-refused", "The qualification decision is refused", "资格权事项不予办理"
)


QUALIFICATIONS = Readable(Qualification, "qualification", "资格权")
get_qualification = QUALIFICATIONS.get
read_qualification = QUALIFICATIONS.read


async def register(
    session: AsyncSession, who: Principal, collective_id: str, status: str | None
) -> list[Qualification]:
    """The register (登记台账) of one collective."""
    c = await read_collective(session, who, collective_id)
    return await repository.of_collective(session, c.id, status)


async def _publish(session: AsyncSession, q: Qualification, h: Household) -> None:
    confirmed = [m.party_id for m in await members(session, h.id) if m.confirmed]
    await record_event(
        session,
        QualificationChanged(
            qualification_id=q.id,
            household_id=h.id,
            collective_id=q.collective_id,
            county=q.county,
            township=q.township,
            status=q.status,
            qualified=q.status in QUALIFIED,
            head_party_id=h.head_party_id,
            member_party_ids=confirmed,
            parcel_id=q.parcel_id,
            resolution_id=q.resolution_id,
            version=q.version,
            changed_at=q.changed_at,
        ),
    )
    await publish_members(session, h, qualified=q.status in QUALIFIED)


async def _moved(
    session: AsyncSession,
    who: Principal,
    q: Qualification,
    to: str,
    action: str,
    *,
    reason: str | None = None,
    data: dict | None = None,
) -> Qualification:
    QUALIFICATION.move(q, to, action)
    q.active = to not in ENDED
    q.version += 1
    q.changed_at = now(session)
    await record_on(
        session, q, action=f"qualification.{action}", by=who, rule="Z1", reason=reason, data=data
    )
    await _publish(session, q, await get_household(session, q.household_id))
    return q


async def propose(session: AsyncSession, who: Principal, body: ProposalIn) -> Qualification:
    """The collective proposes a household, citing its passed X5 recognition resolution;
    every reason it cannot is listed at once."""
    h = await get_household(session, body.household_id)
    check_village(who, h.collective_id)
    problems: list[FieldProblem] = []
    if not any(m.confirmed for m in await members(session, h.id)):
        problems.append(
            FieldProblem(
                "household_id",
                "Z1",
                "the household has no confirmed member of the collective",
                "该户无经确认的本集体经济组织成员",
            )
        )
    if not body.factors.membership:
        problems.append(
            FieldProblem(
                "factors.membership",
                "Z1",
                "qualification rests on membership of the collective",
                "资格权以本集体经济组织成员身份为基础",
            )
        )
    if await repository.active_of(session, h.id) is not None:
        problems.append(ACTIVE_TWICE)
    problems += await actionable_problems(
        session,
        body.resolution_id,
        collective_id=h.collective_id,
        matters=RECOGNITION,
        published=False,
    )
    if problems:
        raise _refused(problems, status=422)
    at = now(session)
    q = Qualification(
        id=new_id(),
        household_id=h.id,
        collective_id=h.collective_id,
        county=h.county,
        township=h.township,
        status="proposed",
        active=True,
        resolution_id=body.resolution_id,
        factors=body.factors.model_dump(),
        note=body.note,
        version=1,
        proposed_at=at,
        changed_at=at,
    )
    # a proposal for the same household committed first
    await add_unique(session, q, taken=_refused([ACTIVE_TWICE], status=422))
    await record_on(session, q, action="qualification.propose", by=who, rule="Z1")
    await _publish(session, q, h)
    return q


async def confirm(session: AsyncSession, who: Principal, qualification_id: str) -> Qualification:
    """The township confirms, once the resolution's publicity is over and unopposed."""
    q = await QUALIFICATIONS.for_township(session, who, qualification_id)
    problems = await actionable_problems(
        session,
        q.resolution_id,
        field="qualification_id",
        collective_id=q.collective_id,
        matters=RECOGNITION,
    )
    if problems:
        raise _refused(problems)
    q.confirmed_at = now(session)
    return await _moved(session, who, q, "recognized", "confirm")


async def refuse(
    session: AsyncSession, who: Principal, qualification_id: str, body: ReasonIn
) -> Qualification:
    q = await QUALIFICATIONS.for_township(session, who, qualification_id)
    return await _moved(session, who, q, "refused", "refuse", reason=body.reason)


async def realize(
    session: AsyncSession, who: Principal, qualification_id: str, body: RealizeIn
) -> Qualification:
    """Realized on a homestead: the household must hold the qualification and have no
    homestead yet (一户一宅); every reason at once."""
    q = await QUALIFICATIONS.for_township(session, who, qualification_id)
    parcel = await get_parcel(session, body.parcel_id)
    return await realize_on(
        session, who, q, parcel, body.approval_ref, household_field="qualification_id"
    )


async def realize_on(
    session: AsyncSession,
    who: Principal,
    q: Qualification,
    parcel: Parcel,
    approval_ref: str,
    *,
    returned: str | None = None,
    household_field: str = "household_id",
) -> Qualification:
    """The approval chain (Z3) realizes the qualification on its site; a household that
    returns its old homestead (建新退旧, ``returned``) moves its realized qualification to
    the new one. Every reason it cannot is listed at once (the caller's transaction rolls
    back whatever it released); the township's own step (``realize``) names the
    household's 一户一宅 reasons by ``household_field``."""
    h = await get_household(session, q.household_id)
    if returned is not None:
        await release(session, who, returned, approval_ref)
    problems: list[FieldProblem] = []
    rehoused = q.status == "realized" and returned is not None and q.parcel_id == returned
    if not rehoused and q.status not in QUALIFICATION.allowed_from("realize"):
        problems.append(
            FieldProblem(
                "qualification_id",
                "Z1",
                f"the qualification is {q.status}, not recognized or regained",
                "资格权未经确认或重获，不能分配宅基地",
            )
        )
    problems += await allocation_problems(
        session, parcel, h, field="parcel_id", household_field=household_field
    )
    if problems:
        raise _refused(problems)
    await allocate(session, who, parcel, h, approval_ref)
    q.parcel_id, q.reference = parcel.id, approval_ref
    if not rehoused:
        return await _moved(session, who, q, "realized", "realize", data={"parcel_id": parcel.id})
    q.version += 1
    q.changed_at = now(session)
    await record_on(
        session,
        q,
        action="qualification.rehoused",
        by=who,
        rule="Z1",
        data={"parcel_id": parcel.id, "returned": returned},
    )
    await _publish(session, q, h)
    return q


async def realize_other(
    session: AsyncSession, who: Principal, qualification_id: str, body: RealizeOtherIn
) -> Qualification:
    """Realized otherwise than by a parcel (通过分配宅基地之外的其他方式实现)."""
    q = await QUALIFICATIONS.for_township(session, who, qualification_id)
    q.reference = body.reference
    return await _moved(
        session, who, q, "realized_other", "realize_other", data={"reference": body.reference}
    )


async def withdraw(
    session: AsyncSession, who: Principal, qualification_id: str, body: WithdrawalIn
) -> Qualification:
    """A voluntary withdrawal's outcome: the homestead goes back to the collective; the
    qualification is retained (default) or extinguished (保留和重获)."""
    q = await QUALIFICATIONS.for_township(session, who, qualification_id)
    return await withdrawn(session, who, q, retain=body.retain, reference=body.reference)


async def withdrawn(
    session: AsyncSession, who: Principal, q: Qualification, *, retain: bool, reference: str
) -> Qualification:
    """The outcome of a withdrawal (Z7's payout, or ``/withdrawal``): the parcel goes back
    to the collective; the qualification is retained or extinguished."""
    to = "retained" if retain else "extinguished"
    QUALIFICATION.check(q, to, "withdraw")
    if q.parcel_id is not None and (blocks := await parcel_blocks(session, q.parcel_id)):
        # Z12/X6: no payout while the parcel has an open violation case or dispute
        raise _refused(blocks)
    if q.parcel_id is not None:
        await release(session, who, q.parcel_id, reference)
    data = {"reference": reference, "parcel_id": q.parcel_id}
    q.parcel_id, q.reference = None, reference
    return await _moved(session, who, q, to, "withdraw", data=data)


async def regain(
    session: AsyncSession, who: Principal, qualification_id: str, body: RegainIn
) -> Qualification:
    """A retained qualification is regained through a published X5 resolution."""
    q = await QUALIFICATIONS.for_township(session, who, qualification_id)
    QUALIFICATION.check(q, "regained", "regain")
    problems = await actionable_problems(
        session,
        body.resolution_id,
        collective_id=q.collective_id,
        matters=(*RECOGNITION, "homestead"),
    )
    if problems:
        raise _refused(problems)
    return await _moved(
        session, who, q, "regained", "regain", data={"resolution_id": body.resolution_id}
    )


async def extinguish(
    session: AsyncSession, who: Principal, qualification_id: str, body: ReasonIn
) -> Qualification:
    q = await QUALIFICATIONS.for_township(session, who, qualification_id)
    return await _moved(session, who, q, "extinguished", "extinguish", reason=body.reason)

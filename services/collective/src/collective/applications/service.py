"""The homestead application and approval chain — 宅基地申请审批 (DOMAIN Z3), which ends in
the first registration's event (Z4).

一窗受理: the township homestead office takes the application in at its window → 村级初审:
the village homestead officer records the collective's X5 decision (qualification and
one-household-one-homestead checked again) → 联审联办: the township records the three
departments' opinions → 乡级审批: the township approves with all three, issuing the
approval and the planning permit (the ledger entry); the household's qualification is
realized on the site → 县级备案: a persisted timer flags a filing the county has not
received by the deadline → 验收: the township accepts the house and publishes
``collective.homestead_accepted`` for registry's first registration. Every refusal lists
every reason with its rule id; every decision is audited (X2).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import (
    Readable,
    check_county_office,
    check_township,
    check_township_readable,
    check_village,
)
from collective.applications import repository, rules
from collective.applications.models import (
    DepartmentOpinion,
    HomesteadApplication,
    InspectionSample,
)
from collective.applications.schemas import (
    AcceptanceIn,
    ApplicationIn,
    ApprovalIn,
    FilingIn,
    OpinionIn,
    RefusalIn,
    SampleIn,
    VillageReviewIn,
)
from collective.applications.states import APPLICATION
from collective.collectives.models import Household
from collective.collectives.service import collective_list, get_household, members
from collective.params import PARAMS
from collective.parcels.models import Parcel
from collective.parcels.rules import has_homestead
from collective.parcels.service import get_parcel, household_status
from collective.qualifications import repository as qualifications
from collective.qualifications.models import Qualification
from collective.qualifications.service import realize_on
from collective.resolutions.service import actionable_problems
from common.access import require_county
from common.audit import record_on
from common.auth import OrgType, Principal
from common.clock import SHANGHAI
from common.context import now
from common.contracts.collective import CoOwnerRef, HomesteadAccepted
from common.db import add_unique, load_or_404
from common.keys import new_id
from common.outbox import record_event
from common.problems import FieldProblem, Problem, Refusal, invalid
from common.scheduler import cancel_timer, schedule_timer

FILING_TIMER = "homestead.filing_due"
# a household applies on a recognized or regained qualification; a realized one only
# when it returns the homestead it is realized on (建新退旧)
APPLICABLE = frozenset({"recognized", "regained"})
DECISION_MATTERS = ("homestead",)
OPEN_TWICE = FieldProblem(
    "household_id",
    "Z3",
    "the household already has an application under way",
    "该户已有在办的宅基地申请",
)


_refused = Refusal(
    "homestead-application-refused", "The homestead application is refused", "宅基地申请不予办理"
)


APPLICATIONS = Readable(HomesteadApplication, "homestead application", "宅基地申请")
get_application = APPLICATIONS.get
read_application = APPLICATIONS.read


async def opinions(session: AsyncSession, a: HomesteadApplication) -> list[DepartmentOpinion]:
    return await repository.opinions_of(session, a.id)


of_collective = collective_list(repository.of_collective)


async def ledger(
    session: AsyncSession, who: Principal, township: str
) -> list[HomesteadApplication]:
    """The township's approval ledger (审批台账)."""
    check_township_readable(who, township)
    return await repository.ledger(session, township)


async def _eligibility(
    session: AsyncSession,
    h: Household,
    q: Qualification | None,
    return_parcel_id: str | None,
) -> list[FieldProblem]:
    """Z1 and Z2 as the window and the village review check them: a recognized (or
    regained) qualification; no homestead unless the one held is returned."""
    problems: list[FieldProblem] = []
    status, parcels, _limit = await household_status(session, h)
    returning = (
        return_parcel_id is not None and len(parcels) == 1 and parcels[0].id == return_parcel_id
    )
    if q is None or not (q.status in APPLICABLE or (q.status == "realized" and returning)):
        problems.append(
            FieldProblem(
                "household_id",
                "Z1",
                "the household holds no recognized homestead qualification"
                + (f" (it is {q.status})" if q is not None else ""),
                "该户无经确认的宅基地资格权",
            )
        )
    if has_homestead(status) and not returning:
        numbers = ", ".join(p.number for p in parcels)
        problems.append(
            FieldProblem(
                "return_parcel_id" if return_parcel_id else "household_id",
                "Z3",
                f"the household already holds a homestead ({numbers}); it may apply only by "
                "returning it",
                f"该户已有宅基地（{numbers}），须退出原宅基地方可申请",
            )
        )
    return problems


def _site_problems(site: Parcel, h: Household) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if site.collective_id != h.collective_id:
        problems.append(
            FieldProblem("parcel_id", "Z3", "a site of another collective", "非本集体的宅基地选址")
        )
    if site.household_id is not None:
        problems.append(
            FieldProblem(
                "parcel_id",
                "Z3",
                "the site is already a household's homestead",
                "该宗地已属其他农户",
            )
        )
    return problems


async def _limits(session: AsyncSession, county: str) -> rules.PlanLimits:
    return rules.PlanLimits(
        area_limit_m2=await PARAMS.get(session, county, "homestead_area_limit_m2"),
        max_floors=await PARAMS.get(session, county, "village_plan_max_floors"),
        max_height_m=await PARAMS.get(session, county, "village_plan_max_height_m"),
    )


async def _all_problems(
    session: AsyncSession, a: HomesteadApplication | ApplicationIn, h: Household
) -> list[FieldProblem]:
    """Every reason the application cannot go on (window, village review, approval)."""
    q = await qualifications.active_of(session, h.id)
    site = await session.get(Parcel, a.parcel_id)
    problems = await _eligibility(session, h, q, a.return_parcel_id)
    if site is None:
        problems.append(FieldProblem("parcel_id", "Z3", "no such parcel", "无此宗地"))
    else:
        problems += _site_problems(site, h)
    problems += rules.site_problems(
        area_m2=a.area_m2,
        floors=a.floors,
        height_m=a.height_m,
        in_plan_zone=a.in_plan_zone,
        in_year_plan=a.in_year_plan,
        house_disposed=a.house_disposed,
        limits=await _limits(session, h.county),
    )
    return problems


async def apply(session: AsyncSession, who: Principal, body: ApplicationIn) -> HomesteadApplication:
    """一窗受理 at the township: every reason refused at once (422)."""
    h = await get_household(session, body.household_id)
    check_township(who, h)
    problems = await _all_problems(session, body, h)
    if await repository.open_of(session, h.id) is not None:
        problems.append(OPEN_TWICE)
    if problems:
        raise _refused(problems, status=422)
    q = await qualifications.active_of(session, h.id)
    assert q is not None  # _eligibility refused a household without one
    a = HomesteadApplication(
        id=new_id(),
        collective_id=h.collective_id,
        county=h.county,
        township=h.township,
        status="applied",
        open=True,
        qualification_id=q.id,
        filing_late=False,
        applied_at=now(session),
        **body.model_dump(),
    )
    # another window took the household's application meanwhile
    await add_unique(session, a, taken=_refused([OPEN_TWICE], status=422))
    await record_on(session, a, action="homestead_application.apply", by=who, rule="Z3")
    return a


async def village_review(
    session: AsyncSession, who: Principal, application_id: str, body: VillageReviewIn
) -> HomesteadApplication:
    """村级初审: the collective's X5 decision, qualification and 一户一宅 checked again."""
    a = await APPLICATIONS.for_village(session, who, application_id)
    APPLICATION.check(a, "village_reviewed", "village_review")
    h = await get_household(session, a.household_id)
    problems = await _all_problems(session, a, h)
    problems += await actionable_problems(
        session,
        body.resolution_id,
        collective_id=a.collective_id,
        matters=DECISION_MATTERS,
    )
    if problems:
        raise _refused(problems)
    APPLICATION.move(a, "village_reviewed", "village_review")
    a.resolution_id, a.village_reviewed_at = body.resolution_id, now(session)
    await record_on(
        session,
        a,
        action="homestead_application.village_review",
        by=who,
        rule="Z3",
        data={"resolution_id": body.resolution_id},
    )
    return a


async def record_opinion(
    session: AsyncSession, who: Principal, application_id: str, body: OpinionIn
) -> HomesteadApplication:
    """联审联办: one opinion per department, recorded by the township office."""
    a = await APPLICATIONS.for_township(session, who, application_id)
    if a.status != "village_reviewed":
        raise Problem(
            409,
            "invalid-state",
            f"the application is {a.status}: opinions are given after the village review",
            "村级初审后方可联审",
            rule="Z3",
        )
    opinion = DepartmentOpinion(
        id=new_id(),
        application_id=a.id,
        department=body.department,
        approve=body.approve,
        opinion=body.opinion,
        recorded_by=f"{who.org.type.value}:{who.org.id}/{who.subject}",
        recorded_at=now(session),
    )
    await add_unique(
        session,
        opinion,
        taken=_refused(
            [
                FieldProblem(
                    "department",
                    "Z3",
                    f"the {body.department} opinion is already recorded",
                    "该部门已出具联审意见",
                )
            ]
        ),
    )
    await record_on(
        session,
        a,
        action="homestead_application.opinion",
        by=who,
        rule="Z3",
        reason=body.opinion,
        data={"department": body.department, "approve": body.approve},
    )
    return a


async def approve(
    session: AsyncSession, who: Principal, application_id: str, body: ApprovalIn
) -> HomesteadApplication:
    """乡级审批 with all three opinions: the approval and the planning permit are issued,
    the ledger gains the entry, the qualification is realized on the site and the county
    filing's deadline starts (a persisted timer)."""
    a = await APPLICATIONS.for_township(session, who, application_id)
    APPLICATION.check(a, "approved", "approve")
    h = await get_household(session, a.household_id)
    problems = rules.opinion_problems(
        {o.department: o.approve for o in await repository.opinions_of(session, a.id)}
    )
    problems += await _all_problems(session, a, h)
    if problems:
        raise _refused(problems)
    q = await qualifications.locked(session, a.qualification_id)
    assert q is not None
    site = await get_parcel(session, a.parcel_id)
    await realize_on(session, who, q, site, body.approval_no, returned=a.return_parcel_id)
    at = now(session)
    days = await PARAMS.get(session, a.county, "homestead_filing_days")
    APPLICATION.move(a, "approved", "approve")
    a.approval_no, a.permit_no, a.approved_at = body.approval_no, body.permit_no, at
    a.filing_due_at = at + timedelta(days=days)
    await add_unique(
        session,
        taken=_refused(
            [
                FieldProblem(
                    "approval_no",
                    "Z3",
                    "this approval number is already issued",
                    "该批准书编号已使用",
                )
            ]
        ),
    )
    await schedule_timer(session, FILING_TIMER, a.id, a.filing_due_at)
    await record_on(
        session,
        a,
        action="homestead_application.approve",
        by=who,
        rule="Z3",
        data={
            "approval_no": body.approval_no,
            "permit_no": body.permit_no,
            "filing_due_at": a.filing_due_at.isoformat(),
        },
    )
    return a


async def refuse(
    session: AsyncSession, who: Principal, application_id: str, body: RefusalIn
) -> HomesteadApplication:
    """The village refuses at its review, the township at its own (with the reason)."""
    a = await get_application(session, application_id, lock=True)
    if who.org.type == OrgType.collective:
        check_village(who, a.collective_id)
        if a.status != "applied":
            raise Problem(
                409,
                "invalid-state",
                "after the village review only the township refuses",
                "村级初审后由乡镇决定",
                rule="Z3",
            )
    else:
        check_township(who, a)
    APPLICATION.move(a, "refused", "refuse")
    a.open, a.refusal = False, body.reason
    await record_on(
        session, a, action="homestead_application.refuse", by=who, rule="Z3", reason=body.reason
    )
    return a


async def filing_overdue(session: AsyncSession, who: Principal | None, application_id: str) -> None:
    """The filing timer: an approval the county has not received by now is flagged late."""
    a = await repository.locked(session, application_id)
    if a is None or a.status != "approved" or a.filing_late:
        return
    a.filing_late = True
    await record_on(
        session,
        a,
        action="homestead_application.filing_overdue",
        by=who,
        rule="Z3",
        data={"filing_due_at": a.filing_due_at.isoformat() if a.filing_due_at else None},
    )


async def file(
    session: AsyncSession, who: Principal, application_id: str, body: FilingIn
) -> HomesteadApplication:
    """县级备案: the county homestead office records the filing; late stays late."""
    a = await get_application(session, application_id, lock=True)
    check_county_office(who, a)
    APPLICATION.move(a, "filed", "file")
    at = now(session)
    a.filed_at, a.filing_ref = at, body.reference
    a.filing_late = a.filing_late or rules.filed_late(at, a.filing_due_at)
    await cancel_timer(session, FILING_TIMER, a.id)
    await record_on(
        session,
        a,
        action="homestead_application.file",
        by=who,
        rule="Z3",
        data={"reference": body.reference, "late": a.filing_late},
    )
    return a


async def accept(
    session: AsyncSession, who: Principal, application_id: str, body: AcceptanceIn
) -> HomesteadApplication:
    """验收: the house occupies no more than approved and the qualification is realized on
    this site (Z4); the first registration's event carries the three documents."""
    a = await APPLICATIONS.for_township(session, who, application_id)
    APPLICATION.check(a, "accepted", "accept")
    problems = rules.acceptance_problems(body.built_area_m2, a.area_m2)
    q = await session.get(Qualification, a.qualification_id)
    if q is None or q.status != "realized" or q.parcel_id != a.parcel_id:
        problems.append(
            FieldProblem(
                "application_id",
                "Z4",
                "the household's qualification is not realized on this site",
                "该户资格权未在此宗地实现",
            )
        )
    if problems:
        raise _refused(problems)
    APPLICATION.move(a, "accepted", "accept")
    a.open = False
    a.acceptance_no, a.built_area_m2, a.accepted_at = (
        body.acceptance_no,
        body.built_area_m2,
        now(session),
    )
    await record_on(
        session,
        a,
        action="homestead_application.accept",
        by=who,
        rule="Z3",
        data={"acceptance_no": body.acceptance_no},
    )
    await _publish_accepted(session, a)
    return a


async def _publish_accepted(session: AsyncSession, a: HomesteadApplication) -> None:
    h = await get_household(session, a.household_id)
    site = await get_parcel(session, a.parcel_id)
    roll = [m for m in await members(session, h.id) if m.confirmed]
    head = next((m for m in roll if m.party_id == h.head_party_id), None)
    assert a.approval_no and a.permit_no and a.acceptance_no and a.accepted_at
    await record_event(
        session,
        HomesteadAccepted(
            application_id=a.id,
            household_id=h.id,
            collective_id=a.collective_id,
            county=a.county,
            township=a.township,
            parcel_id=site.id,
            parcel_number=site.number,
            location=site.location,
            approved_area_m2=str(a.area_m2),
            built_area_m2=str(a.built_area_m2),
            holder_party_id=h.head_party_id,
            holder_name=head.name if head else h.head_party_id,
            co_owners=[
                CoOwnerRef(party_id=m.party_id, name=m.name)
                for m in roll
                if m.party_id != h.head_party_id
            ],
            approval_no=a.approval_no,
            permit_no=a.permit_no,
            acceptance_no=a.acceptance_no,
            accepted_at=a.accepted_at,
        ),
    )


async def draw_sample(
    session: AsyncSession, who: Principal, township: str, body: SampleIn
) -> InspectionSample:
    """Z12: the joint inspection's sample of the township's approvals of a year (CHOICE:
    on request, once per township and year; ``inspection_sample_percent`` of them, at
    least one). The seed is recorded, so the draw can be repeated and checked."""
    county = township[:6]  # a township code begins with its county's (GB/T 10114)
    require_county(who, county, "the township's approvals", "该乡镇的宅基地审批")
    start = datetime.combine(date(body.year, 1, 1), time(0), tzinfo=SHANGHAI)
    end = datetime.combine(date(body.year + 1, 1, 1), time(0), tzinfo=SHANGHAI)
    approvals = await repository.approved_between(session, township, start, end)
    problems: list[FieldProblem] = []
    if not approvals:
        problems.append(
            FieldProblem(
                "year",
                "Z12",
                f"township {township} approved no homestead in {body.year}",
                f"该乡镇{body.year}年无宅基地审批",
            )
        )
    if await repository.sample_of(session, township, body.year) is not None:
        problems.append(
            FieldProblem(
                "year",
                "Z12",
                f"the {body.year} sample of township {township} is drawn already",
                f"该乡镇{body.year}年的抽查样本已抽取",
            )
        )
    if problems:
        raise invalid(problems, rule="Z12", status=409 if approvals else 422)
    percent = await PARAMS.get(session, county, "inspection_sample_percent")
    seed = body.seed or new_id()
    ids = [a.id for a in approvals]
    sample = InspectionSample(
        id=new_id(),
        county=county,
        township=township,
        year=body.year,
        seed=seed,
        sample_percent=percent,
        population=len(ids),
        application_ids=rules.draw_sample(ids, percent, township, body.year, seed),
        drawn_by=who.subject[:100],
        drawn_at=now(session),
    )
    # drawn by a concurrent request meanwhile
    await add_unique(
        session,
        sample,
        taken=invalid(
            [FieldProblem("year", "Z12", "the sample is drawn already", "抽查样本已抽取")],
            rule="Z12",
            status=409,
        ),
    )
    await record_on(
        session,
        sample,
        action="inspection_sample.draw",
        by=who,
        rule="Z12",
        data={"seed": seed, "population": len(ids), "sampled": sample.application_ids},
    )
    return sample


async def read_sample(
    session: AsyncSession, who: Principal, sample_id: str
) -> tuple[InspectionSample, list[HomesteadApplication]]:
    sample = await load_or_404(
        session,
        InspectionSample,
        InspectionSample.id,
        sample_id,
        f"inspection sample {sample_id}",
        f"抽查样本{sample_id}",
    )
    check_township_readable(who, sample.township)
    return sample, await repository.applications(session, sample.application_ids)

"""Collective decision records — 四议两公开 (DOMAIN X5).

The village homestead officer records the four deliberations in order; a passed final
vote starts the resolution's publicity (决议公开), whose end is a persisted timer; an
objection raised meanwhile holds it until the township office answers it; after
implementation the result is published (实施结果公开). Other areas and services act on a
resolution only once it is ``effective`` (``require_actionable``).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable, check_township, check_village
from collective.collectives.service import collective_for_village, collective_list
from collective.params import PARAMS
from collective.resolutions import repository, rules
from collective.resolutions.models import Objection, Resolution, ResolutionStep
from collective.resolutions.schemas import AnswerIn, ObjectionIn, ResolutionIn, ResultIn, StepIn
from collective.resolutions.states import OBJECTION, RESOLUTION
from common.audit import record_on
from common.auth import OrgType, Principal
from common.clock import local_date
from common.context import now
from common.contracts.collective import ResolutionPassed
from common.keys import new_id
from common.outbox import record_event
from common.problems import FieldProblem, Problem, Refusal, not_found
from common.scheduler import schedule_timer

PUBLICITY_TIMER = "resolution.publicity_end"


RESOLUTIONS = Readable(Resolution, "resolution", "集体决议")
get_resolution = RESOLUTIONS.get
read_resolution = RESOLUTIONS.read


of_collective = collective_list(repository.of_collective)


_refused = Refusal(
    "resolution-step-refused",
    "The deliberation cannot be recorded",
    "该议事步骤不能登记",
    status=422,
    rule="X5",
)


async def _add_step(
    session: AsyncSession, who: Principal, r: Resolution, seq: int, body: StepIn
) -> ResolutionStep:
    step = ResolutionStep(
        resolution_id=r.id,
        seq=seq,
        passed=rules.step_passes(
            body.step, r.threshold, body.votes_for, body.attendance, body.eligible
        ),
        recorded_by=who.subject,
        recorded_at=now(session),
        **body.model_dump(),
    )
    session.add(step)
    await session.flush()
    return step


async def propose(session: AsyncSession, who: Principal, body: ResolutionIn) -> Resolution:
    """The party organization's proposal opens the record (村党组织提议)."""
    c = await collective_for_village(session, who, body.collective_id)
    at = now(session)
    problems = rules.step_problems(
        "proposal",
        body.proposal.step,
        held_on=body.proposal.held_on,
        previous_held_on=None,
        today=local_date(at),
        eligible=body.proposal.eligible,
        attendance=body.proposal.attendance,
        votes=(body.proposal.votes_for, body.proposal.votes_against, body.proposal.abstained),
    )
    refused = [
        FieldProblem(f"proposal.{p.field}", p.rule, p.message_en, p.message_zh) for p in problems
    ]
    if body.matter == "land_mortgage" and not body.subject_ref:
        refused.append(
            FieldProblem(
                "subject_ref",
                "R15",
                "a decision to mortgage collective land names the right's certificate",
                "集体土地经营权抵押决议须载明权利证书编号",
            )
        )
    if refused:
        raise _refused(refused)
    homestead = await PARAMS.get(session, c.county, "homestead_threshold")
    r = Resolution(
        id=new_id(),
        collective_id=c.id,
        county=c.county,
        township=c.township,
        matter=body.matter,
        title=body.title,
        subject_ref=body.subject_ref,
        threshold=rules.threshold_for(body.matter, homestead),
        status="proposed",
        created_at=at,
    )
    session.add(r)
    await session.flush()
    step = await _add_step(session, who, r, 1, body.proposal)
    await record_on(session, r, action="resolution.proposed", by=who, rule="X5")
    if not step.passed:
        RESOLUTION.move(r, "rejected", "reject")
        await record_on(
            session, r, action="resolution.rejected", by=who, rule="X5", data={"step": "proposal"}
        )
    return r


async def record_step(
    session: AsyncSession, who: Principal, resolution_id: str, body: StepIn
) -> Resolution:
    """The next deliberation, in order; the final vote counted by the matter's threshold."""
    r = await RESOLUTIONS.for_village(session, who, resolution_id)
    steps = await repository.steps_of(session, r.id)
    at = now(session)
    problems = rules.step_problems(
        rules.NEXT_STEP.get(r.status),
        body.step,
        held_on=body.held_on,
        previous_held_on=steps[-1].held_on if steps else None,
        today=local_date(at),
        eligible=body.eligible,
        attendance=body.attendance,
        votes=(body.votes_for, body.votes_against, body.abstained),
    )
    if problems:
        raise _refused(problems)
    step = await _add_step(session, who, r, len(steps) + 1, body)
    data = {"step": body.step, "votes_for": body.votes_for, "eligible": body.eligible}
    if not step.passed:
        RESOLUTION.move(r, "rejected", "reject")
        await record_on(session, r, action="resolution.rejected", by=who, rule="X5", data=data)
        return r
    to, action = rules.AFTER_STEP[body.step]
    RESOLUTION.move(r, to, action)
    if to == "in_publicity":
        days = await PARAMS.get(session, r.county, "resolution_publicity_days")
        r.publicity_ends_at = at + timedelta(days=days)
        await schedule_timer(session, PUBLICITY_TIMER, r.id, r.publicity_ends_at)
        data["publicity_ends_at"] = r.publicity_ends_at.isoformat()
    await record_on(session, r, action=f"resolution.{action}", by=who, rule="X5", data=data)
    return r


async def raise_objection(
    session: AsyncSession, who: Principal, resolution_id: str, body: ObjectionIn
) -> Objection:
    """An objection during publicity holds the resolution until it is answered."""
    r = await get_resolution(session, resolution_id, lock=True)
    if who.org.type == OrgType.township:
        check_township(who, r)
    else:
        check_village(who, r.collective_id)
    if r.status != "in_publicity":
        raise Problem(
            409,
            "not-in-publicity",
            "Objections are raised while the resolution is published",
            "仅在决议公示期内受理异议",
            rule="X5",
            extra={"status": r.status},
        )
    o = Objection(
        id=new_id(),
        resolution_id=r.id,
        raised_by=body.raised_by,
        text=body.text,
        status="open",
        raised_at=now(session),
    )
    session.add(o)
    await record_on(
        session, o, action="objection.raised", by=who, rule="X5", data={"resolution_id": r.id}
    )
    return o


async def answer_objection(
    session: AsyncSession, who: Principal, resolution_id: str, objection_id: str, body: AnswerIn
) -> Resolution:
    """The township office answers: an upheld objection overturns the resolution; a
    dismissed one lets it take effect once its publicity is over and nothing else is open."""
    r = await RESOLUTIONS.for_township(session, who, resolution_id)
    o = await session.get(Objection, objection_id)
    if o is None or o.resolution_id != r.id:
        raise not_found(f"objection {objection_id}", f"异议{objection_id}")
    at = now(session)
    OBJECTION.move(
        o, "upheld" if body.uphold else "dismissed", "uphold" if body.uphold else "dismiss"
    )
    o.answer, o.answered_at = body.answer, at
    await record_on(
        session, o, action=f"objection.{o.status}", by=who, rule="X5", reason=body.answer
    )
    if body.uphold:
        RESOLUTION.move(r, "overturned", "overturn")
        await record_on(
            session, r, action="resolution.overturned", by=who, rule="X5", reason=body.answer
        )
    else:
        await _take_effect_if_due(session, who, r)
    return r


async def _take_effect_if_due(session: AsyncSession, who: Principal | None, r: Resolution) -> None:
    if (
        r.status != "in_publicity"
        or r.publicity_ends_at is None
        or now(session) < r.publicity_ends_at
    ):
        return
    if await repository.open_objections(session, r.id):
        return
    RESOLUTION.move(r, "effective", "take_effect")
    await record_on(session, r, action="resolution.effective", by=who, rule="X5")
    await _publish_passed(session, r)


async def _publish_passed(session: AsyncSession, r: Resolution) -> None:
    """``collective.resolution_passed``: the effective decision with its final vote, so
    another service verifies what it cites (the registry's R15) instead of typed numbers."""
    vote = (await repository.steps_of(session, r.id))[-1]
    await record_event(
        session,
        ResolutionPassed(
            resolution_id=r.id,
            collective_id=r.collective_id,
            county=r.county,
            township=r.township,
            matter=r.matter,
            subject_ref=r.subject_ref,
            title=r.title,
            threshold=r.threshold,
            entitled=vote.eligible,
            votes_for=vote.votes_for,
            voted_on=vote.held_on,
            effective_at=now(session),
        ),
    )


async def publicity_over(session: AsyncSession, who: Principal | None, resolution_id: str) -> None:
    """The publicity timer: the resolution takes effect unless an objection is open."""
    r = await repository.locked(session, resolution_id)
    if r is not None:
        await _take_effect_if_due(session, who, r)


async def publish_result(
    session: AsyncSession, who: Principal, resolution_id: str, body: ResultIn
) -> Resolution:
    """实施结果公开: the record closes with the published result of its implementation."""
    r = await RESOLUTIONS.for_village(session, who, resolution_id)
    RESOLUTION.move(r, "closed", "publish_result")
    r.result_summary, r.result_published_on = body.summary, body.published_on
    await record_on(session, r, action="resolution.result_published", by=who, rule="X5")
    return r


async def actionable_problems(
    session: AsyncSession,
    resolution_id: str,
    *,
    collective_id: str,
    matters: tuple[str, ...],
    field: str = "resolution_id",
    published: bool = True,
) -> list[FieldProblem]:
    """Why the cited resolution cannot be acted on yet (none: it may), for the caller to
    report together with its own reasons; ``field`` names where the request cites it (a
    body's ``resolution_id``, unless the row acted on carries it)."""
    r = await session.get(Resolution, resolution_id)
    if r is None:
        return [FieldProblem(field, "X5", "no such resolution", "该集体决议不存在")]
    return rules.acting_problems(
        r,
        field=field,
        collective_id=collective_id,
        matters=matters,
        at=now(session),
        open_objections=await repository.open_objections(session, r.id),
        published=published,
    )


async def steps(session: AsyncSession, resolution_id: str) -> list[ResolutionStep]:
    return await repository.steps_of(session, resolution_id)


async def objections(session: AsyncSession, resolution_id: str) -> list[Objection]:
    return await repository.objections_of(session, resolution_id)

"""入市后监管 — planning permits and tripartite supervision (DOMAIN E7, E10).

E7: once the contract is signed the natural resources bureau records the permits the
land needs — outside the urban development boundary 乡村建设规划许可证, inside it
建设用地规划许可证 and 建设工程规划许可证 — and construction cannot be declared started
before all of them are held.

E10: the government side (the county's natural resources bureau) draws up the checklist
(start and completion dates, use, environment and industry terms, rental housing terms)
and signs it; the village officer records the collective's and the user's signatures.
The user's start and completion declarations are recorded by the village officer, the
patrols by the bureau. Idle-land handling (``entry_idle_handling``) is off by default:
two persisted timers are set at signing, at the agreed start date plus one and plus two
years (the county's years at signing); each does something only if the county has the
handling on when it fires and construction has not started — the idle fee (20 % of the
price) is then owed, or the recovery is due. A recovery is the bureau's decision: idle
(once due, without compensation) or early for public facilities, with its compensation.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import check_bureau, check_village
from collective.entry.service import get_plan
from collective.entrydeals.models import EntryDeal
from collective.entrydeals.service import DEALS, get_deal, read_deal
from collective.entrysupervision import rules
from collective.entrysupervision.models import EntryPermit, EntrySupervision, SupervisionRecord
from collective.entrysupervision.schemas import (
    ChecklistIn,
    DeclarationIn,
    PatrolIn,
    PermitIn,
    RecoveryIn,
    SignaturesIn,
)
from collective.entrysupervision.states import ENTRY_SUPERVISION
from collective.params import PARAMS
from common.audit import record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.db import add_unique, all_of
from common.keys import new_id
from common.money import to_fen
from common.problems import FieldProblem, Refusal
from common.scheduler import schedule_timer
from common.service import Timer

IDLE_TIMER = "entry.idle"

_refused = Refusal(
    "entry-supervision-refused", "The supervision step is refused", "入市监管事项不予办理"
)


# --- reading ------------------------------------------------------------------------------


async def permits(session: AsyncSession, deal_id: str) -> list[EntryPermit]:
    return await all_of(
        session, EntryPermit, EntryPermit.deal_id == deal_id, order_by=[EntryPermit.issued_on]
    )


async def records(session: AsyncSession, deal_id: str) -> list[SupervisionRecord]:
    return await all_of(
        session,
        SupervisionRecord,
        SupervisionRecord.deal_id == deal_id,
        order_by=[SupervisionRecord.occurred_on, SupervisionRecord.recorded_at],
    )


async def supervision_of(
    session: AsyncSession, deal_id: str, *, lock: bool = False
) -> EntrySupervision | None:
    q = select(EntrySupervision).where(EntrySupervision.deal_id == deal_id)
    if lock:
        q = q.with_for_update()
    return await session.scalar(q)


async def read(
    session: AsyncSession, who: Principal, deal_id: str
) -> tuple[
    EntryDeal, bool | None, list[EntryPermit], EntrySupervision | None, list[SupervisionRecord]
]:
    deal = await read_deal(session, who, deal_id)
    plan = await get_plan(session, deal.plan_id)
    return (
        deal,
        plan.inside_urban_development_boundary,
        await permits(session, deal.id),
        await supervision_of(session, deal.id),
        await records(session, deal.id),
    )


def _contracted(deal: EntryDeal, rule: str, what: str, what_zh: str) -> list[FieldProblem]:
    if deal.status == "in_publicity":
        return [
            FieldProblem("deal_id", rule, f"{what} follow the contract", f"签订合同后方可{what_zh}")
        ]
    return []


# --- E7 permits ---------------------------------------------------------------------------


async def record_permit(
    session: AsyncSession, who: Principal, deal_id: str, body: PermitIn
) -> EntryPermit:
    """A permit issued for the land, after the contract (E7)."""
    deal = await DEALS.for_bureau(session, who, deal_id)
    plan = await get_plan(session, deal.plan_id)
    problems = _contracted(deal, "E7", "permits", "办理规划许可")
    problems += rules.permit_kind_problems(body.kind, plan.inside_urban_development_boundary)
    if body.issued_on > local_date(now(session)):
        problems.append(
            FieldProblem("issued_on", "E7", "a permit issued in the future", "发证日期不能晚于今日")
        )
    if problems:
        raise _refused(problems)
    permit = EntryPermit(
        id=new_id(),
        deal_id=deal.id,
        kind=body.kind,
        number=body.number,
        issued_on=body.issued_on,
        issuer=body.issuer,
        recorded_by=who.subject,
        recorded_at=now(session),
    )
    await add_unique(
        session,
        permit,
        taken=_refused(
            [FieldProblem("kind", "E7", "this permit is already recorded", "该许可证已登记")]
        ),
    )
    await record_on(
        session, permit, action="entry_permit.record", by=who, rule="E7", data={"kind": body.kind}
    )
    return permit


# --- E10 the checklist and its signatures ------------------------------------------------


async def draw_up(
    session: AsyncSession, who: Principal, deal_id: str, body: ChecklistIn
) -> EntrySupervision:
    """The government side draws up and signs the checklist (三方监管事项清单)."""
    deal = await DEALS.for_bureau(session, who, deal_id)
    plan = await get_plan(session, deal.plan_id)
    problems = _contracted(
        deal, "E10", "the supervision agreement and its checklist", "签订三方监管协议"
    )
    problems += rules.checklist_problems(body, plan.land_use)
    if await supervision_of(session, deal.id) is not None:
        problems.append(
            FieldProblem("deal_id", "E10", "the deal already has its checklist", "已有监管清单")
        )
    if problems:
        raise _refused(problems)
    at = now(session)
    sup = EntrySupervision(
        deal_id=deal.id,
        collective_id=deal.collective_id,
        county=deal.county,
        township=deal.township,
        status="drafted",
        checklist=body.model_dump(mode="json"),
        signatures={"government": {"by": who.subject, "org": who.org.id, "at": at.isoformat()}},
        start_by=body.start_by,
        complete_by=body.complete_by,
        recorded_at=at,
    )
    session.add(sup)
    await record_on(session, sup, action="entry_supervision.draw_up", by=who, rule="E10")
    return sup


async def sign(
    session: AsyncSession, who: Principal, deal_id: str, body: SignaturesIn
) -> EntrySupervision:
    """The collective's and the user's signatures: the agreement is signed by all three
    and the idle-land timers are set (they act only if the county turns handling on)."""
    sup = await _locked(session, deal_id)
    check_village(who, sup.collective_id)
    if body.user_signed_on > local_date(now(session)):
        raise _refused(
            [
                FieldProblem(
                    "user_signed_on", "E10", "a signature in the future", "签字日期不能晚于今日"
                )
            ],
            status=422,
        )
    ENTRY_SUPERVISION.move(sup, "signed", "sign")
    at = now(session)
    sup.signatures = {
        **sup.signatures,
        "collective": {"by": who.subject, "org": who.org.id, "at": at.isoformat()},
        "user": {"name": body.user_signer, "signed_on": body.user_signed_on.isoformat()},
    }
    idle = await PARAMS.get(session, sup.county, "entry_idle_handling")
    for step, years in (("fee", idle.fee_after_years), ("recovery", idle.recovery_after_years)):
        due = rules.years_after(sup.start_by, years)
        await schedule_timer(session, IDLE_TIMER, f"{sup.deal_id}:{step}", due)
    await record_on(session, sup, action="entry_supervision.sign", by=who, rule="E10")
    return sup


async def _locked(session: AsyncSession, deal_id: str) -> EntrySupervision:
    await get_deal(session, deal_id)  # 404 for an unknown deal
    sup = await supervision_of(session, deal_id, lock=True)
    if sup is None:
        raise _refused(
            [FieldProblem("deal_id", "E10", "no supervision checklist yet", "尚未签订三方监管协议")]
        )
    return sup


# --- E10 declarations and patrols ---------------------------------------------------------


async def declare(
    session: AsyncSession, who: Principal, deal_id: str, body: DeclarationIn
) -> EntrySupervision:
    """The user's start or completion declaration (开发利用申报); the start needs the
    signed agreement and every permit of E7."""
    sup = await _locked(session, deal_id)
    check_village(who, sup.collective_id)
    problems: list[FieldProblem] = []
    if body.declared_on > local_date(now(session)):
        problems.append(
            FieldProblem(
                "declared_on", "E10", "a declaration in the future", "申报日期不能晚于今日"
            )
        )
    if body.kind == "start":
        if sup.status != "signed":
            problems.append(
                FieldProblem(
                    "kind",
                    "E10",
                    f"construction starts once the agreement is signed (it is {sup.status})",
                    "三方监管协议签订后方可申报动工",
                )
            )
        deal = await get_deal(session, deal_id)
        plan = await get_plan(session, deal.plan_id)
        held = {p.kind for p in await permits(session, deal_id)}
        missing = rules.missing_permits(plan.inside_urban_development_boundary, held)
        if missing:
            problems.append(
                FieldProblem(
                    "kind",
                    "E7",
                    f"construction cannot start before the permits: {', '.join(missing)} missing",
                    f"未取得{'、'.join(rules.PERMIT_ZH[k] for k in missing)}，不得动工",
                )
            )
    elif sup.status != "started":
        problems.append(
            FieldProblem("kind", "E10", "completion follows the start", "须先申报动工方可申报竣工")
        )
    if problems:
        raise _refused(problems)
    if body.kind == "start":
        ENTRY_SUPERVISION.move(sup, "started", "start")
        sup.started_on = body.declared_on
    else:
        ENTRY_SUPERVISION.move(sup, "completed", "complete")
        sup.completed_on = body.declared_on
    session.add(_new_row(session, who, sup, body.kind, body.declared_on, body.notes, None))
    await record_on(session, sup, action=f"entry_supervision.{body.kind}", by=who, rule="E10")
    return sup


async def patrol(
    session: AsyncSession, who: Principal, deal_id: str, body: PatrolIn
) -> EntrySupervision:
    """A patrol of the land (动态巡查) by the bureau."""
    sup = await _locked(session, deal_id)
    check_bureau(who, sup.county)
    if body.patrolled_on > local_date(now(session)):
        raise _refused(
            [FieldProblem("patrolled_on", "E10", "a patrol in the future", "巡查日期不能晚于今日")]
        )
    session.add(
        _new_row(session, who, sup, "patrol", body.patrolled_on, body.findings, body.compliant)
    )
    await record_on(
        session,
        sup,
        action="entry_supervision.patrol",
        by=who,
        rule="E10",
        data={"compliant": body.compliant},
    )
    return sup


def _new_row(
    session: AsyncSession,
    who: Principal,
    sup: EntrySupervision,
    kind: str,
    on: date,
    notes: str,
    compliant: bool | None,
) -> SupervisionRecord:
    return SupervisionRecord(
        id=new_id(),
        deal_id=sup.deal_id,
        kind=kind,
        occurred_on=on,
        notes=notes,
        compliant=compliant,
        recorded_by=who.subject,
        recorded_at=now(session),
    )


# --- E10 idle land and recovery ------------------------------------------------------------


async def idle_due(session: AsyncSession, timer: Timer) -> None:
    """An idle-land timer (``<deal>:fee`` or ``<deal>:recovery``): land still not started
    owes the fee or is due for recovery — only when the county has handling on now."""
    deal_id, step = timer.key.rsplit(":", 1)
    sup = await supervision_of(session, deal_id, lock=True)
    if sup is None or sup.status != "signed":  # started, completed or recovered
        return
    idle = await PARAMS.get(session, sup.county, "entry_idle_handling")
    if not idle.enabled:
        return
    at = now(session)
    if step == "fee":
        deal = await get_deal(session, deal_id)
        sup.idle_fee_fen = rules.idle_fee_fen(deal.price_fen, idle.fee_percent)
        sup.idle_fee_at = at
    else:
        sup.recovery_due_at = at
    await record_on(
        session,
        sup,
        action=f"entry_supervision.idle_{step}",
        by=None,
        rule="E10",
        data={"idle_fee_fen": sup.idle_fee_fen} if step == "fee" else None,
    )


async def recover(
    session: AsyncSession, who: Principal, deal_id: str, body: RecoveryIn
) -> EntrySupervision:
    """The land recovered (收回) by the bureau's decision: idle land once its recovery is
    due (无偿收回), or early for public facilities with reasonable compensation."""
    sup = await _locked(session, deal_id)
    check_bureau(who, sup.county)
    problems: list[FieldProblem] = []
    if body.reason == "idle":
        if sup.recovery_due_at is None:
            problems.append(
                FieldProblem(
                    "reason",
                    "E10",
                    "idle land is recovered only once its recovery is due (county handling on)",
                    "闲置土地未到收回期限或未启用闲置处置",
                )
            )
        if body.compensation:
            problems.append(
                FieldProblem(
                    "compensation",
                    "E10",
                    "idle land is recovered without compensation",
                    "闲置土地无偿收回",
                )
            )
    elif body.compensation is None or body.compensation <= 0:
        problems.append(
            FieldProblem(
                "compensation",
                "E10",
                "an early recovery records the user's compensation",
                "提前收回须给予土地使用权人合理补偿",
            )
        )
    if not ENTRY_SUPERVISION.can(sup, "recovered", "recover"):
        problems.append(
            FieldProblem(
                "deal_id",
                "E10",
                f"a {sup.status} supervision cannot be recovered",
                "当前状态不能收回",
            )
        )
    if problems:
        raise _refused(problems)
    ENTRY_SUPERVISION.move(sup, "recovered", "recover")
    sup.recovered = {
        "reason": body.reason,
        "decision_ref": body.decision_ref,
        "compensation_fen": to_fen(body.compensation) if body.compensation else 0,
        "at": now(session).isoformat(),
        "by": who.subject,
    }
    await record_on(
        session, sup, action="entry_supervision.recover", by=who, rule="E10", data=sup.recovered
    )
    return sup

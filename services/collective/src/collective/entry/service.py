"""入市 before the trade — 入市方案、年度供应计划、部门联审 (DOMAIN E1–E6, E8, E14).

The village officer records the collective's plan for one parcel once its members have
passed it by two thirds (X5, matter ``land_entry``): the seller by owner level (E1), the
parcel survey (E2), way, use, term and planning conditions (E6, E8), the reserve from a
licensed appraiser's appraisal (E5), the adjusted users' compensation (E14). Every reason
is listed at once. The county's natural resources bureau keeps the annual supply plan
and records each department's joint-review opinion (E4); once the plan is in the supply
plan with every opinion passed it is cleared and ``collective.entry_cleared`` tells
listing (the 入市 gate).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import EntryReadable, check_bureau, check_entry_readable
from collective.cases.service import right_blocks
from collective.collectives.models import Collective
from collective.collectives.service import collective_for_village, get_collective
from collective.entry import repository, rules
from collective.entry.models import EntryPlan, RegisteredAppraiser, SupplyPlan
from collective.entry.schemas import EntryPlanIn, OpinionIn, SupplyIn, SupplyPlanIn
from collective.entry.states import ENTRY_PLAN
from collective.params import PARAMS
from collective.resolutions.service import actionable_problems
from common.access import require_county
from common.audit import record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.contracts.collective import EntryCleared
from common.contracts.listing import IntermediaryChanged
from common.db import ById, add_unique
from common.filings import start_duty
from common.intermediaries import follow
from common.keys import new_id
from common.money import from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, Refusal, invalid_field

#: The E statistics' report key (defined in the entrystatistics area, a later one).
ENTRY_REPORT_KEY = "entry"

_Row = TypeVar("_Row")

_refused = Refusal("entry-plan-refused", "The 入市 plan is refused", "入市方案不予通过", status=422)


PLANS = EntryReadable(EntryPlan, "entry plan", "入市方案")
get_plan = PLANS.get
read_plan = PLANS.read


@dataclass(frozen=True, slots=True)
class EntryQueue(Generic[_Row]):
    """An 入市 register's two queues: a county's (the natural resources bureau's, by
    status) and a collective's (its village officer's), in ``order_by`` order (oldest
    first: what has waited longest)."""

    model: type[_Row]
    order_by: tuple[Any, ...]
    what_en: str
    what_zh: str

    async def of_county(
        self, session: AsyncSession, who: Principal, county: str, status: str | None
    ) -> list[_Row]:
        require_county(who, county, f"the county's {self.what_en}", f"本县{self.what_zh}")
        return await repository.queue(
            session, self.model, self.order_by, county=county, status=status
        )

    async def of_collective(
        self, session: AsyncSession, who: Principal, collective_id: str
    ) -> list[_Row]:
        c = await collective_for_entry_readers(session, who, collective_id)
        return await repository.queue(session, self.model, self.order_by, collective_id=c.id)


async def collective_for_entry_readers(
    session: AsyncSession, who: Principal, collective_id: str
) -> Collective:
    """The collective for its 入市 records' readers (X3, ``check_entry_readable``): 404,
    then the collective's readers and the county's natural resources bureau."""
    c = await get_collective(session, collective_id)
    check_entry_readable(who, c.id, c)
    return c


#: the plans waiting for the bureau (E4) and the collective's own
PLAN_QUEUE = EntryQueue(EntryPlan, (EntryPlan.recorded_at, EntryPlan.id), "入市 plans", "入市方案")


get_supply = ById(SupplyPlan, "supply plan", "年度供应计划").get


async def read_supply(
    session: AsyncSession, who: Principal, supply_id: str
) -> tuple[SupplyPlan, dict[str, Decimal]]:
    s = await get_supply(session, supply_id)
    check_bureau(who, s.county)
    return s, await repository.used_m2(session, s.id)


async def draw_up(session: AsyncSession, who: Principal, body: EntryPlanIn) -> EntryPlan:
    """The collective's plan (E1–E3, E5, E6, E8, E14), every reason refused at once."""
    c = await collective_for_village(session, who, body.collective_id)
    county = c.county
    problems = await actionable_problems(
        session,
        body.resolution_id,
        collective_id=c.id,
        matters=("land_entry",),
    )
    problems += rules.seller_problems(body.owner_level, body.seller)
    problems += rules.survey_problems(body)
    problems += rules.planning_source_problems(
        body.inside_urban_development_boundary, body.planning_source
    )
    problems += await right_blocks(session, body.certificate_no)
    problems += rules.choice_problems(body.members_choice)
    problems += rules.terms_problems(
        body,
        await PARAMS.get(session, county, "entry_max_term_years"),
        await PARAMS.get(session, county, "entry_lease_max_years"),
    )
    reserve_fen = to_fen(body.reserve_price)
    problems += rules.appraisal_problems(
        body.appraisal,
        reserve_fen,
        await PARAMS.get(session, county, "entry_reserve_factor_percent"),
        body.reserve_below_appraisal,
    )
    problems += rules.register_problems(
        body.appraisal, await repository.appraisers(session, county)
    )
    problems += rules.rental_housing_problems(
        body.land_use,
        body.rental_units_m2,
        await PARAMS.get(session, county, "rental_small_unit_percent"),
    )
    problems += rules.users_problems(
        body.users, await PARAMS.get(session, county, "expropriation_standard_per_m2")
    )
    if problems:
        raise _refused(problems)
    at = now(session)
    plan = EntryPlan(
        id=new_id(),
        collective_id=c.id,
        county=county,
        township=c.township,
        status="decided",
        owner_level=body.owner_level,
        seller=body.seller.model_dump(mode="json"),
        parcel_number=body.parcel_number,
        survey=body.model_dump(
            mode="json",
            include={
                "location",
                "boundaries",
                "registered_area_m2",
                "land_class",
                "ownership_certificate_no",
                "planning_zone",
                "spatial_plan_done",
                "historical_pre_2009",
                "disposal_decision_ref",
                "conversion_conditions",
                "collective_share_percent",
                "rental_units_m2",
            },
        ),
        area_m2=body.area_m2,
        certificate_no=body.certificate_no,
        way=body.way,
        trading_method=body.trading_method,
        land_use=body.land_use,
        term_years=body.term_years,
        lease_years=body.lease_years,
        planning_conditions=body.planning_conditions,
        inside_urban_development_boundary=body.inside_urban_development_boundary,
        planning_source=body.planning_source,
        planning_reference=body.planning_reference,
        resolution_id=body.resolution_id,
        members_choice=body.members_choice,
        retention_percent=body.retention_percent,
        reserve_price_fen=reserve_fen,
        appraisal=body.appraisal.model_dump(mode="json"),
        reserve_below_appraisal=body.reserve_below_appraisal,
        users=[u.model_dump(mode="json") for u in body.users],
        opinions={},
        decided_on=local_date(at),
        recorded_at=at,
    )
    await add_unique(
        session,
        plan,
        taken=_refused(
            [
                FieldProblem(
                    "parcel_number", "E3", "the parcel already has a plan", "该宗地已有入市方案"
                )
            ]
        ),
    )
    await record_on(
        session,
        plan,
        action="entry_plan.decide",
        by=who,
        rule="E3",
        data={"resolution_id": body.resolution_id, "reserve_fen": reserve_fen},
    )
    return plan


async def publish_supply_plan(
    session: AsyncSession, who: Principal, body: SupplyPlanIn
) -> SupplyPlan:
    """The county's annual supply plan (E4): one per county and year."""
    check_bureau(who, body.county)
    s = SupplyPlan(
        id=new_id(),
        county=body.county,
        year=body.year,
        quotas_m2={k: str(v) for k, v in body.quotas_m2.items()},
        reference=body.reference,
        recorded_at=now(session),
    )
    await add_unique(
        session,
        s,
        taken=invalid_field(
            "year", "E4", "the year already has a supply plan", "该年度已有供应计划"
        ),
    )
    await record_on(session, s, action="entry_supply_plan.publish", by=who, rule="E4")
    # the county now reports its 入市 statistics (X7; the report is a later area's)
    await start_duty(session, ENTRY_REPORT_KEY, body.county)
    return s


async def include(session: AsyncSession, who: Principal, plan_id: str, body: SupplyIn) -> EntryPlan:
    """List a plan in the year's supply plan, within the area left for its use (E4)."""
    plan = await PLANS.for_bureau(session, who, plan_id)
    supply = await get_supply(session, body.supply_plan_id, lock=True)  # one quota at a time
    problems: list[FieldProblem] = []
    if supply.county != plan.county:
        problems.append(
            FieldProblem(
                "supply_plan_id", "E4", "the supply plan is another county's", "非本县供应计划"
            )
        )
    if plan.supply_plan_id is not None:
        problems.append(
            FieldProblem(
                "supply_plan_id",
                "E4",
                "the plan is already in a supply plan",
                "该方案已纳入供应计划",
            )
        )
    else:
        problems += rules.quota_problems(
            supply.quotas_m2,
            await repository.used_m2(session, supply.id),
            plan.land_use,
            plan.area_m2,
        )
    if problems:
        raise _refused(problems, status=409)
    plan.supply_plan_id = supply.id
    await session.flush()
    await record_on(
        session, plan, action="entry_plan.include", by=who, rule="E4", data={"year": supply.year}
    )
    await _clear_when_ready(session, who, plan)
    return plan


async def record_opinion(
    session: AsyncSession, who: Principal, plan_id: str, body: OpinionIn
) -> EntryPlan:
    """One department's joint-review opinion (E4); a later one of the same department
    replaces it while the plan is not cleared."""
    plan = await PLANS.for_bureau(session, who, plan_id)
    ENTRY_PLAN.check(plan, "cleared", "clear")
    at = now(session)
    opinions = dict(plan.opinions)
    opinions[body.department] = {
        "passed": body.passed,
        "opinion": body.opinion,
        "by": who.subject,
        "at": at.isoformat(),
    }
    plan.opinions = opinions
    await session.flush()
    await record_on(
        session,
        plan,
        action="entry_plan.opinion",
        by=who,
        rule="E4",
        reason=body.opinion,
        data={"department": body.department, "passed": body.passed},
    )
    await _clear_when_ready(session, who, plan)
    return plan


async def pending(session: AsyncSession, plan: EntryPlan) -> list[FieldProblem]:
    """What keeps a plan from being cleared (E4): the supply plan, each missing or
    negative opinion."""
    problems: list[FieldProblem] = []
    if plan.supply_plan_id is None:
        problems.append(
            FieldProblem(
                "supply_plan_id",
                "E4",
                "the parcel is not in the year's supply plan",
                "未纳入年度供应计划",
            )
        )
    required = rules.required_departments(
        await PARAMS.get(session, plan.county, "entry_review_departments"), plan.land_use
    )
    problems += [
        FieldProblem(
            f"opinions.{d}",
            "E4",
            f"the {d.replace('_', ' ')} opinion is missing or negative",
            "部门联审意见缺失或未通过",
        )
        for d in rules.missing_opinions(required, plan.opinions)
    ]
    return problems


async def _clear_when_ready(session: AsyncSession, who: Principal | None, plan: EntryPlan) -> None:
    if plan.status != "decided" or await pending(session, plan):
        return
    supply = await get_supply(session, plan.supply_plan_id or "")
    ENTRY_PLAN.move(plan, "cleared", "clear")
    plan.cleared_at = now(session)
    await session.flush()
    await record_on(session, plan, action="entry_plan.clear", by=who, rule="E4")
    await record_event(
        session,
        EntryCleared(
            plan_id=plan.id,
            collective_id=plan.collective_id,
            county=plan.county,
            township=plan.township,
            certificate_no=plan.certificate_no,
            parcel_number=plan.parcel_number,
            way=plan.way,
            trading_method=plan.trading_method,
            land_use=plan.land_use,
            area_m2=str(plan.area_m2),
            term_years=plan.term_years,
            reserve_price=from_fen(plan.reserve_price_fen),
            supply_year=supply.year,
            cleared_at=plan.cleared_at,
        ),
    )


async def follow_appraiser(session: AsyncSession, e: IntermediaryChanged) -> None:
    """listing's register changed an appraiser (L20): the projection E5 reads. An older
    event delivered late changes nothing."""
    await follow(session, RegisteredAppraiser, e)

"""Post-loan visits (R14): persisted timers; an overdue visit is raised as a warning.

A lien's registration schedules its first visit and its discharge cancels the open ones
(``on_lien_registered`` / ``on_lien_discharged``, subscribed to ``liens.service.FOLLOW_UPS``
in ``registry.main``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.clock import SHANGHAI, local_date
from common.context import now
from common.problems import Problem, invalid_field, not_found
from common.scheduler import cancel_timer, schedule_timer
from registry.access import bank_id, county_scope
from registry.liens.models import Lien
from registry.params import PARAMS
from registry.rights.rules import actor
from registry.visits.models import Visit
from registry.visits.schemas import VisitIn
from registry.visits.states import VISIT

TIMER = "visit.overdue"


def start_of(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=SHANGHAI)


async def schedule_next_visit(
    session: AsyncSession, who: Principal | None, lien: Lien, *, after: date
) -> Visit:
    interval = await PARAMS.get(session, lien.county, "visit_interval_days")
    grace = await PARAMS.get(session, lien.county, "visit_grace_days")
    visit = Visit(
        lien_id=lien.id,
        lender_org_id=lien.lender_org_id,
        due_on=after + timedelta(days=interval),
        status="scheduled",
        warning=False,
    )
    session.add(visit)
    await session.flush()
    # Overdue at the start of the first day after the grace period.
    due = start_of(visit.due_on + timedelta(days=grace + 1))
    await schedule_timer(session, TIMER, str(visit.id), due, {"lien_id": lien.id})
    return visit


async def cancel_visits(session: AsyncSession, who: Principal | None, lien: Lien) -> None:
    rows = await session.execute(
        select(Visit).where(Visit.lien_id == lien.id, Visit.status == "scheduled")
    )
    for v in rows.scalars():
        VISIT.move(v, "cancelled", "cancel")
        await cancel_timer(session, TIMER, str(v.id))
    await session.flush()


async def on_lien_registered(session: AsyncSession, who: Principal | None, lien: Lien) -> None:
    """The first visit of a newly registered lien. Post-loan visits are the lending
    bank's duty (R14, 贷后管理): an enterprise or person mortgagee (R23) has none."""
    if lien.lender_org_id is None:
        return
    await schedule_next_visit(session, who, lien, after=local_date(lien.registered_at))


async def on_lien_discharged(session: AsyncSession, who: Principal | None, lien: Lien) -> None:
    """A discharged lien is visited no more."""
    await cancel_visits(session, who, lien)


async def visits_of(session: AsyncSession, who: Principal, lien: Lien) -> list[Visit]:
    rows = await session.execute(select(Visit).where(Visit.lien_id == lien.id).order_by(Visit.id))
    return list(rows.scalars())


async def get_visit(session: AsyncSession, who: Principal, lien: Lien, visit_id: int) -> Visit:
    visit = await session.get(Visit, visit_id)
    if visit is None or visit.lien_id != lien.id:
        raise not_found(f"visit {visit_id}", f"回访{visit_id}")
    return visit


async def warnings(session: AsyncSession, who: Principal) -> list[Visit]:
    """Overdue visits and visits with adverse findings (a bank: its own)."""
    q = (
        select(Visit)
        .join(Lien, Lien.id == Visit.lien_id)
        .where(or_(Visit.warning.is_(True), Visit.status == "overdue"))
        .order_by(Visit.due_on)
    )
    bank, county = bank_id(who), county_scope(who)
    if bank is not None:
        q = q.where(Visit.lender_org_id == bank)
    elif county is not None:
        q = q.where(Lien.county == county)
    return list((await session.execute(q)).scalars())


async def open_visits(
    session: AsyncSession, who: Principal, *, limit: int | None = None, offset: int = 0
) -> tuple[list[Visit], int]:
    """Visits still to make (scheduled or overdue), earliest due first — a bank its own,
    county staff their county's (the bank console's "visits due" queue) — one page of
    them (``limit``/``offset``) and how many there are."""
    q = (
        select(Visit)
        .join(Lien, Lien.id == Visit.lien_id)
        .where(Visit.status.in_(("scheduled", "overdue")))
        .order_by(Visit.due_on, Visit.id)
    )
    bank, county = bank_id(who), county_scope(who)
    if bank is not None:
        q = q.where(Visit.lender_org_id == bank)
    elif county is not None:
        q = q.where(Lien.county == county)
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    if limit is not None:
        q = q.limit(limit).offset(offset)
    return list((await session.execute(q)).scalars()), total


async def record_visit(
    session: AsyncSession,
    who: Principal,
    lien: Lien,
    visit: Visit,
    body: VisitIn,
) -> Visit:
    """The lender records a visit; findings other than normal raise a warning."""
    findings = body.model_dump(mode="json", exclude={"visited_on"})
    warning = (
        body.collateral_condition != "normal"
        or body.use_of_funds != "as_agreed"
        or body.operation != "normal"
    )
    visited_on = body.visited_on
    today = local_date(now(session))
    if visit.status not in ("scheduled", "overdue"):
        raise Problem(
            409, "visit-closed", f"the visit is {visit.status}", "该回访已办结", rule="R14"
        )
    registered_on = local_date(lien.registered_at)
    # a visit is a post-loan visit: before the lien existed it cannot have happened, and a
    # backdated date would make a late visit look on time
    if not registered_on <= visited_on <= today:
        raise invalid_field(
            "visited_on",
            "R14",
            f"the visit date must be between the lien's registration ({registered_on}) "
            f"and today ({today})",
            f"回访日期须在抵押登记日（{registered_on}）至今日（{today}）之间",
        )
    late = visit.status == "overdue"
    VISIT.move(visit, "done_late" if late else "done", "record")
    visit.visited_on = visited_on
    visit.findings = findings
    visit.warning = visit.warning or warning
    visit.recorded_by = actor(who)
    visit.recorded_at = now(session)
    await cancel_timer(session, TIMER, str(visit.id))
    await session.flush()
    await record_on(
        session,
        lien,
        action="visit.recorded",
        by=who,
        reason="warning raised" if warning else "collateral in order",
        rule="R14",
        data={"visit_id": visit.id, "late": late, **findings},
    )
    if lien.status == "active":
        await schedule_next_visit(session, who, lien, after=visited_on)
    return visit


async def mark_overdue(session: AsyncSession, who: Principal | None, visit_id: int) -> None:
    """The visit was not recorded in time — raise it as a warning (a timer, R14)."""
    visit = await session.get(Visit, visit_id)
    if visit is None or visit.status != "scheduled":
        return
    VISIT.move(visit, "overdue", "overdue")
    visit.warning = True
    lien = await session.get(Lien, visit.lien_id)  # the decision is on the lien (its trail)
    assert lien is not None  # a visit is made only for a registered lien, never deleted
    await record_on(
        session,
        lien,
        action="visit.overdue",
        by=who,
        reason=f"post-loan visit due {visit.due_on} not recorded",
        rule="R14",
        data={"visit_id": visit.id},
    )

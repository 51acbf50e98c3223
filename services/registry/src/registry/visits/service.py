"""Post-loan visits (R14): persisted timers; an overdue visit is raised as a warning."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.clock import SHANGHAI, local_date
from common.context import session_context
from common.problems import FieldProblem, Problem, invalid
from common.scheduler import cancel_timer, schedule_timer
from common.service import Timer
from registry.liens.models import Lien
from registry.params import PARAMS
from registry.rights.service import actor
from registry.visits.models import Visit

TIMER = "visit.overdue"


def start_of(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=SHANGHAI)


async def schedule_next_visit(session: AsyncSession, lien: Lien, *, after: date) -> Visit:
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


async def cancel_visits(session: AsyncSession, lien_id: str) -> None:
    rows = await session.execute(
        select(Visit).where(Visit.lien_id == lien_id, Visit.status == "scheduled")
    )
    for v in rows.scalars():
        v.status = "cancelled"
        await cancel_timer(session, TIMER, str(v.id))
    await session.flush()


async def record_visit(
    session: AsyncSession,
    lien: Lien,
    visit: Visit,
    findings: dict[str, Any],
    warning: bool,
    visited_on: date,
    who: Principal,
) -> Visit:
    today = local_date(session_context(session).clock.now())
    if visit.status not in ("scheduled", "overdue"):
        raise Problem(
            409, "visit-closed", f"the visit is {visit.status}", "该回访已办结", rule="R14"
        )
    registered_on = local_date(lien.registered_at)
    # a visit is a post-loan visit: before the lien existed it cannot have happened, and a
    # backdated date would make a late visit look on time
    if not registered_on <= visited_on <= today:
        raise invalid(
            [
                FieldProblem(
                    "visited_on",
                    "R14",
                    f"the visit date must be between the lien's registration ({registered_on}) "
                    f"and today ({today})",
                    f"回访日期须在抵押登记日（{registered_on}）至今日（{today}）之间",
                )
            ],
            rule="R14",
        )
    late = visit.status == "overdue"
    visit.status = "done_late" if late else "done"
    visit.visited_on = visited_on
    visit.findings = findings
    visit.warning = visit.warning or warning
    visit.recorded_by = actor(who)
    visit.recorded_at = session_context(session).clock.now()
    await cancel_timer(session, TIMER, str(visit.id))
    await session.flush()
    await record_decision(
        session,
        subject_type="lien",
        subject_id=lien.id,
        action="visit.recorded",
        by=who,
        reason="warning raised" if warning else "collateral in order",
        rule="R14",
        data={"visit_id": visit.id, "late": late, **findings},
    )
    if lien.status == "active":
        await schedule_next_visit(session, lien, after=visited_on)
    return visit


async def on_visit_overdue(session: AsyncSession, timer: Timer) -> None:
    """Timer: the visit was not recorded in time — raise it as a warning."""
    visit = await session.get(Visit, int(timer.key))
    if visit is None or visit.status != "scheduled":
        return
    visit.status = "overdue"
    visit.warning = True
    await session.flush()
    await record_decision(
        session,
        subject_type="lien",
        subject_id=visit.lien_id,
        action="visit.overdue",
        by=None,
        reason=f"post-loan visit due {visit.due_on} not recorded",
        rule="R14",
        data={"visit_id": visit.id},
    )

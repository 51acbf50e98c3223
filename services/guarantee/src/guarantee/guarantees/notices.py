"""The public notice — 贷款授信资格公示 (DOMAIN G5): the township posts it with a complaint
phone, objections are recorded and resolved, and it passes once its minimum period is
over (a persisted timer) and no objection is open; an upheld objection rejects.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.problems import Problem, not_found
from common.scheduler import schedule_timer
from guarantee.borrowers.models import Borrower
from guarantee.guarantees import repository
from guarantee.guarantees.models import Guarantee, Objection
from guarantee.guarantees.service import expect, move, reject
from guarantee.params import PARAMS

#: The persisted timer that ends a notice's minimum period.
NOTICE_TIMER = "notice.end"


async def start_notice(
    session: AsyncSession, who: Principal, g: Guarantee, *, complaint_phone: str, places: str
) -> Guarantee:
    """Public notice at the township and village with a complaint phone (公示, 举报电话)."""
    expect(g, "start_notice")
    at = now(session)
    days = await PARAMS.get(session, g.county, "notice_min_days")
    g.complaint_phone, g.notice_places = complaint_phone, places
    g.notice_starts_at, g.notice_ends_at = at, at + timedelta(days=days)
    g.notice_elapsed = False
    move(session, g, "in_notice", "start_notice")
    await session.flush()
    await schedule_timer(session, NOTICE_TIMER, g.id, g.notice_ends_at, {"guarantee_id": g.id})
    await record_on(
        session,
        g,
        action="guarantee.notice_started",
        by=who,
        rule="G5",
        data={"state": g.state, "days": days, "ends_at": g.notice_ends_at.isoformat()},
    )
    return g


async def _maybe_pass(session: AsyncSession, who: Principal | None, g: Guarantee) -> None:
    if (
        g.state == "in_notice"
        and g.notice_elapsed
        and not await repository.open_objections(session, g.id)
    ):
        move(session, g, "notice_passed", "pass_notice")
        await record_on(
            session, g, action="guarantee.notice_passed", by=who, rule="G5", data={"state": g.state}
        )


async def notice_period_over(session: AsyncSession, who: None, guarantee_id: str) -> None:
    """The minimum notice period is over (timer); it passes once no objection is open."""
    g = await repository.get(session, guarantee_id, lock=True)
    if g is None or g.state != "in_notice":
        return
    g.notice_elapsed = True
    await session.flush()
    await _maybe_pass(session, who, g)


async def object_to(session: AsyncSession, who: Principal, g: Guarantee, *, text: str) -> Objection:
    expect(g, "object")
    o = Objection(guarantee_id=g.id, text=text, received_at=now(session), recorded_by=who.subject)
    session.add(o)
    move(session, g, "in_notice", "object")
    await session.flush()
    await record_on(
        session,
        g,
        action="guarantee.objection_received",
        by=who,
        rule="G5",
        data={"state": g.state, "objection": o.id},
    )
    return o


async def resolve_objection(
    session: AsyncSession,
    who: Principal,
    g: Guarantee,
    objection_id: str,
    *,
    upheld: bool,
    resolution: str,
) -> Objection:
    """An upheld objection rejects the application; a dismissed one lets the notice pass."""
    expect(g, "resolve_objection")
    o = await session.get(Objection, objection_id)
    if o is None or o.guarantee_id != g.id:
        raise not_found("Objection", "异议")
    if o.resolved_at is not None:
        raise Problem(
            409,
            "objection-resolved",
            "The objection is already resolved",
            "该异议已处理",
            rule="G5",
        )
    o.resolved_at, o.resolved_by = now(session), who.subject
    o.resolution, o.upheld = resolution, upheld
    await record_on(
        session,
        g,
        action="guarantee.objection_resolved",
        by=who,
        rule="G5",
        reason=resolution,
        data={"state": g.state, "objection": o.id, "upheld": upheld},
    )
    if upheld:
        await reject(session, who, g, "uphold_objection", resolution)
    else:
        await _maybe_pass(session, who, g)
    return o


async def on_notice(
    session: AsyncSession, who: None, county: str
) -> list[Row[tuple[Guarantee, Borrower]]]:
    """The county's guarantees on public notice with their borrowers (anyone may read)."""
    rows = await session.execute(
        select(Guarantee, Borrower)
        .join(Borrower, Borrower.id == Guarantee.borrower_id)
        .where(Guarantee.county == county, Guarantee.state == "in_notice")
        .order_by(Guarantee.notice_starts_at, Guarantee.id)
    )
    return list(rows.all())

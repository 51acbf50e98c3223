"""Township scorecards and rectification — 乡镇考核与通报整改 (DOMAIN G14; seed 004 劝耕贷
三(五) 「检查考核、跟踪问效…对工作进展缓慢、成效不明显的要进行通报、限期整改」 and 一
「乡镇覆盖率达到100%」).

A scorecard per township and period: its borrower files, the guarantees issued in the
period and in all, the in-guarantee balance, whether it is covered (the target is every
township), and a flag when the county's ``first_guarantee_by`` day has passed without a
guarantee there. A 通报 gives a township ``rectification_days`` (30) to rectify; a
persisted timer marks it late at the deadline; it closes only with the result."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.money import fen_text
from common.problems import FieldProblem, invalid, invalid_field, not_found
from common.scheduler import schedule_timer
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import Guarantee
from guarantee.guarantees.repository import loan_books
from guarantee.guarantees.rules import period_end
from guarantee.params import PARAMS
from guarantee.reports.models import Rectification
from guarantee.reports.rules import period_bounds

#: a 通报's deadline: the timer that marks it late when still open
DEADLINE_TIMER = "rectification.deadline"


async def scorecards(session: AsyncSession, county: str, period: str) -> dict[str, Any]:
    """Each township's scorecard for ``period`` ("2026-Q1" or "2026"), as of its end (or
    now while it runs)."""
    start, end, _ = period_bounds(period)
    at = now(session)
    until = min(period_end(end), at + timedelta(microseconds=1))
    opens = period_end(start - timedelta(days=1))
    as_of = local_date(min(until, at))
    townships = set(await PARAMS.get(session, county, "township_codes"))
    first_by = await PARAMS.get(session, county, "first_guarantee_by")
    files: dict[str, int] = defaultdict(int)
    for township in await session.scalars(
        select(Borrower.township_id).where(Borrower.county == county, Borrower.created_at < until)
    ):
        files[township] += 1
    books = await loan_books(session, county, until)
    issued = [b.guarantee for b in books.values()]
    open_notices: dict[str, int] = defaultdict(int)
    for township in await session.scalars(
        select(Rectification.township_id).where(
            Rectification.county == county, Rectification.closed_at.is_(None)
        )
    ):
        open_notices[township] += 1
    by_township: dict[str, list[Guarantee]] = defaultdict(list)
    for g in issued:
        by_township[g.township_id].append(g)
    rows = []
    for township in sorted(townships | set(files) | set(by_township)):
        mine = by_township.get(township, [])
        in_period = [g for g in mine if g.issued_at is not None and g.issued_at >= opens]
        first_due = first_by is not None and as_of > first_by
        had_one_in_time = first_by is not None and any(
            g.issued_at is not None and g.issued_at < period_end(first_by) for g in mine
        )
        rows.append(
            {
                "township_id": township,
                "borrower_files": files.get(township, 0),
                "guarantees_issued": len(in_period),
                "guaranteed_amount": fen_text(sum(g.amount_fen or 0 for g in in_period)),
                "guarantees_issued_to_date": len(mine),
                "in_guarantee_balance": fen_text(
                    sum(books[g.id].balance_fen for g in mine if not books[g.id].compensated)
                ),
                "covered": bool(mine),
                "flagged_no_guarantee": bool(first_due and not had_one_in_time),
                "open_rectifications": open_notices.get(township, 0),
            }
        )
    covered = sum(1 for r in rows if r["covered"])
    return {
        "county": county,
        "period": period,
        "as_of": as_of,
        "first_guarantee_by": first_by,
        "townships": len(rows),
        "townships_covered": covered,
        "coverage_met": covered == len(rows),  # the plan's target: every township (100%)
        "scorecards": rows,
    }


async def issue_rectification(
    session: AsyncSession,
    who: Principal,
    county: str,
    *,
    township_id: str,
    reason: str,
    period: str | None,
) -> Rectification:
    """A 通报 with its deadline (``rectification_days`` from today, county time) and the
    persisted timer that marks it late."""
    if period is not None:
        period_bounds(period)
    townships = set(await PARAMS.get(session, county, "township_codes"))
    known = townships or set(
        await session.scalars(select(Borrower.township_id).where(Borrower.county == county))
    )
    if township_id not in known:
        raise invalid_field(
            "township_id", "G14", "not a township of this county's 劝耕贷", "不是本县劝耕贷工作乡镇"
        )
    at = now(session)
    days = await PARAMS.get(session, county, "rectification_days")
    notice = Rectification(
        county=county,
        township_id=township_id,
        period=period,
        reason=reason,
        issued_by=who.subject,
        issued_at=at,
        deadline=local_date(at) + timedelta(days=days),
        late=False,
    )
    session.add(notice)
    await record_on(
        session,
        notice,
        action="rectification.issued",
        by=who,
        rule="G14",
        reason=reason,
        data={"township_id": township_id, "deadline": notice.deadline.isoformat()},
    )
    await schedule_timer(session, DEADLINE_TIMER, notice.id, period_end(notice.deadline))
    return notice


async def rectifications(
    session: AsyncSession, county: str, *, open_only: bool = False
) -> list[Rectification]:
    """The county's 通报, oldest first."""
    q = select(Rectification).where(Rectification.county == county)
    if open_only:
        q = q.where(Rectification.closed_at.is_(None))
    return list(await session.scalars(q.order_by(Rectification.issued_at, Rectification.id)))


async def load(session: AsyncSession, county: str, rectification_id: str) -> Rectification:
    notice = await session.get(Rectification, rectification_id)
    if notice is None or notice.county != county:
        raise not_found("Rectification", "整改通报")
    return notice


async def close_rectification(
    session: AsyncSession, who: Principal, notice: Rectification, *, result: str
) -> Rectification:
    """Close a 通报 with the township's result; refused without one, or when closed."""
    problems = []
    if notice.closed_at is not None:
        problems.append(
            FieldProblem("rectification_id", "G14", "already closed", "该通报已整改完毕")
        )
    if not result.strip():
        problems.append(
            FieldProblem(
                "result", "G14", "a rectification closes only with its result", "须填写整改结果"
            )
        )
    if problems:
        raise invalid(problems, rule="G14")
    notice.result, notice.closed_by, notice.closed_at = result.strip(), who.subject, now(session)
    await record_on(
        session,
        notice,
        action="rectification.closed",
        by=who,
        rule="G14",
        reason=notice.result,
        data={"late": notice.late},
    )
    return notice


async def deadline_passed(session: AsyncSession, who: None, rectification_id: str) -> None:
    """The timer at the deadline: a notice still open is late (kept on its record)."""
    notice = await session.get(Rectification, rectification_id)
    if notice is None or notice.closed_at is not None:
        return
    notice.late = True
    await record_on(session, notice, action="rectification.late", by=who, rule="G14")

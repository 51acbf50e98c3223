"""Arrears restriction — 欠款限制 (DOMAIN G12; seed 004 劝耕贷 三(六) 「对拖欠贷款尚未归还的
借款企业或借款人，取消项目申报以及当年享受县各类优惠政策、财政补助和荣誉评选的资格」).

A borrower with unpaid overdue amounts is restricted automatically for the calendar year
(county time) — no malice is needed, unlike the blacklist (G11). The restriction is made
when the bank reports an overdue, and carried into the next year by a persisted timer
at the year's end while the borrower is still in arrears (a guarantee overdue, or
compensated: the borrower then owes the guarantor and the county). It is published as
``guarantee.arrears_restricted`` for the services that grant county preferences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.clock import local_date
from common.context import now
from common.contracts.guarantee import ArrearsRestricted
from common.outbox import record_event
from common.problems import Problem
from common.scheduler import schedule_timer
from guarantee.guarantees.models import ArrearsRestriction, Guarantee
from guarantee.guarantees.rules import period_end

#: the year's end: restrictions of borrowers still in arrears are carried over
YEAR_END_TIMER = "arrears.year_end"
#: guarantee states in which the borrower owes: the bank (overdue) or the guarantor
IN_ARREARS = ("overdue", "compensated")


def _year_end(year: int) -> datetime:
    return period_end(date(year, 12, 31))


async def restrict(
    session: AsyncSession, *, county: str, party_id: str, guarantee_id: str, year: int | None = None
) -> ArrearsRestriction | None:
    """Restrict ``party_id`` for ``year`` (this year by default); None when it already is."""
    at = now(session)
    year = year or local_date(at).year
    existing = await session.scalar(
        select(ArrearsRestriction).where(
            ArrearsRestriction.party_id == party_id, ArrearsRestriction.year == year
        )
    )
    if existing is not None:
        return None
    restriction = ArrearsRestriction(
        county=county, party_id=party_id, year=year, guarantee_id=guarantee_id, since=at
    )
    try:
        async with session.begin_nested():
            session.add(restriction)
    except IntegrityError:  # the same borrower's second overdue, reported at once
        return None
    await record_on(
        session,
        restriction,
        action="party.arrears_restricted",
        by=None,
        rule="G12",
        data={"party_id": party_id, "year": year, "guarantee_id": guarantee_id},
    )
    await record_event(
        session,
        ArrearsRestricted(
            party_id=party_id, county=county, year=year, guarantee_id=guarantee_id, since=at
        ),
    )
    await schedule_timer(
        session, YEAR_END_TIMER, f"{county}:{year}", _year_end(year), {"county": county}
    )
    return restriction


async def active(session: AsyncSession, party_id: str) -> ArrearsRestriction | None:
    """The party's restriction for this year (county time), if any."""
    year = local_date(now(session)).year
    return await session.scalar(
        select(ArrearsRestriction).where(
            ArrearsRestriction.party_id == party_id, ArrearsRestriction.year == year
        )
    )


async def refuse_if_in_arrears(session: AsyncSession, party_id: str) -> None:
    """No recommendation, approval or contract for a restricted borrower this year (G12)."""
    restriction = await active(session, party_id)
    if restriction is not None:
        raise Problem(
            409,
            "party-in-arrears",
            f"The borrower has unpaid overdue amounts: restricted for {restriction.year}",
            f"该主体拖欠贷款尚未归还，{restriction.year}年度不予推荐、审批或签订担保合同",
            rule="G12",
        )


async def carry_over(session: AsyncSession, who: None, county: str, year: int) -> int:
    """The year ended: restrict for the next year every borrower restricted in ``year``
    who is still in arrears; returns how many."""
    restricted = await session.scalars(
        select(ArrearsRestriction).where(
            ArrearsRestriction.county == county, ArrearsRestriction.year == year
        )
    )
    carried = 0
    for r in list(restricted):
        owing = await session.scalar(
            select(Guarantee.id)
            .where(Guarantee.party_id == r.party_id, Guarantee.state.in_(IN_ARREARS))
            .order_by(Guarantee.id)
            .limit(1)
        )
        if owing is not None and await restrict(
            session, county=county, party_id=r.party_id, guarantee_id=owing, year=year + 1
        ):
            carried += 1
    return carried

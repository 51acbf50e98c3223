"""Homestead income distribution — 宅基地收益分配 (DOMAIN Z11), recorded by the village
homestead officer: each income is split (farmer part > 50 %, exact to the fen); the
collective part is paid as dividends by a snapshot of the share register where the
village's yearly homestead income reaches the county's threshold (专账管理、按股分红),
else retained for collective use by an X5 decision (存留集体使用). Every reason refused at
once; audited (X2)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable
from collective.collectives.service import collective_for_village
from collective.income import repository, rules
from collective.income.models import Dividend, HomesteadIncome
from collective.income.schemas import IncomeIn
from collective.params import PARAMS
from collective.pilot.service import pilot_problems
from collective.resolutions.service import actionable_problems
from collective.shares.service import snapshot
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.keys import new_id
from common.money import to_fen
from common.problems import FieldProblem, invalid

read_income = Readable(HomesteadIncome, "homestead income", "宅基地收益").read


async def dividends(session: AsyncSession, income: HomesteadIncome) -> list[Dividend]:
    return await repository.dividends_of(session, income.id)


async def record_income(session: AsyncSession, who: Principal, body: IncomeIn) -> HomesteadIncome:
    c = await collective_for_village(session, who, body.collective_id)
    amount_fen = to_fen(body.amount)
    minimum = await PARAMS.get(session, c.county, "homestead_farmer_min_percent")
    problems = await pilot_problems(session, c.id)
    if amount_fen <= 0:
        problems.append(FieldProblem("amount", "Z11", "an income is positive", "收益须为正数"))
    else:
        problems += rules.split_problems(amount_fen, body.farmer_percent, minimum)
    year_fen = await repository.year_total(session, c.id, body.received_on.year) + amount_fen
    threshold = await PARAMS.get(session, c.county, "homestead_dividend_threshold")
    by_shares = rules.pays_dividends(year_fen, to_fen(threshold) if threshold is not None else None)
    register = await snapshot(session, c.id) if by_shares else []
    if by_shares and not register:
        problems.append(
            FieldProblem(
                "collective_id",
                "Z11",
                "dividends need the share register: no member holds shares",
                "按股分红须有股权登记",
            )
        )
    if not by_shares:
        if body.resolution_id is None:
            problems.append(
                FieldProblem(
                    "resolution_id",
                    "Z11",
                    "the collective part is retained only by an X5 decision",
                    "收益存留集体使用须经四议两公开",
                )
            )
        else:
            problems += await actionable_problems(
                session,
                body.resolution_id,
                collective_id=c.id,
                matters=("homestead",),
            )
    if problems:
        raise invalid(problems, rule="Z11", code="homestead-income-refused", status=422)
    farmer_fen, collective_fen = rules.split(amount_fen, body.farmer_percent)
    income = HomesteadIncome(
        id=new_id(),
        collective_id=c.id,
        county=c.county,
        township=c.township,
        source=body.source,
        reference=body.reference,
        received_on=body.received_on,
        amount_fen=amount_fen,
        farmer_percent=body.farmer_percent,
        farmer_fen=farmer_fen,
        collective_fen=collective_fen,
        disposition="dividend" if by_shares else "retained",
        resolution_id=None if by_shares else body.resolution_id,
        year_income_fen=year_fen,
        recorded_at=now(session),
    )
    session.add(income)
    await session.flush()
    if by_shares:
        parts = rules.dividends(collective_fen, [h.shares for h in register])
        session.add_all(
            Dividend(income_id=income.id, party_id=h.party_id, shares=h.shares, amount_fen=part)
            for h, part in zip(register, parts, strict=True)
        )
    await record_on(
        session,
        income,
        action="homestead_income.record",
        by=who,
        rule="Z11",
        data={
            "farmer_fen": farmer_fen,
            "collective_fen": collective_fen,
            "disposition": income.disposition,
            "shareholders": len(register),
        },
    )
    return income

"""The Quangengdai pipeline — 劝耕贷流程 (DOMAIN G3, G4, G5, G11): recommendation, due
diligence, the two approvals, the township's and county's recommendations and the
contract. The public notice between approval and recommendation is ``notices``.

Each step is taken by its role only (checked on the route), moves the guarantee along
``states.GUARANTEE`` and is logged (X2).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.access import county_of
from common.audit import record_on
from common.auth import OrgType, Principal
from common.clock import local_date
from common.context import now, session_context
from common.contracts.guarantee import GuaranteeIssued
from common.money import from_fen
from common.outbox import record_event
from common.problems import FieldProblem, invalid, invalid_field
from common.scheduler import schedule_timer
from guarantee.blacklist.service import refuse_if_blacklisted
from guarantee.borrowers.models import Borrower
from guarantee.guarantees import arrears
from guarantee.guarantees.models import Guarantee
from guarantee.guarantees.rules import (
    FOUR_TRUTHS,
    four_truths_problems,
    guarantee_fee,
    period_end,
    running_periods,
)
from guarantee.guarantees.service import check_limits, expect, limit_problems, move, reject

#: The persisted timer that files a period's report when the period closes (G9).
REPORT_TIMER = "report.period_closed"


async def recommend(
    session: AsyncSession, who: Principal, borrower_ids: list[str], *, lender_org_id: str
) -> list[Guarantee]:
    """The guarantor's recommendation list to a bank (尽调项目登记表): credit candidates only."""
    county = county_of(who)
    problems: list[FieldProblem] = []
    chosen: list[Borrower] = []
    for i, bid in enumerate(borrower_ids):
        b = await session.get(Borrower, bid)
        field = f"borrower_ids.{i}"
        if b is None or b.county != county:
            problems.append(
                FieldProblem(field, "G5", "no such borrower in this county", "本县无此借款主体")
            )
        else:
            refused = [*_not_a_candidate(b, field), *_file_not_renewed(b, field)]
            problems += refused
            if not refused:
                chosen.append(b)
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    at = now(session)
    out = []
    for b in chosen:
        await _refuse_if_restricted(session, who, b.party_id)
        g = Guarantee(
            county=county,
            borrower_id=b.id,
            party_id=b.party_id,
            township_id=b.township_id,
            lender_org_id=lender_org_id,
            guarantor_org_id=who.org.id,
            leading_enterprise=b.kind == "leading_enterprise",
            state="recommended",
            created_at=at,
            updated_at=at,
        )
        session.add(g)
        await record_on(
            session,
            g,
            action="guarantee.recommended",
            by=who,
            rule="G5",
            data={"state": g.state, "lender": lender_org_id},
        )
        out.append(g)
    return out


async def _refuse_if_restricted(
    session: AsyncSession, who: Principal | None, party_id: str
) -> None:
    """No new guarantee step for a blacklisted party (G11) or one in arrears this year (G12)."""
    await refuse_if_blacklisted(session, who, party_id)
    await arrears.refuse_if_in_arrears(session, party_id)


def _not_a_candidate(b: Borrower, field: str) -> list[FieldProblem]:
    if b.category == "credit_candidate":
        return []
    return [
        FieldProblem(field, "G5", "only credit candidates are recommended", "只推荐信贷备选类主体")
    ]


def _file_not_renewed(b: Borrower, field: str) -> list[FieldProblem]:
    """G18 服务周期转换: after a repaid guarantee the file is updated before the next one."""
    if b.renewal_due_at is None:
        return []
    return [
        FieldProblem(
            field,
            "G18",
            "the borrower's file was not updated after the last repayment "
            f"({local_date(b.renewal_due_at)}); re-import it first",
            "该主体上一笔贷款已还清，须先更新借款主体信息（服务周期转换）后再推荐",
        )
    ]


async def report_diligence(
    session: AsyncSession,
    who: Principal,
    g: Guarantee,
    *,
    amount_fen: int,
    loan_rate: Decimal,
    term_months: int,
    summary: str,
    certificate_no: str | None,
    truths: dict[str, str | None],
    sha256: str,
    filename: str,
) -> Guarantee:
    """G5 due diligence with its four truths attested (G15) and the terms checked (G3, G4);
    every missing truth and every breached limit is reported at once (X4)."""
    expect(g, "report_diligence")
    problems = four_truths_problems(truths)
    problems += await limit_problems(
        session, who, g, amount_fen=amount_fen, loan_rate=loan_rate, fee_rate=None
    )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    g.diligence_truths = {k: (truths[k] or "").strip() for k in FOUR_TRUTHS}
    g.amount_fen, g.loan_rate, g.term_months = amount_fen, str(loan_rate), term_months
    g.diligence_summary, g.certificate_no = summary, certificate_no
    g.diligence_sha256, g.diligence_filename = sha256, filename
    move(session, g, "diligence_reported", "report_diligence")
    await record_on(
        session,
        g,
        action="guarantee.diligence_reported",
        by=who,
        rule="G5",
        data={"state": g.state, "sha256": sha256},
    )
    return g


async def approve(
    session: AsyncSession,
    who: Principal,
    g: Guarantee,
    *,
    approve: bool,
    fee_rate: Decimal | None,
    reason: str,
) -> Guarantee:
    """Bank and guarantor approval (审批); both are needed; either may reject."""
    expect(g, "approve")
    as_bank = who.org.type == OrgType.bank
    if not approve:
        await reject(session, who, g, "reject", reason)
        return g
    if as_bank:
        g.bank_approved_by = who.subject
    else:
        if fee_rate is None:
            raise invalid_field(
                "fee_rate", "G4", "the guarantor sets the fee rate", "担保公司审批时须确定担保费率"
            )
        g.fee_rate = str(fee_rate)
        g.guarantor_approved_by = who.subject
    await _refuse_if_restricted(session, who, g.party_id)
    await check_limits(session, who, g)
    if g.bank_approved_by and g.guarantor_approved_by:
        move(session, g, "approved", "approve")
    else:
        move(session, g, "diligence_reported", "approve_one")
    await record_on(
        session,
        g,
        action="guarantee.approved",
        by=who,
        rule="G5",
        reason=reason,
        data={"state": g.state, "approver": "bank" if as_bank else "guarantor"},
    )
    return g


async def recommend_step(
    session: AsyncSession, who: Principal, g: Guarantee, *, level: str, note: str
) -> Guarantee:
    """Township, then county agriculture committee recommendation (融资推荐表)."""
    if level == "township":
        expect(g, "recommend_township")
        move(session, g, "township_recommended", "recommend_township")
    else:
        expect(g, "recommend_county")
        move(session, g, "county_recommended", "recommend_county")
    await record_on(
        session,
        g,
        action=f"guarantee.{level}_recommended",
        by=who,
        rule="G5",
        reason=note,
        data={"state": g.state},
    )
    return g


async def issue(session: AsyncSession, who: Principal, g: Guarantee) -> Guarantee:
    """The guarantee contract (担保合同): limits and blacklist checked again."""
    expect(g, "issue")
    await _refuse_if_restricted(session, who, g.party_id)
    await check_limits(session, who, g)
    at = now(session)
    g.fee_fen = guarantee_fee(g.amount_fen or 0, Decimal(g.fee_rate or "0"))
    g.issued_at = at
    move(session, g, "issued", "issue")
    await record_on(
        session,
        g,
        action="guarantee.issued",
        by=who,
        rule="G5",
        data={"state": g.state, "fee_fen": g.fee_fen},
    )
    await schedule_reports(session, who, g.county)
    await record_event(
        session,
        GuaranteeIssued(
            guarantee_id=g.id,
            borrower_party_id=g.party_id,
            lender_org_id=g.lender_org_id,
            guarantor_org_id=g.guarantor_org_id,
            county=g.county,
            amount=from_fen(g.amount_fen or 0),
            loan_rate=g.loan_rate or "0",
            fee_rate=g.fee_rate or "0",
            certificate_no=g.certificate_no,
            issued_at=at,
        ),
    )
    return g


async def schedule_reports(session: AsyncSession, who: Principal | None, county: str) -> None:
    """Timers for the running quarter's and year's reports (G9), fired when the period
    closes (the report is then due 10 days after the quarter / by 10 January). Created
    once; an issued guarantee starts its county's reporting duty, so it schedules them."""
    timers = session_context(session).infra.timers
    for period, last_day in running_periods(local_date(now(session))):
        key = f"{county}:{period}"
        exists = await session.scalar(
            select(timers.c.id).where(timers.c.kind == REPORT_TIMER, timers.c.key == key)
        )
        if exists is None:
            await schedule_timer(
                session,
                REPORT_TIMER,
                key,
                period_end(last_day),
                {"county": county, "period": period},
            )

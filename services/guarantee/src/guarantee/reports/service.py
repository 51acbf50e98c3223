"""Targets and reports — 目标与报告 (G9): coverage, beneficiary rate, in-guarantee balance,
compensation rate (代偿率), overdue rate (逾期率); quarterly and annual reports with their
due dates (10 days after the quarter; 10 January)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.clock import local_date
from common.context import now
from common.filings import Filings, Period, ReportDefinition, days_after, january
from common.money import from_fen
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.repository import LoanBook, loan_books
from guarantee.guarantees.rules import period_end
from guarantee.params import PARAMS
from guarantee.reports.models import Filing
from guarantee.reports.rules import period_bounds, ratio, workbook


async def indicators(
    session: AsyncSession,
    who: Principal | None,
    county: str,
    *,
    until: datetime,
    books: dict[str, LoanBook] | None = None,
) -> dict[str, Any]:
    """The G9 indicators as of ``until`` (everything recorded before it); ``books`` is
    the county's loan book as of ``until`` when the caller has already read it."""
    townships = set(await PARAMS.get(session, county, "township_codes"))
    filed = (Borrower.county == county, Borrower.created_at < until)
    files = await session.scalar(select(func.count()).select_from(Borrower).where(*filed)) or 0
    if not townships:
        townships = set(
            await session.scalars(select(Borrower.township_id).distinct().where(*filed))
        )
    if books is None:
        books = await loan_books(session, county, until)
    issued = [b.guarantee for b in books.values()]
    covered = {g.township_id for g in issued} & townships if townships else set()
    beneficiaries = {g.party_id for g in issued}
    live = [b for b in books.values() if not b.compensated]
    in_guarantee = sum(b.balance_fen for b in live)
    overdue = sum(b.overdue_fen for b in live)
    guaranteed = sum(g.amount_fen or 0 for g in issued)
    compensated = sum(b.compensated_fen for b in books.values() if b.compensated)
    coverage_target = await PARAMS.get(session, county, "coverage_target")
    beneficiary_target = await PARAMS.get(session, county, "beneficiary_target")
    coverage = ratio(len(covered), len(townships))
    beneficiary = ratio(len(beneficiaries), files)
    return {
        "townships": len(townships),
        "townships_covered": len(covered),
        "township_coverage": str(coverage),
        "coverage_target": str(coverage_target),
        "coverage_met": coverage >= coverage_target,
        "new_entities": files,
        "beneficiaries": len(beneficiaries),
        "beneficiary_rate": str(beneficiary),
        "beneficiary_target": str(beneficiary_target),
        "beneficiary_met": beneficiary >= beneficiary_target,
        "guarantees_issued": len(issued),
        "guaranteed_amount": str(from_fen(guaranteed)),
        "in_guarantee_balance": str(from_fen(in_guarantee)),
        "compensated_amount": str(from_fen(compensated)),
        "compensation_rate": str(ratio(compensated, guaranteed)),
        "overdue_principal": str(from_fen(overdue)),
        "overdue_rate": str(ratio(overdue, in_guarantee)),
    }


def report_until(session: AsyncSession, period: str) -> datetime:
    """The report's exclusive bound: the period's end, or just after now while it runs."""
    _start, end, _due = period_bounds(period)
    return min(period_end(end), now(session) + timedelta(microseconds=1))


async def report(
    session: AsyncSession,
    who: Principal | None,
    county: str,
    period: str,
    *,
    books: dict[str, LoanBook] | None = None,
) -> dict[str, Any]:
    start, end, due = period_bounds(period)
    at = now(session)
    data = await indicators(session, who, county, until=report_until(session, period), books=books)
    return {
        "county": county,
        "period": period,
        "kind": "quarterly" if "Q" in period else "annual",
        "start": start,
        "end": end,
        "due": due,
        "generated_at": at,
        "overdue_for_submission": local_date(at) > due,
        "indicators": data,
    }


async def breakdown(
    session: AsyncSession,
    who: Principal | None,
    county: str,
    period: str,
    *,
    books: dict[str, LoanBook] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """G9 by township and by bank, for the report's spreadsheet: guarantees issued, the
    amount guaranteed, the balance in guarantee, the overdue principal and the amount
    compensated — in fen, each group's sums equal the county's indicators."""
    if books is None:
        books = await loan_books(session, county, report_until(session, period))
    # one pass for both groupings: each book's figures are worked out once
    by_township: dict[str, list[int]] = {}
    by_bank: dict[str, list[int]] = {}
    for b in books.values():
        g = b.guarantee
        if b.compensated:
            figures = (g.amount_fen or 0, 0, 0, b.compensated_fen)
        else:  # as the indicators count them: the live book only
            figures = (g.amount_fen or 0, b.balance_fen, b.overdue_fen, 0)
        for groups, name in ((by_township, g.township_id), (by_bank, g.lender_org_id)):
            sums = groups.get(name)
            if sums is None:
                sums = groups[name] = [0, 0, 0, 0, 0]
            sums[0] += 1
            for i, v in enumerate(figures, start=1):
                sums[i] += v
    columns = ("issued", "guaranteed_fen", "balance_fen", "overdue_fen", "compensated_fen")
    return {
        key: [
            {"name": name, **dict(zip(columns, groups[name], strict=True))}
            for name in sorted(groups)
        ]
        for key, groups in (("by_township", by_township), ("by_bank", by_bank))
    }


# --- filings (X7) -------------------------------------------------------------------------


async def _g9_filing(
    session: AsyncSession, county: str, p: Period
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a G9 filing freezes: the report as of the period's end and its workbook, from
    one read of the county's loan book (the report and its breakdown share it)."""
    books = await loan_books(session, county, report_until(session, p.name))
    rep = await report(session, None, county, p.name, books=books)
    return rep, workbook(rep, await breakdown(session, None, county, p.name, books=books))


#: G9's quarterly report (within 10 days after the quarter) and annual report (by 10
#: January), filed to the county's finance bureau and the supervisor.
G9_REPORT = ReportDefinition(
    key="g9",
    title_zh="劝耕贷季报、年报",
    rule="G9",
    due={"quarter": days_after(10), "year": january(10)},
    recipients=("county_finance", "supervisor"),
    compute=_g9_filing,
)
FILINGS = Filings(Filing, G9_REPORT)


async def period_closed(session: AsyncSession, who: None, county: str, period: str) -> None:
    """A quarter or year closed (its timer, set when the county's first guarantee was
    issued): from now its filing waits for the due moment (X7)."""
    await FILINGS.schedule_period(session, G9_REPORT.key, county, period)


async def filed(
    session: AsyncSession, who: Principal | None, county: str, period: str
) -> dict[str, Any] | None:
    """The report as filed (its latest version), or None before the due moment."""
    row = await FILINGS.latest(session, G9_REPORT.key, county, period)
    return row.content["data"] if row else None

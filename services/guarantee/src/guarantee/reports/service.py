"""Targets and reports — 目标与报告 (G9): coverage, beneficiary rate, in-guarantee balance,
compensation rate (代偿率), overdue rate (逾期率); quarterly and annual reports with their
due dates (10 days after the quarter; 10 January)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.clock import SHANGHAI, local_date
from common.money import from_fen
from common.problems import FieldProblem, invalid
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import CompensationRecord, Guarantee, LoanEntry
from guarantee.parameters import PARAMS
from guarantee.rules import annual_report_due, quarter_bounds, quarterly_report_due, ratio
from guarantee.support import now

_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


def period_bounds(period: str) -> tuple[date, date, date]:
    """ "2026-Q1" or "2026" → (first day, last day, due date)."""
    m = _PERIOD.match(period)
    if not m:
        raise invalid(
            [
                FieldProblem(
                    "period",
                    "G9",
                    'period must be "YYYY" or "YYYY-Qn"',
                    "报告期格式应为YYYY或YYYY-Qn",
                )
            ],
            rule="G9",
        )
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        start, end = quarter_bounds(year, q)
        return start, end, quarterly_report_due(year, q)
    return date(year, 1, 1), date(year, 12, 31), annual_report_due(year)


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)


async def indicators(session: AsyncSession, county: str, until: datetime) -> dict[str, Any]:
    """The G9 indicators as of ``until`` (everything recorded before it)."""
    townships = set(await PARAMS.get(session, county, "township_codes"))
    files = list(
        await session.scalars(
            select(Borrower).where(Borrower.county == county, Borrower.created_at < until)
        )
    )
    if not townships:
        townships = {b.township_id for b in files}
    issued = list(
        await session.scalars(
            select(Guarantee).where(
                Guarantee.county == county,
                Guarantee.issued_at.is_not(None),
                Guarantee.issued_at < until,
            )
        )
    )
    covered = {g.township_id for g in issued} & townships if townships else set()
    beneficiaries = {g.party_id for g in issued}
    comps = {
        c.guarantee_id: c
        for c in await session.scalars(
            select(CompensationRecord).where(
                CompensationRecord.guarantee_id.in_([g.id for g in issued]),
                CompensationRecord.paid_at < until,
            )
        )
    }
    in_guarantee = overdue = 0
    for g in issued:
        if g.id in comps:
            continue
        sums = dict(
            (
                await session.execute(
                    select(LoanEntry.kind, func.sum(LoanEntry.principal_fen))
                    .where(
                        LoanEntry.guarantee_id == g.id,
                        LoanEntry.recorded_at < until,
                        LoanEntry.kind.in_(("drawdown", "repayment")),
                    )
                    .group_by(LoanEntry.kind)
                )
            ).all()
        )
        balance = int(sums.get("drawdown") or 0) - int(sums.get("repayment") or 0)
        in_guarantee += balance
        last = await session.scalar(
            select(LoanEntry)
            .where(
                LoanEntry.guarantee_id == g.id,
                LoanEntry.kind == "overdue",
                LoanEntry.recorded_at < until,
            )
            .order_by(LoanEntry.id.desc())
            .limit(1)
        )
        if last is not None and balance > 0:
            overdue += min(last.principal_fen, balance)
    guaranteed = sum(g.amount_fen or 0 for g in issued)
    compensated = sum(c.guarantor_paid_fen for c in comps.values())
    coverage_target = await PARAMS.get(session, county, "coverage_target")
    beneficiary_target = await PARAMS.get(session, county, "beneficiary_target")
    coverage = ratio(len(covered), len(townships))
    beneficiary = ratio(len(beneficiaries), len(files))
    return {
        "townships": len(townships),
        "townships_covered": len(covered),
        "township_coverage": str(coverage),
        "coverage_target": str(coverage_target),
        "coverage_met": coverage >= coverage_target,
        "new_entities": len(files),
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


async def report(session: AsyncSession, county: str, period: str) -> dict[str, Any]:
    start, end, due = period_bounds(period)
    at = now(session)
    # exclusive bound: the period's end, or just after now for the running period
    data = await indicators(session, county, min(_end_of(end), at + timedelta(microseconds=1)))
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


def _rows(rep: dict[str, Any]) -> list[list[str]]:
    head = [["county", rep["county"]], ["period", rep["period"]], ["due", str(rep["due"])]]
    return head + [[k, str(v)] for k, v in rep["indicators"].items()]


def to_csv(rep: dict[str, Any]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(_rows(rep))
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(rep: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "劝耕贷报告"
    for row in _rows(rep):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- persisted report timers --------------------------------------------------------------

REPORT_TIMER = "report.period_closed"


async def schedule_reports(session: AsyncSession, county: str) -> None:
    """Timers for the running quarter's and year's reports, fired when the period closes
    (the report is then due 10 days after the quarter / by 10 January). Created once."""
    from common.context import session_context
    from common.scheduler import schedule_timer
    from guarantee.rules import quarter_of

    timers = session_context(session).infra.timers
    year, quarter = quarter_of(local_date(now(session)))
    for period in (f"{year}-Q{quarter}", f"{year}"):
        key = f"{county}:{period}"
        exists = await session.scalar(
            select(timers.c.id).where(timers.c.kind == REPORT_TIMER, timers.c.key == key)
        )
        if exists is None:
            _start, end, _due = period_bounds(period)
            await schedule_timer(
                session, REPORT_TIMER, key, _end_of(end), {"county": county, "period": period}
            )


async def on_period_closed(session: AsyncSession, timer: Any) -> None:
    """Timer: the period closed — file its report (indicators as of the period's end) in
    the decision log, with its due date (X2, G9)."""
    from common.audit import record_decision

    county, period = timer.payload["county"], timer.payload["period"]
    rep = await report(session, county, period)
    await record_decision(
        session,
        subject_type="report",
        subject_id=f"{county}:{period}",
        action="report.filed",
        by=None,
        rule="G9",
        data=_jsonable(rep),
    )


async def filed(session: AsyncSession, county: str, period: str) -> dict[str, Any] | None:
    from common.audit import decisions_of

    log = await decisions_of(session, "report", f"{county}:{period}")
    return log[-1].data if log else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value

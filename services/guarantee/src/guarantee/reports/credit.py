"""The monthly credit-bureau export — 征信报送 (DOMAIN G12; seed 004 劝耕贷 三(六)
「将欠款信息纳入人民银行征信系统」): every 劝耕贷 loan of the county in arrears at a month's
end, with the borrower, the bank, the overdue principal and since when, as a CSV for the
credit reference centre of the People's Bank."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.clock import local_date
from common.context import now
from common.money import fen_text
from common.problems import FieldProblem, invalid
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import Guarantee, LoanEntry
from guarantee.guarantees.rules import period_end

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
COLUMNS_ZH = {
    "party_id": "证件号码",
    "name": "借款人",
    "lender_org_id": "贷款银行",
    "guarantee_id": "担保编号",
    "balance": "贷款余额",
    "overdue_principal": "逾期本金",
    "overdue_since": "逾期日期",
    "state": "状态",
}


def month_end(month: str) -> date:
    m = _MONTH.match(month)
    if not m:
        raise invalid(
            [FieldProblem("month", "G12", 'month must be "YYYY-MM"', "月份格式应为YYYY-MM")],
            rule="G12",
        )
    year, mon = int(m.group(1)), int(m.group(2))
    first_next = date(year + (mon == 12), 1 if mon == 12 else mon + 1, 1)
    return first_next - timedelta(days=1)


async def export(session: AsyncSession, county: str, month: str) -> dict[str, Any]:
    """The loans in arrears at the end of ``month`` (or now, while it runs)."""
    until = min(period_end(month_end(month)), now(session) + timedelta(microseconds=1))
    rows = await session.execute(
        select(
            LoanEntry.guarantee_id, LoanEntry.kind, LoanEntry.principal_fen, LoanEntry.recorded_at
        )
        .join(Guarantee, Guarantee.id == LoanEntry.guarantee_id)
        .where(Guarantee.county == county, LoanEntry.recorded_at < until)
        .order_by(LoanEntry.id)
    )
    balance: dict[str, int] = defaultdict(int)
    overdue: dict[str, tuple[int, date]] = {}
    for gid, kind, principal, at in rows:
        if kind == "drawdown":
            balance[gid] += principal
        elif kind == "repayment":
            balance[gid] -= principal
        else:
            since = overdue[gid][1] if gid in overdue else local_date(at)
            overdue[gid] = (principal, since)
    owing = [gid for gid in overdue if balance[gid] > 0]
    loans = {
        g.id: g for g in await session.scalars(select(Guarantee).where(Guarantee.id.in_(owing)))
    }
    names = dict(
        (
            await session.execute(
                select(Borrower.id, Borrower.name).where(
                    Borrower.id.in_([g.borrower_id for g in loans.values()])
                )
            )
        ).all()
    )
    out = []
    for gid in sorted(owing, key=lambda i: (overdue[i][1], i)):
        g = loans[gid]
        principal, since = overdue[gid]
        out.append(
            {
                "party_id": g.party_id,
                "name": names.get(g.borrower_id, ""),
                "lender_org_id": g.lender_org_id,
                "guarantee_id": gid,
                "balance": fen_text(balance[gid]),
                "overdue_principal": fen_text(min(principal, balance[gid])),
                "overdue_since": since,
                "state": g.state,
            }
        )
    return {"county": county, "month": month, "loans": out}


def to_csv(rep: dict[str, Any]) -> bytes:
    """UTF-8 with BOM (Excel), Chinese headings, one loan a row."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS_ZH.values())
    for loan in rep["loans"]:
        w.writerow([str(loan[k]) for k in COLUMNS_ZH])
    return buf.getvalue().encode("utf-8-sig")

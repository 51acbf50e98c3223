"""The monthly credit-bureau export — 征信报送 (DOMAIN G12; seed 004 劝耕贷 三(六)
「将欠款信息纳入人民银行征信系统」): every 劝耕贷 loan of the county in arrears at a month's
end, with the borrower, the bank, the overdue principal and since when, as a CSV for the
credit reference centre of the People's Bank."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.clock import local_date
from common.context import now
from common.money import fen_text
from common.problems import invalid_field
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import Guarantee, LoanEntry
from guarantee.guarantees.repository import loan_books
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
        raise invalid_field("month", "G12", 'month must be "YYYY-MM"', "月份格式应为YYYY-MM")
    year, mon = int(m.group(1)), int(m.group(2))
    first_next = date(year + (mon == 12), 1 if mon == 12 else mon + 1, 1)
    return first_next - timedelta(days=1)


async def export(session: AsyncSession, county: str, month: str) -> dict[str, Any]:
    """The loans in arrears at the end of ``month`` (or now, while it runs)."""
    until = min(period_end(month_end(month)), now(session) + timedelta(microseconds=1))
    books = await loan_books(session, county, until)
    # in arrears: an overdue reported and a balance left (compensated too: the borrower
    # then owes the guarantor and the county)
    owing = sorted(
        (b for b in books.values() if b.first_overdue_at is not None and b.balance_fen > 0),
        key=lambda b: (b.first_overdue_at, b.guarantee.id),
    )
    # the names of the county's borrowers with an overdue reported, by a subquery: a list
    # of the owing borrowers' ids bound as parameters fails past 32,767 on PostgreSQL
    overdue_borrowers = (
        select(Guarantee.borrower_id)
        .join(LoanEntry, LoanEntry.guarantee_id == Guarantee.id)
        .where(
            Guarantee.county == county,
            LoanEntry.kind == "overdue",
            LoanEntry.recorded_at < until,
        )
    )
    names = dict(
        (
            await session.execute(
                select(Borrower.id, Borrower.name).where(Borrower.id.in_(overdue_borrowers))
            )
        ).all()
    )
    out = []
    for book in owing:
        g = book.guarantee
        assert book.first_overdue_at is not None and book.last_overdue_fen is not None
        out.append(
            {
                "party_id": g.party_id,
                "name": names.get(g.borrower_id, ""),
                "lender_org_id": g.lender_org_id,
                "guarantee_id": g.id,
                "balance": fen_text(book.balance_fen),
                "overdue_principal": fen_text(min(book.last_overdue_fen, book.balance_fen)),
                "overdue_since": local_date(book.first_overdue_at),
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

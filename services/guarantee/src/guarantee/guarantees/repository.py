"""Queries of the guarantees area — 查询: lookups and sums used by more than one step.

Reads take no row lock unless the caller writes next (``lock=True``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import all_of, page_of
from guarantee.guarantees.models import (
    CompensationRecord,
    Guarantee,
    LoanEntry,
    MonitoringRecord,
    Objection,
    Recovery,
)


async def get(session: AsyncSession, guarantee_id: str, *, lock: bool) -> Guarantee | None:
    q = select(Guarantee).where(Guarantee.id == guarantee_id)
    return await session.scalar(q.with_for_update() if lock else q)


def ordered() -> Select[tuple[Guarantee]]:
    return select(Guarantee).order_by(Guarantee.created_at, Guarantee.id)


#: the sort keys of the guarantee list (a leading "-" is descending); the id breaks ties
SORTS = {
    "created_at": Guarantee.created_at,
    "updated_at": Guarantee.updated_at,
    "amount": Guarantee.amount_fen,
    "state": Guarantee.state,
    "township": Guarantee.township_id,
}


async def page(
    session: AsyncSession,
    query: Select[tuple[Guarantee]],
    *,
    state: str | None,
    q: str | None,
    sort: str,
    limit: int | None,
    offset: int,
) -> tuple[list[Guarantee], int]:
    """One page of ``query`` (already narrowed to what the caller may see) and how many
    match: filtered by state and by ``q`` (the guarantee's id, the borrower's ID number,
    the certificate or the bank), sorted on the server (issue 19's consoles)."""
    if state:
        query = query.where(Guarantee.state == state)
    if q:
        like = f"%{q}%"
        query = query.where(
            Guarantee.id.like(like)
            | Guarantee.party_id.like(like)
            | Guarantee.certificate_no.like(like)
            | Guarantee.lender_org_id.like(like)
        )
    return await page_of(
        session, query, sorts=SORTS, sort=sort, tie=Guarantee.id, limit=limit, offset=offset
    )


async def others_of_borrower(
    session: AsyncSession, party_id: str, county: str, exclude: str, states: tuple[str, ...]
) -> list[Guarantee]:
    return list(
        await session.scalars(
            select(Guarantee).where(
                Guarantee.party_id == party_id,
                Guarantee.county == county,
                Guarantee.id != exclude,
                Guarantee.state.in_(states),
            )
        )
    )


async def principal_sum(session: AsyncSession, guarantee_id: str, kind: str) -> int:
    return int(
        await session.scalar(
            select(func.coalesce(func.sum(LoanEntry.principal_fen), 0)).where(
                LoanEntry.guarantee_id == guarantee_id, LoanEntry.kind == kind
            )
        )
        or 0
    )


async def latest_overdue(session: AsyncSession, guarantee_id: str) -> LoanEntry | None:
    return await session.scalar(
        select(LoanEntry)
        .where(LoanEntry.guarantee_id == guarantee_id, LoanEntry.kind == "overdue")
        .order_by(LoanEntry.id.desc())
        .limit(1)
    )


async def balances(session: AsyncSession, guarantee_id: str) -> dict[str, int]:
    """Drawn, repaid and outstanding principal, and the latest overdue claim, in fen."""
    drawn = await principal_sum(session, guarantee_id, "drawdown")
    repaid = await principal_sum(session, guarantee_id, "repayment")
    last = await latest_overdue(session, guarantee_id)
    return {
        "drawn": drawn,
        "repaid": repaid,
        "outstanding": drawn - repaid,
        "overdue": (last.principal_fen + last.interest_fen) if last else 0,
    }


async def entry_by_reference(
    session: AsyncSession, guarantee_id: str, bank_reference: str
) -> LoanEntry | None:
    return await session.scalar(
        select(LoanEntry).where(
            LoanEntry.guarantee_id == guarantee_id, LoanEntry.bank_reference == bank_reference
        )
    )


async def first_drawdown_at(session: AsyncSession, guarantee_id: str) -> datetime | None:
    return await session.scalar(
        select(func.min(LoanEntry.recorded_at)).where(
            LoanEntry.guarantee_id == guarantee_id, LoanEntry.kind == "drawdown"
        )
    )


async def open_objections(session: AsyncSession, guarantee_id: str) -> int:
    return int(
        await session.scalar(
            select(func.count()).where(
                Objection.guarantee_id == guarantee_id, Objection.resolved_at.is_(None)
            )
        )
        or 0
    )


async def net_recovered(session: AsyncSession, guarantee_id: str) -> int:
    """Everything recovered so far, less its costs (G7's cumulative base)."""
    return int(
        await session.scalar(
            select(func.coalesce(func.sum(Recovery.recovered_fen - Recovery.costs_fen), 0)).where(
                Recovery.guarantee_id == guarantee_id
            )
        )
        or 0
    )


async def compensation_of(session: AsyncSession, guarantee_id: str) -> CompensationRecord | None:
    return await session.get(CompensationRecord, guarantee_id)


async def objections(session: AsyncSession, guarantee_id: str) -> list[Objection]:
    return await all_of(
        session, Objection, Objection.guarantee_id == guarantee_id, order_by=[Objection.received_at]
    )


async def entries(session: AsyncSession, guarantee_id: str) -> list[LoanEntry]:
    return await all_of(
        session, LoanEntry, LoanEntry.guarantee_id == guarantee_id, order_by=[LoanEntry.id]
    )


async def recoveries(session: AsyncSession, guarantee_id: str) -> list[Recovery]:
    return await all_of(
        session, Recovery, Recovery.guarantee_id == guarantee_id, order_by=[Recovery.id]
    )


async def monitoring(session: AsyncSession, guarantee_id: str) -> list[MonitoringRecord]:
    return await all_of(
        session,
        MonitoringRecord,
        MonitoringRecord.guarantee_id == guarantee_id,
        order_by=[MonitoringRecord.id],
    )


#: The guarantee's columns the reports read: a county's book is read as rows, not
#: entities (bench/README.md, reports benchmark: 100,000 guarantees loaded as entities
#: took most of a quarterly report's 20 s).
BOOK_COLUMNS = (
    Guarantee.id,
    Guarantee.borrower_id,
    Guarantee.party_id,
    Guarantee.township_id,
    Guarantee.lender_org_id,
    Guarantee.state,
    Guarantee.amount_fen,
    Guarantee.issued_at,
)


@dataclass(slots=True)
class LoanBook:
    """One guarantee's loan as its bank's entries stand at a moment (G9, G12, G13, G14)."""

    guarantee: Row[Any]  # the guarantee's BOOK_COLUMNS
    drawn_fen: int = 0
    repaid_fen: int = 0
    drawn_since_fen: int = 0  # drawdowns at or after the period's opening
    last_overdue_fen: int | None = None  # the principal of the latest overdue report
    first_overdue_at: datetime | None = None
    compensated: bool = False
    compensated_fen: int = 0  # what the guarantor paid (G6), once compensated

    @property
    def balance_fen(self) -> int:
        return self.drawn_fen - self.repaid_fen

    @property
    def overdue_fen(self) -> int:
        """The overdue principal still owed the bank: none once compensated (the
        guarantor paid it), never more than the balance."""
        if self.compensated or self.last_overdue_fen is None or self.balance_fen <= 0:
            return 0
        return min(self.last_overdue_fen, self.balance_fen)


def _principal(kind: str, since: datetime | None = None) -> Any:
    """The sum of one kind's principal (from ``since`` on), for a GROUP BY guarantee."""
    when = LoanEntry.kind == kind
    if since is not None:
        when = when & (LoanEntry.recorded_at >= since)
    return func.coalesce(func.sum(case((when, LoanEntry.principal_fen), else_=0)), 0)


async def loan_books(
    session: AsyncSession, county: str, until: datetime, opens: datetime | None = None
) -> dict[str, LoanBook]:
    """Every issued guarantee of ``county`` with its loan as recorded before ``until``: the
    reports' one view of the book, in four set-based reads (the guarantees, the entries'
    sums per guarantee, the overdue reports in order, the compensations) whatever the
    county's size — no query per guarantee, no list of ids bound as parameters."""
    books = {
        row.id: LoanBook(row)
        for row in await session.execute(
            select(*BOOK_COLUMNS)
            .where(
                Guarantee.county == county,
                Guarantee.issued_at.is_not(None),
                Guarantee.issued_at < until,
            )
            .order_by(Guarantee.issued_at, Guarantee.id)
        )
    }
    of_county = (Guarantee.county == county, LoanEntry.recorded_at < until)
    sums = await session.execute(
        select(
            LoanEntry.guarantee_id,
            _principal("drawdown"),
            _principal("repayment"),
            _principal("drawdown", opens) if opens is not None else literal(0),
        )
        .join(Guarantee, Guarantee.id == LoanEntry.guarantee_id)
        .where(*of_county)
        .group_by(LoanEntry.guarantee_id)
    )
    for gid, drawn, repaid, drawn_since in sums:
        if (book := books.get(gid)) is not None:
            book.drawn_fen, book.repaid_fen = int(drawn), int(repaid)
            book.drawn_since_fen = int(drawn_since)
    overdue = await session.execute(
        select(LoanEntry.guarantee_id, LoanEntry.principal_fen, LoanEntry.recorded_at)
        .join(Guarantee, Guarantee.id == LoanEntry.guarantee_id)
        .where(*of_county, LoanEntry.kind == "overdue")
        .order_by(LoanEntry.id)
    )
    for gid, principal, at in overdue:
        if (book := books.get(gid)) is not None:
            book.last_overdue_fen = principal
            book.first_overdue_at = book.first_overdue_at or at
    for gid, paid in await session.execute(
        select(CompensationRecord.guarantee_id, CompensationRecord.guarantor_paid_fen)
        .join(Guarantee, Guarantee.id == CompensationRecord.guarantee_id)
        .where(Guarantee.county == county, CompensationRecord.paid_at < until)
    ):
        if (book := books.get(gid)) is not None:
            book.compensated, book.compensated_fen = True, paid
    return books

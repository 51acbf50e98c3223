"""Queries of the guarantees area — 查询: lookups and sums used by more than one step.

Reads take no row lock unless the caller writes next (``lock=True``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

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
    return list(
        await session.scalars(
            select(Objection)
            .where(Objection.guarantee_id == guarantee_id)
            .order_by(Objection.received_at)
        )
    )


async def entries(session: AsyncSession, guarantee_id: str) -> list[LoanEntry]:
    return list(
        await session.scalars(
            select(LoanEntry).where(LoanEntry.guarantee_id == guarantee_id).order_by(LoanEntry.id)
        )
    )


async def recoveries(session: AsyncSession, guarantee_id: str) -> list[Recovery]:
    return list(
        await session.scalars(
            select(Recovery).where(Recovery.guarantee_id == guarantee_id).order_by(Recovery.id)
        )
    )


async def monitoring(session: AsyncSession, guarantee_id: str) -> list[MonitoringRecord]:
    return list(
        await session.scalars(
            select(MonitoringRecord)
            .where(MonitoringRecord.guarantee_id == guarantee_id)
            .order_by(MonitoringRecord.id)
        )
    )

"""Queries of the cases — 案件查询."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from collective.cases.models import DisputeCase, ViolationCase
from common.db import all_of


async def _open_disputes(session: AsyncSession, *where: Any) -> list[DisputeCase]:
    """The ownership disputes not closed (X6) that meet ``where``, oldest first."""
    return await all_of(
        session,
        DisputeCase,
        *where,
        DisputeCase.ownership.is_(True),
        DisputeCase.stage != "closed",
        order_by=[DisputeCase.opened_at, DisputeCase.id],
    )


async def _open_violations(session: AsyncSession, *where: Any) -> list[ViolationCase]:
    """The violation cases still open (Z12) that meet ``where``, oldest first."""
    return await all_of(
        session,
        ViolationCase,
        *where,
        ViolationCase.status == "open",
        order_by=[ViolationCase.opened_at, ViolationCase.id],
    )


async def open_disputes_on_parcel(session: AsyncSession, parcel_id: str) -> list[DisputeCase]:
    return await _open_disputes(session, DisputeCase.parcel_id == parcel_id)


async def open_violations_on_parcel(session: AsyncSession, parcel_id: str) -> list[ViolationCase]:
    return await _open_violations(session, ViolationCase.parcel_id == parcel_id)


async def open_cases_on_right(
    session: AsyncSession, certificate_no: str
) -> tuple[list[DisputeCase], list[ViolationCase]]:
    """The open ownership disputes and violation cases naming a right's certificate."""
    disputes = await _open_disputes(session, DisputeCase.certificate_no == certificate_no)
    violations = await _open_violations(session, ViolationCase.certificate_no == certificate_no)
    return disputes, violations


async def disputes_of(session: AsyncSession, collective_id: str) -> list[DisputeCase]:
    return await all_of(
        session,
        DisputeCase,
        DisputeCase.collective_id == collective_id,
        order_by=[DisputeCase.opened_at, DisputeCase.id],
    )


async def violations_of(session: AsyncSession, collective_id: str) -> list[ViolationCase]:
    return await all_of(
        session,
        ViolationCase,
        ViolationCase.collective_id == collective_id,
        order_by=[ViolationCase.opened_at, ViolationCase.id],
    )

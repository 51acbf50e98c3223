"""Market monitoring's queries — 市场监测 (L25): the county's listings, the month's
decisions (closings, suspensions), restrictions and refused registrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.context import session_context
from listing.listings.models import Listing, OffExchangeFlag
from listing.monitoring.models import ForfeitedDeposit
from listing.parties.models import Restriction
from listing.registrations.models import Registration


async def listings_of(session: AsyncSession, county: str, before: datetime) -> list[Listing]:
    rows = await session.execute(
        select(Listing).where(Listing.county == county, Listing.created_at < before)
    )
    return list(rows.scalars())


async def listing_decisions(
    session: AsyncSession, ids: list[str], actions: tuple[str, ...], start: datetime, end: datetime
) -> list[Any]:
    """The listings' decisions of ``actions`` in [start, end) (X2 log)."""
    if not ids:
        return []
    t = session_context(session).infra.decisions
    rows = await session.execute(
        select(t.c.subject_id, t.c.action, t.c.data, t.c.reason, t.c.decided_at).where(
            t.c.subject_type == Listing.__audit_subject__,
            t.c.subject_id.in_(ids),
            t.c.action.in_(actions),
            t.c.decided_at >= start,
            t.c.decided_at < end,
        )
    )
    return list(rows.all())


async def violations(session: AsyncSession, county: str) -> list[OffExchangeFlag]:
    rows = await session.execute(
        select(OffExchangeFlag)
        .where(OffExchangeFlag.county == county, OffExchangeFlag.violation.is_(True))
        .order_by(OffExchangeFlag.id)
    )
    return list(rows.scalars())


async def active_restrictions(session: AsyncSession, county: str) -> dict[str, int]:
    """Active bars of the county and blacklistings (everywhere) by source."""
    rows = await session.execute(
        select(Restriction.source, func.count())
        .where(Restriction.active.is_(True), Restriction.county.in_([county, ""]))
        .group_by(Restriction.source)
    )
    return {source: n for source, n in rows.all()}


async def refused_registrations(
    session: AsyncSession, ids: list[str], start: datetime, end: datetime
) -> list[Registration]:
    """Registrations of the listings rejected in the month (their reasons name the rule)."""
    if not ids:
        return []
    rows = await session.execute(
        select(Registration).where(
            Registration.listing_id.in_(ids),
            Registration.status == "rejected",
            Registration.decided_at >= start,
            Registration.decided_at < end,
        )
    )
    return list(rows.scalars())


async def forfeitures(
    session: AsyncSession, ids: list[str], start: datetime, end: datetime
) -> list[ForfeitedDeposit]:
    """The listings' deposits forfeited in [start, end) (B5, followed from bidding)."""
    if not ids:
        return []
    rows = await session.execute(
        select(ForfeitedDeposit).where(
            ForfeitedDeposit.listing_id.in_(ids),
            ForfeitedDeposit.forfeited_at >= start,
            ForfeitedDeposit.forfeited_at < end,
        )
    )
    return list(rows.scalars())

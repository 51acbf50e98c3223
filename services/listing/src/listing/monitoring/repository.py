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


def _of_county(county: str, before: datetime) -> tuple[Any, ...]:
    """The county's listings registered before ``before``: every query below joins them
    instead of binding their ids (a county's 50,000 listings exceed PostgreSQL's 32,767
    bind parameters; bench/reports_bench.py)."""
    return (Listing.county == county, Listing.created_at < before)


async def states_by_township(
    session: AsyncSession, county: str, before: datetime
) -> list[tuple[str, str, int]]:
    """How many of the county's listings are in each state, per township (GROUP BY)."""
    rows = await session.execute(
        select(Listing.township, Listing.status, func.count())
        .where(*_of_county(county, before))
        .group_by(Listing.township, Listing.status)
        .order_by(Listing.township, Listing.status)
    )
    return [(township, status, n) for township, status, n in rows.all()]


async def priced_listings(
    session: AsyncSession, county: str, start: datetime, end: datetime
) -> list[Listing]:
    """The listings registered in [start, end) with data for an L16 reference."""
    rows = await session.execute(
        select(Listing).where(
            *_of_county(county, end),
            Listing.created_at >= start,
            Listing.price_class.is_not(None) | Listing.annual_transfer_price_fen.is_not(None),
        )
    )
    return list(rows.scalars())


async def listing_decisions(
    session: AsyncSession,
    county: str,
    before: datetime,
    actions: tuple[str, ...],
    start: datetime,
    end: datetime,
) -> list[Any]:
    """The decisions of ``actions`` in [start, end) (X2 log) on the county's listings
    registered before ``before``, each with its listing's township."""
    t = session_context(session).infra.decisions
    rows = await session.execute(
        select(t.c.subject_id, t.c.action, t.c.data, t.c.reason, t.c.decided_at, Listing.township)
        .join(Listing, Listing.id == t.c.subject_id)
        .where(
            *_of_county(county, before),
            t.c.subject_type == Listing.__audit_subject__,
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
    session: AsyncSession, county: str, before: datetime, start: datetime, end: datetime
) -> list[Any]:
    """Registrations rejected in the month for the county's listings registered before
    ``before`` (their reasons name the rule), each with its listing's township."""
    rows = await session.execute(
        select(Registration.reasons, Listing.township)
        .join(Listing, Listing.id == Registration.listing_id)
        .where(
            *_of_county(county, before),
            Registration.status == "rejected",
            Registration.decided_at >= start,
            Registration.decided_at < end,
        )
    )
    return list(rows.all())


async def forfeitures(
    session: AsyncSession, county: str, before: datetime, start: datetime, end: datetime
) -> list[Any]:
    """Deposits forfeited in [start, end) (B5, followed from bidding) on the county's
    listings registered before ``before``, each with its listing's township: a join, not
    a list of ids (a county's listings outgrow a query's parameters)."""
    rows = await session.execute(
        select(ForfeitedDeposit.amount_fen, Listing.township)
        .join(Listing, Listing.id == ForfeitedDeposit.listing_id)
        .where(
            *_of_county(county, before),
            ForfeitedDeposit.forfeited_at >= start,
            ForfeitedDeposit.forfeited_at < end,
        )
    )
    return list(rows.all())

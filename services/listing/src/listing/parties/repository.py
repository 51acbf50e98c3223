"""Queries of the party projections — 主体查询: restrictions (L13, G11) and membership."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from listing.parties.models import CollectiveMember, Intermediary, Restriction

EVERYWHERE = ""  # the county of a restriction that travels to every county (G11)


def applies_in(county: str) -> ColumnElement[bool]:
    """Restrictions that apply in ``county``: its own centre's bars and the blacklist."""
    return or_(Restriction.county == county, Restriction.county == EVERYWHERE)


async def active_restrictions(
    session: AsyncSession, party_id: str, county: str
) -> list[Restriction]:
    """What stops the party from registering in ``county`` (L13, G11)."""
    rows = await session.execute(
        select(Restriction).where(
            Restriction.party_id == party_id,
            Restriction.active.is_(True),
            applies_in(county),
        )
    )
    return list(rows.scalars())


async def restrictions_in(session: AsyncSession, party_id: str, county: str) -> list[Restriction]:
    """The blacklist and ``county``'s own bars of a party, active or lifted."""
    rows = await session.execute(
        select(Restriction).where(Restriction.party_id == party_id, applies_in(county))
    )
    return list(rows.scalars())


async def counties_barring(session: AsyncSession, party_id: str) -> set[str]:
    """The counties whose centre has an active bar on the party."""
    rows = await session.execute(
        select(Restriction.county).where(
            Restriction.party_id == party_id,
            Restriction.source == "centre",
            Restriction.active.is_(True),
        )
    )
    return set(rows.scalars())


async def restriction_for_update(
    session: AsyncSession, party_id: str, source: str, county: str
) -> Restriction | None:
    """The one restriction row of (party, source, county), locked: an upsert follows."""
    return (
        await session.execute(
            select(Restriction)
            .where(
                Restriction.party_id == party_id,
                Restriction.source == source,
                Restriction.county == county,
            )
            .with_for_update()
        )
    ).scalar_one_or_none()


async def membership(
    session: AsyncSession, collective_id: str, party_id: str
) -> CollectiveMember | None:
    return (
        await session.execute(
            select(CollectiveMember).where(
                CollectiveMember.collective_id == collective_id,
                CollectiveMember.party_id == party_id,
            )
        )
    ).scalar_one_or_none()


async def intermediaries_of(
    session: AsyncSession, county: str, kind: str | None = None
) -> list[Intermediary]:
    """The county's intermediary register (L20), by name."""
    q = select(Intermediary).where(Intermediary.county == county)
    if kind is not None:
        q = q.where(Intermediary.kind == kind)
    return list((await session.execute(q.order_by(Intermediary.name, Intermediary.id))).scalars())


async def intermediary(session: AsyncSession, intermediary_id: str) -> Intermediary | None:
    return await session.get(Intermediary, intermediary_id)

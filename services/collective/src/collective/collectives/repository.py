"""Queries of the roster — 成员名册查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.collectives.models import Collective, Household, HouseholdMember
from common.db import all_of


async def members_of(
    session: AsyncSession, household_id: str, *, with_left: bool = False
) -> list[HouseholdMember]:
    """The household's current roll; ``with_left`` adds those who left (成员身份丧失)."""
    query = select(HouseholdMember).where(HouseholdMember.household_id == household_id)
    if not with_left:
        query = query.where(HouseholdMember.left_at.is_(None))
    return list(await session.scalars(query.order_by(HouseholdMember.id)))


async def current_member(
    session: AsyncSession, household_id: str, party_id: str
) -> HouseholdMember | None:
    return await session.scalar(
        select(HouseholdMember)
        .where(
            HouseholdMember.household_id == household_id,
            HouseholdMember.party_id == party_id,
            HouseholdMember.left_at.is_(None),
        )
        .with_for_update()
    )


async def enrolled(session: AsyncSession, party_ids: list[str]) -> set[str]:
    """Of ``party_ids``, those on a household's current roll (in any collective)."""
    if not party_ids:
        return set()
    rows = await session.scalars(
        select(HouseholdMember.party_id).where(
            HouseholdMember.party_id.in_(party_ids), HouseholdMember.left_at.is_(None)
        )
    )
    return set(rows)


async def households_of(session: AsyncSession, collective_id: str) -> list[Household]:
    return await all_of(
        session,
        Household,
        Household.collective_id == collective_id,
        order_by=[Household.created_at, Household.id],
    )


async def collectives_where(
    session: AsyncSession, *, county: str, township: str | None, collective_id: str | None
) -> list[Collective]:
    """The collectives of a county, narrowed to a township or one collective."""
    q = select(Collective).where(Collective.county == county)
    if township is not None:
        q = q.where(Collective.township == township)
    if collective_id is not None:
        q = q.where(Collective.id == collective_id)
    return list(await session.scalars(q.order_by(Collective.township, Collective.id)))

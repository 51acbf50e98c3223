"""Collective membership as registry follows it — 集体经济组织成员 (L10, L11, R4, Z1).

The collective service owns collective economic organizations, their households and
members and the homestead qualification (Z1); registry keeps rights, liens and valuation
and holds a projection of the roster fed by ``collective.member_changed``. Nothing here
is entered by hand: a redelivered or late fact (older than the one held) changes
nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role
from common.contracts.collective import MemberChanged
from common.problems import not_found
from registry.access import STAFF_READERS, in_county, other_org, require_org
from registry.collectives.models import Collective, Member


def may_read(who: Principal, c: Collective) -> None:
    """County staff of its county, a township clerk of its township, the registration
    authority of its county."""
    if who.has(*STAFF_READERS) and in_county(who, c.county):
        return
    if who.has(Role.township_clerk) and who.org.type == OrgType.township:
        require_org(who, OrgType.township, c.township, "the collective", "该集体经济组织")
        return
    if who.has(Role.registration_authority) and in_county(who, c.county):
        return
    raise other_org("the collective", "该集体经济组织")


async def get_collective(session: AsyncSession, collective_id: str) -> Collective:
    c = await session.get(Collective, collective_id)
    if c is None:
        raise not_found(f"collective {collective_id}", f"集体经济组织{collective_id}")
    return c


async def follow_member(session: AsyncSession, who: Principal | None, e: MemberChanged) -> Member:
    """Apply one ``collective.member_changed``: the collective's row and the member's."""
    c = await session.get(Collective, e.collective_id)
    if c is None:
        c = Collective(id=e.collective_id, created_at=e.changed_at)
        session.add(c)
    c.name, c.county, c.township = e.collective_name, e.county, e.township
    m = (
        await session.execute(
            select(Member)
            .where(Member.collective_id == e.collective_id, Member.party_id == e.party_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if m is None:
        m = Member(collective_id=e.collective_id, party_id=e.party_id, version=0)
        session.add(m)
    elif m.changed_at > e.changed_at:
        return m  # older than what we hold
    elif (m.name, m.member, m.homestead_qualified) == (
        e.name,
        e.member,
        e.homestead_qualified,
    ):
        return m  # nothing changes: no new version
    m.version += 1
    m.name, m.member, m.homestead_qualified, m.changed_at = (
        e.name,
        e.member,
        e.homestead_qualified,
        e.changed_at,
    )
    await session.flush()
    return m


async def members(session: AsyncSession, who: Principal, c: Collective) -> list[Member]:
    may_read(who, c)
    rows = await session.execute(
        select(Member).where(Member.collective_id == c.id).order_by(Member.id)
    )
    return list(rows.scalars())


async def member(session: AsyncSession, who: Principal, c: Collective, party_id: str) -> Member:
    may_read(who, c)
    m = (
        await session.execute(
            select(Member).where(Member.collective_id == c.id, Member.party_id == party_id)
        )
    ).scalar_one_or_none()
    if m is None:
        raise not_found("member", "成员")
    return m

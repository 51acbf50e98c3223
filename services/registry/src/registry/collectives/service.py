"""Collective membership rules: a member change is recorded, audited and published."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import OrgType, Principal, Role
from common.context import now
from common.contracts.registry import CollectiveMemberChanged
from common.outbox import record_event
from common.problems import FieldProblem, invalid, not_found
from registry.access import STAFF_READERS, in_county, other_org, require_org
from registry.collectives.models import Collective, Member
from registry.collectives.schemas import CollectiveIn, MemberIn


def may_manage(who: Principal, c: Collective | CollectiveIn) -> None:
    """A township clerk on its own township; the registration authority in its county."""
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


def may_read(who: Principal, c: Collective) -> None:
    """County staff of its county, or whoever may manage it."""
    if who.has(*STAFF_READERS) and in_county(who, c.county):
        return
    may_manage(who, c)


async def create_collective(
    session: AsyncSession, who: Principal, body: CollectiveIn
) -> Collective:
    may_manage(who, body)
    if await session.get(Collective, body.id) is not None:
        raise invalid([FieldProblem("id", "X4", "this collective exists", "该集体经济组织已存在")])
    c = Collective(**body.model_dump(), created_at=now(session))
    session.add(c)
    await session.flush()
    return c


async def set_member(
    session: AsyncSession, who: Principal, c: Collective, party_id: str, body: MemberIn
) -> Member:
    at = now(session)
    m = (
        await session.execute(
            select(Member)
            .where(Member.collective_id == c.id, Member.party_id == party_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    problems = []
    if body.homestead_qualified and not body.member:
        problems.append(
            FieldProblem(
                "homestead_qualified",
                "L11",
                "only a member holds homestead qualification",
                "非本集体成员不享有宅基地资格权",
            )
        )
    if m is None and not body.member:
        problems.append(
            FieldProblem("member", "X4", "not a member to remove", "该人不是本集体成员")
        )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    if m is None:
        m = Member(collective_id=c.id, party_id=party_id, version=1, changed_at=at)
        session.add(m)
    elif (m.name, m.member, m.homestead_qualified) == (
        body.name,
        body.member,
        body.homestead_qualified,
    ):
        return m  # nothing changes: no new version, no event
    else:
        m.version += 1
    m.name, m.member, m.homestead_qualified, m.changed_at = (
        body.name,
        body.member,
        body.homestead_qualified,
        at,
    )
    await session.flush()
    await record_decision(
        session,
        subject_type="collective_member",
        subject_id=f"{c.id}:{party_id}",
        action="member.changed" if m.version > 1 else "member.joined",
        by=who,
        reason=body.reason,
        rule="L11",
        data={"member": body.member, "homestead_qualified": body.homestead_qualified},
    )
    await record_event(
        session,
        CollectiveMemberChanged(
            collective_id=c.id,
            collective_name=c.name,
            county=c.county,
            township=c.township,
            party_id=party_id,
            name=body.name,
            member=body.member,
            homestead_qualified=body.homestead_qualified,
            changed_at=at,
        ),
    )
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

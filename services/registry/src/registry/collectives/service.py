"""Collective membership as registry follows it — 集体经济组织成员 (L10, L11, R4, Z1).

The collective service owns collective economic organizations, their households and
members and the homestead qualification (Z1); registry keeps rights, liens and valuation
and holds a projection of the roster fed by ``collective.member_changed``, and of the
dispute (X6) and violation (Z12) cases fed by ``collective.case_changed``. Nothing here
is entered by hand: a redelivered or late fact (older than the one held) changes
nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal, Role
from common.contracts.collective import CaseChanged, MemberChanged, ResolutionPassed
from common.db import follow_version
from common.problems import FieldProblem, not_found
from registry.access import STAFF_READERS, in_county, other_org, require_org
from registry.collectives.models import CaseFlag, Collective, Member, PassedResolution


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


async def follow_case(session: AsyncSession, who: Principal | None, e: CaseChanged) -> CaseFlag:
    """Apply one ``collective.case_changed``; an older version of the case changes nothing."""
    row, newer = await follow_version(session, CaseFlag, e.version, case_id=e.case_id)
    if not newer:
        return row
    row.kind, row.flag, row.rule, row.flags = e.kind, e.flag, e.rule, e.flags
    row.object_type, row.object_ref = e.object_type, e.object_ref
    row.certificate_no, row.parcel_id = e.certificate_no, e.parcel_id
    row.stage, row.version, row.changed_at = e.stage, e.version, e.changed_at
    await session.flush()
    return row


async def case_problems(session: AsyncSession, certificate_no: str) -> list[FieldProblem]:
    """Every open case that keeps the right disputed (X6) or its parcel in violation
    (Z12): each is a reason no lien is registered on it."""
    rows = await session.scalars(
        select(CaseFlag)
        .where(CaseFlag.certificate_no == certificate_no, CaseFlag.flags.is_(True))
        .order_by(CaseFlag.changed_at, CaseFlag.case_id)
    )
    return [
        FieldProblem(
            "certificate_no",
            "X6",
            f"the right is disputed (collective case {r.case_id}, {r.stage})",
            f"权属有争议（纠纷案件{r.case_id}）",
        )
        if r.kind == "dispute"
        else FieldProblem(
            "certificate_no",
            "Z12",
            f"the homestead has an open violation case ({r.case_id})",
            f"该宅基地有未结的违法用地案件（{r.case_id}）",
        )
        for r in rows
    ]


async def follow_resolution(
    session: AsyncSession, who: Principal | None, e: ResolutionPassed
) -> PassedResolution:
    """Keep one ``collective.resolution_passed`` (R15 cites it). A resolution takes effect
    once, so a redelivery finds the row and changes nothing."""
    row = await session.get(PassedResolution, e.resolution_id)
    if row is None:
        row = PassedResolution(
            resolution_id=e.resolution_id,
            collective_id=e.collective_id,
            county=e.county,
            matter=e.matter,
            subject_ref=e.subject_ref,
            threshold=e.threshold,
            entitled=e.entitled,
            votes_for=e.votes_for,
            voted_on=e.voted_on,
            effective_at=e.effective_at,
        )
        session.add(row)
        await session.flush()
    return row


async def passed_resolution(session: AsyncSession, resolution_id: str) -> PassedResolution | None:
    return await session.get(PassedResolution, resolution_id)

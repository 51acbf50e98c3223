"""Collectives and households — 集体经济组织与农户: the roster the homestead rules use.

Entering a collective is the township's or the county's; its households are recorded by
its village homestead officer. A person is on one household's current roll only (Z1: one
collective per person); a member who leaves (成员身份丧失) is kept on the roll with the
cause, published as no longer a member, and may be enrolled elsewhere afterwards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from collective.access import Readable, check_founder, check_readable, check_village
from collective.collectives import repository
from collective.collectives.models import Collective, Household, HouseholdMember
from collective.collectives.schemas import CollectiveIn, HouseholdIn, MemberLeaveIn
from common.access import county_of
from common.audit import record_on
from common.auth import OrgType, Principal, Role
from common.context import now
from common.contracts.collective import MemberChanged
from common.db import ById, add_unique
from common.keys import new_id
from common.outbox import record_event
from common.problems import FieldProblem, invalid, invalid_field, not_found

HOUSEHOLDS = Readable(Household, "household", "农户")
get_collective = ById(Collective, "collective", "集体经济组织").get
get_household = HOUSEHOLDS.get
read_household = HOUSEHOLDS.read


async def read_collective(session: AsyncSession, who: Principal, collective_id: str) -> Collective:
    c = await get_collective(session, collective_id)
    check_readable(who, c.id, c)
    return c


_Row = TypeVar("_Row")


def collective_list(
    query: Callable[[AsyncSession, str], Awaitable[list[_Row]]],
) -> Callable[[AsyncSession, Principal, str], Awaitable[list[_Row]]]:
    """A list of one collective's rows for its readers: the collective read first (404,
    then X3 as ``read_collective``), then ``query`` by its id."""

    async def of_collective(
        session: AsyncSession, who: Principal, collective_id: str
    ) -> list[_Row]:
        c = await read_collective(session, who, collective_id)
        return await query(session, c.id)

    return of_collective


async def collective_for_village(
    session: AsyncSession, who: Principal, collective_id: str
) -> Collective:
    """The collective for a step its own village homestead officer records (村级主体);
    not locked: the step adds or changes the collective's rows, not the collective."""
    c = await get_collective(session, collective_id)
    check_village(who, c.id)
    return c


async def create_collective(
    session: AsyncSession, who: Principal, body: CollectiveIn
) -> Collective:
    check_founder(who, body)
    if await session.get(Collective, body.id) is not None:
        raise invalid_field("id", "X4", "this collective exists", "该集体经济组织已存在")
    c = Collective(**body.model_dump(), created_at=now(session))
    session.add(c)
    await record_on(session, c, action="collective.entered", by=who, rule="X3")
    return c


async def create_household(
    session: AsyncSession, who: Principal, collective_id: str, body: HouseholdIn
) -> Household:
    c = await collective_for_village(session, who, collective_id)
    parties = [m.party_id for m in body.members]
    problems: list[FieldProblem] = []
    if len(set(parties)) != len(parties):
        problems.append(FieldProblem("members", "X4", "a person is listed twice", "同一人重复列入"))
    if body.head_party_id not in parties:
        problems.append(
            FieldProblem(
                "head_party_id", "X4", "the head must be one of the members", "户主须为本户成员"
            )
        )
    enrolled = await repository.enrolled(session, parties)
    for i, party in enumerate(parties):
        if party in enrolled:
            problems.append(
                FieldProblem(
                    f"members.{i}.party_id",
                    "Z1",
                    "the person is already on a household's roll (one collective per person)",
                    "该人已在其他农户名册中（一人只能属于一个集体经济组织）",
                )
            )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    h = Household(
        id=new_id(),
        collective_id=c.id,
        county=c.county,
        township=c.township,
        head_party_id=body.head_party_id,
        address=body.address,
        created_at=now(session),
    )
    session.add(h)
    # another household enrolled one of them first
    await add_unique(
        session,
        *(HouseholdMember(household_id=h.id, **m.model_dump()) for m in body.members),
        taken=invalid_field(
            "members",
            "Z1",
            "a person is already on a household's roll (one collective per person)",
            "有成员已在其他农户名册中（一人只能属于一个集体经济组织）",
        ),
    )
    await record_on(session, h, action="household.entered", by=who, rule="Z1")
    await publish_members(session, h, qualified=False)
    return h


async def publish_members(session: AsyncSession, h: Household, *, qualified: bool) -> None:
    """Publish every confirmed member of ``h`` (``collective.member_changed``): the
    roster registry and listing follow (L10, L11, L24), with the household's homestead
    qualification (Z1) as ``qualified`` says."""
    c = await get_collective(session, h.collective_id)
    for m in await repository.members_of(session, h.id):
        if m.confirmed:  # not a member until the collective confirms it (成员身份确认)
            await _publish(session, c, h, m, member=True, qualified=qualified)


async def _publish(
    session: AsyncSession,
    c: Collective,
    h: Household,
    m: HouseholdMember,
    *,
    member: bool,
    qualified: bool,
) -> None:
    await record_event(
        session,
        MemberChanged(
            collective_id=c.id,
            collective_name=c.name,
            county=c.county,
            township=c.township,
            household_id=h.id,
            party_id=m.party_id,
            name=m.name,
            member=member,
            homestead_qualified=qualified,
            changed_at=now(session),
        ),
    )


async def leave_collective(
    session: AsyncSession, who: Principal, household_id: str, party_id: str, body: MemberLeaveIn
) -> Household:
    """A member leaves the collective — 成员身份丧失 (Z1): kept on the roll with the cause and
    its document, published as no longer a member (listing and registry follow), free to
    be enrolled in another collective. A head who leaves a household that keeps members
    names its new head, one of them."""
    h = await get_household(session, household_id)
    check_village(who, h.collective_id)
    m = await repository.current_member(session, h.id, party_id)
    if m is None:
        raise not_found(f"member {party_id} of household {h.id}", f"农户{h.id}的成员{party_id}")
    staying = [x.party_id for x in await repository.members_of(session, h.id) if x is not m]
    problems: list[FieldProblem] = []
    if h.head_party_id == party_id and staying and body.new_head_party_id not in staying:
        problems.append(
            FieldProblem(
                "new_head_party_id",
                "Z1",
                "the head leaves: name the new head, one of the members who stay",
                "户主丧失成员身份：须指定留在本户的成员为新户主",
            )
        )
    elif body.new_head_party_id is not None and h.head_party_id != party_id:
        problems.append(
            FieldProblem(
                "new_head_party_id", "Z1", "only a leaving head is replaced", "仅户主变更时填写"
            )
        )
    if problems:
        raise invalid(problems, rule="Z1")
    m.left_at = now(session)
    m.left_cause = body.cause
    m.left_ref = body.reference
    if h.head_party_id == party_id and body.new_head_party_id:
        h.head_party_id = body.new_head_party_id
    await record_on(session, h, action="member.left", by=who, rule="Z1")
    if m.confirmed:
        c = await get_collective(session, h.collective_id)
        await _publish(session, c, h, m, member=False, qualified=False)
    return h


async def members(
    session: AsyncSession, household_id: str, *, with_left: bool = False
) -> list[HouseholdMember]:
    return await repository.members_of(session, household_id, with_left=with_left)


households = collective_list(repository.households_of)


async def readable_collectives(session: AsyncSession, who: Principal) -> list[Collective]:
    """The collectives the caller may read (X3): a village officer its own, a township
    office its township's, the county readers their county's — the consoles' queues."""
    county = county_of(who) or ""  # a token without a county reads nothing
    if who.org.type == OrgType.collective and who.has(Role.village_homestead_officer):
        return await repository.collectives_where(
            session, county=county, township=None, collective_id=who.org.id
        )
    if who.org.type == OrgType.township and who.has(Role.township_homestead_office):
        return await repository.collectives_where(
            session, county=who.org.id[:6], township=who.org.id, collective_id=None
        )
    return await repository.collectives_where(
        session, county=county, township=None, collective_id=None
    )

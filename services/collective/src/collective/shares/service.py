"""The share register — 股权 (DOMAIN Z11): the village homestead officer records each
confirmed member's shares; dividends read a snapshot (``snapshot``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.collectives.models import Household, HouseholdMember
from collective.collectives.service import collective_for_village, collective_list
from collective.shares import repository
from collective.shares.models import Shareholding
from collective.shares.schemas import SharesIn
from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.db import add_unique
from common.keys import new_id
from common.problems import Problem, invalid_field

#: the shares register (股权登记) of a collective, for its readers
register = collective_list(repository.of_collective)


async def snapshot(session: AsyncSession, collective_id: str) -> list[Shareholding]:
    """The register as it stands now (the decision's date): members with shares."""
    return await repository.of_collective(session, collective_id)


async def set_shares(
    session: AsyncSession, who: Principal, collective_id: str, party_id: str, body: SharesIn
) -> Shareholding:
    """Only a confirmed member of this collective holds shares (成员身份确认)."""
    c = await collective_for_village(session, who, collective_id)
    member = await session.scalar(
        select(HouseholdMember)
        .join(Household, Household.id == HouseholdMember.household_id)
        .where(
            Household.collective_id == c.id,
            HouseholdMember.party_id == party_id,
            HouseholdMember.confirmed.is_(True),
        )
    )
    if member is None:
        raise invalid_field(
            "party_id",
            "Z11",
            "shares are held by confirmed members of the collective",
            "股权由经确认的本集体经济组织成员持有",
        )
    h = await repository.holding(session, c.id, party_id)
    at = now(session)
    if h is None:
        h = Shareholding(
            id=new_id(), collective_id=c.id, party_id=party_id, shares=body.shares, updated_at=at
        )
        await add_unique(
            session,
            h,
            taken=Problem(
                409,
                "shares-changed",
                "the shares were recorded meanwhile",
                "股权已被同时登记",
                rule="Z11",
            ),
        )
    else:
        h.shares, h.updated_at = body.shares, at
    await record_on(
        session, h, action="shares.set", by=who, rule="Z11", data={"shares": body.shares}
    )
    return h

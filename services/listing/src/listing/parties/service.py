"""Party projections: restrictions (L13, G11) and collective membership (L10, L11)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.context import session_context
from common.problems import Problem, forbidden
from listing.parties.models import CollectiveMember, Restriction

EVERYWHERE = ""  # the county of a restriction that travels to every county (G11)


def in_county(county: str) -> ColumnElement[bool]:
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
            in_county(county),
        )
    )
    return list(rows.scalars())


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


async def set_restriction(
    session: AsyncSession,
    *,
    party_id: str,
    source: str,
    active: bool,
    reason: str,
    decided_by: str,
    at: datetime,
    name: str | None = None,
    county: str = EVERYWHERE,
) -> Restriction:
    """Upsert: applying the same fact twice leaves the same row (idempotent)."""
    row = (
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
    if row is None:
        row = Restriction(party_id=party_id, source=source, county=county, name=name or "")
        session.add(row)
    elif row.changed_at is not None and row.changed_at > at:
        return row  # an older fact arriving late changes nothing
    if name:
        row.name = name
    row.active = active
    row.reason = reason
    row.decided_by = decided_by
    row.changed_at = at
    await session.flush()
    return row


async def bar(
    session: AsyncSession, who: Principal, party_id: str, reason: str, active: bool
) -> Restriction:
    """L13: the centre bars (or lifts the bar on) a participant for prohibited conduct.

    A bar belongs to the county whose centre made it (the caller's county organization):
    only that centre lifts it, and it restricts only there (README, "Restrictions").
    """
    county = who.org.id
    at = session_context(session).clock.now()
    if not active:
        await _refuse_lifting_what_is_not_ours(session, party_id, county)
    row = await set_restriction(
        session,
        party_id=party_id,
        source="centre",
        active=active,
        reason=reason,
        decided_by=who.subject,
        at=at,
        county=county,
    )
    await record_decision(
        session,
        subject_type="party",
        subject_id=party_id,
        action="party.barred" if active else "party.bar_lifted",
        by=who,
        rule="L13",
        reason=reason,
        data={"county": county},
    )
    return row


async def _refuse_lifting_what_is_not_ours(
    session: AsyncSession, party_id: str, county: str
) -> None:
    bars = (
        await session.execute(
            select(Restriction).where(
                Restriction.party_id == party_id,
                Restriction.source == "centre",
                Restriction.active.is_(True),
            )
        )
    ).scalars()
    counties = {b.county for b in bars}
    if county in counties:
        return
    if counties:
        raise forbidden(
            "the party is barred by another county's centre; only that centre may lift it",
            "该主体由其他县交易中心禁止参与交易，只能由该中心解除",
        )
    raise Problem(
        409,
        "not-barred",
        "The party is not barred by this centre",
        "本中心未禁止该主体参与交易",
        rule="L13",
    )


async def upsert_member(
    session: AsyncSession,
    *,
    collective_id: str,
    collective_name: str,
    county: str,
    township: str,
    party_id: str,
    name: str,
    member: bool,
    homestead_qualified: bool,
    at: datetime,
) -> CollectiveMember:
    row = await membership(session, collective_id, party_id)
    if row is None:
        row = CollectiveMember(collective_id=collective_id, party_id=party_id)
        session.add(row)
    elif row.changed_at > at:
        return row  # older than what we know
    row.collective_name = collective_name
    row.county = county
    row.township = township
    row.name = name
    row.member = member
    row.homestead_qualified = homestead_qualified
    row.changed_at = at
    await session.flush()
    return row

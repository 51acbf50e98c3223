"""Party projections — 交易主体: restrictions (L13, G11) and collective membership (L10, L11).

The centre bars and lifts bars in its own county; the blacklist and the membership are
other services' facts, projected here as upserts that ignore an older fact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.context import now
from common.problems import Problem
from listing.access import require_own_bar
from listing.parties import repository
from listing.parties.models import CollectiveMember, Restriction
from listing.parties.repository import EVERYWHERE


async def set_restriction(
    session: AsyncSession,
    who: Principal | None,
    party_id: str,
    *,
    source: str,
    active: bool,
    reason: str,
    decided_by: str,
    at: datetime,
    name: str | None = None,
    county: str = EVERYWHERE,
) -> Restriction:
    """Upsert: applying the same fact twice leaves the same row (idempotent)."""
    row = await repository.restriction_for_update(session, party_id, source, county)
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
    if not active:
        await _refuse_lifting_what_is_not_ours(session, who, party_id)
    row = await set_restriction(
        session,
        who,
        party_id,
        source="centre",
        active=active,
        reason=reason,
        decided_by=who.subject,
        at=now(session),
        county=county,
    )
    # the subject is the party (the restriction row has no id of its own)
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
    session: AsyncSession, who: Principal, party_id: str
) -> None:
    counties = await repository.counties_barring(session, party_id)
    if not counties:
        raise Problem(
            409,
            "not-barred",
            "The party is not barred by this centre",
            "本中心未禁止该主体参与交易",
            rule="L13",
        )
    require_own_bar(who, counties)


async def restrictions(session: AsyncSession, who: Principal, party_id: str) -> list[Restriction]:
    """The blacklist and the caller's county's own bars; other counties' bars are theirs (X3)."""
    return await repository.restrictions_in(session, party_id, who.org.id)


async def upsert_member(
    session: AsyncSession,
    who: Principal | None,
    party_id: str,
    *,
    collective_id: str,
    collective_name: str,
    county: str,
    township: str,
    name: str,
    member: bool,
    homestead_qualified: bool,
    at: datetime,
) -> CollectiveMember:
    """The membership projection behind L10 (priority) and L11 (restricted buyers)."""
    row = await repository.membership(session, collective_id, party_id)
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

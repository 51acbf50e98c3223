"""Blacklist — 失信黑名单 (DOMAIN G11): "一处失信、处处受限"."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.access import county_of, other_org
from common.audit import org_label, record_decision
from common.auth import OrgType, Principal, Role
from common.context import now
from common.contracts.guarantee import PartyBlacklisted, PartyCleared
from common.outbox import record_event
from common.problems import Problem
from guarantee.blacklist import repository
from guarantee.blacklist.models import BlacklistEntry

COUNTY_AUTHORITY = (Role.county_finance, Role.county_department)


def _conflict(code: str, en: str, zh: str) -> Problem:
    """A blacklisting that does not fit the party's standing (409, G11)."""
    return Problem(409, code, en, zh, rule="G11")


def lifted_as(who: Principal, entry: BlacklistEntry) -> str:
    """Who may clear an entry (G11, X3): the organization that listed it, or the county
    authority (finance bureau, agriculture department) of the county it was listed in,
    audited as such. Another guarantor, bank or county is refused."""
    if entry.listed_by_org is not None and entry.listed_by_org == org_label(who):
        return "listing_organization"
    if (
        who.org.type == OrgType.county
        and who.has(*COUNTY_AUTHORITY)
        and entry.county is not None
        and who.org.id == entry.county
    ):
        return "county_authority"
    refusal = other_org("the blacklist entry", "该黑名单记录")
    refusal.detail_en = (
        f"the entry was listed by {entry.listed_by_org or 'another organization'}; only it "
        f"or the authority of county {entry.county or '(none)'} may clear it"
    )
    refusal.detail_zh = "该黑名单记录由其他机构列入，只能由列入机构或所在县主管部门移出"
    raise refusal


async def refuse_if_blacklisted(
    session: AsyncSession, who: Principal | None, party_id: str
) -> None:
    """No new guarantee for a blacklisted party (G11)."""
    if await repository.active_entry(session, party_id) is not None:
        raise _conflict(
            "party-blacklisted",
            "The party is blacklisted: no new guarantee",
            "该主体已列入失信黑名单，不予新增担保",
        )


async def blacklist(
    session: AsyncSession, who: Principal, party_id: str, *, party_name: str, reason: str
) -> BlacklistEntry:
    if await repository.active_entry(session, party_id) is not None:
        raise _conflict(
            "already-blacklisted", "The party is already blacklisted", "该主体已在黑名单中"
        )
    at = now(session)
    entry = BlacklistEntry(
        party_id=party_id,
        party_name=party_name,
        county=county_of(who) or None,
        listed_by_org=org_label(who),
        reason=reason,
        decided_by=who.subject,
        decided_at=at,
    )
    try:
        async with session.begin_nested():
            session.add(entry)
    except IntegrityError:  # another decision on the same party committed first
        raise _conflict(
            "already-blacklisted", "The party is already blacklisted", "该主体已在黑名单中"
        ) from None
    await record_decision(
        session,
        subject_type="party",
        subject_id=party_id,
        action="party.blacklisted",
        by=who,
        reason=reason,
        rule="G11",
    )
    await record_event(
        session,
        PartyBlacklisted(
            party_id=party_id,
            party_name=party_name,
            reason=reason,
            decided_by=who.subject,
            decided_at=at,
        ),
    )
    return entry


async def clear(
    session: AsyncSession, who: Principal, party_id: str, *, reason: str
) -> BlacklistEntry:
    entry = await repository.active_entry(session, party_id)
    if entry is None:
        raise _conflict("not-blacklisted", "The party is not blacklisted", "该主体不在黑名单中")
    cleared_as = lifted_as(who, entry)
    at = now(session)
    entry.cleared_at, entry.cleared_by, entry.cleared_reason = at, who.subject, reason
    await session.flush()
    await record_decision(
        session,
        subject_type="party",
        subject_id=party_id,
        action="party.cleared",
        by=who,
        reason=reason,
        rule="G11",
        data={"listed_by_org": entry.listed_by_org, "cleared_as": cleared_as},
    )
    await record_event(
        session,
        PartyCleared(party_id=party_id, reason=reason, decided_by=who.subject, decided_at=at),
    )
    return entry


async def entries(
    session: AsyncSession, who: Principal | None, party_id: str | None = None
) -> list[BlacklistEntry]:
    """Every listing, past and present; the readers are checked on the route."""
    return await repository.entries(session, party_id)

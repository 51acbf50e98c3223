"""Party projections — 交易主体: restrictions (L13, G11) and collective membership (L10, L11).

The centre bars and lifts bars in its own county; the blacklist and the membership are
other services' facts, projected here as upserts that ignore an older fact.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.access import county_of, require_org
from common.audit import record_decision, record_on
from common.auth import OrgType, Principal
from common.context import now
from common.contracts.listing import IntermediaryChanged
from common.ids import PartyKind, party_kind
from common.keys import new_id
from common.outbox import record_event
from common.problems import FieldProblem, Problem, invalid, not_found
from listing.access import require_own_bar
from listing.parties import repository
from listing.parties.models import CollectiveMember, Intermediary, Party, Restriction
from listing.parties.repository import EVERYWHERE
from listing.parties.schemas import AgentIn, IntermediaryIn, PartyFileIn, PartyIn


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


# --- the intermediary register (L20) -----------------------------------------------------


def _licence_problems(body: IntermediaryIn) -> list[FieldProblem]:
    if body.valid_until < body.valid_from:
        return [
            FieldProblem(
                "valid_until",
                "L20",
                "the licence must end on or after it starts",
                "执业许可有效期截止日不得早于起始日",
            )
        ]
    return []


async def save_intermediary(
    session: AsyncSession, who: Principal, body: IntermediaryIn, intermediary_id: str | None = None
) -> Intermediary:
    """The centre files (or changes) an intermediary in its county's register (L20) and
    publishes ``listing.intermediary_changed`` for the registry (R6) and collective (E5)."""
    problems = _licence_problems(body)
    if problems:
        raise invalid(problems, rule="L20")
    at = now(session)
    if intermediary_id is None:
        row = Intermediary(id=new_id(), county=who.org.id)
        session.add(row)
    else:
        found = await repository.intermediary(session, intermediary_id)
        if found is None:
            raise not_found("Intermediary", "中介机构")
        require_org(who, OrgType.county, found.county, "The intermediary", "该中介机构")
        row = found
    for name, value in body.model_dump().items():
        setattr(row, name, value)
    row.recorded_by, row.changed_at = who.subject, at
    await record_on(
        session,
        row,
        action="intermediary.filed" if intermediary_id is None else "intermediary.changed",
        by=who,
        rule="L20",
        data=body.model_dump(mode="json"),
    )
    await record_event(
        session,
        IntermediaryChanged(
            intermediary_id=row.id,
            county=row.county,
            changed_at=at,
            decided_by=who.subject,
            **body.model_dump(),
        ),
    )
    return row


async def intermediaries(
    session: AsyncSession, who: Principal, kind: str | None
) -> list[Intermediary]:
    """The caller's county's register (L20)."""
    return await repository.intermediaries_of(session, county_of(who) or "", kind)


async def appraiser_problems(
    session: AsyncSession, county: str, appraiser_id: str | None, on: date | None, field: str
) -> list[FieldProblem]:
    """L20: an appraisal counts only from an appraiser registered in the county and valid
    (active, licence in force) on the appraisal date."""
    if appraiser_id is None or on is None:
        return [
            FieldProblem(
                f"{field}.appraiser_id",
                "L20",
                "an appraisal names its registered appraiser and its date",
                "评估须载明已登记备案的评估机构及评估日期",
            )
        ]
    row = await repository.intermediary(session, appraiser_id)
    if row is None or row.county != county or row.kind != "appraiser":
        return [
            FieldProblem(
                f"{field}.appraiser_id",
                "L20",
                "not an appraiser in the county's register",
                "该评估机构未在本县登记备案",
            )
        ]
    if not row.active or not row.valid_from <= on <= row.valid_until:
        return [
            FieldProblem(
                f"{field}.appraiser_id",
                "L20",
                f"the appraiser's licence was not valid on {on}",
                f"评估日期{on}评估机构执业许可不在有效期内",
            )
        ]
    return []


# --- the party register (L20) ------------------------------------------------------------


async def file_party(session: AsyncSession, who: Principal, body: PartyFileIn) -> Party:
    """The centre or the township window files a party once (L20); a second filing of the
    same identity number is refused (409): it is changed instead."""
    if await session.get(Party, body.party_id) is not None:
        raise Problem(
            409,
            "party-already-filed",
            f"party {body.party_id} is already in the register: change it instead",
            "该交易主体已登记，请办理变更",
            rule="L20",
        )
    kind = "person" if party_kind(body.party_id) == PartyKind.natural_person else "organization"
    row = Party(
        party_id=body.party_id,
        kind=kind,
        county=county_of(who) or who.org.id[:6],
        version=0,
    )
    session.add(row)
    return await _save_party(session, who, row, body, "party.filed")


async def change_party(
    session: AsyncSession, who: Principal, party_id: str, body: PartyIn
) -> Party:
    """A filed party's details changed (L20): a new version; records that cited it keep
    the details they copied."""
    row = await session.get(Party, party_id, with_for_update=True)
    if row is None:
        raise not_found("Party", "交易主体")
    return await _save_party(session, who, row, body, "party.changed")


async def _save_party(
    session: AsyncSession, who: Principal, row: Party, body: PartyIn, action: str
) -> Party:
    row.name, row.phone, row.address = body.name, body.phone, body.address
    row.version += 1
    row.recorded_by, row.changed_at = who.subject, now(session)
    await session.flush()
    await record_on(
        session,
        row,
        action=action,
        by=who,
        rule="L20",
        data=body.model_dump(mode="json", exclude={"party_id"}) | {"version": row.version},
    )
    return row


async def read_party(session: AsyncSession, party_id: str) -> Party:
    row = await session.get(Party, party_id)
    if row is None:
        raise not_found("Party", "交易主体")
    return row


async def filed_party(
    session: AsyncSession, party_id: str, field: str
) -> tuple[Party | None, list[FieldProblem]]:
    """The filed party a record cites instead of retyping (L20), or why it cannot."""
    row = await session.get(Party, party_id)
    if row is None:
        return None, [
            FieldProblem(
                field,
                "L20",
                f"party {party_id} is not in the register: give the details or file it first",
                "该交易主体未登记，请填写其信息或先行登记",
            )
        ]
    return row, []


def agent_problems(agent: AgentIn | None, on: date, field: str = "agent") -> list[FieldProblem]:
    """L20: an agent (委托代理) files with a power of attorney valid on ``on``."""
    if agent is None:
        return []
    poa = agent.power_of_attorney
    if poa is None:
        return [
            FieldProblem(
                f"{field}.power_of_attorney",
                "L20",
                "an agent needs the party's power of attorney",
                "委托代理的，须提交授权委托书",
            )
        ]
    if not poa.valid_from <= on <= poa.valid_until:
        return [
            FieldProblem(
                f"{field}.power_of_attorney.valid_until",
                "L20",
                f"the power of attorney is not valid on {on} "
                f"({poa.valid_from} to {poa.valid_until})",
                f"授权委托书不在有效期内（{poa.valid_from}至{poa.valid_until}）",
            )
        ]
    return []


def agent_record(agent: AgentIn | None) -> dict[str, Any] | None:
    """The agent and the power of attorney as the record keeps them (JSON)."""
    return agent.model_dump(mode="json") if agent is not None else None

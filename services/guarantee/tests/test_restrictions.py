"""G11: who may clear a blacklist entry (issue 16 item 2) — the organization that listed
it, or the authority of the county it was listed in (audited); nobody else."""

from __future__ import annotations

from guarantee_helpers import (
    AGRI,
    FINANCE,
    GUARANTOR,
    OTHER_FINANCE,
    OTHER_GUARANTOR,
    ok,
    person,
)
from sqlalchemy import select

from common.audit import decisions_of
from common.context import session_context


async def _list(client, party: str, headers: dict) -> dict:
    body = {"party_id": party, "party_name": "张三", "reason": "恶意逃废债务"}
    return ok(await client.post("/blacklist", json=body, headers=headers), 201)


async def _cleared_events(client) -> int:
    async with client.runtime.transaction() as s:
        o = session_context(s).infra.outbox
        rows = await s.execute(select(o).where(o.c.event_type == "guarantee.party_cleared"))
        return len(rows.all())


async def test_G11_another_organization_cannot_clear_a_blacklist_entry(lite) -> None:
    party = person(11)
    entry = await _list(lite, party, GUARANTOR)
    assert entry["listed_by_org"] == "guarantor:AHNDB-QY" and entry["county"] == "620821"
    for other in (OTHER_GUARANTOR, OTHER_FINANCE):
        r = await lite.post(f"/blacklist/{party}/clear", json={"reason": "误列"}, headers=other)
        assert r.status_code == 403, r.text
        assert r.json()["rule"] == "X3"
    [still] = ok(await lite.get(f"/blacklist?party_id={party}", headers=FINANCE))
    assert still["active"] and still["cleared_by"] is None
    assert await _cleared_events(lite) == 0
    # the organization that listed it clears it
    cleared = ok(
        await lite.post(f"/blacklist/{party}/clear", json={"reason": "已清偿"}, headers=GUARANTOR)
    )
    assert not cleared["active"]
    async with lite.runtime.transaction() as s:
        log = await decisions_of(s, "party", party)
    assert log[-1].data == {
        "listed_by_org": "guarantor:AHNDB-QY",
        "cleared_as": "listing_organization",
    }


async def test_G11_the_county_authority_where_it_was_listed_may_clear_it_audited(lite) -> None:
    party = person(12)
    await _list(lite, party, GUARANTOR)
    ok(await lite.post(f"/blacklist/{party}/clear", json={"reason": "县级复核"}, headers=AGRI))
    async with lite.runtime.transaction() as s:
        log = await decisions_of(s, "party", party)
    assert (log[-1].action, log[-1].actor_org, log[-1].data["cleared_as"]) == (
        "party.cleared",
        "county:620821",
        "county_authority",
    )
    assert await _cleared_events(lite) == 1


async def test_G11_a_guarantor_cannot_clear_what_the_county_listed(lite) -> None:
    party = person(13)
    await _list(lite, party, FINANCE)
    r = await lite.post(f"/blacklist/{party}/clear", json={"reason": "x"}, headers=GUARANTOR)
    assert r.status_code == 403
    ok(await lite.post(f"/blacklist/{party}/clear", json={"reason": "核实"}, headers=FINANCE))


async def test_G11_an_entry_made_before_organizations_were_recorded_keeps_its_lister(
    tmp_path, services
) -> None:
    """Revision guarantee_0004: the organization comes from the audit trail."""
    from sqlalchemy import text

    from testkit.testing import earlier_schema

    async with earlier_schema(services["guarantee"], tmp_path, "guarantee_0003") as earlier:
        async with earlier.engine.begin() as c:
            await c.execute(
                text(
                    "INSERT INTO blacklist (party_id, party_name, county, reason, decided_by,"
                    " decided_at) VALUES ('P1', 'n', '620821', 'x', 'g-1',"
                    " '2026-02-01 00:00:00.000000')"
                )
            )
            await c.execute(
                text(
                    "INSERT INTO decisions (subject_type, subject_id, action, rule,"
                    " actor_subject, actor_name, actor_roles, actor_org, reason, data,"
                    " decided_at) VALUES ('party', 'P1', 'party.blacklisted', 'G11', 'g-1',"
                    " 'n', '[]', 'guarantor:AHNDB-QY', 'x', '{}', '2026-02-01 00:00:00.000100')"
                )
            )
        await earlier.upgrade()
        async with earlier.engine.connect() as c:
            rows = (await c.execute(text("SELECT party_id, listed_by_org FROM blacklist"))).all()
    assert rows == [("P1", "guarantor:AHNDB-QY")]

"""G11 blacklist (events out, no new guarantee), X3 visibility per role and organization,
X4 bad input changes nothing, X1 bank entries with Idempotency-Key."""

from __future__ import annotations

from guarantee_helpers import (
    AGRI,
    BANK,
    CLERK,
    FINANCE,
    GUARANTOR,
    LENDER,
    OTHER_CLERK,
    OTHER_GUARANTOR,
    OTHER_LENDER,
    SUPERVISOR,
    approved,
    bank_entry,
    blacklist,
    borrower_id,
    import_rows,
    issued,
    ok,
    person,
    repay,
    row,
)
from sqlalchemy import func, select

from common.audit import decisions_of
from common.context import session_context


async def outbox_events(c, event_type: str) -> list[dict]:
    async with c.runtime.transaction() as s:
        o = session_context(s).infra.outbox
        return [
            dict(r._mapping) for r in await s.execute(select(o).where(o.c.event_type == event_type))
        ]


async def test_G11_blacklisting_is_published_and_refuses_new_guarantees(client) -> None:
    party = person(1)
    await import_rows(client, row(party))
    bid = await borrower_id(client, party)
    r = await blacklist(client, party, "张三", "恶意逃废债务")
    entry = ok(r, 201)
    assert entry["active"] and entry["decided_by"] == "g-1"
    again = await blacklist(client, party, "张三", "x")
    assert again.status_code == 409
    refused = await client.post(
        "/guarantees/recommendations",
        json={"lender_org_id": BANK, "borrower_ids": [bid]},
        headers=GUARANTOR,
    )
    assert refused.status_code == 409 and refused.json()["rule"] == "G11"
    assert ok(await client.get("/guarantees", headers=GUARANTOR)) == []
    events = await outbox_events(client, "guarantee.party_blacklisted")
    assert len(events) == 1 and events[0]["aggregate_id"] == party
    assert events[0]["payload"]["reason"] == "恶意逃废债务"
    # clearing is recorded and published too; then a guarantee is possible again
    cleared = ok(
        await client.post(f"/blacklist/{party}/clear", json={"reason": "债务已清偿"}, headers=AGRI)
    )
    assert not cleared["active"] and cleared["cleared_by"] == "agri-1"
    assert len(await outbox_events(client, "guarantee.party_cleared")) == 1
    ok(
        await client.post(
            "/guarantees/recommendations",
            json={"lender_org_id": BANK, "borrower_ids": [bid]},
            headers=GUARANTOR,
        ),
        201,
    )
    history = ok(await client.get(f"/blacklist?party_id={party}", headers=SUPERVISOR))
    assert [(h["reason"], h["cleared_reason"]) for h in history] == [("恶意逃废债务", "债务已清偿")]
    async with client.runtime.transaction() as s:
        log = await decisions_of(s, "party", party)
    assert [(d.action, d.rule) for d in log] == [
        ("party.blacklisted", "G11"),
        ("party.cleared", "G11"),
    ]


async def test_G11_a_party_blacklisted_mid_pipeline_gets_no_contract(client) -> None:
    party = person(2)
    gid = await approved(client, party)
    ok(
        await blacklist(client, party, "李四", "恶意骗贷", FINANCE),
        201,
    )
    ok(
        await client.post(
            f"/guarantees/{gid}/notice",
            json={"complaint_phone": "0566-5021234", "places": "镇、村"},
            headers=CLERK,
        )
    )
    from guarantee_helpers import run_timers

    await run_timers(client, 7)
    ok(await client.post(f"/guarantees/{gid}/township-recommendation", json={}, headers=CLERK))
    ok(await client.post(f"/guarantees/{gid}/county-recommendation", json={}, headers=AGRI))
    r = await client.post(f"/guarantees/{gid}/contract", headers=GUARANTOR)
    assert r.status_code == 409 and r.json()["rule"] == "G11"
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    assert g["state"] == "county_recommended"
    assert await outbox_events(client, "guarantee.guarantee_issued") == []


async def test_G11_bad_requests_and_roles(client) -> None:
    r = await blacklist(client, "123", "", "")
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"party_id", "party_name", "reason"}
    r = await blacklist(client, person(3), "x", "y", LENDER)
    assert r.status_code == 403
    r = await blacklist(client, person(3), "x", "y", CLERK)
    assert r.status_code == 403
    assert (
        await client.post(f"/blacklist/{person(3)}/clear", json={"reason": "x"}, headers=GUARANTOR)
    ).status_code == 409
    assert ok(await client.get("/blacklist", headers=SUPERVISOR)) == []


async def test_X3_each_organization_sees_only_its_own_guarantees(client) -> None:
    gid = await issued(client, person(4))
    for headers in (GUARANTOR, LENDER, CLERK, AGRI, FINANCE, SUPERVISOR):
        assert [g["id"] for g in ok(await client.get("/guarantees", headers=headers))] == [gid]
        ok(await client.get(f"/guarantees/{gid}", headers=headers))
    for headers in (OTHER_GUARANTOR, OTHER_LENDER, OTHER_CLERK):
        assert ok(await client.get("/guarantees", headers=headers)) == []
        assert (await client.get(f"/guarantees/{gid}", headers=headers)).status_code == 403


async def test_X1_bank_entries_need_an_idempotency_key_and_replay_once(client) -> None:
    gid = await issued(client, person(5))
    body = {"amount": "400000", "bank_reference": "D-9"}
    r = await client.post(f"/guarantees/{gid}/drawdowns", json=body, headers=LENDER)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "Idempotency-Key"
    first = await bank_entry(client, gid, "drawdowns", body, "same-key")
    again = await bank_entry(client, gid, "drawdowns", body, "same-key")
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    g = ok(await client.get(f"/guarantees/{gid}", headers=LENDER))
    assert g["drawn"] == "400000.00" and len(g["entries"]) == 1
    dup = await bank_entry(client, gid, "drawdowns", body, "other-key")
    assert dup.status_code == 409  # the same bank reference under a new key
    other = await bank_entry(client, gid, "drawdowns", body, "x")
    assert other.status_code == 409
    r = await client.post(
        f"/guarantees/{gid}/drawdowns", json=body, headers={**OTHER_LENDER, "Idempotency-Key": "k"}
    )
    assert r.status_code == 403


async def test_X4_bad_bank_entries_name_each_field_and_change_nothing(client) -> None:
    gid = await issued(client, person(6))
    r = await bank_entry(client, gid, "drawdowns", {"amount": "12.345", "bank_reference": ""}, "k1")
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"amount", "bank_reference"}
    r = await bank_entry(
        client, gid, "drawdowns", {"amount": "1000000.01", "bank_reference": "D"}, "k2"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "G3"
    ok(
        await bank_entry(
            client, gid, "drawdowns", {"amount": "1000000", "bank_reference": "D"}, "k3"
        ),
        201,
    )
    r = await bank_entry(
        client, gid, "repayments", {"principal": "1000000.01", "bank_reference": "R"}, "k4"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "principal"
    g = ok(await client.get(f"/guarantees/{gid}", headers=LENDER))
    assert (g["drawn"], g["repaid"], len(g["entries"])) == ("1000000.00", "0.00", 1)
    ok(
        await repay(client, gid, "1000000", "4350", "R", "k5"),
        201,
    )
    g = ok(await client.get(f"/guarantees/{gid}", headers=LENDER))
    assert (g["state"], g["outstanding"]) == ("repaid", "0.00")
    async with client.runtime.transaction() as s:
        n = await s.scalar(select(func.count()).select_from(session_context(s).infra.idempotency))
    assert n == 2  # refused requests store no key


async def test_X3_another_organization_is_refused_with_the_one_code(client) -> None:
    """One refusal for X3 in every area (common.access): 403 ``other-organization``."""
    gid = await issued(client, person(6))
    refusals = [
        await client.get(f"/guarantees/{gid}", headers=headers)
        for headers in (OTHER_GUARANTOR, OTHER_LENDER, OTHER_CLERK)
    ]
    bid = await borrower_id(client, person(6))
    refusals.append(await client.get(f"/borrowers/{bid}", headers=OTHER_CLERK))
    refusals.append(await client.get(f"/borrowers/{bid}", headers=OTHER_LENDER))
    refusals.append(await client.get("/funds/620822/reward_pool", headers=FINANCE))
    refusals.append(await client.get("/reports/620822/2026", headers=FINANCE))
    for r in refusals:
        body = r.json()
        assert r.status_code == 403 and body["rule"] == "X3", r.text
        assert body["type"].endswith("/other-organization"), r.text

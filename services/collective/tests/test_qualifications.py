"""Z1 homestead qualification (资格权) and its register: per household, proposed by the
collective (X5), published, confirmed by the township; realized, retained after a
withdrawal and regained; one active qualification per household, one collective per
person; every change audited (X2) and published for listing and registry (X1)."""

from __future__ import annotations

from collective_helpers import (
    FACTORS,
    NEIGHBOUR,
    NEIGHBOUR_OFFICER,
    OFFICER,
    TOWNSHIP_OFFICE,
    after_publicity,
    collective,
    effective_resolution,
    household,
    ok,
    outbox_events,
    parcel,
    person,
    propose,
    reasons,
    recognized,
    resolution,
)


async def test_Z1_recognized_after_publicity_and_township_confirmation(client) -> None:
    await collective(client)
    h = await household(client, 1, 2)
    r = await resolution(client)
    q = ok(await propose(client, h["id"], r["id"]), 201)
    assert q["status"] == "proposed" and q["qualified"] is False
    # confirming during the resolution's 7-day publicity is acting on it too early (X5)
    early = await client.post(f"/qualifications/{q['id']}/confirm", headers=TOWNSHIP_OFFICE)
    assert early.status_code == 409
    assert [e["rule"] for e in early.json()["errors"]] == ["X5"]
    await after_publicity(client)
    q = ok(await client.post(f"/qualifications/{q['id']}/confirm", headers=TOWNSHIP_OFFICE))
    assert q["status"] == "recognized" and q["qualified"] is True and q["version"] == 2
    register = ok(
        await client.get(f"/collectives/{h['collective_id']}/qualifications", headers=OFFICER)
    )
    assert [x["household_id"] for x in register] == [h["id"]]
    events = await outbox_events(client, "collective.qualification_changed")
    payloads = [e["payload"] for e in events]
    assert [p["status"] for p in payloads] == ["proposed", "recognized"]
    assert payloads[-1]["qualified"] is True
    assert sorted(payloads[-1]["member_party_ids"]) == sorted([person(1), person(2)])
    assert {e["aggregate_id"] for e in events} == {h["id"]}
    trail = ok(await client.get(f"/qualifications/{q['id']}/decisions", headers=OFFICER))
    assert [(d["action"], d["rule"], d["actor_org"]) for d in trail] == [
        ("qualification.propose", "Z1", "collective:371324100201"),
        ("qualification.confirm", "Z1", "township:371324100"),
    ]


async def test_Z1_a_proposal_lists_every_reason_it_is_refused(lite) -> None:
    await collective(lite)
    h = await household(lite, 1, confirmed=False)
    rejected = await resolution(lite, vote_for=10)
    body = {
        "household_id": h["id"],
        "resolution_id": rejected["id"],
        "factors": {**FACTORS, "membership": False},
    }
    refused = await lite.post("/qualifications", json=body, headers=OFFICER)
    assert refused.status_code == 422
    assert reasons(refused) == {
        ("household_id", "Z1"),  # no confirmed member
        ("factors.membership", "Z1"),
        ("resolution_id", "X5"),  # not passed
    }
    assert await outbox_events(lite, "collective.qualification_changed") == []


async def test_Z1_one_active_qualification_per_household(lite) -> None:
    await collective(lite)
    h = await household(lite, 1)
    r = await resolution(lite)
    ok(await propose(lite, h["id"], r["id"]), 201)
    again = await propose(lite, h["id"], r["id"])
    assert again.status_code == 422
    assert [(e["field"], e["rule"]) for e in again.json()["errors"]] == [("household_id", "Z1")]


async def test_Z1_one_collective_per_person(lite) -> None:
    await collective(lite)
    await household(lite, 1, 2)
    refused = await lite.post(
        f"/collectives/{NEIGHBOUR}/households",
        json={"head_party_id": person(2), "address": "x", "members": []},
        headers=OFFICER,
    )
    assert refused.status_code == 422  # no members at all: X4
    await collective(lite, NEIGHBOUR)
    body = {
        "head_party_id": person(2),
        "address": "邻村",
        "members": [{"party_id": person(2), "name": "成员2", "adult": True, "confirmed": True}],
    }
    refused = await lite.post(
        f"/collectives/{NEIGHBOUR}/households", json=body, headers=NEIGHBOUR_OFFICER
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0] == {
        "field": "members.0.party_id",
        "rule": "Z1",
        "message": "the person is already on a household's roll (one collective per person)",
        "message_zh": "该人已在其他农户名册中（一人只能属于一个集体经济组织）",
    }


async def test_Z1_retained_after_withdrawal_and_regained_through_X5(lite) -> None:
    await collective(lite)
    h, q = await recognized(lite, 1, 2)
    parcel_id = ok(await parcel(lite, "371324100201JC00001"), 201)["id"]
    assert (
        ok(await lite.get(f"/households/{h['id']}/homestead", headers=OFFICER))["status"] == "none"
    )
    body = {"parcel_id": parcel_id, "approval_ref": "兰宅批2026-001"}
    q = ok(
        await lite.post(f"/qualifications/{q['id']}/realize", json=body, headers=TOWNSHIP_OFFICE)
    )
    assert q["status"] == "realized" and q["parcel_id"] == parcel_id
    assert (
        ok(await lite.get(f"/households/{h['id']}/homestead", headers=OFFICER))["status"] == "one"
    )
    # voluntary paid withdrawal (Z7's outcome): the homestead goes back, qualification retained
    body = {"reference": "退出协议2026-01", "retain": True}
    q = ok(
        await lite.post(f"/qualifications/{q['id']}/withdrawal", json=body, headers=TOWNSHIP_OFFICE)
    )
    assert q["status"] == "retained" and q["qualified"] is True and q["parcel_id"] is None
    assert (
        ok(await lite.get(f"/households/{h['id']}/homestead", headers=OFFICER))["status"] == "none"
    )
    released = ok(await lite.get(f"/parcels/{parcel_id}", headers=OFFICER))
    assert released["household_id"] is None and released["use"] == "idle"
    # regaining needs a published resolution: one still in publicity is refused
    pending = await resolution(lite, "homestead")
    refused = await lite.post(
        f"/qualifications/{q['id']}/regain",
        json={"resolution_id": pending["id"]},
        headers=TOWNSHIP_OFFICE,
    )
    assert refused.status_code == 409 and refused.json()["errors"][0]["rule"] == "X5"
    await after_publicity(lite)
    q = ok(
        await lite.post(
            f"/qualifications/{q['id']}/regain",
            json={"resolution_id": pending["id"]},
            headers=TOWNSHIP_OFFICE,
        )
    )
    assert q["status"] == "regained"
    statuses = [
        e["payload"]["status"]
        for e in await outbox_events(lite, "collective.qualification_changed")
    ]
    assert statuses == ["proposed", "recognized", "realized", "retained", "regained"]


async def test_Z1_a_withdrawal_that_extinguishes_ends_the_qualification(lite) -> None:
    await collective(lite)
    h, q = await recognized(lite, 1)
    q = ok(
        await lite.post(
            f"/qualifications/{q['id']}/realize-other",
            json={"reference": "安置楼3-201"},
            headers=TOWNSHIP_OFFICE,
        )
    )
    assert q["status"] == "realized_other"
    body = {"reference": "x", "retain": False}
    refused = await lite.post(
        f"/qualifications/{q['id']}/withdrawal", json=body, headers=TOWNSHIP_OFFICE
    )
    assert refused.status_code == 409 and refused.json()["type"].endswith("/wrong-state")
    q = ok(
        await lite.post(
            f"/qualifications/{q['id']}/extinguish",
            json={"reason": "迁出"},
            headers=TOWNSHIP_OFFICE,
        )
    )
    assert q["status"] == "extinguished" and q["active"] is False and q["qualified"] is False
    # a new proposal for the household is possible again
    r = await effective_resolution(lite)
    ok(await propose(lite, h["id"], r["id"]), 201)


async def test_L11_Z1_the_roster_and_the_qualification_are_published_per_member(lite) -> None:
    """The collective service owns the roster: a household's confirmed members and their
    homestead qualification are published (collective.member_changed) for registry and
    listing, which no longer take them by hand."""
    await collective(lite)
    h = await household(lite, 1, 2)
    await household(lite, 3, confirmed=False)  # not a member until confirmed
    r = await resolution(lite)
    q = ok(await propose(lite, h["id"], r["id"]), 201)
    await after_publicity(lite)
    ok(await lite.post(f"/qualifications/{q['id']}/confirm", headers=TOWNSHIP_OFFICE))
    events = await outbox_events(lite, "collective.member_changed")
    seen = [
        (e["payload"]["party_id"], e["payload"]["member"], e["payload"]["homestead_qualified"])
        for e in events
    ]
    # entered, proposed (not yet qualified), recognized (qualified): two members each time
    assert seen == [
        (person(1), True, False),
        (person(2), True, False),
        (person(1), True, False),
        (person(2), True, False),
        (person(1), True, True),
        (person(2), True, True),
    ]
    assert {e["aggregate_id"] for e in events} == {h["collective_id"]}
    assert {e["payload"]["township"] for e in events} == {"371324100"}


async def test_Z1_a_member_who_leaves_is_published_and_may_join_another_collective(
    client,
) -> None:
    """成员身份丧失: the roll keeps the member with the cause; listing and registry are told
    (member false); the person may then be enrolled elsewhere (one current roll, Z1)."""
    await collective(client)
    h = await household(client, 1, 2)
    url = f"/households/{h['id']}/members/{person(1)}/leave"
    body = {"cause": "joined_other_collective", "reference": "邻村成员身份确认书2026-03"}
    refused = await client.post(url, json=body, headers=OFFICER)
    assert refused.status_code == 422  # the head leaves: the household names its new head
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("new_head_party_id", "Z1")
    ]
    other = await client.post(
        url, json=body | {"new_head_party_id": person(2)}, headers=NEIGHBOUR_OFFICER
    )
    assert other.status_code == 403  # another village's officer (X3)
    left = ok(await client.post(url, json=body | {"new_head_party_id": person(2)}, headers=OFFICER))
    assert left["head_party_id"] == person(2)
    gone = next(m for m in left["members"] if m["party_id"] == person(1))
    assert gone["left_cause"] == "joined_other_collective" and gone["left_at"] is not None
    again = await client.post(url, json=body, headers=OFFICER)
    assert again.status_code == 404  # no longer on the current roll
    changes = [e["payload"] for e in await outbox_events(client, "collective.member_changed")]
    assert (changes[-1]["party_id"], changes[-1]["member"]) == (person(1), False)
    await collective(client, NEIGHBOUR)
    moved = {
        "head_party_id": person(1),
        "address": "邻村",
        "members": [{"party_id": person(1), "name": "成员1", "adult": True, "confirmed": True}],
    }
    ok(
        await client.post(
            f"/collectives/{NEIGHBOUR}/households", json=moved, headers=NEIGHBOUR_OFFICER
        ),
        201,
    )

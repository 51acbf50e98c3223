"""L20 (004 意见 三(一), 二(二); 办法 第六条): parties filed once — validated identity numbers —
and reused by L6's seller and buyer records (a change in the register does not rewrite a
past record); an agent (委托代理) submits with the power of attorney, refused without one
or outside its validity."""

from __future__ import annotations

from datetime import timedelta

from common.clock import local_date
from common.ids import generate_credit_code

POA = "ab" * 32


async def file_party(lite, party_id: str, name: str, **kw):
    body = {"party_id": party_id, "name": name, **kw}
    return await lite.c.post("/parties", json=body, headers=lite.clerk())


async def test_L20_a_party_is_filed_once_with_a_validated_identity_number(lite) -> None:
    seller = lite.person()
    r = await file_party(lite, seller, "李四", phone="13900001111")
    assert r.status_code == 201, r.text
    assert (r.json()["kind"], r.json()["version"]) == ("person", 1)
    again = await file_party(lite, seller, "李四")
    assert again.status_code == 409 and again.json()["rule"] == "L20"
    bad = await file_party(lite, "110101199003071234", "张三")  # wrong check digit
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "party_id"
    org = await file_party(lite, generate_credit_code(), "村东村股份经济合作社")
    assert org.status_code == 201 and org.json()["kind"] == "organization"
    assert (await lite.c.get(f"/parties/{seller}", headers=lite.staff())).json()["name"] == "李四"
    assert (await lite.c.get(f"/parties/{seller}", headers=lite.buyer(seller))).status_code == 403


async def test_L20_L6_a_listing_cites_the_filed_seller_and_keeps_the_name_it_used(lite) -> None:
    seller = lite.person()
    assert (await file_party(lite, seller, "李四")).status_code == 201
    listing = await lite.create(seller_party_id=seller, seller_name=None)
    assert listing["seller_name"] == "李四"
    r = await lite.c.put(f"/parties/{seller}", json={"name": "李四海"}, headers=lite.staff())
    assert r.status_code == 200 and r.json()["version"] == 2
    assert (await lite.get(listing["id"]))["seller_name"] == "李四"  # not rewritten
    later = await lite.create(seller_party_id=seller, seller_name=None)
    assert later["seller_name"] == "李四海"
    unknown = await lite.c.post(
        "/listings",
        json=lite.body(seller_party_id=lite.person(), seller_name=None),
        headers=lite.clerk(),
    )
    assert unknown.status_code == 422
    assert {(e["field"], e["rule"]) for e in unknown.json()["errors"]} == {("seller_name", "L20")}


async def test_L20_L6_a_buyer_registration_cites_the_filed_party(lite) -> None:
    listing = await lite.to_announced()
    party = lite.person()
    assert (await file_party(lite, party, "王五", phone="13812345678")).status_code == 201
    reg = await lite.register_buyer(listing["id"], party, name=None, phone=None)
    assert reg["name"] == "王五"
    other = lite.person()
    r = await lite.c.post(
        f"/listings/{listing['id']}/registrations",
        json={"party_id": other, "buyer_kind": "natural_person"},
        headers=lite.buyer(other),
    )
    assert r.status_code == 422
    assert {(e["field"], e["rule"]) for e in r.json()["errors"]} == {("party_id", "L20")}


async def test_L20_an_agent_needs_a_power_of_attorney_valid_today(lite) -> None:
    today = local_date(lite.clock.now())
    agent = {"party_id": lite.person(), "name": "赵律师"}
    valid = {"sha256": POA, "valid_from": str(today), "valid_until": str(today + timedelta(30))}
    expired = valid | {"valid_until": str(today - timedelta(days=1))}
    for given, field in (
        (agent, "agent.power_of_attorney"),
        (agent | {"power_of_attorney": expired}, "agent.power_of_attorney.valid_until"),
    ):
        r = await lite.c.post("/listings", json=lite.body(agent=given), headers=lite.clerk())
        assert r.status_code == 422, r.text
        assert {(e["field"], e["rule"]) for e in r.json()["errors"]} == {(field, "L20")}
    listing = await lite.create(agent=agent | {"power_of_attorney": valid})
    assert listing["agent"]["power_of_attorney"]["sha256"] == POA

    # a buyer's agent registers for the party: the agent is the caller
    announced = await lite.to_announced()
    party = lite.person()
    body = {
        "party_id": party,
        "name": "王五",
        "buyer_kind": "natural_person",
        "phone": "13812345678",
        "agent": agent,
    }
    path = f"/listings/{announced['id']}/registrations"
    r = await lite.c.post(path, json=body, headers=lite.buyer(agent["party_id"]))
    assert r.status_code == 422
    assert {(e["field"], e["rule"]) for e in r.json()["errors"]} == {
        ("agent.power_of_attorney", "L20")
    }
    body["agent"] = agent | {"power_of_attorney": valid}
    assert (
        await lite.c.post(path, json=body, headers=lite.buyer(lite.person()))
    ).status_code == 403
    r = await lite.c.post(path, json=body, headers=lite.buyer(agent["party_id"]))
    assert r.status_code == 201, r.text
    assert r.json()["agent"]["party_id"] == agent["party_id"] and r.json()["party_id"] == party

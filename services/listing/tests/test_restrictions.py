"""Who sets and who lifts a restriction on a party (L13 bar, G11 blacklist; issue 16)."""

from __future__ import annotations


async def test_L13_another_countys_centre_cannot_lift_a_bar(api) -> None:
    listing = await api.to_announced()
    party = api.person()
    await api.post(f"/parties/{party}/bar", {"reason": "串通压价"}, api.staff(), 201)
    other = api.staff(api.OTHER_COUNTY)
    r = await api.c.post(f"/parties/{party}/unbar", json={"reason": "误判"}, headers=other)
    assert r.status_code == 403, r.text
    assert r.json()["rule"] == "X3"
    refused = await api.register_buyer(listing["id"], party, expect=422)
    assert refused["errors"][0]["rule"] == "L13"
    # the county that barred the party lifts it, and the party registers again
    lifted = await api.post(f"/parties/{party}/unbar", {"reason": "复核撤销"}, api.staff())
    assert lifted["barred"] is False
    assert (await api.register_buyer(listing["id"], party))["status"] == "pending"


async def test_L13_a_bar_restricts_only_in_the_county_that_made_it(api) -> None:
    listing = await api.to_announced()  # a listing of county 620821
    party = api.person()
    other = api.staff(api.OTHER_COUNTY)
    await api.post(f"/parties/{party}/bar", {"reason": "扰乱交易秩序"}, other, 201)
    assert (await api.register_buyer(listing["id"], party))["status"] == "pending"
    # 620821's staff do not see 620822's bar; 620822's staff do
    mine = await api.c.get(f"/parties/{party}/restrictions", headers=api.staff())
    assert mine.json() == []
    theirs = (await api.c.get(f"/parties/{party}/restrictions", headers=other)).json()
    assert [(x["source"], x["county"], x["active"]) for x in theirs] == [
        ("centre", api.OTHER_COUNTY, True)
    ]


async def test_L13_lifting_a_bar_that_does_not_exist_changes_nothing(api) -> None:
    party = api.person()
    r = await api.c.post(f"/parties/{party}/unbar", json={"reason": "x"}, headers=api.staff())
    assert r.status_code == 409 and r.json()["rule"] == "L13"
    assert (await api.c.get(f"/parties/{party}/restrictions", headers=api.staff())).json() == []


async def test_G11_a_blacklisted_party_is_refused_in_every_county_and_no_centre_lifts_it(
    api,
) -> None:
    listing = await api.to_announced()
    party = api.person()
    await api.blacklist(party)
    r = await api.c.post(f"/parties/{party}/unbar", json={"reason": "x"}, headers=api.staff())
    assert r.status_code == 409  # the centre's unbar is not a way off the blacklist
    refused = await api.register_buyer(listing["id"], party, expect=422)
    assert [e["rule"] for e in refused["errors"]] == ["G11"]
    for county in (api.COUNTY, api.OTHER_COUNTY):
        seen = (await api.c.get(f"/parties/{party}/restrictions", headers=api.staff(county))).json()
        assert [(x["source"], x["county"], x["active"]) for x in seen] == [
            ("guarantee", None, True)
        ]


async def test_L13_a_bar_recorded_before_counties_keeps_the_county_that_made_it(
    tmp_path, services
) -> None:
    """Revision listing_0004: an existing bar takes its county from the audit trail."""
    from sqlalchemy import text

    from testkit.testing import earlier_schema

    at = "2026-02-01 00:00:00.000000"
    async with earlier_schema(services["listing"], tmp_path, "listing_0003") as earlier:
        async with earlier.engine.begin() as c:
            for party, source in (("P1", "centre"), ("P2", "guarantee")):
                await c.execute(
                    text(
                        "INSERT INTO restrictions (party_id, source, name, active, reason,"
                        " decided_by, changed_at) VALUES (:p, :s, '', 1, 'x', 'staff', :at)"
                    ),
                    {"p": party, "s": source, "at": at},
                )
            await c.execute(
                text(
                    "INSERT INTO decisions (subject_type, subject_id, action, rule,"
                    " actor_subject, actor_name, actor_roles, actor_org, reason, data,"
                    " decided_at) VALUES ('party', 'P1', 'party.barred', 'L13', 's', 'n', '[]',"
                    " 'county:620822', 'x', '{}', :at)"
                ),
                {"at": at},
            )
        await earlier.upgrade()
        async with earlier.engine.connect() as c:
            rows = (await c.execute(text("SELECT party_id, county FROM restrictions"))).all()
    assert sorted(rows) == [("P1", "620822"), ("P2", "")]


async def test_L12_another_countys_centre_cannot_resume_a_suspended_listing(lite) -> None:
    listing = await lite.to_announced()
    suspend = {"reason_code": "department_request", "reason": "县农业农村局要求核查权属"}
    await lite.post(f"/listings/{listing['id']}/suspend", suspend, lite.staff())
    other = lite.staff(lite.OTHER_COUNTY)
    r = await lite.c.post(f"/listings/{listing['id']}/resume", json={"reason": "x"}, headers=other)
    assert r.status_code == 403
    got = await lite.c.get(f"/listings/{listing['id']}", headers=lite.staff())
    assert got.json()["status"] == "suspended"
    out = await lite.post(f"/listings/{listing['id']}/resume", {"reason": "核查完毕"}, lite.staff())
    assert out["status"] == "announced"


async def test_X3_every_refusal_of_another_organization_says_other_organization(api) -> None:
    """One X3 refusal (common.access): another county's bar, another party's registration,
    another township's listing — 403 ``other-organization`` naming X3 (issue 18)."""
    listing = await api.to_announced()
    party = api.person()
    await api.post(f"/parties/{party}/bar", {"reason": "串通压价"}, api.staff(), 201)
    refusals = [
        await api.c.post(
            f"/parties/{party}/unbar",
            json={"reason": "误判"},
            headers=api.staff(api.OTHER_COUNTY),
        )
    ]
    reg = await api.register_buyer(listing["id"], api.person())
    refusals.append(await api.c.get(f"/registrations/{reg['id']}", headers=api.buyer(api.person())))
    refusals.append(
        await api.c.post(
            f"/listings/{listing['id']}/registrations",
            json={
                "party_id": reg["party_id"],
                "name": "冒名",
                "buyer_kind": "natural_person",
                "phone": "13800000000",
            },
            headers=api.buyer(api.person()),
        )
    )
    refusals.append(
        await api.c.get(f"/listings/{listing['id']}", headers=api.clerk(api.OTHER_TOWNSHIP))
    )
    for r in refusals:
        assert r.status_code == 403, r.text
        assert r.json()["type"].endswith("/other-organization") and r.json()["rule"] == "X3"

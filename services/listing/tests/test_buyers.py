"""Buyer registration and qualification (L6), priority right (L10), restricted buyers
(L11), barred and blacklisted parties (L13, G11)."""

from __future__ import annotations

from datetime import UTC, datetime

from common.contracts.guarantee import PartyCleared


async def test_L6_registration_opens_only_during_the_announcement(api) -> None:
    listing = await api.to_registered()
    party = api.person()
    refused = await api.register_buyer(listing["id"], party, expect=422)
    assert refused["errors"][0]["rule"] == "L6"
    await api.post(f"/listings/{listing['id']}/publish", {}, api.staff())
    ok = await api.register_buyer(listing["id"], party)
    assert ok["status"] == "pending" and ok["deposit_required"] == "10000.00"
    api.clock.advance(days=20)
    late = await api.register_buyer(listing["id"], api.person(), expect=422)
    assert late["errors"][0]["rule"] == "L6"


async def test_L6_qualification_needs_the_materials_and_lists_every_reason(api) -> None:
    listing = await api.to_announced()
    reg = await api.register_buyer(listing["id"], api.person(), buyer_kind="business_enterprise")
    refused = await api.qualify(reg, expect=422)
    errors = {(e["field"], e["rule"]) for e in refused["errors"]}
    assert errors == {("documents.identity", "L6"), ("extra_review_opinion", "L11")}
    await api.buyer_doc(reg)
    out = await api.qualify(reg, extra_review_opinion="经营范围含农业，准入")
    assert out["status"] == "qualified" and out["extra_review_required"] is True
    [event] = await api.outbox("listing.registration_qualified")
    assert event["payload"]["registration_id"] == reg["id"]


async def test_L6_a_rejection_names_staff_and_rule_reasons_and_is_published(api) -> None:
    listing = await api.to_announced()
    reg = await api.register_buyer(listing["id"], api.person())
    out = await api.qualify(reg, approve=False, reasons=["联系电话无法接通"])
    assert out["status"] == "rejected"
    assert [r["rule"] for r in out["reasons"]] == ["L6", "L6"]
    [event] = await api.outbox("listing.registration_rejected")
    assert "联系电话无法接通" in event["payload"]["reasons"]


async def test_L6_only_qualified_buyers_with_the_deposit_paid_count(api) -> None:
    listing = await api.to_announced()
    lid = listing["id"]
    paid = await api.qualified_buyer(lid)
    await api.qualified_buyer(lid, paid=False)
    unqualified = await api.register_buyer(lid, api.person())
    await api.deliver(api.deposit_paid(lid, unqualified["party_id"], unqualified["id"], "10000.00"))
    part = await api.qualified_buyer(lid, paid=False)
    await api.deliver(api.deposit_paid(lid, part["party_id"], part["id"], "4000.00"))
    mine = (await api.c.get("/me/registrations", headers=api.buyer(part["party_id"]))).json()
    assert mine[0]["deposit_paid"] is False and mine[0]["deposit_paid_amount"] == "4000.00"
    closed = await api.close_announcement()
    assert [b.registration_id for b in closed.qualified_buyers] == [paid["id"]]
    assert closed.outcome == "negotiated"


async def test_L6_a_redelivered_deposit_event_changes_nothing(lite) -> None:
    listing = await lite.to_announced()
    reg = await lite.qualified_buyer(listing["id"], paid=False)
    event = lite.deposit_paid(listing["id"], reg["party_id"], reg["id"], "6000.00")
    await lite.deliver_twice(event)  # same event id: the inbox drops the second
    r = await lite.c.get(f"/registrations/{reg['id']}", headers=lite.staff())
    assert r.json()["deposit_paid_amount"] == "6000.00" and r.json()["deposit_paid"] is False


async def test_X3_a_buyer_sees_only_its_own_registration(api) -> None:
    listing = await api.to_announced()
    reg = await api.register_buyer(listing["id"], api.person())
    other = api.person()
    assert (
        await api.c.get(f"/registrations/{reg['id']}", headers=api.buyer(other))
    ).status_code == 403
    own = await api.c.get(f"/registrations/{reg['id']}", headers=api.buyer(reg["party_id"]))
    assert own.status_code == 200 and own.json()["status"] == "pending"
    assert (await api.c.get("/me/registrations", headers=api.buyer(other))).json() == []
    # a buyer registers only for itself
    r = await api.c.post(
        f"/listings/{listing['id']}/registrations",
        json={
            "party_id": other,
            "name": "冒名",
            "buyer_kind": "natural_person",
            "phone": "13800000000",
        },
        headers=api.buyer(api.person()),
    )
    assert r.status_code == 403
    # a buyer cannot qualify itself; staff of another county cannot either
    r = await api.c.post(
        f"/registrations/{reg['id']}/review",
        json={"approve": True},
        headers=api.buyer(reg["party_id"]),
    )
    assert r.status_code == 403
    r = await api.c.post(
        f"/registrations/{reg['id']}/review",
        json={"approve": True},
        headers=api.staff(api.OTHER_COUNTY),
    )
    assert r.status_code == 403


async def test_L10_a_collective_member_declares_priority_with_proof(api) -> None:
    listing = await api.to_announced_collective()
    lid = listing["id"]
    holder = api.person()
    await api.deliver(api.member_changed(holder))
    reg = await api.register_buyer(lid, holder, priority_claimed=True, priority_basis="本村成员")
    await api.buyer_doc(reg)
    refused = await api.qualify(reg, expect=422)
    assert [(e["field"], e["rule"]) for e in refused["errors"]] == [
        ("documents.priority_proof", "L10")
    ]
    await api.buyer_doc(reg, "priority_proof")
    out = await api.qualify(reg)
    assert out["priority"] is True
    await api.deliver(api.deposit_paid(lid, holder, reg["id"], "10000.00"))
    ordinary = await api.qualified_buyer(lid)
    closed = await api.close_announcement()
    by_id = {b.registration_id: b.priority for b in closed.qualified_buyers}
    assert by_id == {reg["id"]: True, ordinary["id"]: False}


async def test_L10_a_non_member_cannot_hold_the_priority_right(lite) -> None:
    listing = await lite.to_announced_collective()
    outsider = lite.person()
    reg = await lite.register_buyer(listing["id"], outsider, priority_claimed=True)
    await lite.buyer_doc(reg)
    await lite.buyer_doc(reg, "priority_proof")
    refused = await lite.qualify(reg, expect=422)
    assert refused["errors"][0]["field"] == "priority_claimed"
    assert refused["errors"][0]["rule"] == "L10"


async def test_L10_a_farmers_own_listing_carries_no_priority_right(lite) -> None:
    listing = await lite.to_announced()
    r = await lite.register_buyer(listing["id"], lite.person(), expect=422, priority_claimed=True)
    assert r["errors"][0]["rule"] == "L10"


async def test_L11_homestead_buyers_are_refused_at_registration(api) -> None:
    """Issue 15 item 9: a non-member (or a member without the homestead qualification
    right) is refused when registering, before any deposit, naming L11; nothing is kept."""
    listing = await api.to_announced(
        product="homestead", collective_id=api.COLLECTIVE, way="transfer"
    )
    lid = listing["id"]
    outsider, unqualified, qualified = api.person(), api.person(), api.person()
    await api.deliver(api.member_changed(unqualified, homestead=False))
    await api.deliver(api.member_changed(qualified))
    for party, expected in ((outsider, "member"), (unqualified, "homestead qualification")):
        refused = await api.register_buyer(lid, party, expect=422)
        [error] = refused["errors"]
        assert (error["field"], error["rule"]) == ("party_id", "L11")
        assert expected in error["message"] and error["message_zh"]
    listed = await api.c.get(f"/listings/{lid}/registrations", headers=api.staff())
    assert listed.json() == []  # a refused request changes nothing (X4)
    reg = await api.register_buyer(lid, qualified)
    await api.buyer_doc(reg)
    assert (await api.qualify(reg))["status"] == "qualified"


async def test_L11_a_member_who_left_after_registering_ends_rejected(lite) -> None:
    """A registration accepted while the buyer was a member, reviewed after the buyer
    left: the review cannot qualify it, and it ends `rejected` (not left `pending`)."""
    listing = await lite.to_announced(
        product="farmer_housing", collective_id=lite.COLLECTIVE, way="transfer"
    )
    party = lite.person()
    await lite.deliver(lite.member_changed(party))
    reg = await lite.register_buyer(listing["id"], party)
    await lite.buyer_doc(reg)
    await lite.deliver(
        lite.member_changed(party, member=False, at=datetime(2026, 2, 1, tzinfo=UTC))
    )
    # an older fact arriving late does not revive the membership
    await lite.deliver(lite.member_changed(party, at=datetime(2026, 1, 15, tzinfo=UTC)))
    out = await lite.qualify(reg)
    assert out["status"] == "rejected"
    assert [(x["field"], x["rule"]) for x in out["reasons"]] == [("party_id", "L11")]
    [event] = await lite.outbox("listing.registration_rejected")
    assert event["payload"]["registration_id"] == reg["id"]
    again = await lite.register_buyer(listing["id"], party, expect=422)
    assert again["errors"][0]["rule"] == "L11"


async def test_L24_a_lease_of_an_idle_homestead_is_open_to_any_party(lite) -> None:
    for way in ("lease", "equity"):
        listing = await lite.to_announced(
            product="homestead", collective_id=lite.COLLECTIVE, way=way
        )
        reg = await lite.register_buyer(listing["id"], lite.person())
        await lite.buyer_doc(reg)
        assert (await lite.qualify(reg))["status"] == "qualified"
    # a farmer's collective equity stays restricted whatever the way (L24 is about housing)
    equity = await lite.to_announced(
        product="collective_equity", collective_id=lite.COLLECTIVE, way="lease"
    )
    refused = await lite.register_buyer(equity["id"], lite.person(), expect=422)
    assert refused["errors"][0]["rule"] == "L11"


async def test_L24_Z6_a_homestead_lease_runs_at_most_20_years(lite) -> None:
    """L24/Z6: a lease of an idle homestead or farm house runs at most 20 years (民法典
    705; the county may set fewer): 20 years accepted, a day more refused naming L24; a
    transfer has no such cap (it stays under L11)."""
    twenty = {"term_start": "2026-05-01", "term_end": "2046-04-30"}
    for product in ("homestead", "farmer_housing"):
        await lite.create(product=product, collective_id=lite.COLLECTIVE, way="lease", **twenty)
        over = lite.body(
            product=product, collective_id=lite.COLLECTIVE, way="lease", term_end="2046-05-01"
        )
        refused = await lite.c.post("/listings", json=over, headers=lite.clerk())
        assert refused.status_code == 422, refused.text
        assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("term_end", "L24")]
    await lite.create(
        product="homestead", collective_id=lite.COLLECTIVE, way="transfer", term_end="2056-04-30"
    )


async def test_L11_foreign_invested_buyers_go_to_an_extra_review(lite) -> None:
    listing = await lite.to_announced()
    reg = await lite.register_buyer(listing["id"], lite.company(), buyer_kind="foreign_invested")
    assert reg["extra_review_required"] is True
    await lite.buyer_doc(reg)
    refused = await lite.qualify(reg, expect=422)
    assert refused["errors"][0]["field"] == "extra_review_opinion"
    out = await lite.qualify(reg, extra_review_opinion="符合外商投资准入负面清单")
    assert out["status"] == "qualified"


async def test_L11_other_products_have_no_buyer_restriction(lite) -> None:
    listing = await lite.to_announced()
    reg = await lite.register_buyer(listing["id"], lite.person())
    await lite.buyer_doc(reg)
    assert (await lite.qualify(reg))["status"] == "qualified"


async def test_L13_G11_a_blacklisted_party_cannot_register_until_cleared(api) -> None:
    listing = await api.to_announced()
    party = api.person()
    await api.blacklist(party)
    refused = await api.register_buyer(listing["id"], party, expect=422)
    assert refused["errors"][0]["rule"] == "G11"
    await api.deliver(
        PartyCleared(
            party_id=party,
            reason="已履行",
            decided_by="guarantor-1",
            decided_at=datetime(2026, 2, 10, tzinfo=UTC),
        )
    )
    assert (await api.register_buyer(listing["id"], party))["status"] == "pending"


async def test_L13_the_centre_bars_a_participant_who_then_cannot_register_or_qualify(api) -> None:
    listing = await api.to_announced()
    early = await api.register_buyer(listing["id"], api.person())
    await api.buyer_doc(early)
    late = api.person()
    for party in (early["party_id"], late):
        await api.post(f"/parties/{party}/bar", {"reason": "串通压价"}, api.staff(), 201)
    refused = await api.register_buyer(listing["id"], late, expect=422)
    assert refused["errors"][0]["rule"] == "L13"
    refused = await api.qualify(early, expect=422)
    assert refused["errors"][0]["rule"] == "L13"
    r = await api.c.post(f"/parties/{late}/bar", json={"reason": "x"}, headers=api.clerk())
    assert r.status_code == 403
    r = await api.c.post("/parties/123/bar", json={"reason": "x"}, headers=api.staff())
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "party_id"
    history = await api.c.get(f"/parties/{late}/restrictions", headers=api.staff())
    assert history.json()[0]["source"] == "centre"

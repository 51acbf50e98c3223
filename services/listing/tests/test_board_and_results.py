"""The public board (L5 countdown, L12 notices, L14 results and contracts, masking) and
the consumers that move a listing on after the trade (bidding) or open a disposal (R13)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from common.contracts.bidding import TradeFailed
from common.contracts.registry import DisposalRequested
from common.ids import mask_resident_id


async def test_L14_board_shows_only_published_listings_without_a_token(api) -> None:
    draft = await api.create()
    announced = await api.to_announced()
    r = await api.c.get("/board/listings")
    assert r.status_code == 200
    ids = [x["id"] for x in r.json()]
    assert ids == [announced["id"]] and draft["id"] not in ids
    assert (await api.c.get(f"/board/listings/{draft['id']}")).status_code == 404


async def test_L5_board_shows_the_servers_end_time_and_countdown(api) -> None:
    listing = await api.to_announced()
    api.clock.advance(days=3)
    item = (await api.c.get(f"/board/listings/{listing['id']}")).json()
    assert item["announcement_ends_at"] == listing["announcement_ends_at"]
    assert datetime.fromisoformat(item["server_now"]) == api.clock.now()
    assert item["seconds_left"] == 17 * 86400


async def test_L14_board_filters(api) -> None:
    a = await api.to_announced(
        title="东山林地流转", product="forest", reserve_price="50000.00", deposit="5000.00"
    )
    b = await api.to_announced(
        title="村西鱼塘承包",
        product="aquaculture_water",
        right_certificate_no=None,
        reserve_price="300000.00",
    )

    async def ids(**params) -> list[str]:
        r = await api.c.get("/board/listings", params=params)
        assert r.status_code == 200, r.text
        return sorted(x["id"] for x in r.json())

    assert await ids(product="forest") == [a["id"]]
    assert await ids(q="鱼塘") == [b["id"]]
    assert await ids(min_price="100000.00") == [b["id"]]
    assert await ids(max_price="100000.00") == [a["id"]]
    assert await ids(county=api.COUNTY, township=api.TOWNSHIP) == sorted([a["id"], b["id"]])
    assert await ids(county="620822") == []
    assert await ids(status="announced") == sorted([a["id"], b["id"]])
    bad = await api.c.get("/board/listings", params={"county": "62"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "county"


async def test_L14_result_and_contract_are_published_with_personal_data_masked(api) -> None:
    listing, buyer = await api.to_trading()
    await api.deliver(api.concluded(listing["id"], buyer))
    detail = (await api.c.get(f"/board/listings/{listing['id']}")).json()
    assert detail["status"] == "concluded" and detail["result_price"] == "120000.00"
    assert detail["result_buyer"] == {
        "party_id": mask_resident_id(buyer["party_id"]),
        "name": "王**",
    }
    assert detail["seller"]["name"] == "李*" and "*" in detail["seller"]["party_id"]
    signed = api.signed(listing["id"], buyer, "QY-2026-001")
    await api.deliver(signed)
    detail = (await api.c.get(f"/board/listings/{listing['id']}")).json()
    assert detail["status"] == "contracted" and detail["contract_no"] == "QY-2026-001"
    assert buyer["party_id"] not in str(detail) and api.seller not in str(detail)


async def test_L14_a_legal_persons_name_and_code_are_public(lite) -> None:
    code = lite.company()
    listing = await lite.to_announced(
        seller_party_id=code, seller_name="青阳县农业发展有限公司", seller_kind="enterprise"
    )
    detail = (await lite.c.get(f"/board/listings/{listing['id']}")).json()
    assert detail["seller"] == {"party_id": code, "name": "青阳县农业发展有限公司"}


async def test_L7_a_failed_trade_is_published_and_redelivery_changes_nothing(api) -> None:
    listing, _ = await api.to_trading()
    failed = TradeFailed(
        listing_id=listing["id"],
        trade_id="T-1",
        mode="negotiated",
        reason_code="no_bids",
        reason="意向方未报价",
        failed_at=datetime(2026, 3, 23, tzinfo=UTC),
    )
    env = await api.deliver(failed)
    await api.deliver(failed, env)
    detail = (await api.c.get(f"/board/listings/{listing['id']}")).json()
    assert detail["status"] == "failed" and detail["failed_reason"] == "意向方未报价"
    history = (await api.c.get(f"/listings/{listing['id']}/decisions", headers=api.staff())).json()
    assert [d["action"] for d in history].count("listing.trade_failed") == 1


async def test_R13_L10_a_disposal_opens_a_listing_with_the_members_priority(api) -> None:
    holder, member = api.person(), api.person()
    await api.deliver(api.member_changed(member, homestead=False, name="孙七"))
    event = DisposalRequested(
        disposal_id="D-1",
        lien_id="LIEN-1",
        certificate_no="CERT-D1",
        lender_org_id="BANK-1",
        county=api.COUNTY,
        township=api.TOWNSHIP,
        collective_id=api.COLLECTIVE,
        holder_party_id=holder,
        holder_name="周八",
        product="contracted_land",
        location="木镇镇村南",
        area_mu="30",
        term_start=date(2026, 1, 1),
        term_end=date(2035, 12, 31),
        reserve_price="200000.00",
        outstanding_debt="150000.00",
        requested_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    await api.deliver_twice(event)
    [listing] = (await api.c.get("/listings", headers=api.staff())).json()
    assert listing["status"] == "registered" and listing["disposal_id"] == "D-1"
    assert listing["deposit"] == "20000.00"
    out = await api.post(f"/listings/{listing['id']}/publish", {}, api.staff())
    [published] = await api.outbox("listing.published")
    assert published["payload"]["disposal_id"] == "D-1"
    assert out["status"] == "announced"
    reg = await api.register_buyer(listing["id"], member, priority_claimed=True)
    await api.buyer_doc(reg)
    await api.buyer_doc(reg, "priority_proof")
    assert (await api.qualify(reg))["priority"] is True
    await api.deliver(api.deposit_paid(listing["id"], member, reg["id"], "20000.00"))
    api.clock.advance(minutes=1)  # registered later: B3 ties go to the earliest
    await api.qualified_buyer(listing["id"], amount="20000.00")
    api.clock.advance(days=20)
    await api.fire_timers()
    [closed] = await api.outbox("listing.announcement_closed")
    assert closed["payload"]["disposal_id"] == "D-1" and closed["payload"]["lien_id"] == "LIEN-1"
    assert [b["priority"] for b in closed["payload"]["qualified_buyers"]] == [True, False]


async def test_L12_a_flagged_right_is_recorded_for_the_centre_not_auto_suspended(lite) -> None:
    from common.contracts.registry import RightFlagged

    listing = await lite.to_announced()
    await lite.deliver(
        RightFlagged(
            certificate_no=listing["right_certificate_no"],
            flag="disputed",
            set=True,
            reason="邻户主张地界",
            decided_by="reg-1",
            at=datetime(2026, 3, 5, tzinfo=UTC),
        )
    )
    assert (await lite.get(listing["id"]))["status"] == "announced"
    history = (
        await lite.c.get(f"/listings/{listing['id']}/decisions", headers=lite.staff())
    ).json()
    assert history[-1]["action"] == "listing.right_flagged"
    assert history[-1]["reason"] == "邻户主张地界"


async def test_X4_board_paging_beyond_its_bound_is_a_problem_not_a_500(lite) -> None:
    # found by the OpenAPI fuzzing: an offset past the database integer was a 500
    r = await lite.c.get("/board/listings", params={"offset": 313296762164148240384})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem")
    assert r.json()["errors"][0]["field"] == "offset"


async def test_X4_board_refuses_unknown_status_and_product_filters(lite) -> None:
    await lite.to_announced()
    for params, field, rule in (
        ({"status": "foo"}, "status", "L14"),
        ({"status": "draft"}, "status", "L14"),  # never on the board
        ({"product": "water_facility"}, "product", "L1"),
    ):
        r = await lite.c.get("/board/listings", params=params)
        assert r.status_code == 422, (params, r.text)
        [err] = r.json()["errors"]
        assert (err["field"], err["rule"]) == (field, rule)
        assert "不是有效取值" in err["message_zh"]
    assert len((await lite.c.get("/board/listings", params={"status": "announced"})).json()) == 1


async def test_X4_internal_listing_list_refuses_an_unknown_status(lite) -> None:
    await lite.create()
    r = await lite.c.get("/listings", params={"status": "foo"}, headers=lite.staff())
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "status"
    ok = await lite.c.get("/listings", params={"status": "draft"}, headers=lite.clerk())
    assert ok.status_code == 200 and len(ok.json()) == 1


async def test_X4_board_text_search_matches_wildcards_literally(api) -> None:
    """Issue 16: `q=%` or `q=_` must not match every announcement (LIKE escaped)."""
    plain = await api.to_announced(title="东山林地流转")
    percent = await api.to_announced(title="村西鱼塘 100% 承包", description="")

    async def ids(q: str) -> list[str]:
        r = await api.c.get("/board/listings", params={"q": q})
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()]

    assert await ids("%") == [percent["id"]]
    assert await ids("_") == []
    assert await ids("\\") == []
    assert await ids("林地") == [plain["id"]]

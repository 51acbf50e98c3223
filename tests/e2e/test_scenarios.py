"""The platform's business scenarios end to end (issue 7): every step through the four
services' public HTTP APIs and Kafka, the services running as separate processes on
the real PostgreSQL and Kafka, time moved only through the shared clock."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest

from common.ids import generate_credit_code, generate_resident_id
from testkit.platform_client import PlatformClient, buyer, staff
from testkit.processes import PlatformProcesses

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

BANK = "BANK-QY-ABC"
GUARANTOR = "AHNDB-QY"


def party(seq: int) -> str:
    # adults (G2: full civil capacity), distinct per scenario
    return generate_resident_id("620821", birth=date(1978, 4, 12), seq=seq % 1000)


async def test_scenario4_blacklisted_borrower_is_refused_as_buyer_within_seconds_G11_L13(
    flow: PlatformClient,
) -> None:
    farmer, borrower = party(101), party(102)
    cert = "GS6208214001"
    listing = await flow.announced_right(
        cert,
        farmer,
        "李四",
        title="木镇镇村东承包地经营权出租",
        reserve_price="100000.00",
        deposit="10000.00",
        increment="1000.00",
    )
    assert listing["status"] == "announced"

    await flow.blacklist(borrower, "王五", GUARANTOR)
    blacklisted_at = time.monotonic()
    # guarantee.party_blacklisted crosses Kafka into the exchange's restriction projection
    restrictions = await flow.guarantee_restrictions(
        borrower, timeout_s=10, what="the blacklist reaching the exchange (G11)"
    )
    elapsed = time.monotonic() - blacklisted_at
    assert elapsed <= 10.0, elapsed
    assert restrictions[0]["reason"] == "恶意逃废债务"
    refused = await flow.raw(
        "listing",
        "POST",
        f"/listings/{listing['id']}/registrations",
        buyer(borrower),
        json={
            "party_id": borrower,
            "name": "王五",
            "buyer_kind": "natural_person",
            "phone": "13812345678",
        },
    )
    # refused, naming the field and the rule (X4); "restricted everywhere" (一处失信、处处受限)
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("party_id", "G11")]
    assert not await flow.request(
        "listing", "GET", f"/listings/{listing['id']}/registrations", staff()
    )
    # a party who is not blacklisted still registers
    await flow.register_buyer(listing["id"], party(103), "赵六")


async def _close_announcement(
    platform: PlatformProcesses, flow: PlatformClient, listing: dict, *statuses: str
) -> dict:
    """L5: the announcement runs its 20 days — the clock moves, nobody sleeps."""
    assert listing["announcement_days"] == 20
    platform.advance(timedelta(days=20, minutes=1))
    return await flow.wait_listing(listing["id"], *statuses)


async def _settle_and_transfer(
    flow: PlatformClient, listing: dict, deal: dict, cert: str, buyer_party: str
) -> tuple[dict, dict]:
    """B6: contract signed and published, balance paid, the registry records the transfer
    (R1) and the exchange releases the money to the seller."""
    tid = deal["trade_id"]
    signed = await flow.sign_contract(tid, f"HT-{listing['id'][:6]}")
    assert signed["status"] == "contract_signed"
    await flow.wait_listing(listing["id"], "contracted")
    board = await flow.poll(
        lambda: flow.board_listing(listing["id"]),
        lambda b: "HT-" in str(b),
        what="the signed contract on the public board (L14)",
    )
    assert buyer_party not in str(board)  # L14: personal data masked
    await flow.pay_balance(tid, deal["balance_due"], BANK)
    released = await flow.poll(
        lambda: flow.deal(tid), lambda d: d["released_at"] is not None, what="funds released"
    )
    # the lease gives the buyer a transferred-right certificate for the traded term (R1)
    new_right = await flow.right(f"{cert}-L1")
    assert new_right["holder_party_id"] == buyer_party
    assert (new_right["term_start"], new_right["term_end"]) == (
        listing["term_start"],
        listing["term_end"],
    )
    return released, new_right


async def test_scenario2_one_qualified_buyer_negotiated_transfer_to_the_end_L7_B1_B6(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    farmer, only_buyer = party(201), party(202)
    cert = "GS6208214002"
    listing = await flow.announced_right(
        cert,
        farmer,
        "张三",
        title="木镇镇张家湾承包地经营权出租",
        reserve_price="80000.00",
        deposit="8000.00",
        increment="500.00",
    )
    await flow.qualified_buyer(listing["id"], only_buyer, "钱七", deposit="8000.00", bank_org=BANK)
    closed = await _close_announcement(platform, flow, listing, "trading")
    assert closed["outcome"] == "negotiated"  # L7: exactly one qualified buyer
    session = await flow.session_of(listing["id"])
    assert session["mode"] == "negotiated"
    await flow.negotiate(session["session_id"], only_buyer, farmer, "85000.00")
    deal = await flow.deal_of(listing["id"])
    assert (deal["price"], deal["deposit_applied"], deal["balance_due"]) == (
        "85000.00",
        "8000.00",
        "77000.00",
    )
    released, _ = await _settle_and_transfer(flow, listing, deal, cert, only_buyer)
    assert (released["paid"], released["to_seller"], released["fees"]) == (
        "85000.00",
        "85000.00",
        "0.00",
    )


async def test_scenario1_farmer_right_20_day_announcement_ascending_bids_extension_L5_B2_B5_B6(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    farmer, a, b = party(301), party(302), party(303)
    cert = "GS6208214003"
    listing = await flow.announced_right(
        cert,
        farmer,
        "李四",
        title="木镇镇村东承包地经营权出租（20亩）",
        reserve_price="100000.00",
        deposit="10000.00",
        increment="1000.00",
        free_period_seconds=600,
        extension_seconds=300,
    )
    assert listing["status"] == "announced"
    public = await flow.board_listing(listing["id"])
    assert public["announcement_ends_at"]  # L5: the end is fixed and shown to the public
    await flow.qualified_buyer(listing["id"], a, "王五", deposit="10000.00", bank_org=BANK)
    await flow.qualified_buyer(listing["id"], b, "赵六", deposit="10000.00", bank_org=BANK)
    closed = await _close_announcement(platform, flow, listing, "trading")
    assert closed["outcome"] == "competitive"

    sid = (await flow.session_of(listing["id"]))["session_id"]
    # B2: the first bid at least the start, the next at least best + increment
    await flow.bid(sid, a, "100000.00")
    await flow.bid(sid, b, "100500.00", expect=(409, 422))
    await flow.bid(sid, b, "101000.00")
    # into the timed period: a bid pushes the end to its time + 5 minutes (anti-sniping)
    platform.advance(timedelta(seconds=650))
    before = await flow.session(sid)
    await flow.bid(sid, a, "102000.00")
    after = await flow.session(sid)
    assert after["extensions"] >= 1 and after["ends_at"] > before["ends_at"]
    assert after["best_price"] == "102000.00"
    # B2: bidders see the best price and their own standing, never the others' identities
    seen_by_b = await flow.session(sid, buyer(b))
    assert seen_by_b["you"]["leading"] is False and a not in str(seen_by_b)
    platform.advance(timedelta(seconds=301))  # a full extension with no bid ends it
    deal = await flow.deal_of(listing["id"])
    assert (deal["buyer_party_id"], deal["price"], deal["deposit_applied"]) == (
        a,
        "102000.00",
        "10000.00",
    )
    assert deal["balance_due"] == "92000.00"
    # B5: the loser's deposit is refunded after the deal
    deposits = await flow.poll(
        lambda: flow.deposits(listing["id"]),
        lambda ds: any(d["party_id"] == b and d["state"] == "refunded" for d in ds),
        what="the loser's deposit refunded",
    )
    assert {d["party_id"]: d["state"] for d in deposits}[a] == "applied"
    released, _ = await _settle_and_transfer(flow, listing, deal, cert, a)
    assert (released["to_seller"], released["fees"]) == ("102000.00", "0.00")
    ledger = await flow.ledger(listing["id"])
    assert ledger["trial_balance"] in ("0", "0.00")
    # the original certificate stays with the farmer (a lease: R1)
    assert (await flow.right(cert))["holder_party_id"] == farmer


async def test_scenario5_collective_asset_two_thirds_below_appraisal_suspended_resumed_L8_L12(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    collective = generate_credit_code("N", "2", "620821")  # 村股份经济合作社
    intake = dict(
        seller_party_id=collective,
        seller_name="村东村股份经济合作社",
        seller_kind="collective",
        collective_id="C-620821101-001",
        product="collective_assets",
        title="村东村集体冷库租赁（10年）",
        area_mu="1.5",
        reserve_price="120000.00",
        deposit="12000.00",
        increment="1000.00",
        appraisal_value="150000.00",
    )
    listing = await flow.take_in_listing(**intake)
    lid = listing["id"]
    await flow.township_review(lid)
    await flow.pre_review(lid)
    # L8: a reserve below the appraisal needs two thirds — 19 of 30 is not enough
    decision = dict(reserve_price="120000.00", appraisal_value="150000.00", votes_total=30)
    await flow.collective_decision(lid, votes_for=19, **decision)
    refused = await flow.raw("listing", "POST", f"/listings/{lid}/register", staff())
    assert refused.status_code == 422 and refused.json()["errors"][0]["rule"] == "L8"
    await flow.collective_decision(lid, votes_for=20, **decision)  # exactly 2/3 passes
    assert (await flow.centre_register(lid))["status"] == "registered"
    published = await flow.publish(lid, 20)
    ends_at = published["announcement_ends_at"]

    # five days in, a villager disputes the ownership: the trade is suspended (L12)
    platform.advance(timedelta(days=5))
    suspended = await flow.suspend(lid, "ownership_dispute", "村民对冷库归属提出异议")
    assert suspended["status"] == "suspended"
    left = suspended["seconds_left"]
    assert abs(left - 15 * 86400) <= 120, left
    notice = await flow.board_listing(lid)
    assert "异议" in str(notice)  # the reason is published
    # ten days of mediation: a suspended announcement does not run out
    platform.advance(timedelta(days=10))
    assert (await flow.listing(lid))["status"] == "suspended"
    resumed = await flow.resume(lid, "乡镇调解完毕，权属无争议")
    assert resumed["status"] == "announced"
    # resumed with the time it had left: the end moved by the ten suspended days
    moved = datetime.fromisoformat(resumed["announcement_ends_at"]) - datetime.fromisoformat(
        ends_at
    )
    assert abs(moved - timedelta(days=10)) <= timedelta(seconds=120), moved
    # nobody registered: when the remaining time runs out the listing fails (L7 流标)
    platform.advance(timedelta(seconds=left + 60))
    failed = await flow.wait_listing(lid, "failed")
    assert failed["outcome"] == "failed"


async def test_scenario3_mortgage_default_compensation_disposal_priority_waterfall_R13_G6_G7_B3(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    farmer, grower, outsider, member = party(401), party(402), party(403), party(404)
    cert, collective = "GS6208214004", "C-620821101-004"
    await flow.create_collective(collective, "木镇镇村东村股份经济合作社")
    await flow.add_member(collective, member, "孙八")

    # 1. the grower leases the farmer's 20 mu for ten years (one buyer: negotiated, B1),
    # from the platform's today: the shared platform's clock has moved by the earlier
    # tests' periods, and step 3 values 9.9 of the paid years left
    start = platform.today()
    # ten calendar years end the day before the same date (29 February: 28 February)
    end = date(start.year + 10, start.month, 1) + timedelta(days=start.day - 2)
    listing = await flow.announced_right(
        cert,
        farmer,
        "周九",
        right={"collective_id": collective},
        term_start=start.isoformat(),
        term_end=end.isoformat(),
        title="村东村20亩承包地经营权出租（10年）",
        collective_id=collective,
        reserve_price="400000.00",
        deposit="40000.00",
        increment="1000.00",
    )
    await flow.qualified_buyer(listing["id"], grower, "吴十", deposit="40000.00", bank_org=BANK)
    await _close_announcement(platform, flow, listing, "trading")
    session = await flow.session_of(listing["id"])
    await flow.negotiate(session["session_id"], grower, farmer, "400000.00")
    deal = await flow.deal_of(listing["id"])
    _, right = await _settle_and_transfer(flow, listing, deal, cert, grower)
    # the rent per mu derived from the price: 400,000 ÷ 20 mu ÷ 10 calendar years
    assert right["origin"] == "transfer" and right["annual_rent_per_mu"] == "2000.00"

    # 2. Quangengdai: survey → file → recommendation → diligence → approvals → notice (G5)
    borrower = await flow.file_borrower(grower, "吴十家庭农场")
    gid = await flow.guarantee_to_notice(
        borrower, bank_org=BANK, guarantor_org=GUARANTOR, amount="150000"
    )
    platform.advance(timedelta(days=7, minutes=1))  # the public notice period (7 days)
    issued = await flow.guarantee_issue(gid, guarantor_org=GUARANTOR)
    assert issued["state"] == "issued"

    # 3. the bank registers its lien on the transferred right (R8, R6, R7, R9)
    lien = await flow.lien(
        right,
        bank_org=BANK,
        lender_name="农业银行青阳支行",
        loan_amount="150000.00",
        loan_term_end="2029-12-31",
        # transferred land: 20 mu × 9.9 paid years × 2,000.00 元 = 396,000.00 元 (R6)
        valuation={
            "method": "lender",
            "land": {"area_mu": "20", "annual_price_per_mu": "2000.00", "years": "9.9"},
        },
        enhancements=[{"kind": "guarantee_company", "provider": GUARANTOR, "reference": gid}],
        # R2 for a transferee: management capacity and the contractor's consent (form C)
        management_capacity=True,
        contractor_consents=True,
    )
    assert lien["status"] == "active"
    await flow.bank_entry(gid, "drawdowns", BANK, {"amount": "150000"})

    # 4. default: 150,000 principal + 3,000 interest overdue; the guarantor pays 80%, county
    # finance 30%, the loss splits 50 : 20 : 30 (G6)
    # interest accrues by the day (G9: at most 150,000 × 5% × 1.5 × 100 ÷ 365 = 3,082.19)
    platform.advance(timedelta(days=100))
    await flow.bank_entry(gid, "overdue", BANK, {"principal": "150000", "interest": "3000"})
    comp = (await flow.compensate(gid, GUARANTOR))["compensation"]
    assert (comp["overdue"], comp["guarantor_paid"], comp["county_share"]) == (
        "153000.00",
        "122400.00",
        "45900.00",
    )
    assert (comp["guarantor_net"], comp["bank_share"]) == ("76500.00", "30600.00")
    assert comp["county_payment_status"] == "paid"

    # 5. the bank disposes of the right through the exchange (R13)
    disposal = await flow.request_disposal(
        lien["id"],
        bank_org=BANK,
        outstanding_debt="153000.00",
        reserve_price="300000.00",
        default_on=(await flow.listing(listing["id"]))["term_start"],
        method="agreement",
    )
    disposal_listing = await flow.poll(
        lambda: flow.request("listing", "GET", "/listings", staff()),
        lambda rows: any(x.get("disposal_id") == disposal["id"] for x in rows),
        what="the disposal listing opened from registry.disposal_requested",
    )
    dl = next(x for x in disposal_listing if x.get("disposal_id") == disposal["id"])
    assert dl["status"] == "registered" and dl["deposit"] == "30000.00"
    dl = await flow.publish(dl["id"], 20)
    await flow.qualified_buyer(dl["id"], outsider, "郑十一", deposit="30000.00", bank_org=BANK)
    reg = await flow.qualified_buyer(
        dl["id"], member, "孙八", deposit="30000.00", bank_org=BANK, priority=True
    )
    assert reg["priority"] is True  # L10: a current member of the collective
    await _close_announcement(platform, flow, dl, "trading")

    # 6. B3: the member matches the best price and leads; an ordinary bid must exceed it
    sid = (await flow.session_of(dl["id"]))["session_id"]
    increment = dl["increment"]
    assert increment == "3000.00"
    await flow.bid(sid, outsider, "300000.00")
    await flow.bid(sid, member, "300000.00")
    assert (await flow.session(sid))["leader_is_priority_holder"] is True
    await flow.bid(sid, outsider, "303000.00")
    await flow.bid(sid, member, "303000.00")
    platform.advance(timedelta(hours=2))  # free period and a full extension without a bid
    won = await flow.deal_of(dl["id"])
    assert (won["buyer_party_id"], won["price"], won["via_priority"]) == (
        member,
        "303000.00",
        True,
    )
    await flow.sign_contract(won["trade_id"], "HT-CZ-001")
    await flow.pay_balance(won["trade_id"], won["balance_due"], BANK)
    released = await flow.poll(
        lambda: flow.deal(won["trade_id"]),
        lambda d: d["released_at"] is not None,
        what="disposal proceeds released",
    )
    # 7. the proceeds pay the bank first, the rest goes to the holder (R13)
    assert (released["to_lender"], released["to_seller"]) == ("153000.00", "150000.00")
    assert (await flow.right(right["certificate_no"]))["holder_party_id"] == member
    discharged = await flow.poll(
        lambda: flow.lien_state(lien["id"]),
        lambda x: x["status"] == "discharged",
        what="lien discharged as enforced (R11)",
    )
    assert discharged["status"] == "discharged"

    # 8. the bank posts what it recovered: bank share first, then county : guarantor (G7)
    from testkit.platform_client import bank

    rec = await flow.recovery(gid, bank(BANK), "153000.00")
    assert (rec["to_bank"], rec["to_county"], rec["to_guarantor"], rec["surplus"]) == (
        "30600.00",
        "45900.00",
        "76500.00",
        "0.00",
    )

"""挂牌出让 for 入市 land (DOMAIN B7): bids are posted through a listing period of at least
10 days (a county parameter) that follows the L5 announcement; at its end the highest bid
at or above the reserve wins, and when several still compete the trade continues as B2."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from common.clock import local_date
from common.contracts.collective import EntryPublicityStarted, EntrySettled
from testkit.bidding import SELLER, STAFF, person


def _today(h) -> str:
    return local_date(h.clock.now()).isoformat()


async def _posted(h, listing: str, buyers: list[str]) -> str:
    # the L5 announcement first
    sid = await h.open_trade(listing, [(p, False) for p in buyers], mode="posted", extension=300)
    assert sid
    return sid


async def _settled_entry_trade(
    h, listing: str, buyer: str, reserve: str, contract_no: str, **entry: str
) -> tuple[dict, dict]:
    """A posted 入市 trade (B7) of ``entry`` — its plan or the entered deal it re-lists —
    with two deposits: ``buyer`` alone bids the reserve and wins when the 10 days end, the
    contract is signed and the balance paid (B6). The trade's concluded and settled events."""
    other = person()
    await h.publish_listing(listing, reserve=reserve, mode="posted", **entry)
    for p in (buyer, other):
        assert (await h.pay_deposit(listing, p)).status_code == 201
    h.clock.advance(days=20)
    sid = await h.close(listing, [(buyer, False), (other, False)], mode="posted", reserve=reserve)
    assert sid
    assert (await h.bid(sid, buyer, reserve)).status_code == 201
    h.clock.advance(days=10)
    assert await h.fire() == 1
    [done] = await h.events("bidding.trade_concluded")
    tid = done["trade_id"]
    signed = await h.client.post(
        f"/deals/{tid}/contract", json={"contract_no": contract_no}, headers=STAFF
    )
    assert signed.status_code == 200, signed.text
    balance = Decimal(reserve) - Decimal("5000.00")  # the deposit is part of the price
    paid = await h.pay_balance(tid, str(balance))
    assert paid.status_code == 201 and paid.json()["status"] == "settled", paid.text
    [settled] = await h.events("bidding.settlement_completed")
    return done, settled


async def test_B7_the_posted_period_runs_10_days_and_the_highest_bid_at_the_reserve_wins(
    h,
) -> None:
    a, b = person(), person()
    sid = await _posted(h, "L-B7-1", [a, b])
    st = await h.state(sid)
    assert st["status"] == "bidding"
    low = await h.bid(sid, a, "99000.00")  # below the reserve of 100,000.00
    assert low.status_code == 409
    h.clock.advance(days=3)
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    h.clock.advance(days=6)
    r = await h.bid(sid, a, "103000.00")  # a posted bid never extends the period
    assert r.status_code == 409  # the leader may not outbid itself
    assert (await h.state(sid))["remaining_ms"] == 86_400_000  # one day of ten left
    h.clock.advance(seconds=86399)
    assert await h.fire() == 0 and (await h.state(sid))["status"] == "bidding"
    h.clock.advance(seconds=1)  # exactly 10 days: one bidder posted, the bid wins
    assert await h.fire() == 1
    st = await h.state(sid)
    assert st["status"] == "concluded" and st["best_price"] == "100000.00"
    [done] = await h.events("bidding.trade_concluded")
    assert done["buyer_party_id"] == a and done["price"] == "100000.00"


async def test_B7_several_still_competing_at_the_end_continue_as_B2(h) -> None:
    a, b = person(), person()
    sid = await _posted(h, "L-B7-2", [a, b])
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    assert (await h.bid(sid, b, "101000.00")).status_code == 201
    h.clock.advance(days=10)
    assert await h.fire() == 1
    st = await h.state(sid)
    assert st["status"] == "bidding"  # continues as B2: the end is one extension away
    assert st["remaining_ms"] == 300_000
    h.clock.advance(seconds=200)
    r = await h.bid(sid, a, "102000.00")  # a valid bid restarts the countdown (B2)
    assert r.status_code == 201 and r.json()["state"]["remaining_ms"] == 300_000
    h.clock.advance(seconds=300)
    assert await h.fire() == 1
    st = await h.state(sid)
    assert st["status"] == "concluded" and st["best_price"] == "102000.00"
    [done] = await h.events("bidding.trade_concluded")
    assert done["buyer_party_id"] == a


async def test_B7_no_bid_in_the_posted_period_fails_the_trade(h) -> None:
    a, b = person(), person()
    sid = await _posted(h, "L-B7-3", [a, b])
    h.clock.advance(days=10)
    assert await h.fire() == 1
    assert (await h.state(sid))["status"] == "failed"


async def test_B7_a_county_may_lengthen_the_posted_period_never_below_10_days(h) -> None:
    url = "/county-parameters/620821/posted_period_days"
    short = await h.client.put(
        url, json={"value": 9, "effective_from": _today(h), "reason": "x"}, headers=STAFF
    )
    assert short.status_code == 422 and short.json()["rule"] == "B7"
    longer = await h.client.put(
        url,
        json={"value": 15, "effective_from": _today(h), "reason": "县定挂牌期"},
        headers=STAFF,
    )
    assert longer.status_code == 201, longer.text


async def test_E9_E12_an_entry_listing_s_trade_and_settlement_name_its_plan(h) -> None:
    """An 入市 listing (listing.published with its plan) concludes a trade the collective
    follows as the plan's deal (E9), and its settlement names the plan so registry waits
    for the collective's settlement of the adjustment fund (E12); other trades name none."""
    done, settled = await _settled_entry_trade(
        h, "L-E9-1", person(), "100000.00", "HT-E9", entry_plan_id="PLAN-E9"
    )
    assert done["entry_plan_id"] == "PLAN-E9"
    assert settled["entry_plan_id"] == "PLAN-E9"
    await _posted(h, "L-E9-2", [person(), person()])
    assert await h.events("bidding.trade_concluded") == [done]


async def _concluded_together(h, listings: dict[str, str | None]) -> list[dict]:
    """Each listing (id → its 入市 plan or None) traded at 100,000.00 at the same moment."""
    pairs = {lid: (person(), person()) for lid in listings}
    for lid, plan in listings.items():
        await h.publish_listing(lid, mode="posted", entry_plan_id=plan)
        for p in pairs[lid]:
            assert (await h.pay_deposit(lid, p)).status_code == 201
    h.clock.advance(days=20)
    for lid, (a, b) in pairs.items():
        sid = await h.close(lid, [(a, False), (b, False)], mode="posted")
        assert (await h.bid(sid, a, "100000.00")).status_code == 201
    h.clock.advance(days=10)
    assert await h.fire() == len(listings)
    done = {e["listing_id"]: e for e in await h.events("bidding.trade_concluded")}
    return [done[lid] for lid in listings]


async def test_B6_E9_an_entry_winner_who_signs_after_the_publicity_is_not_in_default(h) -> None:
    """B6 after E9: an 入市 trade's contract comes only after the collective's 5-working-day
    result publicity, so its contract deadline (5 working days) runs from the publicity's
    end (``collective.entry_publicity_started``); an ordinary trade keeps the deadline
    from the trade."""
    done, plain = await _concluded_together(h, {"L-B6E9-1": "PLAN-B6E9", "L-B6E9-2": None})
    # the trades concluded on Wednesday 2026-02-04, 09:00 (Asia/Shanghai); the publicity's
    # 5 working days end at midnight closing Wednesday the 11th, the ordinary deadline too
    assert done["concluded_at"] == "2026-02-04T01:00:00Z"
    assert done["contract_deadline"] == plain["contract_deadline"] == "2026-02-11T16:00:00Z"
    ends = datetime.fromisoformat("2026-02-12T00:00:00+08:00")
    ev = EntryPublicityStarted(
        deal_id="ED-B6E9",
        plan_id="PLAN-B6E9",
        listing_id="L-B6E9-1",
        trade_id=done["trade_id"],
        county="620821",
        concluded_at=datetime.fromisoformat(done["concluded_at"]),
        publicity_ends_at=ends,
    )
    eid = await h.deliver(ev)
    await h.deliver(ev, eid)  # a redelivery changes nothing
    deal = (await h.client.get(f"/deals/{done['trade_id']}", headers=STAFF)).json()
    # 5 working days from the publicity's end: 12, 13, then past the Spring Festival
    # (14–23 February 2026) 24, 25 and 26 February
    assert deal["entry_publicity_ends_at"] == "2026-02-12T00:00:00+08:00"
    assert deal["contract_deadline"] == "2026-02-27T00:00:00+08:00"
    h.clock.advance(days=10)  # 14 February: publicity day 5 + 2, past the ordinary deadline
    assert await h.fire() == 1  # only the ordinary trade defaults (B5)
    [failed] = await h.events("bidding.trade_failed")
    assert failed["trade_id"] == plain["trade_id"] and failed["reason_code"] == "buyer_defaulted"
    signed = await h.client.post(
        f"/deals/{done['trade_id']}/contract", json={"contract_no": "HT-B6E9"}, headers=STAFF
    )
    assert signed.status_code == 200, signed.text
    assert (await h.client.get(f"/deals/{done['trade_id']}", headers=STAFF)).json()[
        "status"
    ] == "contract_signed"


async def test_E15_E12_a_re_transfer_s_release_withholds_the_fund_from_the_seller(h) -> None:
    """A re-listing of entered land (``entry_deal_id``) trades at 2,987,654.32; the
    collective settles its fund, 229,259.26 withheld (E12); once registry records the
    transfer the seller receives 2,758,395.06 (the county's fee is 0) and the fund goes
    to the county's finance."""
    a = person()
    done, settled = await _settled_entry_trade(
        h, "L-RS-1", a, "2987654.32", "HT-RS", entry_deal_id="ED-RS"
    )
    assert (done["entry_deal_id"], done["entry_plan_id"]) == ("ED-RS", None)
    assert settled["entry_deal_id"] == "ED-RS"
    tid = done["trade_id"]
    at = h.clock.now()
    await h.deliver(
        EntrySettled(
            deal_id="ED-RS",
            plan_id="PLAN-RS",
            listing_id="L-RS-1",
            collective_id="c-xiaowan",
            county="620821",
            township="620821100",
            certificate_no="CERT-001",
            land_use="commercial",
            way="transfer",
            term_years=40,
            buyer_party_id=a,
            buyer_name="竞买人",
            price=Decimal("2987654.32"),
            adjustment_fund=Decimal("229259.26"),
            fund="withheld",
            contract_no="兰入市合2026-001",
            mortgage_allowed=True,
            transfer_allowed=True,
            no_sale=False,
            settled_at=at,
            trade_id=tid,
        )
    )
    assert settled["seller_party_id"] == SELLER
    await h.deliver(h.transferred("L-RS-1", a, "竞买人", at))
    [released] = await h.events("bidding.funds_released")
    assert (released["amount"], released["adjustment_fund"], released["fees"]) == (
        "2758395.06",
        "229259.26",
        "0.00",
    )
    deal = (await h.client.get(f"/deals/{tid}", headers=STAFF)).json()
    assert (deal["status"], deal["to_seller"], deal["adjustment_fund"]) == (
        "released",
        "2758395.06",
        "229259.26",
    )
    assert sum((await h.balances("L-RS-1")).values()) == 0

"""挂牌出让 for 入市 land (DOMAIN B7): bids are posted through a listing period of at least
10 days (a county parameter) that follows the L5 announcement; at its end the highest bid
at or above the reserve wins, and when several still compete the trade continues as B2."""

from __future__ import annotations

from common.clock import local_date
from testkit.bidding import BANK, STAFF, person
from testkit.testing import auth


def _today(h) -> str:
    return local_date(h.clock.now()).isoformat()


async def _posted(h, listing: str, buyers: list[str]) -> str:
    await h.publish_listing(listing)
    for p in buyers:
        assert (await h.pay_deposit(listing, p)).status_code == 201
    h.clock.advance(days=20)  # the L5 announcement
    sid = await h.close(listing, [(p, False) for p in buyers], mode="posted", extension=300)
    assert sid
    return sid


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
    a, b = person(), person()
    await h.publish_listing("L-E9-1", mode="posted", entry_plan_id="PLAN-E9")
    for p in (a, b):
        assert (await h.pay_deposit("L-E9-1", p)).status_code == 201
    h.clock.advance(days=20)
    sid = await h.close("L-E9-1", [(a, False), (b, False)], mode="posted")
    assert sid
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    h.clock.advance(days=10)
    assert await h.fire() == 1
    [done] = await h.events("bidding.trade_concluded")
    assert done["entry_plan_id"] == "PLAN-E9"
    tid = done["trade_id"]
    signed = await h.client.post(
        f"/deals/{tid}/contract", json={"contract_no": "HT-E9"}, headers=STAFF
    )
    assert signed.status_code == 200, signed.text
    paid = await h.client.post(
        "/settlement/payments",
        json={"trade_id": tid, "amount": "95000.00", "bank_reference": "BR-E9-1"},
        headers={**auth("lender", org_type="bank", org_id=BANK), "Idempotency-Key": "k-e9"},
    )
    assert paid.status_code == 201 and paid.json()["status"] == "settled", paid.text
    [settled] = await h.events("bidding.settlement_completed")
    assert settled["entry_plan_id"] == "PLAN-E9"
    await _posted(h, "L-E9-2", [person(), person()])
    assert await h.events("bidding.trade_concluded") == [done]

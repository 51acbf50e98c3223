"""A buyer's own deals — 我的成交 (DOMAIN B5, X3): listed for the buyer with their
trade ids, never another buyer's."""

from __future__ import annotations

from testkit.bidding import STAFF, buyer, person


async def test_B5_a_buyer_lists_own_deals_with_the_trade_id_and_nobody_elses(h) -> None:
    a, b = person(), person()
    sid = await h.open_trade("L-MINE-1", [(a, False), (b, False)], free=0)
    await h.bid(sid, a, "100000.00")
    await h.bid(sid, b, "150000.00")
    h.clock.advance(seconds=300)
    await h.fire()
    [deal] = (await h.client.get("/listings/L-MINE-1/deals", headers=STAFF)).json()
    mine = await h.client.get("/me/deals", headers=buyer(b))
    assert mine.status_code == 200, mine.text
    [listed] = mine.json()
    assert listed["trade_id"] == deal["trade_id"] and listed["price"] == "150000.00"
    assert listed["listing_id"] == "L-MINE-1" and listed["buyer_party_id"] == b
    loser = await h.client.get("/me/deals", headers=buyer(a))
    assert loser.status_code == 200 and loser.json() == []
    assert (await h.client.get("/me/deals", headers=STAFF)).status_code == 403
    assert (await h.client.get("/me/deals")).status_code == 401

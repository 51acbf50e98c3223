"""Online ascending bidding (DOMAIN B2), priority on equal terms (B3), the auction (B4),
on SQLite and on the real PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from common.clock import SHANGHAI
from testkit.bidding import AUCTIONEER, STAFF, SUPERVISOR, person


async def _session_with(h, listing: str, buyers: list[tuple[str, bool]], **kw) -> str:
    sid = await h.open_trade(listing, buyers, **kw)
    assert sid
    return sid


async def test_B2_bids_start_at_reserve_in_whole_increments_and_the_leader_cannot_outbid_itself(
    h,
) -> None:
    a, b, c = person(), person(), person()
    sid = await _session_with(h, "L-B2-1", [(a, False), (b, False), (c, False)])
    st = await h.state(sid)
    assert st["status"] == "bidding"
    assert st["best_price"] is None and st["minimum_next"] == "100000.00"

    low = await h.bid(sid, a, "99000.00")
    assert low.status_code == 409
    assert low.json()["errors"][0]["field"] == "amount"
    assert low.json()["errors"][0]["rule"] == "B2"
    odd = await h.bid(sid, a, "100500.00")  # not a whole number of 1000.00 increments
    assert odd.status_code == 409 and odd.json()["rule"] == "B2"
    assert odd.json()["next_acceptable"] == "101000.00"

    first = await h.bid(sid, a, "100000.00")  # the first bid may be the start itself
    assert first.status_code == 201, first.text
    assert first.json()["state"]["best_price"] == "100000.00"
    assert first.json()["state"]["minimum_next"] == "101000.00"

    same = await h.bid(sid, b, "100000.00")
    assert same.status_code == 409 and same.json()["minimum_next"] == "101000.00"
    own = await h.bid(sid, a, "105000.00")
    assert own.status_code == 409 and own.json()["type"].endswith("leader-may-not-outbid-itself")

    assert (await h.bid(sid, b, "101000.00")).status_code == 201
    assert (await h.bid(sid, c, "110000.00")).status_code == 201  # any whole multiple above
    st = await h.state(sid)
    assert st["best_price"] == "110000.00" and st["bid_count"] == 3
    assert st["minimum_next"] == "111000.00"

    # bidders see their own standing, never another bidder's identity
    mine = await h.state(sid, {"Authorization": (await _buyer(a))})
    assert mine["you"] == {
        "is_bidder": True,
        "priority": False,
        "leading": False,
        "your_best": "100000.00",
        "eligible": True,
    }
    body = str(mine)
    assert b not in body and c not in body
    lead = await h.state(sid, {"Authorization": (await _buyer(c))})
    assert lead["you"]["leading"] is True


async def _buyer(party: str) -> str:
    from testkit.bidding import buyer

    return buyer(party)["Authorization"]


async def test_B2_the_free_period_then_each_valid_bid_sets_the_end_to_bid_time_plus_extension(
    h,
) -> None:
    a, b = person(), person()
    sid = await _session_with(h, "L-B2-2", [(a, False), (b, False)], extension=300, free=3600)
    opened = h.clock.now()
    st = await h.state(sid)
    assert st["free_ends_at"] == _iso(opened + timedelta(seconds=3600))
    assert st["ends_at"] == _iso(opened + timedelta(seconds=3900))

    h.clock.advance(minutes=30)  # a bid in the free period does not move the end
    r = await h.bid(sid, a, "100000.00")
    assert r.json()["extended"] is False
    assert r.json()["state"]["ends_at"] == _iso(opened + timedelta(seconds=3900))

    h.clock.set(opened + timedelta(seconds=3600 + 200))  # timed period, 100 s before the end
    r = await h.bid(sid, b, "101000.00")
    assert r.json()["extended"] is True
    assert r.json()["state"]["ends_at"] == _iso(opened + timedelta(seconds=3800 + 300))

    h.clock.advance(seconds=299)  # 1 s left
    bad = await h.bid(sid, a, "101000.00")  # rejected bids never extend
    assert bad.status_code == 409
    assert (await h.state(sid))["ends_at"] == _iso(opened + timedelta(seconds=4100))
    assert (await h.state(sid))["extensions"] == 1
    r = await h.bid(sid, a, "102000.00")
    assert r.json()["state"]["ends_at"] == _iso(h.clock.now() + timedelta(seconds=300))
    assert r.json()["state"]["remaining_ms"] == 300_000

    # a full extension with no bid ends it; the closing timer concludes
    h.clock.advance(seconds=299)
    assert await h.fire() == 0 or (await h.state(sid))["status"] == "bidding"
    h.clock.advance(seconds=1)
    assert await h.fire() == 1
    st = await h.state(sid)
    assert st["status"] == "concluded" and st["best_price"] == "102000.00"
    [done] = await h.events("bidding.trade_concluded")
    assert done["buyer_party_id"] == a and done["price"] == "102000.00"
    assert done["bids_count"] == 3 and done["via_priority"] is False


async def test_B2_a_bid_committed_after_the_end_is_refused_even_before_the_close_runs(h) -> None:
    a, b = person(), person()
    sid = await _session_with(h, "L-B2-3", [(a, False), (b, False)], extension=300, free=0)
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    h.clock.advance(seconds=300)  # exactly the end: the timer has not fired
    late = await h.bid(sid, b, "101000.00")
    assert late.status_code == 409 and late.json()["type"].endswith("bidding-ended")
    st = await h.state(sid)
    assert st["status"] == "bidding" and st["best_price"] == "100000.00"
    assert st["remaining_ms"] == 0
    assert await h.fire() == 1
    assert (await h.state(sid))["status"] == "concluded"


async def test_B2_no_bids_fails_the_trade_and_refunds_every_deposit(h) -> None:
    a, b = person(), person()
    sid = await _session_with(h, "L-B2-4", [(a, False), (b, False)], free=60, extension=60)
    h.clock.advance(seconds=120)
    assert await h.fire() == 1
    assert (await h.state(sid))["status"] == "failed"
    [failed] = await h.events("bidding.trade_failed")
    assert failed["reason_code"] == "no_bids"
    refunds = await h.events("bidding.deposit_refunded")
    assert sorted(r["party_id"] for r in refunds) == sorted([a, b])
    assert all(r["amount"] == "5000.00" for r in refunds)
    assert (await h.balances("L-B2-4")).get("cash", 0) == 0


async def test_B3_a_priority_holder_matches_the_best_and_leads_ordinary_bids_must_exceed(h) -> None:
    a, p, q = person(), person(), person()
    sid = await _session_with(h, "L-B3-1", [(a, False), (p, True), (q, True)], free=0)
    assert (await h.bid(sid, a, "120000.00")).status_code == 201
    match = await h.bid(sid, p, "120000.00")  # equal terms: the priority holder leads
    assert match.status_code == 201 and match.json()["priority_match"] is True
    st = await h.state(sid)
    assert st["best_price"] == "120000.00" and st["leader_is_priority_holder"] is True
    # a second priority holder cannot take the same level: ties go to the earliest
    tie = await h.bid(sid, q, "120000.00")
    assert tie.status_code == 409 and tie.json()["rule"] == "B3"
    # the ordinary bidder must now exceed by the increment
    again = await h.bid(sid, a, "120000.00")
    assert again.status_code == 409 and again.json()["minimum_next"] == "121000.00"
    assert (await h.bid(sid, a, "121000.00")).status_code == 201
    assert (await h.bid(sid, p, "121000.00")).json()["priority_match"] is True
    h.clock.advance(seconds=300)
    assert await h.fire() == 1
    [done] = await h.events("bidding.trade_concluded")
    assert done["buyer_party_id"] == p and done["price"] == "121000.00"
    assert done["via_priority"] is True


async def test_B4_an_auction_opens_only_by_a_licensed_auctioneer_then_runs_the_same_engine(
    h,
) -> None:
    a, b = person(), person()
    sid = await _session_with(h, "L-B4-A", [(a, False), (b, False)], mode="auction", free=0)
    assert (await h.state(sid))["status"] == "awaiting_auctioneer"
    early = await h.bid(sid, a, "100000.00")
    assert early.status_code == 409 and early.json()["rule"] == "B4"
    for who in (STAFF, SUPERVISOR):
        assert (
            await h.client.post(f"/sessions/{sid}/auction/start", headers=who)
        ).status_code == 403
    r = await h.client.post(f"/sessions/{sid}/auction/start", headers=AUCTIONEER)
    assert r.status_code == 200 and r.json()["status"] == "bidding"
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    assert (await h.bid(sid, b, "100000.00")).status_code == 409
    assert (await h.bid(sid, b, "101000.00")).status_code == 201
    h.clock.advance(seconds=300)
    await h.fire()
    [done] = await h.events("bidding.trade_concluded")
    assert done["mode"] == "auction" and done["buyer_party_id"] == b
    assert done["price"] == "101000.00"


def _iso(dt) -> str:  # answers show Beijing time (common.localtime)
    return dt.astimezone(SHANGHAI).isoformat()


async def test_B2_X4_a_bid_of_another_shape_takes_the_ordinary_route_with_the_same_answers(
    h,
) -> None:
    """The bid's hot route serves only ``{"amount": "<string>"}`` from a verified buyer;
    everything else runs the ordinary FastAPI route, with the same outcomes."""
    from testkit.bidding import buyer

    a, b = person(), person()
    sid = await _session_with(h, "L-B2-SHAPE", [(a, False), (b, False)])
    url = f"/sessions/{sid}/bids"

    # an Idempotency-Key: one bid, replayed byte for byte, never placed twice (X4)
    keyed = {**buyer(a), "Idempotency-Key": "bid-1"}
    first = await h.client.post(url, json={"amount": "100000.00"}, headers=keyed)
    again = await h.client.post(url, json={"amount": "100000.00"}, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.content == first.content
    other = await h.client.post(url, json={"amount": "102000.00"}, headers=keyed)
    assert other.status_code == 422 and other.json()["type"].endswith("idempotency-key-reused")
    assert (await h.state(sid))["bid_count"] == 1

    # a JSON number is a valid amount too: the same answer as the hot route's
    by_number = await h.client.post(url, json={"amount": 101000}, headers=buyer(b))
    by_text = await h.bid(sid, a, "102000.00")
    assert by_number.status_code == by_text.status_code == 201
    assert by_number.json().keys() == by_text.json().keys()
    assert by_number.json()["state"].keys() == by_text.json()["state"].keys()
    assert by_number.json()["amount"] == "101000.00"

    # malformed requests are refused by the ordinary route, naming the field, changing nothing
    three_places = await h.bid(sid, b, "103000.001")
    assert three_places.status_code == 422
    assert three_places.json()["errors"][0]["field"].endswith("amount")
    missing = await h.client.post(url, json={"price": "103000.00"}, headers=buyer(b))
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"].endswith("amount")
    garbage = await h.client.post(
        url, content=b"{not json", headers={**buyer(b), "Content-Type": "application/json"}
    )
    assert garbage.status_code == 422
    assert (await h.client.post(url, json={"amount": "103000.00"})).status_code == 401
    staff = await h.client.post(url, json={"amount": "103000.00"}, headers=STAFF)
    assert staff.status_code == 403  # only buyers bid
    st = await h.state(sid)
    assert st["bid_count"] == 3 and st["best_price"] == "102000.00"


async def test_B2_a_price_refusal_is_the_same_409_through_the_hot_and_the_ordinary_route(h) -> None:
    """Too low or off the increments: one status (409), one code, the next acceptable
    price in the body — byte for byte the same whether the hot route (common.hot) or the
    ordinary route (a JSON number, an Idempotency-Key) answers it."""
    from testkit.bidding import buyer

    a, b = person(), person()
    sid = await _session_with(h, "L-B2-REFUSE", [(a, False), (b, False)])
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    url = f"/sessions/{sid}/bids"
    cases = (
        ("100999.99", "below-minimum", "101000.00"),
        ("101500.00", "off-increment", "102000.00"),
        ("100000.00", "below-minimum", "101000.00"),
    )
    for amount, reason, nxt in cases:
        hot = await h.bid(sid, b, amount)
        keyed = await h.bid(sid, b, amount, idempotency_key=f"k-{amount}")
        number = await h.client.post(url, json={"amount": float(amount)}, headers=buyer(b))
        assert hot.status_code == keyed.status_code == number.status_code == 409, hot.text
        assert hot.content == keyed.content == number.content
        body = hot.json()
        assert body["type"].endswith("/bid-price-not-acceptable") and body["reason"] == reason
        assert (body["minimum_next"], body["next_acceptable"]) == ("101000.00", nxt)
        assert hot.headers["content-type"].startswith("application/problem+json")
    assert (await h.state(sid))["bid_count"] == 1


async def test_B2_B3_the_bid_answer_is_exactly_the_documented_BidOut(h) -> None:
    """The hot route writes its answer without the response model (views.bid_answer):
    each answer must be byte for byte what ``BidOut`` writes of the same values, through
    the hot route and the ordinary one, in the free period and in the timed period."""
    from bidding.sessions.schemas import BidOut
    from testkit.bidding import buyer

    a, p = person(), person()
    sid = await _session_with(h, "L-B2-WIRE", [(a, False), (p, True)], free=60)
    answers = [await h.bid(sid, a, "100000.00")]  # the hot route, free period
    answers.append(await h.bid(sid, p, "100000.00"))  # a priority match
    h.clock.advance(seconds=61)  # the timed period: each bid extends
    answers.append(await h.bid(sid, a, "101000.00"))
    number = {"amount": 102000}  # a JSON number: the ordinary route
    answers.append(await h.client.post(f"/sessions/{sid}/bids", json=number, headers=buyer(p)))
    for r in answers:
        assert r.status_code == 201, r.text
        assert BidOut.model_validate_json(r.content).model_dump_json().encode() == r.content
    first, match, timed, ordinary = (r.json() for r in answers)
    assert (first["amount"], first["extended"], first["priority_match"]) == (
        "100000.00",
        False,
        False,
    )
    assert match["priority_match"] is True and match["state"]["you"]["priority"] is True
    assert match["state"]["leader_is_priority_holder"] is True
    assert timed["extended"] is True and timed["state"]["extensions"] == 1
    assert timed["state"]["remaining_ms"] == 300_000  # bid time + the 5 min extension
    assert timed["state"]["minimum_next"] == "102000.00"  # best + the increment
    assert ordinary["state"]["best_price"] == "102000.00"
    assert ordinary["state"]["you"] == {
        "is_bidder": True,
        "priority": True,
        "leading": True,
        "your_best": "102000.00",
        "eligible": True,
    }
    st = await h.state(sid)
    for key in ("best_price", "bid_count", "extensions", "ends_at", "version", "minimum_next"):
        assert st[key] == ordinary["state"][key]


async def test_B2_the_centre_lists_todays_sessions_of_its_county_with_price_and_end(h) -> None:
    from testkit.testing import auth

    a, b = person(), person()
    sid = await _session_with(h, "L-MON-1", [(a, False), (b, False)])
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    r = await h.client.get("/sessions", headers=STAFF)
    assert r.status_code == 200, r.text
    [row] = [x for x in r.json() if x["listing_id"] == "L-MON-1"]
    assert row["session_id"] == sid and row["status"] == "bidding"
    assert row["best_price"] == "100000.00" and row["ends_at"] is not None
    assert row["remaining_ms"] > 0
    # another county's staff see none of it; a bad day is a 422 naming it
    other = auth("exchange_staff", org_type="county", org_id="620822")
    assert (await h.client.get("/sessions", headers=other)).json() == []
    bad = await h.client.get("/sessions", params={"day": "2026-13-01"}, headers=STAFF)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "day"
    # a day long gone: only what is still live
    h.clock.advance(days=2)
    assert (await h.state(sid))["status"] in ("bidding", "concluded")
    past = await h.client.get("/sessions", params={"day": "2020-01-01"}, headers=SUPERVISOR)
    assert all(x["status"] == "bidding" for x in past.json())

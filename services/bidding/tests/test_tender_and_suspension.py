"""Sealed tender (DOMAIN B4) — secret until the opening through every API and in the
database — and suspension, resumption, termination of a trade (L12)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from common.clock import SHANGHAI
from common.contracts.listing import ListingResumed, ListingSuspended, ListingTerminated
from testkit.bidding import AUCTIONEER, STAFF, SUPERVISOR, buyer, person


async def _tender(h, listing: str, buyers: list[tuple[str, bool]]) -> str:
    await h.publish_listing(listing, mode="tender")
    for p, _ in buyers:
        await h.pay_deposit(listing, p)
    h.clock.advance(days=20)
    sid = await h.close(
        listing, buyers, mode="tender", tender_opening_at=h.clock.now() + timedelta(days=3)
    )
    assert sid
    return sid


async def test_B4_sealed_tenders_are_unreadable_by_anyone_until_the_opening_then_ranked(h) -> None:
    a, b, p, c = person(), person(), person(), person()
    sid = await _tender(h, "L-B4-T", [(a, False), (b, False), (p, True), (c, False)])
    amounts = {a: "130000.00", b: "150000.00", p: "150000.00", c: "90000.00"}
    receipts = {}
    for party, amount in amounts.items():
        r = await h.client.post(
            f"/sessions/{sid}/tenders", json={"amount": amount}, headers=buyer(party)
        )
        assert r.status_code == 201, r.text
        receipts[party] = r.json()["commitment"]
        h.clock.advance(minutes=1)
    twice = await h.client.post(
        f"/sessions/{sid}/tenders", json={"amount": "1.00"}, headers=buyer(a)
    )
    assert twice.status_code == 409

    # nobody reads them before the opening: staff, supervisor, auctioneer, the bidders
    for who in (STAFF, SUPERVISOR, AUCTIONEER, buyer(a), buyer(b)):
        r = await h.client.get(f"/sessions/{sid}/tenders", headers=who)
        assert r.status_code == 403 and r.json()["rule"] == "B4"
        st = (await h.client.get(f"/sessions/{sid}", headers=who)).json()
        assert st["best_price"] is None
        assert "150000" not in str(st) and "130000" not in str(st)
    log = await h.client.get(f"/sessions/{sid}/bids", headers=STAFF)
    assert log.json() == []
    # nor does a database reader: only ciphertext and a commitment are stored
    async with h.rt.transaction() as s:
        rows = (
            await s.execute(
                text("SELECT nonce, ciphertext, commitment, amount_fen FROM sealed_tenders")
            )
        ).all()
    assert len(rows) == 4
    for _nonce, ct, commit, amount in rows:
        assert amount is None
        raw = bytes(ct)
        for plain in (b"130000", b"150000", b"13000000", b"15000000", b"9000000"):
            assert plain not in raw
        assert len(commit) == 64 and commit in receipts.values()

    h.clock.advance(days=3)  # the opening
    late = await h.client.post(
        f"/sessions/{sid}/tenders", json={"amount": "200000.00"}, headers=buyer(a)
    )
    assert late.status_code == 409
    assert await h.fire() == 1
    ranked = (await h.client.get(f"/sessions/{sid}/tenders", headers=STAFF)).json()
    assert [(t["party_id"], t["amount"], t["rank"], t["valid"]) for t in ranked] == [
        (p, "150000.00", 1, True),  # equal price: the priority holder first (B3)
        (b, "150000.00", 2, True),
        (a, "130000.00", 3, True),
        (c, "90000.00", None, False),  # below the reserve
    ]
    assert {t["party_id"]: t["commitment"] for t in ranked} == receipts
    [done] = await h.events("bidding.trade_concluded")
    assert done["mode"] == "tender" and done["buyer_party_id"] == p
    assert done["price"] == "150000.00" and done["via_priority"] is True
    mine = (await h.client.get(f"/sessions/{sid}/tenders", headers=buyer(a))).json()
    assert {t["party_id"] for t in mine} == {a, "***"}  # other bidders stay masked


async def test_B4_a_tender_with_no_valid_bid_fails(h) -> None:
    a, b = person(), person()
    sid = await _tender(h, "L-B4-F", [(a, False), (b, False)])
    await h.client.post(f"/sessions/{sid}/tenders", json={"amount": "1000.00"}, headers=buyer(a))
    h.clock.advance(days=3)
    await h.fire()
    [failed] = await h.events("bidding.trade_failed")
    assert failed["reason_code"] == "no_valid_tender"
    assert len(await h.events("bidding.deposit_refunded")) == 2


async def test_L12_a_suspended_trade_refuses_bids_and_resumes_with_its_remaining_time(h) -> None:
    a, b = person(), person()
    sid = await h.open_trade("L-L12", [(a, False), (b, False)], free=600, extension=300)
    h.clock.advance(seconds=500)  # 100 s of the free period and 400 s in all remain
    await h.deliver(
        ListingSuspended(
            listing_id="L-L12",
            reason="权属争议",
            reason_code="dispute",
            phase="trading",
            remaining_seconds=0,
            suspended_at=h.clock.now(),
            decided_by="staff-1",
        )
    )
    st = await h.state(sid)
    assert st["status"] == "suspended" and st["remaining_ms"] == 400_000
    r = await h.bid(sid, a, "100000.00")
    assert r.status_code == 409 and r.json()["rule"] == "L12"
    h.clock.advance(days=2)
    assert await h.fire() == 0  # no close while suspended
    await h.deliver(
        ListingResumed(
            listing_id="L-L12",
            phase="trading",
            remaining_seconds=0,
            resumed_at=h.clock.now(),
            decided_by="staff-1",
        )
    )
    resumed = h.clock.now()
    st = await h.state(sid)
    assert st["status"] == "bidding"
    assert st["free_ends_at"] == _iso(resumed + timedelta(seconds=100))
    assert st["ends_at"] == _iso(resumed + timedelta(seconds=400))
    assert (await h.bid(sid, a, "100000.00")).status_code == 201
    h.clock.advance(seconds=400)
    assert await h.fire() == 1
    assert (await h.state(sid))["status"] == "concluded"


async def test_L12_B5_a_terminated_trade_fails_and_refunds_every_deposit(h) -> None:
    a, b = person(), person()
    sid = await h.open_trade("L-TERM", [(a, False), (b, False)], free=0)
    await h.bid(sid, a, "100000.00")
    await h.deliver(
        ListingTerminated(
            listing_id="L-TERM",
            reason="主管部门要求终止",
            reason_code="department_request",
            terminated_at=h.clock.now(),
            decided_by="staff-1",
        )
    )
    assert (await h.state(sid))["status"] == "terminated"
    assert (await h.bid(sid, b, "101000.00")).status_code == 409
    [failed] = await h.events("bidding.trade_failed")
    assert failed["reason_code"] == "terminated"
    assert len(await h.events("bidding.deposit_refunded")) == 2
    assert (await h.balances("L-TERM"))["cash"] == 0
    h.clock.advance(seconds=300)
    assert await h.fire() == 0  # the closing timer was cancelled


def _iso(dt) -> str:  # answers show Beijing time (common.localtime)
    return dt.astimezone(SHANGHAI).isoformat()

"""Who may see and do what (DOMAIN X3), and how the trade opens from the closed
announcement (L7): failed listings and unqualified payers get their deposits back (B5)."""

from __future__ import annotations

from testkit.bidding import (
    AUCTIONEER,
    BANK,
    OTHER_STAFF,
    SELLER_AUTH,
    STAFF,
    SUPERVISOR,
    buyer,
    person,
)
from testkit.testing import auth


async def test_X3_each_role_sees_only_its_own_part_of_a_session(h) -> None:
    a, b, outsider = person(), person(), person()
    await h.publish_listing("L-X3")
    for p in (a, b):
        await h.pay_deposit("L-X3", p)
    other_bank = auth("lender", org_type="bank", org_id="BANK-OTHER")
    r = await h.client.post(
        "/deposits",
        json={
            "listing_id": "L-X3",
            "party_id": outsider,
            "amount": "5000.00",
            "bank_reference": "OTHER-1",
        },
        headers={**other_bank, "Idempotency-Key": "o-1"},
    )
    assert r.status_code == 201
    h.clock.advance(days=20)
    sid = await h.close("L-X3", [(a, False), (b, False)], free=0)
    await h.bid(sid, a, "100000.00")

    for who in (STAFF, SUPERVISOR, AUCTIONEER, SELLER_AUTH, buyer(a), buyer(b)):
        assert (await h.client.get(f"/sessions/{sid}", headers=who)).status_code == 200
    for who in (
        OTHER_STAFF,
        buyer(outsider),
        auth("seller", org_type="person", org_id=b),
        auth("township_clerk", org_type="township", org_id="620821101"),
        other_bank,
    ):
        assert (await h.client.get(f"/sessions/{sid}", headers=who)).status_code == 403
    assert (await h.client.get(f"/sessions/{sid}")).status_code == 401

    # the bid log with identities: the county's staff and supervisor only
    log = await h.client.get(f"/sessions/{sid}/bids", headers=SUPERVISOR)
    assert [x["party_id"] for x in log.json()] == [a]
    for who in (buyer(a), SELLER_AUTH, OTHER_STAFF):
        assert (await h.client.get(f"/sessions/{sid}/bids", headers=who)).status_code == 403
    # only buyers bid; a buyer token speaks for its own party only (org.type person)
    assert (await h.bid(sid, outsider, "101000.00")).status_code == 403
    r = await h.client.post(f"/sessions/{sid}/bids", json={"amount": "101000.00"}, headers=STAFF)
    assert r.status_code == 403
    r = await h.client.post(
        f"/sessions/{sid}/bids",
        json={"amount": "101000.00"},
        headers=auth("buyer", org_type="county", org_id=b),
    )
    assert r.status_code == 403

    # deposits: the county's staff see all three, a bank only what it reported
    staff = await h.client.get("/listings/L-X3/deposits", headers=STAFF)
    assert len(staff.json()) == 3
    mine = await h.client.get(
        "/listings/L-X3/deposits", headers=auth("lender", org_type="bank", org_id=BANK)
    )
    assert {d["party_id"] for d in mine.json()} == {a, b}
    assert (await h.client.get("/listings/L-X3/deposits", headers=OTHER_STAFF)).status_code == 403
    assert (await h.client.get("/listings/L-X3/deposits", headers=buyer(a))).status_code == 403
    # county parameters: only the county's own staff change them
    r = await h.client.put(
        "/county-parameters/620821/service_fee_rate",
        json={"value": "0.01", "effective_from": "2026-02-01", "reason": "x"},
        headers=OTHER_STAFF,
    )
    assert r.status_code == 403


async def _open_with_an_unqualified_payer(h, listing: str) -> tuple[str, str, str]:
    """Three pay the deposit, two qualify; the announcement closes on Sunday 2026-01-25."""
    a, b, rejected = person(), person(), person()
    await h.publish_listing(listing)
    for p in (a, b, rejected):
        await h.pay_deposit(listing, p)
    h.clock.advance(days=20)
    await h.close(listing, [(a, False), (b, False)])
    return a, b, rejected


async def test_L7_B5_the_unqualified_payer_is_refunded_when_the_trade_opens(h) -> None:
    a, b, rejected = await _open_with_an_unqualified_payer(h, "L-L7")
    [refund] = await h.events("bidding.deposit_refunded")
    assert refund["party_id"] == rejected and refund["amount"] == "5000.00"
    assert (await h.balances("L-L7"))["cash"] == 1_000_000
    deposits = (await h.client.get("/listings/L-L7/deposits", headers=STAFF)).json()
    states = {d["party_id"]: (d["state"], d["refund_due_by"]) for d in deposits}
    # refunded at once, within 5 working days of Sunday 2026-01-25 (Shanghai): by Fri 30
    assert states == {
        a: ("held", None),
        b: ("held", None),
        rejected: ("refunded", "2026-01-31T00:00:00+08:00"),
    }


async def test_L7_B5_a_failed_announcement_opens_no_trade_and_refunds_everyone(h) -> None:
    a = person()
    await h.publish_listing("L-L7F")
    await h.pay_deposit("L-L7F", a)
    h.clock.advance(days=20)
    assert await h.close("L-L7F", []) is None
    [refund] = await h.events("bidding.deposit_refunded")
    assert refund["party_id"] == a
    assert await h.events("bidding.trade_failed") == []  # listing already knows: 流标


async def test_B2_a_qualified_buyer_whose_deposit_is_not_recorded_may_not_bid(h) -> None:
    a, b = person(), person()
    await h.publish_listing("L-NODEP")
    await h.pay_deposit("L-NODEP", a)
    h.clock.advance(days=20)
    sid = await h.close("L-NODEP", [(a, False), (b, False)], free=0)
    r = await h.bid(sid, b, "100000.00")
    assert r.status_code == 403 and r.json()["rule"] == "B2"
    assert (await h.state(sid, buyer(b)))["you"]["eligible"] is False
    assert (await h.bid(sid, a, "100000.00")).status_code == 201


async def test_B5_refund_deadlines_follow_the_countys_work_calendar(h) -> None:
    url = "/county-parameters/620821/work_calendar"
    in_force = (await h.client.get("/county-parameters/620821", headers=STAFF)).json()
    calendar = next(p for p in in_force if p["key"] == "work_calendar")["value"]
    assert "2026-10-07" in calendar["holidays"] and "2026-10-10" in calendar["working_weekends"]
    # a Wednesday cannot be a make-up working day: refused, naming the field and the rule
    wrong = {**calendar, "working_weekends": [*calendar["working_weekends"], "2026-01-28"]}
    change = {"value": wrong, "effective_from": "2026-01-05", "reason": "local festival"}
    r = await h.client.put(url, json=change, headers=STAFF)
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert (error["field"], error["rule"]) == ("value", "B5")
    assert "2026-01-28 is a Wednesday" in error["message"]
    assert (await h.client.get(url, headers=STAFF)).json() == []  # nothing recorded
    # the county closes its counters on Wednesday 28 January (a local holiday)
    local = {**calendar, "holidays": [*calendar["holidays"], "2026-01-28"]}
    r = await h.client.put(url, json={**change, "value": local}, headers=STAFF)
    assert r.status_code == 201 and r.json()["version"] == 1

    _, _, rejected = await _open_with_an_unqualified_payer(h, "L-CAL")
    deposits = (await h.client.get("/listings/L-CAL/deposits", headers=STAFF)).json()
    due = {d["party_id"]: d["refund_due_by"] for d in deposits}
    # 5 working days from Sunday 25 January: Mon 26, Tue 27, Thu 29, Fri 30, Mon 2 February
    assert due[rejected] == "2026-02-03T00:00:00+08:00"  # midnight after Mon 2 February


async def test_L7_a_published_listing_shows_a_pending_session_until_the_trade_opens(h) -> None:
    """Issue 15: before the close is processed, ``GET /listings/{id}/session`` answers a
    pending state (announcement end, time left by the server's clock), not a 404."""
    from datetime import datetime

    a, b = person(), person()
    await h.publish_listing("L-PENDING")
    for p in (a, b):
        assert (await h.pay_deposit("L-PENDING", p)).status_code == 201
    url = "/listings/L-PENDING/session"
    for who in (STAFF, SUPERVISOR, SELLER_AUTH, buyer(a)):
        r = await h.client.get(url, headers=who)
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["status"], body["session_id"], body["listing_id"]) == (
            "pending",
            None,
            "L-PENDING",
        )
        ends = datetime.fromisoformat(body["announcement_ends_at"])
        now = datetime.fromisoformat(body["server_time"])
        assert body["remaining_ms"] == int((ends - now).total_seconds() * 1000) > 0
    assert (await h.client.get(url, headers=OTHER_STAFF)).status_code == 403
    assert (await h.client.get("/listings/L-UNKNOWN/session", headers=STAFF)).status_code == 404
    h.clock.advance(days=20)  # the announcement ended; its close not processed yet
    late = (await h.client.get(url, headers=STAFF)).json()
    assert (late["status"], late["remaining_ms"]) == ("pending", 0)
    sid = await h.close("L-PENDING", [(a, False), (b, False)], free=0)
    opened = (await h.client.get(url, headers=STAFF)).json()
    assert (opened["session_id"], opened["status"]) == (sid, "bidding")


async def test_X3_staff_of_another_county_get_the_one_refusal_other_organization(h) -> None:
    """Bidding refuses another county's staff with common.access's one X3 refusal
    (it used to answer its own ``other-county``), on sessions, deposits and the ledger."""
    a, b = person(), person()
    sid = await h.open_trade("L-X3-ORG", [(a, False), (b, False)], free=0)
    for url in (
        f"/sessions/{sid}",
        f"/sessions/{sid}/bids",
        "/listings/L-X3-ORG/session",
        "/listings/L-X3-ORG/deposits",
        "/listings/L-X3-ORG/ledger",
    ):
        r = await h.client.get(url, headers=OTHER_STAFF)
        assert r.status_code == 403, url
        problem = r.json()
        assert problem["type"].endswith("/other-organization"), (url, problem["type"])
        assert problem["rule"] == "X3", url

"""Deposits (DOMAIN B5) and the deal — confirmation, contract, settlement, release (B6),
with the negotiated transfer (B1) — on SQLite and on the real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from common.contracts.registry import DisposalRequested
from testkit.bidding import BANK, SELLER, SELLER_AUTH, STAFF, SUPERVISOR, buyer, person
from testkit.testing import auth


async def test_B5_a_bank_reports_a_deposit_once_with_the_listing_amount(h) -> None:
    a = person()
    await h.publish_listing("L-B5-1", deposit="5000.00")
    wrong = await h.pay_deposit("L-B5-1", a, amount="4999.99")
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0] == {
        "field": "amount",
        "rule": "B5",
        "message": "the listing's deposit is 5,000.00",
        "message_zh": "该项目保证金为5,000.00元",
    }
    r1 = await h.pay_deposit("L-B5-1", a, key="cb-1", ref="BR-1")
    assert r1.status_code == 201 and r1.json()["state"] == "held"
    again = await h.pay_deposit("L-B5-1", a, key="cb-1", ref="BR-1")  # the bank retries
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == r1.json()
    dup = await h.pay_deposit("L-B5-1", a, key="cb-2", ref="BR-2")
    assert dup.status_code == 409
    [paid] = await h.events("bidding.deposit_paid")
    assert paid["party_id"] == a and paid["amount"] == "5000.00"
    assert paid["bank_reference"] == "BR-1"
    assert await h.balances("L-B5-1") == {"cash": 500000, f"deposit:L-B5-1:{a}": -500000}

    def another_deposit(ref: str) -> dict[str, str]:
        """A bank's report of another party's deposit, under the bank reference ``ref``."""
        return {
            "listing_id": "L-B5-1",
            "party_id": person(),
            "amount": "5000.00",
            "bank_reference": ref,
        }

    bank = auth("lender", org_type="bank", org_id=BANK)
    no_key = await h.client.post("/deposits", json=another_deposit("BR-3"), headers=bank)
    assert no_key.status_code == 400 and no_key.json()["errors"][0]["field"] == "Idempotency-Key"
    for who in (STAFF, buyer(a), auth("lender", org_type="county", org_id="620821")):
        headers = {**who, "Idempotency-Key": "k"}
        r = await h.client.post("/deposits", json=another_deposit("BR-4"), headers=headers)
        assert r.status_code == 403
    bad = await h.pay_deposit("L-B5-1", "110101199001011234")  # wrong check digit
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "party_id"
    h.clock.advance(days=20)
    late = await h.pay_deposit("L-B5-1", person())
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "listing_id"
    assert len(await h.events("bidding.deposit_paid")) == 1


async def test_B5_a_callback_before_the_announcement_arrives_is_retryable_then_accepted(h) -> None:
    """Issue 15: a bank's callback that races the announcement (listing.published not yet
    delivered) gets a retryable 409 with Retry-After — not a 404 — changes nothing, and the
    same callback (same Idempotency-Key) succeeds once the listing is known."""
    a = person()
    early = await h.pay_deposit("L-B5-RACE", a, key="cb-race", ref="BR-RACE")
    assert early.status_code == 409, early.text
    assert early.headers["content-type"].startswith("application/problem+json")
    assert int(early.headers["Retry-After"]) > 0
    body = early.json()
    assert body["type"].endswith("/listing-not-yet-known") and body["rule"] == "B5"
    assert body["retryable"] is True and body["title_zh"]
    assert await h.events("bidding.deposit_paid") == []
    await h.publish_listing("L-B5-RACE", deposit="5000.00")
    again = await h.pay_deposit("L-B5-RACE", a, key="cb-race", ref="BR-RACE")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert [e["party_id"] for e in await h.events("bidding.deposit_paid")] == [a]


async def test_B5_B6_the_winner_deposit_joins_the_price_the_others_are_refunded_fees_and_release(
    h,
) -> None:
    a, b = person(), person()
    await h.publish_listing("L-B6-1")
    for p in (a, b):
        await h.pay_deposit("L-B6-1", p)
    # a county sets a 1% service fee
    r = await h.client.put(
        "/county-parameters/620821/service_fee_rate",
        json={"value": "0.01", "effective_from": "2026-01-05", "reason": "物价局核定"},
        headers=STAFF,
    )
    assert r.status_code == 201, r.text
    h.clock.advance(days=20)
    sid = await h.close("L-B6-1", [(a, False), (b, False)], free=0)
    await h.bid(sid, a, "100000.00")
    await h.bid(sid, b, "150000.00")
    h.clock.advance(seconds=300)
    await h.fire()
    [deal] = (await h.client.get("/listings/L-B6-1/deals", headers=STAFF)).json()
    assert deal["buyer_party_id"] == b and deal["price"] == "150000.00"
    assert deal["deposit_applied"] == "5000.00" and deal["balance_due"] == "145000.00"
    assert deal["confirmation_no"].startswith("CJ620821")
    # 5 working days from Sunday 2026-01-25 (Shanghai): Mon 26 … Fri 30, ends at midnight
    assert deal["contract_deadline"] == "2026-01-31T00:00:00+08:00"
    [refund] = await h.events("bidding.deposit_refunded")
    assert refund["party_id"] == a and refund["amount"] == "5000.00"
    assert await h.balances("L-B6-1") == {
        "cash": 500000,
        f"deposit:L-B6-1:{a}": 0,
        f"deposit:L-B6-1:{b}": 0,
        "price:L-B6-1": -500000,
    }
    tid = deal["trade_id"]
    # the buyer and the seller read the confirmation; another buyer does not
    assert (await h.client.get(f"/deals/{tid}", headers=buyer(b))).status_code == 200
    assert (await h.client.get(f"/deals/{tid}", headers=SELLER_AUTH)).status_code == 200
    assert (await h.client.get(f"/deals/{tid}", headers=buyer(a))).status_code == 403

    over = await h.pay_balance(tid, "145000.01")
    assert over.status_code == 422 and over.json()["errors"][0]["rule"] == "B6"
    assert (await h.pay_balance(tid, "45000.00")).json()["balance_due"] == "100000.00"
    signed = await h.client.post(
        f"/deals/{tid}/contract", json={"contract_no": "HT-2026-001"}, headers=STAFF
    )
    assert signed.status_code == 200 and signed.json()["status"] == "contract_signed"
    [contract] = await h.events("bidding.contract_signed")
    assert contract["contract_no"] == "HT-2026-001" and contract["price"] == "150000.00"
    assert await h.events("bidding.settlement_completed") == []
    assert (await h.pay_balance(tid, "100000.00")).json()["status"] == "settled"
    [settled] = await h.events("bidding.settlement_completed")
    assert settled["price"] == "150000.00" and settled["buyer_party_id"] == b

    transferred = h.transferred("L-B6-1", b)
    await h.deliver(transferred)
    await h.deliver(transferred)  # another event of the same fact releases nothing twice
    [released] = await h.events("bidding.funds_released")
    assert released["amount"] == "148500.00" and released["fees"] == "1500.00"
    # the fee stays in the exchange's account as its income; everything else went out
    assert await h.balances("L-B6-1") == {
        "cash": 150000,
        f"deposit:L-B6-1:{a}": 0,
        f"deposit:L-B6-1:{b}": 0,
        "price:L-B6-1": 0,
        "fees": -150000,
    }
    led = (await h.client.get("/listings/L-B6-1/ledger", headers=SUPERVISOR)).json()
    assert led["trial_balance"] == "0.00" and led["balances"]["fees"] == "-1500.00"


async def test_B5_a_winner_who_does_not_sign_forfeits_and_the_centre_decides_never_automatically(
    h,
) -> None:
    a, b, c = person(), person(), person()
    sid = await h.open_trade("L-B5-2", [(a, False), (b, False), (c, False)], free=0)
    await h.bid(sid, a, "100000.00")
    await h.bid(sid, b, "101000.00")
    await h.bid(sid, c, "105000.00")
    h.clock.advance(seconds=300)
    await h.fire()
    [deal] = (await h.client.get("/listings/L-B5-2/deals", headers=STAFF)).json()
    h.clock.advance(days=9)  # past the 5-working-day deadline
    assert await h.fire() == 1
    late = await h.client.post(
        f"/deals/{deal['trade_id']}/contract", json={"contract_no": "HT-X"}, headers=STAFF
    )
    assert late.status_code == 409
    [forfeit] = await h.events("bidding.deposit_forfeited")
    assert forfeit["party_id"] == c and forfeit["amount"] == "5000.00"
    failed = await h.events("bidding.trade_failed")
    assert [f["reason_code"] for f in failed] == ["buyer_defaulted"]
    assert len(await h.events("bidding.trade_concluded")) == 1  # nothing offered automatically
    assert (await h.balances("L-B5-2"))["forfeits"] == -500000

    bad = await h.client.post(
        f"/deals/{deal['trade_id']}/default-decision",
        json={"action": "offer_next", "reason": ""},
        headers=STAFF,
    )
    assert bad.status_code == 422
    r = await h.client.post(
        f"/deals/{deal['trade_id']}/default-decision",
        json={"action": "offer_next", "reason": "中心决定由次高竞买人递补"},
        headers=STAFF,
    )
    assert r.status_code == 200, r.text
    _old, new = r.json()
    assert new["buyer_party_id"] == b and new["price"] == "101000.00" and new["round"] == 2
    assert new["deposit_applied"] == "0.00"  # b's deposit was refunded after the deal
    again = await h.client.post(
        f"/deals/{deal['trade_id']}/default-decision",
        json={"action": "relist", "reason": "再次"},
        headers=STAFF,
    )
    assert again.status_code == 409
    assert [e["buyer_party_id"] for e in await h.events("bidding.trade_concluded")] == [c, b]


async def test_B1_one_qualified_buyer_negotiates_at_least_the_reserve_both_confirm(h) -> None:
    a = person()
    sid = await h.open_trade("L-B1-1", [(a, False)])
    st = await h.state(sid)
    assert st["mode"] == "negotiated" and st["status"] == "negotiating"
    low = await h.client.post(
        f"/sessions/{sid}/negotiation/offer", json={"amount": "99999.99"}, headers=buyer(a)
    )
    assert low.status_code == 422 and low.json()["errors"][0]["rule"] == "B1"
    early = await h.client.post(f"/sessions/{sid}/negotiation/conclude", headers=STAFF)
    assert early.status_code == 409
    ok = await h.client.post(
        f"/sessions/{sid}/negotiation/offer", json={"amount": "100000.00"}, headers=buyer(a)
    )
    assert ok.status_code == 200
    other = auth("seller", org_type="person", org_id=person())
    r = await h.client.post(f"/sessions/{sid}/negotiation/seller-confirm", headers=other)
    assert r.status_code == 403
    r = await h.client.post(f"/sessions/{sid}/negotiation/seller-confirm", headers=SELLER_AUTH)
    assert r.status_code == 200
    r = await h.client.post(f"/sessions/{sid}/negotiation/conclude", headers=STAFF)
    assert r.status_code == 200 and r.json()["status"] == "concluded"
    [done] = await h.events("bidding.trade_concluded")
    assert done["mode"] == "negotiated" and done["price"] == "100000.00"
    assert done["buyer_party_id"] == a


async def test_B6_R13_a_disposal_pays_the_lender_first_up_to_the_outstanding_debt(h) -> None:
    a, b = person(), person()
    await h.deliver(
        DisposalRequested(
            disposal_id="D-1",
            lien_id="LIEN-1",
            certificate_no="CERT-001",
            lender_org_id=BANK,
            county="620821",
            township="620821101",
            holder_party_id=SELLER,
            holder_name="张三",
            product="contracted_land",
            location="某村",
            area_mu="120.5",
            reserve_price="100000.00",
            outstanding_debt="120000.00",
            requested_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    await h.publish_listing("L-R13", disposal_id="D-1")
    for p in (a, b):
        await h.pay_deposit("L-R13", p)
    h.clock.advance(days=20)
    sid = await h.close(
        "L-R13", [(a, False), (b, True)], free=0, disposal_id="D-1", lien_id="LIEN-1"
    )
    await h.bid(sid, a, "150000.00")
    assert (await h.bid(sid, b, "150000.00")).json()["priority_match"] is True
    h.clock.advance(seconds=300)
    await h.fire()
    [deal] = (await h.client.get("/listings/L-R13/deals", headers=STAFF)).json()
    assert deal["buyer_party_id"] == b and deal["via_priority"] is True
    tid = deal["trade_id"]
    await h.client.post(f"/deals/{tid}/contract", json={"contract_no": "HT-D"}, headers=STAFF)
    await h.pay_balance(tid, "145000.00")
    [settled] = await h.events("bidding.settlement_completed")
    assert settled["disposal_id"] == "D-1" and settled["lien_id"] == "LIEN-1"
    await h.deliver(h.transferred("L-R13", b))
    [released] = await h.events("bidding.funds_released")
    assert released["lender_org_id"] == BANK and released["lender_amount"] == "120000.00"
    assert released["amount"] == "30000.00" and released["fees"] == "0.00"
    assert (await h.balances("L-R13"))["cash"] == 0


async def test_B5_B6_a_bank_reads_the_log_of_its_own_callbacks_and_nothing_of_another_banks(
    h,
) -> None:
    a, b = person(), person()
    await h.publish_listing("L-CB-1")
    await h.pay_deposit("L-CB-1", a, ref="BR-A")
    await h.pay_deposit("L-CB-1", b, ref="BR-B")
    h.clock.advance(days=20)
    sid = await h.close("L-CB-1", [(a, False), (b, False)], free=0)
    await h.bid(sid, a, "100000.00")
    h.clock.advance(seconds=300)
    await h.fire()
    [deal] = (await h.client.get("/listings/L-CB-1/deals", headers=STAFF)).json()
    paid = await h.pay_balance(deal["trade_id"], "1000.00")
    assert paid.status_code == 201, paid.text

    own = auth("lender", org_type="bank", org_id=BANK)
    log = await h.client.get("/bank-callbacks", headers=own)
    assert log.status_code == 200, log.text
    rows = log.json()
    assert [r["kind"] for r in rows] == ["balance_payment", "deposit", "deposit"]
    payment = rows[0]
    assert payment["trade_id"] == deal["trade_id"] and payment["amount"] == "1000.00"
    assert payment["party_id"] == a and payment["state"] == "awaiting_contract"
    assert {r["bank_reference"] for r in rows[1:]} == {"BR-A", "BR-B"}

    other = auth("lender", org_type="bank", org_id="BANK-OTHER")
    assert (await h.client.get("/bank-callbacks", headers=other)).json() == []
    assert (await h.client.get("/bank-callbacks", headers=STAFF)).status_code == 403

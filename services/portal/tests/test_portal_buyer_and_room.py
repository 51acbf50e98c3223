"""The buyer's pages and the bidding room through the portal (L6, L10, B2, B5, X3) —
against the embedded run in this process, time moved by the ManualClock."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from portal.personas import BANK, PERSONAS
from testkit.platform_client import buyer, staff
from testkit.testing import sse_events

A, B = PERSONAS["buyer-a"].org_id, PERSONAS["buyer-b"].org_id
JPEG = b"\xff\xd8\xff\xe0 identity"
#: a room that stays open ten minutes, and five more after a late bid
OPEN_ROOM = {"free_period_seconds": 600, "extension_seconds": 300}


async def register(embedded, b, listing_id: str, files: dict | None = None, **extra) -> object:
    """The registration form posted as typed (``extra`` over 李建国's fields) with the
    identity file, or with ``files`` instead."""
    page = await b.get(f"/board/{listing_id}/register")
    assert page.status_code == 200, page.text
    data = {
        "csrf_token": embedded.csrf_of(page.text),
        "name": "李建国",
        "phone": "13800001111",
        "buyer_kind": "natural_person",
    } | extra
    files = {"identity": ("id.jpg", JPEG, "image/jpeg")} if files is None else files
    return await b.post(f"/board/{listing_id}/register", data=data, files=files)


async def test_L6_buyer_registers_with_a_file_and_sees_qualification_and_deposit(embedded) -> None:
    async with embedded.platform() as p:
        listing = await embedded.published_listing(p)
        lid = listing["id"]
        async with embedded.browser() as b:
            # the public is sent to sign in; another role may not register
            anon = await b.get(f"/board/{lid}/register")
            assert anon.status_code == 303 and anon.headers["location"].startswith("/sign-in")
            await embedded.sign_in(b, "staff")
            assert (await b.get(f"/board/{lid}/register")).status_code == 403
            await embedded.sign_in(b, "buyer-a")
            r = await register(embedded, b, lid)
            assert r.status_code == 303 and r.headers["location"] == "/me", r.text
            me = await b.get("/me")
            assert "待审核" in me.text and listing["title"] in me.text
            regs = await p.request("listing", "GET", f"/listings/{lid}/registrations", staff())
            (reg,) = regs
            docs = await p.request(
                "listing",
                "GET",
                f"/registrations/{reg['id']}/documents",
                buyer(A),
            )
            assert [d["doc_type"] for d in docs] == ["identity"]
            await p.qualify(reg["id"])
            me = await b.get("/me")
            assert "资格审核通过" in me.text and "未缴纳" in me.text and "123456.00 元" in me.text
            await p.bank_deposit(lid, A, reg["id"], "123456.00", BANK)
            await p.poll(lambda: b.get("/me"), lambda r: "已到账" in r.text, what="deposit shown")


async def test_L10_a_priority_claim_needs_proof_and_a_missing_file_changes_nothing(
    embedded,
) -> None:
    async with embedded.platform() as p:
        listing = await embedded.published_listing(p)
    async with embedded.browser() as b:
        await embedded.sign_in(b, "buyer-b")
        typed = {"name": "张秀英", "phone": "13800002222"}
        no_file = await register(embedded, b, listing["id"], files={}, **typed)
        assert no_file.status_code == 422 and "identity" in no_file.text
        claim = await register(embedded, b, listing["id"], priority_claimed="yes")
        assert claim.status_code == 422 and "priority_proof" in claim.text
        big = b"\xff\xd8" + b"0" * (21 * 1024 * 1024)
        huge = await register(
            embedded, b, listing["id"], files={"identity": ("id.jpg", big, "image/jpeg")}, **typed
        )
        assert huge.status_code == 422 and "文件过大" in huge.text
        bad_phone = await register(embedded, b, listing["id"], phone="1")
        assert bad_phone.status_code == 422 and "phone" in bad_phone.text
        assert "还没有报名记录" in (await b.get("/me")).text


async def _next_state(events) -> dict:
    while True:
        name, data = await asyncio.wait_for(anext(events), 10)
        if name == "state":
            return data


async def test_B2_bidding_room_bid_with_confirmation_and_live_feeds_through_the_portal(
    embedded,
) -> None:
    async with embedded.platform() as p:
        listing, sid = await embedded.trading_listing(p, **OPEN_ROOM)
        lid = listing["id"]
        async with embedded.streaming() as a, embedded.streaming() as public:
            await embedded.sign_in(a, "buyer-a")
            room = await a.get(f"/room/{lid}")
            assert (
                room.status_code == 200 and "出价" in room.text and "1,234,567.00 元" in room.text
            )
            token = embedded.csrf_of(room.text)
            form = {"csrf_token": token, "session_id": sid, "amount": "1234567.00"}
            js = {"Accept": "application/json"}
            unconfirmed = await a.post(f"/room/{lid}/bid", data=form, headers=js)
            assert unconfirmed.status_code == 422 and not unconfirmed.json()["ok"]
            forged = await a.post(
                f"/room/{lid}/bid", data=form | {"confirmed": "yes", "csrf_token": "x"}, headers=js
            )
            assert forged.status_code == 403
            async with (
                a.stream("GET", f"/room/{lid}/feed", params={"session": sid}) as mine,
                public.stream("GET", f"/watch/{lid}/feed") as watch,
            ):
                assert mine.status_code == 200 and watch.status_code == 200
                my_events, watch_events = sse_events(mine), sse_events(watch)
                assert (await _next_state(my_events))["you"]["is_bidder"] is True
                assert (await _next_state(watch_events))["bid_count"] == 0
                placed = await a.post(
                    f"/room/{lid}/bid", data=form | {"confirmed": "yes"}, headers=js
                )
                assert placed.status_code == 200 and placed.json()["ok"], placed.text
                seen = await _next_state(my_events)
                assert seen["best_price"] == "1234567.00" and seen["you"]["leading"] is True
                public_state = await _next_state(watch_events)
                assert public_state["best_price"] == "1234567.00"
                assert A not in json.dumps(public_state)  # no identities for the public
        # another buyer who is no bidder of this session may not enter; a low bid is refused
        async with embedded.browser() as c:
            await embedded.sign_in(c, "clerk")
            outsider = await c.get(f"/room/{lid}")  # the public's view, no bid form
            assert outsider.status_code == 200 and "人围观" in outsider.text
            assert "bid-form" not in outsider.text
        async with embedded.browser() as b:
            await embedded.sign_in(b, "buyer-b")
            page = await b.get(f"/room/{lid}")
            low = await b.post(
                f"/room/{lid}/bid",
                data={
                    "csrf_token": embedded.csrf_of(page.text),
                    "session_id": sid,
                    "amount": "1.00",
                    "confirmed": "yes",
                },
                headers={"Accept": "application/json"},
            )
            assert low.status_code in (409, 422) and not low.json()["ok"]
        async with embedded.browser() as anon:
            assert (await anon.get(f"/room/{lid}/feed", params={"session": sid})).status_code == 401
            watch_page = await anon.get(f"/watch/{lid}")
            assert watch_page.status_code == 200 and "人围观" in watch_page.text


async def test_B5_the_winner_sees_own_deal_with_the_trade_id_on_me_and_the_other_does_not(
    embedded,
) -> None:
    async with embedded.platform() as p:
        listing, sid = await embedded.trading_listing(p, **OPEN_ROOM)
        lid = listing["id"]
        await p.bid(sid, A, "1234567.00")
        embedded.clock.advance(timedelta(seconds=901))  # free period and extension over
        deal = await p.deal_of(lid)
        async with embedded.browser() as a:
            await embedded.sign_in(a, "buyer-a")
            me = await p.poll(lambda: a.get("/me"), lambda r: "我的成交" in r.text)
            assert me.status_code == 200
            assert deal["trade_id"] in me.text and deal["confirmation_no"] in me.text
            assert "1,234,567.00 元" in me.text and "待签合同" in me.text
        async with embedded.browser() as b:
            await embedded.sign_in(b, "buyer-b")
            other = await b.get("/me")
            assert other.status_code == 200 and "还没有成交记录" in other.text
            assert deal["trade_id"] not in other.text


async def test_B4_a_sealed_tender_in_the_room_gives_only_a_receipt_until_the_opening(
    embedded,
) -> None:
    opening = embedded.clock.now() + timedelta(days=25)
    async with embedded.platform() as p:
        listing, sid = await embedded.trading_listing(
            p, mode="tender", tender_opening_at=opening.isoformat()
        )
        lid = listing["id"]
        async with embedded.browser() as a:
            await embedded.sign_in(a, "buyer-a")
            room = await a.get(f"/room/{lid}")
            assert room.status_code == 200 and "tender-form" in room.text, room.text
            assert "bid-form tender-form" in room.text and "密封投标" in room.text
            form = {"csrf_token": embedded.csrf_of(room.text), "session_id": sid}
            js = {"Accept": "application/json"}
            unconfirmed = await a.post(
                f"/room/{lid}/tender", data=form | {"amount": "1300000.00"}, headers=js
            )
            assert unconfirmed.status_code == 422
            bad = await a.post(
                f"/room/{lid}/tender", data=form | {"amount": "x", "confirmed": "yes"}, headers=js
            )
            assert bad.status_code == 422 and "投标金额" in bad.json()["message"]
            sealed = await a.post(
                f"/room/{lid}/tender",
                data=form | {"amount": "1,300,000.00", "confirmed": "yes"},
                headers=js,
            )
            assert sealed.status_code == 200 and sealed.json()["ok"], sealed.text
            receipt = sealed.json()["receipt"]
            assert len(receipt["commitment"]) == 64 and "回执" in sealed.json()["message"]
            assert "1,300,000" not in sealed.text and "1300000" not in sealed.text
            again = await a.post(  # one tender each; without script, a page
                f"/room/{lid}/tender", data=form | {"amount": "1400000.00", "confirmed": "yes"}
            )
            assert again.status_code == 409 and "已提交投标" in again.text
            # until the opening nobody's price shows, not even the tenderer's own
            for who in (a,):
                page = await who.get(f"/room/{lid}")
                assert "1,300,000.00" not in page.text and "开标结果" not in page.text
        async with embedded.browser() as b:
            await embedded.sign_in(b, "buyer-b")
            page = await b.get(f"/room/{lid}")
            form = {"csrf_token": embedded.csrf_of(page.text), "session_id": sid}
            done = await b.post(
                f"/room/{lid}/tender", data=form | {"amount": "1250000.00", "confirmed": "yes"}
            )
            assert done.status_code == 200 and "投标已密封提交" in done.text
            assert "1,250,000" not in done.text
        embedded.clock.advance(timedelta(days=5))  # past the opening
        await p.wait_listing(lid, "concluded")
        async with embedded.browser() as a:
            await embedded.sign_in(a, "buyer-a")
            opened = await a.get(f"/room/{lid}")
            assert "开标结果" in opened.text and "1,300,000.00 元" in opened.text
            assert receipt["commitment"][:16] in opened.text
            assert "张秀英" not in opened.text and B not in opened.text  # others masked

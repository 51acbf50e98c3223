"""Announcements (L5), the choice of trade at the end (L7), suspension and termination
(L12) — a persisted timer moved by the manual clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from common.contracts.listing import AnnouncementClosed, ListingPublished

SUSPEND = {"reason_code": "department_request", "reason": "县农业农村局要求核查权属"}


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def test_L5_announcement_runs_at_least_20_days_and_the_end_is_fixed(api) -> None:
    listing = await api.to_announced()
    assert listing["announcement_days"] == 20
    ends = _ts(listing["announcement_ends_at"])
    assert ends - _ts(listing["published_at"]) == timedelta(days=20)
    [event] = await api.outbox("listing.published")
    published = ListingPublished.model_validate(event["payload"])
    assert published.announcement_ends_at == ends
    assert str(published.reserve_price) == "100000.00" and str(published.deposit) == "10000.00"


async def test_L5_an_announcement_shorter_than_20_days_is_refused(api) -> None:
    listing = await api.to_registered()
    r = await api.c.post(
        f"/listings/{listing['id']}/publish", json={"days": 19}, headers=api.staff()
    )
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "field": "days",
        "rule": "L5",
        "message": "an announcement runs at least 20 days",
        "message_zh": "公告期不得少于20日",
    }
    assert (await api.get(listing["id"]))["status"] == "registered"
    assert await api.outbox("listing.published") == []


async def test_L5_a_longer_announcement_is_allowed(lite) -> None:
    listing = await lite.to_announced(days=30)
    assert listing["announcement_days"] == 30


async def test_L5_the_timer_fires_exactly_at_the_end_not_before(api) -> None:
    listing = await api.to_announced()
    api.clock.advance(days=19, hours=23, minutes=59)
    assert await api.fire_timers() == 0
    assert (await api.get(listing["id"]))["status"] == "announced"
    api.clock.advance(minutes=1)
    assert await api.fire_timers() == 1
    assert (await api.get(listing["id"]))["status"] == "failed"


async def test_L5_the_minimum_is_a_county_parameter_configurable_upward_only(api) -> None:
    today = date(2026, 3, 2)
    url = f"/county-parameters/{api.COUNTY}/announcement_min_days"
    down = await api.c.put(
        url,
        json={"value": 15, "effective_from": str(today), "reason": "缩短"},
        headers=api.staff(),
    )
    assert down.status_code == 422 and down.json()["errors"][0]["rule"] == "L5"
    up = await api.c.put(
        url,
        json={"value": 25, "effective_from": str(today), "reason": "县政府决定延长"},
        headers=api.staff(),
    )
    assert up.status_code == 201, up.text
    listing = await api.to_registered()
    r = await api.c.post(
        f"/listings/{listing['id']}/publish", json={"days": 20}, headers=api.staff()
    )
    assert r.status_code == 422 and "25" in r.json()["errors"][0]["message"]
    out = await api.post(f"/listings/{listing['id']}/publish", {}, api.staff())
    assert out["announcement_days"] == 25
    again = await api.c.put(
        url,
        json={"value": 22, "effective_from": str(today), "reason": "回调"},
        headers=api.staff(),
    )
    assert again.status_code == 422  # upward only
    other = await api.c.put(
        url,
        json={"value": 30, "effective_from": str(today), "reason": "x"},
        headers=api.staff(api.OTHER_COUNTY),
    )
    assert other.status_code == 403


async def test_L5_the_end_can_be_extended_never_shortened(api) -> None:
    listing = await api.to_announced()
    ends = _ts(listing["announcement_ends_at"])
    r = await api.c.post(
        f"/listings/{listing['id']}/extend",
        json={"ends_at": (ends - timedelta(hours=1)).isoformat(), "reason": "缩短"},
        headers=api.staff(),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "L5"
    later = ends + timedelta(days=5)
    out = await api.post(
        f"/listings/{listing['id']}/extend",
        {"ends_at": later.isoformat(), "reason": "意向方申请延长"},
        api.staff(),
    )
    assert _ts(out["announcement_ends_at"]) == later
    api.clock.set(ends + timedelta(minutes=1))
    assert await api.fire_timers() == 0  # the old end no longer fires
    api.clock.set(later)
    assert await api.fire_timers() == 1


async def test_L7_no_qualified_buyer_fails_and_publishes_closed(api) -> None:
    listing = await api.to_announced()
    # a registration that is qualified but has not paid does not count (L6)
    await api.qualified_buyer(listing["id"], paid=False)
    api.clock.advance(days=20)
    assert await api.fire_timers() == 1
    after = await api.get(listing["id"])
    assert after["status"] == "failed" and after["outcome"] == "failed"
    [row] = await api.outbox("listing.announcement_closed")
    closed = AnnouncementClosed.model_validate(row["payload"])
    assert closed.outcome == "failed" and closed.mode is None and closed.qualified_buyers == []


async def test_L7_one_qualified_buyer_goes_to_negotiated_transfer(api) -> None:
    listing = await api.to_announced()
    buyer = await api.qualified_buyer(listing["id"])
    closed = await api.close_announcement()
    assert closed.outcome == "negotiated" and closed.mode == "negotiated"
    assert [b.registration_id for b in closed.qualified_buyers] == [buyer["id"]]
    assert (await api.get(listing["id"]))["status"] == "trading"


@pytest.mark.parametrize("mode", ["ascending", "auction"])
async def test_L7_two_or_more_buyers_trade_competitively_by_the_listings_method(
    lite, mode: str
) -> None:
    listing = await lite.to_announced(mode=mode)
    await lite.qualified_buyer(listing["id"])
    await lite.qualified_buyer(listing["id"])
    closed = await lite.close_announcement()
    assert closed.outcome == "competitive" and closed.mode == mode
    assert len(closed.qualified_buyers) == 2
    assert str(closed.reserve_price) == "100000.00" and str(closed.increment) == "1000.00"
    assert closed.extension_seconds == 300 and str(closed.deposit) == "10000.00"
    assert closed.area_mu == "20" and closed.term_end == date(2036, 4, 30)


async def test_L7_tender_carries_its_opening_time(lite) -> None:
    opening = (lite.clock.now() + timedelta(days=21)).isoformat()
    listing = await lite.to_announced(mode="tender", tender_opening_at=opening)
    await lite.qualified_buyer(listing["id"])
    await lite.qualified_buyer(listing["id"])
    closed = await lite.close_announcement()
    assert closed.mode == "tender" and closed.tender_opening_at == _ts(opening)


async def _closed_tender(lite, listing: dict) -> AnnouncementClosed:
    await lite.qualified_buyer(listing["id"])
    await lite.qualified_buyer(listing["id"])
    ends = _ts((await lite.get(listing["id"]))["announcement_ends_at"])
    lite.clock.set(ends)
    assert await lite.fire_timers() == 1
    [row] = await lite.outbox("listing.announcement_closed")
    return AnnouncementClosed.model_validate(row["payload"])


async def test_L7_B4_extending_past_the_tender_opening_moves_the_opening(lite) -> None:
    """Issue 15 item 1: opening at intake + 21 days, published for 20, extended by 3: the
    opening moves by the same 3 days, so tenders are never due before anyone may submit."""
    opening = lite.clock.now() + timedelta(days=21)
    listing = await lite.to_announced(mode="tender", tender_opening_at=opening.isoformat())
    lid = listing["id"]
    ends = _ts(listing["announcement_ends_at"])
    out = await lite.post(
        f"/listings/{lid}/extend",
        {"ends_at": (ends + timedelta(days=3)).isoformat(), "reason": "应出让方申请延长"},
        lite.staff(),
    )
    assert _ts(out["tender_opening_at"]) == opening + timedelta(days=3)
    board = (await lite.c.get(f"/board/listings/{lid}")).json()
    assert _ts(board["tender_opening_at"]) == opening + timedelta(days=3)
    history = (await lite.c.get(f"/listings/{lid}/decisions", headers=lite.staff())).json()
    extended = next(d for d in history if d["action"] == "listing.extended")
    assert _ts(extended["data"]["tender_opening_to"]) == opening + timedelta(days=3)
    closed = await _closed_tender(lite, listing)
    assert closed.mode == "tender" and closed.tender_opening_at > closed.closed_at


async def test_L7_B4_an_extension_short_of_the_opening_leaves_it(lite) -> None:
    opening = lite.clock.now() + timedelta(days=30)
    listing = await lite.to_announced(mode="tender", tender_opening_at=opening.isoformat())
    ends = _ts(listing["announcement_ends_at"])
    out = await lite.post(
        f"/listings/{listing['id']}/extend",
        {"ends_at": (ends + timedelta(days=3)).isoformat(), "reason": "延长"},
        lite.staff(),
    )
    assert _ts(out["tender_opening_at"]) == opening


async def test_L7_B4_resuming_past_the_tender_opening_moves_the_opening(lite) -> None:
    opening = lite.clock.now() + timedelta(days=21)
    listing = await lite.to_announced(mode="tender", tender_opening_at=opening.isoformat())
    lid = listing["id"]
    lite.clock.advance(days=5)
    await lite.post(f"/listings/{lid}/suspend", SUSPEND, lite.staff())
    lite.clock.advance(days=4)
    out = await lite.post(f"/listings/{lid}/resume", {"reason": "核查完毕"}, lite.staff())
    assert _ts(out["announcement_ends_at"]) == _ts(listing["announcement_ends_at"]) + timedelta(
        days=4
    )
    assert _ts(out["tender_opening_at"]) == opening + timedelta(days=4)
    closed = await _closed_tender(lite, listing)
    assert closed.tender_opening_at > closed.closed_at


async def test_L7_B4_the_centre_sets_the_tender_opening_at_publication(lite) -> None:
    """The window need not fix the opening before the publish date is known."""
    listing = await lite.to_registered(mode="tender")
    lid = listing["id"]
    assert listing["tender_opening_at"] is None
    for body in ({}, {"tender_opening_at": (lite.clock.now() + timedelta(days=19)).isoformat()}):
        refused = await lite.post(f"/listings/{lid}/publish", body, lite.staff(), 422)
        assert [(e["field"], e["rule"]) for e in refused["errors"]] == [("tender_opening_at", "L7")]
        assert (await lite.get(lid))["status"] == "registered"  # nothing changed (X4)
    opening = lite.clock.now() + timedelta(days=22)
    out = await lite.post(
        f"/listings/{lid}/publish", {"tender_opening_at": opening.isoformat()}, lite.staff()
    )
    assert out["status"] == "announced" and _ts(out["tender_opening_at"]) == opening
    other = await lite.to_registered()
    refused = await lite.post(
        f"/listings/{other['id']}/publish",
        {"tender_opening_at": opening.isoformat()},
        lite.staff(),
        422,
    )
    assert refused["errors"][0]["field"] == "tender_opening_at"


async def test_L7_a_failed_listing_may_be_relisted(api) -> None:
    listing = await api.to_announced()
    api.clock.advance(days=20)
    await api.fire_timers()
    again = await api.post(
        f"/listings/{listing['id']}/relist", {"reserve_price": "90000.00"}, api.staff(), 201
    )
    assert again["relisted_from"] == listing["id"] and again["reserve_price"] == "90000.00"
    assert again["status"] == "pre_reviewed"
    out = await api.post(f"/listings/{again['id']}/register", headers=api.staff())
    out = await api.post(f"/listings/{again['id']}/publish", {}, api.staff())
    assert out["status"] == "announced"


async def test_L12_suspend_keeps_the_time_left_and_resume_restores_it(api) -> None:
    listing = await api.to_announced()
    lid = listing["id"]
    api.clock.advance(days=5)
    out = await api.post(f"/listings/{lid}/suspend", SUSPEND, api.staff())
    assert out["status"] == "suspended"
    assert out["seconds_left"] == 15 * 86400
    assert out["public_notice"] == "中止：县农业农村局要求核查权属"
    api.clock.advance(days=30)
    assert await api.fire_timers() == 0  # suspended: the timer does not fire
    resumed = await api.post(f"/listings/{lid}/resume", {"reason": "核查完毕"}, api.staff())
    assert resumed["status"] == "announced"
    assert _ts(resumed["announcement_ends_at"]) == api.clock.now() + timedelta(days=15)
    types = [r["event_type"] for r in await api.outbox()]
    assert types[-2:] == ["listing.suspended", "listing.resumed"]
    [resumed_event] = await api.outbox("listing.resumed")
    assert resumed_event["payload"]["remaining_seconds"] == 15 * 86400
    api.clock.advance(days=15)
    # the announcement's end, and January's L25 filing at its due moment (10 February, X7)
    assert await api.fire_timers() == 2
    assert (await api.get(lid))["status"] == "failed"


@pytest.mark.parametrize(
    ("code", "missing"),
    [
        ("seller_request", "department_approval_ref"),
        ("third_party_request", "department_approval_ref"),
        ("centre_necessary", "supervisor_consent_ref"),
        ("whim", "reason_code"),
    ],
)
async def test_L12_reasons_need_their_approvals(lite, code: str, missing: str) -> None:
    listing = await lite.to_announced()
    r = await lite.c.post(
        f"/listings/{listing['id']}/suspend",
        json={"reason_code": code, "reason": "理由"},
        headers=lite.staff(),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == missing and r.json()["errors"][0]["rule"] == "L12"
    assert (await lite.get(listing["id"]))["status"] == "announced"


async def test_L12_centre_suspension_with_supervisor_consent(lite) -> None:
    listing = await lite.to_announced()
    out = await lite.post(
        f"/listings/{listing['id']}/suspend",
        {"reason_code": "centre_necessary", "reason": "异常报名", "supervisor_consent_ref": "监-7"},
        lite.staff(),
    )
    assert out["status"] == "suspended"


async def test_L12_terminate_records_and_publishes_the_reason(api) -> None:
    listing = await api.to_announced()
    out = await api.post(
        f"/listings/{listing['id']}/terminate",
        {"reason_code": "ownership_dispute", "reason": "法院受理权属纠纷"},
        api.staff(),
    )
    assert out["status"] == "terminated"
    [row] = await api.outbox("listing.terminated")
    assert row["payload"]["reason"] == "法院受理权属纠纷"
    board = (await api.c.get(f"/board/listings/{listing['id']}")).json()
    assert board["notice"] == "终止：法院受理权属纠纷"
    history = (await api.c.get(f"/listings/{listing['id']}/decisions", headers=api.staff())).json()
    assert history[-1]["action"] == "listing.terminated"
    assert history[-1]["reason"] == "法院受理权属纠纷"
    api.clock.advance(days=21)
    assert await api.fire_timers() == 0


async def test_L12_suspension_during_trading_and_resume(lite) -> None:
    listing = await lite.to_announced()
    await lite.qualified_buyer(listing["id"])
    lite.clock.advance(days=20)
    await lite.fire_timers()
    out = await lite.post(f"/listings/{listing['id']}/suspend", SUSPEND, lite.staff())
    assert out["status"] == "suspended"
    [row] = await lite.outbox("listing.suspended")
    assert row["payload"]["phase"] == "trading"
    out = await lite.post(f"/listings/{listing['id']}/resume", {"reason": "ok"}, lite.staff())
    assert out["status"] == "trading"


async def test_L12_only_the_centre_of_the_county_suspends(lite) -> None:
    listing = await lite.to_announced()
    for headers in (lite.clerk(), lite.department(), lite.staff(lite.OTHER_COUNTY)):
        r = await lite.c.post(f"/listings/{listing['id']}/suspend", json=SUSPEND, headers=headers)
        assert r.status_code == 403


async def test_X4_a_time_without_its_zone_is_refused(lite) -> None:
    listing = await lite.to_announced()
    r = await lite.c.post(
        f"/listings/{listing['id']}/extend",
        json={"ends_at": "2026-04-30T12:00:00", "reason": "延长"},
        headers=lite.staff(),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "ends_at"


async def test_L5_staff_and_board_show_one_countdown_filled_while_the_clock_runs(lite) -> None:
    """Staff and the public read the same `seconds_left` beside `server_now`."""
    listing = await lite.to_announced()
    lid = listing["id"]
    lite.clock.advance(days=3)
    staff_view = await lite.get(lid)
    board_view = (await lite.c.get(f"/board/listings/{lid}")).json()
    assert "remaining_seconds" not in staff_view
    for view in (staff_view, board_view):
        assert view["seconds_left"] == 17 * 86400
        assert datetime.fromisoformat(view["server_now"]) == lite.clock.now()
    await lite.post(f"/listings/{lid}/suspend", SUSPEND, lite.staff())
    lite.clock.advance(days=1)
    assert (await lite.get(lid))["seconds_left"] == 17 * 86400  # kept while suspended
    draft = await lite.create()
    assert (await lite.get(draft["id"]))["seconds_left"] is None  # no clock runs

"""B4 with L20 (004 意见 三(一), 二(二); 办法 第六条): an auction is run by an auctioneer of the
county's intermediary register (listing's, followed from ``listing.intermediary_changed``)
valid on the day it opens — where the county switched the check on
(``registered_auctioneer_required``, off by default)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from common.clock import local_date
from common.contracts.listing import IntermediaryChanged
from testkit.bidding import AUCTIONEER, STAFF, person
from testkit.testing import intermediary_changed

COUNTY = "620821"


async def _auction(h, listing: str) -> str:
    buyers = [(person(), False), (person(), False)]  # two: a competition, not a negotiation
    await h.publish_listing(listing)
    for p, _prio in buyers:
        assert (await h.pay_deposit(listing, p)).status_code == 201
    h.clock.advance(days=20)
    return await h.close(listing, buyers, mode="auction", free=0)


def _auctioneer(licence_no: str, valid_until: date, **kw) -> IntermediaryChanged:
    name, party_id = "庆阳市公信拍卖有限公司", "91621000MA7PM1234X"
    kw = {"intermediary_id": f"i-{licence_no}", **kw}
    return intermediary_changed(COUNTY, "auctioneer", name, party_id, licence_no, valid_until, **kw)


async def _start(h, sid: str, licence_no: str | None = None):
    body = {"auctioneer_licence_no": licence_no} if licence_no else None
    return await h.client.post(f"/sessions/{sid}/auction/start", json=body, headers=AUCTIONEER)


async def test_B4_L20_off_by_default_an_auctioneer_opens_without_a_register(h) -> None:
    sid = await _auction(h, "L-B4-OFF")
    r = await _start(h, sid)
    assert r.status_code == 200 and r.json()["status"] == "bidding", r.text


async def test_B4_L20_the_county_requires_a_registered_auctioneer_valid_that_day(h) -> None:
    today = local_date(h.clock.now())
    r = await h.client.put(
        f"/county-parameters/{COUNTY}/registered_auctioneer_required",
        json={"value": True, "effective_from": today.isoformat(), "reason": "名录已建立"},
        headers=STAFF,
    )
    assert r.status_code == 201, r.text
    await h.deliver(_auctioneer("PM-OLD", today + timedelta(days=5)))  # expires before day 20
    await h.deliver(_auctioneer("PM-2026", today + timedelta(days=365)))
    await h.deliver(
        _auctioneer(
            "PM-GONE",
            today + timedelta(days=365),
            active=False,
            changed_at=datetime(2026, 1, 6, tzinfo=UTC),
        )
    )
    sid = await _auction(h, "L-B4-REG")
    for licence in (None, "PM-UNKNOWN", "PM-OLD", "PM-GONE"):
        r = await _start(h, sid, licence)
        assert r.status_code == 422, (licence, r.text)
        assert r.json()["rule"] == "B4"
        assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [
            ("auctioneer_licence_no", "L20")
        ]
    assert (await h.state(sid))["status"] == "awaiting_auctioneer"  # nothing changed
    r = await _start(h, sid, "PM-2026")
    assert r.status_code == 200 and r.json()["status"] == "bidding"

"""The centre's live sessions monitor (issue 19, B2): today's sessions of the county with
price, bids and end by the server's clock; one session live through the room's own feed
with its full bid log — the centre's page only."""

from __future__ import annotations

from datetime import date, timedelta

from common.ids import generate_resident_id
from portal.personas import BANK

MONITOR = "/console/centre/sessions"


async def test_B2_the_centre_monitors_todays_sessions_and_one_sessions_bid_log(embedded) -> None:
    a = generate_resident_id("620821", birth=date(1983, 4, 5), seq=151)
    b_ = generate_resident_id("620821", birth=date(1991, 8, 9), seq=252)
    async with embedded.platform() as p, embedded.browser() as b:
        listing = await embedded.published_listing(p, cert="QYMON0001", free_period_seconds=600)
        lid = listing["id"]
        for party, name in ((a, "李建国"), (b_, "张秀英")):
            await p.qualified_buyer(lid, party, name, deposit="123456.00", bank_org=BANK)
        await embedded.sign_in(b, "staff")
        empty = await b.get(MONITOR)
        assert empty.status_code == 200 and "这一天没有交易场次" in empty.text
        embedded.clock.advance(timedelta(days=20, minutes=1))
        await p.wait_listing(lid, "trading")
        sid = (await p.session_of(lid))["session_id"]
        await p.bid(sid, a, "1234567.00")
        await p.bid(sid, b_, "1235567.00")

        page = await b.get(MONITOR)
        assert page.status_code == 200, page.text
        assert f'href="{MONITOR}/{lid}"' in page.text and "竞价中" in page.text
        assert "1,235,567.00 元" in page.text and 'data-refresh="15"' in page.text
        assert "进行中 1 场" in page.text
        one = await b.get(f"{MONITOR}/{lid}")
        assert one.status_code == 200
        assert f'data-feed="/room/{lid}/feed?session={sid}"' in one.text  # the room's feed
        assert "出价记录（共 2 次）" in one.text and "张秀英" in one.text
        assert 'data-chart="line"' in one.text and "cdn" not in one.text.lower()

        # another day: none of today's; a bad day is the portal's 422 naming it
        other = await b.get(MONITOR, params={"day": "2020-01-01"})
        assert other.status_code == 200 and f"{MONITOR}/{lid}" in other.text  # still live
        bad = await b.get(MONITOR, params={"day": "2026-13-01"})
        assert bad.status_code == 422 and "day" in bad.text


async def test_X3_the_sessions_monitor_is_the_centres_only(embedded) -> None:
    async with embedded.browser() as b:
        await embedded.sign_in(b, "bank")
        assert (await b.get(MONITOR)).status_code == 403
        assert (await b.get(f"{MONITOR}/x")).status_code == 403

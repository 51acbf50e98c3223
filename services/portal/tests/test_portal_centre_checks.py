"""Issue 19: the exchange centre's L9 and L15 check pages — a collective asset above the
county's threshold must trade in the exchange (L9), shown from listing's checks; the
off-exchange records (L9) with the form that records one, refused on its field with
nothing changed, then confirmed."""

from __future__ import annotations

import re

from common.ids import generate_credit_code
from testkit.platform_client import staff


async def test_L9_the_centre_sees_that_a_collective_asset_must_trade_in_the_exchange(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        listing = await p.take_in_listing(
            seller_party_id=generate_credit_code("9", "1", "620821"),
            seller_name="村东村股份经济合作社",
            title="村集体烘干设备转让",
            reserve_price="600000.00",
            deposit="60000.00",
            increment="1000.00",
            product="collective_assets",
            way="transfer",
            asset_value="600000.00",
            right_certificate_no=None,
            seller_kind="collective",
            collective_id="C-620821101-001",
            submit=False,
        )
        await embedded.sign_in(b, "staff")
        page = await b.get(f"/console/centre/listings/{listing['id']}")
        assert f'href="/console/centre/listings/{listing["id"]}/checks"' in page.text
        checks = await b.get(f"/console/centre/listings/{listing['id']}/checks")
        assert checks.status_code == 200, checks.text
        l9 = checks.text[checks.text.index('id="l9"') : checks.text.index('id="l15"')]
        assert "必须进场交易" in l9 and "600,000.00 元" in l9 and "500,000.00 元" in l9
        assert "不适用：仅集体经营性建设用地" in checks.text
        await embedded.sign_in(b, "bank")
        assert (await b.get(f"/console/centre/listings/{listing['id']}/checks")).status_code == 403


async def test_L9_the_centre_records_an_asset_traded_outside_after_a_refusal(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "staff")
        page = await b.get("/console/centre/off-exchange")
        assert page.status_code == 200 and 'id="form-off-exchange"' in page.text
        csrf = embedded.csrf_of(page.text)
        url = "/console/centre/off-exchange"
        r = await b.post(url, data={"csrf_token": csrf, "asset_kind": "non_land"})
        assert r.status_code == 422 and re.search(r'id="f-value"[^>]*aria-invalid', r.text)
        typed = {
            "csrf_token": csrf,
            "collective_id": "C-620821101-001",
            "asset": "村集体冷库",
            "asset_kind": "non_land",
            "value": "-3",
        }
        r = await b.post(url, data=typed | {"confirmed": "yes"})
        assert r.status_code == 422 and "未作任何更改" in r.text
        assert re.search(r'id="f-value"[^>]*aria-invalid', r.text)
        assert await p.request("listing", "GET", "/off-exchange-flags", staff()) == []
        typed["value"] = "800000.00"
        ask = await b.post(url, data=typed)
        assert ask.status_code == 200 and "请确认" in ask.text and "村集体冷库" in ask.text
        assert await p.request("listing", "GET", "/off-exchange-flags", staff()) == []
        done = await b.post(url, data=typed | {"confirmed": "yes"})
        assert done.status_code == 303 and done.headers["location"] == url
        after = await b.get(url)
        assert "属违规（L9）" in after.text and "村集体冷库" in after.text
        [flag] = await p.request("listing", "GET", "/off-exchange-flags", staff())
        assert flag["violation"] is True and flag["value"] == "800000.00"

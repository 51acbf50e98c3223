"""劝耕贷测算 (G3, G4): the public quote behind the portal's loan calculator."""

from __future__ import annotations

from decimal import Decimal

import httpx

from common.app import create_app
from common.migrations import upgrade
from testkit.testing import make_settings


async def test_G3_G4_quote_covers_the_range_caps_the_rate_and_prices_the_fee(
    tmp_path, services
) -> None:
    settings = make_settings(data_dir=tmp_path)
    await upgrade(services["guarantee"], settings)
    app = create_app(services["guarantee"], settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        r = await c.post("/quote", json={"amount": "150000.00"})  # no token
        assert r.status_code == 200, r.text
        q = r.json()
        assert q["eligible"] is True and q["guaranteed_amount"] == "150000.00"
        assert (q["minimum"], q["maximum"]) == ("100000.00", "2000000.00")
        assert q["fee_at_cap"] == "1800.00"  # 150,000 × 1.2% (G4)
        assert Decimal(q["loan_rate_cap"]) == Decimal("0.0522")  # 4.35% × (1 + 20%)
        small = (await c.post("/quote", json={"amount": "60000.00"})).json()
        assert small["eligible"] is False and small["fee_at_cap"] == "0.00"
        big = (await c.post("/quote", json={"amount": "5000000.00"})).json()
        assert big["guaranteed_amount"] == "2000000.00"
        for body in ({"amount": "-1"}, {"amount": "1.001"}, {"amount": "1", "county": "x"}):
            bad = await c.post("/quote", json=body)
            assert bad.status_code == 422, (body, bad.text)
            assert bad.json()["errors"][0]["field"] in ("amount", "county")
    await app.state.runtime.dispose()

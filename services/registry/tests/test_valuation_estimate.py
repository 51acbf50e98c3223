"""贷款测算 (R6, R7): the public estimate of what a right may borrow — no token, nothing
stored, every figure citing its rule."""

from __future__ import annotations

import httpx

from common.app import create_app
from common.migrations import upgrade
from testkit.testing import make_settings


async def _client(tmp_path, services) -> tuple[httpx.AsyncClient, object]:
    settings = make_settings(data_dir=tmp_path)
    await upgrade(services["registry"], settings)
    app = create_app(services["registry"], settings)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t"), app


async def test_R6_R7_estimate_of_family_land_with_the_cap_and_the_loan_limits(
    tmp_path, services
) -> None:
    c, app = await _client(tmp_path, services)
    async with c:
        body = {
            "origin": "family_contract",
            "area_mu": "12",
            "annual_price_per_mu": "500",
            "years": "20",
        }
        r = await c.post("/valuation/estimate", json=body)  # no token
        assert r.status_code == 200, r.text
        out = r.json()
        # 12 亩 × 500 × 20 = 120,000, under the cap of 10,000 元/亩 (120,000)
        assert out["value"] == {"amount": "120000.00", "rule": "R6", "basis": out["value"]["basis"]}
        assert out["capped"] is False
        assert (out["normal_loan"]["amount"], out["normal_loan"]["rule"]) == ("60000.00", "R7")
        assert out["max_loan"]["amount"] == "72000.00"
        assert out["enhanced_loan"]["amount"] == "84000.00"
        # 12 亩 × 800 × 20 = 192,000 > 12 × 10,000: the cap applies (R6)
        capped = await c.post("/valuation/estimate", json=body | {"annual_price_per_mu": "800"})
        assert capped.json()["value"]["amount"] == "120000.00" and capped.json()["capped"]
        # transferred land: area × paid years × fee, no cap
        moved = await c.post(
            "/valuation/estimate", json=body | {"origin": "transfer", "annual_price_per_mu": "800"}
        )
        assert moved.json()["value"]["amount"] == "192000.00"
    await app.state.runtime.dispose()


async def test_R6_estimate_refuses_bad_input_naming_the_field(tmp_path, services) -> None:
    c, app = await _client(tmp_path, services)
    base = {
        "origin": "family_contract",
        "area_mu": "12",
        "annual_price_per_mu": "500",
        "years": "20",
    }
    async with c:
        for field, value in (
            ("area_mu", "0"),
            ("years", "1000"),
            ("origin", "homestead"),
            ("county", "x"),
            ("annual_price_per_mu", "-1"),
            ("area_mu", "1e30"),
        ):
            r = await c.post("/valuation/estimate", json=base | {field: value})
            assert r.status_code == 422, (field, value, r.text)
            assert r.json()["errors"][0]["field"] == field
    await app.state.runtime.dispose()

"""Collective assets: the democratic decision and township approval (L8), mandatory
in-exchange trading above 500,000 元 (L9)."""

from __future__ import annotations

import httpx
import pytest


async def _pre_reviewed(api, **over):
    return await api.to_pre_reviewed(
        **(api.COLLECTIVE_SELLER | {"seller_party_id": api.company()} | over)
    )


async def _failed_without_buyers(api):
    """A collective listing registered on its decision, announced, closed without buyers."""
    listing = await api.to_announced_collective()
    api.clock.advance(days=20)
    await api.fire_timers()
    return listing


async def _decide_and_register(api, listing: dict, **decision) -> httpx.Response:
    """The centre records the collective's decision (L8), then tries to register."""
    await api.post(
        f"/listings/{listing['id']}/collective-decisions",
        api.collective_decision(**decision),
        api.staff(),
        201,
    )
    return await api.c.post(f"/listings/{listing['id']}/register", headers=api.staff())


async def test_L8_a_collective_asset_needs_a_recorded_decision(api) -> None:
    listing = await _pre_reviewed(api)
    r = await api.c.post(f"/listings/{listing['id']}/register", headers=api.staff())
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "collective_decision"
    assert r.json()["errors"][0]["rule"] == "L8"
    assert (await api.get(listing["id"]))["status"] == "pre_reviewed"


async def test_L8_exactly_two_thirds_of_village_representatives_passes(api) -> None:
    listing = await _pre_reviewed(api)
    out = await api.post(
        f"/listings/{listing['id']}/collective-decisions",
        api.collective_decision(),
        api.staff(),
        201,
    )
    assert out["passes_two_thirds"] is True  # 20 of 30 = exactly 2/3
    registered = await api.post(f"/listings/{listing['id']}/register", headers=api.staff())
    assert registered["status"] == "registered"


async def test_L8_below_two_thirds_of_village_representatives_fails(lite) -> None:
    listing = await _pre_reviewed(lite)
    r = await _decide_and_register(lite, listing, votes_for=19)
    assert r.status_code == 422
    assert [e["rule"] for e in r.json()["errors"]] == ["L8"]
    assert "2/3" in r.json()["errors"][0]["message"]


async def test_L8_a_reserve_below_the_appraisal_needs_two_thirds(lite) -> None:
    # the members' representative meeting passes by majority (16 of 30) …
    listing = await _pre_reviewed(lite)
    r = await _decide_and_register(
        lite,
        listing,
        body="members_representative_meeting",
        votes_for=16,
        appraisal_value="120000.00",
    )
    # … but 100,000 below the 120,000 appraisal needs at least two thirds
    assert r.status_code == 422
    assert "below the appraisal" in r.json()["errors"][0]["message"]
    r = await _decide_and_register(
        lite,
        listing,
        body="members_representative_meeting",
        votes_for=20,
        appraisal_value="120000.00",
    )
    assert r.status_code == 200 and r.json()["status"] == "registered"


async def test_L8_the_reserve_is_the_one_the_decision_set(lite) -> None:
    listing = await _pre_reviewed(lite)
    r = await _decide_and_register(lite, listing, reserve_price="150000.00")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reserve_price"


@pytest.mark.parametrize(
    ("field", "value"),
    [("township_approval_ref", ""), ("votes_total", 0), ("votes_for", -1)],
)
async def test_L8_township_approval_and_votes_are_required(lite, field, value) -> None:
    listing = await _pre_reviewed(lite)
    r = await lite.c.post(
        f"/listings/{listing['id']}/collective-decisions",
        json=lite.collective_decision(**{field: value}),
        headers=lite.staff(),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == field


async def test_L8_more_votes_for_than_voters_is_refused(lite) -> None:
    listing = await _pre_reviewed(lite)
    r = await lite.c.post(
        f"/listings/{listing['id']}/collective-decisions",
        json=lite.collective_decision(votes_for=31),
        headers=lite.staff(),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "L8"


async def test_L8_relisting_a_collective_asset_lower_needs_a_new_decision(lite) -> None:
    listing = await _failed_without_buyers(lite)
    again = await lite.post(
        f"/listings/{listing['id']}/relist", {"reserve_price": "80000.00"}, lite.staff(), 201
    )
    r = await lite.c.post(f"/listings/{again['id']}/register", headers=lite.staff())
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "L8"
    await lite.post(
        f"/listings/{again['id']}/collective-decisions",
        lite.collective_decision(reserve_price="80000.00"),
        lite.staff(),
        201,
    )
    assert (await lite.post(f"/listings/{again['id']}/register", headers=lite.staff()))[
        "status"
    ] == "registered"


async def test_L8_the_same_reserve_relisted_keeps_its_decision(lite) -> None:
    listing = await _failed_without_buyers(lite)
    again = await lite.post(f"/listings/{listing['id']}/relist", {}, lite.staff(), 201)
    out = await lite.post(f"/listings/{again['id']}/register", headers=lite.staff())
    assert out["status"] == "registered"


async def test_L8_a_farmers_own_right_needs_no_collective_decision(lite) -> None:
    assert (await lite.to_registered())["status"] == "registered"


async def test_L9_a_collective_non_land_asset_above_500000_must_trade_in_the_exchange(api) -> None:
    above = await api.collective_asset("500000.01")
    at = await api.collective_asset("500000.00")
    assert above["mandatory_in_exchange"] is True
    assert at["mandatory_in_exchange"] is False  # "above" 500,000: the threshold itself is not


async def test_L9_assets_found_traded_outside_are_flagged(api) -> None:
    body = {
        "collective_id": "C-1",
        "asset": "村集体冷库",
        "asset_kind": "non_land",
        "value": "600000.00",
    }
    out = await api.post("/off-exchange-flags", body, api.staff(), 201)
    assert out["violation"] is True and out["threshold"] == "500000.00"
    small = await api.post("/off-exchange-flags", body | {"value": "500000.00"}, api.staff(), 201)
    assert small["violation"] is False
    land = await api.post("/off-exchange-flags", body | {"asset_kind": "land"}, api.staff(), 201)
    assert land["violation"] is False  # L9 is about assets that are not land
    flags = (await api.c.get("/off-exchange-flags", headers=api.staff())).json()
    assert [f["violation"] for f in flags] == [True, False, False]
    r = await api.c.post("/off-exchange-flags", json=body, headers=api.clerk())
    assert r.status_code == 403


async def test_L9_the_threshold_is_a_county_parameter(lite) -> None:
    r = await lite.set_parameter("mandatory_exchange_threshold", "300000.00", "县政府文件")
    assert r.status_code == 201, r.text
    listing = await lite.collective_asset("400000.00")
    assert listing["mandatory_in_exchange"] is True

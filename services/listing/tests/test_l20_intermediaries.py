"""L20 (004 意见 三(一), 二(二); 办法 第六条): the county's intermediary register — agents,
appraisers, auctioneers, banks, insurers, guarantors with licence and validity — published
as ``listing.intermediary_changed``; an L8 appraisal counts only from an appraiser
registered and valid on its date."""

from __future__ import annotations

APPRAISER = {
    "kind": "appraiser",
    "name": "池州市正信土地房地产评估有限公司",
    "licence_no": "皖估2024-017",
    "valid_from": "2024-01-01",
    "valid_until": "2026-06-30",
}


def appraised(api, **over):
    """The collective's L8 decision with an appraisal of 120,000."""
    return api.collective_decision(appraisal_value="120000.00", **over)


async def test_L20_004_yijian_3_1_intermediaries_are_filed_with_licences_and_published(
    lite,
) -> None:
    body = APPRAISER | {"party_id": lite.company()}
    filed = await lite.post("/intermediaries", body, lite.staff(), 201)
    assert filed["county"] == lite.COUNTY and filed["active"] is True
    [event] = await lite.outbox("listing.intermediary_changed")
    assert event["aggregate_id"] == filed["id"]
    assert event["payload"]["licence_no"] == "皖估2024-017"
    assert event["payload"]["valid_until"] == "2026-06-30"
    renewed = await lite.c.put(
        f"/intermediaries/{filed['id']}",
        json=body | {"valid_until": "2029-06-30"},
        headers=lite.staff(),
    )
    assert renewed.status_code == 200 and renewed.json()["valid_until"] == "2029-06-30"
    assert len(await lite.outbox("listing.intermediary_changed")) == 2
    bad = await lite.c.post(
        "/intermediaries", json=body | {"valid_until": "2023-01-01"}, headers=lite.staff()
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["rule"] == "L20"
    other = await lite.c.put(
        f"/intermediaries/{filed['id']}", json=body, headers=lite.staff(lite.OTHER_COUNTY)
    )
    assert other.status_code == 403
    listed = await lite.c.get("/intermediaries?kind=appraiser", headers=lite.clerk())
    assert [i["id"] for i in listed.json()] == [filed["id"]]


async def test_L20_004_banfa_6_an_appraisal_needs_an_appraiser_valid_on_its_date(lite) -> None:
    appraiser = await lite.post(
        "/intermediaries", APPRAISER | {"party_id": lite.company()}, lite.staff(), 201
    )
    listing = await lite.to_pre_review(**lite.COLLECTIVE_SELLER)
    url = f"/listings/{listing['id']}/collective-decisions"
    expired = appraised(lite, appraiser_id=appraiser["id"], appraised_on="2026-07-15")
    r = await lite.c.post(url, json=expired, headers=lite.staff())
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["rule"] == "L20"
    unknown = appraised(lite, appraiser_id="nobody", appraised_on="2026-02-01")
    assert (await lite.c.post(url, json=unknown, headers=lite.staff())).status_code == 422
    valid = appraised(lite, appraiser_id=appraiser["id"], appraised_on="2026-02-01")
    assert (await lite.c.post(url, json=valid, headers=lite.staff())).status_code == 201
    r = await lite.set_parameter("registered_appraiser_required", True, "县中心规定")
    assert r.status_code == 201, r.text
    unnamed = await lite.c.post(url, json=appraised(lite), headers=lite.staff())
    assert unnamed.status_code == 422
    assert unnamed.json()["errors"][0]["field"] == "appraisal_value.appraiser_id"

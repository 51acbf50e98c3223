"""L18 (004 办法 第三条(四)): a land product keeps an agricultural use from the county's list,
and its traded term ends no later than the right's term from the title search."""

from __future__ import annotations

from datetime import date


async def test_L18_004_banfa_3_4_a_non_agricultural_use_is_refused_and_changes_nothing(
    lite,
) -> None:
    r = await lite.c.post(
        "/listings", json=lite.body(intended_use="warehouse"), headers=lite.clerk()
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    (field,) = [e for e in problem["errors"] if e["field"] == "intended_use"]
    assert field["rule"] == "L18" and "不得改变农村土地用途" in field["message_zh"]
    listed = await lite.c.get("/listings", headers=lite.staff())
    assert listed.json() == []


async def test_L18_004_banfa_3_4_the_use_is_recorded_or_the_county_default_applies(lite) -> None:
    stated = await lite.create(intended_use="facility_agriculture")
    assert stated["intended_use"] == "facility_agriculture"
    default = await lite.create()
    assert default["intended_use"] == "crop_farming"
    asset = await lite.create(product="collective_assets", right_certificate_no=None)
    assert asset["intended_use"] is None


async def test_L18_004_banfa_3_4_the_county_list_is_a_parameter(lite) -> None:
    r = await lite.set_parameter(
        "agricultural_uses", {"uses": {"grazing": "放牧"}, "default": "grazing"}, "牧区"
    )
    assert r.status_code == 201, r.text
    r = await lite.c.post(
        "/listings", json=lite.body(intended_use="crop_farming"), headers=lite.clerk()
    )
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "L18"
    bad = await lite.set_parameter(
        "agricultural_uses", {"uses": {"grazing": "放牧"}, "default": "mining"}, "错"
    )
    assert bad.status_code == 422, bad.text


async def test_L18_004_banfa_3_4_a_term_beyond_the_rights_term_is_returned_at_pre_review(
    lite,
) -> None:
    cert = "CERT-L18-TERM"
    right = lite.registry.add_right(cert, lite.seller)
    right.term_end = date(2033, 12, 31)
    listing = await lite.to_pre_review(right_certificate_no=cert, term_end="2036-04-30")
    out = await lite.pre_review(listing["id"])
    assert out["status"] == "returned"
    assert [r["rule"] for r in out["return_reasons"]] == ["L18"]
    assert "2033-12-31" in out["return_reasons"][0]["message"]

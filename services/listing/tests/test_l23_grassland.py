"""L23 (000-地 草牧场): grassland is a product and right type treated as contracted land —
a certificate for the title search (L4), an agricultural use (L18), its own Appendix E
cap (farmland figure by default), and the county's pastoral administrative names."""

from __future__ import annotations


async def test_L23_000_di_grassland_is_listed_like_contracted_land(lite) -> None:
    r = await lite.c.post(
        "/listings",
        json=lite.body(product="grassland", right_certificate_no=None, intended_use="grazing"),
        headers=lite.clerk(),
    )
    assert r.status_code == 422  # a registered right: the title search needs its number
    assert {(e["field"], e["rule"]) for e in r.json()["errors"]} == {("right_certificate_no", "L4")}
    listing = await lite.to_pre_review(product="grassland", intended_use="grazing")
    out = await lite.pre_review(listing["id"])
    assert out["status"] == "pre_reviewed" and out["intended_use"] == "grazing"


async def test_L23_000_di_grassland_cap_defaults_to_the_farmland_figure(lite) -> None:
    # 20 mu × 800 × 10 years = 160,000, capped at 20 × 10,000 = 200,000: not capped
    listing = await lite.create(
        product="grassland", annual_transfer_price_per_mu="1500.00", intended_use="grazing"
    )
    ref = (await lite.c.get(f"/listings/{listing['id']}/reference", headers=lite.staff())).json()
    assert ref["reference_value"] == "200000.00"  # 1500 × 10 > 10,000 per mu: capped
    r = await lite.set_parameter("grassland_value_cap_per_mu", "6000.00", "旗县草原评估标准")
    assert r.status_code == 201, r.text
    ref = (await lite.c.get(f"/listings/{listing['id']}/reference", headers=lite.staff())).json()
    assert ref["reference_value"] == "120000.00"  # 20 mu × 6,000
    farm = await lite.create(annual_transfer_price_per_mu="1500.00")
    ref = (await lite.c.get(f"/listings/{farm['id']}/reference", headers=lite.staff())).json()
    assert ref["reference_value"] == "200000.00"  # farmland keeps its own cap


async def test_L23_000_di_pastoral_administrative_names_show_on_the_board(lite) -> None:
    listing = await lite.to_announced(product="grassland", intended_use="grazing")
    page = (await lite.c.get(f"/board/listings/{listing['id']}")).json()
    assert page["admin_names"] == {"county": "县", "township": "乡镇", "village": "村"}
    r = await lite.set_parameter(
        "administrative_names",
        {"county": "旗县", "township": "苏木", "village": "嘎查"},
        "牧区旗县",
    )
    assert r.status_code == 201, r.text
    page = (await lite.c.get(f"/board/listings/{listing['id']}")).json()
    assert page["admin_names"] == {"county": "旗县", "township": "苏木", "village": "嘎查"}

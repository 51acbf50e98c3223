"""L17 entrusted listings (委托流转; 004 意见 二(三), 三(一); 000-地 三(三)3): a collective lists
several households' rights, each with its signed entrustment; area = the sum, term by the
earliest entrusted term, proceeds to each holder exact to the fen."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

SIGNED = hashlib.sha256(b"entrustment").hexdigest()
TRUSTEE = {
    "seller_kind": "collective",
    "collective_id": "C-620821101-001",
    "seller_name": "村东村股份经济合作社",
    "right_certificate_no": None,
}


def entrust(api, area: str, term_end: str = "2040-12-31", **over: Any) -> dict[str, Any]:
    holder = api.person()
    e = {
        "certificate_no": f"CERT-E-{holder[-6:]}",
        "holder_party_id": holder,
        "holder_name": "农户",
        "area_mu": area,
        "term_end": term_end,
        "entrustment_sha256": SIGNED,
        "signed_by_party_id": holder,
    }
    return e | over


async def test_L17_004_yijian_2_3_refuses_every_entrustment_defect_at_once(lite) -> None:
    missing = entrust(lite, "5", entrustment_sha256=None)
    foreign = entrust(lite, "5", signed_by_party_id=lite.person())
    short_term = entrust(lite, "5", term_end="2030-12-31")
    body = lite.body(**TRUSTEE, area_mu="20", entrustments=[missing, foreign, short_term])
    r = await lite.c.post("/listings", json=body, headers=lite.clerk())
    assert r.status_code == 422, r.text
    found = {(e["field"], e["rule"]) for e in r.json()["errors"]}
    assert found == {
        ("entrustments.0.entrustment_sha256", "L17"),
        ("entrustments.1.signed_by_party_id", "L17"),
        ("entrustments.2.term_end", "L17"),
        ("area_mu", "L17"),  # 15 mu entrusted, 20 listed: a shortfall
    }
    assert (await lite.c.get("/listings", headers=lite.staff())).json() == []


async def test_L17_000_di_3_3_3_area_is_the_sum_and_every_right_passes_the_title_search(
    lite,
) -> None:
    rights = [entrust(lite, "7.5"), entrust(lite, "12.5")]
    for e in rights:
        lite.registry.add_right(e["certificate_no"], e["holder_party_id"], e["holder_name"])
    lite.registry.rights[rights[1]["certificate_no"]].holders[0].party_id = lite.person()
    listing = await lite.to_pre_review(**TRUSTEE, area_mu="20", entrustments=rights)
    assert [e["area_mu"] for e in listing["entrustments"]] == ["7.5", "12.5"]
    out = await lite.pre_review(listing["id"])
    assert out["status"] == "returned"
    assert [r["rule"] for r in out["return_reasons"]] == ["L17"]
    assert rights[1]["certificate_no"] in out["return_reasons"][0]["message"]


async def test_L17_004_yijian_3_1_a_collective_cannot_list_household_land_unentrusted(
    lite,
) -> None:
    cert = "CERT-HOUSEHOLD-1"
    lite.registry.add_right(cert, lite.person(), "张三")  # the household holds it
    listing = await lite.to_pre_review(**(TRUSTEE | {"right_certificate_no": cert}))
    out = await lite.pre_review(listing["id"])
    assert "L17" in {r["rule"] for r in out["return_reasons"]}


async def test_L17_proceeds_by_area_add_up_to_the_price_exactly_to_the_fen(lite) -> None:
    rights = [entrust(lite, "1"), entrust(lite, "1"), entrust(lite, "1")]
    listing = await lite.create(
        **TRUSTEE, area_mu="3", reserve_price="100000.00", entrustments=rights
    )
    r = await lite.c.get(f"/listings/{listing['id']}/proceeds", headers=lite.staff())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["basis"] == "reserve_price" and body["by"] == "area"
    amounts = [Decimal(s["amount"]) for s in body["shares"]]
    assert amounts == [Decimal("33333.34"), Decimal("33333.33"), Decimal("33333.33")]
    assert sum(amounts) == Decimal("100000.00")
    shares = [entrust(lite, "2", share="1"), entrust(lite, "1", share="3")]
    stated = await lite.create(**TRUSTEE, area_mu="3", entrustments=shares)
    body = (await lite.c.get(f"/listings/{stated['id']}/proceeds", headers=lite.staff())).json()
    assert body["by"] == "stated_shares"
    assert [s["amount"] for s in body["shares"]] == ["25000.00", "75000.00"]
    plain = await lite.create()
    r = await lite.c.get(f"/listings/{plain['id']}/proceeds", headers=lite.staff())
    assert r.status_code == 409 and r.json()["rule"] == "L17"

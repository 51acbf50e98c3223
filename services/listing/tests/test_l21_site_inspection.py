"""L21 (004 意见 二(二) 现场勘察): for the products the county lists (the land products and
collective assets), the township approves only after a site inspection — who, date,
photos and a boundary check — is recorded."""

from __future__ import annotations

from testkit.testing import sample_file

ON = ["contracted_land", "grassland", "four_wastes", "collective_assets"]


async def _county_requires(api) -> None:
    r = await api.set_parameter("site_inspection_products", ON, "县交易中心规定")
    assert r.status_code == 201, r.text


async def _submitted(api) -> tuple[str, int]:
    """A submitted listing with a site photo among its materials (taken in at the window)."""
    listing = await api.create()
    lid = listing["id"]
    await api.upload_all(lid)
    photo = await _photo(api, lid)
    await api.post(f"/listings/{lid}/submit", headers=api.clerk())
    return lid, photo


async def _photo(api, lid: str) -> int:
    r = await api.c.post(
        f"/listings/{lid}/documents",
        data={"doc_type": "site_photo"},
        files={"file": ("east.jpg", sample_file("image/jpeg", "east boundary"), "image/jpeg")},
        headers=api.clerk(),
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _inspection(photo: int, **over):
    return {
        "inspector_name": "村级联络员王芳",
        "inspector_role": "village_liaison",
        "inspected_on": "2026-03-01",
        "photo_document_ids": [photo],
        "boundary_matches": True,
        "boundary_note": "四至与权证一致",
    } | over


APPROVE = {"approve": True, "opinion": "材料齐全，同意上报"}


async def test_L21_004_yijian_2_2_township_approval_needs_a_site_inspection(lite) -> None:
    await _county_requires(lite)
    lid, photo = await _submitted(lite)
    r = await lite.c.post(f"/listings/{lid}/township-review", json=APPROVE, headers=lite.clerk())
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["rule"] == "L21"
    assert (await lite.get(lid))["status"] == "submitted"  # nothing changed
    bad = _inspection(photo, boundary_matches=False, boundary_note="东至与权证不符")
    r = await lite.c.post(f"/listings/{lid}/site-inspections", json=bad, headers=lite.clerk())
    assert r.status_code == 201, r.text
    r = await lite.c.post(f"/listings/{lid}/township-review", json=APPROVE, headers=lite.clerk())
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "site_inspection.boundary_matches"
    good = _inspection(photo)
    r = await lite.c.post(f"/listings/{lid}/site-inspections", json=good, headers=lite.clerk())
    assert r.status_code == 201
    out = await lite.post(f"/listings/{lid}/township-review", APPROVE, lite.clerk())
    assert out["status"] == "pre_review"
    seen = await lite.c.get(f"/listings/{lid}/site-inspections", headers=lite.staff())
    assert [i["boundary_matches"] for i in seen.json()] == [False, True]


async def test_L21_photos_are_the_listings_own_site_photos_and_rejection_needs_none(lite) -> None:
    await _county_requires(lite)
    lid, _ = await _submitted(lite)
    form = (await lite.c.get(f"/listings/{lid}/documents", headers=lite.staff())).json()[0]
    r = await lite.c.post(
        f"/listings/{lid}/site-inspections", json=_inspection(form["id"]), headers=lite.clerk()
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "photo_document_ids"
    r = await lite.c.post(
        f"/listings/{lid}/site-inspections",
        json=_inspection(form["id"], photo_document_ids=[]),
        headers=lite.clerk(),
    )
    assert r.status_code == 422
    back = {"approve": False, "opinion": "需补正", "reasons": ["缺勘察"]}
    out = await lite.post(f"/listings/{lid}/township-review", back, lite.clerk())
    assert out["status"] == "returned"


async def test_L21_products_the_county_does_not_list_need_no_inspection(lite) -> None:
    lid, _ = await _submitted(lite)  # the default list is empty until the county sets it
    out = await lite.post(f"/listings/{lid}/township-review", APPROVE, lite.clerk())
    assert out["status"] == "pre_review"


async def test_L21_the_listing_says_whether_it_needs_a_site_inspection(lite) -> None:
    """The window asks the listing, not the county's list: ``site_inspection_required``
    is L21's own rule on the county parameter."""
    land = await lite.create()
    assert land["site_inspection_required"] is False  # the county lists nothing yet
    await _county_requires(lite)
    assert (await lite.get(land["id"]))["site_inspection_required"] is True
    r = await lite.c.get("/listings", headers=lite.clerk())
    assert [x["site_inspection_required"] for x in r.json() if x["id"] == land["id"]] == [True]

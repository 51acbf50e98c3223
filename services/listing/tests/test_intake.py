"""Intake at the township window: products (L1), ways (L2), materials (L3), bad input (X4),
and the window's own township only (X3)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from common.contracts.collective import CaseChanged


async def _count(api) -> int:
    r = await api.c.get("/listings", headers=api.staff())
    return len(r.json())


@pytest.mark.parametrize(
    "product",
    [
        "contracted_land",
        "four_wastes",
        "aquaculture_water",
        "forest",
        "small_water_facility",
        "collective_assets",
        "agricultural_ip",
        "other",
    ],
)
async def test_L1_every_listed_product_is_accepted(lite, product: str) -> None:
    listing = await lite.create(product=product)
    assert listing["product"] == product and listing["status"] == "draft"


async def test_L1_L2_unknown_product_and_way_are_refused_naming_both_rules(api) -> None:
    r = await api.c.post(
        "/listings", json=api.body(product="gold_mine", way="sell"), headers=api.clerk()
    )
    assert r.status_code == 422
    errors = {(e["field"], e["rule"]) for e in r.json()["errors"]}
    assert {("product", "L1"), ("way", "L2")} <= errors
    assert await _count(api) == 0  # X4: nothing changed


@pytest.mark.parametrize("way", ["transfer", "lease", "equity", "other"])
async def test_L2_the_four_ways_of_trading(lite, way: str) -> None:
    assert (await lite.create(way=way))["way"] == way


async def test_L2_a_listing_states_term_area_and_location(api) -> None:
    r = await api.c.post(
        "/listings",
        json=api.body(term_start="2030-01-01", term_end="2029-01-01", area_mu="0", location=" "),
        headers=api.clerk(),
    )
    assert r.status_code == 422
    fields = {e["field"]: e["rule"] for e in r.json()["errors"]}
    assert fields == {"term_end": "L2", "area_mu": "L2", "location": "L2"}


async def test_X4_every_bad_field_is_named_at_once_and_nothing_changes(api) -> None:
    r = await api.c.post(
        "/listings",
        json=api.body(seller_party_id="110101199003070000", reserve_price="12.345", deposit="-5"),
        headers=api.clerk(),
    )
    assert r.status_code == 422
    body = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in body["errors"]}
    assert {"seller_party_id", "reserve_price", "deposit"} <= fields
    assert all(e["message_zh"] for e in body["errors"])
    assert await _count(api) == 0


async def test_L3_materials_are_stored_with_their_content_hash_and_uploader(api) -> None:
    listing = await api.create()
    data = b"%PDF-1.4 application form of Li Si"
    r = await api.upload(listing["id"], "application_form", data)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["uploaded_by"] == "township_clerk-test" and doc["size"] == len(data)
    from common.storage import document_store

    assert await document_store(api.rt.settings).get(doc["sha256"]) == data


async def test_L3_cannot_leave_the_window_with_a_required_material_missing(api) -> None:
    listing = await api.create()
    for t in ["application_form", "title_certificate"]:
        assert (await api.upload(listing["id"], t)).status_code == 201
    r = await api.c.post(f"/listings/{listing['id']}/submit", headers=api.clerk())
    assert r.status_code == 422
    body = r.json()
    assert body["rule"] == "L3"
    missing = {e["field"] for e in body["errors"]}
    assert missing == {
        "documents.seller_qualification",
        "documents.trade_permission",
        "documents.object_description",
        "documents.reserve_price_basis",
    }
    assert (await api.get(listing["id"]))["status"] == "draft"


async def test_L3_an_empty_file_or_unknown_type_is_refused(lite) -> None:
    listing = await lite.create()
    r = await lite.upload(listing["id"], "application_form", b"")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
    r = await lite.upload(listing["id"], "selfie")
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "L3"


async def test_X3_a_township_clerk_is_refused_on_another_townships_listing(api) -> None:
    listing = await api.create()
    other = api.clerk(api.OTHER_TOWNSHIP)
    r = await api.upload(listing["id"], "application_form", headers=other)
    assert r.status_code == 403 and r.json()["rule"] == "X3"
    r = await api.c.post(f"/listings/{listing['id']}/submit", headers=other)
    assert r.status_code == 403
    r = await api.c.get(f"/listings/{listing['id']}", headers=other)
    assert r.status_code == 403
    r = await api.c.get("/listings", headers=other)
    assert r.json() == []
    r = await api.c.put(f"/listings/{listing['id']}", json=api.body(), headers=other)
    assert r.status_code == 403


async def test_X3_only_the_window_creates_listings(lite) -> None:
    for headers in (lite.staff(), lite.department(), lite.buyer(lite.person())):
        r = await lite.c.post("/listings", json=lite.body(), headers=headers)
        assert r.status_code == 403, headers
    r = await lite.c.post("/listings", json=lite.body())
    assert r.status_code == 401


async def test_L1_listing_takes_the_clerks_township_and_county(lite) -> None:
    listing = await lite.create()
    assert listing["township"] == lite.TOWNSHIP and listing["county"] == lite.COUNTY


def collective_case(cert: str, kind: str, *, flags: bool, version: int) -> CaseChanged:
    return CaseChanged(
        case_id=f"{kind}-{cert}",
        kind=kind,
        flag="disputed" if kind == "dispute" else "violation",
        rule="X6" if kind == "dispute" else "Z12",
        flags=flags,
        object_type="right" if kind == "dispute" else "parcel",
        object_ref=cert,
        certificate_no=cert,
        collective_id="371324100201",
        county="371324",
        township="371324100",
        stage=("mediation" if kind == "dispute" else "open") if flags else "closed",
        version=version,
        changed_at=datetime(2026, 1, version, tzinfo=UTC),
    )


async def test_X6_Z12_a_right_with_an_open_dispute_or_violation_case_is_not_listed(lite) -> None:
    """The collective service's open cases (collective.case_changed) keep the right from
    being listed, every reason at once (X4); closed, it is listed."""
    cert = "LL-HS-0042"
    await lite.deliver(collective_case(cert, "dispute", flags=True, version=1))
    await lite.deliver(collective_case(cert, "violation", flags=True, version=1))
    r = await lite.c.post(
        "/listings", json=lite.body(right_certificate_no=cert), headers=lite.clerk()
    )
    assert r.status_code == 422, r.text
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [
        ("right_certificate_no", "X6"),
        ("right_certificate_no", "Z12"),
    ]
    await lite.deliver(collective_case(cert, "dispute", flags=False, version=2))
    await lite.deliver(collective_case(cert, "violation", flags=False, version=2))
    await lite.create(right_certificate_no=cert)


async def test_X6_a_case_on_a_right_already_listed_is_recorded_for_the_centre(lite) -> None:
    """A dispute opened on a right already announced: recorded on the listing (a ground
    for L12 suspension by staff), not suspended by itself."""
    listing = await lite.to_announced()
    cert = listing["right_certificate_no"]
    await lite.deliver(collective_case(cert, "dispute", flags=True, version=1))
    assert (await lite.get(listing["id"]))["status"] == "announced"
    history = (
        await lite.c.get(f"/listings/{listing['id']}/decisions", headers=lite.staff())
    ).json()
    assert (history[-1]["action"], history[-1]["rule"]) == ("listing.case_flagged", "X6")

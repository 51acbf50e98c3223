"""The 入市 gate (DOMAIN E3, E4): listing follows the collective's cleared plans
(``collective.entry_cleared``) and registers an 入市 listing only for a cleared plan, on
its terms — way, use, area, term and reserve — every departure named at once (X4)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from common.contracts.collective import EntryCleared

DECISION = {
    "body": "members_representative_meeting",
    "votes_for": 20,
    "votes_total": 30,
    "reserve_price": "2000000.00",
    "township_approval_ref": "批-1",
    "decided_on": "2026-02-20",
}


def cleared(plan_id: str, cert: str, **over: Any) -> EntryCleared:
    """The collective's plan for the L15 listing (``Api.construction_land``): commercial, 1000 m²,
    transfer for 40 years at a reserve of 2,000,000."""
    return EntryCleared(
        **(
            {
                "plan_id": plan_id,
                "collective_id": "C-620821101-001",
                "county": "620821",
                "township": "620821101",
                "certificate_no": cert,
                "parcel_number": "620821101001JA00001",
                "way": "transfer",
                "trading_method": "auction",
                "land_use": "commercial",
                "area_m2": "1000.00",
                "term_years": 40,
                "reserve_price": "2000000.00",
                "supply_year": 2026,
                "cleared_at": datetime(2026, 3, 1, tzinfo=UTC),
            }
            | over
        )
    )


async def _register(api: Any, **over: Any) -> Any:
    """Window → township → department → the centre's registration, the last one raw."""
    lid = (await api.to_pre_reviewed(**api.construction_land(**over)))["id"]
    await api.post(f"/listings/{lid}/collective-decisions", DECISION, api.staff(), 201)
    return await api.c.post(f"/listings/{lid}/register", headers=api.staff())


async def test_E4_an_entry_listing_without_a_cleared_plan_is_not_registered(lite) -> None:
    r = await _register(lite)
    assert r.status_code == 422, r.text
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("entry_plan_id", "E4")]
    # a plan the collective has not cleared (never delivered) is the same refusal
    r = await _register(lite, entry_plan_id="plan-not-cleared")
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("entry_plan_id", "E4")]


async def test_E3_E4_a_cleared_plan_is_registered_on_its_terms(lite) -> None:
    plan_id, cert = uuid.uuid4().hex, "集建(2026)0001"
    await lite.deliver_twice(cleared(plan_id, cert))  # a redelivery changes nothing
    r = await _register(lite, entry_plan_id=plan_id, right_certificate_no=cert)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "registered"


async def test_E3_a_listing_that_departs_from_the_plan_names_every_departure(lite) -> None:
    plan_id, cert = uuid.uuid4().hex, "集建(2026)0002"
    await lite.deliver(cleared(plan_id, cert))
    r = await _register(
        lite,
        entry_plan_id=plan_id,
        right_certificate_no="集建(2026)9999",
        way="lease",
        land_use="industrial",
        area_m2="1000.01",
        term_end="2065-05-01",
        reserve_price="1999999.99",
        mode="tender",
    )
    assert r.status_code == 422, r.text
    assert {(e["field"], e["rule"]) for e in r.json()["errors"]} == {
        ("way", "E3"),
        ("land_use", "E3"),
        ("area_m2", "E3"),
        ("term_end", "E3"),
        ("reserve_price", "E3"),
        ("right_certificate_no", "E3"),
        ("mode", "E3"),
        ("reserve_price", "L8"),  # and the collective decision's reserve, all at once
    }
    listing = r.json()
    assert all(e["message_zh"] for e in listing["errors"])


async def test_E3_the_plan_ways_map_to_the_listed_ways(lite) -> None:
    """先租后让 begins as a lease; 联营 contributes the land like 入股."""
    for way, listed, n in (("lease_then_transfer", "lease", 3), ("joint_venture", "equity", 4)):
        plan_id, cert = uuid.uuid4().hex, f"集建(2026)000{n}"
        await lite.deliver(cleared(plan_id, cert, way=way, term_years=20))
        r = await _register(
            lite,
            entry_plan_id=plan_id,
            right_certificate_no=cert,
            way=listed,
            term_end="2046-05-01",
        )
        assert r.status_code == 200, r.text


async def test_B7_a_posted_plan_is_listed_by_posted_price(lite) -> None:
    plan_id, cert = uuid.uuid4().hex, "集建(2026)0005"
    await lite.deliver(cleared(plan_id, cert, trading_method="posted"))
    r = await _register(lite, entry_plan_id=plan_id, right_certificate_no=cert)
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("mode", "E3")]
    plan_id, cert = uuid.uuid4().hex, "集建(2026)0008"  # another parcel, listed right
    await lite.deliver(cleared(plan_id, cert, trading_method="posted"))
    r = await _register(lite, entry_plan_id=plan_id, right_certificate_no=cert, mode="posted")
    assert r.status_code == 200, r.text


async def test_B7_posted_price_is_a_method_of_entry_land_only(lite) -> None:
    r = await lite.c.post("/listings", json=lite.body(mode="posted"), headers=lite.clerk())
    assert r.status_code == 422
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("mode", "B7")]


async def test_B7_a_county_may_limit_agreement_sales_to_some_uses(lite) -> None:
    put = await lite.set_parameter(
        "agreement_transfer_uses",
        ["industrial"],
        "协议出让仅限工业用地",
        effective_from=lite.clock.now().date().isoformat(),
    )
    assert put.status_code == 201, put.text
    plan_id, cert = uuid.uuid4().hex, "集建(2026)0006"
    await lite.deliver(cleared(plan_id, cert, trading_method="agreement"))
    r = await _register(lite, entry_plan_id=plan_id, right_certificate_no=cert)
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("entry_plan_id", "B7")]
    plan_id, cert = uuid.uuid4().hex, "集建(2026)0007"
    await lite.deliver(
        cleared(plan_id, cert, trading_method="agreement", land_use="industrial", term_years=50)
    )
    r = await _register(
        lite,
        entry_plan_id=plan_id,
        right_certificate_no=cert,
        land_use="industrial",
        term_end="2076-05-01",
    )
    assert r.status_code == 200, r.text


async def test_E9_the_published_entry_listing_names_its_plan_for_bidding(lite) -> None:
    """listing.published carries the plan: bidding's trade names it and the collective
    follows that trade as the plan's deal (E9)."""
    plan_id, cert = uuid.uuid4().hex, "集建(2026)0003"
    await lite.deliver(cleared(plan_id, cert))
    r = await _register(lite, entry_plan_id=plan_id, right_certificate_no=cert)
    assert r.status_code == 200, r.text
    await lite.post(f"/listings/{r.json()['id']}/publish", {"days": 20}, lite.staff())
    [published] = await lite.outbox("listing.published")
    assert published["payload"]["entry_plan_id"] == plan_id

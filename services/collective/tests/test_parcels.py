"""Z2 homestead inventory (以宗为单位) with the derived one-household-one-homestead status
(一户一宅): a household with a homestead is refused a second one; a parcel is recorded
once; the inventory is final only after the village's X5 publicity."""

from __future__ import annotations

from decimal import Decimal

from collective_helpers import (
    OFFICER,
    TOWNSHIP_OFFICE,
    after_publicity,
    collective,
    county_parameter,
    household,
    ok,
    parcel,
    reasons,
    recognized,
    resolution,
)

from collective.parcels.rules import ParcelFacts, household_status


def facts(*spec: tuple[str, str]) -> list[ParcelFacts]:
    return [ParcelFacts(origin, Decimal(area)) for origin, area in spec]


def test_Z2_household_status_is_derived_from_its_parcels() -> None:
    assert household_status([], None) == "none"
    assert household_status(facts(("approved", "180")), None) == "one"
    # 通过正常审批、依法继承等形成的“一户多宅”
    assert household_status(facts(("approved", "180"), ("inherited", "120")), None) == (
        "multiple_lawful"
    )
    assert household_status(facts(("approved", "180"), ("unlawful", "60")), None) == (
        "multiple_unlawful"
    )
    # the area limit is the county's (no seed number): unset, never over area
    assert household_status(facts(("approved", "250.01")), None) == "one"
    assert household_status(facts(("approved", "250.01")), Decimal("250")) == "over_area"
    assert household_status(facts(("approved", "250.00")), Decimal("250")) == "one"


async def test_Z2_a_household_with_a_homestead_is_refused_a_second_one(client) -> None:
    await collective(client)
    h, q = await recognized(client, 1, 2)
    ok(await parcel(client, "JC00001", household_id=h["id"], origin="historical"), 201)
    status = ok(await client.get(f"/households/{h['id']}/homestead", headers=OFFICER))
    assert status["status"] == "one" and status["total_area_m2"] == "180.00"
    spare = ok(await parcel(client, "JC00002"), 201)  # a collective parcel to allocate
    body = {"parcel_id": spare["id"], "approval_ref": "兰宅批2026-002"}
    refused = await client.post(
        f"/qualifications/{q['id']}/realize", json=body, headers=TOWNSHIP_OFFICE
    )
    assert refused.status_code == 409
    errors = refused.json()["errors"]
    assert [(e["field"], e["rule"]) for e in errors] == [("qualification_id", "Z2")]
    assert "JC00001" in errors[0]["message"] and "一户只能拥有一处宅基地" in errors[0]["message_zh"]
    # nothing changed: the spare parcel is still the collective's, the qualification recognized
    assert ok(await client.get(f"/parcels/{spare['id']}", headers=OFFICER))["household_id"] is None
    assert (
        ok(await client.get(f"/qualifications/{q['id']}", headers=OFFICER))["status"]
        == "recognized"
    )


async def test_Z2_a_parcel_is_recorded_once_and_every_survey_problem_is_listed(lite) -> None:
    await collective(lite)
    h = await household(lite, 1)
    ok(await parcel(lite, "JC00001", household_id=h["id"]), 201)
    body = {
        "number": "JC00001",
        "collective_id": "371324100201",
        "household_id": "0" * 32,
        "location": "东街",
        "area_m2": "120.00",
        "origin": "approved",
        "use": "self",
    }
    refused = await lite.post("/parcels", json=body, headers=OFFICER)
    assert refused.status_code == 422
    assert reasons(refused) == {
        ("household_id", "Z2"),
        ("number", "Z2"),
        ("approval_ref", "Z2"),
    }


async def test_Z2_the_county_area_limit_flags_over_area(lite) -> None:
    await collective(lite)
    h = await household(lite, 1)
    ok(await parcel(lite, "JC00009", household_id=h["id"], area="260.00"), 201)
    await county_parameter(lite, "homestead_area_limit_m2", "250", "省定标准")
    status = ok(await lite.get(f"/households/{h['id']}/homestead", headers=OFFICER))
    assert status["status"] == "over_area" and status["area_limit_m2"] == "250"


async def test_Z2_the_inventory_is_final_only_after_X5_publicity(lite) -> None:
    await collective(lite)
    h = await household(lite, 1)
    ok(await parcel(lite, "JC00001", household_id=h["id"]), 201)
    r = await resolution(lite, "homestead_inventory")
    url = "/collectives/371324100201/inventory/finalise"
    early = await lite.post(url, json={"resolution_id": r["id"]}, headers=OFFICER)
    assert early.status_code == 409
    assert [(e["field"], e["rule"]) for e in early.json()["errors"]] == [("resolution_id", "X5")]
    await after_publicity(lite)
    wrong = await resolution(lite, "homestead_qualification")
    await after_publicity(lite)
    refused = await lite.post(url, json={"resolution_id": wrong["id"]}, headers=OFFICER)
    assert refused.status_code == 409  # another matter
    final = ok(await lite.post(url, json={"resolution_id": r["id"]}, headers=OFFICER))
    assert [p["status"] for p in final] == ["final"] and final[0]["resolution_id"] == r["id"]

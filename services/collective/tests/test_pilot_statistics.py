"""Z13 the pilot scope and the statistics (X7): Z5–Z11 act only in a collective the county
put in the pilot (the seed's pilot: 7 towns, 21 collectives); the figures count qualified
households, parcels, approvals, withdrawals, the reserve, transfers, leases, liens and the
房地一体 progress against the 90 % target."""

from __future__ import annotations

from collective_helpers import (
    COUNTY,
    COUNTY_OFFICE,
    INSPECTION,
    OFFICER,
    OTHER_TOWNSHIP_OFFICE,
    TOWNSHIP,
    TOWNSHIP_OFFICE,
    VILLAGE,
    collective,
    effective_resolution,
    ok,
    parcel,
    pilot,
    recognized,
    today,
)


async def test_Z13_Z5_to_Z11_act_only_in_a_pilot_collective(lite) -> None:
    await collective(lite)
    r = await effective_resolution(lite, "homestead")
    body = {
        "collective_id": VILLAGE,
        "source": "paid_use",
        "reference": "收据001",
        "received_on": today(lite).isoformat(),
        "amount": "1000.00",
        "farmer_percent": "60",
        "resolution_id": r["id"],
    }
    refused = await lite.post("/homestead-incomes", json=body, headers=OFFICER)
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("collective_id", "Z13")]
    not_theirs = await lite.put(
        f"/collectives/{VILLAGE}/pilot", json={"enabled": True, "reference": "x"}, headers=OFFICER
    )
    assert not_theirs.status_code == 403
    scope = await pilot(lite)
    assert scope["enabled"] is True and scope["township"] == TOWNSHIP
    ok(await lite.post("/homestead-incomes", json=body, headers=OFFICER), 201)
    await pilot(lite, enabled=False)
    again = await lite.post("/homestead-incomes", json=body, headers=OFFICER)
    assert [(e["field"], e["rule"]) for e in again.json()["errors"]] == [("collective_id", "Z13")]
    trail_scope = ok(await lite.get(f"/collectives/{VILLAGE}/pilot", headers=OFFICER))
    assert trail_scope["enabled"] is False


async def test_Z13_statistics_count_the_reform_and_the_registration_progress(lite) -> None:
    await collective(lite)
    await pilot(lite)
    h, q = await recognized(lite, 1)
    home = {
        "number": "JC00001",
        "collective_id": VILLAGE,
        "location": "东街",
        "area_m2": "200.00",
        "origin": "historical",
        "use": "self",
        "certificate_no": "鲁(2026)兰陵县不动产权第0001号",
    }
    p = ok(await lite.post("/parcels", json=home, headers=OFFICER), 201)
    realize = {"parcel_id": p["id"], "approval_ref": "兰宅批1998-001"}
    ok(await lite.post(f"/qualifications/{q['id']}/realize", json=realize, headers=TOWNSHIP_OFFICE))
    ok(await parcel(lite, "JC00002", household_id=h["id"], origin="inherited"), 201)
    idle = {**home, "number": "JC00003", "use": "idle", "certificate_no": None, "area_m2": "400.00"}
    ok(await lite.post("/parcels", json=idle, headers=OFFICER), 201)
    url = f"/counties/{COUNTY}/homestead-statistics"
    s = ok(await lite.get(url, headers=COUNTY_OFFICE))
    assert (s["pilot_collectives"], s["pilot_townships"], s["qualified_households"]) == (1, 1, 1)
    assert s["parcels_by_use"] == {"self": 2, "idle": 1}
    assert (s["reserve_parcels"], s["reserve_mu"]) == (1, "0.6000")  # 400 m² = 0.6 亩
    assert (s["registered_parcels"], s["registration_progress_percent"]) == (1, "33.33")
    assert s["registration_target_percent"] == "90" and s["registration_target_met"] is False
    assert ok(await lite.get(url, headers=INSPECTION))["qualified_households"] == 1
    mine = ok(await lite.get(url, params={"township": TOWNSHIP}, headers=TOWNSHIP_OFFICE))
    assert mine["township"] == TOWNSHIP and mine["registered_parcels"] == 1
    assert (await lite.get(url, headers=OFFICER)).status_code == 403
    other = await lite.get(url, params={"township": TOWNSHIP}, headers=OTHER_TOWNSHIP_OFFICE)
    assert other.status_code == 403

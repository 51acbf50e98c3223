"""Z10 reserve and reallocation (收储、再分配): idle and recovered parcels enter the reserve
with a disposition; reallocation only by X5 to a qualified household without a homestead
(every reason at once); or put to another use (宜耕则耕、宜林则林、宜建则建)."""

from __future__ import annotations

from typing import Any

from collective_helpers import (
    NEIGHBOUR_OFFICER,
    OFFICER,
    TOWNSHIP_OFFICE,
    VILLAGE,
    collective,
    effective_resolution,
    household,
    ok,
    parcel,
    pilot,
    recognized,
    resolution,
)


async def reserved(c: Any, number: str = "JC00009") -> dict:
    p = ok(await parcel(c, number), 201)
    body = {"parcel_id": p["id"], "reference": "闲置宅基地清查", "disposition": "reallocate"}
    return ok(await c.post("/reserve", json=body, headers=OFFICER), 201)


async def test_Z10_reallocation_needs_X5_and_a_qualified_household_without_a_homestead(
    lite,
) -> None:
    await collective(lite)
    await pilot(lite)
    e = await reserved(lite)
    assert (e["status"], e["disposition"], e["source"]) == ("reserved", "reallocate", "idle")
    has_one, _ = await recognized(lite, 1)
    ok(await parcel(lite, "JC00001", household_id=has_one["id"]), 201)
    stranger = await household(lite, 2, confirmed=False)
    pending = await resolution(lite, "homestead")  # voted, still in publicity
    url = f"/reserve/{e['id']}/reallocation"
    body = {
        "household_id": stranger["id"],
        "resolution_id": pending["id"],
        "approval_ref": "兰宅批R-1",
    }
    refused = await lite.post(url, json=body, headers=TOWNSHIP_OFFICE)
    assert refused.status_code == 409
    assert [(x["field"], x["rule"]) for x in refused.json()["errors"]] == [
        ("resolution_id", "X5"),
        ("household_id", "Z10"),  # unqualified
    ]
    r = await effective_resolution(lite, "homestead")
    refused = await lite.post(
        url,
        json={**body, "household_id": has_one["id"], "resolution_id": r["id"]},
        headers=TOWNSHIP_OFFICE,
    )
    assert [(x["field"], x["rule"]) for x in refused.json()["errors"]] == [("household_id", "Z10")]
    assert "already holds a homestead" in refused.json()["errors"][0]["message"]
    h, q = await recognized(lite, 3)
    done = ok(
        await lite.post(
            url,
            json={**body, "household_id": h["id"], "resolution_id": r["id"]},
            headers=TOWNSHIP_OFFICE,
        )
    )
    assert done["status"] == "reallocated" and done["household_id"] == h["id"]
    q = ok(await lite.get(f"/qualifications/{q['id']}", headers=OFFICER))
    assert q["status"] == "realized" and q["parcel_id"] == e["parcel_id"]
    again = await lite.post(url, json=body, headers=TOWNSHIP_OFFICE)
    assert again.status_code == 409  # no longer reserved


async def test_Z10_put_to_use_and_who_may_enter(lite) -> None:
    await collective(lite)
    p = ok(await parcel(lite, "JC00009"), 201)
    body = {"parcel_id": p["id"], "reference": "闲置宅基地清查"}
    outside = await lite.post("/reserve", json=body, headers=OFFICER)
    assert [(x["field"], x["rule"]) for x in outside.json()["errors"]] == [("parcel_id", "Z13")]
    await pilot(lite)
    assert (await lite.post("/reserve", json=body, headers=NEIGHBOUR_OFFICER)).status_code == 403
    e = ok(await lite.post("/reserve", json=body, headers=OFFICER), 201)
    twice = await lite.post("/reserve", json=body, headers=OFFICER)
    assert twice.status_code == 422 and twice.json()["errors"][0]["rule"] == "Z10"
    ok(
        await lite.post(
            f"/reserve/{e['id']}/disposition",
            json={"disposition": "reclaim_farmland"},
            headers=OFFICER,
        )
    )
    used = ok(
        await lite.post(
            f"/reserve/{e['id']}/use",
            json={"disposition": "reclaim_farmland", "reference": "复垦验收2026-3"},
            headers=OFFICER,
        )
    )
    assert (used["status"], used["disposition"]) == ("put_to_use", "reclaim_farmland")
    listed = ok(await lite.get(f"/collectives/{VILLAGE}/reserve", headers=TOWNSHIP_OFFICE))
    assert [x["id"] for x in listed] == [e["id"]]

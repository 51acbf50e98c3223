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
    realized,
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
    await realized(lite, q, p["id"], "兰宅批1998-001")
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


async def test_Z13_X7_the_pilot_statistics_are_filed_at_each_due_moment(lite) -> None:
    """X7 applied to Z13: putting a collective in the pilot starts the county's duty; the
    month's figures are frozen at the end of the 10th of the next month (Asia/Shanghai),
    a correction is a second version with its reason, each downloads as a typed workbook."""
    import io
    from datetime import UTC, datetime, timedelta

    from collective_helpers import OTHER_COUNTY_INSPECTION
    from openpyxl import load_workbook

    from common.scheduler import Scheduler

    base = f"/counties/{COUNTY}/homestead-statistics/filings"
    await collective(lite)
    await pilot(lite)
    assert await Scheduler(lite.runtime).run_once() == 0  # the duty waits: nothing due
    day = today(lite)
    month = f"{day.year}-{day.month:02d}"
    nxt = (day.replace(day=1) + timedelta(days=32)).replace(day=10)
    due = datetime(nxt.year, nxt.month, 10, 16, tzinfo=UTC)  # the 10th ends in Shanghai
    lite.clock.set(due - timedelta(seconds=1))
    assert await Scheduler(lite.runtime).run_once() == 0
    assert ok(await lite.get(base, headers=INSPECTION)) == []
    lite.clock.set(due)
    assert await Scheduler(lite.runtime).run_once() == 1
    (v1,) = ok(await lite.get(base, headers=INSPECTION))
    assert (v1["period"], v1["version"], v1["late"], v1["rule"]) == (month, 1, False, "Z13")
    # the next month's timer waits; filing it before it ends is refused, reasons listed
    early = await lite.post(f"{base}/{nxt.year}-{nxt.month:02d}", headers=COUNTY_OFFICE)
    assert early.status_code == 409 and early.json()["errors"][0]["rule"] == "X7"
    v2 = ok(
        await lite.post(
            f"{base}/{month}/corrections", json={"reason": "补录一宗退出"}, headers=COUNTY_OFFICE
        ),
        201,
    )
    assert (v2["version"], v2["reason"]) == (2, "补录一宗退出")
    assert [v["version"] for v in ok(await lite.get(base, headers=INSPECTION))] == [1, 2]
    r = await lite.get(f"{base}/{month}/1?format=xlsx", headers=INSPECTION)
    assert r.status_code == 200, r.text
    wb = load_workbook(io.BytesIO(r.content))
    summary = {a: b for a, b in wb["汇总"].iter_rows(min_row=6, values_only=True)}
    assert summary["试点集体经济组织数"] == 1 and isinstance(summary["资格认定户数"], int)
    assert wb.sheetnames == ["汇总", "按用途", "按宗地状态", "按流转方式"]
    first = ok(await lite.get(f"{base}/{month}/1", headers=INSPECTION))
    assert first["content"]["data"]["pilot_collectives"] == 1
    # X3: another county's staff, a village officer and a township office are refused
    assert (await lite.get(base, headers=OTHER_COUNTY_INSPECTION)).status_code == 403
    assert (await lite.get(base, headers=OFFICER)).status_code == 403
    assert (await lite.post(f"{base}/{month}", headers=INSPECTION)).status_code == 403
    # a quarter is filed too, a bad period is refused naming the field
    assert (await lite.get(f"{base}/2026-13/1", headers=INSPECTION)).status_code == 422

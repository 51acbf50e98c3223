"""L25 (004 意见 三(三) 定期检查和动态监测): the monthly market report per county and township
for the supervisor — listings by state, failure rates, suspensions with reasons, reserves
against L16, L9 violations and their age (a warning after 30 days), bars and blacklist."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from testkit.testing import auth


def supervisor(county: str = "620821") -> dict[str, str]:
    return auth("supervisor", org_type="county", org_id=county, county=county)


async def test_L25_004_yijian_3_3_the_monthly_report_per_township(lite) -> None:
    flag = {
        "collective_id": lite.COLLECTIVE,
        "asset": "村集体冷库",
        "asset_kind": "non_land",
        "value": "800000.00",
    }
    await lite.post("/off-exchange-flags", flag, lite.staff(), 201)
    failing = await lite.to_announced()
    stopped = await lite.to_announced()
    await lite.post(
        f"/listings/{stopped['id']}/suspend",
        {"reason_code": "ownership_dispute", "reason": "相邻农户对四至提出异议"},
        lite.staff(),
    )
    other = await lite.create(headers=lite.clerk(lite.OTHER_TOWNSHIP))
    lite.clock.advance(timedelta(days=21))
    await lite.fire_timers()  # the first announcement closes without a buyer (流标)
    assert (await lite.get(failing["id"]))["status"] == "failed"

    r = await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-03", headers=supervisor())
    assert r.status_code == 200, r.text
    report = r.json()
    rows = {t["township"]: t for t in report["townships"]}
    mine = rows[lite.TOWNSHIP]
    assert mine["by_state"] == {"failed": 1, "suspended": 1}
    assert (mine["closed"], mine["failed"], Decimal(mine["failure_rate"])) == (1, 1, 1)
    [stop] = mine["stops"]
    assert stop["listing_id"] == stopped["id"] and stop["reason_code"] == "ownership_dispute"
    assert stop["reason"] == "相邻农户对四至提出异议"
    assert rows[lite.OTHER_TOWNSHIP]["by_state"] == {"draft": 1}
    assert rows[lite.OTHER_TOWNSHIP]["failure_rate"] is None
    assert other["id"] not in str(mine)
    assert report["county_total"]["by_state"] == {"failed": 1, "suspended": 1, "draft": 1}
    [violation] = report["off_exchange_flags"]
    assert (violation["age_days"], violation["warning"]) == (21, False)
    assert report["forfeited_deposits"] is None

    lite.clock.advance(timedelta(days=15))  # 2026-04-07: the flag is 36 days old
    april = (await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-04", headers=supervisor())).json()
    assert april["off_exchange_flags"][0]["warning"] is True
    assert april["townships"][0]["closed"] == 0  # the closing was March's
    march = (await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-03", headers=supervisor())).json()
    assert march["as_of"] == "2026-03-31" and march["off_exchange_flags"][0]["age_days"] == 29


async def test_L25_the_warning_age_is_a_county_parameter_and_access_is_the_countys(lite) -> None:
    r = await lite.c.put(
        f"/county-parameters/{lite.COUNTY}/off_exchange_warning_days",
        json={"value": 0, "effective_from": "2026-03-02", "reason": "错"},
        headers=lite.staff(),
    )
    assert r.status_code == 422
    other = await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-03", headers=supervisor("620822"))
    assert other.status_code == 403 and other.json()["rule"] == "X3"
    clerk = await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-03", headers=lite.clerk())
    assert clerk.status_code == 403
    bad = await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-13", headers=supervisor())
    assert bad.status_code == 422

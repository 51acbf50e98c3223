"""L25 (004 意见 三(三) 定期检查和动态监测): the monthly market report per county and township
for the supervisor — listings by state, failure rates, suspensions with reasons, reserves
against L16, L9 violations and their age (a warning after 30 days), bars and blacklist."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from common.ids import generate_resident_id
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
    failing, stopped, other = await lite.month_of_listings()
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
    assert (report["forfeited_deposit_count"], report["forfeited_deposits"]) == (0, "0.00")

    lite.clock.advance(timedelta(days=15))  # 2026-04-07: the flag is 36 days old
    april = (await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-04", headers=supervisor())).json()
    assert april["off_exchange_flags"][0]["warning"] is True
    assert april["townships"][0]["closed"] == 0  # the closing was March's
    march = (await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-03", headers=supervisor())).json()
    assert march["as_of"] == "2026-03-31" and march["off_exchange_flags"][0]["age_days"] == 29


async def test_L25_the_warning_age_is_a_county_parameter_and_access_is_the_countys(lite) -> None:
    r = await lite.set_parameter("off_exchange_warning_days", 0, "错")
    assert r.status_code == 422
    other = await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-03", headers=supervisor("620822"))
    assert other.status_code == 403 and other.json()["rule"] == "X3"
    clerk = await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-03", headers=lite.clerk())
    assert clerk.status_code == 403
    bad = await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-13", headers=supervisor())
    assert bad.status_code == 422


async def test_L25_X7_the_month_is_filed_at_its_due_moment_and_corrected_as_a_new_version(
    lite,
) -> None:
    """X7 applied to L25: the county's first listing starts its duty; March is frozen at
    the end of 10 April (Asia/Shanghai); filing it again is refused; the centre's
    correction is version 2, late; the workbook is typed; another county is refused."""
    import io
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    from common.clock import local_date

    base = f"/counties/{lite.COUNTY}/market-monitoring/filings"
    await lite.create()
    assert await lite.fire_timers() == 0  # the duty waits for the month: nothing due
    day = local_date(lite.clock.now())
    month = f"{day:%Y-%m}"
    nxt = (day.replace(day=1) + timedelta(days=32)).replace(day=10)
    due_at = datetime(nxt.year, nxt.month, 10, 16, tzinfo=UTC)  # the 10th ends in Shanghai
    lite.clock.set(due_at - timedelta(seconds=1))
    await lite.fire_timers()
    assert (await lite.c.get(base, headers=supervisor())).json() == []
    lite.clock.set(due_at)
    await lite.fire_timers()
    (v1,) = (await lite.c.get(base, headers=supervisor())).json()
    assert (v1["period"], v1["version"], v1["late"], v1["rule"]) == (month, 1, False, "L25")
    assert v1["recipients"] == ["supervisor"]
    again = await lite.c.post(f"{base}/{month}", headers=lite.staff())
    assert again.status_code == 409 and again.json()["errors"][0]["rule"] == "X7"
    lite.clock.advance(timedelta(days=1))
    fixed = await lite.c.post(
        f"{base}/{month}/corrections", json={"reason": "补录一宗挂牌"}, headers=lite.staff()
    )
    assert fixed.status_code == 201, fixed.text
    assert (fixed.json()["version"], fixed.json()["late"]) == (2, True)
    frozen = (await lite.c.get(f"{base}/{month}/1", headers=supervisor())).json()
    assert frozen["content"]["data"]["county_total"]["by_state"] == {"draft": 1}
    r = await lite.c.get(f"{base}/{month}/1", params={"format": "xlsx"}, headers=supervisor())
    assert r.status_code == 200, r.text
    summary = load_workbook(io.BytesIO(r.content))["汇总"]
    values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert values["项目数"] == 1  # a number, not text
    other = await lite.c.get(
        "/counties/620822/market-monitoring/filings", headers=supervisor("620822")
    )
    assert other.status_code == 200 and other.json() == []  # its own county: nothing filed
    assert (await lite.c.get(base, headers=supervisor("620822"))).status_code == 403


async def test_L25_B5_forfeited_deposits_of_the_month_exact_to_the_fen(lite) -> None:
    """L25 with B5: bidding's forfeitures (``bidding.deposit_forfeited``) followed into
    listing; the month counts those forfeited inside it (Asia/Shanghai), to the fen —
    one at 23:59 on 31 March counts, one at 00:30 on 1 April is April's; a redelivery
    counts once."""
    from datetime import UTC, datetime

    from common.contracts.bidding import DepositForfeited

    first = await lite.create()
    second = await lite.create(headers=lite.clerk(lite.OTHER_TOWNSHIP))

    def forfeited(listing_id: str, amount: str, at: datetime) -> DepositForfeited:
        return DepositForfeited(
            listing_id=listing_id,
            party_id=generate_resident_id(lite.COUNTY),
            amount=amount,
            reason="中标人未在期限内签约",
            forfeited_at=at,
        )

    march = forfeited(first["id"], "5000.37", datetime(2026, 3, 31, 15, 59, tzinfo=UTC))
    env = await lite.deliver(march)
    await lite.deliver(march, env)  # redelivered: counted once
    await lite.deliver(forfeited(first["id"], "0.01", datetime(2026, 3, 2, 8, tzinfo=UTC)))
    await lite.deliver(forfeited(second["id"], "777.70", datetime(2026, 3, 31, 16, 30, tzinfo=UTC)))

    report = (await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-03", headers=supervisor())).json()
    assert (report["forfeited_deposit_count"], report["forfeited_deposits"]) == (2, "5000.38")
    rows = {t["township"]: t for t in report["townships"]}
    mine = rows[lite.TOWNSHIP]
    assert (mine["forfeited_deposits"], mine["forfeited_amount"]) == (2, "5000.38")
    assert rows[lite.OTHER_TOWNSHIP]["forfeited_deposits"] == 0
    april = (await lite.c.get(f"/monitoring/{lite.COUNTY}/2026-04", headers=supervisor())).json()
    assert (april["forfeited_deposit_count"], april["forfeited_deposits"]) == (1, "777.70")
    assert april["county_total"]["forfeited_amount"] == "777.70"

    # the workbook (as filed, X7) carries them as typed numbers, to the fen
    import io

    from openpyxl import load_workbook

    from common.filings import workbook_xlsx
    from listing.monitoring.rules import workbook

    book = load_workbook(io.BytesIO(workbook_xlsx(workbook(report, "L25", "2026-04-10"))))
    values = {r[0]: r[1] for r in book["汇总"].iter_rows(values_only=True) if r and r[0]}
    assert values["没收保证金笔数"] == 2
    assert Decimal(str(values["没收保证金金额"])) == Decimal("5000.38")
    header, *lines = list(book["按乡镇"].iter_rows(values_only=True))
    by_township = {line[0]: dict(zip(header, line, strict=True)) for line in lines}
    assert by_township[lite.TOWNSHIP]["没收保证金笔数"] == 2

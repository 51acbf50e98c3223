"""The E statistics through X7 (DOMAIN E4, E11–E13, X7): per county and period, the plans
by state, the supply plan's area by use and what is left, the deals (count, area, price),
the adjustment fund withheld, the retention, the members' distributions and E13's net
income per mu by use — live from the API and filed by the persisted timer as a typed
workbook with Chinese headings, the workbook's numbers the API's."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from collective_helpers import (
    BUREAU,
    COUNTY,
    INSPECTION,
    OFFICER,
    OTHER_BUREAU,
    ok,
    settled_entry_deal,
)
from openpyxl import load_workbook

from collective.entrystatistics.rules import per_mu
from common.scheduler import Scheduler


def _fen(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


LIVE = f"/counties/{COUNTY}/entry-statistics"
FILED = f"{LIVE}/filings"


def test_E13_net_income_per_mu_is_the_net_over_the_area_in_mu_rounded_once() -> None:
    # DOMAIN's units: 1 亩 = 666.67 m², so 1000 m² is 1.49999… 亩, not 1.5:
    # 1,766,666.67 元 × 666.67 / 1000 = 1,177,783.67 (1,177,777.78 with 2000/3)
    assert per_mu(176_666_667, Decimal("1000.00")) == Decimal("1177783.67")
    assert per_mu(100, Decimal("0")) is None


async def test_E13_X7_the_entry_statistics_of_a_month(lite) -> None:
    deal = await settled_entry_deal(lite)
    assert deal["adjustment_fund"] == "300000.00"  # 20 % (default) of 1,500,000.00
    stats = ok(await lite.get(LIVE, params={"period": "2026-01"}, headers=BUREAU))
    assert stats["plans_by_status"] == {"cleared": 1}
    assert stats["supply_year"] == 2026
    assert {r["use"]: (r["quota_m2"], r["used_m2"], r["left_m2"]) for r in stats["supply"]} == {
        "commercial": ("5000.00", "1000.00", "4000.00"),
        "industrial": ("20000.00", "0.00", "20000.00"),
    }
    assert (stats["deals"], stats["deals_area_m2"], stats["deals_price"]) == (
        1,
        "1000.00",
        "2100000.00",
    )
    assert stats["adjustment_fund"] == "300000.00"
    assert stats["taxes_fees"] == "33333.33"
    assert stats["retention"] == deal["retention"] == "530000.00"
    assert stats["member_distributions"] == deal["members"] == "1236666.67"
    (net,) = stats["net_income_by_use"]
    assert (net["use"], net["deals"], net["area_mu"]) == ("commercial", 1, "1.5000")
    assert (net["net_income"], net["net_income_per_mu"]) == ("1766666.67", "1177783.67")
    # the next month has no deal; the year has the same ones
    feb = ok(await lite.get(LIVE, params={"period": "2026-02"}, headers=BUREAU))
    assert (feb["deals"], feb["net_income_by_use"]) == (0, [])
    year = ok(await lite.get(LIVE, params={"period": "2026"}, headers=INSPECTION))
    assert year["deals_price"] == "2100000.00"


async def test_E13_X7_the_month_is_filed_by_the_timer_as_a_typed_workbook(lite) -> None:
    await settled_entry_deal(lite)
    live = ok(await lite.get(LIVE, params={"period": "2026-01"}, headers=BUREAU))
    # the supply plan began the duty: the month's timer waits for its due moment
    due = datetime(2026, 2, 10, 16, tzinfo=UTC)  # 10 February ends in Asia/Shanghai
    lite.clock.set(due - timedelta(seconds=1))
    await Scheduler(lite.runtime).run_once()
    assert ok(await lite.get(FILED, headers=BUREAU)) == []
    lite.clock.set(due)
    assert await Scheduler(lite.runtime).run_once() >= 1
    (v1,) = ok(await lite.get(FILED, headers=BUREAU))
    assert (v1["period"], v1["version"], v1["late"], v1["rule"]) == ("2026-01", 1, False, "E13")
    frozen = ok(await lite.get(f"{FILED}/2026-01/1", headers=INSPECTION))["content"]["data"]
    assert {k: v for k, v in frozen.items() if k != "at"} == {
        k: v for k, v in live.items() if k != "at"
    }
    r = await lite.get(f"{FILED}/2026-01/1?format=xlsx", headers=BUREAU)
    assert r.status_code == 200, r.text
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["汇总", "方案按状态", "供应计划", "成交按用途", "亩均净收益"]
    summary = {a: b for a, b in wb["汇总"].iter_rows(min_row=7, values_only=True)}
    assert summary["成交宗数"] == live["deals"] == 1
    # typed numbers (a spreadsheet reads them back as floats): the API's to the fen
    assert _fen(summary["成交价款（元）"]) == _fen(live["deals_price"])
    assert _fen(summary["代扣调节金（元）"]) == _fen(live["adjustment_fund"])
    assert _fen(summary["集体提留（元）"]) == _fen(live["retention"])
    assert _fen(summary["成员分配（元）"]) == _fen(live["member_distributions"])
    supply = list(wb["供应计划"].iter_rows(values_only=True))
    assert supply[0] == ("用途", "计划面积（平方米）", "已纳入面积（平方米）", "剩余面积（平方米）")
    assert supply[1] == ("商业", 5000, 1000, 4000)
    head, row = list(wb["亩均净收益"].iter_rows(values_only=True))
    assert head[-1] == "亩均净收益（元/亩）"
    assert row[:3] == ("商业", 1, 1.5)
    assert [_fen(v) for v in row[3:]] == [_fen("1766666.67"), _fen("1177783.67")]


async def test_X3_X7_the_entry_statistics_are_the_county_s(lite) -> None:
    await settled_entry_deal(lite)
    assert (
        await lite.get(LIVE, params={"period": "2026-01"}, headers=OTHER_BUREAU)
    ).status_code == 403
    assert (await lite.get(LIVE, params={"period": "2026-01"}, headers=OFFICER)).status_code == 403
    bad = await lite.get(LIVE, params={"period": "2026-13"}, headers=BUREAU)
    assert bad.status_code == 422 and "period" in bad.text
    early = await lite.post(f"{FILED}/2026-03", headers=BUREAU)
    assert early.status_code == 409 and early.json()["errors"][0]["rule"] == "X7"
    assert (await lite.post(f"{FILED}/2026-01", headers=INSPECTION)).status_code == 403

"""Pure rules of the E statistics — 入市统计口径 (E4, E11–E13, X7).

Net income (净收益) of a deal is its price less the adjustment fund and the taxes and
fees (E11's order: what is left for the collectives); per mu it is divided by the
parcel's area in mu (mu = m² ÷ 666.67, common.quantities), rounded half up to the fen
once.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from common.quantities import M2_PER_MU, mu_of_m2

TWO = Decimal("0.01")
#: the uses of 入市 land as the reports print them
USE_ZH = {
    "industrial": "工业",
    "commercial": "商业",
    "affordable_rental_housing": "保障性租赁住房",
}
STATUS_ZH = {"decided": "已决议待审", "cleared": "已通过联审"}


def per_mu(net_fen: int, area_m2: Decimal) -> Decimal | None:
    """Yuan per mu: net_fen / 100 ÷ (area ÷ 666.67) = net_fen × 666.67 / (100 × area)."""
    if area_m2 <= 0:
        return None
    return (Decimal(net_fen) * M2_PER_MU / (100 * area_m2)).quantize(TWO, ROUND_HALF_UP)


def supply_rows(quotas: dict[str, str], used: dict[str, Decimal]) -> list[dict[str, Any]]:
    """One row per use of the supply plan: the quota, the area listed, what is left."""
    out = []
    for use in sorted(set(quotas) | set(used)):
        quota = Decimal(quotas.get(use, "0"))
        taken = used.get(use, Decimal("0"))
        out.append(
            {
                "use": use,
                "quota_m2": quota.quantize(TWO),
                "used_m2": taken.quantize(TWO),
                "left_m2": (quota - taken).quantize(TWO),
            }
        )
    return out


def deals_by_use(deals: Iterable[Any]) -> list[dict[str, Any]]:
    """Deals concluded per use: count, area (m²) and price (fen)."""
    acc: dict[str, dict[str, Any]] = {}
    for d in deals:
        row = acc.setdefault(
            d.land_use, {"use": d.land_use, "count": 0, "area_m2": Decimal("0"), "price_fen": 0}
        )
        row["count"] += 1
        row["area_m2"] += Decimal(str(d.area_m2))
        row["price_fen"] += d.price_fen
    return [acc[k] for k in sorted(acc)]


def net_income_by_use(settled: Iterable[Any]) -> list[dict[str, Any]]:
    """E13's report: per use, the settled deals' net income and its amount per mu."""
    acc: dict[str, dict[str, Any]] = {}
    for d in settled:
        row = acc.setdefault(
            d.land_use, {"use": d.land_use, "deals": 0, "area_m2": Decimal("0"), "net_fen": 0}
        )
        row["deals"] += 1
        row["area_m2"] += Decimal(str(d.area_m2))
        row["net_fen"] += d.price_fen - (d.fund_fen or 0) - (d.taxes_fen or 0)
    out = []
    for k in sorted(acc):
        row = acc[k]
        out.append(
            row
            | {
                "area_mu": mu_of_m2(row["area_m2"]),
                "net_income_per_mu": per_mu(row["net_fen"], row["area_m2"]),
            }
        )
    return out


def workbook(stats: dict[str, Any], title: str, period: str, due: str) -> dict[str, Any]:
    """The E statistics (the endpoint's JSON) as common.filings' workbook spec."""

    def zh(use: str) -> str:
        return USE_ZH.get(use, use)

    return {
        "title": title,
        "meta": [
            ["报告期", period, "text"],
            ["报送截止日", due, "date"],
            ["统计时点", str(stats["at"]), "text"],
            ["供应计划年度", stats["supply_year"], "count"],
        ],
        "summary": [
            ["入市方案数", sum(stats["plans_by_status"].values()), "count"],
            ["成交宗数", stats["deals"], "count"],
            ["成交面积（平方米）", stats["deals_area_m2"], "number"],
            ["成交价款（元）", stats["deals_price"], "amount"],
            ["结算宗数", stats["settled"], "count"],
            ["代扣调节金（元）", stats["adjustment_fund"], "amount"],
            ["税费（元）", stats["taxes_fees"], "amount"],
            ["集体提留（元）", stats["retention"], "amount"],
            ["成员分配（元）", stats["member_distributions"], "amount"],
        ],
        "tables": [
            {
                "name": "方案按状态",
                "columns": [["name", "状态", "text"], ["count", "方案数", "count"]],
                "rows": [
                    {"name": STATUS_ZH.get(k, k), "count": v}
                    for k, v in sorted(stats["plans_by_status"].items())
                ],
                "total": True,
            },
            {
                "name": "供应计划",
                "columns": [
                    ["use", "用途", "text"],
                    ["quota_m2", "计划面积（平方米）", "number"],
                    ["used_m2", "已纳入面积（平方米）", "number"],
                    ["left_m2", "剩余面积（平方米）", "number"],
                ],
                "rows": [r | {"use": zh(r["use"])} for r in stats["supply"]],
                "total": True,
            },
            {
                "name": "成交按用途",
                "columns": [
                    ["use", "用途", "text"],
                    ["count", "成交宗数", "count"],
                    ["area_m2", "成交面积（平方米）", "number"],
                    ["price", "成交价款（元）", "amount"],
                ],
                "rows": [r | {"use": zh(r["use"])} for r in stats["deals_by_use"]],
                "total": True,
            },
            {
                "name": "亩均净收益",
                "columns": [
                    ["use", "用途", "text"],
                    ["deals", "结算宗数", "count"],
                    ["area_mu", "面积（亩）", "number"],
                    ["net_income", "净收益（元）", "amount"],
                    ["net_income_per_mu", "亩均净收益（元/亩）", "amount"],
                ],
                "rows": [r | {"use": zh(r["use"])} for r in stats["net_income_by_use"]],
                "total": False,
            },
        ],
    }

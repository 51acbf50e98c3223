"""Pure rules of the homestead statistics — 统计口径 (Z13)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

TWO = Decimal("0.01")


def progress_percent(registered: int, inventory: int) -> Decimal | None:
    """房地一体 progress: registered parcels ÷ inventory parcels, to two places."""
    if inventory == 0:
        return None
    return (Decimal(100 * registered) / Decimal(inventory)).quantize(TWO, ROUND_HALF_UP)


def mean_days(seconds: list[float]) -> Decimal | None:
    if not seconds:
        return None
    return (Decimal(str(sum(seconds))) / Decimal(86400 * len(seconds))).quantize(TWO, ROUND_HALF_UP)


#: The figures of Z13 as the filed workbook shows them: key → (Chinese label, kind).
FIGURES: dict[str, tuple[str, str]] = {
    "pilot_collectives": ("试点集体经济组织数", "count"),
    "pilot_townships": ("试点乡镇数", "count"),
    "qualified_households": ("资格认定户数", "count"),
    "approvals": ("宅基地审批宗数", "count"),
    "approval_days_mean": ("平均审批用时（天）", "number"),
    "filings_late": ("逾期备案宗数", "count"),
    "withdrawals": ("自愿有偿退出宗数", "count"),
    "withdrawn_m2": ("退出面积（平方米）", "number"),
    "withdrawal_compensation": ("退出补偿金额（元）", "amount"),
    "reserve_parcels": ("储备宗地数", "count"),
    "reserve_mu": ("储备面积（亩）", "number"),
    "leased_parcels": ("出租宗数", "count"),
    "active_liens": ("在押宗数", "count"),
    "registered_parcels": ("房地一体已登记宗数", "count"),
    "registration_progress_percent": ("房地一体登记进度（%）", "number"),
    "registration_target_percent": ("登记进度目标（%）", "number"),
    "registration_target_met": ("登记进度是否达标", "flag"),
}
#: The breakdowns, each a sheet of (name, count) rows with a 合计.
BREAKDOWNS = (
    ("parcels_by_use", "按用途", "用途"),
    ("parcels_by_inventory_status", "按宗地状态", "状态"),
    ("transfers_by_kind", "按流转方式", "流转方式"),
)


def workbook(stats: dict[str, Any], title: str, period: str, due: str) -> dict[str, Any]:
    """Z13's figures as common.filings' workbook spec."""
    return {
        "title": title,
        "meta": [
            ["报告期", period, "text"],
            ["报送截止日", due, "date"],
            ["统计时点", str(stats["at"]), "text"],
        ],
        "summary": [[label, stats[k], kind] for k, (label, kind) in FIGURES.items()],
        "tables": [
            {
                "name": sheet,
                "columns": [["name", head, "text"], ["count", "宗数", "count"]],
                "rows": [{"name": k, "count": v} for k, v in sorted(stats[key].items())],
                "total": True,
            }
            for key, sheet, head in BREAKDOWNS
        ],
    }

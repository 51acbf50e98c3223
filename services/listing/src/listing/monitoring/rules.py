"""Market monitoring's pure figures — 市场监测 (L25, 004 意见 三(三)): the month's window,
failure rates and the age of off-exchange flags. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from common.clock import SHANGHAI


def month_window(month: date) -> tuple[datetime, datetime]:
    """The month (its first day) as [start, end) in UTC, counted in Asia/Shanghai."""
    first = month.replace(day=1)
    nxt = (
        first.replace(year=first.year + 1, month=1)
        if first.month == 12
        else first.replace(month=first.month + 1)
    )
    return (
        datetime.combine(first, time(), SHANGHAI).astimezone(UTC),
        datetime.combine(nxt, time(), SHANGHAI).astimezone(UTC),
    )


def failure_rate(failed: int, closed: int) -> Decimal | None:
    """Failed (流标) ÷ closed announcements, 4 places; none when nothing closed."""
    if closed == 0:
        return None
    return (Decimal(failed) / Decimal(closed)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def flag_age_days(recorded_on: date, as_of: date) -> int:
    return max((as_of - recorded_on).days, 0)


@dataclass
class Stop:
    """A suspension or termination in the month (L12) with its published reason."""

    listing_id: str
    action: str  # suspended | terminated
    reason_code: str | None
    reason: str | None
    at: datetime


@dataclass
class ReserveCheck:
    """A listing's reserve beside its L16 reference (none outside the graded zones)."""

    listing_id: str
    reserve_fen: int
    reference_fen: int | None
    below_range: bool


@dataclass
class TownshipRow:
    """One township's month (the county's row has township ``None``)."""

    township: str | None
    by_state: dict[str, int] = field(default_factory=dict)
    closed: int = 0
    failed: int = 0
    failure_rate: Decimal | None = None
    stops: list[Stop] = field(default_factory=list)
    reserves: list[ReserveCheck] = field(default_factory=list)
    restriction_hits: int = 0
    forfeited: int = 0
    forfeited_fen: int = 0


@dataclass
class FlagRow:
    """An off-exchange violation (L9) still on record, its age and whether it warns."""

    flag_id: int
    collective_id: str
    asset: str
    value_fen: int
    recorded_on: date
    age_days: int
    warning: bool


@dataclass
class MonitoringReport:
    county: str
    month: date
    as_of: date
    townships: list[TownshipRow]
    county_total: TownshipRow
    flags: list[FlagRow]
    active_bars: int
    active_blacklist: int
    forfeited_count: int
    forfeited_deposits_fen: int


#: The workbook's township columns: (field, heading, kind).
TOWNSHIP_COLUMNS = (
    ("township", "乡镇（街道）", "text"),
    ("listings", "项目数", "count"),
    ("closed", "公告期满", "count"),
    ("failed", "流标", "count"),
    ("failure_rate", "流标率", "rate"),
    ("stops", "中止、终止", "count"),
    ("reserves_below", "底价低于参考价", "count"),
    ("restriction_hits", "限制交易命中", "count"),
    ("forfeited", "没收保证金笔数", "count"),
    ("forfeited_amount", "没收保证金金额", "amount"),
)


def workbook(data: dict[str, Any], title: str, due: str) -> dict[str, Any]:
    """L25's month as common.filings' workbook spec: the county's totals, a row per
    township, and the off-exchange (L9) violations with their age."""

    def line(t: dict[str, Any]) -> dict[str, Any]:
        return {
            "township": t["township"] or "全县",
            "listings": sum(t["by_state"].values()),
            "closed": t["closed"],
            "failed": t["failed"],
            "failure_rate": t["failure_rate"],
            "stops": len(t["stops"]),
            "reserves_below": sum(1 for r in t["reserves"] if r["below_range"]),
            "restriction_hits": t["restriction_hits"],
            "forfeited": t["forfeited_deposits"],
            "forfeited_amount": t["forfeited_amount"],
        }

    total = line(data["county_total"])
    return {
        "title": title,
        "meta": [
            ["报告期", str(data["month"])[:7], "text"],
            ["报送截止日", due, "date"],
            ["统计截至", str(data["as_of"]), "date"],
        ],
        "summary": [
            ["项目数", total["listings"], "count"],
            ["公告期满", total["closed"], "count"],
            ["流标", total["failed"], "count"],
            ["中止、终止", total["stops"], "count"],
            ["有效限制交易（中心）", data["active_bars"], "count"],
            ["有效黑名单（担保）", data["active_blacklist"], "count"],
            ["场外交易记录", len(data["off_exchange_flags"]), "count"],
            ["没收保证金笔数", data["forfeited_deposit_count"], "count"],
            ["没收保证金金额", data["forfeited_deposits"], "amount"],
        ],
        "tables": [
            {
                "name": "按乡镇",
                "columns": [list(c) for c in TOWNSHIP_COLUMNS],
                "rows": [line(t) for t in data["townships"]],
                "total": False,
            },
            {
                "name": "场外交易",
                "columns": [
                    ["collective_id", "集体经济组织", "text"],
                    ["asset", "资产", "text"],
                    ["value", "价值", "amount"],
                    ["recorded_on", "记录日", "date"],
                    ["age_days", "已过天数", "count"],
                    ["warning", "超期预警", "flag"],
                ],
                "rows": data["off_exchange_flags"],
                "total": False,
            },
        ],
    }

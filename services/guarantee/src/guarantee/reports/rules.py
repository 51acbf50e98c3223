"""The pure rules of the reports — 报告 (DOMAIN G9): report periods and ratios. No I/O."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from common.documents import COUNTY_NAMES
from common.problems import invalid_field
from guarantee.guarantees.rules import annual_report_due, quarter_bounds, quarterly_report_due


def ratio(numerator: int, denominator: int) -> Decimal:
    """numerator ÷ denominator to 4 places (0 when nothing to divide by)."""
    if denominator == 0:
        return Decimal("0.0000")
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))


_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


def period_bounds(period: str) -> tuple[date, date, date]:
    """ "2026-Q1" or "2026" → (first day, last day, due date)."""
    m = _PERIOD.match(period)
    if not m:
        raise invalid_field(
            "period", "G9", 'period must be "YYYY" or "YYYY-Qn"', "报告期格式应为YYYY或YYYY-Qn"
        )
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        start, end = quarter_bounds(year, q)
        return start, end, quarterly_report_due(year, q)
    return date(year, 1, 1), date(year, 12, 31), annual_report_due(year)


#: The G9 indicators as a county office reads them, with each one's kind: a count, an
#: amount in 元, a rate, or yes/no (common.filings.typed).
INDICATORS: dict[str, tuple[str, str]] = {
    "townships": ("乡镇（街道）数", "count"),
    "townships_covered": ("已开展业务乡镇数", "count"),
    "township_coverage": ("乡镇覆盖率", "rate"),
    "coverage_target": ("覆盖率目标", "rate"),
    "coverage_met": ("覆盖率是否达标", "flag"),
    "new_entities": ("建档新型农业经营主体数", "count"),
    "beneficiaries": ("受益经营主体数", "count"),
    "beneficiary_rate": ("受益率", "rate"),
    "beneficiary_target": ("受益率目标", "rate"),
    "beneficiary_met": ("受益率是否达标", "flag"),
    "guarantees_issued": ("担保笔数", "count"),
    "guaranteed_amount": ("累计担保金额（元）", "amount"),
    "in_guarantee_balance": ("在保余额（元）", "amount"),
    "compensated_amount": ("代偿金额（元）", "amount"),
    "compensation_rate": ("代偿率", "rate"),
    "overdue_principal": ("逾期本金（元）", "amount"),
    "overdue_rate": ("逾期率", "rate"),
}
#: The columns of the by-township and by-bank sheets.
GROUP_COLUMNS = (
    ("issued", "担保笔数", "count"),
    ("guaranteed_fen", "担保金额（元）", "fen"),
    ("balance_fen", "在保余额（元）", "fen"),
    ("overdue_fen", "逾期本金（元）", "fen"),
    ("compensated_fen", "代偿金额（元）", "fen"),
)
KIND_ZH = {"quarterly": "季报", "annual": "年报"}


def title(rep: dict[str, Any]) -> str:
    county = COUNTY_NAMES.get(rep["county"], rep["county"])
    return f"{county}劝耕贷{rep['period']}{KIND_ZH.get(rep['kind'], '')}"


def workbook(rep: dict[str, Any], parts: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The G9 report as common.filings' workbook spec: 汇总 (every indicator, typed),
    按乡镇 and 按银行 (a row per township or bank, a 合计 row, the overdue rate)."""
    tables = []
    for sheet, key, first in (
        ("按乡镇", "by_township", "乡镇（街道）"),
        ("按银行", "by_bank", "合作银行"),
    ):
        tables.append(
            {
                "name": sheet,
                "columns": [["name", first, "text"], *([k, h, t] for k, h, t in GROUP_COLUMNS)],
                "rows": parts[key],
                "total": True,
                "ratios": [["逾期率", "overdue_fen", "balance_fen"]],
            }
        )
    return {
        "title": title(rep),
        "meta": [
            ["报告期", f"{rep['start']} 至 {rep['end']}", "text"],
            ["报送截止日", str(rep["due"]), "date"],
        ],
        "summary": [
            [INDICATORS.get(k, (k, "text"))[0], v, INDICATORS.get(k, (k, "text"))[1]]
            for k, v in rep["indicators"].items()
        ],
        "tables": tables,
    }

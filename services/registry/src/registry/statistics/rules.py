"""R24 — pure: the pilot's right classes and the filing's workbook (000-地/000-房 六, 七(四)).

The periods and their deadlines are common.filings' (X7): monthly by day 10 of the next
month (CHOICE: the seed says only 「按月报送」), quarterly within 10 days after the quarter
(「于每季度后10日内」), annual by 10 January (「于次年1月10日前」) — ``service.R24_REPORT``.
"""

from __future__ import annotations

from typing import Any, Literal

#: common.filings' period kinds as this report's response names them
KIND_WORD = {"month": "monthly", "quarter": "quarterly", "year": "annual"}

#: The workbook's columns: (field, heading, kind) — one row per lender and right class.
COLUMNS = (
    ("lender_org_id", "贷款机构", "text"),
    ("right_class", "权利类别", "text"),
    ("registered", "新增抵押笔数", "count"),
    ("registered_amount", "新增抵押金额", "amount"),
    ("outstanding", "期末余额笔数", "count"),
    ("outstanding_amount", "期末余额", "amount"),
    ("discharged_repaid", "清偿注销", "count"),
    ("discharged_waived", "放弃注销", "count"),
    ("discharged_enforced", "处置注销", "count"),
    ("disposals", "处置立案", "count"),
    ("disposals_settled", "处置完成", "count"),
    ("disposal_proceeds", "处置价款", "amount"),
    ("disposal_to_lender", "处置受偿", "amount"),
    ("compensation_to_lender", "风险补偿受偿", "amount"),
    ("overdue_visits", "逾期贷后回访", "count"),
)
CLASS_ZH = {"land": "农村承包土地经营权", "housing": "农民住房财产权"}


def right_class(right_type: str | None) -> Literal["land", "housing"]:
    """The pilot's two classes: land management rights (land, grassland, …) and farmer
    housing property rights (housing with its homestead)."""
    return "housing" if right_type in ("farmer_housing", "homestead") else "land"


def workbook(stats: dict[str, Any], title: str) -> dict[str, Any]:
    """R24's figures as common.filings' workbook spec: one sheet, a row per lender and
    right class, a 合计 row."""
    rows = [r | {"right_class": CLASS_ZH[r["right_class"]]} for r in stats["rows"]]
    return {
        "title": title,
        "meta": [
            ["报告期", f"{stats['start']} 至 {stats['end']}", "text"],
            ["报送截止日", str(stats["due"]), "date"],
        ],
        "summary": [["贷款机构与权利类别", len(rows), "count"]],
        "tables": [
            {
                "name": "按贷款机构",
                "columns": [list(c) for c in COLUMNS],
                "rows": rows,
                "total": True,
            }
        ],
    }

"""Report exports — 报告导出 (G9): a report as CSV (UTF-8 with BOM), as a spreadsheet
with Chinese headings and typed cells (numbers are numbers, rates are percentages, by
township and by bank with totals), and as a one-page PDF summary."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from common.documents import COUNTY_NAMES, Renderer
from common.money import from_fen

RENDERER = Renderer(Path(__file__).parent / "templates")

#: The G9 indicators as a county office reads them, with each one's kind: a count, an
#: amount in 元, a rate, or yes/no.
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
AMOUNT_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
KIND_ZH = {"quarterly": "季报", "annual": "年报"}


def _rows(rep: dict[str, Any]) -> list[list[str]]:
    head = [["county", rep["county"]], ["period", rep["period"]], ["due", str(rep["due"])]]
    return head + [[k, str(v)] for k, v in rep["indicators"].items()]


def to_csv(rep: dict[str, Any]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(_rows(rep))
    return buf.getvalue().encode("utf-8-sig")


def _typed(value: Any, kind: str) -> Any:
    if kind == "flag":
        return "是" if value else "否"
    if kind == "count":
        return int(value)
    if kind == "fen":
        return from_fen(int(value))
    return Decimal(str(value))  # an amount (元) or a rate: a number, not text


def county_name(county: str) -> str:
    return COUNTY_NAMES.get(county, county)


def to_xlsx(rep: dict[str, Any], parts: dict[str, list[dict[str, Any]]]) -> bytes:
    """The report as a workbook: 汇总 (every indicator, typed), 按乡镇 and 按银行 (one row
    per township or bank, and a 合计 row that equals the county's indicators)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    title = f"{county_name(rep['county'])}劝耕贷{rep['period']}{KIND_ZH.get(rep['kind'], '')}"
    ws.append([title])
    ws["A1"].font = bold
    ws.append(["报告期", f"{rep['start']} 至 {rep['end']}"])
    ws.append(["报送截止日", rep["due"]])
    ws.cell(row=3, column=2).number_format = "yyyy-mm-dd"
    ws.append(["指标", "数值"])
    for cell in ws[4]:
        cell.font = bold
    for key, value in rep["indicators"].items():
        label, kind = INDICATORS.get(key, (key, "text"))
        ws.append([label, value if kind == "text" else _typed(value, kind)])
        cell = ws.cell(row=ws.max_row, column=2)
        if kind == "amount":
            cell.number_format = AMOUNT_FORMAT
        elif kind == "rate":
            cell.number_format = RATE_FORMAT
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 22
    for sheet, key, first in (
        ("按乡镇", "by_township", "乡镇（街道）"),
        ("按银行", "by_bank", "合作银行"),
    ):
        gs = wb.create_sheet(sheet)
        gs.append([first, *(c[1] for c in GROUP_COLUMNS), "逾期率"])
        for cell in gs[1]:
            cell.font = bold
        rows = parts[key]
        totals = {c[0]: 0 for c in GROUP_COLUMNS}
        for row in [*rows, None]:
            data = row if row is not None else {"name": "合计", **totals}
            values = [_typed(data[c[0]], c[2]) for c in GROUP_COLUMNS]
            rate = (
                Decimal(data["overdue_fen"]) / Decimal(data["balance_fen"])
                if data["balance_fen"]
                else Decimal(0)
            )
            gs.append([data["name"], *values, rate.quantize(Decimal("0.0001"))])
            for col, c in enumerate(GROUP_COLUMNS, start=2):
                if c[2] == "fen":
                    gs.cell(row=gs.max_row, column=col).number_format = AMOUNT_FORMAT
            gs.cell(row=gs.max_row, column=len(GROUP_COLUMNS) + 2).number_format = RATE_FORMAT
            if row is not None:
                for c in GROUP_COLUMNS:
                    totals[c[0]] += row[c[0]]
            else:
                for cell in gs[gs.max_row]:
                    cell.font = bold
        gs.column_dimensions["A"].width = 20
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


async def to_pdf(rep: dict[str, Any], parts: dict[str, list[dict[str, Any]]]) -> bytes:
    """The report's one-page summary (A4, Chinese, fonts embedded): the indicators and
    the by-township and by-bank tables, laid out by common.documents' renderer."""
    indicators = []
    for key, value in rep["indicators"].items():
        label, kind = INDICATORS.get(key, (key, "text"))
        if kind == "rate":
            shown = f"{Decimal(str(value)) * 100:.2f}%"
        elif kind == "flag":
            shown = "是" if value else "否"
        elif kind == "amount":
            shown = f"{Decimal(str(value)):,.2f}"
        else:
            shown = str(value)
        indicators.append((label, shown))
    return await RENDERER.pdf(
        "g9_summary.html",
        title=f"{county_name(rep['county'])}劝耕贷{rep['period']}{KIND_ZH.get(rep['kind'], '')}",
        rep=rep,
        indicators=indicators,
        parts=parts,
    )

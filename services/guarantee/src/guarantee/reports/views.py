"""Report exports — 报告导出 (G9): a report as CSV (UTF-8 with BOM), as a spreadsheet
with Chinese headings and typed cells (numbers are numbers, rates are percentages, by
township and by bank with totals), and as a one-page PDF summary."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from common.documents import Renderer
from common.filings import shown, workbook_xlsx
from guarantee.reports.rules import INDICATORS, title, workbook

RENDERER = Renderer(Path(__file__).parent / "templates")
#: the media type of each format a report is exported in
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _rows(rep: dict[str, Any]) -> list[list[str]]:
    head = [["county", rep["county"]], ["period", rep["period"]], ["due", str(rep["due"])]]
    return head + [[k, str(v)] for k, v in rep["indicators"].items()]


def to_csv(rep: dict[str, Any]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(_rows(rep))
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(rep: dict[str, Any], parts: dict[str, list[dict[str, Any]]]) -> bytes:
    """The report as a workbook (common.filings: the same layout as a filed version):
    汇总 (every indicator, typed), 按乡镇 and 按银行 (one row per township or bank, and a
    合计 row that equals the county's indicators)."""
    return workbook_xlsx(workbook(rep, parts))


async def to_pdf(rep: dict[str, Any], parts: dict[str, list[dict[str, Any]]]) -> bytes:
    """The report's one-page summary (A4, Chinese, fonts embedded): the indicators and
    the by-township and by-bank tables, laid out by common.documents' renderer."""
    indicators = []
    for key, value in rep["indicators"].items():
        label, kind = INDICATORS.get(key, (key, "text"))
        indicators.append((label, shown(value, kind)))
    return await RENDERER.pdf(
        "g9_summary.html",
        title=title(rep),
        rep=rep,
        indicators=indicators,
        parts=parts,
    )


async def laid_out(rep: dict[str, Any], parts: dict[str, list[dict[str, Any]]], fmt: str) -> bytes:
    """The report with its breakdown as a file: the PDF summary or the spreadsheet (the
    API serves it at once, the G9 job lays it out after its step commits)."""
    if fmt == "pdf":
        return await to_pdf(rep, parts)
    return to_xlsx(rep, parts)

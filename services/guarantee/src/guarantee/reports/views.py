"""Report exports — 报告导出 (G9): a report as CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

import csv
import io
from typing import Any


def _rows(rep: dict[str, Any]) -> list[list[str]]:
    head = [["county", rep["county"]], ["period", rep["period"]], ["due", str(rep["due"])]]
    return head + [[k, str(v)] for k, v in rep["indicators"].items()]


def to_csv(rep: dict[str, Any]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(_rows(rep))
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(rep: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "劝耕贷报告"
    for row in _rows(rep):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""X7 in libs/common: reporting periods, due rules and due moments, and the workbook a
filing downloads as (typed cells, Chinese headings, a 合计 row that adds up)."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from common.filing_routes import period_pattern
from common.filings import (
    ReportDefinition,
    day_of_next_month,
    days_after,
    due_moment,
    january,
    parse_period,
    period_of,
    workbook_xlsx,
)
from common.problems import Problem


def test_X7_periods_and_their_due_rules() -> None:
    month, quarter, year = parse_period("2026-12"), parse_period("2026-Q1"), parse_period("2026")
    assert (month.kind, month.start, month.end) == ("month", date(2026, 12, 1), date(2026, 12, 31))
    assert (quarter.end, year.end) == (date(2026, 3, 31), date(2026, 12, 31))
    assert day_of_next_month(10)(month) == date(2027, 1, 10)  # monthly: by day 10
    assert days_after(10)(quarter) == date(2026, 4, 10)  # quarterly: within 10 days
    assert january(10)(year) == date(2027, 1, 10)  # annual: by 10 January
    assert quarter.next().name == "2026-Q2" and month.next().name == "2027-01"
    assert period_of("month", date(2026, 2, 28)).name == "2026-02"
    # "by 10 April" is on time until 10 April ends in Asia/Shanghai
    assert due_moment(date(2026, 4, 10)) == datetime(2026, 4, 10, 16, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["2026-13", "2026-Q5", "26", "0000", "2026-1", "2101"])
def test_X7_a_bad_period_is_refused_naming_the_field(bad: str) -> None:
    with pytest.raises(Problem) as e:
        parse_period(bad)
    assert e.value.status == 422 and e.value.fields[0].field == "period"


def test_X7_a_report_refuses_a_period_kind_it_is_not_filed_for() -> None:
    async def compute(*_a: object) -> tuple[dict[str, object], dict[str, object]]:
        return {}, {}

    d = ReportDefinition("x", "测试", "G9", {"quarter": days_after(10)}, (), compute)
    with pytest.raises(Problem) as e:
        d.period("2026-03")
    assert e.value.fields[0].rule == "G9"


def test_X7_a_workbook_title_names_the_county_the_report_and_the_period() -> None:
    async def compute(*_a: object) -> tuple[dict[str, object], dict[str, object]]:
        return {}, {}

    d = ReportDefinition("x", "测试统计", "X7", {"quarter": days_after(10)}, (), compute)
    assert d.workbook_title("620821", parse_period("2026-Q1")) == "青阳县测试统计2026-Q1季报"
    # a county without a name in the table is named by its code
    assert d.workbook_title("371324", parse_period("2026-03")) == "371324测试统计2026-03月报"


def test_X7_the_period_path_pattern_holds_only_the_reports_kinds() -> None:
    async def compute(*_a: object) -> tuple[dict[str, object], dict[str, object]]:
        return {}, {}

    def matches(due: dict) -> list[str]:
        pattern = period_pattern(ReportDefinition("x", "测试", "X7", due, (), compute))
        tried = ["2026", "2026-Q1", "2026-03", "2026-13", "2026-Q5", "1999", "2026-"]
        return [p for p in tried if re.fullmatch(pattern, p)]

    assert matches({"quarter": days_after(10), "year": january(10)}) == ["2026", "2026-Q1"]
    assert matches({"month": day_of_next_month(10)}) == ["2026-03"]
    every = {"month": day_of_next_month(10), "quarter": days_after(10), "year": january(10)}
    assert matches(every) == ["2026", "2026-Q1", "2026-03"]


def test_X7_the_workbook_is_typed_with_chinese_headings_and_totals() -> None:
    book = {
        "title": "测试县统计月报",
        "meta": [["报送截止日", "2026-04-10", "date"]],
        "summary": [
            ["户数", 3, "count"],
            ["金额（元）", "1234.50", "amount"],
            ["比率", "0.25", "rate"],
        ],
        "tables": [
            {
                "name": "按乡镇",
                "columns": [
                    ["name", "乡镇", "text"],
                    ["n", "笔数", "count"],
                    ["f", "金额（元）", "fen"],
                ],
                "rows": [{"name": "甲", "n": 2, "f": 150}, {"name": "乙", "n": 1, "f": 99}],
                "total": True,
                "ratios": [["占比", "n", "f"]],
            }
        ],
    }
    wb = load_workbook(io.BytesIO(workbook_xlsx(book)))
    ws = wb["汇总"]
    assert ws["A1"].value == "测试县统计月报" and ws["B2"].value.date() == date(2026, 4, 10)
    assert [c.value for c in ws[3]] == ["指标", "数值"]
    assert ws["B4"].value == 3 and ws["B4"].data_type == "n"
    assert ws["B5"].value == 1234.5 and ws["B5"].number_format == "#,##0.00"
    assert ws["B6"].value == 0.25 and ws["B6"].number_format == "0.00%"
    rows = list(wb["按乡镇"].iter_rows(values_only=True))
    assert rows[0] == ("乡镇", "笔数", "金额（元）", "占比")
    assert rows[-1][:3] == ("合计", 3, 2.49)

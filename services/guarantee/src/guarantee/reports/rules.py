"""The pure rules of the reports — 报告 (DOMAIN G9): report periods and ratios. No I/O."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from common.problems import FieldProblem, invalid
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
        raise invalid(
            [
                FieldProblem(
                    "period",
                    "G9",
                    'period must be "YYYY" or "YYYY-Qn"',
                    "报告期格式应为YYYY或YYYY-Qn",
                )
            ],
            rule="G9",
        )
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        start, end = quarter_bounds(year, q)
        return start, end, quarterly_report_due(year, q)
    return date(year, 1, 1), date(year, 12, 31), annual_report_due(year)

"""R24 periods and filing deadlines — pure (000-地/000-房 六, 七(四)).

The deadlines are data (``DEADLINES``) beside the query, for the scheduled filings of X7
to read: monthly by day 10 of the next month (CHOICE: the seed says only 「按月报送」),
quarterly within 10 days after the quarter (「于每季度后10日内」), annual by 10 January
(「于次年1月10日前」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["monthly", "quarterly", "annual"]

#: Days after the period's last day by which the filing is due (day 10 of the month
#: after the period, for all three kinds).
DEADLINES: dict[str, int] = {"monthly": 10, "quarterly": 10, "annual": 10}

#: Years 1900–2999 (a date exists for every bound and due day).
PERIOD = r"^(19[0-9]{2}|2[0-9]{3})(-(0[1-9]|1[0-2])|-Q[1-4])?$"


@dataclass(frozen=True)
class Period:
    """A reporting period: ``start`` inclusive, ``end`` exclusive (local dates)."""

    label: str
    kind: PeriodKind
    start: date
    end: date

    @property
    def due(self) -> date:
        return self.end - timedelta(days=1) + timedelta(days=DEADLINES[self.kind])


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def period(label: str) -> Period:
    """``2026-11`` (monthly), ``2026-Q3`` (quarterly) or ``2026`` (annual)."""
    if not re.match(PERIOD, label):
        raise ValueError(f"not a period: {label!r}")
    year = int(label[:4])
    if len(label) == 4:
        return Period(label, "annual", date(year, 1, 1), date(year + 1, 1, 1))
    if label[5] == "Q":
        first = (int(label[6]) - 1) * 3 + 1
        return Period(label, "quarterly", _month_start(year, first), _month_start(year, first + 3))
    month = int(label[5:7])
    return Period(label, "monthly", _month_start(year, month), _month_start(year, month + 1))


def right_class(right_type: str | None) -> Literal["land", "housing"]:
    """The pilot's two classes: land management rights (land, grassland, …) and farmer
    housing property rights (housing with its homestead)."""
    return "housing" if right_type in ("farmer_housing", "homestead") else "land"

"""Working-day deadlines — 工作日.

A working day is Monday to Friday in Asia/Shanghai; the state's holiday calendar is not
modelled (a county that needs it raises the day counts). A deadline of N working days
after a moment ends at midnight (Asia/Shanghai) closing the N-th working day after it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from common.clock import SHANGHAI, local_date


def add_working_days(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def working_days_deadline(moment: datetime, n: int) -> datetime:
    last = add_working_days(local_date(moment), n)
    return datetime.combine(last + timedelta(days=1), time(0), SHANGHAI).astimezone(UTC)

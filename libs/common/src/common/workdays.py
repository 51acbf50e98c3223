"""The working-day calendar — 工作日历 (DOMAIN B5, B6, E9): Monday to Friday in
Asia/Shanghai, less the public holidays, plus the make-up working weekends (调休上班).

A pure type shared by the services whose deadlines run in working days (bidding's refunds
and signing, the collective's 入市 result publicity); each holds it as its county
parameter ``work_calendar``. The default is the State Council's 2026 arrangement; the
fixed-date public holidays of the 放假办法 are holidays in every year.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from common.clock import SHANGHAI, local_date

#: (month, day) of the public holidays fixed by date in the 放假办法 (2024 revision).
STATUTORY_FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})


class WorkCalendar(BaseModel):
    """The working-day calendar — 工作日历."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    holidays: tuple[date, ...] = Field(
        default=(),
        description="Days the centre is closed although Monday to Friday (放假): the State "
        "Council's arrangement and local holidays; weekend days may be listed too.",
    )
    working_weekends: tuple[date, ...] = Field(
        default=(),
        description="Saturdays and Sundays that are working days (调休上班).",
    )

    @field_validator("holidays", "working_weekends")
    @classmethod
    def _sorted(cls, days: tuple[date, ...]) -> tuple[date, ...]:
        # one canonical form: a repeated PUT of the same calendar is recognised as such
        return tuple(sorted(set(days)))

    @model_validator(mode="after")
    def _consistent(self) -> WorkCalendar:
        weekdays = [d for d in self.working_weekends if d.weekday() < 5]
        if weekdays:
            raise ValueError(
                f"{weekdays[0]} is a {weekdays[0]:%A}: only a Saturday or a Sunday can be a "
                "make-up working day (调休上班日只能是周六或周日)"
            )
        both = sorted(set(self.holidays) & set(self.working_weekends))
        if both:
            raise ValueError(f"{both[0]} is listed both as a holiday and as a working day")
        fixed = [d for d in self.working_weekends if (d.month, d.day) in STATUTORY_FIXED_HOLIDAYS]
        if fixed:
            raise ValueError(f"{fixed[0]} is a public holiday fixed by law (法定节假日)")
        return self

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekends:
            return True
        if (day.month, day.day) in STATUTORY_FIXED_HOLIDAYS or day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day``."""
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def deadline(self, moment: datetime, n: int) -> datetime:
        """Midnight (Asia/Shanghai) closing the ``n``-th working day after ``moment``."""
        last = self.add_working_days(local_date(moment), n)
        return datetime.combine(last + timedelta(days=1), time(0), SHANGHAI).astimezone(UTC)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


#: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
STATE_COUNCIL_2026 = WorkCalendar(
    holidays=tuple(
        _days(date(2026, 1, 1), date(2026, 1, 3))  # 元旦
        + _days(date(2026, 2, 15), date(2026, 2, 23))  # 春节
        + _days(date(2026, 4, 4), date(2026, 4, 6))  # 清明节
        + _days(date(2026, 5, 1), date(2026, 5, 5))  # 劳动节
        + _days(date(2026, 6, 19), date(2026, 6, 21))  # 端午节
        + _days(date(2026, 9, 25), date(2026, 9, 27))  # 中秋节
        + _days(date(2026, 10, 1), date(2026, 10, 7))  # 国庆节
    ),
    working_weekends=(
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ),
)

"""Injectable clock — 服务器时钟.

Every deadline is computed from the server's clock, never the client's. Code asks a
``Clock`` for the time; tests hold a ``ManualClock`` and move it forward instead of
sleeping. All times are timezone-aware UTC; Asia/Shanghai is for display and for
calendar-day rules (``local_date``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to (tests, demos)."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("aware datetime required")
        self._now = when.astimezone(UTC)


def local_date(moment: datetime) -> date:
    """The calendar date in Asia/Shanghai, where the rules' days are counted."""
    return moment.astimezone(SHANGHAI).date()


def as_utc(moment: datetime) -> datetime:
    """Normalise a datetime read back from the database (SQLite drops the zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

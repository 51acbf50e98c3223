"""Injectable clock — 服务器时钟.

Every deadline is computed from the server's clock, never the client's. Code asks a
``Clock`` for the time; tests hold a ``ManualClock`` and move it forward instead of
sleeping. All times are timezone-aware UTC; Asia/Shanghai is for display and for
calendar-day rules (``local_date``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
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
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        self._moved()
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("aware datetime required")
        self._now = when.astimezone(UTC)
        self._moved()

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` whenever the time is moved (a scheduler waiting for its next
        timer wakes at once instead of polling); returns the function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _moved(self) -> None:
        for listener in list(self._listeners):
            listener()


class OffsetFileClock:
    """The system clock shifted by a number of seconds read from a file (development only).

    Lets a test (or a demo) move time for several processes at once — every API and
    worker of an end-to-end run points ``REX_CLOCK_OFFSET_FILE`` at the same file —
    without sleeping. The file holds one number (seconds, may be fractional); it is
    re-read when its modification time changes. A missing or empty file means no shift.
    Time only moves forward: a smaller offset than one already seen is ignored, so a
    deadline once passed stays passed. The settings guard refuses it outside development.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: int | None = None
        self._offset = 0.0

    def _read(self) -> float:
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return self._offset
        if stamp != self._stamp:
            self._stamp = stamp
            text = self.path.read_text().strip()
            if text:
                self._offset = max(self._offset, float(text))
        return self._offset

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._read())

    @staticmethod
    def advance_file(path: Path, delta: timedelta) -> float:
        """Move every process reading ``path`` forward by ``delta``; returns the new offset."""
        current = float(path.read_text().strip() or 0) if path.exists() else 0.0
        new = current + delta.total_seconds()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(repr(new))
        tmp.replace(path)
        return new


def local_date(moment: datetime) -> date:
    """The calendar date in Asia/Shanghai, where the rules' days are counted."""
    return moment.astimezone(SHANGHAI).date()


def as_utc(moment: datetime) -> datetime:
    """Normalise a datetime read back from the database (SQLite drops the zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

"""Rate limits — 访问频率限制: per-client budgets on rejected tokens and on writes
(DOMAIN X3), answered with 429 and ``Retry-After``.

The limiter is the generic cell rate algorithm (GCRA, a token bucket kept as one
timestamp per client): ``limit`` requests per ``period``, all of them at once when the
client was idle. It reads the service's clock, so a test moves time with a
``ManualClock`` — the reason it is not a library's limiter (``limits``, ``slowapi``), whose
clocks are the system's. State is per process (each API worker process counts on its
own); the reverse proxy may limit in front of it as well (README "Security").

- **Authentication failures**, per client IP (``Settings.rate_limit_auth_failures`` a
  minute): a presented token that is rejected counts; once the budget is spent, a token
  not already verified is answered 429 without being checked. A valid, already verified
  token still passes — one office behind one address is not locked out by a neighbour.
- **Writes**, per token subject (``Settings.rate_limit_writes`` a minute): POST, PUT,
  PATCH and DELETE of an authenticated caller. A bid the hot route accepts never
  reaches this count (``common.hot``), nor does the ordinary route of a hot route.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

from common.clock import Clock
from common.problems import Problem
from common.settings import Settings

MAX_CLIENTS = 100_000  # the least recently seen are forgotten beyond this
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class RateLimiter:
    """``limit`` events per ``period_s`` per key; ``limit`` 0 means no limit."""

    def __init__(self, limit: int, period_s: float, clock: Clock) -> None:
        self.limit, self.period, self.clock = limit, period_s, clock
        self._interval = period_s / limit if limit else 0.0
        self._due: OrderedDict[str, float] = OrderedDict()  # key → theoretical arrival
        self._lock = threading.Lock()

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def retry_after(self, key: str) -> float | None:
        """Seconds until ``key`` may act again, or None when it may act now."""
        if not self.limit:
            return None
        now = self._now()
        with self._lock:
            due = self._due.get(key, now)
        wait = due + self._interval - self.period - now
        return wait if wait > 0 else None

    def hit(self, key: str) -> float | None:
        """Count one event of ``key``: None when within the budget, else the seconds to
        wait (and the event is not counted)."""
        if not self.limit:
            return None
        now = self._now()
        with self._lock:
            due = max(self._due.get(key, now), now) + self._interval
            if due - now > self.period:
                return due - self.period - now
            self._due[key] = due
            self._due.move_to_end(key)
            if len(self._due) > MAX_CLIENTS:
                self._due.popitem(last=False)
        return None


class RateLimits:
    """A service's limiters (one per process, on ``app.state.rate_limits``)."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.auth_failures = RateLimiter(settings.rate_limit_auth_failures, 60.0, clock)
        self.writes = RateLimiter(settings.rate_limit_writes, 60.0, clock)


def too_many(wait_s: float, what_en: str, what_zh: str) -> Problem:
    seconds = max(1, math.ceil(wait_s))
    return Problem(
        429,
        "too-many-requests",
        "Too many requests",
        "请求过于频繁",
        rule="X3",
        detail_en=f"{what_en}; try again in {seconds} s",
        detail_zh=f"{what_zh}，请{seconds}秒后再试",
        headers={"Retry-After": str(seconds)},
        extra={"retry_after_s": seconds},
    )

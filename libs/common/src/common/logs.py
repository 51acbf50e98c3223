"""Structured JSON logs — one JSON object per line, with the request id when there is one."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def new_request_id() -> str:
    """A fresh request id: 32 random hex digits, as ``uuid4().hex`` but without the UUID."""
    return os.urandom(16).hex()


_STD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "service": self.service,
            "msg": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            out["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(service: str, level: str = "INFO", as_json: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(service)
        if as_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    # A broker outage makes aiokafka log the same error many times a second; summarised.
    handler.addFilter(RepeatSummary())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiokafka", "kafka", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


#: Loggers whose repeated records are summarised: the Kafka client's transport errors.
TRANSPORT_LOGGERS = ("aiokafka", "kafka")


class RepeatSummary(logging.Filter):
    """Rate-limits repeated transport log records — 重复日志汇总.

    After a broker is killed, aiokafka logs the same connection error hundreds of times
    (592 ERROR lines in 20 s once), burying the one useful warning of the relay or the
    consumer. Records of ``loggers`` are grouped by logger, level and message template
    (``record.msg``, before its arguments, which carry changing addresses and counts):
    the first ``burst`` of a group per ``window_s`` pass, the rest are dropped and counted,
    and the first record of the group after the window passes with
    ``(N similar suppressed in the last W s)`` appended and a ``suppressed`` field. Other
    loggers always pass. ``now`` is injectable so tests move time without sleeping.
    """

    def __init__(
        self,
        loggers: tuple[str, ...] = TRANSPORT_LOGGERS,
        *,
        window_s: float = 60.0,
        burst: int = 1,
        max_groups: int = 1000,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.loggers = loggers
        self.window_s = window_s
        self.burst = burst
        self.max_groups = max_groups
        self.now = now
        # group → [window start, passed in the window, suppressed in the window]
        self._groups: dict[tuple[str, int, str], list[float]] = {}

    def _ours(self, name: str) -> bool:
        return any(name == n or name.startswith(n + ".") for n in self.loggers)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._ours(record.name):
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = self.now()
        group = self._groups.get(key)
        if group is None or now - group[0] >= self.window_s:
            suppressed = 0 if group is None else int(group[2])
            if len(self._groups) >= self.max_groups and group is None:
                self._groups.clear()  # bounded memory; at worst a few repeats pass again
            self._groups[key] = [now, 1, 0]
            if suppressed:
                window = self.window_s if group is None else now - group[0]
                record.msg = (
                    f"{record.msg} ({suppressed} similar suppressed in the last {window:.0f} s)"
                )
                record.suppressed = suppressed
            return True
        if group[1] < self.burst:
            group[1] += 1
            return True
        group[2] += 1
        return False

"""Kafka loss floods the logs (issue 15): repeated transport errors are summarised."""

from __future__ import annotations

import logging

from common.logs import RepeatSummary


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.levelname} {record.getMessage()}")


def _record(name: str, msg: str, *args: object, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_a_broker_outage_logs_each_transport_error_once_per_window_with_a_count() -> None:
    t = [0.0]
    out = _Collect()
    out.addFilter(RepeatSummary(window_s=60.0, now=lambda: t[0]))
    # 592 identical aiokafka errors in 20 s, their arguments changing, as after a broker kill
    for i in range(592):
        t[0] = i * 20 / 592
        out.handle(_record("aiokafka.conn", "Unable connect to node %s: %r", 1, f"errno {i}"))
        if i == 300:  # the one useful warning in the middle of the flood
            out.handle(_record("common.relay", "relay listing: broker down", level=30))
    # another transport message is its own group; a DEBUG one of the same text too
    out.handle(_record("aiokafka", "Heartbeat failed for group %s", "g"))
    assert out.lines == [
        "aiokafka.conn ERROR Unable connect to node 1: 'errno 0'",
        "common.relay WARNING relay listing: broker down",
        "aiokafka ERROR Heartbeat failed for group g",
    ]
    t[0] = 61.0  # the window is over: the next one passes, saying how many were dropped
    out.handle(_record("aiokafka.conn", "Unable connect to node %s: %r", 1, "errno x"))
    assert out.lines[-1] == (
        "aiokafka.conn ERROR Unable connect to node 1: 'errno x' "
        "(591 similar suppressed in the last 61 s)"
    )
    t[0] = 62.0
    out.handle(_record("aiokafka.conn", "Unable connect to node %s: %r", 1, "errno y"))
    assert len(out.lines) == 4  # a new window has started


def test_other_loggers_are_never_rate_limited() -> None:
    out = _Collect()
    out.addFilter(RepeatSummary(now=lambda: 0.0))
    for _ in range(50):
        out.handle(_record("common.inbox", "listing: handling failed"))
    assert len(out.lines) == 50


def test_every_process_logs_through_the_summary() -> None:
    from common.logs import configure_logging

    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    try:
        configure_logging("test")
        assert any(isinstance(f, RepeatSummary) for f in root.handlers[0].filters)
    finally:
        root.handlers[:] = saved
        root.setLevel(level)

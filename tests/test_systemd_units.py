"""A dead worker is restarted on machines without Docker (issue 15): deploy/systemd's
units restart a worker that exits and one whose /healthz fails."""

from __future__ import annotations

import configparser
from pathlib import Path

UNITS = Path(__file__).resolve().parents[1] / "deploy" / "systemd"


def _unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((UNITS / name).read_text())
    return parser


def test_the_worker_unit_restarts_the_worker_whenever_it_exits() -> None:
    worker = _unit("rex-worker@.service")
    assert worker["Service"]["ExecStart"].endswith("/rex worker %i")
    assert worker["Service"]["Restart"] == "always"
    assert "worker-%i.env" in (UNITS / "rex-worker@.service").read_text()  # its health port


def test_a_timer_restarts_a_worker_whose_health_endpoint_fails() -> None:
    check = _unit("rex-worker-health@.service")
    assert "/healthz" in check["Service"]["ExecStart"]
    assert "REX_WORKER_METRICS_PORT" in check["Service"]["ExecStart"]
    assert "systemctl restart rex-worker@%i.service" in check["Service"]["ExecStopPost"]
    timer = _unit("rex-worker-health@.timer")
    assert timer["Timer"]["OnUnitActiveSec"] == "30"

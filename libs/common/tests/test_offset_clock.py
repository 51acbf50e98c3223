"""The shared offset clock moves time for several processes at once (development only)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from common.clock import OffsetFileClock, SystemClock
from common.runtime import ServiceRuntime
from testkit.testing import make_settings


def test_every_reader_of_the_file_moves_forward_together(tmp_path: Path) -> None:
    path = tmp_path / "clock-offset"
    api, worker = OffsetFileClock(path), OffsetFileClock(path)
    before = SystemClock().now()
    assert abs((api.now() - before).total_seconds()) < 5  # no file: no shift
    OffsetFileClock.advance_file(path, timedelta(days=20))
    for clock in (api, worker):
        shift = clock.now() - SystemClock().now()
        assert timedelta(days=20) - timedelta(seconds=5) < shift <= timedelta(days=20)
    assert OffsetFileClock.advance_file(path, timedelta(minutes=5)) == 20 * 86400 + 300


def test_time_never_goes_back_for_a_reader(tmp_path: Path) -> None:
    path = tmp_path / "clock-offset"
    clock = OffsetFileClock(path)
    OffsetFileClock.advance_file(path, timedelta(hours=1))
    seen = clock.now()
    path.write_text("0")
    assert clock.now() >= seen


def test_a_runtime_uses_the_offset_file_when_configured(tmp_path: Path, services: dict) -> None:
    settings = make_settings(data_dir=tmp_path, clock_offset_file=tmp_path / "offset")
    rt = ServiceRuntime(services["listing"], settings)
    assert isinstance(rt.clock, OffsetFileClock)
    assert isinstance(
        ServiceRuntime(services["listing"], make_settings(data_dir=tmp_path)).clock, SystemClock
    )

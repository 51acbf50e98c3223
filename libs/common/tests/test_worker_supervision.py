"""A worker whose relay, consumer or scheduler dies exits, so its supervisor restarts it."""

from __future__ import annotations

import pytest

from common.migrations import upgrade
from common.runtime import ServiceRuntime
from common.scheduler import Scheduler
from common.worker import run_worker
from testkit.testing import make_settings


async def test_a_worker_exits_nonzero_when_a_part_dies(tmp_path, services, monkeypatch) -> None:
    async def broken(self, stop) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("scheduler lost")

    monkeypatch.setattr(Scheduler, "run", broken)
    settings = make_settings(data_dir=tmp_path)
    await upgrade(services["listing"], settings)
    with pytest.raises(SystemExit) as exited:
        await run_worker(ServiceRuntime(services["listing"], settings))
    assert exited.value.code == 1

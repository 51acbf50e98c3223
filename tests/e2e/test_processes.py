"""The platform runs as production does: every service its own api and worker process."""

from __future__ import annotations

import signal
from datetime import date

import httpx
import pytest

from common.ids import generate_resident_id
from testkit.platform_client import PlatformClient
from testkit.processes import PlatformProcesses
from testkit.testing import auth

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


async def test_every_service_runs_as_its_own_api_and_worker(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        for name in platform.services:
            ready = await client.get(f"{platform.url(name)}/readyz")
            assert ready.status_code == 200, (name, ready.text)
            me = await client.get(
                f"{platform.url(name)}/whoami",
                headers=auth("exchange_staff", org_type="county", org_id="620821"),
            )
            assert me.json()["roles"] == ["exchange_staff"]
    # a worker killed with SIGKILL is replaced and the platform is ready again
    platform.kill("listing", "worker", signal.SIGKILL)
    platform.start("listing", "worker")
    await platform.wait_ready()
    assert not platform.dead()
    # ... and the new worker consumes again once its group has rebalanced (the killed
    # member is dropped after the session timeout): an event crosses (G11 → L13). The
    # platform is shared, so the next test finds it consuming, not mid-rebalance.
    party = generate_resident_id("620821", birth=date(1978, 4, 12), seq=901)
    await flow.blacklist(party, "王五", "AHNDB-QY")
    await flow.guarantee_restrictions(
        party, timeout_s=90, what="the restarted listing worker applying an event"
    )

"""End-to-end fixtures: the four services as separate api + worker processes on the
real PostgreSQL and Kafka (DOMAIN X1), with one shared clock moved by the test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from testkit.platform_client import PlatformClient
from testkit.processes import PlatformProcesses, running_platform
from testkit.testing import REPO, cloned_database


@pytest.fixture(scope="session")
async def platform(
    pg_template: str, kafka: str, services: dict, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[PlatformProcesses]:
    """All services running as in production, started once for the session (eight
    processes; a start cost each test 10-30 s) on a database of their own; stopped at
    the end.

    The tests that share it do not depend on a fresh platform: each uses its own
    parties, certificates and listings and asserts only on those, and the shared clock
    only moves forward (each test moves it by the periods it needs).
    """
    async with (
        cloned_database(pg_template) as database_url,
        running_platform(
            tmp_path_factory.mktemp("e2e") / "platform",
            database_url=database_url,
            kafka_bootstrap=kafka,
            services=list(services),
            repo=REPO,
        ) as procs,
    ):
        yield procs


@pytest.fixture(autouse=True)
async def _every_process_up(request: pytest.FixtureRequest) -> None:
    """A test that failed half-way may have left a process of the shared platform
    killed: start it again before the next test."""
    if "platform" not in request.fixturenames:
        return
    await request.getfixturevalue("platform").restart_stopped()


@pytest.fixture
async def flow(platform: PlatformProcesses) -> AsyncIterator[PlatformClient]:
    """The platform's flow client (``testkit.platform_client``), one base URL a service."""
    async with PlatformClient({s: platform.url(s) for s in platform.services}) as p:
        yield p

"""End-to-end fixtures: the four services as separate api + worker processes on the
real PostgreSQL and Kafka (DOMAIN X1), with one shared clock moved by the test."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from common.topics import load_topics
from testkit.processes import PlatformProcesses
from testkit.testing import REPO, cloned_database, start_group_at_end


@pytest.fixture(scope="session")
async def platform(
    pg_template: str, kafka: str, services: dict, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[PlatformProcesses]:
    """All services running as in production, started once for the session (eight
    processes; a start cost each test 10-30 s) on a database of their own; stopped at
    the end.

    The tests that share it do not depend on a fresh platform: each uses its own
    parties, certificates and listings and asserts only on those, and the shared clock
    only moves forward (each test moves it by the periods it needs). The consumer-group
    prefix is the platform's own, started at the end of every topic, so it sees only
    events written while it runs — not those earlier runs left on the broker.
    """
    prefix = f"e2e-{uuid.uuid4().hex[:8]}-"
    topics = [t.name for t in load_topics(REPO / "deploy" / "topics.toml")]
    for name in services:
        await start_group_at_end(kafka, f"{prefix}{name}", topics)
    async with cloned_database(pg_template) as database_url:
        procs = PlatformProcesses(
            workdir=tmp_path_factory.mktemp("e2e") / "platform",
            database_url=database_url,
            kafka_bootstrap=kafka,
            services=list(services),
            group_prefix=prefix,
            repo=REPO,
        )
        procs.start_all()
        try:
            await procs.wait_ready()
            yield procs
        finally:
            procs.stop_all()


@pytest.fixture(autouse=True)
async def _every_process_up(request: pytest.FixtureRequest) -> None:
    """A test that failed half-way may have left a process of the shared platform
    killed: start it again before the next test."""
    if "platform" not in request.fixturenames:
        return
    platform: PlatformProcesses = request.getfixturevalue("platform")
    restarted = False
    for name in platform.services:
        for part in ("api", "worker"):
            proc = platform.procs.get((name, part))
            if proc is None or proc.popen.poll() is not None:
                platform.procs.pop((name, part), None)
                platform.start(name, part)
                restarted = True
    if restarted:
        await platform.wait_ready()

"""End-to-end fixtures: the four services as separate api + worker processes on the
real PostgreSQL and Kafka (DOMAIN X1), with one shared clock moved by the test."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from common.topics import load_topics
from testkit.processes import PlatformProcesses
from testkit.testing import REPO, start_group_at_end


@pytest.fixture
async def platform(
    pg: str, kafka: str, services: dict, tmp_path: Path
) -> AsyncIterator[PlatformProcesses]:
    """All services running as in production, on emptied tables; stopped afterwards.

    Each test gets its own consumer-group prefix, started at the end of every topic, so
    it sees only its own events — not those earlier tests left on the broker.
    """
    prefix = f"e2e-{uuid.uuid4().hex[:8]}-"
    topics = [t.name for t in load_topics(REPO / "deploy" / "topics.toml")]
    for name in services:
        await start_group_at_end(kafka, f"{prefix}{name}", topics)
    procs = PlatformProcesses(
        workdir=tmp_path / "platform",
        database_url=pg,
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

"""Fixtures of the bidding tests; the harness itself is ``testkit.bidding``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from common.clock import ManualClock
from common.runtime import ServiceRuntime
from common.settings import Settings
from testkit.bidding import Harness
from testkit.testing import BACKENDS, backend_settings, migrated, pg_settings


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path) -> Settings:
    return backend_settings(request, tmp_path)


@pytest.fixture
def pg_backend(pg: str) -> Settings:
    return pg_settings()


async def _harness(
    settings: Settings, services: dict, clock: ManualClock
) -> AsyncIterator[Harness]:
    from common.app import create_app

    definition = services["bidding"]
    await migrated(definition, settings)
    rt = ServiceRuntime(definition, settings, clock=clock)
    app = create_app(definition, settings, runtime=rt)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t"
    ) as c:
        h = Harness(c, rt, clock)
        h.app = app  # type: ignore[attr-defined]
        yield h
    await rt.dispose()


@pytest.fixture
async def h(backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator[Harness]:
    async for x in _harness(backend, services, clock):
        yield x


@pytest.fixture
async def hpg(pg_backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator[Harness]:
    async for x in _harness(pg_backend, services, clock):
        yield x

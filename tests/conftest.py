"""Fixtures shared by the cross-service tests in this folder."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from common.app import create_app
from testkit.testing import make_settings, migrated


@pytest.fixture(scope="module")
async def apps(tmp_path_factory: pytest.TempPathFactory, services: dict) -> AsyncIterator[dict]:
    """Every service's app on its own migrated SQLite file, for one test module."""
    settings = make_settings(data_dir=tmp_path_factory.mktemp("apps"))
    made = {}
    for name, definition in services.items():
        await migrated(definition, settings)
        made[name] = create_app(definition, settings)
    yield made
    for app in made.values():
        await app.state.runtime.dispose()

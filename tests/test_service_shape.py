"""The four services have the same shape: definition, app factory, worker, migrations."""

from __future__ import annotations

import importlib

import httpx
import pytest
from sqlalchemy import inspect

from common.app import create_app
from common.migrations import upgrade
from common.runtime import ServiceRuntime
from testkit.testing import auth, make_settings, pg_settings

SERVICES = ["listing", "bidding", "registry", "guarantee"]
INFRA = {
    "outbox",
    "inbox",
    "timers",
    "idempotency_keys",
    "dead_letters",
    "decisions",
    "county_parameters",
}


def test_the_four_services_are_installed(services: dict) -> None:
    assert list(services) == SERVICES


@pytest.mark.parametrize("name", SERVICES)
async def test_service_has_the_common_shape(name: str, tmp_path) -> None:
    main = importlib.import_module(f"{name}.main")
    worker = importlib.import_module(f"{name}.worker")
    assert main.service.name == name and callable(worker.main)
    assert (main.service.migrations_dir / "env.py").exists()
    settings = make_settings(data_dir=tmp_path)
    await upgrade(main.service, settings)
    app = main.create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/healthz")).json() == {"status": "ok", "service": name}
        assert (await c.get("/readyz")).status_code == 200
        spec = (await c.get("/openapi.json")).json()
        assert spec["info"]["title"] == main.service.title
        assert "rex_http_requests" in (await c.get("/metrics")).text
        me = await c.get(
            "/whoami", headers=auth("township_clerk", org_type="township", org_id="620821101")
        )
        assert me.json()["org"] == {"type": "township", "id": "620821101", "county": "620821"}
        assert (await c.get("/whoami")).status_code == 401
    await app.state.runtime.dispose()


@pytest.mark.postgres
async def test_each_service_migrates_into_its_own_postgres_schema(
    pg: str, services: dict, runtimes: list
) -> None:
    settings = pg_settings()
    for name in SERVICES:
        await upgrade(services[name], settings)  # idempotent: already at head
    rt = ServiceRuntime(services["listing"], settings)
    runtimes.append(rt)
    async with rt.engine.connect() as conn:
        tables = await conn.run_sync(
            lambda c: {s: set(inspect(c).get_table_names(schema=s)) for s in SERVICES}
        )
    for name in SERVICES:
        assert INFRA | {"alembic_version"} <= tables[name], name


async def test_readiness_reports_an_unreachable_broker(tmp_path, services: dict) -> None:
    settings = make_settings(
        data_dir=tmp_path, event_transport="kafka", kafka_bootstrap="127.0.0.1:1"
    )
    definition = services["bidding"]
    await upgrade(definition, settings)
    app = create_app(definition, settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        r = await c.get("/readyz")
    assert r.status_code == 503
    assert r.json()["checks"] == {"database": True, "events": False}
    await app.state.runtime.dispose()


def _schema_drift(connection, metadata) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    is_pg = connection.dialect.name == "postgresql"
    ctx = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "include_schemas": False, "target_metadata": metadata},
    )
    diffs = compare_metadata(ctx, metadata)
    # Constraint names of the frozen revision 0001 predate the naming convention; a
    # rename is cosmetic. Everything else (tables, columns, types, nullability) counts.
    return [
        d
        for d in diffs
        if not (isinstance(d, tuple) and d[0] in {"add_constraint", "remove_constraint"})
        and not (
            is_pg
            and isinstance(d, tuple)
            and d[0] in {"add_index", "remove_index"}
            and d[1].name in {"ix_outbox_pending"}
        )
    ]


@pytest.mark.postgres
@pytest.mark.parametrize("name", SERVICES)
async def test_models_and_migrations_agree(name: str, pg: str, services: dict, runtimes: list):
    """A model change always comes with its migration (alembic autogenerate finds nothing)."""
    rt = ServiceRuntime(services[name], pg_settings())
    runtimes.append(rt)
    async with rt.engine.connect() as conn:
        diffs = await conn.run_sync(_schema_drift, services[name].metadata)
    assert diffs == [], f"{name}: models and migrations differ: {diffs}"

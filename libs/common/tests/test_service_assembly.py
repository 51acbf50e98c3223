"""A service's main.py assembles it from common's parts (issue 18): its definition with
its Alembic history found beside its project, its app factory, and the follow-ups it
wires from one area into another."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData

from common.app import app_factory
from common.infra_tables import define_infra_tables
from common.service import ServiceDefinition, subscribe


def test_a_definition_of_a_package_finds_its_migrations_beside_its_src(tmp_path: Path) -> None:
    main = tmp_path / "services" / "demo" / "src" / "demo" / "main.py"
    metadata = MetaData()
    definition = ServiceDefinition.of_package(
        str(main),
        name="demo",
        title="Demo",
        description="",
        metadata=metadata,
        infra=define_infra_tables(metadata),
    )
    assert definition.migrations_dir == tmp_path / "services" / "demo" / "migrations"
    assert callable(app_factory(definition))


def test_a_follow_up_is_subscribed_once_however_often_main_is_imported() -> None:
    async def one() -> None: ...

    async def two() -> None: ...

    hooks: list[object] = [one]
    subscribe(hooks, one, two)
    subscribe(hooks, two)
    assert hooks == [one, two]

"""Test fixtures shared by every test suite (loaded by the root conftest.py).

Integration tests talk to the real PostgreSQL and Kafka that deploy/up.sh starts. A
missing server FAILS the test with the command to start it — it never skips. Every test
that reaches either server carries the ``postgres`` / ``kafka`` marker, set here from
the fixtures it uses (``pytest_collection_modifyitems``), so ``-m "not postgres"`` runs
without a database server.

Databases are migrated once per session, never per test (docs/foundation.md, "Test
databases"): SQLite tests get a copy of a template file (``migrated``); PostgreSQL tests
get the test process's clone of a template database (``CREATE DATABASE … TEMPLATE``),
emptied before each test.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from common.auth import mint_token
from common.clock import ManualClock
from common.embedded import discover_services
from common.migrations import upgrade
from common.runtime import ServiceRuntime
from common.service import ServiceDefinition
from common.settings import Settings, Transport
from common.transport import kafka_ping
from testkit.sample_files import sample_file as sample_file  # upload bytes for tests
from testkit.sqlcache import share_compiled_sql

REPO = Path(__file__).resolve().parents[4]  # libs/testkit/src/testkit/
# The same variables deploy/env.sh reads, so tests find the servers deploy/up.sh started.
_E = os.environ.get
PG_URL = _E("REX_TEST_DATABASE_URL") or (
    f"postgresql+asyncpg://{_E('REX_PG_USER', 'rex')}:{_E('REX_PG_PASSWORD', 'rex')}"
    f"@{_E('REX_PG_HOST', '127.0.0.1')}:{_E('REX_PG_PORT', '55432')}/{_E('REX_PG_DB', 'rex')}_test"
)
KAFKA = _E("REX_TEST_KAFKA_BOOTSTRAP") or f"127.0.0.1:{_E('REX_KAFKA_PORT', '9092')}"
START_HINT = "start it with: deploy/up.sh (the README's test command does this)"


def make_settings(**overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "env": "development",
        "log_json": False,
        "relay_idle_s": 0.01,
        # woken by committed timers and by the manual clock (common.scheduler): the
        # fallback poll need not be short, and each poll is a transaction per service
        "scheduler_idle_s": 1.0,
        "topics_file": REPO / "deploy" / "topics.toml",
        # tests send hundreds of writes from one account in one (manual) instant; the
        # limits' own tests turn them on
        "rate_limit_auth_failures": 0,
        "rate_limit_writes": 0,
    }
    base.update(overrides)
    return Settings(**base)


# Never share a consumer group with a deployment or benchmark (or a parallel test run);
# each xdist worker (testkit.parallel) has its own.
TEST_GROUP_PREFIX = _E("REX_TEST_GROUP_PREFIX", "test-") + (
    f"{_E('PYTEST_XDIST_WORKER')}-" if _E("PYTEST_XDIST_WORKER") else ""
)


def pg_settings(**overrides: Any) -> Settings:
    """Settings on PostgreSQL (the test process's database, see ``migrated_pg``)
    and the real Kafka."""
    overrides.setdefault("kafka_group_prefix", TEST_GROUP_PREFIX)
    overrides.setdefault("database_url", _pg.clone or PG_URL)
    return make_settings(event_transport=Transport.kafka, kafka_bootstrap=KAFKA, **overrides)


# Tokens by their claims: a test file asks for the same few hundred times (an RS256
# signature is 3–5 ms of CPU). A token is used again for ten minutes of real time, well
# inside its hour; a token with its own time (``now``) is always signed afresh.
_tokens: dict[tuple[Any, ...], tuple[str, float]] = {}
_TOKEN_REUSE_S = 600.0


def token(role: str, org_type: str = "county", org_id: str = "620821", **kw: Any) -> str:
    roles = [role] if isinstance(role, str) else list(role)
    if "now" in kw:
        return _mint(roles, org_type, org_id, **kw)
    key = (tuple(roles), org_type, org_id, tuple(sorted(kw.items())))
    try:
        hit = _tokens.get(key)
    except TypeError:  # an unhashable claim: sign it afresh
        return _mint(roles, org_type, org_id, **kw)
    now = time.monotonic()
    if hit is not None and now - hit[1] < _TOKEN_REUSE_S:
        return hit[0]
    minted = _mint(roles, org_type, org_id, **kw)
    _tokens[key] = (minted, now)
    return minted


def _mint(roles: list[str], org_type: str, org_id: str, **kw: Any) -> str:
    return mint_token(
        subject=kw.pop("subject", f"{roles[0]}-test"),
        roles=roles,
        org_type=org_type,
        org_id=org_id,
        county=kw.pop("county", "620821"),
        **kw,
    )


def auth(role: str, **kw: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(role, **kw)}"}


# ------------------------------------------------------------------------ markers

# A test that uses one of these fixtures (directly or through another fixture) needs the
# server: it gets the marker without having to say so, and cannot forget it.
SERVER_FIXTURES = {
    "pg": "postgres",
    "migrated_pg": "postgres",
    "pg_template": "postgres",
    "kafka": "kafka",
}

# The parameters of a ``backend`` fixture (SQLite and PostgreSQL): a fixture that takes
# the database by ``request.getfixturevalue("pg")`` is invisible to the hook below, so
# its PostgreSQL parameter carries the marker itself.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def backend_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """A ``backend`` fixture's settings for its parameter (``BACKENDS``): SQLite files in
    ``tmp_path``, or the real PostgreSQL (this process's clone, emptied) with its files
    there too."""
    if request.param == "postgres":
        request.getfixturevalue("pg")
        return pg_settings(data_dir=tmp_path)
    return make_settings(data_dir=tmp_path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_server_tests(items)


def mark_server_tests(items: list[pytest.Item]) -> None:
    """The ``postgres`` / ``kafka`` markers from the fixtures each test uses (idempotent)."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for fixture, marker in SERVER_FIXTURES.items():
            if fixture in used and item.get_closest_marker(marker) is None:
                item.add_marker(marker)


def pytest_configure(config: pytest.Config) -> None:
    # every engine and mapper of a test process compiles a statement once, not once per
    # test's engine (testkit.sqlcache)
    share_compiled_sql()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="session")
def services() -> dict[str, ServiceDefinition]:
    return discover_services()


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return make_settings(data_dir=tmp_path / "data")


# ---------------------------------------------------------------------- databases
#
# Alembic runs once per session per service (the template), never per test: a test's
# SQLite file is a copy of the template file, a test process's PostgreSQL database a
# clone of the template database. Each test still starts from empty tables, as before.

_templates: dict[tuple[str, Path], Path] = {}  # (service, migrations) -> template file
_template_dir: Path | None = None


async def migrated(
    definition: ServiceDefinition, settings: Settings, revision: str = "head"
) -> None:
    """The service's database at ``revision``, migrated — 迁移 — as fast as a test can have
    it. Fixtures call this instead of ``common.migrations.upgrade``.

    SQLite, a new file at head: a copy of the file Alembic migrated once this session.
    PostgreSQL, this process's clone: already at head (``migrated_pg``). Anything else (an
    existing file, another revision, another database) runs Alembic as usual.
    """
    if revision == "head" and settings.database_url is None:
        target = settings.data_dir / f"{definition.name}.db"
        if not target.exists():
            template = await _sqlite_template(definition)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, target)
            return
    if revision == "head" and settings.database_url is not None and _pg.clone is not None:
        if settings.database_url == _pg.clone:
            return
    await upgrade(definition, settings, revision)


@dataclass
class EarlierSchema:
    """A service's SQLite database at an earlier revision (``earlier_schema``): the
    ``engine`` to write the rows that revision held, then ``upgrade`` to what follows."""

    definition: ServiceDefinition
    settings: Settings
    engine: Any

    async def upgrade(self, revision: str = "head") -> None:
        await upgrade(self.definition, self.settings, revision)


@asynccontextmanager
async def earlier_schema(
    definition: ServiceDefinition, data_dir: Path, revision: str
) -> AsyncIterator[EarlierSchema]:
    """The service's SQLite database in ``data_dir`` migrated to ``revision`` only, with an
    engine on it (disposed after the block): a migration's test."""
    from common.db import make_engine

    settings = make_settings(data_dir=data_dir)
    await upgrade(definition, settings, revision)
    url = settings.service_database_url(definition.name)
    engine = make_engine(url, schema=definition.name)
    try:
        yield EarlierSchema(definition, settings, engine)
    finally:
        await engine.dispose()


@asynccontextmanager
async def memory_session(metadata: Any) -> AsyncIterator[Any]:
    """An ``AsyncSession`` on a new in-memory SQLite database holding ``metadata``'s
    tables: a libs/common step tried on tables of its test's own."""
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    engine = create_async_engine("sqlite+aiosqlite://")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        async with AsyncSession(engine) as session:
            yield session
    finally:
        await engine.dispose()


def envelope_for(event: Any, at: datetime, event_id: uuid.UUID | None = None) -> Any:
    """The envelope its producer's relay would send for ``event`` at ``at`` (a new event
    id unless given): what a test hands a consumer or the inbox."""
    from common.events import Envelope

    return Envelope(
        event_id=event_id or uuid.uuid4(),
        event_type=event.event_type,
        version=event.event_version,
        occurred_at=at,
        producer=event.topic.split(".")[0],
        aggregate_type=event.aggregate_type,
        aggregate_id=event.aggregate_id(),
        payload=event.model_dump(mode="json"),
    )


async def embedded_app(
    settings: Settings, services: dict[str, ServiceDefinition], **kw: Any
) -> Any:
    """``common.embedded.create_embedded_app`` of ``services`` (``kw``: its options), each
    service's database migrated first (``migrated``)."""
    from common.embedded import create_embedded_app

    for definition in services.values():
        await migrated(definition, settings)
    return create_embedded_app(settings, services=services, **kw)


async def service_client(
    definition: ServiceDefinition, settings: Settings, clock: ManualClock | None = None
) -> Any:
    """One service's app, migrated, behind an in-process httpx client (``base_url``
    ``http://t``) carrying its ``runtime`` and ``clock`` (without one, the runtime's own);
    the caller disposes the runtime."""
    import httpx

    from common.app import create_app

    await migrated(definition, settings)
    runtime = ServiceRuntime(definition, settings, clock=clock)
    app = create_app(definition, settings, runtime=runtime)
    c = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t"
    )
    c.runtime = runtime  # type: ignore[attr-defined]
    c.clock = clock  # type: ignore[attr-defined]
    return c


@asynccontextmanager
async def serving(
    definition: ServiceDefinition, settings: Settings, clock: ManualClock | None = None
) -> AsyncIterator[Any]:
    """``service_client`` for the length of a ``with``: the client open, then closed and its
    runtime disposed — what a service's ``client`` fixture yields."""
    c = await service_client(definition, settings, clock)
    async with c:
        yield c
    await c.runtime.dispose()


async def _sqlite_template(definition: ServiceDefinition) -> Path:
    global _template_dir
    key = (definition.name, Path(definition.migrations_dir))
    if key not in _templates:
        if _template_dir is None:
            _template_dir = Path(tempfile.mkdtemp(prefix="rex-test-templates-"))
            atexit.register(shutil.rmtree, _template_dir, ignore_errors=True)
        folder = _template_dir / str(len(_templates))
        await upgrade(definition, make_settings(data_dir=folder))
        path = folder / f"{definition.name}.db"
        # disposing the engine checkpoints the WAL: the .db file alone is the database
        assert not path.with_name(path.name + "-wal").exists(), "template WAL not merged"
        _templates[key] = path
    return _templates[key]


class _Pg:
    """The PostgreSQL databases of this session: the migrated template, and this test
    process's clone (what ``pg_settings`` points at)."""

    template: str | None = None
    clone: str | None = None
    clones = 0
    keeper: Any = None  # the connection ``pg`` empties the clone with
    tables: tuple[str, ...] = ()  # every service table, children before parents
    schemas: tuple[str, ...] = ()


_pg = _Pg()


def _dsn(url: str) -> str:
    """An asyncpg DSN for a SQLAlchemy URL."""
    return url.replace("postgresql+asyncpg", "postgresql")


def _database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _base_name() -> str:
    return make_url(PG_URL).database or "rex_test"


async def _admin() -> Any:
    """A connection to the test database the deployment created, for CREATE/DROP DATABASE."""
    import asyncpg

    dsn = _dsn(PG_URL)
    try:
        return await asyncio.wait_for(asyncpg.connect(dsn), 10)
    except Exception as exc:
        pytest.fail(f"PostgreSQL is not reachable at {dsn}: {exc}; {START_HINT}", pytrace=False)


async def _drop_orphans(conn: Any) -> None:
    """Drop the templates and clones of earlier sessions that died without cleaning up
    (their process is gone); those of a session still running are left alone."""
    pattern = re.compile(rf"^{re.escape(_base_name())}_(\d+)_")
    for row in await conn.fetch("SELECT datname FROM pg_database"):
        found = pattern.match(row["datname"])
        if found and not process_alive(int(found.group(1))):
            await _drop_database(row["datname"], conn)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
async def pg_template(services: dict[str, ServiceDefinition]) -> AsyncIterator[str]:
    """A database with every service's schema migrated to head, once per session; never
    used by a test directly, only cloned (``migrated_pg``)."""
    name = f"{_base_name()}_{os.getpid()}_template"
    conn = await _admin()
    try:
        await _drop_orphans(conn)
        await _drop_database(name, conn)
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = _database(PG_URL, name)
    settings = pg_settings(database_url=url)
    for d in services.values():
        await upgrade(d, settings)
    _pg.tables = tuple(
        f'"{n}"."{t.name}"' for n, d in services.items() for t in reversed(d.metadata.sorted_tables)
    )
    _pg.schemas = tuple(services)
    _pg.template = url
    yield url
    _pg.template = None
    await _drop_database(name)


@asynccontextmanager
async def cloned_database(pg_template: str) -> AsyncIterator[str]:
    """A new database cloned from the migrated template (empty tables at head), dropped
    when the block ends."""
    _pg.clones += 1
    name = f"{_base_name()}_{os.getpid()}_{_pg.clones}"
    template = make_url(pg_template).database
    conn = await _admin()
    try:
        # FILE_COPY: a checkpoint and a directory copy, faster than WAL_LOG for a schema
        # of empty tables
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    finally:
        await conn.close()
    try:
        yield _database(PG_URL, name)
    finally:
        await _drop_database(name)


async def _drop_database(name: str, conn: Any = None) -> None:
    """``DROP DATABASE … WITH (FORCE)``: a runtime a test forgot to dispose must not keep
    the database alive. FORCE may not terminate a process of another role — an autovacuum
    worker (the FAST cluster runs without autovacuum, a developer's may not) — so that
    refusal is retried, boundedly, while the worker finishes."""
    import asyncpg

    own = conn is None
    if own:
        conn = await _admin()
    try:
        for attempt in range(50):
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except asyncpg.InsufficientPrivilegeError:
                if attempt == 49:
                    raise
                await asyncio.sleep(0.1)  # another role's process leaving, not time passing
    finally:
        if own:
            await conn.close()


# Session scope: one clone per test process. A clone a module cost a CREATE DATABASE (a
# checkpoint and a copy of every table's files) and a DROP, 0.3–0.8 s, 87 modules per run;
# what a module could leave behind beyond rows — a connection a test forgot, its locks —
# ``pg`` ends before every test instead, and the rows it deletes as before.
@pytest.fixture(scope="session")
async def migrated_pg(pg_template: str) -> AsyncIterator[str]:
    """This test process's own PostgreSQL database, a clone of the migrated template:
    ``pg_settings()`` points at it while the session runs; dropped afterwards."""
    async with cloned_database(pg_template) as url:
        _pg.clone = url
        try:
            yield url
        finally:
            _pg.clone = None
            if _pg.keeper is not None:
                await _pg.keeper.close()
                _pg.keeper = None


@pytest.fixture
async def pg(migrated_pg: str, request: pytest.FixtureRequest) -> str:
    """A clean PostgreSQL: this process's database, every service table emptied before
    the test, and no connection left by an earlier test (tests of one process run one
    after another, so any other connection to the database is a leftover)."""
    import asyncpg

    if request.node.get_closest_marker("postgres") is None:
        pytest.fail(
            f"{request.node.nodeid} reaches PostgreSQL without the 'postgres' marker: "
            "request the pg fixture by name, or mark the parameter "
            "(pytest.param('postgres', marks=pytest.mark.postgres))",
            pytrace=False,
        )
    # one connection for the process's tests (a connect per test cost 10–25 ms), made
    # again when a restarted server ended it
    for attempt in (1, 2):
        if _pg.keeper is None or _pg.keeper.is_closed():
            _pg.keeper = await asyncpg.connect(_dsn(migrated_pg), timeout=10)
        try:
            await _pg.keeper.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            break
        except (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError):
            if attempt == 2:
                raise
            _pg.keeper.terminate()
    await _empty(_pg.keeper)
    return migrated_pg


async def _empty(conn: Any) -> None:
    """Every service table emptied and every used sequence restarted, as ``TRUNCATE …
    RESTART IDENTITY`` would, but at the cost of the rows there are: a TRUNCATE of all
    72 tables replaces 72 files and took over a second per test; most tests leave
    rows in a handful of tables."""
    import asyncpg

    assert _pg.tables, "pg_template lists the tables"
    probe = " UNION ALL ".join(
        f"SELECT {i} AS i WHERE EXISTS (SELECT 1 FROM {t})" for i, t in enumerate(_pg.tables)
    )
    used = [_pg.tables[r["i"]] for r in await conn.fetch(probe)]
    restart = (
        "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false)"
        " FROM pg_sequences WHERE schemaname = ANY($1::text[]) AND last_value IS NOT NULL"
    )
    try:
        async with conn.transaction():
            for table in used:  # children first: no foreign key is left dangling
                await conn.execute(f"DELETE FROM {table}")
            await conn.fetch(restart, list(_pg.schemas))
    except asyncpg.ForeignKeyViolationError:
        # an order the metadata does not show (a cycle): TRUNCATE does not care
        await conn.execute(f"TRUNCATE {', '.join(_pg.tables)} RESTART IDENTITY CASCADE")


@pytest.fixture(scope="session")
async def kafka() -> str:
    """The real broker, with the project's topics created from deploy/topics.toml."""
    from common.topics import create_topics, load_topics

    if not await kafka_ping(KAFKA, timeout_s=10):
        pytest.fail(f"Kafka is not reachable at {KAFKA}; {START_HINT}", pytrace=False)
    await create_topics(KAFKA, load_topics(REPO / "deploy" / "topics.toml"))
    return KAFKA


@pytest.fixture
async def runtimes() -> AsyncIterator[list[ServiceRuntime]]:
    """Collects runtimes a test makes and disposes them afterwards."""
    made: list[ServiceRuntime] = []
    yield made
    for rt in made:
        await rt.dispose()


async def wait_until(predicate: Any, timeout_s: float = 30.0, what: str = "condition") -> None:
    """Wait for a condition with a bound (never a blind sleep); fail when it never holds."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"timed out after {timeout_s}s waiting for {what}", pytrace=False)
        await asyncio.sleep(0.02)


async def read_topic(
    bootstrap: str, topic: str, *, keys: Iterable[str] | None = None, timeout_s: float = 30.0
) -> list[Any]:
    """Every committed record of ``topic`` from the beginning up to its current end; with
    ``keys``, only those keyed by one of them (a test's own aggregates: the topic keeps
    earlier tests' and runs' events).

    The end is the partitions' high watermark, every record written so far, not the
    committed reader's own end (the last stable offset): another producer's transaction
    still open on a partition holds that end back, and would hide a record this test's
    relay has already committed behind it (seen with three pytest workers). Reading on to
    the high watermark waits for such a transaction to end, then skips it if it aborted."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        parts = [
            TopicPartition(topic, p)
            for p in sorted(
                consumer.partitions_for_topic(topic) or await _partitions(consumer, topic)
            )
        ]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        end = await _high_watermarks(bootstrap, parts)
        records: list[Any] = []
        deadline = asyncio.get_running_loop().time() + timeout_s
        while [tp for tp in parts if await consumer.position(tp) < end[tp]]:
            if asyncio.get_running_loop().time() > deadline:
                pytest.fail(f"reading {topic} timed out", pytrace=False)
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(batch)
        if keys is not None:
            wanted = {k.encode() for k in keys}
            records = [r for r in records if r.key in wanted]
        return records
    finally:
        await consumer.stop()


async def _high_watermarks(bootstrap: str, parts: list[Any]) -> dict[Any, int]:
    """Each partition's high watermark: what an uncommitted reader sees as its end."""
    from aiokafka import AIOKafkaConsumer

    probe = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_uncommitted"
    )
    await probe.start()
    try:
        return await probe.end_offsets(parts)
    finally:
        await probe.stop()


async def _partitions(consumer: Any, topic: str) -> set[int]:
    await consumer._client.force_metadata_update()
    return consumer._client.cluster.partitions_for_topic(topic) or set()


@asynccontextmanager
async def _group_partitions(bootstrap: str, group: str, topics: list[str]) -> AsyncIterator[Any]:
    """A consumer of ``group`` that joins nothing, and every partition of ``topics``."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        parts = []
        for topic in topics:
            parts += [TopicPartition(topic, p) for p in await _partitions(consumer, topic)]
        yield consumer, parts
    finally:
        await consumer.stop()


async def rewind_group(bootstrap: str, group: str, offsets: dict[Any, int]) -> None:
    """Move a (stopped) consumer group back to ``offsets``: what follows is redelivered."""
    topics = sorted({tp.topic for tp in offsets})
    async with _group_partitions(bootstrap, group, topics) as (consumer, _parts):
        consumer.assign(list(offsets))
        await consumer.commit(dict(offsets))


async def start_group_at_end(bootstrap: str, group: str, topics: list[str]) -> None:
    """Commit ``group``'s offsets at the current end of ``topics``: a new group then
    sees only what is written from now on, not every earlier test's events."""
    async with _group_partitions(bootstrap, group, topics) as (consumer, parts):
        end = await consumer.end_offsets(parts)
        consumer.assign(parts)
        await consumer.commit(dict(end))


async def group_caught_up(bootstrap: str, group: str, topics: list[str]) -> bool:
    """True when the group's committed offsets reach the end of every partition."""
    async with _group_partitions(bootstrap, group, topics) as (consumer, parts):
        end = await consumer.end_offsets(parts)
        for tp in parts:
            # the last offset may be a transaction marker, never delivered as a record
            if (await consumer.committed(tp) or 0) < end[tp] - 1:
                return False
        return True


@asynccontextmanager
async def consuming(rt: ServiceRuntime) -> AsyncIterator[Any]:
    """Run ``rt``'s Kafka consumer for the block; stopped (bounded) whatever happens."""
    from common.inbox import KafkaConsumerRunner

    runner = KafkaConsumerRunner(rt)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        yield runner
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, 30)
        except TimeoutError:
            task.cancel()


async def consume_until(
    rt: ServiceRuntime, predicate: Any, what: str, timeout_s: float = 60.0
) -> None:
    """Run ``rt``'s Kafka consumer until ``predicate`` holds (``wait_until``), then stop it."""
    async with consuming(rt):
        await wait_until(predicate, timeout_s, what)


async def commit_events(rt: ServiceRuntime, *events: Any) -> None:
    """``events`` written to ``rt``'s outbox in one committed transaction, as a use case
    leaves them: the relay publishes them next (``relay_once``, ``relay_all``)."""
    from common.outbox import record_event

    async with rt.transaction() as s:
        for event in events:
            await record_event(s, event)


async def relay_once(rt: ServiceRuntime) -> int:
    """One pass of ``rt``'s relay: what its outbox holds goes to Kafka; how many went."""
    return await _relay(rt, drain=False)


async def relay_all(rt: ServiceRuntime) -> int:
    """``rt``'s relay, pass after pass until its outbox is empty; how many went."""
    return await _relay(rt, drain=True)


async def _relay(rt: ServiceRuntime, *, drain: bool) -> int:
    from common.relay import Relay

    relay = Relay(rt, rt.relay_publisher())
    total = 0
    try:
        while n := await relay.run_once():
            total += n
            if not drain:
                break
    finally:
        await relay.publisher.close()
    return total


async def redeliver(bootstrap: str, rt: ServiceRuntime, record: Any) -> None:
    """Hand ``record`` (read from its topic) to ``rt``'s consumer group again, and consume
    until the group has caught up: an event delivered twice (X1)."""
    from aiokafka import TopicPartition

    group = rt.settings.consumer_group(rt.name)
    await rewind_group(
        bootstrap, group, {TopicPartition(record.topic, record.partition): record.offset}
    )
    assert not await group_caught_up(bootstrap, group, [record.topic])
    await consume_until(
        rt, lambda: group_caught_up(bootstrap, group, [record.topic]), "the redelivery"
    )


@dataclass
class Watched:
    """What a block sent to the database (``watching``)."""

    bound: list[object] = field(default_factory=list)  # every parameter bound to a statement
    loaded: list[object] = field(default_factory=list)  # every entity of the models loaded


@contextmanager
def watching(engine: Any, *models: type) -> Iterator[Watched]:
    """The parameters bound and the ``models``' entities loaded inside the block, on the
    runtime's async ``engine``: an at-scale test's proof that a report binds no list of
    ids and loads no entity per row (past 32,767 ids PostgreSQL refuses a statement)."""
    from sqlalchemy import event

    seen = Watched()

    def record(_conn, _cursor, _statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.bound.extend(parameters.values() if isinstance(parameters, dict) else parameters)

    def load(target: object, _context: object) -> None:
        seen.loaded.append(target)

    sync = engine.sync_engine
    event.listen(sync, "before_cursor_execute", record)
    for model in models:
        event.listen(model, "load", load)
    try:
        yield seen
    finally:
        event.remove(sync, "before_cursor_execute", record)
        for model in models:
            event.remove(model, "load", load)


# A cross-service event and a consumer whose effect can be counted: the guarantee
# service blacklists a party; the listing side applies it by writing one outbox row.


def blacklisting(party: str) -> Any:
    from common.contracts.guarantee import PartyBlacklisted

    return PartyBlacklisted(
        party_id=party,
        party_name="张三",
        reason="恶意逃废债务",
        decided_by="guarantor-staff-1",
        decided_at=datetime.now(UTC),
    )


def intermediary_changed(
    county: str, kind: str, name: str, party_id: str, licence_no: str, valid_until: date, **kw: Any
) -> Any:
    """Listing's ``listing.intermediary_changed`` for an intermediary (中介机构) filed in the
    county's register (L20), valid from 2020 and active unless ``kw`` says otherwise."""
    from common.contracts.listing import IntermediaryChanged

    fields: dict[str, Any] = {
        "intermediary_id": uuid.uuid4().hex,
        "county": county,
        "kind": kind,
        "name": name,
        "party_id": party_id,
        "licence_no": licence_no,
        "valid_from": date(2020, 1, 1),
        "valid_until": valid_until,
        "active": True,
        "changed_at": datetime(2026, 1, 5, tzinfo=UTC),
        "decided_by": "centre-staff",
    }
    return IntermediaryChanged(**{**fields, **kw})


async def sse_events(response: Any) -> AsyncIterator[tuple[str, dict]]:
    """A server-sent event stream's events as (name, JSON data), each yielded at the blank
    line that ends it (``message`` when it names none)."""
    import json

    name, data = "message", None
    async for line in response.aiter_lines():
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and data is not None:
            yield name, json.loads(data)
            name, data = "message", None


def applying_handlers(fail_for: set[str] | None = None) -> Any:
    """Listing-side handlers; parties in ``fail_for`` (checked at delivery) are refused."""
    from common.context import session_context
    from common.contracts.guarantee import PartyBlacklisted
    from common.contracts.platform import ProbeRecorded
    from common.outbox import record_event
    from common.service import EventHandlers

    handlers = EventHandlers()

    @handlers.on(PartyBlacklisted)
    async def apply(session: Any, event: PartyBlacklisted, envelope: Any) -> None:
        if fail_for is not None and event.party_id in fail_for:
            raise ValueError(f"cannot apply {event.party_id}: projection rejects it")
        await record_event(
            session,
            ProbeRecorded(
                probe_id=f"applied-{event.party_id}",
                sequence=0,
                sent_at=session_context(session).clock.now(),
            ),
        )

    return handlers


def blacklisting_services(
    services: dict[str, ServiceDefinition], fail_for: set[str] | None = None
) -> dict[str, ServiceDefinition]:
    """The guarantee service and a listing side applying its blacklistings by
    ``applying_handlers(fail_for)``: the pair an event-delivery test runs."""
    return {
        "listing": services["listing"].replace(event_handlers=applying_handlers(fail_for)),
        "guarantee": services["guarantee"],
    }


async def applied(rt: ServiceRuntime, party: str) -> int:
    """How many times the listing side applied the blacklisting of ``party``."""
    from sqlalchemy import func, select

    o = rt.definition.infra.outbox
    async with rt.transaction() as s:
        return await s.scalar(select(func.count()).where(o.c.aggregate_id == f"applied-{party}"))

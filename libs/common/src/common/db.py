"""Database — 数据库: async engine and session factory for asyncpg and aiosqlite.

One code path for both. On PostgreSQL each service lives in its own schema (its
``search_path``); on SQLite each service has its own file. The caller — the HTTP route
(``common.routes.TransactionalRoute``) or the event consumer — owns the one transaction;
domain services only ``flush()``. Nothing here knows about requests: the HTTP side of
the unit of work is ``common.routes``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    DateTime,
    MetaData,
    Select,
    TypeDecorator,
    event,
    func,
    or_,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute

from common.problems import not_found

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both backends (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use the injectable clock")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ServiceBase(DeclarativeBase):
    """Parent of each service's declarative base (each gets its own MetaData)."""

    __abstract__ = True


def make_engine(
    url: str,
    *,
    schema: str,
    pool_size: int = 10,
    max_overflow: int = 10,
    echo: bool = False,
    pre_ping: bool = False,
) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        _sqlite_pragmas(engine)
        return engine
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=pre_ping,
        connect_args={"server_settings": {"search_path": schema}, "timeout": 10},
    )
    _replace_closed_connections(engine)
    return engine


def _replace_closed_connections(engine: AsyncEngine) -> None:
    """A pre-ping without a round trip, so an API survives a PostgreSQL restart without
    a failed request: the server closes its connections when it stops, asyncpg marks them
    closed as soon as the event loop reads that, and the pool replaces such a connection
    at checkout (SQLAlchemy's documented ``DisconnectionError`` recipe). SQLAlchemy's own
    ``pool_pre_ping`` costs three round trips (``BEGIN; ; ROLLBACK``) on every checkout."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection._connection.is_closed():
            raise DisconnectionError("connection closed by the server")


async def driver_connection(session: AsyncSession) -> Any | None:
    """On PostgreSQL, the asyncpg connection under ``session``'s transaction, its
    ``BEGIN`` sent — for a hot path's statements, which skip SQLAlchemy's work per
    statement but stay in the unit of work's one transaction (it commits or rolls them
    back with everything else). None on SQLite: there the caller uses SQLAlchemy.

    SQLAlchemy's asyncpg adapter sends ``BEGIN`` lazily, at its first statement; this
    begins it the same way (its ``_start_transaction``) when no statement has yet."""
    conn = await session.connection()
    if conn.dialect.name != "postgresql":
        return None
    adapter = (await conn.get_raw_connection()).dbapi_connection
    if adapter._transaction is None:
        await adapter._start_transaction()
    return adapter._connection


def _sqlite_pragmas(engine: AsyncEngine) -> None:
    # WAL lets readers run beside the writer; BEGIN IMMEDIATE takes the write lock up
    # front so two transactions never deadlock upgrading a read lock (SQLAlchemy's
    # documented recipe for pysqlite/aiosqlite transaction control).
    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(
    engine: AsyncEngine, info: dict[str, Any]
) -> async_sessionmaker[AsyncSession]:
    """Sessions carry the service's infrastructure in ``session.info`` (outbox, clock)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True, info=info)


_Row = TypeVar("_Row")


async def find_row(
    session: AsyncSession,
    model: type[_Row],
    column: InstrumentedAttribute[Any],
    key: Any,
    *,
    lock: bool = False,
    of: tuple[ColumnElement[bool], ...] = (),
) -> _Row | None:
    """The one row of ``model`` whose ``column`` is ``key`` and that meets ``of``, or
    None — 按键查找 (``FOR UPDATE`` with ``lock``, only when a write follows): a consumer
    ignores a fact about a row it does not know, where a request would answer 404."""
    q = select(model).where(column == key, *of)
    if lock:
        q = q.with_for_update()
    return (await session.execute(q)).scalar_one_or_none()


async def load_or_404(
    session: AsyncSession,
    model: type[_Row],
    column: InstrumentedAttribute[Any],
    key: Any,
    what_en: str,
    what_zh: str,
    *,
    lock: bool = False,
    of: tuple[ColumnElement[bool], ...] = (),
) -> _Row:
    """The one row of ``model`` whose ``column`` is ``key`` (``FOR UPDATE`` with ``lock``)
    and that meets ``of`` (e.g. belongs to the owner in the path); 404 (X4) naming
    ``what`` when there is none."""
    row = await find_row(session, model, column, key, lock=lock, of=of)
    if row is None:
        raise not_found(what_en, what_zh)
    return row


@dataclass(frozen=True)
class ById(Generic[_Row]):
    """One table's rows by their ``id`` — 按编号取: :func:`load_or_404` named once, so an
    area's ``get_x`` is ``ById(X, "x", "某").get`` rather than a copy of the call."""

    model: type[_Row]
    what_en: str
    what_zh: str

    async def get(self, session: AsyncSession, key: str, *, lock: bool = False) -> _Row:
        model: Any = self.model
        return await load_or_404(
            session,
            self.model,
            model.id,
            key,
            f"{self.what_en} {key}",
            f"{self.what_zh}{key}",
            lock=lock,
        )


#: The escape character of ``contains_text`` patterns.
LIKE_ESCAPE = "\\"


def matching(model: type[Any], **values: Any) -> list[ColumnElement[bool]]:
    """A list's optional filters: ``model.<name> == value`` for each value given (None:
    no condition), to spread into ``select(model).where(*matching(...))``."""
    return [getattr(model, name) == value for name, value in values.items() if value is not None]


def contains_text(column: Any, text: str) -> ColumnElement[bool]:
    """``column LIKE '%text%'`` with ``%``, ``_`` and the escape character in ``text``
    matched literally: a search for "%" finds a percent sign, not every row (issue 16)."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
    for wildcard in "%_":
        escaped = escaped.replace(wildcard, LIKE_ESCAPE + wildcard)
    return column.like(f"%{escaped}%", escape=LIKE_ESCAPE)  # type: ignore[no-any-return]


def contains_any(text: str, *columns: Any) -> ColumnElement[bool]:
    """A list's search box — 模糊查询: any of ``columns`` contains ``text``
    (:func:`contains_text`, wildcards matched literally)."""
    return or_(*(contains_text(column, text) for column in columns))


async def page_of(
    session: AsyncSession,
    query: Select[Any],
    *,
    sorts: Mapping[str, Any],
    sort: str,
    tie: Any,
    limit: int | None,
    offset: int,
) -> tuple[list[Any], int]:
    """One page of a list — 分页: ``query``'s rows sorted by ``sorts[sort]`` (a leading
    "-" is descending), ``tie`` (the id) breaking ties so a page boundary never repeats
    or skips a row, and how many match in all (the work queues' counts)."""
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    column = sorts[sort.removeprefix("-")]
    query = query.order_by(None).order_by(
        column.desc() if sort.startswith("-") else column.asc(), tie
    )
    if limit is not None:
        query = query.limit(limit)
    return list(await session.scalars(query.offset(offset))), total or 0


async def follow_version(
    session: AsyncSession, model: type[_Row], version: int, **key: Any
) -> tuple[_Row, bool]:
    """A follower's copy of another service's versioned record (跟随副本): the row of
    ``model`` with primary ``key`` (locked; a new one added when there is none yet) and
    whether ``version`` is newer than what it holds. An event redelivered or arriving
    after a newer one changes nothing; the caller copies the fields when it is newer."""
    (value,) = key.values()
    row = await session.get(model, value, with_for_update=True)
    if row is None:
        row = model(**key)
        session.add(row)
        return row, True
    return row, row.version < version  # type: ignore[attr-defined]


async def first_copy(session: AsyncSession, row: _Row) -> _Row:
    """A follower's copy of another service's record that never changes: ``row`` added
    (flushed) when its primary key is new, else the copy already held — a redelivered
    event changes nothing."""
    key = sa_inspect(row).mapper.primary_key_from_instance(row)
    held = await session.get(type(row), tuple(key))
    if held is not None:
        return held
    session.add(row)
    await session.flush()
    return row


async def all_of(
    session: AsyncSession, model: type[_Row], *where: Any, order_by: Sequence[Any]
) -> list[_Row]:
    """The rows of ``model`` that meet ``where``, in ``order_by`` order (end it with the
    id, so the order is total): an area's list query named once."""
    return list(await session.scalars(select(model).where(*where).order_by(*order_by)))


async def add_unique(session: AsyncSession, *rows: Any, taken: Exception) -> None:
    """Insert ``rows`` in a savepoint — 唯一性登记: when a unique key refuses them
    (another request took the key first), ``taken`` is raised instead of the database's
    error, and the request's transaction is still usable. The insert-or-refuse step of a
    register (one plan a parcel, one approval number) named once. With no ``rows`` it
    guards the changes already pending (a unique number set on a row): those are flushed
    before the savepoint, so their refusal ends the request."""
    try:
        async with session.begin_nested():
            session.add_all(rows)
            await session.flush()
    except IntegrityError:
        raise taken from None

"""One compiled-SQL cache for every engine a test process makes — 编译缓存共享.

SQLAlchemy caches a statement's compiled form under a key that starts with the engine's
dialect *object* (``ClauseElement._compile_w_cache``), and every engine has its own
dialect. Production makes one engine per service per process, so the cache works there;
the tests make an engine per test (each test's runtime, on its own SQLite file or this
module's PostgreSQL clone), so every test compiled every statement it ran again — about a
tenth of a service test's CPU (docs/foundation.md, the test section).

``share_compiled_sql()`` gives every engine's connections, and every ORM mapper's flush
statements, one cache whose key replaces the dialect object by what the compiled form
depends on: the dialect's class, its server's version and the few settings that change
the SQL text (parameter style, label length, identifier length). Two engines on the same
kind of database therefore share a statement compiled once; engines on different
databases (SQLite and PostgreSQL, sync and async drivers) never do. Tests only: the kit
installs it from its pytest plugin (``testkit.testing``).
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapper
from sqlalchemy.util import LRUCache

# Every statement of every service's tests, on both databases, with room to spare:
# evicting would only cost a compile.
SIZE = 20_000


def dialect_signature(dialect: Any) -> tuple[Any, ...]:
    """What a compiled statement depends on besides the statement itself. The server
    version decides features the compiler uses (RETURNING, insertmanyvalues), so a
    different server is a different signature."""
    dbapi = getattr(dialect, "dbapi", None)
    return (
        type(dialect),
        dialect.server_version_info,
        getattr(dbapi, "sqlite_version_info", None),
        dialect.paramstyle,
        dialect.positional,
        dialect.label_length,
        dialect.max_identifier_length,
        dialect.supports_multivalues_insert,
        dialect.use_insertmanyvalues,
        dialect.insert_returning,
        dialect.update_returning,
        dialect.delete_returning,
    )


class SharedCompiledCache(LRUCache):  # type: ignore[type-arg]
    """A compiled cache keyed by the dialect's signature instead of its identity."""

    def __init__(self, size: int = SIZE) -> None:
        super().__init__(size)
        # by the dialect itself, weakly: a finished test's engine leaves no entry behind
        self._signatures: WeakKeyDictionary[Any, tuple[Any, ...]] = WeakKeyDictionary()

    def _key(self, key: Any) -> Any:
        dialect = key[0]
        signature = self._signatures.get(dialect)
        if signature is None:
            signature = self._signatures[dialect] = dialect_signature(dialect)
        return (signature, *key[1:])

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(self._key(key), default)

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(self._key(key), value)


SHARED = SharedCompiledCache()
_installed = False


def share_compiled_sql(cache: SharedCompiledCache = SHARED) -> None:
    """Every engine and mapper of this process compiles into ``cache`` (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(Engine, "engine_connect")
    def _use_shared_cache(conn: Connection) -> None:
        # a connection asked for no cache (``compiled_cache=None``, as DDL does) keeps none
        if conn.get_execution_options().get("compiled_cache", True) is not None:
            conn.execution_options(compiled_cache=cache)

    @event.listens_for(Mapper, "mapper_configured")
    def _mapper_uses_shared_cache(mapper: Mapper[Any], _cls: type) -> None:
        # the unit of work's INSERT/UPDATE/DELETE go through the base mapper's own cache
        # (``Mapper._compiled_cache``), keyed by the dialect object as well
        mapper.base_mapper.__dict__["_compiled_cache"] = cache

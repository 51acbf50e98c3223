"""The test kit's shared compiled-SQL cache (issue 18 item 7, testkit.sqlcache): a
statement is compiled once for every engine on the same kind of database, and never
shared between different kinds."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from testkit import sqlcache


async def test_two_engines_on_the_same_kind_of_database_compile_a_statement_once(
    tmp_path: Path,
) -> None:
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("v", String))
    cache = sqlcache.SHARED
    found: list[tuple[str, int]] = []
    for n in (1, 2):
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / f'{n}.db'}")
        try:
            async with engine.begin() as conn:
                await conn.run_sync(table.metadata.create_all)
                await conn.execute(insert(table), [{"v": f"engine {n}"}])
                before = len(cache)
                value = (await conn.execute(select(table.c.v).where(table.c.id == 1))).scalar()
                found.append((value, len(cache) - before))
        finally:
            await engine.dispose()
    # each engine reads its own database; the second compiles nothing new
    assert found == [("engine 1", 1), ("engine 2", 0)]


def test_different_dialects_never_share_a_compiled_statement() -> None:
    from sqlalchemy.dialects import postgresql, sqlite

    lite, pg = sqlite.dialect(), postgresql.dialect()
    assert sqlcache.dialect_signature(lite) != sqlcache.dialect_signature(pg)
    assert sqlcache.dialect_signature(lite) == sqlcache.dialect_signature(sqlite.dialect())


async def test_an_orm_flush_on_a_second_engine_compiles_nothing_new(tmp_path: Path) -> None:
    class Base(DeclarativeBase):
        pass

    class Row(Base):
        __tablename__ = "row"
        id: Mapped[int] = mapped_column(primary_key=True)
        v: Mapped[str]

    grew: list[int] = []
    for n in (1, 2):
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / f'orm{n}.db'}")
        try:
            async with engine.begin() as conn:
                await conn.run_sync(Base.metadata.create_all)
            before = len(sqlcache.SHARED)
            async with AsyncSession(engine) as session, session.begin():
                session.add(Row(v=f"engine {n}"))  # the unit of work's INSERT (mapper cache)
            grew.append(len(sqlcache.SHARED) - before)
        finally:
            await engine.dispose()
    assert grew[0] >= 1 and grew[1] == 0, grew

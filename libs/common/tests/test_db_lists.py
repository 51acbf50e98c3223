"""The list and lookup helpers of common.db (issue 18: one copy instead of one an area):
``ById`` (load or 404, X4), ``all_of`` (a list query), ``page_of`` (a sorted page and its total) and
``follow_version`` and ``first_copy`` (a follower's copy of another service's record)."""

from __future__ import annotations

import pytest
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.db import ById, all_of, first_copy, follow_version, page_of
from common.problems import Problem
from testkit.testing import memory_session


class _Base(DeclarativeBase):
    pass


class Plot(_Base):
    __tablename__ = "plot"
    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class CaseCopy(_Base):
    __tablename__ = "case_copy"
    case_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    stage: Mapped[str | None] = mapped_column(String(20))


@pytest.fixture
async def session():
    async with memory_session(_Base.metadata) as s:
        s.add_all([Plot(id=i, name=n) for i, n in (("p1", "b"), ("p2", "a"), ("p3", "b"))])
        await s.flush()
        yield s


async def test_X4_a_row_by_id_is_found_or_a_404_naming_it(session: AsyncSession) -> None:
    plots = ById(Plot, "plot", "地块")
    assert (await plots.get(session, "p2")).name == "a"
    with pytest.raises(Problem) as refused:
        await plots.get(session, "p9")
    body = refused.value.body()
    assert (body["status"], body["rule"]) == (404, "X4")
    assert "plot p9" in body["detail"] and "地块p9" in body["detail_zh"]


async def test_a_page_is_sorted_with_the_id_breaking_ties_and_counts_all(
    session: AsyncSession,
) -> None:
    sorts = {"name": Plot.name}
    query = select(Plot)
    rows, total = await page_of(
        session, query, sorts=sorts, sort="-name", tie=Plot.id, limit=2, offset=0
    )
    assert ([r.id for r in rows], total) == (["p1", "p3"], 3)
    rows, total = await page_of(
        session, query, sorts=sorts, sort="name", tie=Plot.id, limit=None, offset=1
    )
    assert ([r.id for r in rows], total) == (["p1", "p3"], 3)


async def test_X6_a_followed_case_applies_a_newer_version_and_ignores_an_older_one(
    session: AsyncSession,
) -> None:
    row, newer = await follow_version(session, CaseCopy, 2, case_id="c1")
    assert newer and row.case_id == "c1"
    row.version, row.stage = 2, "opened"
    await session.flush()
    for version in (1, 2):  # an older one late, or the same one redelivered
        same, newer = await follow_version(session, CaseCopy, version, case_id="c1")
        assert same is row and not newer
    assert (await follow_version(session, CaseCopy, 3, case_id="c1"))[1]


async def test_a_record_followed_once_keeps_its_first_copy_on_redelivery(
    session: AsyncSession,
) -> None:
    first = await first_copy(session, Plot(id="p7", name="first"))
    again = await first_copy(session, Plot(id="p7", name="redelivered"))
    assert again is first and first.name == "first"
    assert (await session.get(Plot, "p7")) is first


async def test_a_list_query_filters_and_orders_with_the_id_last(session: AsyncSession) -> None:
    rows = await all_of(session, Plot, Plot.name == "b", order_by=[Plot.name, Plot.id.desc()])
    assert [r.id for r in rows] == ["p3", "p1"]

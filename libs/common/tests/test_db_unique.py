"""``common.db.add_unique``: the insert-or-refuse step of a register (issue 18: one copy
instead of a ``begin_nested`` / ``IntegrityError`` block in each area)."""

from __future__ import annotations

import pytest
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.db import add_unique
from common.problems import FieldProblem, Problem, Refusal
from testkit.testing import memory_session


class _Base(DeclarativeBase):
    pass


class Plan(_Base):
    __tablename__ = "plan"
    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    parcel: Mapped[str] = mapped_column(String(8), unique=True)


_refused = Refusal("plan-refused", "The plan is refused", "方案不予办理")


def _taken() -> Problem:
    return _refused(
        [FieldProblem("parcel", "E3", "the parcel already has a plan", "该宗地已有入市方案")]
    )


@pytest.fixture
async def session():
    async with memory_session(_Base.metadata) as s:
        yield s


async def test_E3_a_second_row_on_a_unique_key_is_refused_and_the_first_one_stays(
    session: AsyncSession,
) -> None:
    await add_unique(session, Plan(id="a", parcel="p1"), taken=_taken())
    with pytest.raises(Problem) as refused:
        await add_unique(session, Plan(id="b", parcel="p1"), taken=_taken())
    body = refused.value.body()
    assert (refused.value.code, body["status"], body["rule"]) == ("plan-refused", 409, "E3")
    # the savepoint rolled back only the refused row: the transaction goes on
    await add_unique(session, Plan(id="c", parcel="p2"), taken=_taken())
    ids = await session.scalars(select(Plan.id).order_by(Plan.id))
    assert list(ids) == ["a", "c"]


async def test_E3_a_pending_change_to_a_unique_key_is_guarded_without_rows(
    session: AsyncSession,
) -> None:
    await add_unique(session, Plan(id="a", parcel="p1"), Plan(id="b", parcel="p2"), taken=_taken())
    b = await session.get(Plan, "b")
    assert b is not None
    b.parcel = "p1"
    with pytest.raises(Problem) as refused:
        await add_unique(session, taken=_taken())
    assert refused.value.code == "plan-refused"

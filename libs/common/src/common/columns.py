"""Column declarations several services share — 共用字段.

A column that means the same thing in every table is declared once as an ``Annotated``
type (SQLAlchemy 2.0, "Mapping Whole Column Declarations to Python Types"):
``price_fen: Mapped[Fen]``, ``paid_at: Mapped[UTCTimestamp | None]``, ``county:
Mapped[CountyCode] = mapped_column(index=True)`` (the column's own arguments merge with
the type's; ``| None`` makes it nullable). A set of columns that means the same thing in
each service that keeps it is a declarative mixin. Each service's table still has its
own name and its own Alembic history; these only say what the columns are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from common.db import UTCDateTime

#: An amount of money in fen — 分 (``common.money``): a whole number, BIGINT.
Fen = Annotated[int, mapped_column(BigInteger)]

#: A moment, aware and in UTC on both backends (``common.db.UTCDateTime``); the time
#: comes from the injectable clock (``common.context.now``).
UTCTimestamp = Annotated[datetime, mapped_column(UTCDateTime)]

#: A county — 县: its six-digit administrative division code (行政区划代码), the X3 scope.
CountyCode = Annotated[str, mapped_column(String(6))]


class FollowedCase:
    """A dispute (X6) or violation (Z12) case of the collective service as a service that
    follows ``collective.case_changed`` keeps it — 纠纷/违法用地案件投影: while ``flags``
    the right ``certificate_no`` stays flagged there; ``version`` orders one case's
    changes, so an older event delivered late changes nothing."""

    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(8))
    flags: Mapped[bool] = mapped_column(Boolean)
    object_type: Mapped[str] = mapped_column(String(40))
    object_ref: Mapped[str] = mapped_column(String(64))
    certificate_no: Mapped[str | None] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[UTCTimestamp]


def unique_where(name: str, *columns: str, where: str) -> Index:
    """A partial unique index — 条件唯一: ``columns`` unique among the rows where ``where``
    holds (one open case, one active entry), the same condition on PostgreSQL and SQLite,
    so both backends refuse the same race."""
    return Index(
        name, *columns, unique=True, postgresql_where=text(where), sqlite_where=text(where)
    )

"""listing's intermediary register (中介机构登记备案, DOMAIN L20) as another service follows
it: one projection shape, one follow step and one licence check, so the registry (R6
appraisers), bidding (B4 auctioneers) and the collective (E5 appraisers) read the
register the same way.

A service keeps its own table (its own schema, its own migration) by mixing
``RegisteredIntermediary`` into a model of its Base, follows ``listing.intermediary_changed``
with ``follow`` for the kinds it needs, and checks a licence with ``licence_problems``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import Boolean, Date, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from common.contracts.listing import IntermediaryChanged
from common.db import UTCDateTime
from common.problems import FieldProblem


class RegisteredIntermediary:
    """Columns of one intermediary of the register as a follower keeps it."""

    intermediary_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(6), index=True)
    name: Mapped[str] = mapped_column(String(200))
    licence_no: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


R = TypeVar("R", bound=RegisteredIntermediary)


async def follow(session: AsyncSession, model: type[R], event: IntermediaryChanged) -> None:
    """Upsert the projection row from the register's event. An older event delivered late
    changes nothing (the register's ``changed_at`` orders them)."""
    row = await session.get(model, event.intermediary_id)
    if row is None:
        row = model()
        row.intermediary_id = event.intermediary_id
        row.changed_at = event.changed_at
        session.add(row)
    elif row.changed_at > event.changed_at:
        return
    row.county, row.name, row.licence_no = event.county, event.name, event.licence_no
    row.valid_from, row.valid_until, row.active = event.valid_from, event.valid_until, event.active
    row.changed_at = event.changed_at
    await session.flush()


async def register_of(session: AsyncSession, model: type[R], county: str) -> list[R]:
    """The county's followed intermediaries of one kind (the model's table)."""
    return list(await session.scalars(select(model).where(model.county == county)))


def valid_on(
    register: Sequence[RegisteredIntermediary], licence_no: str | None, on: date
) -> RegisteredIntermediary | None:
    """The active intermediary with this licence whose registered validity covers ``on``."""
    for r in register:
        if r.licence_no == licence_no and r.active and r.valid_from <= on <= r.valid_until:
            return r
    return None


def licence_problems(
    register: Sequence[RegisteredIntermediary],
    licence_no: str | None,
    on: date,
    *,
    field: str,
    kind_en: str,
    kind_zh: str,
) -> list[FieldProblem]:
    """L20: the licence must be an active intermediary of the county's register, valid on
    ``on`` by the register's own dates. Pure: the caller reads the register."""
    if valid_on(register, licence_no, on) is not None:
        return []
    if not licence_no:
        return [
            FieldProblem(
                field,
                "L20",
                f"a registered {kind_en}'s licence number is required",
                f"须填写已登记{kind_zh}的资质证书编号",
            )
        ]
    return [
        FieldProblem(
            field,
            "L20",
            f"licence {licence_no} is not a {kind_en} of the county's register valid on {on}",
            f"{licence_no}未在本县中介机构名录登记为{kind_zh}，或{on}不在其登记有效期内",
        )
    ]

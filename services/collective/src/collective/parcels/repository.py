"""Queries of the inventory — 宅基地台账查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.parcels.models import Parcel


async def of_household(session: AsyncSession, household_id: str) -> list[Parcel]:
    return list(
        await session.scalars(
            select(Parcel).where(Parcel.household_id == household_id).order_by(Parcel.number)
        )
    )


async def by_number(session: AsyncSession, county: str, number: str) -> Parcel | None:
    return await session.scalar(
        select(Parcel).where(Parcel.county == county, Parcel.number == number)
    )


async def surveyed_of(session: AsyncSession, collective_id: str) -> list[Parcel]:
    return list(
        await session.scalars(
            select(Parcel)
            .where(Parcel.collective_id == collective_id, Parcel.status == "surveyed")
            .order_by(Parcel.number)
            .with_for_update()
        )
    )

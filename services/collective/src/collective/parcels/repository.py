"""Queries of the inventory — 宅基地台账查询."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from collective.parcels.models import Parcel, ParcelLease
from common.db import all_of


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


async def by_certificate(session: AsyncSession, certificate_no: str) -> Parcel | None:
    """The homestead whose 房地一体 certificate registry names (Z6's lease)."""
    return await session.scalar(
        select(Parcel)
        .where(Parcel.certificate_no == certificate_no)
        .order_by(Parcel.recorded_at, Parcel.id)
        .limit(1)
        .with_for_update()
    )


async def lease(session: AsyncSession, lease_id: str) -> ParcelLease | None:
    return await session.get(ParcelLease, lease_id, with_for_update=True)


async def running_leases(session: AsyncSession, parcel_id: str) -> list[ParcelLease]:
    return await all_of(
        session,
        ParcelLease,
        ParcelLease.parcel_id == parcel_id,
        ParcelLease.ended_at.is_(None),
        order_by=[ParcelLease.recorded_at, ParcelLease.id],
    )
